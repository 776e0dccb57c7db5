"""The share price lens reproduces what the Empire Avenue record says (docs/empire-avenue-record.md).

Each test names the behaviour and the sources it pins ([C] confirmed: B*, F*, A*, I*; [S] secondary: U*, P*).
"""

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cloutlab import activity, cli, whatif
from cloutlab.store import demo
from cloutlab.whatif import outcome
from cloutlab.market import exchange, model, networks, record
from cloutlab.market import round as mr
from cloutlab.market.story import path_story
from cloutlab.scores import inputs

from helpers import synthetic_input


@pytest.fixture(scope="module")
def con(demo_personas):
    return demo_personas.con


@pytest.fixture(scope="module")
def personas(demo_personas):
    return {name: (demo_personas.input(name), model.price_path(demo_personas.input(name))) for name in demo_personas.names}


def typical(**kw):
    return synthetic_input(**{"per_day": 3.0, "rpp": 2.0, "followers": 1500, "days": 240, **kw})


# B20 (FAQ: the price starts at 10e), U1 (newcomers start at 10).
def test_every_account_lists_at_10_eaves(personas):
    for name, (_, path) in personas.items():
        assert path["open"].iloc[0] == pytest.approx(exchange.START_PRICE), name


# U7: a newcomer went 10 -> 26 on day one -> 33 after the nightly re-price -> 37; U1: then sags as flippers sell.
@pytest.mark.parametrize("make", [typical, lambda: None])
def test_newcomer_spikes_then_sags(make, personas):
    path = model.price_path(make()) if make() is not None else personas["novelist"][1]
    d0, d1 = path.iloc[0], path.iloc[1]
    assert 23 <= d0["after_trades"] <= 29  # 10 -> 26 on the first day's buys
    assert 29 <= d0["price"] <= 39 and d0["price"] > d0["after_trades"]  # -> 33 after the re-price
    assert 33 <= d1["after_trades"] <= 44 and d1["after_trades"] > d0["price"]  # -> 37
    peak = path["price"].iloc[:4].max()
    assert path["price"].iloc[4:21].min() < 0.85 * peak  # the sag when the flippers sell


# I1, B10, F5: the nightly price reads smoothed network scores; one day's activity "will likely not have an
# immediate effect".
def test_one_busy_day_barely_moves_the_nightly_price():
    base = typical()
    busy = base.daily.copy()
    day = busy.index[200]
    busy.loc[day, ["items", "original"]] += 10
    p0 = model.price_path(base)["social"].iloc[200]
    p1 = model.price_path(dataclasses.replace(base, daily=busy))["social"].iloc[200]
    assert p1 > p0 and (p1 - p0) / p0 < 0.05


def test_more_activity_and_reactions_mean_a_higher_social_part():
    low, high = typical(per_day=1.0, rpp=1.0), typical(per_day=5.0, rpp=4.0)
    assert model.price_path(high)["social"].iloc[-1] > model.price_path(low)["social"].iloc[-1]


# F5, U3: the social part shrinks as the stock is held more widely (splits from 88/12 to 12/88).
def test_social_share_shrinks_as_shares_grow(personas):
    shares = [0, 1_000, 20_000, 100_000, 677_392]
    split = [20 / exchange.price(20, s) for s in shares]
    assert split[0] == 1 and all(a > b for a, b in zip(split, split[1:]))
    assert split[-1] < 0.2  # a 677,392-share stock (A1) is mostly trading
    cel = personas["celebrity"][1]
    assert cel["social_share"].iloc[-1] < cel["social_share"].iloc[0]


# A1: 830 shares traded moved a 677,392-share stock of 266.64e by +0.17 in a day.
def test_a_widely_held_stock_barely_moves_on_a_trade():
    assert 0.03 < exchange.trading_part(677_392 + 830) - exchange.trading_part(677_392) < 0.3


# §2, §6 (U10: 65.43e paying 0.95 and 1.13%; U17: 133e paying 1.02; A1: 266.64e paying 0.96): daily dividend
# yields of about 0.3 to 1.5%.
def test_dividend_yields_fall_in_the_recorded_range(personas):
    for name, (_, path) in personas.items():
        y = path["yield"].iloc[14:]
        active = y[path["dividend"].iloc[14:] > 0.05]
        assert 0.003 <= active.median() <= 0.015, name
    assert 0.5 <= personas["celebrity"][1]["dividend"].iloc[-1] <= 1.5  # high-priced accounts paid about 1e


# B8: dividends "will not decrease as you add more shares"; B2: per share, to every holder.
def test_dividend_per_share_does_not_fall_with_more_shares(monkeypatch):
    inp = typical()
    before = model.price_path(inp)
    monkeypatch.setattr(model, "FLIP_BUYS", ((0, 40_000), (1, 20_000)))
    after = model.price_path(inp)
    assert after["shares_outstanding"].iloc[3] > before["shares_outstanding"].iloc[3]
    assert np.allclose(after["dividend"], before["dividend"])


# U2: inactivity gives "a little dip", then it "stops dropping"; B16, U6: scores average over about a month.
def test_inactivity_is_a_slow_dip_not_a_crash():
    base = typical(days=365)
    pause = typical(days=365, breaks=[("2025-09-01", "2025-11-30")])
    b, p = model.price_path(base)["price"], model.price_path(pause)["price"]
    start = p.loc["2025-08-31"]
    assert p.loc["2025-09-07"] > 0.93 * start  # a week off: a little dip
    daily = p.loc["2025-09-01":"2025-11-30"].pct_change().dropna()
    assert daily.min() > -0.05  # never a crash in a day
    assert p.loc["2025-11-30"] > 0.4 * start
    late = p.loc["2025-10-20":"2025-11-30"]
    assert late.max() - late.min() < 0.1 * start  # it stops dropping
    assert p.loc["2025-11-30"] < b.loc["2025-11-30"]


# B13: Vacation Mode (up to 4 weeks a year) froze the social part and paid the average dividend.
def test_vacation_mode_freezes_the_social_part():
    pause = typical(days=365, breaks=[("2025-09-01", "2025-09-28")])
    plain = model.price_path(pause)
    vac = model.price_path(pause, vacation=model.Vacation(pd.Timestamp("2025-09-01").date(), 60))
    on = vac["vacation"] == 1
    assert on.sum() == model.VACATION_MAX_DAYS  # clamped to four weeks
    assert vac.loc[on, "social"].nunique() == 1
    assert vac.loc["2025-09-28", "price"] > plain.loc["2025-09-28", "price"]
    assert vac.loc["2025-09-15", "dividend"] > plain.loc["2025-09-15", "dividend"]


# F1, A1: 5% buyer commission; U10, U17: 200 shares per holder (2011-12); F1, U18: sellers keep 50%.
def test_commission_cap_and_seller_share():
    fill = exchange.buy(social=20.0, outstanding=1000, held=150, wanted=100, cash=1e9)
    assert fill.shares == 50  # the cap of 200
    assert fill.cash == pytest.approx(50 * fill.price * 1.05)
    poor = exchange.buy(social=20.0, outstanding=0, held=0, wanted=200, cash=105.0)
    assert poor.shares == 5 and poor.cash <= 105.0  # 10e a share plus 5%
    sold = exchange.sell(social=20.0, outstanding=1000, held=30, wanted=50)
    assert sold.shares == 30 and sold.cash == pytest.approx(30 * sold.price * 0.5)
    assert sold.price_after < sold.price < fill.price_after


# F4: a network score mixes activity, audience and engagement; what an export lacks is not measured, not 0.
def test_missing_counts_are_not_measured_as_zero(personas, con):
    inp = personas["celebrity"][0]
    nets = networks.network_scores(inp)
    sky = nets["bluesky"]
    assert sky["engagement"].isna().all() and sky["audience"].isna().all()
    assert (sky["score"] == sky["activity"]).all()  # scored from what is measured
    keys = [k for k in demo.PERSONAS["celebrity"].keys if k[0] == "bluesky"]
    only = inputs.from_store(con, keys, seed="bsky")
    path = model.price_path(only)
    obj = model.market_object(path, path.index[-1])
    assert obj["dividend_note"] and "not in this export" in obj["dividend_note"]
    assert obj["price"] > 0 and not path.attrs["reactions_known"] and not path.attrs["audience_known"]


# What-if levers move the price as the record says: a break dips it (U2), bought followers are low-quality
# (F4, F2), a ring's reactions count (B11), an unlinked network leaves the top five (F5).
def test_whatif_levers_move_the_price_as_recorded(con, personas):
    inp, base = personas["novelist"]
    prep = whatif.prepare(activity.posts_table(con, demo.PERSONAS["novelist"].keys))

    def price(**kw):
        s = whatif.resolve(whatif.Scenario(**kw), inp.days[0].date(), inp.days[-1].date())
        return model.price_path(whatif.simulate(prep, inp.followers, s, inp.seed))["price"].iloc[-1]

    p0 = base["price"].iloc[-1]
    assert price(break_weeks=4) < p0
    assert abs(price(bought_followers=10_000) - p0) < 0.03 * p0
    assert price(ring_size=30, ring_reactions=30) > 1.2 * p0
    assert price(unlink="x") < p0


def test_story_names_the_spike_and_sag(personas):
    text = path_story(personas["novelist"][1])
    assert "Listed at 10 eaves" in text and "sagged" in text


def test_every_assumption_cites_known_sources():
    for a in record.MECHANICS + record.ASSUMPTIONS:
        assert a.sources or "our" in a.text
        assert all(s in record.SOURCES for s in a.sources), a.text
    for g in mr.GAMES.values():
        assert all(s in record.SOURCES for s in g.sources), g.key


@pytest.fixture(scope="module")
def class_round(personas):
    players = [mr.Player(f"demo:{n}", n, personas[n][0], mr.SUGGESTED[n], p.outcome_rate, p.outcome)
               for n, p in demo.PERSONAS.items() if n in mr.SUGGESTED]
    return players, mr.play(players)


def test_market_round_for_a_class_of_seven(class_round):
    players, result = class_round
    board = result["board"]
    assert len(board) == 7 >= 6 and set(board["game_key"]) >= {"flip", "club", "bot", "missions", "newcomer"}
    # the outcome is cloutlab.whatif.outcome's, called on the (unchanged) data
    vic = next(p for p in players if p.game == "flip")
    assert board.set_index("student").loc[vic.label, "outcome"] == pytest.approx(outcome.recent(vic.baseline, vic.outcome_rate))
    assert "disagree" in mr.lesson(board)
    agree = mr.agreement(board)
    assert all(v < mr.FOLLOWS for v in agree.values()) and "None of the three follows" in mr.lesson(board)


def test_round_keeps_caps_and_the_games_work(class_round):
    _, result = class_round
    trades, board = result["trades"], result["board"].set_index("game_key")
    held = trades.groupby(["who", "stock"])["shares"].cumsum()
    assert held.max() <= exchange.HOLDER_CAP  # U10, U17
    assert board.loc["flip", "net_worth"] > mr.START_CASH  # flipping a newcomer paid (U1, U13)
    assert board.loc["newcomer", "price_start"] == exchange.START_PRICE
    m = board.loc["missions"]  # paid likes lift the price, not the outcome (the paid likes are subtracted)
    assert m["likes_paid"] > 0 and m["price_without_class"] > m["price_without_game"]
    assert (trades["why"].str.startswith("club")).any() and (trades["why"].str.startswith("bot")).any()


def test_paid_likes_leave_the_outcome_alone(personas):
    inp = personas["follower_buyer"][0]
    paid, n = mr.with_paid_likes(inp, inp.days[-28])
    assert n > 0 and outcome.recent(paid, 0.2) == pytest.approx(outcome.recent(inp, 0.2))


# The CLI contract: score --json gains market; whatif carries it in baseline, what_if and delta.
def test_cli_json_carries_the_market(capsys):
    assert cli.main(["score", "--demo", "novelist", "--json"]) == 0
    m = json.loads(capsys.readouterr().out)["market"]
    assert m["price"] > 0 and m["dividend"] > 0 and m["shares_outstanding"] > 0
    assert cli.main(["whatif", "--demo", "novelist", "--set", "break_weeks=4", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert {"price", "dividend", "shares_outstanding"} <= set(obj["baseline"]["market"]) & set(obj["what_if"]["market"])
    assert obj["delta"]["market"] == pytest.approx(obj["what_if"]["market"]["price"] - obj["baseline"]["market"]["price"], abs=0.011)
    assert obj["delta"]["market"] < 0


@settings(max_examples=60, deadline=None)
@given(social=st.floats(0.01, 500), shares=st.floats(0, 2e6), n=st.integers(1, 5000))
def test_buys_never_lower_and_sells_never_raise_the_price(social, shares, n):
    p = exchange.price(social, shares)
    assert p > 0
    assert exchange.price(social, shares + n) >= p
    assert exchange.price(social, max(shares - n, 0)) <= p


@settings(max_examples=12, deadline=None)
@given(per_day=st.floats(0, 30), rpp=st.floats(0, 50), followers=st.integers(0, 10_000_000),
       seed=st.integers(0, 1000), pause=st.booleans())
def test_price_path_is_always_positive_and_finite(per_day, rpp, followers, seed, pause):
    inp = synthetic_input(per_day=per_day, rpp=rpp, followers=followers, days=90, seed=seed,
                          breaks=[("2025-02-01", "2025-03-01")] if pause else ())
    path = model.price_path(inp)
    assert np.isfinite(path["price"]).all() and (path["price"] > 0).all()
    assert (path["dividend"] >= 0).all() and (path["shares_outstanding"] >= 0).all()
    assert path.equals(model.price_path(inp))  # seeded, deterministic


# The pages: the price appears on Scores over time and in the What-if lab, and a break moves it there.
def _page(page, dataset="demo:novelist"):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=90).run()
    at.session_state["dataset"] = dataset
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metric(at, start):
    return next(m for m in at.metric if m.label.startswith(start))


@pytest.mark.parametrize("dataset", ["demo:novelist", "demo:celebrity"])
def test_scores_page_shows_the_price(dataset):
    at = _page("pages/scores.py", dataset)
    assert float(_metric(at, "Share price").value.replace(",", "")) > 0
    assert any("Listed at 10 eaves" in m.value for m in at.markdown)
    if dataset == "demo:celebrity":  # its Bluesky account carries no counts
        assert any("bluesky: audience, engagement" in c.value for c in at.caption)


def test_whatif_page_shows_the_price_and_a_break_moves_it():
    at = _page("pages/whatif.py")
    price = _metric(at, "Share price on")
    assert price.delta in ("+0.00", "0.00", "-0.00")
    at.slider(key="wi_break_weeks").set_value(4).run()
    assert not at.exception
    moved = _metric(at, "Share price on")
    assert moved.delta.startswith("-")
    assert any("slow dip" in m.value for m in at.markdown)
    assert any("Vacation Mode" in m.value for m in at.markdown)


def test_gaming_lab_runs_a_market_round_for_six_or_more():
    at = _page("pages/gaming.py")
    board = next(d.value for d in at.dataframe if "By price" in d.value.columns)
    assert len(board) >= 6 and {"By black box", "By composite", "By outcome"} <= set(board.columns)
    assert any("The three rankings" in m.value for m in at.markdown)


def test_methodology_lists_the_market_assumptions_with_sources():
    at = _page("pages/methodology.py")
    text = "\n".join(m.value for m in at.markdown)
    assert "The share price (Empire Avenue-style)" in [h.value for h in at.header]
    for a in record.ASSUMPTIONS[:3]:
        assert a.text.split(",")[0][:40] in text.replace("\\", "")
    assert "empire.kred" in text


def test_a_short_dataset_cannot_join_a_round_but_still_has_a_price():
    short = synthetic_input(days=10)
    assert not mr.can_play(short)
    with pytest.raises(ValueError, match="fewer than 29 days"):
        mr.play([mr.Player("s", "short", short)])
    path = model.price_path(synthetic_input(days=1))
    assert path["open"].iloc[0] == exchange.START_PRICE and path["price"].iloc[0] > 0
