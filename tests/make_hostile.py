"""Hostile and unlucky inputs, built on demand (issue 11): every case of the issue's "Why" as bytes on disk.

Each builder writes into a folder and returns the path. Formats come from make_fixtures (the real layouts),
with one field or one structure made hostile. Nothing here is big: the point is that tiny files used to
hang, crash or leak.

Run by hand:  .venv/bin/python tests/make_hostile.py FOLDER   writes every case.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
import zipfile
from pathlib import Path

import libipld

import make_fixtures as mf
import make_fixtures_networks as mfn

EVIL = "http://127.0.0.2:9/leak"  # never fetched: a browser test fails on any request leaving 127.0.0.1
HOSTILE_TAG = f"![x]({EVIL}/img.png)"
HOSTILE_NAME = f'<a href="{EVIL}/name">click</a><img src="{EVIL}/name.png">'
FORMULA = "=1+2+cmd|' -C calc'!A0"


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


# ---------------------------------------------------------------- X archives of one account
def x_files(tweets: list[dict], *, owner: str = mf.OWNER, generated: str = "2022-07-01T00:00:00.000Z",
            account_extra: dict | None = None) -> dict[str, bytes]:
    """A minimal 2019+ X archive: manifest, account.js, follower.js and one tweets.js."""
    manifest = {"userInfo": {"accountId": mf.OWNER_ID, "userName": owner, "displayName": "Ada"},
                "archiveInfo": {"generationDate": generated, "isPartialArchive": False},
                "dataTypes": {"tweets": {"files": [{"fileName": "data/tweets.js"}]}}}
    account = {"username": owner, "accountId": mf.OWNER_ID, "createdAt": "2009-03-04T05:06:07.000Z",
               "accountDisplayName": "Ada", **(account_extra or {})}
    return {
        "data/manifest.js": b"window.__THAR_CONFIG = " + json.dumps(manifest).encode(),
        "data/account.js": mf.ytd("account", [{"account": account}]),
        "data/follower.js": mf.ytd("follower", [{"follower": {"accountId": str(i)}} for i in range(3)]),
        "data/tweets.js": mf.ytd("tweets", [{"tweet": t} for t in tweets]),
    }


def tweets(ids: range, year: int = 2022, likes: str = "1") -> list[dict]:
    return [mf.x_tweet(n, f"post {n}", f"Mon Jan 03 09:{n % 60:02d}:00 +0000 {year}", likes=likes) for n in ids]


def x_files_alike(ns: range, text: str, when: str) -> dict[str, bytes]:
    """x_files([mf.x_tweet(n, text, when) for n in ns]), byte for byte, in a tenth of the time: json.dumps with
    an indent is Python's pure-Python encoder (3 s for 60,000 tweets), so one tweet is written and repeated with
    its id changed (the tweets differ by their id alone)."""
    files = x_files([mf.x_tweet(0, text, when)])
    marker = mf.x_tweet(0, text, when)["id"].encode()
    head, _, rest = files["data/tweets.js"].partition(b"[\n")
    one, _, tail = rest.rpartition(b"\n]")
    assert one.count(marker) == 3 and ns.start > 0 and len(ns), "the id is written three times in a tweet"
    ids = (mf.x_tweet(n, "", when)["id"].encode() for n in ns)
    files["data/tweets.js"] = head + b"[\n" + b",\n".join(one.replace(marker, tid) for tid in ids) + b"\n]" + tail
    return files


def x_zip(folder: Path, name: str, files: dict[str, bytes]) -> Path:
    return mf.write_zip(Path(folder) / name, files)


def legacy_same_account(folder: Path, ids: range) -> Path:
    """A 2012 legacy archive of ada_lovelace whose tweet ids are the same numbering as tweets()."""
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "retweeted_status_id",
                "retweeted_status_user_id", "timestamp", "source", "text", "expanded_urls"])
    for n in ids:
        w.writerow([str(1_400_000_000_000_000_000 + n), "", "", "", "", f"2012-05-0{1 + n % 9} 10:00:00 +0000", "", f"old {n}", ""])
    files = {"tweets.csv": out.getvalue().encode(),
             "data/js/user_details.js": b'var user_details = {"screen_name":"ada_lovelace","id":"1000"}'}
    return mf.write_zip(Path(folder) / "tweets-2012.zip", files)


def duplicate_entry_zip(folder: Path) -> Path:
    """Two data/account.js entries: the second names another account (zipfile reads the last)."""
    path = Path(folder) / "twin.zip"
    files = x_files(tweets(range(1, 4)))
    with zipfile.ZipFile(path, "w") as zf, __import__("warnings").catch_warnings():
        __import__("warnings").simplefilter("ignore")  # zipfile warns "Duplicate name": that is the point
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr("data/account.js", mf.ytd("account", [{"account": {"username": "mallory"}}]))
    return path


def encrypted_zip(folder: Path) -> Path:
    """A zip whose entries carry the 'encrypted' flag (zipfile cannot write real ZipCrypto)."""
    path = x_zip(folder, "locked.zip", x_files(tweets(range(1, 4))))
    data = bytearray(path.read_bytes())
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i >= 0:
            data[i + flag_at] |= 0x01
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))
    return path


def x_with_dates(folder: Path, dates: list[str]) -> Path:
    ts = [mf.x_tweet(n, f"post {n}", d, likes="2") for n, d in enumerate(dates, 1)]
    return x_zip(folder, "dates.zip", x_files(ts))


def x_with_counts(folder: Path, counts: list) -> Path:
    ts = [mf.x_tweet(n, f"post {n}", f"Mon Jan 03 09:{n:02d}:00 +0000 2022", likes=c) for n, c in enumerate(counts, 1)]
    return x_zip(folder, "counts.zip", x_files(ts))


def x_deep(folder: Path, member: str) -> Path:
    files = x_files(tweets(range(1, 3)))
    prefix = b"window.__THAR_CONFIG = " if member == "data/manifest.js" else b"window.YTD.x.part0 = "
    files[member] = prefix + deep_json()
    return x_zip(folder, f"deep-{member.rsplit('/', 1)[-1]}.zip", files)


def x_duplicate_across_parts(folder: Path) -> Path:
    files = x_files(tweets(range(1, 4)))
    files["data/tweets-part1.js"] = mf.ytd("tweets", [{"tweet": t} for t in tweets(range(3, 5))]).replace(b"part0", b"part1")
    files["data/manifest.js"] = files["data/manifest.js"].replace(
        b'[{"fileName": "data/tweets.js"}]', b'[{"fileName": "data/tweets.js"}, {"fileName": "data/tweets-part1.js"}]')
    return x_zip(folder, "dup-parts.zip", files)


# ---------------------------------------------------------------- Mastodon
def mastodon_zip(folder: Path, *, obj_patch: dict | None = None, outbox: bytes | None = None, actor: bytes | None = None,
                 name: str = "masto.zip") -> Path:
    files = mf.mastodon_files(old=False)
    if obj_patch is not None:
        box = json.loads(files["outbox.json"])
        box["orderedItems"][0]["object"].update(obj_patch)
        files["outbox.json"] = json.dumps(box).encode()
    if outbox is not None:
        files["outbox.json"] = outbox
    if actor is not None:
        files["actor.json"] = actor
    return mf.write_zip(Path(folder) / name, files)


# ---------------------------------------------------------------- Bluesky
def car(blocks: list[bytes], root: bytes, *, cids: list[bytes] | None = None) -> bytes:
    header = libipld.encode_dag_cbor({"version": 1, "roots": [root]})
    out = bytearray(mf.varint(len(header)) + header)
    for i, block in enumerate(blocks):
        cid = cids[i] if cids else mf.cid_of(block)
        out += mf.varint(len(cid) + len(block)) + cid + block
    return bytes(out)


def bluesky_car(records: dict[str, dict]) -> bytes:
    """A valid CAR over `records` (key -> record), built like make_fixtures.bluesky_car."""
    blocks, items = [], []
    for key, record in sorted(records.items()):
        block = libipld.encode_dag_cbor(record)
        blocks.append(block)
        items.append((key, mf.cid_of(block)))
    root = mf.mst_node(items, max(mf.mst_depth(k) for k, _ in items), blocks)
    commit = libipld.encode_dag_cbor({"did": mf.DID, "version": 3, "data": root, "rev": mf.tid(1), "prev": None, "sig": b"\x00" * 64})
    return car([commit, *blocks], mf.cid_of(commit))


def bluesky_cycle() -> bytes:
    """An MST node whose left link is its own CID: only possible with a CID that lies about the block."""
    fake = bytes([0x01, 0x71, 0x12, 0x20]) + b"\x11" * 32
    node = libipld.encode_dag_cbor({"l": fake, "e": []})
    commit = libipld.encode_dag_cbor({"did": mf.DID, "version": 3, "data": fake, "rev": mf.tid(1), "prev": None, "sig": b"\x00" * 64})
    return car([commit, node], mf.cid_of(commit), cids=[mf.cid_of(commit), fake])


def bluesky_tampered() -> bytes:
    data = mf.bluesky_car()
    i = data.find(b"replying to a friend")
    return data[:i] + b"REPLYING TO A FRIEND" + data[i + 20:]


# ---------------------------------------------------------------- databases that are not cloutlab's
def foreign_files(folder: Path) -> dict[str, Path]:
    folder = Path(folder)
    out = {"notes.csv": folder / "notes.csv", "data.json": folder / "data.json", "table.parquet": folder / "table.parquet",
           "app.sqlite": folder / "app.sqlite", "other.duckdb": folder / "other.duckdb"}
    out["notes.csv"].write_text("a,b\n1,2\n")
    out["data.json"].write_text('[{"a": 1}]')
    import duckdb

    duckdb.connect().execute(f"COPY (SELECT 1 AS a) TO '{out['table.parquet']}' (FORMAT parquet)")
    con = sqlite3.connect(out["app.sqlite"])
    con.execute("CREATE TABLE t (a)")
    con.commit()
    con.close()
    other = duckdb.connect(str(out["other.duckdb"]))
    other.execute("CREATE TABLE invoices (id INTEGER)")
    other.close()
    return out


def csv_file(folder: Path, name: str, rows: list[tuple[str, str]]) -> Path:
    path = Path(folder) / name
    path.write_text("timestamp,text,likes\n" + "".join(f"{t},{x},1\n" for t, x in rows))
    return path


# ---------------------------------------------------------------- issue 24: the network importers, round two
def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def fb_long_title(n: int) -> bytes:
    """One Facebook post whose title repeats 'wrote on ' n times (51 s for a 1 KB zip before issue 24)."""
    return zip_bytes({"posts/your_posts_1.json": json.dumps([mfn.fb_item(1, "wrote on " * n, "hi")]).encode()})


def gplus_unclosed_divs(n: int) -> bytes:
    """A Google+ post page with n unclosed <div>s, each followed by text (72 s for 40,000 before issue 24)."""
    page = ('<html><body><div class="post"><div class="author">Ana</div>'
            '<a href="https://plus.google.com/+Ana/posts/P1">2012-05-01 11:30:00-0700</a>' + "<div>x" * n)
    return zip_bytes({"Takeout/Google+ Stream/Posts/p.html": page.encode()})


def linkedin_comment_lines(n: int) -> bytes:
    """Comments.csv with one comment continued over n unquoted lines (5.4 MB took 19.6 s before issue 24)."""
    comments = "Date,Link,Message\n2021-03-08 08:00:00,https://www.linkedin.com/feed/update/urn:li:activity:1,first\n"
    return zip_bytes({"Comments.csv": (comments + "more words\n" * n).encode(), "Connections.csv": b"First Name,Last Name\nBo,Chen\n"})


def linkedin_shares(body: str) -> bytes:
    """Shares.csv with one share whose commentary cell is `body` written as is (quotes and all)."""
    return zip_bytes({"Shares.csv": ("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
                                     "2021-03-05 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,"
                                     + body + ",,,MEMBER_NETWORK\n").encode()})


def linkedin_comment_dated(date: str) -> bytes:
    return zip_bytes({"Comments.csv": f"Date,Link,Message\n{date},https://www.linkedin.com/x,hello\n".encode(),
                      "Connections.csv": b"First Name,Last Name\nBo,Chen\n"})


def x_manifest_listing(tweet_files: list[str], extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """An X archive whose manifest lists `tweet_files` as the tweet parts (repeats and all)."""
    files = x_files(tweets(range(1, 4)))
    listing = json.dumps([{"fileName": f} for f in tweet_files]).encode()
    files["data/manifest.js"] = files["data/manifest.js"].replace(b'[{"fileName": "data/tweets.js"}]', listing)
    return {**files, **(extra or {})}


def x_padded_parts(parts: int, size: int = 4 << 20) -> dict[str, bytes]:
    """`parts` tweet parts of `size` bytes each, all whitespace around an empty list: each compresses about
    1000 times, and is no bigger than the 4 MiB under which the ratio check does not look."""
    body = {f"data/tweets-part{i}.js": f"window.YTD.tweets.part{i} = [".encode() + b" " * (size - 40) + b"]"
            for i in range(parts)}
    return x_manifest_listing(list(body), body)


def fb_repeated(n: int = 50) -> dict[str, bytes]:
    """n Facebook posts, the whole part twice (as _1 and _2) and its first item twice within _1."""
    items = [mfn.fb_item(i, "Ana Lima updated her status.", f"post {i}") for i in range(n)]
    return {"posts/your_posts_1.json": mfn.js(items + items[:1]), "posts/your_posts_2.json": mfn.js(items)}


def ig_both_layouts(n: int = 20) -> dict[str, bytes]:
    """n Instagram posts, the same part under the 2022 and the 2025 folder layout."""
    part = mfn.js([{"media": [{"uri": f"media/posts/2022/{i}.jpg", "creation_timestamp": 1650000000 + i * 86400,
                               "title": f"photo {i}"}]} for i in range(n)])
    return {"content/posts_1.json": part, "your_instagram_activity/media/posts_1.json": part}


def build_all(folder: str | Path) -> dict[str, Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = {
        "x_2022": x_zip(folder, "x2022.zip", x_files(tweets(range(1, 31)))),
        "legacy_2012": legacy_same_account(folder, range(20, 51)),
        "twin": duplicate_entry_zip(folder),
        "encrypted": encrypted_zip(folder),
        "year_9999": x_with_dates(folder, ["Mon Jan 03 09:00:00 +0000 2022", "Tue Jan 04 09:00:00 +0000 2022",
                                           "Fri Dec 31 23:59:59 +0000 9999"]),
        "bad_counts": x_with_counts(folder, ["-5", "3.7", "0x10", "7", "99999999999", None]),
        "dup_parts": x_duplicate_across_parts(folder),
        "hostile_names": x_zip(folder, "names.zip", x_files([mf.x_tweet(1, f"hi #{HOSTILE_TAG}", "Mon Jan 03 09:00:00 +0000 2022",
                                                                        likes="5", tags=[HOSTILE_TAG])], owner="mallory")),
        "mst_cycle": folder / "cycle.car", "car_tampered": folder / "tampered.car",
    }
    out["mst_cycle"].write_bytes(bluesky_cycle())
    out["car_tampered"].write_bytes(bluesky_tampered())
    for member in ("data/account.js", "data/manifest.js", "data/follower.js"):
        out[f"deep_{member}"] = x_deep(folder, member)
    out["deep_outbox"] = mastodon_zip(folder, outbox=deep_json(), name="deep-outbox.zip")
    out["masto_huge_total"] = mastodon_zip(folder, obj_patch={"likes": {"totalItems": 99999999999}}, name="huge-total.zip")
    out.update({f"db_{k}": v for k, v in foreign_files(folder).items()})
    return out


if __name__ == "__main__":
    for name, path in build_all(sys.argv[1] if len(sys.argv) > 1 else "hostile").items():
        print(f"{name:24} {path}")
