"""The command line's side of issue 16: `export --parquet DIR` and `cohort --parquet DIR [--engine spark]`.

Kept out of cli.py so the contract file only gains its arguments; the scoring itself is cohort/__init__.py
(DuckDB) and cohort/spark.py (Spark), both running cohort/sql.py's one statement.
"""

from __future__ import annotations

import os

import pandas as pd

from cloutlab.store import parquet
from cloutlab.errors import CloutlabError


def export(args) -> tuple[dict, list[str]]:
    """Write the Parquet export of --db FILE (or of the demo personas' accounts, as `cohort` scores), with
    the cohort's keys; and the warnings of its reading (rows left out or cleared, read_check)."""
    from cloutlab import cohort, store

    if args.db and not os.path.exists(args.db):
        raise CloutlabError(f"no database at {args.db}; import exports first: python -m cloutlab import PATH --db {args.db}")
    con = store.connect(args.db, read_only=bool(args.db))
    try:
        if not args.db:
            from cloutlab.store import demo

            demo.load_all(con)
        warnings: list[str] = []
        if args.db:
            from cloutlab.store import read_check

            warnings = read_check.guard_store(con, args.db)  # the export holds only rows that can be right
        return parquet.export(con, args.parquet, args.buckets, keys=cohort.keys_table(con)), warnings
    finally:
        con.close()


def export_text(summary: dict) -> str:
    rows = summary["rows"]
    return (f"Wrote {rows['posts']:,} posts of {rows['accounts']:,} accounts to {summary['dir']} "
            f"in {summary['buckets']} buckets by {summary['bucket_rule']}.\n"
            f"Score them: python -m cloutlab cohort --engine spark --parquet {summary['dir']}")


def from_parquet(args) -> tuple[pd.DataFrame, list[str]]:
    """The leaderboard of a Parquet export, scored by DuckDB or Spark (cohort --parquet DIR), and the
    warnings of its reading (rows left out or cleared, read_check)."""
    if args.db:
        raise CloutlabError("choose one source: --db FILE or --parquet DIR, not both")
    if not args.parquet:
        raise CloutlabError("the spark engine reads a Parquet export: python -m cloutlab export --db FILE "
                            "--parquet DIR, then python -m cloutlab cohort --engine spark --parquet DIR")
    if args.master and args.engine != "spark":
        raise CloutlabError("--master names a Spark master; add --engine spark")
    from cloutlab.store.guard import raw_connect

    warnings: list[str] = []
    con = raw_connect()  # extension auto-install and auto-load off, as everywhere
    if "://" not in args.parquet:  # a local folder: columns and rows checked here, before any engine reads
        warnings = parquet.attach(con, args.parquet)  # (a cluster URL is checked by Spark)
    if args.engine == "duckdb":
        from cloutlab import cohort

        return cohort.leaderboard(con, at=args.at), warnings
    from cloutlab.cohort.spark import leaderboard, running

    with running(args.master) as spark:
        return leaderboard(spark, args.parquet, at=args.at), warnings
