"""Facebook import benchmark (issue 14): a 100,000-post "Download your information" export, JSON format.

    .venv/bin/python bench/import_networks_bench.py [--posts 100000] [--part 5000] [--runs 3]
    .venv/bin/python bench/import_networks_bench.py --memory 300000 [--outbox-gb 2] [--bluesky 200000] [--src DIR ...] [--only fb,ig]
    .venv/bin/python bench/import_networks_bench.py --memory 300000 --csv-rows 1000000 --only csv,linkedin,x_legacy

Builds (and caches in bench/out/) a 2021-22 layout zip: posts/your_posts_1.json ... in parts of --part
items (bare lists, as Facebook splits them), mojibake in a third of the texts, a mix of status updates,
link shares, photos, check-ins and shares of other posts (about half without text, as in real exports),
10,000 comments, 800 friends, and a messages/ folder that must never be opened. Measures import_path into
an in-memory database (wall and CPU time, best of --runs) in this process and prints one markdown table row
with the machine's load average (on a shared machine the CPU time is the fairer figure).
Target: 100,000 posts in under 10 s on one core (the Import page's patience budget).

--memory N (issue 26, item 3: files that grow with years, parsed in memory bounded by a constant): builds, cached
in bench/out/, a Facebook export whose one posts file holds N posts (plus N/3 comments in the wrapped
comments.json), an Instagram export with N posts and N/3 comments, a Google+ Takeout of N/3 JSON post files
(one file per post, so the zip's directory is the bound there) and a Mastodon archive whose outbox holds N
statuses; --outbox-gb G adds a Mastodon archive with an outbox of about G GB, built under /tmp and deleted
afterwards; --bluesky P adds a Bluesky repository (.car, cached in bench/out/) of P posts (a tenth of them replies, a
tenth reposts, P/2 likes and P/10 follows: likes and follows outnumber posts in real repositories), built record by
record so this process stays small (a child's peak RSS from wait4 also counts its parent's high-water mark at the
fork). Each is imported by `python -m cloutlab import PATH --db FILE` in its own child process (peak RSS
from wait4; CPU time too, the fairer figure on a shared machine), once per --src tree given (default: this checkout's src; give an older tree, e.g. one extracted
with `git archive COMMIT src | tar -x -C /tmp/before`, to compare before and after).

--csv-rows R (with --memory) adds the CSV files, each of R rows, cached in bench/out/: a generic CSV
(timestamp,text,likes,reposts,replies; 1,000,000 rows are about 300 MB), a LinkedIn export whose Shares.csv holds
R shares (multi-line commentary quoted line by line, as LinkedIn writes it) and a legacy archive's tweets.csv on
its own (ten columns). --only names: facebook, instagram, googleplus, mastodon, bluesky, csv, linkedin, x_legacy.
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


def _masto(i: int, rng: random.Random) -> dict:
    """One outbox activity as Mastodon 4.x writes it (a Create of a Note, or an Announce): about 1.8 KB."""
    actor = "https://mastodon.example/users/ana"
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0 - 100_000_000 + i * 60))  # 2017 on: 2 GB of it still in the past
    public = "https://www.w3.org/ns/activitystreams#Public"
    if rng.random() < 0.1:
        return {"id": f"{actor}/statuses/{10**17 + i}/activity", "type": "Announce", "actor": actor, "published": when,
                "to": [public], "cc": [f"{actor}/followers"], "object": f"https://other.example/users/bo/statuses/{i}"}
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 50)))
    html = f"<p>{text} <a href=\"https://mastodon.example/tags/t{i % 50}\" class=\"mention hashtag\">#<span>t{i % 50}</span></a></p>"
    note = {"id": f"{actor}/statuses/{10**17 + i}", "type": "Note", "summary": None, "inReplyTo": None, "published": when,
            "url": f"https://mastodon.example/@ana/{10**17 + i}", "attributedTo": actor, "to": [public],
            "cc": [f"{actor}/followers"], "sensitive": False, "atomUri": f"{actor}/statuses/{10**17 + i}",
            "conversation": f"tag:mastodon.example,2020-01-01:objectId={i}:objectType=Conversation",
            "content": html, "contentMap": {"en": html}, "attachment": [],
            "tag": [{"type": "Hashtag", "href": f"https://mastodon.example/tags/t{i % 50}", "name": f"#t{i % 50}"}],
            "replies": {"id": f"{actor}/statuses/{10**17 + i}/replies", "type": "Collection",
                        "first": {"type": "CollectionPage", "next": f"{actor}/statuses/{10**17 + i}/replies?only_other_accounts=true&page=true",
                                  "partOf": f"{actor}/statuses/{10**17 + i}/replies", "items": []}},
            "likes": {"id": f"{actor}/statuses/{10**17 + i}/likes", "type": "Collection", "totalItems": rng.randrange(20)},
            "shares": {"id": f"{actor}/statuses/{10**17 + i}/shares", "type": "Collection", "totalItems": rng.randrange(5)}}
    return {"id": f"{actor}/statuses/{10**17 + i}/activity", "type": "Create", "actor": actor, "published": when,
            "to": [public], "cc": [f"{actor}/followers"], "object": note,
            "signature": {"type": "RsaSignature2017", "creator": f"{actor}#main-key", "created": when,
                          "signatureValue": "x" * 344}}


def _write_array(zf: zipfile.ZipFile, name: str, items, head: bytes = b"[", tail: bytes = b"]", max_bytes: int = 0) -> None:
    """A JSON array member written item by item (a 2 GB outbox never sits in memory); max_bytes: stop there."""
    with zf.open(name, "w", force_zip64=True) as out:
        written = out.write(head)
        for n, item in enumerate(items):
            written += out.write((b",\n" if n else b"\n") + json.dumps(item, indent=2).encode())
            if max_bytes and written >= max_bytes:
                break
        out.write(b"\n" + tail)


def build_mastodon(items: int, path: Path, max_bytes: int = 0) -> Path:
    """A Mastodon archive of `items` statuses, or (max_bytes) as many as fit in about that many outbox bytes."""
    if path.exists():
        return path
    rng = random.Random(26)
    actor = {"id": "https://mastodon.example/users/ana", "type": "Person", "preferredUsername": "ana", "name": "Ana",
             "published": "2017-04-01T00:00:00Z", "followers": "https://mastodon.example/users/ana/followers"}

    def statuses():
        i = 0
        while i < items or max_bytes:
            yield _masto(i, rng)
            i += 1

    tmp = path.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("actor.json", json.dumps(actor))
        _write_array(zf, "outbox.json", statuses(), b'{"@context": "https://www.w3.org/ns/activitystreams", "id": '
                     b'"outbox.json", "type": "OrderedCollection", "orderedItems": [', b"]}", max_bytes)
    tmp.rename(path)
    return path


def _ig_post(i: int, rng: random.Random) -> dict:
    text = _moj(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 30))) + f" #t{i % 40}")
    media = [{"uri": f"media/posts/{i}_{k}.jpg", "creation_timestamp": T0 + i * 600, "title": text if k == 0 else "",
              "media_metadata": {"photo_metadata": {"exif_data": [{"iso": 100, "focal_length": 4.2}]}}}
             for k in range(1 + (rng.random() < 0.2) * 2)]
    return {"media": media} if len(media) == 1 else {"media": media, "title": text, "creation_timestamp": T0 + i * 600}


def build_networks(n: int) -> dict[str, Path]:
    """The Facebook, Instagram and Google+ exports of --memory N (cached)."""
    OUT.mkdir(exist_ok=True)
    out = {"facebook": OUT / f"facebook-ana-2024-01-01-{n}.zip", "instagram": OUT / f"instagram-ana-2024-01-01-{n}.zip",
           "googleplus": OUT / f"takeout-20190301-{n}.zip"}
    rng = random.Random(26)
    if not out["facebook"].exists():
        with zipfile.ZipFile(out["facebook"], "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            _write_array(zf, "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
                         (_post(i, rng) for i in range(n)))
            _write_array(zf, "your_facebook_activity/comments_and_reactions/comments.json",
                         ({"timestamp": T0 + i * 900, "title": _moj("Ana Lima commented on Bo Chen's post."),
                           "data": [{"comment": {"timestamp": T0 + i * 900, "comment": _moj(f"très bien {i}"),
                                                 "author": "Ana Lima"}}]} for i in range(n // 3)),
                         b'{"comments_v2": [', b"]}")
            zf.writestr("your_facebook_activity/messages/inbox/bo_1/message_1.json", b"never opened")
    if not out["instagram"].exists():
        with zipfile.ZipFile(out["instagram"], "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            _write_array(zf, "your_instagram_activity/media/posts_1.json", (_ig_post(i, rng) for i in range(n)))
            _write_array(zf, "your_instagram_activity/comments/post_comments_1.json",
                         ({"media_list_data": [], "string_map_data": {"Comment": {"value": _moj(f"lindo 😍 {i}")},
                                                                       "Media Owner": {"value": f"friend{i % 90}"},
                                                                       "Time": {"timestamp": T0 + i * 700}}}
                          for i in range(n // 3)))
    if not out["googleplus"].exists():
        me = {"displayName": "Ana Lima", "resourceName": "users/1"}
        bo = {"displayName": "Bo Chen", "resourceName": "users/2"}
        with zipfile.ZipFile(out["googleplus"], "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for i in range(n // 3):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 40)))
                post = {"url": f"https://plus.google.com/+AnaLima/posts/P{i}",
                        "creationTime": time.strftime("%Y-%m-%d %H:%M:%S+0000", time.gmtime(1_320_000_000 + i * 600)),
                        "author": me, "content": f"{text} <b>#gplus</b>", "plusOnes": [{"plusOner": bo}] * (i % 4),
                        "comments": [{"creationTime": "2012-05-01 19:00:00+0000", "author": bo, "content": "Legal"}] * (i % 3),
                        "postAcl": {"isPublic": True}}
                zf.writestr(f"Takeout/Google+ Stream/Posts/{i:07d} - post.json", json.dumps(post))
    return out


def _sky_records(posts: int):
    """(key, record) of the --bluesky repository, in key order (the tree's), the same on every call."""
    import make_fixtures as mf

    rng = random.Random(26)
    base = 1_600_000_000_000_000  # 2020-09: reposts and likes dated from Bluesky's launch on
    step = 200_000_000  # 200 s between records: 200,000 posts span 15 months

    def when(i: int) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(1_680_000_000 + i * step // 1_000_000))

    yield "app.bsky.actor.profile/self", {"$type": "app.bsky.actor.profile", "displayName": "Ana Lima"}
    for i in range(0, posts, 2):
        yield f"app.bsky.feed.like/{mf.tid(base + i * step + 1)}", {
            "$type": "app.bsky.feed.like", "createdAt": when(i),
            "subject": {"uri": f"at://{mf.OTHER}/app.bsky.feed.post/3k{i}", "cid": "bafyreibnoelefnzgwbcacyt4vh52ymxvzbjq7m"}}
    for i in range(posts):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 45)))
        record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": when(i), "langs": ["en"]}
        if i % 10 == 3:
            parent = {"uri": f"at://{mf.OTHER}/app.bsky.feed.post/3k{i}", "cid": "bafyreibnoelefnzgwbcacyt4vh52ymxvzbjq7m"}
            record["reply"] = {"root": parent, "parent": parent}
        if i % 7 == 0:
            raw = text.encode()
            record["text"] = f"{text} https://example.org/{i}"
            record["facets"] = [{"index": {"byteStart": len(raw) + 1, "byteEnd": len(record["text"].encode())},
                                 "features": [{"$type": "app.bsky.richtext.facet#link", "uri": f"https://example.org/{i}"}]}]
        yield f"app.bsky.feed.post/{mf.tid(base + i * step)}", record
    for i in range(0, posts, 10):
        yield f"app.bsky.feed.repost/{mf.tid(base + i * step + 2)}", {
            "$type": "app.bsky.feed.repost", "createdAt": when(i),
            "subject": {"uri": f"at://{mf.OTHER}/app.bsky.feed.post/3r{i}", "cid": "bafyreibnoelefnzgwbcacyt4vh52ymxvzbjq7m"}}
    for i in range(0, posts, 10):
        yield f"app.bsky.graph.follow/{mf.tid(base + i * step + 3)}", {
            "$type": "app.bsky.graph.follow", "subject": f"did:plc:friend{i}", "createdAt": when(i)}


def build_bluesky(posts: int, path: Path) -> Path:
    """The --bluesky repository: record CIDs first (the commit, written first, names the tree's root), then the
    file written section by section; only (key, CID) pairs and the tree's nodes are held, never the records."""
    if path.exists():
        return path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import libipld
    import make_fixtures as mf

    items = [(key, mf.cid_of(libipld.encode_dag_cbor(record))) for key, record in _sky_records(posts)]
    nodes: list[bytes] = []
    root = mf.mst_node(items, max(mf.mst_depth(k) for k, _ in items), nodes)
    del items
    commit = libipld.encode_dag_cbor({"did": mf.DID, "version": 3, "data": root, "rev": mf.tid(1_700_000_000_000_000),
                                      "prev": None, "sig": b"\xff" * 64})
    header = libipld.encode_dag_cbor({"version": 1, "roots": [mf.cid_of(commit)]})

    def section(block: bytes) -> bytes:
        cid = mf.cid_of(block)
        return mf.varint(len(cid) + len(block)) + cid + block

    tmp = path.with_suffix(".partial")
    with open(tmp, "wb") as out:
        out.write(mf.varint(len(header)) + header + section(commit))
        for node in nodes:
            out.write(section(node))
        for _key, record in _sky_records(posts):
            out.write(section(libipld.encode_dag_cbor(record)))
    tmp.rename(path)
    return path


def _write_lines(path: Path, header: str, lines) -> Path:
    """A text file written line by line (a million rows never sit in memory), renamed into place when whole."""
    if path.exists():
        return path
    tmp = path.with_suffix(".partial")
    with open(tmp, "w", newline="", encoding="utf-8") as out:
        out.write(header)
        out.writelines(lines)
    tmp.rename(path)
    return path


def _when(i: int, fmt: str) -> str:
    return time.strftime(fmt, time.gmtime(T0 - 200_000_000 + i * 150))


def build_csvs(rows: int, only: set[str] | None = None) -> dict[str, Path]:
    """The CSV exports of --csv-rows R (cached): a generic CSV, a LinkedIn zip with a big Shares.csv, a tweets.csv
    (those `only` names, when given)."""
    OUT.mkdir(exist_ok=True)
    rng = random.Random(26)

    def text(i: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 40))) + f" #t{i % 40}"

    out: dict[str, Path] = {}
    if only is None or "csv" in only:
        out["csv"] = _write_lines(OUT / f"posts-{rows}.csv", "timestamp,text,likes,reposts,replies\n",
                                  (f'{_when(i, "%Y-%m-%dT%H:%M:%SZ")},"{text(i)}",{rng.randrange(50)},{rng.randrange(7)},'
                                   f'{rng.randrange(3)}\n' for i in range(rows)))
    if only is None or "x_legacy" in only:
        (OUT / f"tweets-{rows}").mkdir(exist_ok=True)  # a lone tweets.csv: the file's name is how it is recognised
        out["x_legacy"] = _write_lines(OUT / f"tweets-{rows}" / "tweets.csv",
                                       '"tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text",'
                                       '"retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp",'
                                       '"expanded_urls"\n',
                                       (f'"{10**17 + i}","","","{_when(i, "%Y-%m-%d %H:%M:%S +0000")}",'
                                        f'"<a href=""http://twitter.com"" rel=""nofollow"">Twitter Web Client</a>",'
                                        f'"{text(i)} @bo","","","","https://example.org/{i}"\n' for i in range(rows)))
    if only is not None and "linkedin" not in only:
        return out
    zipped = OUT / f"Basic_LinkedInDataExport_{rows}.zip"
    if not zipped.exists():
        shares = _write_lines(OUT / f"Shares-{rows}.csv", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
                              (f'{_when(i, "%Y-%m-%d %H:%M:%S")},https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A'
                               f'{6 * 10**18 + i},"{text(i)}""\n""{text(i)}",'
                               f'{"https://example.org/" + str(i) if i % 3 == 0 else ""},,MEMBER_NETWORK\n'
                               for i in range(rows)))
        tmp = zipped.with_suffix(".partial")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.write(shares, "Shares.csv")
            zf.writestr("Connections.csv", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
                        "".join(f"F{i},L{i},https://www.linkedin.com/in/p{i},,Acme,Dev,04 Mar 2021\n" for i in range(900)))
        tmp.rename(zipped)
        shares.unlink()
    out["linkedin"] = zipped
    return out


def memory(args) -> None:
    """--memory: each big export imported by the CLI in a child, per source tree: wall time and peak RSS."""
    import shutil
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import import_bench as ib  # the child runner (wall time, peak RSS from wait4)

    only = set(args.only.split(",")) if args.only else None
    exports = build_networks(args.memory) if only is None or only & {"facebook", "instagram", "googleplus"} else {}
    if only is None or "mastodon" in only:
        exports["mastodon"] = build_mastodon(args.memory, OUT / f"mastodon-ana-{args.memory}.zip")
    if args.bluesky:
        OUT.mkdir(exist_ok=True)
        exports["bluesky"] = build_bluesky(args.bluesky, OUT / f"bluesky-{args.bluesky}.car")
    if args.csv_rows:
        exports.update(build_csvs(args.csv_rows, only))
    big = None
    if args.outbox_gb and (only is None or "mastodon" in only):
        scratch = Path(tempfile.mkdtemp(prefix="cloutlab-outbox-"))
        big = build_mastodon(0, scratch / "mastodon-big.zip", int(args.outbox_gb * 1e9))
        exports[f"mastodon, {args.outbox_gb:g} GB outbox"] = big
    srcs = args.src or [str(Path(__file__).resolve().parents[1] / "src")]
    print("| export | file MB | source tree | items | wall s | CPU s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    try:
        for name, path in exports.items():
            if only and name.split(",")[0] not in only:
                continue
            for src in srcs:
                with tempfile.TemporaryDirectory(prefix="cloutlab-netbench-") as tmp:
                    r = ib.run([sys.executable, "-m", "cloutlab", "import", str(path), "--db", os.path.join(tmp, "b.duckdb")],
                               {**os.environ, "PYTHONPATH": src})
                items = int(r["out"][1].replace(",", ""))  # "Imported N items of ..."
                size = path.stat().st_size
                print(f"| {name} | {size / 2**20:,.0f} | {src} | {items:,} | {r['wall']:.1f} | "
                      f"{r['cpu']:.1f} | {r['rss_mb']:,.0f} |", flush=True)
    finally:
        if big is not None:
            shutil.rmtree(big.parent, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--part", type=int, default=5_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--memory", type=int, default=0, metavar="N", help="peak RSS of big exports (see the docstring)")
    ap.add_argument("--outbox-gb", type=float, default=0.0, help="with --memory: also a Mastodon outbox of about this size")
    ap.add_argument("--src", action="append", help="with --memory: a source tree to measure (repeatable)")
    ap.add_argument("--bluesky", type=int, default=0, metavar="P", help="with --memory: also a Bluesky .car of P posts")
    ap.add_argument("--only", help="with --memory: facebook,instagram,googleplus,mastodon,bluesky,csv,linkedin,x_legacy")
    ap.add_argument("--csv-rows", type=int, default=0, help="with --memory: also the CSV exports of this many rows")
    args = ap.parse_args()
    if args.memory:
        memory(args)
        return
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
