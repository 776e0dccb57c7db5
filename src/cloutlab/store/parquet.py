"""The canonical tables as Parquet, for engines other than this DuckDB (GitHub issue 16).

`python -m cloutlab export --db FILE --parquet DIR [--buckets N]` writes

    DIR/posts/bucket=K/*.parquet      the posts table, every column as stored
    DIR/accounts/bucket=K/*.parquet   the accounts table
    DIR/imports/bucket=K/*.parquet    the imports table
    DIR/cohort_keys/bucket=K/*.parquet  (platform, account, salt): the accounts the cohort scores, each with
                                      the salt of its score's daily jitter (the table the caller hands
                                      in: the cohort's keys, cohort.keys_table)
    DIR/_cloutlab_export.json         the bucket count, the bucket rule and the rows per table

Hive-style folders, so Spark, DuckDB, Trino or pandas read `bucket` as a column. The bucket is only for
layout: every row of one (platform, account) lands in the same bucket of every table, so a reader that
splits work by bucket never needs a second bucket to score an account. The rule is a documented hash that
any engine can recompute (DuckDB's hash() is not: its value is not specified and differs between versions):

    bucket = int(md5(platform + ":" + account)[:8], 16) % N    (md5 over the UTF-8 bytes, hex digest)

in Spark SQL `conv(substr(md5(concat(platform, ':', account)), 1, 8), 16, 10) % N`.

The salts are exported rather than recomputed by each engine because they come from crc32 of the seed
string in Python (opaque.jitter); keeping them in one place keeps the jitter defined once.
"""

from __future__ import annotations

import json
import os

import duckdb
import pyarrow as pa

from cloutlab import schema
from cloutlab.errors import CloutlabError

MANIFEST = "_cloutlab_export.json"
KEYS = "cohort_keys"
BUCKET_RULE = "int(md5(platform + ':' + account)[:8], 16) % buckets"
TABLES = (schema.POSTS, schema.ACCOUNTS, schema.IMPORTS, KEYS)


def bucket_sql(buckets: int) -> str:
    """The bucket of a row as a DuckDB expression of its platform and account (BUCKET_RULE)."""
    return f"(('0x' || left(md5(platform || ':' || account), 8))::BIGINT % {int(buckets)})::INTEGER"


def export(con: duckdb.DuckDBPyConnection, out_dir: str, buckets: int = 8, *, keys: pa.Table) -> dict:
    """Write the canonical tables of `con`, and `keys` (platform, account, salt: cohort.keys_table) as
    cohort_keys, under out_dir, which must be new or empty. The keys are handed in because their salts are
    the cohort's rule, a stage above the store. Returns the manifest written: {"buckets", "bucket_rule",
    "rows": {table: n}, "dir"}."""
    if not 1 <= buckets <= 4096:
        raise CloutlabError(f"--buckets must be between 1 and 4096, not {buckets}")
    if os.path.exists(out_dir) and (not os.path.isdir(out_dir) or os.listdir(out_dir)):
        raise CloutlabError(f"{out_dir} exists and is not an empty folder; give a new folder for the Parquet files")
    os.makedirs(out_dir, exist_ok=True)
    con.register("_export_keys", keys)
    try:
        rows = {}
        for table in TABLES:
            source = "_export_keys" if table == KEYS else table
            rows[table] = _copy(con, source, os.path.join(out_dir, table), buckets)
    finally:
        con.unregister("_export_keys")
    manifest = {"buckets": buckets, "bucket_rule": BUCKET_RULE, "rows": rows}
    with open(os.path.join(out_dir, MANIFEST), "w") as f:
        json.dump(manifest, f, indent=1)
    return {**manifest, "dir": out_dir}


def _copy(con: duckdb.DuckDBPyConnection, source: str, path: str, buckets: int) -> int:
    n = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
    query = f"SELECT *, {bucket_sql(buckets)} AS bucket FROM {source}"
    if n == 0:  # PARTITION_BY writes no file for no rows; readers still need the table's columns
        os.makedirs(os.path.join(path, "bucket=0"))
        con.execute(f"COPY (SELECT * EXCLUDE (bucket) FROM ({query})) TO '{_quote(os.path.join(path, 'bucket=0', 'empty.parquet'))}' (FORMAT parquet)")
    else:
        con.execute(f"COPY ({query}) TO '{_quote(path)}' (FORMAT parquet, PARTITION_BY (bucket))")
    return int(n)


def _quote(path: str) -> str:
    return path.replace("'", "''")


def read_manifest(parquet_dir: str) -> dict:
    """The export's manifest, or a CloutlabError saying how to make one."""
    path = os.path.join(parquet_dir, MANIFEST)
    if not os.path.isfile(path):
        raise CloutlabError(f"no cloutlab Parquet export at {parquet_dir}; write one first: "
                            f"python -m cloutlab export --db FILE --parquet {parquet_dir}")
    try:
        with open(path, "rb") as f:
            manifest = json.loads(f.read(1 << 20).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise CloutlabError(f"{path} cannot be read as cloutlab's export manifest ({str(exc)[:80]}); write the "
                            "export again: python -m cloutlab export --db FILE --parquet DIR") from None
    if not isinstance(manifest, dict):
        raise CloutlabError(f"{path} is not cloutlab's export manifest; write the export again: "
                            "python -m cloutlab export --db FILE --parquet DIR")
    return manifest


def attach(con: duckdb.DuckDBPyConnection, parquet_dir: str) -> list[str]:
    """Views posts, accounts, imports and cohort_keys over an export, in a DuckDB connection without the
    canonical tables (so the cohort SQL reads the Parquet files as it reads the store). Columns are checked
    and impossible rows left out or cleared as for a store (read_check); returns the warnings saying so."""
    from cloutlab.store import read_check

    read_manifest(parquet_dir)
    return read_check.check_export(con, parquet_dir)
