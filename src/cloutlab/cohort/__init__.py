"""Cohort scoring: the opaque score and the transparent composite of every stored account, in one DuckDB
statement (GitHub issue 6). Each (platform, account) is scored as its own dataset, exactly as the
single-dataset path scores `inputs.from_store(con, [key], seed=SEED)`, where SEED is the jitter seed
(store.datasets.DatasetId.seed) of the dataset the app and `score` show for that one account: its import,
or the persona for the only account of a demo persona (dataset_seed). tests/test_cohort.py holds the two equal to the hundredth on the
demo personas and on synthetic accounts, and `score --demo P` equal to P's row of `cohort` for every
single-account persona. The SQL lives in cohort/sql.py.

An account without data on the day asked for (`at` before its first post or after its last, or no posts
at all) keeps its row, with NaN scores, NA ranks and NA items, and is listed last: a leaderboard should
say who could not be scored rather than silently drop them.

When a study outgrows one machine: the statement is plain aggregation keyed by (platform, account). Every
account's row depends only on that account's posts and accounts row, plus global constants (the hidden
weights and eras, the curve, the points table) that are formatted into the SQL text, and a per-account
jitter salt computed from its seed. So partition the accounts by a hash of (platform, account) into N
shards, keep each shard's posts in its own DuckDB file (or Parquet files partitioned the same way), run
the same statement on each shard in separate processes or machines (or point it at MotherDuck, or at
Spark SQL / Trino over the Parquet, where it needs only `range`, `round_even`, `SEMI JOIN` and
`count(DISTINCT)` translated), and concatenate the shards' rows. The only cross-account step is the
ranking, which is a cheap sort of one row per account: recompute rank_opaque and rank_composite over the
concatenated rows (or merge the sorted shards). No shard needs another's data, so the work scales
linearly with the number of shards and nothing but the final rows crosses the network.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from cloutlab.cohort.sql import OUT_COLUMNS, leaderboard_sql
from cloutlab import store
from cloutlab.store.datasets import DatasetId
from cloutlab.schema import IMPORTS, POSTS
from cloutlab.scores import opaque
from cloutlab.scores.hidden import HIDDEN, Hidden
from cloutlab.scores.ledger import Composite
from cloutlab.scores.missing import NOT_IN_EXPORT

AccountKey = tuple[str, str]
_KEYS = "_cohort_keys"  # the accounts to score, with their jitter salts, registered for one statement


def default_seed(platform: str, account: str) -> str:
    """The jitter seed the app gives one imported account's dataset (DatasetId.seed)."""
    return DatasetId.imported(platform, account).seed


def dataset_seed(con: duckdb.DuckDBPyConnection) -> Callable[[str, str], str]:
    """seed_of(platform, account): the jitter seed (DatasetId.seed) of the dataset the app and `score` show
    for that one account. The only account of a demo persona is the persona's dataset (as `score --demo`
    and the app seed it); any other account is its own import, default_seed. The demo loader marks its
    accounts in the imports table (format 'demo', source_file the persona's dataset id), so a real
    import that happens to share an account name keeps its import seed."""
    from cloutlab.store.demo import PERSONAS

    rows = con.execute(f"SELECT DISTINCT platform, account, source_file FROM {IMPORTS} WHERE format = 'demo'").fetchall()
    demo = {}
    for platform, account, source in rows:
        marker = DatasetId.parse(str(source))
        persona = PERSONAS.get(marker.persona) if marker and marker.is_demo else None
        if persona is not None and persona.keys == [(platform, account)]:
            demo[platform, account] = DatasetId.demo(persona.name).seed
    return lambda platform, account: demo.get((platform, account)) or default_seed(platform, account)


def keys_table(con: duckdb.DuckDBPyConnection, accounts: Sequence[AccountKey] | None = None,
               seed_of: Callable[[str, str], str] | None = None) -> pa.Table:
    """(platform, account, salt) per account to score (default: every stored account). crc32 has no DuckDB
    builtin, so the salts of the jitter are computed here by opaque.jitter's own rule and joined in as a
    small table; the Parquet export writes the same table for other engines (store.parquet.export's keys)."""
    if accounts is None:  # the store writes an accounts row with every account's posts
        accounts = store.account_keys(con)
    keys = list(dict.fromkeys((str(p), str(a)) for p, a in accounts))
    seed_of = seed_of or dataset_seed(con)
    return pa.table({
        "platform": pa.array([p for p, _ in keys], pa.string()),
        "account": pa.array([a for _, a in keys], pa.string()),
        "salt": pa.array([opaque.salt(seed_of(p, a)) for p, a in keys], pa.int64()),
    })


def leaderboard(con: duckdb.DuckDBPyConnection, at: dt.date | None = None,
                accounts: Sequence[AccountKey] | None = None, seed_of: Callable[[str, str], str] | None = None,
                *, h: Hidden = HIDDEN, params: Composite = Composite()) -> pd.DataFrame:
    """Both scores of every stored account (or of `accounts`) on day `at`, one row per (platform, account).

    at: the day scored (default: each account's own last day with data).
    seed_of(platform, account): the jitter seed (default: dataset_seed, as the app and the CLI use).
    Columns: platform, account, date, score, true_reach, amplification, network (1-100, two decimals),
    composite (1-1,000), items (authored in the opaque window ending on date), followers (as stored; NA where
    the export does not say), rank_opaque, rank_composite (1 = highest; ties share a rank),
    followers_imputed (the opaque score used its fallback for an unknown audience), true_reach_people (True
    Reach as a number of people, scores/reach.py; NA where the export lacks the followers or every
    received count, with a `reasons` entry), and reasons. Ordered by
    rank_opaque; rows without data on the day come last with NaN scores (see the module docstring).
    """
    keys = keys_table(con, accounts, seed_of)
    con.register(_KEYS, keys)
    try:
        frame = con.execute(leaderboard_sql(_KEYS, h, params), {"at": at}).df()
        blind = {tuple(r) for r in con.execute(BLIND_SQL.format(keys=_KEYS)).fetchall()}
    finally:
        con.unregister(_KEYS)
    return without_counts(typed(frame), blind, "received" in params.sides)


# Accounts whose export carries no received count at all (Bluesky, Mastodon before 4.3, legacy X): their
# composite is missing, never 1 (issue 10), as ledger.composite_reason says for one dataset.
BLIND_SQL = """SELECT k.platform, k.account FROM {keys} k JOIN """ + POSTS + """ p USING (platform, account)
                GROUP BY ALL HAVING NOT bool_or(p.likes IS NOT NULL OR p.reposts IS NOT NULL
                                              OR p.replies IS NOT NULL OR p.quotes IS NOT NULL)"""
COLUMNS = (*OUT_COLUMNS, "reasons")


def without_counts(frame: pd.DataFrame, blind: set[AccountKey], received: bool = True) -> pd.DataFrame:
    """Blank the composite of accounts without received counts (when the composite counts received
    points), rank the others, say why in `reasons`; and why True Reach in people is missing (reach.lacking)."""
    from cloutlab.scores import ledger, reach
    from cloutlab.scores.missing import Reason

    no_counts = pd.Series([(p, a) in blind for p, a in zip(frame["platform"], frame["account"])], index=frame.index)
    off = no_counts & received
    frame.loc[off, "composite"] = float("nan")
    frame["rank_composite"] = frame["composite"].rank(ascending=False, method="min", na_option="keep").astype("Int64")
    frame["reasons"] = [
        ([Reason("composite", ledger.no_counts_reason([p]))] if o else [])
        + ([Reason("true_reach_people", reach.lacking({p: (not pd.isna(f), not n)}))]
           if pd.isna(people) and not pd.isna(score) else [])
        for p, o, n, f, people, score in zip(frame["platform"], off, no_counts, frame["followers"],
                                              frame["true_reach_people"], frame["score"])]
    return frame


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable dtypes whatever the rows hold (an empty or all-unscored result has no values to infer from)."""
    out = frame[list(OUT_COLUMNS)].copy()
    out["date"] = pd.to_datetime(out["date"])
    for c in ("score", "true_reach", "amplification", "network", "composite"):
        out[c] = out[c].astype("float64")
    for c in ("items", "followers", "rank_opaque", "rank_composite", "true_reach_people"):
        out[c] = out[c].astype("Int64")
    out["followers_imputed"] = out["followers_imputed"].astype("boolean")
    return out.reset_index(drop=True)


def text_table(frame: pd.DataFrame) -> str:
    """The leaderboard as the command line prints it: a number an export cannot give reads NOT_IN_EXPORT
    and an unranked row "-", never NaN or <NA> (issue 10)."""
    cols = ["rank_opaque", "platform", "account", "date", "score", "composite", "rank_composite"]
    shown = frame[cols].astype(object)
    shown["composite"] = [(NOT_IN_EXPORT if pd.isna(c) and not pd.isna(s) else "-") if pd.isna(c) else c
                          for c, s in zip(frame["composite"], frame["score"])]
    for c in ("rank_opaque", "rank_composite", "score", "date"):
        shown[c] = ["-" if pd.isna(v) else (v.date() if isinstance(v, pd.Timestamp) else v) for v in frame[c]]
    return shown.to_string(index=False)


def to_records(frame: pd.DataFrame) -> list[dict]:
    """The leaderboard as JSON-ready row objects (the `cohort --json` output): ISO dates, null for NA,
    reasons in their JSON form ("key: why", missing.Reason)."""
    def plain(v):
        if isinstance(v, list):
            return [str(r) for r in v]
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, pd.Timestamp):
            return v.date().isoformat()
        return v.item() if hasattr(v, "item") else v

    return [{c: plain(v) for c, v in zip(frame.columns, row)} for row in frame.itertuples(index=False)]
