"""Facebook import benchmark (issue 14): a 100,000-post "Download your information" export, JSON format.

    .venv/bin/python bench/import_networks_bench.py [--posts 100000] [--part 5000] [--runs 3]

Builds (and caches in bench/out/) a 2021-22 layout zip: posts/your_posts_1.json ... in parts of --part
items (bare lists, as Facebook splits them), mojibake in a third of the texts, a mix of status updates,
link shares, photos, check-ins and shares of other posts (about half without text, as in real exports),
10,000 comments, 800 friends, and a messages/ folder that must never be opened. Measures import_path into
an in-memory database (wall and CPU time, best of --runs) in this process and prints one markdown table row
with the machine's load average (on a shared machine the CPU time is the fairer figure).
Target: 100,000 posts in under 10 s on one core (the Import page's patience budget).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

T0 = 1_600_000_000
WORDS = ("café", "today", "thinking", "about", "summer", "família", "friends", "new", "job", "photo", "trip", "naïve",
         "birthday", "thanks", "everyone", "great", "news", "weekend", "coffee", "music")


def _moj(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def _post(i: int, rng: random.Random) -> dict:
    kind = rng.random()
    item: dict = {"timestamp": T0 + i * 300 + rng.randrange(300), "title": _moj("Ana Lima updated her status.")}
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 25)))
    if kind < 0.45:
        item["data"] = [{"post": _moj(text)}]
    elif kind < 0.65:
        item["data"] = [{"update_timestamp": item["timestamp"]}]
        item["attachments"] = [{"data": [{"external_context": {"url": f"https://example.org/{i}"}}]}]
        item["title"] = "Ana Lima shared a link."
    elif kind < 0.85:
        item["data"] = [{"update_timestamp": item["timestamp"]}]
        item["attachments"] = [{"data": [{"media": {"uri": f"posts/media/{i}.jpg", "creation_timestamp": item["timestamp"],
                                                    "title": "", "media_metadata": {"photo_metadata": {"exif_data": [{"iso": 100}]}}}}]}]
    elif kind < 0.93:
        item["data"] = [{}]
        item["attachments"] = [{"data": [{"place": {"name": _moj("Café Zürich"), "coordinate": {"latitude": 47.3, "longitude": 8.5}}}]}]
    else:
        item["data"] = [{"post": _moj(text)}] if rng.random() < 0.3 else [{"update_timestamp": item["timestamp"]}]
        item["attachments"] = [{"data": [{"external_context": {"url": ""}}]}]
        item["title"] = "Ana Lima shared a post."
    if rng.random() < 0.1:
        item["tags"] = [{"name": "Bo Chen"}]
    return item


def build(posts: int, part: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"facebook-bench-{posts}-{part}.zip"
    if path.exists():
        return path
    rng = random.Random(14)
    items = [_post(i, rng) for i in range(posts)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, start in enumerate(range(0, posts, part), 1):
            zf.writestr(f"posts/your_posts_{n}.json", json.dumps(items[start:start + part], indent=2))
        comments = [{"timestamp": T0 + i * 900, "title": "Ana Lima commented on Bo Chen's post.",
                     "data": [{"comment": {"timestamp": T0 + i * 900, "comment": _moj("très bien"), "author": "Ana Lima"}}]}
                    for i in range(10_000)]
        zf.writestr("comments_and_reactions/comments.json", json.dumps({"comments_v2": comments}, indent=2))
        zf.writestr("friends_and_followers/friends.json",
                    json.dumps({"friends_v2": [{"name": f"Friend {i}", "timestamp": T0 - i} for i in range(800)]}))
        zf.writestr("messages/inbox/bo_1/message_1.json", b"never opened")
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--part", type=int, default=5_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from cloutlab import store
    from cloutlab.importers import import_path

    path = build(args.posts, args.part)
    times, cpu = [], []
    for _ in range(args.runs):
        con = store.connect()
        t0, c0 = time.perf_counter(), time.process_time()
        summary = import_path(con, path)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)  # on a shared machine, CPU time says more than wall time
        con.close()
    load = os.getloadavg()[0]
    print("| export | zip MB | items | best wall s | best CPU s | posts/s (wall) | load avg |")
    print("|---|---|---|---|---|---|---|")
    print(f"| Facebook, {args.posts:,} posts in parts of {args.part:,} + 10,000 comments | {path.stat().st_size / 2**20:.1f} | "
          f"{summary['items']:,} | {min(times):.2f} | {min(cpu):.2f} | {summary['items'] / min(times):,.0f} | {load:.1f} |")


if __name__ == "__main__":
    main()
