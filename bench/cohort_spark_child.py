"""The Spark half of bench/cohort_bench.py --engine spark (run as its own process; not a benchmark alone).

    .venv/bin/python bench/cohort_spark_child.py PARQUET_DIR [--runs 2] [--master local[2]] [--conf k=v ...]

Times cohort.spark.leaderboard over a Parquet export, then reads Spark's event log (no web UI, nothing
leaves the machine) for what each run did: per stage its tasks, their run times, the bytes read from
Parquet, shuffled and collected. A task of the scan stages is one Parquet split of one bucket: its run time
is the per-partition time the README's scale arithmetic uses. Last, the same export is scored by DuckDB
and the largest difference between the two leaderboards is reported. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))


def _lines(paths: list[str]):
    for path in paths:
        with open(path) as f:
            yield from f


def stage_metrics(log_dir: str) -> dict[str, list[dict]]:
    """{job group: [per stage {stage, tasks, task_s (list), input_mb, shuffle_read_mb, shuffle_write_mb,
    result_mb}]} from Spark's JSON event log."""
    group_of_stage, stages = {}, {}
    (path,) = glob.glob(os.path.join(log_dir, "*"))  # Spark 4 rolls its log: a folder of events_N_* files
    parts = sorted(glob.glob(os.path.join(path, "events_*")), key=lambda p: int(os.path.basename(p).split("_")[1])) \
        if os.path.isdir(path) else [path]
    for line in _lines(parts):
        ev = json.loads(line)
        kind = ev.get("Event")
        if kind == "SparkListenerJobStart":
            group = (ev.get("Properties") or {}).get("spark.jobGroup.id", "other")
            for sid in ev.get("Stage IDs", []):
                group_of_stage[sid] = group
        elif kind == "SparkListenerTaskEnd" and ev.get("Task Metrics"):
            m, sid = ev["Task Metrics"], ev["Stage ID"]
            st = stages.setdefault(sid, {"stage": sid, "tasks": 0, "task_s": [], "input_mb": 0.0,
                                         "shuffle_read_mb": 0.0, "shuffle_write_mb": 0.0, "result_mb": 0.0})
            st["tasks"] += 1
            st["task_s"].append(m["Executor Run Time"] / 1000)
            st["input_mb"] += m.get("Input Metrics", {}).get("Bytes Read", 0) / 2**20
            sr = m.get("Shuffle Read Metrics", {})
            st["shuffle_read_mb"] += (sr.get("Remote Bytes Read", 0) + sr.get("Local Bytes Read", 0)) / 2**20
            st["shuffle_write_mb"] += m.get("Shuffle Write Metrics", {}).get("Shuffle Bytes Written", 0) / 2**20
            st["result_mb"] += m.get("Result Size", 0) / 2**20
    out: dict[str, list[dict]] = {}
    for sid, st in sorted(stages.items()):
        out.setdefault(group_of_stage.get(sid, "other"), []).append(st)
    return out


def summary(stages: list[dict]) -> dict:
    scan = [s for s in stages if s["input_mb"] > 0]
    scan_tasks = [t for s in scan for t in s["task_s"]]
    return {
        "stages": len(stages), "tasks": sum(s["tasks"] for s in stages),
        "task_s_total": round(sum(sum(s["task_s"]) for s in stages), 1),
        "input_mb": round(sum(s["input_mb"] for s in stages), 1),
        "shuffle_write_mb": round(sum(s["shuffle_write_mb"] for s in stages), 1),
        "shuffle_read_mb": round(sum(s["shuffle_read_mb"] for s in stages), 1),
        "collected_mb": round(sum(s["result_mb"] for s in stages), 2),
        "scan_tasks": len(scan_tasks),
        "scan_task_s_median": round(statistics.median(scan_tasks), 2) if scan_tasks else None,
        "scan_task_s_max": round(max(scan_tasks), 2) if scan_tasks else None,
        "scan_task_s_total": round(sum(scan_tasks), 1),
        "largest_single_task_stage_s": round(max((s["task_s"][0] for s in stages if s["tasks"] == 1), default=0), 2),
    }


# The posts columns the statement reads (Spark's input metrics under-count Parquet's vectorized reads, so
# the bytes read are taken from the files' column chunks instead).
READ = ("platform", "account", "created_at", "kind", "is_self_reply", "mentions", "likes", "reposts", "replies",
        "quotes")


def _columns_mb(folder: str, columns) -> float:
    import pyarrow.parquet as pq

    total = 0
    for path in glob.glob(os.path.join(folder, "*", "*.parquet")):
        meta = pq.ParquetFile(path).metadata
        for g in range(meta.num_row_groups):
            rg = meta.row_group(g)
            total += sum(rg.column(c).total_compressed_size for c in range(rg.num_columns)
                         if rg.column(c).path_in_schema.split(".")[0] in columns)
    return round(total / 2**20, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("parquet")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()

    import duckdb

    from cloutlab import cohort
    from cloutlab.cohort.spark import leaderboard, session
    from cloutlab.store import parquet

    log_dir = tempfile.mkdtemp(prefix="spark-events-")
    conf = {"spark.eventLog.enabled": "true", "spark.eventLog.dir": f"file://{log_dir}",
            "spark.eventLog.compress": "false", **dict(c.split("=", 1) for c in args.conf)}
    t0 = time.perf_counter()
    spark = session(args.master, app="cohort_bench", **conf)
    report = {"master": args.master, "spark": spark.version, "conf": dict(c.split("=", 1) for c in args.conf),
              "start_s": round(time.perf_counter() - t0, 2), "runs": []}
    for i in range(args.runs):
        spark.sparkContext.setJobGroup(f"run{i}", "cohort leaderboard")
        t0 = time.perf_counter()
        lb = leaderboard(spark, args.parquet)
        report["runs"].append({"wall_s": round(time.perf_counter() - t0, 2)})
    spark.stop()
    groups = stage_metrics(log_dir)
    for i, run in enumerate(report["runs"]):
        run.update(summary(groups.get(f"run{i}", [])))
    report["rows"], report["scored"] = len(lb), int(lb["score"].notna().sum())
    report["posts_columns_read_mb"] = _columns_mb(os.path.join(args.parquet, "posts"), READ)

    con = duckdb.connect()
    parquet.attach(con, args.parquet)
    t0 = time.perf_counter()
    want = cohort.leaderboard(con)
    report["duckdb_over_parquet_s"] = round(time.perf_counter() - t0, 2)
    same_order = lb[["platform", "account"]].values.tolist() == want[["platform", "account"]].values.tolist()
    report["same_rows_and_ranks"] = bool(same_order and lb["rank_opaque"].equals(want["rank_opaque"])
                                         and lb["rank_composite"].equals(want["rank_composite"]))
    report["max_diff_vs_duckdb"] = float(max((lb[c] - want[c]).abs().max() for c in
                                             ("score", "true_reach", "amplification", "network", "composite")))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
