import dataclasses
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cloutlab import activity, platforms
from cloutlab.store import demo
from cloutlab.present import citations as sources
from cloutlab.scores import inputs
from cloutlab.scores import transparent as T
from cloutlab.scores.inputs import ScoreInput

from helpers import posts_frame, ten_years_input

X_ROWS = [
    {"created_at": "2024-03-01 09:00", "likes": 4, "reposts": 1},
    {"created_at": "2024-03-01 12:00", "kind": "reply", "reply_to_account": "bob", "mentions": ["bob"],
     "likes": 1, "reposts": 0},
    {"created_at": "2024-03-02 08:00", "kind": "repost", "likes": 0, "reposts": 0},
    {"created_at": "2024-03-03 09:00", "kind": "quote", "likes": 2, "reposts": 5},
    {"created_at": "2024-03-08 10:00", "likes": 6, "reposts": 0},
]


def _inp(rows=X_ROWS, followers=200, **kw) -> ScoreInput:
    return ScoreInput(daily=activity.daily_from_posts(posts_frame(rows)), followers={"x": followers}, **kw)


def _day(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


# Exact values on a hand-made frame ------------------------------------------------------------------

def test_exact_values_on_a_tiny_frame():
    m = T.metrics_series(_inp(), window=7)
    on7 = m.loc[_day("2024-03-07")]  # window 03-01..03-07: 4 items, 2 own posts, 7 likes, 6 reposts
    assert on7["items_per_week"] == 4 and on7["posts_per_week"] == 1 and on7["replies_per_week"] == 1
    assert on7["conversation_share"] == 0.25 and on7["generosity"] == 0.25
    assert on7["applause_rate"] == 3.5 and on7["amplification_rate"] == 3.0
    assert on7["applause_per_1k"] == 17.5 and on7["amplification_per_1k"] == 15.0
    assert on7["reactions_per_1k"] == 65.0  # (7 + 6) reactions per week / 200 followers * 1000
    assert on7["audience"] == 200 and on7["consistency"] == 1.0
    on8 = m.loc[_day("2024-03-08")]  # window 03-02..03-08: the first day has left the window
    assert (on8["items_per_week"], on8["applause_rate"], on8["amplification_rate"]) == (3, 4.0, 2.5)


def test_early_days_use_the_days_there_are():
    first = T.metrics_series(_inp(), window=7).iloc[0]
    assert first["items_per_week"] == 14  # 2 items in 1 day of data: 14 a week
    assert math.isnan(first["consistency"])  # no whole week yet


def test_unknown_counts_are_not_zero():
    at = T.metrics_at(_inp(), day="2024-03-07", window=7)
    assert at["conversation_rate"] is None and at["conversation_per_1k"] is None  # X rows have no reply counts
    why = T.availability(_inp())
    assert why["conversation_rate"] == "not in this export: the X export carries no reply counts"
    assert why["applause_rate"] is None


def test_consistency_counts_whole_weeks():
    rows = X_ROWS + [{"created_at": "2024-03-22 10:00", "likes": 0, "reposts": 0}]
    m = T.metrics_series(_inp(rows), window=21)
    assert m.loc[_day("2024-03-22"), "consistency"] == pytest.approx(2 / 3)  # 03-09..03-15 was silent


def test_bought_followers_join_the_audience_from_their_date():
    m = T.metrics_series(_inp(bought=((dt.date(2024, 3, 5), 1000),)), window=7)
    assert m.loc[_day("2024-03-04"), "audience"] == 200 and m.loc[_day("2024-03-05"), "audience"] == 1200
    assert m.loc[_day("2024-03-07"), "applause_per_1k"] == pytest.approx(3.5 / 1200 * 1000)


def test_platform_without_counts_leaves_both_sides_of_a_rate():
    masto = posts_frame([{"created_at": "2024-03-02 10:00"}, {"created_at": "2024-03-03 10:00"}],
                        platform="mastodon", account="a@m.social")
    both = pd.concat([posts_frame(X_ROWS), masto], ignore_index=True)
    inp = ScoreInput(daily=activity.daily_from_posts(both), followers={"x": 200, "mastodon": None})
    on7 = T.metrics_series(inp, window=7).loc[_day("2024-03-07")]
    assert on7["applause_rate"] == 3.5  # the Mastodon posts carry no likes, so they do not dilute X's
    assert on7["items_per_week"] == 6 and on7["audience"] == 200


def test_ring_likes_count_once_like_any_like():
    frame = posts_frame(X_ROWS)
    ring = [3, 0, 0, 3, 0]  # the what-if adds a ring's likes into likes and marks them in ring_likes
    ringed = frame.assign(likes=frame["likes"] + pd.array(ring, dtype="Int32"), ring_likes=ring)
    inp = ScoreInput(daily=activity.daily_from_posts(ringed), followers={"x": 200})
    assert T.metrics_at(inp, day="2024-03-07", window=7)["applause_rate"] == (7 + 6) / 2


def test_metrics_at_defaults_to_the_last_day_and_rejects_other_days():
    inp = _inp()
    assert T.metrics_at(inp, window=7) == T.metrics_at(inp, day="2024-03-08", window=7)
    with pytest.raises(ValueError, match="outside the data"):
        T.metrics_at(inp, day="2030-01-01")
    with pytest.raises(ValueError, match="at least 7"):
        T.metrics_series(inp, window=3)


# The t-factor ---------------------------------------------------------------------------------------

def test_t_factor_exact():
    assert T.t_factor([]) == 0 and T.t_factor([0, 0]) == 0
    assert T.t_factor([10, 8, 5, 4, 3]) == 4 and T.t_factor([1, 1, 1]) == 1
    assert T.t_factor([3, np.nan, 3, 3]) == 3  # unknown counts are left out


@given(st.lists(st.integers(0, 50), max_size=40))
def test_t_factor_definition(counts):
    t, a = T.t_factor(counts), np.array(counts)
    assert 0 <= t <= len(counts)
    assert (a >= t).sum() >= t  # t posts have at least t reposts each...
    assert (a >= t + 1).sum() < t + 1  # ...and no t + 1 posts have t + 1 each


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["original", "reply", "repost", "quote"]),
                          st.integers(0, 6)), min_size=1, max_size=30), st.integers(7, 10))
def test_t_factor_series_matches_brute_force(posts, window):
    rows = [{"created_at": dt.datetime(2024, 1, 1) + dt.timedelta(days=d), "kind": k, "reposts": r}
            for d, k, r in posts]
    frame = posts_frame(rows)
    series = T.t_factor_series(frame, window)
    own = frame[frame["kind"] != "repost"]
    for day, value in series.items():
        inside = own[(own["created_at"] < day + pd.Timedelta(days=1)) &
                     (own["created_at"] >= day - pd.Timedelta(days=window - 1))]
        assert value == T.t_factor(inside["reposts"].astype(float))


def test_t_factor_needs_posts_with_repost_counts():
    inp = _inp()
    assert T.availability(inp)["t_factor"].startswith("computed from each post's own repost count")
    frame = posts_frame(X_ROWS)
    assert T.availability(inp, frame)["t_factor"] is None
    assert T.metrics_at(inp, window=7, posts=frame)["t_factor"] == 1.0  # 03-02..03-08: reposts 5, 0
    blank = posts_frame([{"created_at": "2024-03-01 09:00"}])
    assert T.t_factor_series(blank).isna().all()


# Properties -----------------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3), st.integers(0, 9)), min_size=14, max_size=14),
       st.integers(7, 12))
def test_rates_match_a_naive_recount(days, window):
    """Rolling cumulative sums give what counting each window by hand gives (X known, Mastodon not)."""
    start = pd.Timestamp("2024-01-01")
    idx = pd.date_range(start, periods=len(days), freq="D")
    x = pd.DataFrame({"platform": "x", "day": idx, "original": [d[0] for d in days],
                      "quote": [d[1] for d in days], "likes_received": pd.array([d[2] for d in days], dtype="Int64")})
    masto = x.assign(platform="mastodon", likes_received=pd.array([pd.NA] * len(days), dtype="Int64"))
    frame = pd.concat([x, masto], ignore_index=True)
    for c in activity.COUNT_COLUMNS + activity.RECEIVED:
        if c not in frame:
            frame[c] = 0 if c in activity.COUNT_COLUMNS else pd.array([pd.NA] * len(frame), dtype="Int64")
    frame["items"] = frame["original"] + frame["quote"]
    got = T.metrics_series(ScoreInput(daily=frame, followers={"x": 50}), window)["applause_rate"]
    for i in range(len(days)):
        part = x.iloc[max(0, i - window + 1): i + 1]
        own = (part["original"] + part["quote"]).sum()
        want = part["likes_received"].sum() / own if own else np.nan
        assert (math.isnan(want) and math.isnan(got.iloc[i])) or got.iloc[i] == pytest.approx(want)


def test_ten_years_of_metrics():
    """Ten years of days in, one row a day out. Its speed (target: median under 50 ms) is timed by
    bench/timings_bench.py, not here: shared CI cores make timed assertions flaky."""
    got = T.metrics_series(ten_years_input())
    assert len(got) == 3650 and list(got.columns) == list(T.METRICS)


# The registry's contract ----------------------------------------------------------------------------

NEEDS = set(activity.RECEIVED) | {"reactions", "followers", "posts"}


@pytest.mark.parametrize("key", list(T.METRICS))
def test_every_metric_is_documented(key):
    m = T.METRICS[key]
    assert m.key == key
    for f in ("name", "definition", "formula", "unit", "gaming", "blind_spot"):
        assert isinstance(getattr(m, f), str) and getattr(m, f).strip(), f
    assert "\n" not in m.definition and m.inputs
    assert set(m.needs) <= NEEDS and m.basis in ("daily", "posts")
    assert m.formula.count("{") == m.formula.count("}")  # st.latex would fail on unbalanced braces
    assert (m.compute is not None) == (m.basis == "daily")
    sources.cited(m.sources)  # every cited source exists


def test_kinds_and_rates_named_in_the_design_are_present():
    for key in ("posts_per_week", "replies_per_week", "reposts_per_week", "conversation_share",
                "conversation_rate", "amplification_rate", "applause_rate", "conversation_per_1k",
                "amplification_per_1k", "applause_per_1k", "t_factor", "generosity", "audience",
                "reactions_per_1k", "consistency"):
        assert key in T.METRICS


@pytest.fixture(scope="module")
def demo_con(demo_personas):
    return demo_personas.con


def _check_contract(inp: ScoreInput, posts) -> None:
    table = T.metrics_series(inp, posts=posts)
    assert list(table.columns) == list(T.METRICS) and table.index.equals(inp.days)
    why = T.availability(inp, posts)
    for key, reason in why.items():
        column = table[key]
        if reason is None:
            assert column.notna().any(), key
        else:
            assert reason and column.isna().all(), key  # unavailable is NaN, never 0
    for key, value in T.metrics_at(inp, posts=posts).items():
        assert value is None or math.isfinite(value)
        assert value is not None or why[key] is not None or table[key].isna().iloc[-1]


@pytest.mark.parametrize("name", list(demo.PERSONAS))
def test_contract_on_every_persona(demo_con, name):
    keys = demo.PERSONAS[name].keys
    _check_contract(inputs.from_store(demo_con, keys), activity.posts_table(demo_con, keys))


@pytest.mark.parametrize("account", [
    next(a for p in demo.PERSONAS.values() for a in p.accounts if a.platform == "mastodon"),
    next(a for p in demo.PERSONAS.values() for a in p.accounts if a.platform == "bluesky"),
], ids=["mastodon", "bluesky"])
def test_accounts_without_counts_or_followers_say_why(demo_con, account):
    keys = [(account.platform, account.account)]
    inp = inputs.from_store(demo_con, keys)
    _check_contract(inp, activity.posts_table(demo_con, keys))
    why, at = T.availability(inp), T.metrics_at(inp)
    name = platforms.NAMES[account.platform]
    for key in ("conversation_rate", "audience", "applause_per_1k", "reactions_per_1k"):
        assert why[key].startswith(f"not in this export: the {name} export carries no"), key
        assert at[key] is None


def test_an_export_with_no_counts_at_all():
    rows = [{"created_at": f"2024-03-0{d} 10:00", "kind": k} for d, k in ((1, "original"), (2, "reply"), (3, "quote"))]
    inp = ScoreInput(daily=activity.daily_from_posts(posts_frame(rows, platform="bluesky", account="did:plc:a")),
                     followers={"bluesky": None})
    why = T.availability(inp, posts_frame(rows))
    received = [k for k, m in T.METRICS.items() if set(m.needs) - {"posts"}]
    assert all(why[k].startswith("not in this export: the Bluesky export carries no") for k in received)
    at = T.metrics_at(inp, window=7)
    assert all(at[k] is None for k in received)
    assert at["items_per_week"] == 7 and at["conversation_share"] == pytest.approx(1 / 3)


def test_metrics_are_frozen_and_comparable():
    m = T.METRICS["applause_rate"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.name = "x"
    assert dataclasses.replace(m, compute=None) == m  # compute is not part of identity
