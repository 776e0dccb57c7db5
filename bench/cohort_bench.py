"""Benchmark: score 10,000 accounts of one year each with cohort.leaderboard (docs/DESIGN.md section 10: at most
30 s on 2 cores, in one DuckDB query pass).

    .venv/bin/python bench/cohort_bench.py [--accounts 10000] [--days 365] [--threads 2] [--db FILE]
        [--engine duckdb|spark|both] [--buckets 8] [--spark-master local[2]] [--spark-conf KEY=VALUE]

--engine spark (issue 16) exports the same accounts as Parquet (store/parquet.py, --buckets hash buckets)
and scores them with cohort/spark.py in a fresh process (bench/cohort_spark_child.py): Spark's start-up,
each run's wall time, and from Spark's event log the per-partition (scan task) times and the bytes read,
shuffled and collected; then the Spark leaderboard's largest difference from DuckDB's on the same export.

Writes synthetic accounts straight into a DuckDB file in SQL (hash-based pseudo-random numbers, so the
same arguments always give the same posts), then scores them in a fresh process so its peak memory is the
scoring's own, and prints one line per figure (and --json for one object). The activity spread follows
population.py: items per day lognormal around 0.8 with a long tail (capped at 300 a day), followers
lognormal around 300, reactions per post growing with the square root of the audience; 12% of accounts
are Mastodon (no reply or quote counts, no followers) and 8% Bluesky (no counts at all, no followers).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

_SCALE = 2 ** 52  # hash() gives 64 bits; 52 of them make an exact double in (0, 1)
# Each draw hashes one integer: hash(a, b) of several values combines their hashes so that draws differing
# in one argument come out correlated (every post of an account drew the same kind), while hash of one
# BIGINT is fully mixed. Keys: an account i is -(i + 1), post j of it is i * 2^26 + j; times 64 plus a
# stream number per quantity drawn.
ACCOUNT, POST = "(-(i + 1))", "(i * 67108864 + j)"


def h(key: str, stream: int) -> str:
    return f"hash({key} * 64 + {stream})"


def u(key: str, stream: int) -> str:
    """A uniform number in (0, 1) (never 0, so logs are safe)."""
    return f"(({h(key, stream)} % {_SCALE})::DOUBLE + 0.5) / {_SCALE}.0"


def normal(key: str, stream: int) -> str:
    """A standard normal number (Box-Muller on the uniforms of streams `stream` and `stream + 1`)."""
    a, b = u(key, stream), u(key, stream + 1)
    return f"(sqrt(-2 * ln({a})) * cos(2 * pi() * {b}))"


def _accounts_sql(n: int, days: int) -> str:
    return f"""
    CREATE TABLE bench_recipe AS
    SELECT i, 'user' || i AS account,
           CASE WHEN {u(ACCOUNT, 0)} < 0.80 THEN 'x' WHEN {u(ACCOUNT, 0)} < 0.92 THEN 'mastodon' ELSE 'bluesky' END
               AS platform,
           least(300, 0.8 * exp(1.8 * {normal(ACCOUNT, 1)})) AS rate,
           0.05 + 0.45 * {u(ACCOUNT, 3)} * {u(ACCOUNT, 4)} AS repost_share,
           0.5 * {u(ACCOUNT, 5)} AS reply_share,
           round(300 * exp(2.0 * {normal(ACCOUNT, 6)})) AS audience,
           TIMESTAMP '2025-01-01' + to_days(({h(ACCOUNT, 8)} % 90)::INTEGER) AS start
    FROM range({n}) t(i);
    ALTER TABLE bench_recipe ADD COLUMN per_post DOUBLE;
    UPDATE bench_recipe SET per_post = 0.15 * sqrt(audience) * exp(1.1 * {normal(ACCOUNT, 9)});
    ALTER TABLE bench_recipe ADD COLUMN n BIGINT;
    UPDATE bench_recipe SET n = greatest(0, round(rate * {days} + sqrt(rate * {days}) * {normal(ACCOUNT, 11)}));
    INSERT INTO accounts
    SELECT platform, account, account, start, CASE WHEN platform = 'x' THEN audience END,
           CASE WHEN platform = 'x' THEN round(audience / 3) END, start + to_days({days})
    FROM bench_recipe;
    """


def _posts_sql(days: int) -> str:
    received = "per_post * appeal * {share} + {u}"
    counts = {  # floor(mean + uniform): an unbiased whole number of reactions
        "likes": received.format(share=1.0, u=u(POST, 6)),
        "reposts": received.format(share=0.3, u=u(POST, 7)),
        "replies": received.format(share=0.2, u=u(POST, 8)),
        "quotes": received.format(share=0.05, u=u(POST, 9)),
    }
    known = {"likes": "platform <> 'bluesky'", "reposts": "platform <> 'bluesky'",
             "replies": "platform = 'x'", "quotes": "platform = 'x'"}
    return f"""
    INSERT INTO posts
    WITH drawn AS (
        SELECT platform, account, i, j,
               start + to_seconds((({u(POST, 0)}) * {days * 86400})::BIGINT) AS created_at,
               CASE WHEN {u(POST, 1)} < repost_share THEN 'repost'
                    WHEN {u(POST, 1)} < repost_share + reply_share THEN 'reply'
                    WHEN {u(POST, 1)} < repost_share + reply_share + 0.05 THEN 'quote'
                    ELSE 'original' END AS kind,
               per_post, exp(-0.6 + 1.1 * {normal(POST, 2)}) AS appeal,
               {u(POST, 4)} < 0.15 AS self_pick,
               'user' || ({h(POST, 5)} % 5000) AS target
        FROM (SELECT *, unnest(range(n)) AS j FROM bench_recipe)
    ),
    shaped AS (
        SELECT * REPLACE (appeal * CASE kind WHEN 'original' THEN 1.0 WHEN 'quote' THEN 0.8
                                            WHEN 'reply' THEN 0.25 ELSE 0.0 END AS appeal),
               kind = 'reply' AND self_pick AS is_self_reply
        FROM drawn
    )
    SELECT platform, account, j::VARCHAR, created_at, kind, is_self_reply, 'post ' || j, 'en',
           CASE WHEN is_self_reply THEN account WHEN kind = 'reply' THEN target END,
           CASE WHEN kind = 'reply' AND NOT is_self_reply THEN [target] ELSE []::VARCHAR[] END,
           []::VARCHAR[], []::VARCHAR[],
           {', '.join(f"CASE WHEN {known[c]} THEN least(floor({expr}), 2e9)::INTEGER END" for c, expr in counts.items())},
           'bench'
    FROM shaped
    """


def generate(path: str, n: int, days: int, threads: int) -> dict:
    from cloutlab import store

    con = store.connect(path)
    con.execute(f"SET threads = {threads}")
    t0 = time.perf_counter()
    con.execute(_accounts_sql(n, days))
    con.execute(_posts_sql(days))
    con.execute("DROP TABLE bench_recipe; CHECKPOINT")
    seconds = time.perf_counter() - t0
    posts, accounts = con.execute("SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM accounts)").fetchone()
    con.close()
    return {"accounts": accounts, "posts": posts, "generate_s": round(seconds, 2),
            "db_mb": round(os.path.getsize(path) / 2 ** 20)}


def score(path: str, threads: int, runs: int, check: int) -> dict:
    """Time leaderboard() on the file (run in a fresh process: ru_maxrss is then the scoring's peak), then
    check `check` accounts against the single-dataset path."""
    from cloutlab import cohort, store

    con = store.connect(path)
    con.execute(f"SET threads = {threads}")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        lb = cohort.leaderboard(con)
        times.append(time.perf_counter() - t0)
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {"rows": len(lb), "scored": int(lb["score"].notna().sum()), "score_s": [round(t, 2) for t in times],
            "median_score": round(float(lb["score"].median()), 2),
            "p95_score": round(float(lb["score"].quantile(0.95)), 2), "peak_rss_mb": peak,
            **_check(con, lb, check)}


def _check(con, lb, n: int) -> dict:
    """Max |difference| from opaque.score_series / ledger.composite_series on `n` spread-out accounts."""
    from cloutlab.scores import inputs, ledger, opaque
    from cloutlab.store.datasets import DatasetId

    if n <= 0:
        return {}
    worst_score = worst_comp = 0.0
    rows = lb[lb["score"].notna()]
    for row in rows.iloc[:: max(1, len(rows) // n)].head(n).itertuples():
        inp = inputs.from_store(con, [(row.platform, row.account)], seed=DatasetId.imported(row.platform, row.account).seed)
        series = opaque.score_series(inp).loc[row.date]
        worst_score = max(worst_score, *(abs(series[c] - getattr(row, c)) for c in ("score", *opaque.SUBSCORES)))
        worst_comp = max(worst_comp, abs(ledger.composite_series(inp).loc[row.date] - row.composite))
    return {"checked": n, "max_score_diff": round(worst_score, 6), "max_composite_diff": worst_comp}


def _spark(path: str, out: str, args) -> dict:
    """Export the database as Parquet, then score it on Spark in a fresh process (cohort_spark_child.py)."""
    from cloutlab.store import parquet
    from cloutlab import cohort, store

    con = store.connect(path)
    con.execute(f"SET threads = {args.threads}")
    t0 = time.perf_counter()
    parquet.export(con, out, args.buckets, keys=cohort.keys_table(con))
    con.close()
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    report = {"export_s": round(time.perf_counter() - t0, 2), "parquet_mb": round(size / 2**20), "buckets": args.buckets}
    cmd = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "cohort_spark_child.py"), out,
           "--runs", str(args.runs), "--master", args.spark_master, *(f"--conf={c}" for c in args.spark_conf)]
    child = subprocess.run(cmd, capture_output=True, text=True)
    if child.returncode:
        sys.exit(f"Spark scoring failed:\n{child.stderr[-3000:]}")
    return {**report, "spark": json.loads(child.stdout.strip().splitlines()[-1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=10_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=2, help="scoring runs (the first reads the file cold-ish)")
    ap.add_argument("--check", type=int, default=20, help="accounts checked against the single-dataset path")
    ap.add_argument("--db", help="DuckDB file to write (default: a temporary file, removed afterwards)")
    ap.add_argument("--score-only", metavar="FILE", help=argparse.SUPPRESS)  # the child process
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--engine", choices=("duckdb", "spark", "both"), default="duckdb")
    ap.add_argument("--buckets", type=int, default=8, help="Parquet hash buckets for --engine spark")
    ap.add_argument("--spark-master", default="local[2]")
    ap.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--parquet", metavar="DIR", help="keep the Parquet export here (default: a temporary folder)")
    args = ap.parse_args()
    if args.score_only:
        print(json.dumps(score(args.score_only, args.threads, args.runs, args.check)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or os.path.join(tmp, "cohort_bench.duckdb")
        if os.path.exists(path):
            sys.exit(f"{path} exists; give a new file")
        report = {"cores": os.cpu_count(), "threads": args.threads, **generate(path, args.accounts, args.days, args.threads)}
        if args.engine in ("duckdb", "both"):
            child = subprocess.run([sys.executable, __file__, "--score-only", path, "--threads", str(args.threads),
                                    "--runs", str(args.runs), "--check", str(args.check)], capture_output=True, text=True)
            if child.returncode:
                sys.exit(f"scoring failed:\n{child.stderr}")
            report.update(json.loads(child.stdout.strip().splitlines()[-1]))
        if args.engine in ("spark", "both"):
            report.update(_spark(path, args.parquet or os.path.join(tmp, "parquet"), args))
        report["load_avg_1m"] = round(os.getloadavg()[0], 1)  # other work on the machine skews the times
    if args.json:
        print(json.dumps(report))
    else:
        for k, v in report.items():
            print(f"{k:>14}: {v:,}" if isinstance(v, int) else f"{k:>14}: {v}")


if __name__ == "__main__":
    main()
