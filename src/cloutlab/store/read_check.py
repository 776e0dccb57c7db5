"""Rows a store or a Parquet export cannot mean, left out when they are READ (issue 24).

store/clean.py cleans every row on its way in; but a database written or edited by another program, or a
Parquet export changed by another engine, never went through it. One post dated year 1 or 9999 sent
`score` and `whatif` to 2 GB (a day grid over 8,000 years) and gave `cohort` 100.0; negative counts scored.
So every reader (score, whatif, cohort, export, cohort --parquet on DuckDB and Spark) sees the tables
through the same rules as the import:

- a post dated before its platform existed (clean.floor), after tomorrow, or not at all: left out;
- a count that is not a whole number from 0 to clean.INT_MAX: missing (NULL);
- an account's followers and following likewise; its dates outside clean's range: missing.

and is told, in one warning per table, how many rows were left out or cleared. A Parquet export whose
columns are not cloutlab's (missing, or of another kind) is refused in one sentence before any engine
reads a row (Spark printed a 69 kB log record, then "internal error").

Helpers: posts_sql / accounts_sql (the rules as one SELECT, DuckDB or Spark SQL), guard_store(con),
check_export(con, parquet_dir) -> warnings, each cleaning in place by temporary views named as the tables.
"""

from __future__ import annotations

import datetime as dt
import glob
import os

import duckdb

from cloutlab import schema
from cloutlab.errors import CloutlabError
from cloutlab.store.clean import EARLIEST, INT_MAX, PLATFORM_START

_LATEST_ACCOUNT_DATE = "TIMESTAMP '2200-01-01 00:00:00'"  # as clean.account_fields


def _ts(value: dt.datetime) -> str:
    return f"TIMESTAMP '{value:%Y-%m-%d %H:%M:%S}'"


def _tomorrow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0) + dt.timedelta(days=1)


def _floor(q: str) -> str:
    cases = " ".join(f"WHEN '{p}' THEN {_ts(d)}" for p, d in PLATFORM_START.items())
    return f"CASE {q}platform{q} {cases} ELSE {_ts(EARLIEST)} END"


def _count(col: str) -> str:
    return f"CASE WHEN {col} BETWEEN 0 AND {INT_MAX} THEN CAST({col} AS INTEGER) END"


def _good_date(q: str) -> str:
    return f"{q}created_at{q} >= {_floor(q)} AND {q}created_at{q} <= {_ts(_tomorrow())}"


def posts_sql(source: str, q: str = '"') -> str:
    """The posts of `source` that can be right, counts outside 0..INT_MAX made NULL. q quotes names
    (Spark SQL reads a double quote as a string)."""
    cols = [_count(f"{q}{c}{q}") + f" AS {q}{c}{q}" if c in schema.ENGAGEMENT_FIELDS else f"{q}{c}{q}"
            for c in schema.column_names(schema.POSTS)]
    return f"SELECT {', '.join(cols)} FROM {source} WHERE {_good_date(q)}"


def accounts_sql(source: str, q: str = '"') -> str:
    def date(c: str) -> str:
        return (f"CASE WHEN {q}{c}{q} BETWEEN {_floor(q)} AND {_LATEST_ACCOUNT_DATE} THEN {q}{c}{q} END "
                f"AS {q}{c}{q}")

    cols = {c: f"{q}{c}{q}" for c in schema.column_names(schema.ACCOUNTS)}
    cols.update({c: _count(f"{q}{c}{q}") + f" AS {q}{c}{q}" for c in ("followers", "following")})
    cols.update({c: date(c) for c in ("created_at", "exported_at")})
    return f"SELECT {', '.join(cols.values())} FROM {source}"


def _bad_counts(con: duckdb.DuckDBPyConnection, posts: str, accounts: str) -> tuple[int, int, int]:
    """(posts left out, posts with counts cleared, accounts with a field cleared) in the raw tables."""
    counts = " OR ".join(f"NOT coalesce({c} BETWEEN 0 AND {INT_MAX}, true)" for c in schema.ENGAGEMENT_FIELDS)
    dropped, cleared = con.execute(
        f"SELECT count(*) FILTER (NOT coalesce({_good_date(chr(34))}, false)), "
        f"count(*) FILTER (coalesce({_good_date(chr(34))}, false) AND ({counts})) FROM {posts}").fetchone()
    fields = " OR ".join([*(f"NOT coalesce({c} BETWEEN 0 AND {INT_MAX}, true)" for c in ("followers", "following")),
                          *(f"NOT coalesce({c} BETWEEN {_floor(chr(34))} AND {_LATEST_ACCOUNT_DATE}, true)"
                            for c in ("created_at", "exported_at"))])
    odd = con.execute(f"SELECT count(*) FILTER ({fields}) FROM {accounts}").fetchone()[0]
    return int(dropped), int(cleared), int(odd)


def _warnings(where: str, dropped: int, cleared: int, odd: int) -> list[str]:
    out = []
    if dropped:
        out.append(f"{where} holds {dropped:,} post{'s' if dropped != 1 else ''} with an impossible date (before its "
                   "platform existed, after tomorrow, or none); left out of every score. Import the export again "
                   "to store it cleanly.")
    if cleared:
        out.append(f"{where} holds {cleared:,} post{'s' if cleared != 1 else ''} with counts that are not whole numbers "
                   "of zero or more; those counts are read as missing.")
    if odd:
        out.append(f"{where} holds {odd:,} account{'s' if odd != 1 else ''} with a follower count or date that cannot "
                   "be right; read as missing.")
    return out


def guard_store(con: duckdb.DuckDBPyConnection, where: str) -> list[str]:
    """A file database's posts and accounts seen through the rules (temporary views shadowing the tables,
    only when some row breaks one: a clean store is read as it is). Returns the warnings."""
    db = con.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
    posts, accounts = f'"{db}".main.{schema.POSTS}', f'"{db}".main.{schema.ACCOUNTS}'
    dropped, cleared, odd = _bad_counts(con, posts, accounts)
    if dropped or cleared:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {schema.POSTS} AS {posts_sql(posts)}")
    if odd:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {schema.ACCOUNTS} AS {accounts_sql(accounts)}")
    return _warnings(where, dropped, cleared, odd)


# The kinds of DuckDB type each column may have in a Parquet export (what another engine may write for it).
_INTEGER = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT")
_KIND = {"VARCHAR": ("VARCHAR",), "TIMESTAMP": ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"),
         "INTEGER": _INTEGER, "BIGINT": _INTEGER, "BOOLEAN": ("BOOLEAN",), "VARCHAR[]": ("VARCHAR[]",)}
_COLUMNS = {**{t: dict(cols) for t, cols in schema.TABLES.items()},
            "cohort_keys": {"platform": "VARCHAR", "account": "VARCHAR", "salt": "BIGINT"}}


def parquet_glob(parquet_dir: str, table: str) -> str:
    """The files of one table of an export, for DuckDB: the folder's own name escaped (a `*` or `[` in it
    was read as a pattern, so an export to such a folder could not be read back)."""
    return os.path.join(glob.escape(parquet_dir), table, "*", "*.parquet")


def check_columns(con: duckdb.DuckDBPyConnection, parquet_dir: str, table: str, source: str) -> None:
    """Refuse a table whose columns are not cloutlab's, naming the first that differs."""
    try:
        have = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    except duckdb.Error as exc:
        raise CloutlabError(f"{parquet_dir} is not a readable cloutlab Parquet export: its {table} files cannot be "
                            f"read ({str(exc).splitlines()[0][:100]}); write one with python -m cloutlab export "
                            f"--db FILE --parquet DIR.") from None
    for col, ty in _COLUMNS[table].items():
        base = ty.replace(" NOT NULL", "")
        got = have.get(col)
        if got is None or got.upper() not in _KIND[base]:
            what = "has no column" if got is None else f"has {got} for"
            raise CloutlabError(f"{parquet_dir} is not a cloutlab Parquet export: its {table} table {what} {col} "
                                f"(expected {base}); write one with python -m cloutlab export --db FILE --parquet DIR.")


def raw_view(parquet_dir: str, table: str) -> str:
    return (f"SELECT * EXCLUDE (bucket) FROM read_parquet('{parquet_glob(parquet_dir, table).replace(chr(39), chr(39) * 2)}', "
            "hive_partitioning = true, union_by_name = true)")


def check_export(con: duckdb.DuckDBPyConnection, parquet_dir: str) -> list[str]:
    """Views posts, accounts, imports and cohort_keys over an export in `con` (a connection without the
    canonical tables), columns checked and rows cleaned by the rules above. Returns the warnings."""
    from cloutlab.store.parquet import TABLES

    for table in TABLES:
        con.execute(f'CREATE OR REPLACE VIEW "_raw_{table}" AS {raw_view(parquet_dir, table)}')
        check_columns(con, parquet_dir, table, f'"_raw_{table}"')
    warnings = _warnings(parquet_dir, *_bad_counts(con, f'"_raw_{schema.POSTS}"', f'"_raw_{schema.ACCOUNTS}"'))
    con.execute(f"CREATE OR REPLACE VIEW {schema.POSTS} AS {posts_sql(chr(34) + '_raw_posts' + chr(34))}")
    con.execute(f"CREATE OR REPLACE VIEW {schema.ACCOUNTS} AS {accounts_sql(chr(34) + '_raw_accounts' + chr(34))}")
    for table in TABLES:
        if table not in (schema.POSTS, schema.ACCOUNTS):
            con.execute(f'CREATE OR REPLACE VIEW {table} AS SELECT * FROM "_raw_{table}"')
    return warnings
