"""True Reach as a number of people beside the subscore (issue 21; scores/reach.py).

The record (docs/klout-record.md 1.1): True Reach measured "How many people you influence" (Klout Support),
"generally much smaller than your follower count (think like 10%)" (Klout blog, "Klout Scores 101: A
Primer", 2010), and the early API gave it as a count (`true_reach`: 195). Bought followers never react
(Ignite Social Media bought 10,000 and nothing moved)."""

import json

import numpy as np
import pytest
from hypothesis import given, strategies as st

from cloutlab import activity, cli, store, whatif
from cloutlab.scores import inputs, missing, reach, summary

from test_cohort import SYNTHETIC


@pytest.fixture(scope="module")
def personas(demo_personas):
    return {name: (demo_personas.input(name), demo_personas.prepared(name)) for name in demo_personas.names}


def _followers(inp) -> int:
    return sum(v for v in inp.followers.values() if v is not None)


def test_every_persona_reaches_a_whole_number_of_people_well_under_its_followers(personas):
    shares = {}
    for name, (inp, _) in personas.items():
        people = reach.on(inp)
        assert isinstance(people, int) and people >= 1, name
        shares[name] = people / _followers(inp)
        assert shares[name] <= 0.35, (name, people)  # "generally much smaller than your follower count"
    # "think like 10%": the record's order of magnitude, for the middle persona and for ordinary accounts
    # (neither famous nor a bot)
    assert 0.05 <= np.median(list(shares.values())) <= 0.2, shares
    ordinary = {n: s for n, s in shares.items() if _followers(personas[n][0]) < 20_000 and n != "bot"}
    assert len(ordinary) >= 5 and all(0.03 <= s <= 0.3 for s in ordinary.values()), ordinary


def test_one_day_is_the_series_on_that_day(personas):
    for name, (inp, prep) in personas.items():
        whole = reach.series(inp)
        for day in (inp.days[0], inp.days[40], inp.days[len(inp.days) // 2], inp.days[-1]):
            assert reach.on(inp, day) == whole.loc[day], (name, day)
    inp, prep = personas["networker_fb"]
    for scenario in (whatif.Scenario(ring_size=30, ring_reactions=30), whatif.Scenario(unlink="facebook")):
        what = whatif.simulate(prep, inp.followers, scenario, inp.seed)
        assert reach.on(what) == reach.series(what).iloc[-1], scenario


def test_bought_followers_never_raise_it(personas):
    for name, (inp, prep) in personas.items():
        base = reach.series(inp)
        for n in (10_000, 1_000_000):
            bought = whatif.simulate(prep, inp.followers, whatif.Scenario(bought_followers=n), inp.seed)
            assert reach.series(bought).equals(base.reindex(bought.days)), (name, n)


def test_an_engagement_ring_adds_its_members_at_most(personas):
    inp, prep = personas["novelist"]
    ring = whatif.simulate(prep, inp.followers, whatif.Scenario(ring_size=30, ring_reactions=30), inp.seed)
    assert 0 < reach.on(ring) - reach.on(inp) <= 30


def test_it_follows_the_engaged_audience(personas):
    inp, prep = personas["novelist"]
    base = reach.on(inp)
    off = whatif.simulate(prep, inp.followers, whatif.Scenario(break_weeks=13), inp.seed)
    assert reach.on(off) < base / 5  # nobody reacted to anything in the window
    unlinked = whatif.simulate(prep, inp.followers, whatif.Scenario(unlink="x"), inp.seed)
    assert reach.on(unlinked) == 0  # the X export carried all of it; unlinked, it counts for nothing


@given(st.floats(0, 1e9), st.floats(0, 1e9), st.floats(1, 1e8))
def test_the_formula_is_bounded_and_rises_ever_more_slowly(r1, r2, followers):
    lo, hi = sorted((r1, r2))
    a, b = reach.people_reached(lo, followers), reach.people_reached(hi, followers)
    assert 0 <= a <= b <= followers * (1 + 1e-12)
    assert b - a <= (hi - lo) + 1e-6  # never more people than reactions added
    assert reach.people_reached(hi, 0.0) == 0


def test_missing_where_the_export_has_no_followers_or_no_counts():
    con = store.connect()
    for account, posts in SYNTHETIC:
        store.write_account(con, account, posts)
    for account, _ in SYNTHETIC:
        key = (account["platform"], account["account"])
        inp = inputs.from_store(con, [key])
        people, why = reach.on(inp), reach.reason(inp)
        if account["account"] in ("no_counts", "someone@no.followers", "nothing.known"):
            assert people is None and why.startswith("not in this export: "), key  # never 0
            assert reach.series(inp).isna().all()
            obj = summary.score_object(inp, activity.posts_table(con, [key]).to_pandas())
            assert obj["opaque"]["true_reach_people"] is None
            assert obj["opaque"]["reasons"] == [missing.Reason("true_reach_people", why)]
            assert [str(r) for r in obj["opaque"]["reasons"]] == [f"true_reach_people: {why}"]  # the JSON form
            assert summary.reason_of(obj, "true_reach_people") == why
            assert f"(people: {why})" in cli._score_text(obj)
        else:
            assert why is None and people is not None and people < account["followers"], key
    both = inputs.from_store(con, [("bluesky", "nothing.known"), ("x", "no_counts")])
    assert "Bluesky export carries neither a follower count nor reaction counts" in reach.reason(both)
    assert "X export carries no reaction counts" in reach.reason(both)


def test_the_command_line_gives_it_beside_the_subscore(capsys):
    assert cli.main(["score", "--demo", "novelist", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    people = obj["opaque"]["true_reach_people"]
    assert isinstance(people, int) and 0 < people < 2_400 and obj["opaque"]["reasons"] == []
    assert cli.main(["score", "--demo", "novelist"]) == 0
    text = capsys.readouterr().out
    assert f"true_reach {obj['opaque']['subscores']['true_reach']:.1f} (about {people:,} people" in text
    assert cli.main(["whatif", "--demo", "novelist", "--set", "bought_followers=10000", "--json"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert both["baseline"]["opaque"]["true_reach_people"] == both["what_if"]["opaque"]["true_reach_people"] == people
