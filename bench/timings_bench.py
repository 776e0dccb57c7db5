"""Timings that used to sit inside tests (issue 12: no timed assertion in tests, shared CI cores make them
flaky). Each line prints the figure and its target; a figure without a target is there to watch trends.

    .venv/bin/python bench/timings_bench.py [--runs 7] [--no-page]

- metrics_series on 3,650 days (was tests/test_transparent.py): target a median under 50 ms.
- every demo persona built and stored in one in-memory database (was tests/test_demo.py): no target.
- the Home page's first render (cold, builds the personas) and its rerun after switching to each persona,
  in AppTest (was tests/test_app_home.py): no target (the browser figures are bench/load_bench.py's).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from cloutlab.store import demo
from cloutlab.store.datasets import DatasetId
from cloutlab import store
from cloutlab.scores import transparent as T

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from helpers import ten_years_input  # noqa: E402 - after sys.path (the same input tests/test_transparent.py checks)

APP = str(ROOT / "app.py")
METRICS_TARGET_S = 0.05


def metrics_series(runs: int) -> bool:
    inp = ten_years_input()
    T.metrics_series(inp)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        T.metrics_series(inp)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    met = median < METRICS_TARGET_S
    print(f"metrics_series on 3,650 days: median {1000 * median:.1f} ms over {runs} runs "
          f"(target < {1000 * METRICS_TARGET_S:.0f} ms: {'MET' if met else 'MISSED'})")
    return met


def personas_stored() -> None:
    t0 = time.perf_counter()
    con = store.connect()
    demo.load_all(con)
    accounts = con.execute("SELECT count(DISTINCT account) FROM accounts").fetchone()[0]
    print(f"all {len(demo.PERSONAS)} personas ({accounts} accounts) built and stored in "
          f"{time.perf_counter() - t0:.2f} s (no target)")


def home_page() -> None:
    from streamlit.testing.v1 import AppTest

    t0 = time.perf_counter()
    at = AppTest.from_file(APP, default_timeout=120).run()
    print(f"Home first render (cold, builds personas, AppTest): {time.perf_counter() - t0:.2f} s (no target)")
    for name in demo.PERSONAS:
        t0 = time.perf_counter()
        at.selectbox(key="dataset_picker").set_value(str(DatasetId.demo(name))).run()
        took = time.perf_counter() - t0
        assert not at.exception, [e.value for e in at.exception]
        print(f"Home rerun for {name}: {took:.3f} s (no target)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed calls of metrics_series (median)")
    ap.add_argument("--no-page", action="store_true", help="skip the AppTest Home timings")
    args = ap.parse_args(argv)
    met = metrics_series(args.runs)
    personas_stored()
    if not args.no_page:
        home_page()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares this machine)")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
