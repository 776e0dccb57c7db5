"""Import benchmark (docs/DESIGN.md section 10): cloutlab against twitter-to-sqlite and two floors, in one run.

    .venv/bin/python bench/import_bench.py [--sizes 1000000 10000000] [--part-tweets 200000] [--only file memory floor] [--skip-t2s] [--skip-orjson] [--repeat 1]

Builds X archives of realistic small tweets split into tweets.js, tweets-part1.js, ... (cached in
bench/out/; 10M tweets take minutes to build), then measures each contender in its own subprocess (wall
time and peak RSS from wait4):
- cloutlab, file: `python -m cloutlab import ARCHIVE --db FILE --max-inflate-gb 64` (the command line's code,
  closing the database included), what the app's path import does too (import_path into the browser's file);
- cloutlab, memory: `import_path` into an in-memory database, the command line's default without --db;
- twitter-to-sqlite 0.22, installed by this script into a throwaway venv under bench/out/ (never into the
  project's requirements). It only knows the older single `data/tweet.js`, so it gets a converted copy;
- floor 1: unzip + orjson parse of the same tweet files (nothing shaped, nothing stored);
- floor 2: DuckDB's own `read_json` of the already-stripped arrays into six plain columns in memory.
Prints a markdown table, then how each one's peak RSS grows from the smallest size to the largest.
Targets (issue 7): cloutlab 1M <= 6 s, <= 2x floor 2, < 1 GB, >= 10x faster than t2s.
Targets (issue 23 item 5, issue 26): 10M tweets in <= 60 s on 2 cores (a quiet run) at < 2 GB into a
database file, and peak RSS from 1M to 10M growing no faster than floor 2's (`--sizes 1000000 10000000`).
An in-memory database must hold all 10M rows itself (about 2.2 GB of table, uncompressed), so its figure is
shown beside the others but cannot be under 2 GB. On a machine others are using, wall times are inflated by
their load (printed): CPU time is the steadier figure, and a run under `nice -n -10` (printed as niceness)
stands in for a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]
T2S_VENV = OUT / "t2s-venv"
T2S_PINS = ["twitter-to-sqlite==0.22", "orjson==3.11.7"]
WORDS = ("the of and to in is you that it he was for on are as with his they at be this have from or one had by word "
         "but not what all were we when your can said there use an each which she do how their if will up other about "
         "out many then them these so some her would make like him into time has look two more write go see number no "
         "way could people my than first water been call who oil its now find long down day did get come made may part").split()


# ------------------------------------------------------------------------------------------- archives
FIRST_TWEET = 1_300_000_000  # 2011-03-13, seconds since 1970
EXPORTED = 1_667_923_613  # the manifest's generationDate, 2022-11-08T16:06:53Z: no tweet may come after it
SPACING = 300  # seconds between tweets, up to the size where they would run past the export date


def _spacing(n: int) -> float:
    """Seconds between tweets: 300 (as before) while n tweets fit before the export date, else closer, so
    every size keeps every tweet (at 300 s, tweets past 1.23M ran beyond the export date and were left out,
    so 3M and 10M figures were not like for like: issue 23)."""
    return min(SPACING, (EXPORTED - FIRST_TWEET - 1) / max(n, 1))


def _tweet(i: int, rng: random.Random, owner: str, spacing: float = SPACING) -> str:
    """One archive item, pretty-printed as X writes it (counts and ids as strings). Mix: 70% original,
    12% retweets, 15% replies (a third of them self-replies), 3% quotes."""
    tid = str(1_300_000_000_000_000_000 + i * 7919)
    roll = rng.random()
    text = " ".join(rng.choices(WORDS, k=rng.randint(4, 22)))
    when = time.strftime("%a %b %d %H:%M:%S +0000 %Y", time.gmtime(FIRST_TWEET + int(i * spacing)))
    likes, rts, reply, urls, mentions = str(rng.randint(0, 40)), str(rng.randint(0, 8)), "", "", ""
    if roll < 0.12:
        text, likes, rts = f"RT @friend{i % 97}: {text}", "0", "0"
        mentions = f'{{ "name" : "Friend", "screen_name" : "friend{i % 97}", "indices" : [ "3", "12" ], "id_str" : "42", "id" : "42" }}'
    elif roll < 0.27:
        who = owner if roll < 0.17 else f"friend{i % 89}"
        text = f"@{who} {text}"
        reply = (f'"in_reply_to_status_id_str" : "{int(tid) - 7919}",\n      "in_reply_to_user_id" : "7",\n      '
                 f'"in_reply_to_screen_name" : "{who}",\n      "in_reply_to_status_id" : "{int(tid) - 7919}",\n      '
                 f'"in_reply_to_user_id_str" : "7",\n      ')
    elif roll < 0.30:
        urls = (f'{{ "url" : "https://t.co/abc", "expanded_url" : "https://twitter.com/friend/status/{tid}", '
                f'"display_url" : "twitter.com/friend/status/…", "indices" : [ "40", "63" ] }}')
    return f"""  {{
    "tweet" : {{
      "edit_info" : {{ "initial" : {{ "editTweetIds" : [ "{tid}" ], "editableUntil" : "2022-11-08T16:06:53.000Z", "editsRemaining" : "5", "isEditEligible" : true }} }},
      "retweeted" : false,
      "source" : "<a href=\\"https://mobile.twitter.com\\" rel=\\"nofollow\\">Twitter Web App</a>",
      "entities" : {{
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ {mentions} ],
        "urls" : [ {urls} ]
      }},
      "display_text_range" : [ "0", "{len(text)}" ],
      "favorite_count" : "{likes}",
      {reply}"id_str" : "{tid}",
      "truncated" : false,
      "retweet_count" : "{rts}",
      "id" : "{tid}",
      "created_at" : "{when}",
      "favorited" : false,
      "full_text" : "{text}",
      "lang" : "en"
    }}
  }}"""


def _part_names(n: int, per: int) -> list[str]:
    return ["data/tweets.js"] + [f"data/tweets-part{k}.js" for k in range(1, -(-n // per))]


def build_archive(n: int, per: int) -> Path:
    spacing = _spacing(n)
    # Archives that fit at 300 s are the same as before (cached ones stay valid); closer ones are new files.
    path = OUT / (f"x-{n}-{per}.zip" if spacing == SPACING else f"x-{n}-{per}-fit.zip")
    if path.exists():
        return path
    rng, owner = random.Random(n), "bench_user"
    tmp = path.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, name in enumerate(_part_names(n, per)):
            with zf.open(name, "w", force_zip64=True) as out:
                out.write(f"window.YTD.tweets.part{k} = [\n".encode())
                lo, hi = k * per, min(n, (k + 1) * per)
                for start in range(lo, hi, 10_000):
                    chunk = ",\n".join(_tweet(i, rng, owner, spacing) for i in range(start, min(hi, start + 10_000)))
                    out.write(((",\n" if start > lo else "") + chunk).encode())
                out.write(b"\n]")
        files = [{"fileName": name, "globalName": f"YTD.tweets.part{k}", "count": str(min(per, n - k * per))}
                 for k, name in enumerate(_part_names(n, per))]
        manifest = {"userInfo": {"accountId": "7", "userName": owner, "displayName": "Bench"},
                    "archiveInfo": {"generationDate": "2022-11-08T16:06:53.000Z", "isPartialArchive": False},
                    "dataTypes": {"tweets": {"files": files}}}
        zf.writestr("data/manifest.js", "window.__THAR_CONFIG = " + json.dumps(manifest, indent=2))
        zf.writestr("data/account.js", 'window.YTD.account.part0 = [ { "account" : { "username" : "bench_user", "accountId" : "7", '
                                       '"createdAt" : "2011-01-01T00:00:00.000Z", "accountDisplayName" : "Bench" } } ]')
        followers = ",\n".join(f'  {{ "follower" : {{ "accountId" : "{9000 + i}" }} }}' for i in range(2000))
        zf.writestr("data/follower.js", f"window.YTD.follower.part0 = [\n{followers}\n]")
    tmp.rename(path)
    return path


def stripped_arrays(archive: Path) -> list[Path]:
    """The tweet arrays minus their `window.YTD... =` line, as plain files (prep for the DuckDB floor, untimed)."""
    folder = OUT / (archive.stem + "-arrays")
    if not folder.exists():
        folder.mkdir()
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if "tweets" in name:
                    data = zf.read(name)
                    (folder / Path(name).with_suffix(".json").name).write_bytes(data[data.index(b"=") + 1:])
    return sorted(folder.glob("*.json"))


def old_layout(archive: Path) -> Path:
    """A copy with every part merged into one `data/tweet.js`, the layout twitter-to-sqlite 0.22 understands."""
    path = archive.with_name(archive.stem + "-old-layout.zip")
    if path.exists():
        return path
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        with dst.open("data/tweet.js", "w", force_zip64=True) as out:
            out.write(b"window.YTD.tweet.part0 = [")
            for k, name in enumerate(n for n in src.namelist() if "tweets" in n):
                data = src.read(name)
                body = data[data.index(b"[") + 1: data.rindex(b"]")]
                out.write((b"," if k else b"") + body)
                del data, body
            out.write(b"]")
        for name in ("data/account.js", "data/follower.js"):
            dst.writestr(name, src.read(name))
    return path


# ------------------------------------------------------------------------------------------- measuring
CLOUTLAB = """
import sys, time
t0 = time.perf_counter()
from cloutlab import store
from cloutlab.importers import import_path
from cloutlab.importers.archive_guard import Limits
con = store.connect(None)
t1 = time.perf_counter()
# As `import --max-inflate-gb 64`: 10 M tweets inflate to 8.5 GB, over the 8 GB default meant for a stranger's zip.
summary = import_path(con, sys.argv[1], limits=Limits(max_total_bytes=64 << 30))
print(time.perf_counter() - t1, summary["items"])
"""
CLOUTLAB_FILE = """
import contextlib, io, json, sys, time
from cloutlab.cli import main
from cloutlab import importers, store  # what cmd_import imports when it runs: loaded before the clock, as above
t1 = time.perf_counter()
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["import", sys.argv[1], "--db", sys.argv[2], "--max-inflate-gb", "64", "--json"])
took = time.perf_counter() - t1
if code:
    sys.exit(f"import --db failed ({code})")
print(took, json.loads(out.getvalue())["items"])
"""
ORJSON_FLOOR = """
import sys, time, zipfile
try:
    import orjson as parser
except ImportError:
    import json as parser
t1 = time.perf_counter()
n = 0
with zipfile.ZipFile(sys.argv[1]) as zf:
    for name in zf.namelist():
        if "tweets" in name:
            data = zf.read(name)
            n += len(parser.loads(data[data.index(b"=") + 1:]))
            del data
print(time.perf_counter() - t1, n, parser.__name__)
"""
DUCKDB_FLOOR = """
import sys, time, duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
t1 = time.perf_counter()
con.execute("CREATE TABLE t AS SELECT tweet.id_str AS id, tweet.full_text AS text, tweet.created_at AS created_at, "
            "tweet.favorite_count AS likes, tweet.retweet_count AS reposts, tweet.lang AS lang FROM read_json(?, format='array', "
            "columns={tweet: 'STRUCT(id_str VARCHAR, full_text VARCHAR, created_at VARCHAR, favorite_count VARCHAR, "
            "retweet_count VARCHAR, lang VARCHAR)'})", [sys.argv[1:]])
print(time.perf_counter() - t1, con.execute("SELECT count(*) FROM t").fetchone()[0])
"""


def run(cmd: list[str], env: dict | None = None) -> dict:
    """Wall time and peak RSS of one child process: reaping it with wait4 gives that child's own rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # Read pipes to EOF before reaping, so a chatty child cannot block on a full pipe.
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {err.decode()[-800:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall": wall, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024, "out": out.decode().split()}


def t2s_python() -> Path | None:
    """The throwaway venv with twitter-to-sqlite and orjson (created once; None if it cannot be made)."""
    py = T2S_VENV / "bin" / "python"
    if not (T2S_VENV / "bin" / "twitter-to-sqlite").exists():
        print("creating bench/out/t2s-venv with", " ".join(T2S_PINS), "...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(T2S_VENV)
        done = subprocess.run([str(py), "-m", "pip", "install", "-q", *T2S_PINS])
        if done.returncode:
            return None
    return py


FILE_ROW = "cloutlab, file: import --db (as the app's path import)"
MEMORY_ROW = "cloutlab, memory: import_path (CLI without --db)"
FLOOR_ROW = "floor: DuckDB read_json, 6 columns"


def _drop(db: Path) -> None:
    """A fresh database for every run (a second import would merge into the first)."""
    for leftover in (db, db.with_name(db.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(db.with_name(db.name + ".tmp"), ignore_errors=True)


def best_of(repeat: int, cmd: list[str], env: dict | None = None, before=None) -> dict:
    """The median run of `repeat` (disk write-back from building the archive disturbs single runs)."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        os.sync()
        runs.append(run(cmd, env))
    runs.sort(key=lambda r: float(r["out"][0]))
    return runs[len(runs) // 2]


CONTENDERS = ("file", "memory", "floor", "orjson", "t2s")


def bench_size(n: int, per: int, repeat: int, only: set[str]) -> list[tuple]:
    t0 = time.perf_counter()
    archive = build_archive(n, per)
    arrays = stripped_arrays(archive)
    print(f"[{n:,}] archive {archive.name}: {archive.stat().st_size / 1e6:,.0f} MB zipped, "
          f"{sum(p.stat().st_size for p in arrays) / 1e6:,.0f} MB of tweet JSON in {len(arrays)} parts "
          f"(built in {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    py = t2s_python() if only & {"orjson", "t2s"} else None
    rows = []
    if "file" in only:
        db = OUT / f"import-{n}.duckdb"
        r = best_of(repeat, [sys.executable, "-c", CLOUTLAB_FILE, str(archive), str(db)], env, before=lambda: _drop(db))
        _drop(db)
        rows.append((FILE_ROW, n, float(r["out"][0]), r["wall"], r["cpu"], r["rss_mb"], r["out"][1]))
    if "memory" in only:
        r = best_of(repeat, [sys.executable, "-c", CLOUTLAB, str(archive)], env)
        rows.append((MEMORY_ROW, n, float(r["out"][0]), r["wall"], r["cpu"], r["rss_mb"], r["out"][1]))
    if "floor" in only:
        r = best_of(repeat, [sys.executable, "-c", DUCKDB_FLOOR, *map(str, arrays)])
        rows.append((FLOOR_ROW, n, float(r["out"][0]), r["wall"], r["cpu"], r["rss_mb"], r["out"][1]))
    if "orjson" in only:
        r = best_of(repeat, [str(py or sys.executable), "-c", ORJSON_FLOOR, str(archive)])
        rows.append((f"floor: unzip + {r['out'][2]} parse", n, float(r["out"][0]), r["wall"], r["cpu"], r["rss_mb"], r["out"][1]))
    if py and "t2s" in only:
        old = old_layout(archive)
        db = OUT / f"t2s-{n}.db"
        db.unlink(missing_ok=True)
        os.sync()
        r = run([str(py.parent / "twitter-to-sqlite"), "import", str(db), str(old)])
        rows.append(("twitter-to-sqlite 0.22 (old-layout copy)", n, r["wall"], r["wall"], r["cpu"], r["rss_mb"], "-"))
        db.unlink(missing_ok=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--part-tweets", type=int, default=200_000, help="tweets per tweets-partN.js file")
    parser.add_argument("--only", nargs="+", choices=CONTENDERS, default=CONTENDERS,
                        help="the contenders to run (default all): file, memory (cloutlab), floor (DuckDB), orjson, t2s")
    parser.add_argument("--skip-t2s", action="store_true", help="leave out twitter-to-sqlite (slow at 1M)")
    parser.add_argument("--skip-orjson", action="store_true", help="leave out floor 1 and twitter-to-sqlite (10M runs)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (median kept); t2s runs once")
    args = parser.parse_args()
    only = set(args.only) - ({"t2s"} if args.skip_t2s else set()) - ({"orjson", "t2s"} if args.skip_orjson else set())
    OUT.mkdir(exist_ok=True)
    start = os.getloadavg()
    rows = [row for n in args.sizes for row in bench_size(n, args.part_tweets, args.repeat, only)]
    print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, niceness {os.nice(0)}\n")
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in start)}; at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (other work on the machine inflates wall times)")
    print("timed work: the import or parse itself, in the child; process wall and CPU (user + sys) cover the whole child.\n")
    print("| what | tweets | timed work (s) | process wall (s) | process CPU (s) | peak RSS (MB) | rows |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for what, n, work, wall, cpu, rss, count in rows:
        print(f"| {what} | {n:,} | {work:.2f} | {wall:.2f} | {cpu:.2f} | {rss:,.0f} | {count} |")
    growth(rows)
    for _, n, work, wall, cpu, peak, _ in (row for row in rows if row[0] == FILE_ROW and row[1] >= 10_000_000):
        ok = wall <= 60 and peak < 2048
        print(f"\n{n:,} tweets into a database file: {wall:.1f} s process wall ({cpu:.1f} s CPU), {peak:,.0f} MB peak "
              f"RSS (target <= 60 s on 2 cores, < 2 GB: {'met' if ok else 'missed'}; wall time counts only on a quiet machine)")


def growth(rows: list[tuple]) -> None:
    """Peak RSS at the largest size over the smallest, each contender beside floor 2's (issue 23 item 5)."""
    sizes = sorted({n for _, n, *_ in rows})
    if len(sizes) < 2:
        return
    lo, hi = sizes[0], sizes[-1]
    rss = {(row[0], row[1]): row[5] for row in rows}
    if (FLOOR_ROW, lo) not in rss or (FLOOR_ROW, hi) not in rss:
        return
    floor = rss[(FLOOR_ROW, hi)] / rss[(FLOOR_ROW, lo)]
    print(f"\npeak RSS growth from {lo:,} to {hi:,} tweets (target: no faster than floor 2's {floor:.2f}x):\n")
    for what in dict.fromkeys(what for what, *_ in rows):
        if (what, lo) in rss and (what, hi) in rss:
            ratio = rss[(what, hi)] / rss[(what, lo)]
            verdict = "" if what == FLOOR_ROW else (" (meets it)" if ratio <= floor else " (grows faster)")
            print(f"- {what}: {rss[(what, lo)]:,.0f} -> {rss[(what, hi)]:,.0f} MB, {ratio:.2f}x{verdict}")


if __name__ == "__main__":
    main()
