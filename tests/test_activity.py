import datetime as dt

import pandas as pd

from cloutlab import activity, store

from helpers import posts_frame


def _con(rows, account=None, followers=100, **kw):
    con = store.connect()
    store.write_account(con, {"platform": "x", "account": "alice", "followers": followers}, posts_frame(rows, **kw))
    return con


ROWS = [
    {"created_at": "2024-03-01 09:00", "likes": 4, "reposts": 1, "mentions": ["Bob"]},
    {"created_at": "2024-03-01 12:00", "kind": "reply", "reply_to_account": "bob", "mentions": ["bob", "carol"], "likes": 1, "reposts": 0},
    {"created_at": "2024-03-01 13:00", "kind": "reply", "is_self_reply": True, "reply_to_account": "alice", "likes": 0, "reposts": 0},
    {"created_at": "2024-03-03 08:00", "kind": "repost", "likes": 0, "reposts": 0, "mentions": ["dan"]},
    {"created_at": "2024-03-03 09:00", "kind": "quote", "likes": 2, "reposts": 5},
]


def test_exact_values_on_a_tiny_table():
    d = activity.daily_activity(_con(ROWS), [("x", "alice")])
    assert list(d["day"].dt.date) == [dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 3, 3)]
    first, gap, third = (d.iloc[i] for i in range(3))
    assert (first["items"], first["original"], first["reply"], first["self_reply"]) == (3, 1, 2, 1)
    assert first["replies_sent"] == 1  # the self-reply continues a thread; it is not a reply to someone
    assert first["mentions_sent"] == 3 and first["mentioned_accounts"] == 2  # Bob and bob are one account
    assert (first["likes_received"], first["reposts_received"]) == (5, 1)
    assert gap["items"] == 0 and gap["likes_received"] == 0  # counts are known for this export: a quiet day is 0
    assert (third["repost"], third["quote"], third["likes_received"], third["reposts_received"]) == (1, 1, 2, 5)


def test_unknown_counts_stay_unknown():
    d = activity.daily_activity(_con(ROWS), [("x", "alice")])
    assert d["replies_received"].isna().all() and d["quotes_received"].isna().all()


def test_combined_accounts_keep_platforms_apart():
    con = _con(ROWS)
    store.write_account(con, {"platform": "mastodon", "account": "a@m.social"},
                        posts_frame([{"created_at": "2024-03-02 10:00"}], platform="mastodon", account="a@m.social"))
    d = activity.daily_activity(con, [("x", "alice"), ("mastodon", "a@m.social")])
    assert set(d["platform"]) == {"x", "mastodon"} and len(d) == 6
    masto = d[d["platform"] == "mastodon"]
    assert masto["items"].tolist() == [0, 1, 0] and masto["likes_received"].isna().all()


def test_same_frame_from_memory_and_from_store():
    con = _con(ROWS)
    stored = activity.daily_activity(con, [("x", "alice")])
    mem = activity.daily_from_posts(activity.posts_table(con, [("x", "alice")]))
    pd.testing.assert_frame_equal(stored, mem)


def test_audience_known_at_export():
    aud = activity.audience(_con(ROWS, followers=1234), [("x", "alice")])
    assert aud["followers"].tolist() == [1234]


def test_received_counts_are_named_as_received():
    """Why: the frame had reply/replies, repost/reposts, quote/quotes one letter apart, what the person posted
    beside what they received (issue 22)."""
    d = activity.daily_activity(_con(ROWS), [("x", "alice")])
    assert set(activity.RECEIVED) <= set(d.columns) and all(c.endswith("_received") for c in activity.RECEIVED)
    plural = {c + "s" for c in d.columns} | {c + "es" for c in d.columns}
    assert not plural & set(d.columns), "no column may be another's plural"
    assert "ring_reactions" not in activity.COUNT_COLUMNS  # the Scenario field's name, not a column's
