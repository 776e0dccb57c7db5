"""The daily activity frame: one row per (platform, day), computed in DuckDB.

It is the only input of the scores. Received counts stay NULL where the export does not carry them
(Mastodon before 4.3, Bluesky, the legacy Twitter archive), so "unknown" never turns into "zero".
The same SQL runs over the stored `posts` table and over a what-if's transformed posts, so a what-if can
never be scored by different rules than the baseline.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from cloutlab import schema
from cloutlab.store.guard import scratch

AccountKey = tuple[str, str]  # (platform, account)

# The frame's received counts, each with the posts-table column it sums. Named "_received" so that none
# reads like what the person posted ("reply", "repost", "quote" count their own items of each kind).
RECEIVED_FROM = dict(zip(("likes_received", "reposts_received", "replies_received", "quotes_received"),
                         schema.ENGAGEMENT_FIELDS))
RECEIVED = tuple(RECEIVED_FROM)
RING = "ring_likes"  # likes from a what-if's engagement ring, already inside likes; a posts and a frame column
# Integer columns of the frame, besides platform/day and the NULL-aware received counts.
COUNT_COLUMNS = (
    "items", "original", "reply", "self_reply", "repost", "quote",
    "replies_sent", "mentions_sent", "mentioned_accounts", RING,
)

# A day's counts as SQL aggregates over its posts: the one definition, read by the frame below and by the
# cohort's statement (cohort/sql.py), which counts the same per account and day of its windows.
DAY_COUNTS = {
    "items": "count(*)",
    "original": "count(*) FILTER (kind = 'original')",
    "reply": "count(*) FILTER (kind = 'reply')",
    "self_reply": "count(*) FILTER (kind = 'reply' AND is_self_reply)",
    "repost": "count(*) FILTER (kind = 'repost')",
    "quote": "count(*) FILTER (kind = 'quote')",
    "replies_sent": "count(*) FILTER (kind = 'reply' AND NOT is_self_reply)",  # threads with yourself are not replies
    "mentions_sent": "coalesce(sum(len(mentions)), 0)",
    **{c: f"sum({RECEIVED_FROM[c]})" for c in RECEIVED},
}
MENTIONED_ACCOUNTS = "count(DISTINCT lower(mention))"  # over the day's unnested mentions


def day_counts_sql(names=None) -> str:
    """`expr AS name, ...` for DAY_COUNTS (all, or `names` in that order)."""
    return ",\n               ".join(f"{DAY_COUNTS[n]} AS {n}" for n in (names or DAY_COUNTS))


def _daily_sql(source: str, has_ring: bool) -> str:
    """SQL for the frame over `source` (a table or view with the `posts` columns)."""
    ring = f"sum({RING})" if has_ring else "0"
    received = ",\n".join(
        # A day's count is known if the platform's export carries that count at all.
        f"CASE WHEN k.has_{c} THEN coalesce(a.{c}, 0) END::BIGINT AS {c}" for c in RECEIVED
    )
    return f"""
    WITH src AS (SELECT *, created_at::DATE AS day FROM {source}),
    known AS (
        SELECT platform, {', '.join(f'bool_or({RECEIVED_FROM[c]} IS NOT NULL) AS has_{c}' for c in RECEIVED)},
               min(day) AS first_day
        FROM src GROUP BY platform
    ),
    span AS (SELECT min(day) AS d0, max(day) AS d1 FROM src),
    grid AS (
        SELECT k.platform, unnest(generate_series(s.d0, s.d1, INTERVAL 1 DAY))::DATE AS day
        FROM known k, span s
    ),
    a AS (
        SELECT platform, day,
               {day_counts_sql()},
               {ring} AS {RING}
        FROM src GROUP BY platform, day
    ),
    m AS (
        SELECT platform, day, {MENTIONED_ACCOUNTS} AS mentioned_accounts
        FROM (SELECT platform, day, unnest(mentions) AS mention FROM src WHERE len(mentions) > 0)
        GROUP BY platform, day
    )
    SELECT g.platform, g.day,
           {', '.join(f'coalesce(a.{c}, 0)::BIGINT AS {c}' for c in COUNT_COLUMNS if c not in ('mentioned_accounts',))},
           coalesce(m.mentioned_accounts, 0)::BIGINT AS mentioned_accounts,
           {received}
    FROM grid g
    JOIN known k USING (platform)
    LEFT JOIN a USING (platform, day)
    LEFT JOIN m USING (platform, day)
    ORDER BY g.platform, g.day
    """


def _accounts_filter(accounts: Sequence[AccountKey]) -> tuple[str, list[str]]:
    if not accounts:
        raise ValueError("a dataset needs at least one account")
    clause = " OR ".join("(platform = ? AND account = ?)" for _ in accounts)
    params = [v for key in accounts for v in key]
    return f"({clause})", params


def daily_activity(con: duckdb.DuckDBPyConnection, accounts: Sequence[AccountKey]) -> pd.DataFrame:
    """The daily frame of the stored posts of `accounts` (one or more, combined per platform).

    Columns: platform, day, the counts in COUNT_COLUMNS (items by kind, replies to others sent, mentions
    sent, distinct accounts mentioned that day), and the received counts in RECEIVED (NULL where the
    export does not carry that count). Every day from the dataset's first to its last post is present.
    """
    where, params = _accounts_filter(accounts)
    sql = _daily_sql(f"(SELECT * FROM {schema.POSTS} WHERE {where})", has_ring=False)
    return con.execute(sql, params).df()


def daily_from_posts(posts) -> pd.DataFrame:
    """The same frame from an in-memory posts table (pandas or Arrow), e.g. a what-if's transformed posts."""
    with scratch() as con:  # extension auto-install/auto-load off, like every connection (dbguard)
        con.register("_posts_in", posts)
        has_ring = RING in [d[0] for d in con.execute("SELECT * FROM _posts_in LIMIT 0").description]
        return con.execute(_daily_sql("_posts_in", has_ring)).df()


def carried(daily: pd.DataFrame, counts: Sequence[str] = RECEIVED) -> pd.Series:
    """Per platform of `daily` (sorted): does its export carry any of the received `counts`? The one test
    of which platforms carry received counts; it reads the data, not the platform (a Mastodon archive has
    them from 4.3 on, a legacy X archive none), and a count is carried when any day has it."""
    has = np.zeros(len(daily), bool)  # plain arrays: a groupby was a slider move's millisecond
    for c in counts:
        if c in daily.columns:
            has |= daily[c].notna().to_numpy()
    names = daily["platform"].to_numpy()
    return pd.Series({p: bool(has[names == p].any()) for p in sorted(set(names.tolist()))}, dtype=bool)


class Columns:
    """A platform's daily columns as float arrays (NaN where the export lacks a count), in place of its frame
    for counts_carried and market.quality: `get(name)` returns the array or None (no such column); `n` days.
    The opaque score and the Network Scores read them from the ScoreInput, which keeps them."""

    def __init__(self, get, n: int):
        self.get, self.n = get, n

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def __len__(self) -> int:
        return self.n


def counts_carried(frame, counts: Sequence[str] = RECEIVED) -> list[str]:
    """The received `counts` that the rows of one platform (`frame`) carry, in the order given. `frame`: a
    frame, or the platform's columns as float arrays (`frame.get(name)`: NaN for NULL, None when absent,
    Columns: what a What-if slider move reads without building the frame)."""
    if isinstance(frame, pd.DataFrame):
        return [c for c in counts if c in frame.columns and frame[c].notna().any()]
    return [c for c in counts if frame.get(c) is not None and not np.isnan(frame.get(c)).all()]


def audience(con: duckdb.DuckDBPyConnection, accounts: Sequence[AccountKey]) -> pd.DataFrame:
    """Followers and following per platform, as known at export time (NULL where the export does not say)."""
    where, params = _accounts_filter(accounts)
    return con.execute(
        f"""SELECT platform, sum(followers)::BIGINT AS followers, sum(following)::BIGINT AS following,
                   max(exported_at) AS known_at
            FROM {schema.ACCOUNTS} WHERE {where} GROUP BY platform ORDER BY platform""",
        params,
    ).df()


def posts_table(con: duckdb.DuckDBPyConnection, accounts: Sequence[AccountKey]):
    """The posts of `accounts` as an Arrow table, oldest first (the what-if simulator's input)."""
    where, params = _accounts_filter(accounts)
    return con.sql(
        f"SELECT * FROM {schema.POSTS} WHERE {where} ORDER BY created_at, post_id", params=params
    ).to_arrow_table()
