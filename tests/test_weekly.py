"""Weekly roll-ups (cloutlab.activity.weekly): items per Monday-started week by kind, and the Home page's totals and
per-post rates, which count only the exports that carry the count (missing is never zero, issue 10)."""

import pandas as pd

from cloutlab.activity import weekly
from cloutlab.schema import KINDS


def _daily(rows: list[dict]) -> pd.DataFrame:
    """A daily activity frame from partial rows: kinds default to 0, likes and reposts to unknown."""
    frame = pd.DataFrame(rows)
    frame["day"] = pd.to_datetime(frame["day"])
    for k in KINDS:
        frame[k] = frame[k] if k in frame else 0
    frame["items"] = frame[list(KINDS)].sum(axis=1)
    for c in ("likes_received", "reposts_received"):
        frame[c] = pd.array(frame[c] if c in frame else [pd.NA] * len(frame), dtype="Int64")
    return frame


ROWS = [  # 2025-01-05 is a Sunday, 2025-01-06 a Monday
    {"platform": "x", "day": "2025-01-05", "original": 2, "reply": 1, "likes_received": 10, "reposts_received": 2},
    {"platform": "x", "day": "2025-01-06", "original": 1, "quote": 1, "likes_received": 6, "reposts_received": 0},
    {"platform": "mastodon", "day": "2025-01-06", "original": 3, "repost": 2},
    {"platform": "x", "day": "2025-01-07", "likes_received": 0, "reposts_received": 0},  # a quiet day
    {"platform": "x", "day": "2025-01-13", "reply": 4, "likes_received": 0, "reposts_received": 0},
]


def test_items_per_week_sums_platforms_per_monday_week_and_kind():
    got = weekly.items_per_week(_daily(ROWS))
    assert list(got.columns) == ["week", "kind", "items"]
    table = got.pivot(index="week", columns="kind", values="items")
    assert list(table.index) == [pd.Timestamp("2024-12-30"), pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]
    assert all(w.day_of_week == 0 for w in table.index)  # weeks start on Monday
    assert table.loc["2024-12-30"].to_dict() == {"original": 2, "quote": 0, "reply": 1, "repost": 0}
    assert table.loc["2025-01-06"].to_dict() == {"original": 4, "quote": 1, "reply": 0, "repost": 2}  # x + mastodon
    assert table.loc["2025-01-13"].to_dict() == {"original": 0, "quote": 0, "reply": 4, "repost": 0}
    assert sorted(got["kind"].unique()) == sorted(KINDS)  # every kind every week, zeros included
    assert got["items"].sum() == _daily(ROWS)["items"].sum()


def test_summary_totals_and_active_range():
    s = weekly.totals(_daily(ROWS))
    assert {k: s[k] for k in ("items", *KINDS)} == {"items": 14, "original": 6, "reply": 5, "repost": 2, "quote": 1}
    assert all(type(s[k]) is int for k in ("items", *KINDS, "active_days"))
    assert (s["first"], s["last"]) == (pd.Timestamp("2025-01-05"), pd.Timestamp("2025-01-13"))
    assert s["active_days"] == 3  # 5, 6 and 13 January; the quiet 7th does not count


def test_rates_count_only_the_exports_that_carry_the_count():
    """Mastodon's 3 originals carry no likes here: they must not dilute X's rate, and the panel says so."""
    s = weekly.totals(_daily(ROWS))
    assert s["likes_per_post"] == 16 / 4  # X: 16 likes over 3 originals + 1 quote
    assert s["reposts_per_post"] == 2 / 4
    assert s["likes_over"] == ["X"] and s["reposts_over"] == ["X"]


def test_rates_over_every_platform_name_none():
    x_only = weekly.totals(_daily([r for r in ROWS if r["platform"] == "x"]))
    assert x_only["likes_per_post"] == 16 / 4 and x_only["likes_over"] is None  # all of them: nothing to say


def test_no_count_in_any_export_is_no_rate_not_zero():
    s = weekly.totals(_daily([r for r in ROWS if r["platform"] == "mastodon"]))
    assert s["likes_per_post"] is None and s["reposts_per_post"] is None
    assert s["likes_over"] is None and s["reposts_over"] is None


def test_counts_but_no_own_post_is_no_rate():
    s = weekly.totals(_daily([{"platform": "x", "day": "2025-01-05", "repost": 3, "likes_received": 0, "reposts_received": 0}]))
    assert s["likes_per_post"] is None  # nothing to divide by


def test_an_empty_stretch_has_no_first_or_last_day():
    s = weekly.totals(_daily([{"platform": "x", "day": "2025-01-05", "likes_received": 0, "reposts_received": 0}]))
    assert s["items"] == 0 and s["first"] is None and s["last"] is None and s["active_days"] == 0


def test_rates_name_every_platform_by_its_display_name():
    """A Google+ and Bluesky dataset: the rate counts Google+ only and says so in both names (weekly.py once
    knew four platforms and showed "googleplus only", with Bluesky not named at all)."""
    rows = [{"platform": "googleplus", "day": "2012-05-01", "original": 2, "likes_received": 6, "reposts_received": 1},
            {"platform": "bluesky", "day": "2023-03-28", "original": 3}]
    s = weekly.totals(_daily(rows))
    assert s["likes_per_post"] == 6 / 2
    assert (s["likes_over"], s["likes_without"]) == (["Google+"], ["Bluesky"])
    assert (s["reposts_over"], s["reposts_without"]) == (["Google+"], ["Bluesky"])
