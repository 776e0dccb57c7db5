"""The command line's side of issue 16: `export --parquet DIR` and `cohort --parquet DIR [--engine spark]`.

Kept out of cli.py so the contract file only gains its arguments; the scoring itself is cohort.py (DuckDB)
and cohort_spark.py (Spark), both running cohort_sql's one statement.
"""

from __future__ import annotations

import os

import pandas as pd

from cloutlab.store import parquet as export_parquet
from cloutlab.errors import CloutlabError


def export(args) -> dict:
    """Write the Parquet export of --db FILE (or of the demo personas' accounts, as `cohort` scores)."""
    from cloutlab import store

    if args.db and not os.path.exists(args.db):
        raise CloutlabError(f"no database at {args.db}; import exports first: python -m cloutlab import PATH --db {args.db}")
    con = store.connect(args.db, read_only=bool(args.db))
    try:
        if not args.db:
            from cloutlab.store import demo

            demo.load_all(con)
        return export_parquet.export(con, args.parquet, args.buckets)
    finally:
        con.close()


def export_text(summary: dict) -> str:
    rows = summary["rows"]
    return (f"Wrote {rows['posts']:,} posts of {rows['accounts']:,} accounts to {summary['dir']} "
            f"in {summary['buckets']} buckets by {summary['bucket_rule']}.\n"
            f"Score them: python -m cloutlab cohort --engine spark --parquet {summary['dir']}")


def from_parquet(args) -> pd.DataFrame:
    """The leaderboard of a Parquet export, scored by DuckDB or Spark (cohort --parquet DIR)."""
    if args.db:
        raise CloutlabError("choose one source: --db FILE or --parquet DIR, not both")
    if not args.parquet:
        raise CloutlabError("the spark engine reads a Parquet export: python -m cloutlab export --db FILE "
                            "--parquet DIR, then python -m cloutlab cohort --engine spark --parquet DIR")
    if args.master and args.engine != "spark":
        raise CloutlabError("--master names a Spark master; add --engine spark")
    if "://" not in args.parquet:  # a local folder: check it here (a cluster URL is checked by Spark)
        export_parquet.read_manifest(args.parquet)
    if args.engine == "duckdb":
        from cloutlab import cohort
        from cloutlab.store.guard import raw_connect

        con = raw_connect()  # extension auto-install and auto-load off, as everywhere
        export_parquet.attach(con, args.parquet)
        return cohort.leaderboard(con, at=args.at)
    from cloutlab.cohort import spark as cohort_spark

    with cohort_spark.running(args.master) as spark:
        return cohort_spark.leaderboard(spark, args.parquet, at=args.at)
