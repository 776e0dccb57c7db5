"""The cohort leaderboard on Apache Spark (GitHub issue 16), over a Parquet export (store/parquet.py).

There is no Spark copy of the score. The statement Spark runs is the one cohort.sql.leaderboard_sql
generates for DuckDB, transpiled by sqlglot (read="duckdb", write="spark"). sqlglot translates almost all
of it (casts, FILTER, SEMI JOIN, `* EXCLUDE`, unnest, range); what it cannot know without types is mapped
here, in four rules applied to the parsed statement after sqlglot has qualified its columns and inferred
their types from schema.py:

  round_even(x, n)      -> bround(x, n)        both round halves to even (np.round's rule)
  len(list column)      -> size(list column)   DuckDB's len() is also a list's length; sqlglot reads it
                                               as a string's LENGTH, which Spark refuses on an array
  DATE - DATE           -> datediff(a, b)      DuckDB gives whole days as a number; Spark an INTERVAL DAY,
                                               which cannot be cast to DOUBLE
  FROM range(n)         -> FROM range(0, n) AS t(range)   sqlglot writes explode(sequence(0, n - 1)),
                                               whose column is `col`, not DuckDB's `range`

`$at` becomes Spark's named parameter `:at`, bound when the statement runs. Every row depends only on its
account's rows (see cohort/__init__.py), so Spark splits the posts by account across executors; the global steps
are the ranking (one row per account, in the statement) and cohort/__init__.py's final pass on the collected rows
(accounts whose export has no received counts get no composite), which runs here exactly as there, with
its small query (BLIND_SQL) translated by the same rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import warnings
import zlib

import pandas as pd

from cloutlab.store import parquet
from cloutlab import schema
from cloutlab.cohort import BLIND_SQL, typed, without_counts  # the DuckDB cohort's own steps
from cloutlab.cohort.sql import leaderboard_sql
from cloutlab.errors import CloutlabError
from cloutlab.scores.hidden import HIDDEN, Hidden
from cloutlab.scores.ledger import Composite

INSTALL_HINT = "install pyspark and sqlglot: .venv/bin/pip install -r requirements-dev.txt (Spark also needs Java 17: apt-get install openjdk-17-jre-headless)"


def _schema() -> dict[str, dict[str, str]]:
    """Column types for sqlglot's type inference: the canonical tables plus the cohort's keys."""
    out = {t: {c: ty.replace(" NOT NULL", "") for c, ty in cols} for t, cols in schema.TABLES.items()}
    out[parquet.KEYS] = {"platform": "VARCHAR", "account": "VARCHAR", "salt": "BIGINT"}
    return out


def spark_sql(h: Hidden = HIDDEN, params: Composite = Composite()) -> str:
    """cohort/sql.py's statement in Spark SQL, reading posts, accounts and cohort_keys; `:at` is the day
    (NULL: each account's last day)."""
    return to_spark(leaderboard_sql(parquet.KEYS, h, params))


_TRANSLATED: dict[str, str] = {}  # sqlglot's qualify pass takes a second or two on the big statement


def to_spark(sql: str) -> str:
    """A DuckDB statement over the canonical tables and cohort_keys, in Spark SQL (the rules above)."""
    if sql not in _TRANSLATED:
        _TRANSLATED[sql] = _translate(sql)
    return _TRANSLATED[sql]


def _translate(sql: str) -> str:
    try:
        import sqlglot
        from sqlglot import exp
        from sqlglot.optimizer.annotate_types import annotate_types
        from sqlglot.optimizer.qualify import qualify
    except ImportError:
        raise CloutlabError(INSTALL_HINT) from None

    tables = _schema()
    lists = {c for cols in tables.values() for c, ty in cols.items() if ty.endswith("[]")}
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = annotate_types(qualify(tree, schema=tables, dialect="duckdb"), schema=tables, dialect="duckdb")

    def is_date(e) -> bool:
        e = e.unnest()  # (day) - DATE '1970-01-01': the type sits on the column inside the parentheses
        return e.type is not None and e.type.is_type(exp.DataType.Type.DATE)

    def mapped(node):
        if isinstance(node, exp.Anonymous) and node.name.lower() == "round_even":
            node.set("this", "BROUND")  # renamed in place: sqlglot does not descend into a replaced node
            return node
        if isinstance(node, exp.Length) and isinstance(node.this, exp.Column) and node.this.name in lists:
            return exp.ArraySize(this=node.this)
        if isinstance(node, exp.Sub) and is_date(node.left) and is_date(node.right):
            return exp.Anonymous(this="DATEDIFF", expressions=[node.left, node.right])
        if isinstance(node, exp.Table) and isinstance(node.this, exp.GenerateSeries) and node.alias:
            series = node.this
            if not series.args.get("is_end_exclusive"):  # generate_series(a, b) includes b; range() does not
                series = series.copy()
                series.set("end", exp.Add(this=series.args["end"], expression=exp.Literal.number(1)))
            return exp.Table(this=exp.Anonymous(this="RANGE", expressions=[series.args["start"], series.args["end"]]),
                             alias=exp.TableAlias(this=exp.to_identifier(node.alias),
                                                  columns=[exp.to_identifier("range")]))
        return node

    return tree.transform(mapped).sql(dialect="spark")


def session(master: str | None = None, app: str = "cloutlab cohort", **conf: str):
    """A SparkSession: local mode on every core by default, quiet, UTC, no web UI. Nothing is
    downloaded: PySpark ships Spark's jars, and Java comes from the machine."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise CloutlabError(INSTALL_HINT) from None
    # PySpark 4.3 warns that it does not fully support pandas 3; only toArrow() meets pandas here
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    master = master or "local[*]"
    if master.startswith("local"):  # keep a local run on this machine's loopback address
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    settings = {"spark.ui.enabled": "false", "spark.sql.session.timeZone": "UTC",
                "spark.ui.showConsoleProgress": "false"}
    if master.startswith("local"):  # a cluster keeps its own shuffle settings
        settings["spark.sql.shuffle.partitions"] = str(2 * (os.cpu_count() or 2))
    settings.update(conf)
    # Errors only on the console: Spark's default log profile prints start-up notes and warnings that
    # would bury the leaderboard's one-line errors (the driver JVM reads this when it starts; the JVM's own
    # incubator-module note and PySpark's "Setting default log level" lines remain).
    quiet = f"-Dlog4j2.configurationFile=file:{_quiet_log4j()}"
    settings["spark.driver.extraJavaOptions"] = f"{settings.get('spark.driver.extraJavaOptions', '')} {quiet}".strip()
    builder = SparkSession.builder.master(master).appName(app)
    for k, v in settings.items():
        builder = builder.config(k, v)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - no Java, a master that does not answer: PySpark raises many kinds
        raise CloutlabError(f"Spark did not start ({str(exc).splitlines()[0][:200]}); {INSTALL_HINT}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
"""


def _quiet_log4j() -> str:
    path = os.path.join(tempfile.gettempdir(), f"cloutlab-spark-log4j2-{zlib.crc32(_LOG4J.encode())}.properties")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(_LOG4J)
    return path


@contextlib.contextmanager
def running(master: str | None = None, **conf: str):
    """A session for one command: the active one if there is one (a test's, a notebook's), else a new
    one that is stopped afterwards."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise CloutlabError(INSTALL_HINT) from None
    active = SparkSession.getActiveSession()
    spark = active or session(master, **conf)
    try:
        yield spark
    finally:
        if active is None:
            spark.stop()


def register(spark, parquet_dir: str) -> dict:
    """Temporary views posts, accounts and cohort_keys over an export; returns its manifest."""
    from cloutlab.store.read_check import accounts_sql, posts_sql

    manifest = {} if "://" in parquet_dir else parquet.read_manifest(parquet_dir)  # URLs: Spark checks
    for table in (schema.POSTS, schema.ACCOUNTS, parquet.KEYS):
        spark.read.parquet(_literal_path(os.path.join(parquet_dir, table))).createOrReplaceTempView(f"_raw_{table}")
    # The same rules as the DuckDB reader (read_check): impossible dates left out, impossible counts missing.
    spark.sql(f"CREATE OR REPLACE TEMP VIEW {schema.POSTS} AS {posts_sql('_raw_posts', '`')}")
    spark.sql(f"CREATE OR REPLACE TEMP VIEW {schema.ACCOUNTS} AS {accounts_sql('_raw_accounts', '`')}")
    spark.sql(f"CREATE OR REPLACE TEMP VIEW {parquet.KEYS} AS SELECT platform, account, salt FROM _raw_{parquet.KEYS}")
    return manifest


def _literal_path(path: str) -> str:
    """Hadoop reads a path as a glob: a folder named with `*` or `[` is escaped to mean itself."""
    return re.sub(r"([\\*?\[\]{}])", r"\\\1", path)


def leaderboard(spark, parquet_dir: str, at: dt.date | None = None, *, h: Hidden = HIDDEN,
                params: Composite = Composite()) -> pd.DataFrame:
    """cohort.leaderboard's frame (same columns, dtypes, order) computed by Spark over an export: its
    statement, then its final step on the collected rows (one per account), as cohort.leaderboard does."""
    register(spark, parquet_dir)
    table = spark.sql(spark_sql(h, params), args={"at": at}).toArrow()
    frame = table.to_pandas()
    # Arrow's DATE becomes datetime64[s]; DuckDB's .df() gives datetime64[us]: the same frame either way
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[us]")
    blind = {(r[0], r[1]) for r in spark.sql(to_spark(BLIND_SQL.format(keys=parquet.KEYS))).collect()}
    return without_counts(typed(frame), blind, "received" in params.sides)
