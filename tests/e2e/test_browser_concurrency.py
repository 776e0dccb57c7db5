"""Several people at once on one server (bench/load_bench.py with a small, bounded count): every session
switches personas and moves sliders for a while; none sees an exception, a console error or a timeout, and
each ends showing exactly its own choices (isolation under concurrency). The full load figures (30 sessions,
p95 target) come from running the bench by hand; here only correctness is asserted, since shared CI cores
make timings noisy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import e2e_kit as kit

pytestmark = pytest.mark.e2e


def test_five_concurrent_sessions_without_errors(server, tmp_path):
    out = tmp_path / "load.json"
    cmd = [sys.executable, str(kit.ROOT / "bench" / "load_bench.py"), "--url", server,
           "--sessions", "5", "--seconds", "6", "--think", "1", "--ramp", "0.2", "--json", str(out)]
    proc = subprocess.run(cmd, cwd=kit.ROOT, capture_output=True, text=True, timeout=240)
    print(proc.stdout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["errors"] == [], result["errors"]
    times = result["times"]
    assert times["first page load"]["n"] == 5  # every session got going
    assert times["persona switch"]["n"] >= 1 and times["window slider"]["n"] >= 1, times
    if "whatif" in result["pages"]:
        assert times["what-if slider"]["n"] >= 1, times
    assert times["all interactions"]["n"] >= 10, times  # about 5 x 6 s / (1 s think + response)
