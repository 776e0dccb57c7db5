import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cloutlab import activity
from cloutlab.store import demo
from cloutlab.present import citations as sources
from cloutlab.scores import inputs
from cloutlab.scores import ledger as L
from cloutlab.scores.inputs import ScoreInput

from helpers import posts_frame

ROWS = [
    {"created_at": "2024-03-01 09:00", "likes": 4, "reposts": 1, "replies": 2},
    {"created_at": "2024-03-01 12:00", "kind": "reply", "reply_to_account": "bob", "mentions": ["bob", "carol"],
     "likes": 1, "reposts": 0, "replies": 0},
    {"created_at": "2024-03-01 13:00", "kind": "reply", "is_self_reply": True, "likes": 0, "reposts": 0,
     "replies": 0},
    {"created_at": "2024-03-03 08:00", "kind": "repost", "likes": 0, "reposts": 0, "replies": 0},
    {"created_at": "2024-03-03 09:00", "kind": "quote", "likes": 2, "reposts": 5, "replies": 1},
]


def _inp(frame: pd.DataFrame, **kw) -> ScoreInput:
    return ScoreInput(daily=activity.daily_from_posts(frame), followers={"x": 100}, **kw)


def _per_day(led: pd.DataFrame, days: pd.DatetimeIndex) -> pd.Series:
    return led.groupby("day")["points"].sum().reindex(days, fill_value=0).astype("int64")


def test_exact_ledger_rows():
    led = L.ledger(posts_frame(ROWS), include_unknown=False)
    rows = list(led[["post_id", "action", "count", "points"]].itertuples(index=False, name=None))
    assert rows == [
        ("0", "reply received", 2, 20), ("0", "repost received", 1, 10), ("0", "like received", 4, 4),
        ("1", "like received", 1, 1), ("1", "reply to someone", 1, 10), ("1", "mention", 2, 20),
        ("3", "repost of others", 1, 10),  # the self-reply (post 2) earns nothing: a thread is not outreach
        ("4", "reply received", 1, 10), ("4", "repost received", 5, 50), ("4", "like received", 2, 2),
    ]
    assert set(led["side"]) == {"received", "given"} and (led["points_each"] * led["count"] == led["points"]).all()


def test_unknown_counts_earn_nothing_and_say_so():
    led = L.ledger(posts_frame(ROWS))  # quotes are NULL in every row: the export lacks the count
    unknown = led[led["action"] == "quote received"]
    assert list(unknown["post_id"]) == ["0", "1", "2", "3", "4"]
    assert unknown["count"].isna().all() and unknown["points"].isna().all()  # NA, never 0
    assert led["points"].sum() == 137 == L.points_series(_inp(posts_frame(ROWS))).sum()


def test_ledger_adds_up_to_the_points_series_exactly():
    frame = posts_frame(ROWS)
    inp = _inp(frame)
    pts = L.points_series(inp)
    assert list(pts) == [65, 0, 72]
    pd.testing.assert_series_equal(_per_day(L.ledger(frame), inp.days), pts, check_names=False)
    assert L.points_series(inp, "received").sum() + L.points_series(inp, "given").sum() == pts.sum()


def test_removing_a_post_removes_exactly_its_rows():
    frame = posts_frame(ROWS)
    full = L.ledger(frame)
    without = L.ledger(frame[frame["post_id"] != "4"])
    kept = full[full["post_id"] != "4"].reset_index(drop=True)
    pd.testing.assert_frame_equal(without, kept)
    assert full["points"].sum() - without["points"].sum() == 62
    gone = _inp(frame[frame["post_id"] != "4"])
    assert L.points_series(gone).sum() == full["points"].sum() - 62


def _ringed(frame: pd.DataFrame, ring: list[int]) -> pd.DataFrame:
    """As the what-if does it: the ring's likes join `likes` (where known) and are marked in ring_likes."""
    return frame.assign(likes=frame["likes"] + pd.array(ring, dtype="Int32"), ring_likes=ring)


def test_ring_likes_count_like_likes_and_show_as_what_they_are():
    frame = _ringed(posts_frame(ROWS), [5, 0, 0, 0, 5])
    led = L.ledger(frame, include_unknown=False)
    ring = led[led["action"] == "ring reaction"]
    assert list(ring["post_id"]) == ["0", "4"] and ring["points"].sum() == 10 and (ring["side"] == "received").all()
    likes = led[led["action"] == "like received"]
    assert list(likes["count"]) == [4, 1, 2]  # the organic likes, as before the ring
    assert L.points_series(_inp(frame)).sum() == 137 + 10
    rules = {r.action: r for r in L.POINTS}
    assert rules["ring reaction"].points_each == rules["like received"].points_each  # counts like any like


def test_a_ring_on_an_export_without_like_counts_is_unseen():
    frame = posts_frame([{"created_at": "2024-03-01 09:00"}], platform="mastodon").assign(ring_likes=[4])
    led = L.ledger(frame)
    assert "ring reaction" not in set(led["action"]) and led["points"].isna().all()
    assert L.points_series(_inp(frame)).sum() == 0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.sampled_from(["original", "reply", "repost", "quote"]),
                          st.booleans(), st.integers(0, 3), st.one_of(st.none(), st.integers(0, 30)),
                          st.integers(0, 4)), min_size=1, max_size=25))
def test_ledger_equals_points_series_on_random_posts(posts):
    rows = [{"created_at": dt.datetime(2024, 5, 1, 8) + dt.timedelta(days=d, hours=i % 12), "kind": k,
             "is_self_reply": k == "reply" and selfr, "mentions": [f"u{j}" for j in range(m)],
             "likes": likes, "reposts": None if likes is None else likes // 3}
            for i, (d, k, selfr, m, likes, _) in enumerate(posts)]
    frame = _ringed(posts_frame(rows), [p[5] for p in posts])
    frame["ring_likes"] = [p[5] for p in posts]  # marked even where likes are unknown, as the what-if does
    inp = _inp(frame)
    pd.testing.assert_series_equal(_per_day(L.ledger(frame), inp.days), L.points_series(inp), check_names=False)


@pytest.fixture(scope="module")
def demo_con(demo_personas):
    return demo_personas.con


@pytest.mark.parametrize("name", list(demo.PERSONAS))
def test_ledger_matches_the_daily_frame_on_every_persona(demo_con, name):
    keys = demo.PERSONAS[name].keys
    inp = inputs.from_store(demo_con, keys)
    led = L.ledger(activity.posts_table(demo_con, keys))
    pd.testing.assert_series_equal(_per_day(led, inp.days), L.points_series(inp), check_names=False)
    score = L.composite_series(inp)
    assert score.between(1, 1000).all() and score.index.equals(inp.days)


# The composite --------------------------------------------------------------------------------------

def test_composite_exact():
    inp = _inp(posts_frame(ROWS))
    # received points: day 1: 20 + 10 + 4 + 1 = 35; day 3: 10 + 50 + 2 = 62 (given points do not count)
    assert list(L.window_points(inp)) == [35, 35, 97]
    assert L.composite_at(inp) == round(1 + 999 * math.log10(98) / 8)
    assert L.composite_at(inp, day="2024-03-01") == round(1 + 999 * math.log10(36) / 8)
    with pytest.raises(ValueError, match="outside the data"):
        L.composite_at(inp, day="2023-01-01")
    both = L.Composite(sides=("received", "given"))
    assert L.window_points(inp, both).iloc[-1] == 137


def test_composite_forgets_points_older_than_its_window():
    rows = ROWS + [{"created_at": "2024-06-30 10:00", "likes": 0, "reposts": 0, "replies": 0}]
    inp = _inp(posts_frame(rows))
    pts = L.window_points(inp)
    assert (pts.loc["2024-05-29"], pts.loc["2024-05-30"], pts.loc["2024-06-01"]) == (97, 62, 0)
    assert L.composite_at(inp) == 1  # nothing received in the last 90 days


def test_bought_followers_earn_no_points():
    frame = posts_frame(ROWS)
    bought = _inp(frame, bought=((dt.date(2024, 3, 2), 10_000),))
    pd.testing.assert_series_equal(L.composite_series(bought), L.composite_series(_inp(frame)))


def test_score_of_points_bounds_and_published_shape():
    assert L.score_of_points(0) == 1 and L.score_of_points(1e8) == 1000 and L.score_of_points(1e12) == 1000
    tenfold = [L.score_of_points(10.0 ** k) for k in range(2, 8)]
    steps = np.diff(tenfold)
    assert (np.abs(steps - 999 / 8) <= 1).all()  # each tenfold adds the same: the next step costs more points


@given(st.floats(0, 1e9), st.floats(0, 1e9))
def test_composite_is_monotone_in_points(a, b):
    lo, hi = sorted((a, b))
    assert 1 <= L.score_of_points(lo) <= L.score_of_points(hi) <= 1000


def test_points_table_and_formula_are_published():
    table = L.points_table()
    assert list(table["action"]) == [r.action for r in L.POINTS]
    assert (table.loc[table["action"].isin(["reply received", "repost received"]), "points_each"] == 10).all()
    assert table["why"].str.len().gt(0).all()
    f = L.formula()
    assert "P_{90}" in f and "10^{8}" in f and f.count("{") == f.count("}")
    assert "10{,}000{,}005" in L.formula(L.Composite(top_points=1e7 + 5))  # not a power of ten: digits
    curve = L.composite_curve()
    assert curve["score"].is_monotonic_increasing and curve["score"].iloc[-1] == 1000
    assert sources.BY_ID["kred_influence"].url.startswith("https://")


def test_ledger_matches_the_what_if_ring_and_ignores_bought_followers(demo_con):
    from cloutlab import whatif

    keys = demo.PERSONAS["follower_buyer"].keys
    base, posts = inputs.from_store(demo_con, keys), activity.posts_table(demo_con, keys)
    ring = whatif.Scenario(ring_size=20, ring_reactions=10)
    ringed = whatif.simulate(posts, base.followers, ring, "t")
    led = L.ledger(whatif.apply(posts, ring))
    pd.testing.assert_series_equal(_per_day(led, ringed.days), L.points_series(ringed), check_names=False)
    assert led.loc[led["action"] == "ring reaction", "points"].sum() > 0
    assert L.composite_at(ringed) > L.composite_at(base)
    bought = whatif.simulate(posts, base.followers, whatif.Scenario(bought_followers=10_000), "t")
    pd.testing.assert_series_equal(L.composite_series(bought), L.composite_series(base))
