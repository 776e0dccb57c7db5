"""No disk means no disk (issue 24): an X archive imported with and without CLOUTLAB_NO_DISK=1.

    .venv/bin/python bench/nodisk_bench.py [--tweets 100000] [--strict]

Builds an X archive of --tweets tweets (tests/make_hostile.py), then runs `python -m cloutlab import` on it
twice, in-memory (no --db), each with a fresh $TMPDIR that is walked every 50 ms: prints the wall time and the
peak bytes found in $TMPDIR. Target: 0 bytes in $TMPDIR under NO_DISK (the
tweets are staged in anonymous memory files, memfd_create, which DuckDB reads through /proc/self/fd); with
--strict the exit code is 1 when any byte was written there.

Before issue 24: importing 100,000 tweets under NO_DISK put 91 MB of plain JSON in $TMPDIR.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]


def _peak_bytes(folder: Path) -> int:
    total = 0
    for f in folder.rglob("*"):
        try:
            total += f.stat().st_size if f.is_file() else 0
        except OSError:  # removed while walked
            pass
    return total


def run(archive: Path, no_disk: bool, work: Path) -> dict:
    tmp = Path(tempfile.mkdtemp(dir=work))
    env = {**os.environ, "CLOUTLAB_NO_DISK": "1" if no_disk else "0", "TMPDIR": str(tmp),
           "PYTHONPATH": str(ROOT / "src")}
    start, peak = time.perf_counter(), 0
    proc = subprocess.Popen([sys.executable, "-m", "cloutlab", "import", str(archive), "--json"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while proc.poll() is None:
        peak = max(peak, _peak_bytes(tmp))
        time.sleep(0.05)
    err = proc.stderr.read()
    return {"seconds": time.perf_counter() - start, "code": proc.returncode, "peak_mb": peak / 1e6,
            "error": err.strip()[-200:]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tweets", type=int, default=100_000)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    import make_fixtures as mf
    import make_hostile as mh

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        archive = mh.x_zip(work, "big.zip", mh.x_files([
            mf.x_tweet(n, f"tweet {n} " + "x" * 600, "Mon Jan 03 09:00:00 +0000 2022", likes="3")
            for n in range(1, args.tweets + 1)]))
        print(f"X archive of {args.tweets:,} tweets: {archive.stat().st_size / 1e6:.1f} MB zipped")
        results = {}
        for no_disk in (False, True):
            r = results[no_disk] = run(archive, no_disk, work)
            print(f"CLOUTLAB_NO_DISK={int(no_disk)}: {r['seconds']:.1f} s, exit {r['code']}, peak in $TMPDIR "
                  f"{r['peak_mb']:.1f} MB {r['error']}")
    ok = results[True]["code"] == 0 and results[True]["peak_mb"] == 0
    print(f"target: nothing in $TMPDIR under NO_DISK: {'met' if ok else 'MISSED'}")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
