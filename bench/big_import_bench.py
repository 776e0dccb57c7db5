"""A person's whole archive (issue 26, item 5): tweets plus media files in one zip, imported four ways.

    PYTHONPATH=src .venv/bin/python bench/big_import_bench.py [--tweets 200000] [--media-mb 5120] [--skip-upload]

Builds (cached in bench/out/) an X archive of `--tweets` realistic tweets (bench/import_bench.py's generator,
parts of 100,000) plus `--media-mb` of incompressible media files under data/tweets_media/ (stored, as X
ships them), then measures, each in its own subprocess (wall time, peak RSS from wait4):
- floor: DuckDB's own read_json of the stripped tweet arrays (import_bench.py's floor 2);
- cli: `python -m cloutlab import ARCHIVE --db FILE`;
- app, path: the Import page through AppTest, "Import from this computer" (the page's own code, worker thread
  and progress polling included), into the browser's DuckDB file as the app does;
- app, upload: the same page's uploader through AppTest. The harness itself holds the archive's bytes and
  AppTest copies them into Streamlit's upload store, so its RSS includes about two copies of the archive
  that a real server (which receives the bytes from the browser) holds once;
- app, idle: the same AppTest child opening the Import page without importing (the app's own baseline).
Prints a markdown table with the ratio of each import's wall time to the floor's. Issue 26's target sizes:
200,000 tweets + 5 GB media (path import <= 1.2x the CLI, server < 1 GB), and 10 M text-only tweets; on a
shared disk run smaller (--media-mb 300) and say so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_bench as ib  # the archive generator, the floor and the child runner

ROOT = Path(__file__).resolve().parents[1]
PER = 100_000
MEDIA_FILE = 4 << 20  # photos and short videos: a few MB each

APP_CHILD = """
import os, sys, time
from streamlit.testing.v1 import AppTest
mode, archive = sys.argv[1], sys.argv[2]
at = AppTest.from_file(os.path.join(os.getcwd(), "app.py"), default_timeout=3600).run()
at.switch_page("pages/import.py").run()
if mode == "idle":
    print(0.0, 0); sys.exit(0)
if mode == "path":
    at.text_input(key="local_path").set_value(archive).run()
    t1 = time.perf_counter()
    at.button(key="import_path_button").click().run()
else:
    with open(archive, "rb") as fh:
        data = fh.read()
    at.file_uploader(key="uploads").set_value([(os.path.basename(archive), data, "application/zip")]).run()
    del data
    t1 = time.perf_counter()
    at.button(key="import_button").click().run()
took = time.perf_counter() - t1
errors = [e.value for e in at.error] + [str(e.value) for e in at.exception]
if errors:
    sys.exit("app import failed: " + " | ".join(errors)[:500])
log = at.session_state["import_log"]
print(took, log[-1]["items"])
"""


def build(tweets: int, media_mb: int) -> Path:
    base = ib.build_archive(tweets, PER)
    path = ib.OUT / f"big-{tweets}-{media_mb}mb.zip"
    if path.exists():
        return path
    tmp = path.with_suffix(".partial")
    shutil.copyfile(base, tmp)
    with zipfile.ZipFile(tmp, "a", zipfile.ZIP_STORED) as zf:
        left, k = media_mb << 20, 0
        while left > 0:
            size = min(MEDIA_FILE, left)
            with zf.open(f"data/tweets_media/{1_300_000_000_000_000_000 + k * 7919}-m{k}.jpg", "w", force_zip64=True) as out:
                out.write(os.urandom(size))
            left, k = left - size, k + 1
    tmp.rename(path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tweets", type=int, default=200_000)
    ap.add_argument("--media-mb", type=int, default=5120)
    ap.add_argument("--skip-upload", action="store_true", help="the upload holds the archive in memory (twice here)")
    args = ap.parse_args()
    ib.OUT.mkdir(exist_ok=True)
    archive = build(args.tweets, args.media_mb)
    arrays = ib.stripped_arrays(ib.build_archive(args.tweets, PER))
    py = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rows: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="cloutlab-bigbench-") as tmp:
        rows.append(("floor: DuckDB read_json", ib.run([py, "-c", ib.DUCKDB_FLOOR, *map(str, arrays)], env)))
        rows.append(("cli: cloutlab import --db", ib.run(
            [py, "-m", "cloutlab", "import", str(archive), "--db", os.path.join(tmp, "cli.duckdb")], env)))
        modes = ["idle", "path"] + ([] if args.skip_upload else ["upload"])
        for mode in modes:
            data_dir = os.path.join(tmp, f"data-{mode}")
            cwd = os.getcwd()
            os.chdir(ROOT)  # AppTest finds app.py and pages/ from here
            try:
                rows.append((f"app, {mode}", ib.run([py, "-c", APP_CHILD, mode, str(archive)],
                                                     {**env, "CLOUTLAB_DATA_DIR": data_dir})))
            finally:
                os.chdir(cwd)
    floor, floor_import = rows[0][1]["wall"], float(rows[0][1]["out"][0])
    size = archive.stat().st_size / (1 << 20)
    print(f"\narchive: {archive.name}, {size:,.0f} MB ({args.tweets:,} tweets + {args.media_mb:,} MB media)\n")
    print("| run | wall s (child) | import s | peak RSS MB | wall x floor | import x floor's |")
    print("|---|---|---|---|---|---|")
    for name, r in rows:
        try:
            took = float(r["out"][0])
        except (IndexError, ValueError):  # the CLI prints its JSON summary, not a time: its wall is the import
            took = r["wall"]
        ratio = f"{took / floor_import:.1f}" if took else "-"
        print(f"| {name} | {r['wall']:.1f} | {took:.1f} | {r['rss_mb']:,.0f} | {r['wall'] / floor:.1f} | {ratio} |")


if __name__ == "__main__":
    main()
