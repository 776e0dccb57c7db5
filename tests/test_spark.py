"""The cohort leaderboard on Spark equals DuckDB's (GitHub issue 16): the same accounts, exported as Parquet
and scored by both engines, hold every score and composite to the hundredth of a point and the same ranks.

Spark starts once for the module (a local[2] session, no UI, two shuffle partitions, C1-only JIT) and runs a handful of
statements: its start-up and the first query's code generation dominate the time. No download at run time:
PySpark ships Spark's jars and Java is Debian's openjdk-17-jre-headless (run.sh test installs it).
"""

import datetime as dt
import hashlib
import json
import os

import duckdb
import pandas as pd
import pytest

from bench import cohort_bench
from cloutlab import cli, cohort, store
from cloutlab.cohort.spark import leaderboard, session, spark_sql
from cloutlab.store import demo, parquet
from cloutlab.errors import CloutlabError
from test_cohort import SYNTHETIC

TOL = 0.01  # a hundredth of a point
SCORES = ("score", "true_reach", "amplification", "network", "composite")
GENERATED = 300  # synthetic accounts of the benchmark's mix, on top of the personas and edge cases


@pytest.fixture(scope="module")
def con():
    c = store.connect()
    demo.load_all(c)  # the personas cover the 2011 and 2012 eras and the outage
    for account, posts in SYNTHETIC:  # no counts, some counts, no followers, case-differing mentions
        store.write_account(c, account, posts)
    c.execute(cohort_bench._accounts_sql(GENERATED, 120))
    c.execute(cohort_bench._posts_sql(120))
    c.execute("DROP TABLE bench_recipe")
    return c


@pytest.fixture(scope="module")
def exported(con, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("export") / "cohort")
    parquet.export(con, out, buckets=4, keys=cohort.keys_table(con))
    return out


@pytest.fixture(scope="module")
def spark():
    started = session("local[2]", **{
        "spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2",
        # a short-lived JVM: the C1 compiler alone starts Spark and plans the statement about 4x sooner here
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"})
    yield started
    started.stop()


def assert_same_board(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Same rows in the same order, scores within TOL, everything else (ranks included) identical."""
    assert list(got.columns) == list(want.columns) and (got.dtypes == want.dtypes).all()
    assert got[["platform", "account"]].values.tolist() == want[["platform", "account"]].values.tolist()
    for c in SCORES:
        assert got[c].isna().equals(want[c].isna()), c
        assert (got[c] - want[c]).abs().max(skipna=True) <= TOL or want[c].isna().all(), c
    rest = [c for c in want.columns if c not in SCORES]
    pd.testing.assert_frame_equal(got[rest], want[rest])


def test_spark_equals_duckdb_on_each_accounts_last_day(con, exported, spark):
    want = cohort.leaderboard(con)
    assert len(want) > GENERATED and want["score"].notna().sum() > 0.9 * len(want)  # a few never posted
    assert_same_board(leaderboard(spark, exported), want)


@pytest.mark.parametrize("at", [
    "2012-07-27",  # the outage day: only the personas of 2012 have data, everyone else keeps an empty row
    "2025-03-15",  # most generated accounts in their window
])
def test_spark_equals_duckdb_on_a_chosen_day(con, exported, spark, at):
    day = dt.date.fromisoformat(at)
    want = cohort.leaderboard(con, day)
    assert want["score"].notna().any() and want["score"].isna().any()
    assert_same_board(leaderboard(spark, exported, day), want)


def test_cli_prints_the_same_leaderboard_on_both_engines(exported, spark, capsys):
    """`cohort --engine spark` prints what `cohort --parquet` (DuckDB) prints (the active session is used)."""
    outputs = []
    for engine in ("duckdb", "spark"):  # the outage day: a short statement, scored and unscored rows
        assert cli.main(["cohort", "--engine", engine, "--parquet", exported, "--at", "2012-07-27"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "rank_opaque" in outputs[0] and len(outputs[0].splitlines()) > GENERATED


# --- Without Spark: the export and the translated statement ---------------------------------------------

def test_duckdb_over_the_export_is_the_store_exactly(con, exported):
    c = duckdb.connect()
    parquet.attach(c, exported)
    pd.testing.assert_frame_equal(cohort.leaderboard(c), cohort.leaderboard(con))


def test_buckets_follow_the_documented_hash(con, exported):
    """bucket = int(md5(platform:account)[:8], 16) % N, and an account's rows share one bucket in every table."""
    c = duckdb.connect()
    rows = c.execute(f"""SELECT DISTINCT platform, account, bucket FROM read_parquet(
        '{exported}/*/*/*.parquet', hive_partitioning = true, union_by_name = true)""").fetchall()
    keys = {(p, a) for p, a, _ in rows}
    assert len(rows) == len(keys) == con.execute("SELECT count(*) FROM accounts").fetchone()[0]
    for p, a, b in rows:
        assert b == int(hashlib.md5(f"{p}:{a}".encode()).hexdigest()[:8], 16) % 4
    assert len({b for *_, b in rows}) == 4
    manifest = parquet.read_manifest(exported)
    assert manifest["buckets"] == 4 and manifest["rows"]["posts"] == con.execute("SELECT count(*) FROM posts").fetchone()[0]


def test_salts_are_the_duckdb_cohorts(con, exported):
    keys = duckdb.connect().execute(f"SELECT platform, account, salt FROM read_parquet('{exported}/cohort_keys/*/*.parquet') ORDER BY ALL").df()
    want = cohort.keys_table(con, None, None).to_pandas().sort_values(["platform", "account"], ignore_index=True)
    pd.testing.assert_frame_equal(keys, want, check_dtype=False)


def test_the_spark_statement_is_the_duckdb_one_translated():
    sql = spark_sql()
    for duckdb_only in ("ROUND_EVEN", "LENGTH(", "$at", "EXCLUDE", "SEQUENCE("):
        assert duckdb_only not in sql.upper()
    assert "BROUND(" in sql and "SIZE(" in sql and "DATEDIFF(" in sql and ":at" in sql


def test_an_empty_store_exports_readable_tables(tmp_path):
    out = str(tmp_path / "empty")
    con = store.connect()
    summary = parquet.export(con, out, keys=cohort.keys_table(con))
    assert summary["rows"] == {"posts": 0, "accounts": 0, "imports": 0, "cohort_keys": 0}
    c = duckdb.connect()
    parquet.attach(c, out)
    assert cohort.leaderboard(c).empty


def test_export_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "x.txt").write_text("keep me")
    with pytest.raises(CloutlabError, match="not an empty folder"):
        parquet.export(store.connect(), str(tmp_path), keys=cohort.keys_table(store.connect()))
    assert os.listdir(tmp_path) == ["x.txt"]


@pytest.mark.parametrize("argv, says", [
    (["cohort", "--engine", "spark"], "reads a Parquet export"),
    (["cohort", "--db", "x.duckdb", "--parquet", "dir"], "not both"),
    (["cohort", "--parquet", "/nonexistent/dir"], "no cloutlab Parquet export"),
    (["cohort", "--master", "spark://h:7077", "--parquet", "dir"], "add --engine spark"),
    (["export", "--db", "/nonexistent.duckdb", "--parquet", "out"], "no database"),
    (["export", "--parquet", "out", "--buckets", "0"], "--buckets"),
])
def test_cli_errors_are_one_line(argv, says, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("cloutlab: error: ") and says in err and err.count("\n") == 1


def test_cli_export_then_cohort_on_duckdb(tmp_path, capsys):
    out = str(tmp_path / "demo")
    assert cli.main(["export", "--parquet", out, "--buckets", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["buckets"] == 2 and summary["rows"]["accounts"] == sum(len(p.accounts) for p in demo.PERSONAS.values())
    assert cli.main(["cohort", "--parquet", out]) == 0
    from_parquet = capsys.readouterr().out
    assert cli.main(["cohort"]) == 0  # the demo personas' leaderboard, from the store
    assert capsys.readouterr().out == from_parquet


def test_spark_reads_a_hostile_export_in_a_glob_named_folder_as_duckdb_does(con, spark, tmp_path):
    """Issue 24: Parquet rows are checked when read, on both engines (a 9999 date or negative counts gave
    100.0), and an export to a folder named with `*` and `[` reads back (Hadoop and DuckDB read it as a pattern)."""
    out = str(tmp_path / "a*b[1]")
    parquet.export(con, out, buckets=2, keys=cohort.keys_table(con))
    bucket = sorted(os.listdir(os.path.join(out, "posts")))[0]
    evil = os.path.join(out, "posts", bucket, "evil.parquet")
    con.execute(f"""COPY (SELECT * REPLACE ('evil-' || post_id AS post_id,
                                          CASE WHEN row_number() OVER () % 2 = 0 THEN TIMESTAMP '9999-12-31'
                                               ELSE created_at END AS created_at, -5 AS likes)
                         FROM (SELECT * FROM posts ORDER BY platform, account, post_id LIMIT 6))
                   TO '{evil.replace("'", "''")}' (FORMAT parquet)""")
    c = duckdb.connect()
    warnings = parquet.attach(c, out)
    assert any("3 posts with an impossible date" in w for w in warnings)
    assert any("3 posts with counts that are not whole" in w for w in warnings)
    want = cohort.leaderboard(c)
    assert want["score"].max() < 100
    assert_same_board(leaderboard(spark, out), want)
