"""Session memory benchmark (issue 11): is a browser session's data released when the session ends?

    .venv/bin/python bench/session_memory_bench.py [--sessions 10] [--tweets 100000] [--ttl 120] [--grace 30]
                                                   [--disk] [--json FILE] [--strict]

Starts `streamlit run app.py` on a free local port (CLOUTLAB_NO_DISK=1 unless --disk: imports then live
in each session's memory, the case that used to leak), warms it with one visit, and measures the server's
memory (RSS and PSS of the process, from /proc) at four points:
  before   after a warm-up session (one import, then Home) was closed and dropped: the shared demo
           database is built and every module a session loads is loaded
  during   after --sessions browser sessions (one headless chromium, one context each) have each imported an
           X archive of --tweets tweets on the Import page and drawn the Home page, all still open (the
           peak, sampled every 0.2 s while they work, is reported too)
  after    every tab closed, then Streamlit's disconnected-session TTL (--ttl, passed to the server as
           server.disconnectedSessionTTL; Streamlit's default is 120 s) plus --grace seconds
Target: `after` within 10% of `before`. With --strict the exit code is 1 when it is missed.

Before issue 11: 10 sessions of 100,000 tweets took the server from 376 MB to 1.8 GB, still 1.8 GB 150 s
after every tab closed. The fix: cloutlab.ui.session_end closes a session's databases and returns freed
memory to the system when Streamlit drops the session.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tests"))
import e2e_kit as kit  # noqa: E402 - after the sys.path line above
import make_fixtures as mf  # noqa: E402 - after the sys.path line above
import make_hostile as mh  # noqa: E402 - after the sys.path line above


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB, from /proc (PSS counts shared pages once)."""
    rss = pss = 0.0
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    return rss, pss


def archive(folder: Path, n: int) -> Path:
    tweets = [mf.x_tweet(i, f"post number {i} about #topic{i % 50} and more words here", 
                         f"Mon Jan {1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00 +0000 {2018 + i % 5}", likes=str(i % 7))
              for i in range(1, n + 1)]
    return mh.x_zip(folder, f"x-{n}.zip", mh.x_files(tweets, generated="2023-07-01T00:00:00.000Z"))


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, (0.0, 0.0), threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rss, pss = memory_mb(self.pid)
            self.peak = (max(self.peak[0], rss), max(self.peak[1], pss))
            time.sleep(0.2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--tweets", type=int, default=100_000)
    ap.add_argument("--ttl", type=float, default=120.0)
    ap.add_argument("--grace", type=float, default=30.0)
    ap.add_argument("--disk", action="store_true", help="keep imports on disk per browser (the app's default)")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    if not args.disk:
        os.environ["CLOUTLAB_NO_DISK"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        path = archive(Path(tmp), args.tweets)
        payload = {"name": path.name, "mimeType": "application/zip", "buffer": path.read_bytes()}
        extra = ("--server.disconnectedSessionTTL", str(int(args.ttl)))
        with kit.streamlit_server("session-memory.log", extra_args=extra) as url, sync_playwright() as p:
            pid = kit.server_pid(url)
            browser = p.chromium.launch(executable_path=kit.find_chromium(), args=kit.CHROMIUM_ARGS, headless=True)
            # Warm-up: one whole session (import, Home), closed and dropped, so modules loaded once per process
            # (the importers, pyarrow's readers, plotly) count in `before` and only per-session data is compared.
            warm = browser.new_context()
            page = kit.watch(warm.new_page(), url)
            page.set_default_timeout(300_000)
            kit.goto(page, "/import", "Import your export", timeout=120_000)
            kit.import_files(page, [payload])
            kit.nav_to(page, "Home")
            warm.close()
            time.sleep(args.ttl + args.grace)
            before = memory_mb(pid)
            sampler = Sampler(pid)
            sampler.start()
            started = time.monotonic()
            contexts = []
            for i in range(args.sessions):
                ctx = browser.new_context()
                pg = kit.watch(ctx.new_page(), url)
                pg.set_default_timeout(300_000)
                kit.goto(pg, "/import", "Import your export", timeout=120_000)
                kit.import_files(pg, [payload])
                kit.nav_to(pg, "Home")
                kit.assert_clean(pg, f"session {i}")
                contexts.append(ctx)
                print(f"session {i + 1}: imported and drawn, server RSS {memory_mb(pid)[0]:,.0f} MB", flush=True)
            work_s = time.monotonic() - started
            during = memory_mb(pid)
            for ctx in contexts:
                ctx.close()
            closed = time.monotonic()
            time.sleep(args.ttl + args.grace)
            after = memory_mb(pid)
            sampler.stop.set()
            browser.close()
    ratio = after[0] / before[0]
    result = {
        "sessions": args.sessions, "tweets": args.tweets, "ttl_s": args.ttl, "grace_s": args.grace,
        "before_rss_mb": round(before[0]), "before_pss_mb": round(before[1]),
        "during_rss_mb": round(during[0]), "peak_rss_mb": round(sampler.peak[0]), "peak_pss_mb": round(sampler.peak[1]),
        "after_rss_mb": round(after[0]), "after_pss_mb": round(after[1]),
        "after_over_before": round(ratio, 3), "work_s": round(work_s, 1), "waited_s": round(time.monotonic() - closed, 1),
        "disk": args.disk,
    }
    print(f"server memory (RSS): before {result['before_rss_mb']:,} MB, during {result['during_rss_mb']:,} MB "
          f"(peak {result['peak_rss_mb']:,} MB), after {result['after_rss_mb']:,} MB = {ratio:.2f} x before "
          f"({args.sessions} sessions x {args.tweets:,} tweets, {work_s:.0f} s of work, waited {result['waited_s']} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    ok = ratio <= 1.10
    print("target (after within 10% of before):", "met" if ok else "MISSED")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
