"""Small, real-format, seeded exports for every importer, good and bad (docs/DESIGN.md section 11).

Run by hand:  .venv/bin/python tests/make_fixtures.py [FOLDER]   (default tests/fixtures/, self-ignored by git)
From tests:   build_all(folder) -> {name: Path}

Everything is deterministic: the same bytes on every run. The expected counts per fixture live in
tests/test_importers.py, next to the assertions.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import sys
import tarfile
import zipfile
from pathlib import Path

import libipld

XSS = "<script>alert(1)</script> [click](http://evil)"
OWNER, OWNER_ID = "ada_lovelace", "1000"
CANARY = b"CANARY: cloutlab must never open direct-message files. If you can read this, it did."


# ---------------------------------------------------------------- X/Twitter 2019+ archive
def x_tweet(n: int, text: str, when: str, *, likes="0", rts="0", reply_to=None, reply_uid=None,
            mentions=(), tags=(), urls=(), lang="en", source="Twitter Web App") -> dict:
    """A tweet as the archive writes it: ids, counts and indices as strings; &, <, > escaped."""
    tid = str(1_400_000_000_000_000_000 + n)
    t = {
        "edit_info": {"initial": {"editTweetIds": [tid], "editableUntil": "2021-06-01T00:00:00.000Z", "editsRemaining": "5", "isEditEligible": True}},
        "retweeted": False,
        "source": f'<a href="https://mobile.twitter.com" rel="nofollow">{source}</a>',
        "entities": {
            "hashtags": [{"text": h, "indices": ["0", "5"]} for h in tags],
            "symbols": [],
            "user_mentions": [{"name": m.title(), "screen_name": m, "indices": ["0", "4"], "id_str": "2000", "id": "2000"} for m in mentions],
            "urls": [{"url": "https://t.co/abc", "expanded_url": u, "display_url": u[8:30], "indices": ["10", "33"]} for u in urls],
        },
        "display_text_range": ["0", str(len(text))],
        "favorite_count": likes, "id_str": tid, "truncated": False, "retweet_count": rts, "id": tid,
        "created_at": when, "favorited": False,
        "full_text": text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        "lang": lang,
    }
    if reply_to:
        t.update(in_reply_to_status_id_str="1399", in_reply_to_status_id="1399", in_reply_to_screen_name=reply_to,
                 in_reply_to_user_id=reply_uid, in_reply_to_user_id_str=reply_uid)
    return t


def x_tweets() -> tuple[list[dict], list[dict]]:
    """Part 0 and part 1. Totals: 10 items = 4 original, 2 reposts, 2 replies (1 self), 2 quotes."""
    part0 = [
        x_tweet(1, "Fish & chips <3 #food with @bob https://t.co/abc", "Mon Jan 04 09:00:00 +0000 2021", likes="5", rts="2",
                mentions=["bob"], tags=["food"], urls=["https://example.com/fish"]),
        x_tweet(2, "RT @bob: a long thought about engines that got cut at one hundred and forty characters because that is what retweets d…",
                "Tue Jan 05 10:00:00 +0000 2021", mentions=["bob"]),
        x_tweet(3, "@bob I agree", "Wed Jan 06 11:00:00 +0000 2021", likes="1", reply_to="bob", reply_uid="2000", mentions=["bob"]),
        x_tweet(4, "and another thing (2/2)", "Wed Jan 06 11:05:00 +0000 2021", likes="2", reply_to=OWNER, reply_uid=OWNER_ID),
        x_tweet(5, "Look at this https://t.co/q", "Thu Jan 07 12:00:00 +0000 2021", likes="7", rts="1",
                urls=["https://twitter.com/bob/status/123456789"]),
        x_tweet(6, XSS, "Fri Jan 08 13:00:00 +0000 2021", likes="0", rts="0"),
    ]
    part1 = [
        x_tweet(7, "Quoting carol https://t.co/r", "Sat Feb 06 14:00:00 +0000 2021", likes="3", urls=["https://x.com/carol/status/987654321"]),
        x_tweet(8, "Bonjour à tous", "Sun Feb 07 15:00:00 +0000 2021", likes="11", rts="4", lang="fr", source="Twitter for iPhone"),
        x_tweet(9, "RT @carol: hello", "Mon Feb 08 16:00:00 +0000 2021", mentions=["carol"]),
        x_tweet(10, "a literal &lt; stays escaped once", "Tue Mar 02 17:30:00 +0000 2021", likes="1"),
    ]
    return part0, part1


def ytd(name: str, value) -> bytes:
    return f"window.YTD.{name}.part0 = ".encode() + json.dumps(value, indent=2, separators=(",", " : "), ensure_ascii=False).encode()


def x_archive_files(*, early: bool = False, odd: bool = False) -> dict[str, bytes]:
    """Member name -> bytes. `early`: the 2019 layout (singular tweet.js, no wrapper, no manifest).
    `odd`: no manifest, an empty middle part, and a last part with a BOM and a trailing semicolon."""
    part0, part1 = x_tweets()
    files = {"Your archive.html": b"<html>offline viewer</html>"}
    if odd:
        files["data/tweets.js"] = ytd("tweets", [{"tweet": t} for t in part0])
        files["data/tweets-part1.js"] = b"window.YTD.tweets.part1 = [ ]"
        files["data/tweets-part2.js"] = b"\xef\xbb\xbf" + ytd("tweets", [{"tweet": t} for t in part1]).replace(b"part0 =", b"part2 =", 1) + b";\n"
    elif early:
        files["data/tweet.js"] = ytd("tweet", part0 + part1)
    else:
        files["data/tweets.js"] = ytd("tweets", [{"tweet": t} for t in part0])
        files["data/tweets-part1.js"] = ytd("tweets", [{"tweet": t} for t in part1]).replace(b"part0 =", b"part1 =", 1)
        files["data/manifest.js"] = b"window.__THAR_CONFIG = " + json.dumps({
            "userInfo": {"accountId": OWNER_ID, "userName": OWNER, "displayName": "Ada"},
            "archiveInfo": {"sizeBytes": "1234", "generationDate": "2021-03-05T06:07:08.000Z", "isPartialArchive": False, "maxPartSizeBytes": "53687091200"},
            "dataTypes": {"tweets": {"files": [{"fileName": "data/tweets.js", "globalName": "YTD.tweets.part0", "count": "6"},
                                               {"fileName": "data/tweets-part1.js", "globalName": "YTD.tweets.part1", "count": "4"}]},
                          "directMessages": {"files": [{"fileName": "data/direct-messages.js", "globalName": "YTD.direct_messages.part0", "count": "1"}]}},
        }, indent=2).encode()
    files["data/account.js"] = ytd("account", [{"account": {"email": "ada@example.com", "createdVia": "web", "username": OWNER, "accountId": OWNER_ID,
                                                            "createdAt": "2009-03-04T05:06:07.000Z", "accountDisplayName": "Ada"}}])
    follower = [{"follower": {"accountId": str(3000 + i)} if early else {"accountId": str(3000 + i), "userLink": f"https://twitter.com/intent/user?user_id={3000 + i}"}} for i in range(3)]
    files["data/follower.js"] = ytd("follower", follower)
    files["data/following.js"] = ytd("following", [{"following": {"accountId": str(4000 + i)}} for i in range(2)])
    # Files that look like tweets but are not the timeline, and private files: all must be ignored.
    files["data/deleted-tweets.js"] = ytd("deleted_tweets", [{"tweet": x_tweet(99, "deleted", "Mon Jan 04 09:00:00 +0000 2021")}])
    files["data/note-tweet.js"] = ytd("note_tweet", [{"noteTweet": {"noteTweetId": "1", "core": {"text": "long"}}}])
    files["data/direct-messages.js"] = CANARY
    files["data/direct-messages-group.js"] = CANARY
    files["data/direct_messages_media/1-a.jpg"] = CANARY
    files["data/like.js"] = ytd("like", [{"like": {"tweetId": "5", "fullText": "someone else", "expandedUrl": "https://x"}}])
    files["data/tweets_media/1400000000000000001-a.jpg"] = b"\xff\xd8\xff\xe0fakejpeg"
    return files


def write_zip(path: Path, files: dict[str, bytes], prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(prefix + name, date_time=(2021, 3, 5, 6, 7, 8))  # fixed: same bytes every run
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def write_folder(path: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(data)
    return path


# ---------------------------------------------------------------- legacy (Grailbird) archive
LEGACY = [  # id, created (2012 style), text, reply_to screen name, reply uid, retweeted?
    ("100", "Wed Nov 14 08:00:00 +0000 2012", "Hello &amp; goodbye #first", None, None, False),
    ("101", "2012-11-20 09:30:00 +0000", "@friend yes, \"quoted\"\nand a new line", "friend", "7", False),
    ("102", "2012-12-01 10:00:00 +0000", "@old_timer continuing my thread", "old_timer", "42", False),
    ("103", "2012-12-19 14:29:39 +0000", "RT @friend: native retweet", None, None, True),
    ("104", "2012-12-24 18:00:00 +0000", XSS.replace("<", "&lt;").replace(">", "&gt;"), None, None, False),
]


def legacy_files(csv_columns: str | None, with_js: bool) -> dict[str, bytes]:
    """5 tweets: 3 original... precisely 2 original, 2 replies (1 self), 1 repost."""
    files = {"index.html": b"<html></html>", "README.txt": b"Twitter archive"}
    files["data/js/user_details.js"] = b'var user_details =  {"screen_name":"old_timer","full_name":"Old Timer","id":"42","created_at":"2009-05-01 10:00:00 +0000"}'
    if with_js:
        by_month: dict[str, list] = {}
        for tid, when, text, to, uid, rt in LEGACY:
            month = "2012_11" if "Nov" in when or "-11-" in when else "2012_12"
            t = {"id": int(tid), "id_str": tid, "text": text, "created_at": when, "source": '<a href="http://x">Tweetdeck</a>',
                 "entities": {"user_mentions": [{"screen_name": to}] if to else [], "hashtags": [{"text": "first"}] if "#first" in text else [], "urls": [], "media": []},
                 "user": {"screen_name": "old_timer"}}
            if to:
                t.update(in_reply_to_status_id_str="99", in_reply_to_screen_name=to, in_reply_to_user_id_str=uid)
            if rt:
                t["retweeted_status"] = {"id_str": "55", "text": "native retweet", "user": {"screen_name": "friend"}}
            by_month.setdefault(month, []).append(t)
        for month, tweets in by_month.items():
            files[f"data/js/tweets/{month}.js"] = f"Grailbird.data.tweets_{month} = \n".encode() + json.dumps(tweets, indent=2).encode()
    if csv_columns:
        files["tweets.csv"] = legacy_csv(csv_columns)
    return files


def legacy_csv(columns: str) -> bytes:
    """Both column orders (docs/export-formats.md A2): every field quoted, newest first, text HTML-escaped."""
    nine = ["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "retweeted_status_id", "retweeted_status_user_id", "timestamp", "source", "text", "expanded_urls"]
    ten = ["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp", "source", "text", "retweeted_status_id", "retweeted_status_user_id", "retweeted_status_timestamp", "expanded_urls"]
    header = nine if columns == "9" else ten
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    for tid, when, text, to, uid, rt in reversed(LEGACY):
        iso = when if "-" in when else "2012-11-14 08:00:00 +0000"
        row = {"tweet_id": tid, "in_reply_to_status_id": "99" if to else "", "in_reply_to_user_id": uid or "", "timestamp": iso,
               "source": '<a href="http://x">Tweetdeck</a>', "text": text, "retweeted_status_id": "55" if rt else "",
               "retweeted_status_user_id": "7" if rt else "", "retweeted_status_timestamp": "", "expanded_urls": ""}
        writer.writerow([row[c] for c in header])
    return out.getvalue().encode()


# ---------------------------------------------------------------- Mastodon archive
MASTO = "https://mastodon.example/users/grace"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def masto_create(n: int, html: str, when: str, *, to=(PUBLIC,), cc=(f"{MASTO}/followers",), reply_to=None,
                 counts=None, tags=(), signature=False) -> dict:
    note = {"id": f"{MASTO}/statuses/{n}", "type": "Note", "summary": None, "inReplyTo": reply_to, "published": when,
            "url": f"https://mastodon.example/@grace/{n}", "attributedTo": MASTO, "to": list(to), "cc": list(cc),
            "sensitive": False, "content": html, "contentMap": {"en": html}, "attachment": [], "tag": list(tags),
            "replies": {"id": f"{MASTO}/statuses/{n}/replies", "type": "Collection"}}
    if counts:
        note["likes"] = {"id": f"{MASTO}/statuses/{n}/likes", "type": "Collection", "totalItems": counts[0]}
        note["shares"] = {"id": f"{MASTO}/statuses/{n}/shares", "type": "Collection", "totalItems": counts[1]}
    act = {"id": f"{MASTO}/statuses/{n}/activity", "type": "Create", "actor": MASTO, "published": when,
           "to": list(to), "cc": list(cc), "object": note}
    if signature:
        act["signature"] = {"type": "RsaSignature2017", "creator": f"{MASTO}#main-key", "signatureValue": "abc"}
    return act


def mastodon_files(*, old: bool) -> dict[str, bytes]:
    """New server: 5 items (2 original, 2 replies of which 1 self, 1 boost), 1 direct message left out.
    Old server (no counts, signatures): 3 items (2 original, 1 boost), 1 direct message."""
    counts = None if old else (4, 2)
    intro = ('<p>Hello &amp; welcome <a href="https://mastodon.example/tags/intro" class="mention hashtag" rel="tag">#<span>intro</span></a></p>'
             '<p>second<br />line <a href="https://example.com/page" rel="nofollow noopener" target="_blank">'
             '<span class="invisible">https://</span><span class="">example.com/page</span></a></p>')
    items = [
        masto_create(1, intro, "2022-05-01T10:00:00Z", counts=counts, signature=old,
                     tags=[{"type": "Hashtag", "href": "https://mastodon.example/tags/intro", "name": "#intro"}]),
        masto_create(2, "<p>" + XSS.replace("<", "&lt;").replace(">", "&gt;") + "</p>", "2022-05-02T10:00:00Z", signature=old),
        {"id": f"{MASTO}/statuses/3/activity", "type": "Announce", "actor": MASTO, "published": "2022-05-03T10:00:00Z",
         "to": [PUBLIC], "cc": ["https://other.example/users/bob", f"{MASTO}/followers"], "object": "https://other.example/users/bob/statuses/77"},
        masto_create(4, '<p><span class="h-card"><a href="https://other.example/@bob" class="u-url mention">@<span>bob</span></a></span> secret</p>',
                     "2022-05-04T10:00:00Z", to=["https://other.example/users/bob"], cc=[], signature=old,
                     tags=[{"type": "Mention", "href": "https://other.example/users/bob", "name": "@bob@other.example"}]),
    ]
    if not old:
        items += [
            masto_create(5, '<p><span class="h-card"><a href="https://other.example/@bob" class="u-url mention">@<span>bob</span></a></span> sure</p>',
                         "2022-05-05T10:00:00Z", to=[f"{MASTO}/followers"], cc=[PUBLIC], counts=(1, 0),
                         reply_to="https://other.example/users/bob/statuses/78",
                         tags=[{"type": "Mention", "href": "https://other.example/users/bob", "name": "@bob@other.example"}]),
            masto_create(6, "<p>and more (2/2)</p>", "2022-06-30T23:59:59Z", to=[f"{MASTO}/followers"], cc=[],
                         reply_to=f"{MASTO}/statuses/1"),
        ]
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", "type": "OrderedCollection",
              "totalItems": len(items) + 3, "orderedItems": items}
    actor = {"@context": "https://www.w3.org/ns/activitystreams", "id": MASTO, "type": "Person", "preferredUsername": "grace",
             "name": "Grace H.", "summary": "<p>bio</p>", "published": "2017-04-01T00:00:00Z", "followers": f"{MASTO}/followers",
             "following": f"{MASTO}/following", "outbox": "outbox.json", "likes": "likes.json", "icon": {"url": "avatar.png"}}
    likes = {"type": "OrderedCollection", "orderedItems": ["https://other.example/users/bob/statuses/1"]}
    return {"outbox.json": json.dumps(outbox, separators=(",", ":")).encode(), "actor.json": json.dumps(actor).encode(),
            "likes.json": json.dumps(likes).encode(), "avatar.png": b"\x89PNGfake",
            "media_attachments/files/000/000/001/original/a.jpg": b"\xff\xd8fake"}


def write_targz(path: Path, files: dict[str, bytes]) -> Path:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_600_000_000
            tar.addfile(info, io.BytesIO(data))
    import gzip

    path.write_bytes(gzip.compress(raw.getvalue(), mtime=0))
    return path


# ---------------------------------------------------------------- Bluesky repo.car (written by hand: libipld has no CAR writer)
DID = "did:plc:abcdefghijklmnopqrstuvwx"
OTHER = "did:plc:zyxwvutsrqponmlkjihgfedc"
_B32 = "234567abcdefghijklmnopqrstuvwxyz"


def cid_of(block: bytes) -> bytes:
    """CIDv1, dag-cbor (0x71), sha2-256 multihash: the binary form that libipld encodes as a link."""
    return bytes([0x01, 0x71, 0x12, 0x20]) + hashlib.sha256(block).digest()


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def tid(micros: int, clock: int = 7) -> str:
    n, out = (micros << 10) | clock, ""
    for _ in range(13):
        out, n = _B32[n & 31] + out, n >> 5
    return out


def mst_depth(key: str) -> int:
    """Leading zero bits of SHA-256(key), over 2 (atproto repository spec: fanout 4)."""
    bits = 0
    for byte in hashlib.sha256(key.encode()).digest():
        if byte:
            return (bits + 8 - byte.bit_length()) // 2
        bits += 8
    return bits // 2


def mst_node(items: list[tuple[str, bytes]], layer: int, blocks: list[bytes]) -> bytes:
    """Build the node at `layer` over sorted (key, cid) items, each of depth <= layer; returns its CID."""
    left, entries, lower = None, [], []

    def flush():
        sub = mst_node(lower, layer - 1, blocks) if lower else None
        lower.clear()
        return sub

    for key, cid in items:
        if mst_depth(key) < layer:
            lower.append((key, cid))
            continue
        sub = flush()
        if entries:
            entries[-1]["t"] = sub
        else:
            left = sub
        entries.append({"key": key, "v": cid, "t": None})
    sub = flush()
    if entries:
        entries[-1]["t"] = sub
    else:
        left = sub
    prev, encoded = b"", []
    for e in entries:
        key = e["key"].encode()
        p = len(next((prev[:i] for i in range(min(len(prev), len(key)), -1, -1) if prev[:i] == key[:i])))
        encoded.append({"p": p, "k": key[p:], "v": e["v"], "t": e["t"]})
        prev = key
    block = libipld.encode_dag_cbor({"l": left, "e": encoded})
    blocks.append(block)
    return cid_of(block)


def bluesky_records() -> dict[str, dict]:
    """5 posts (2 original, 2 replies of which 1 self, 1 quote) and 2 reposts; 3 likes, 4 follows, a profile."""
    base = 1_680_000_000_000_000  # 2023-03-28, in microseconds
    text = "🎉 hi @alice.bsky.social #party https://example.com"
    raw = text.encode()
    first_uri = f"at://{DID}/app.bsky.feed.post/{tid(base)}"

    def span(s):
        return {"byteStart": raw.index(s.encode()), "byteEnd": raw.index(s.encode()) + len(s.encode())}

    def strong(uri):
        return {"uri": uri, "cid": "bafyreibnoelefnzgwbcacyt4vh52ymxvzbjq7mmqhtcnwarfq4lzegsiqe"}

    def post(i, **kw):
        return (f"app.bsky.feed.post/{tid(base + i * 3_600_000_000)}",
                {"$type": "app.bsky.feed.post", "createdAt": f"2023-03-{28 + i // 24:02d}T{i % 24:02d}:00:00.000Z",
                 "langs": ["en"], **kw})

    recs = dict([
        post(0, text=text, facets=[
            {"index": span("@alice.bsky.social"), "features": [{"$type": "app.bsky.richtext.facet#mention", "did": OTHER}]},
            {"index": span("#party"), "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "party"}]},
            {"index": span("https://example.com"), "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com"}]}]),
        post(1, text="replying to a friend", reply={"root": strong(f"at://{OTHER}/app.bsky.feed.post/3k"), "parent": strong(f"at://{OTHER}/app.bsky.feed.post/3k")}),
        post(2, text="my own thread continues", reply={"root": strong(first_uri), "parent": strong(first_uri)}),
        post(3, text="look at this", embed={"$type": "app.bsky.embed.record", "record": strong(f"at://{OTHER}/app.bsky.feed.post/3j")}),
        post(4, text=XSS),
    ])
    for i in range(2):
        recs[f"app.bsky.feed.repost/{tid(base + (10 + i) * 3_600_000_000)}"] = {"$type": "app.bsky.feed.repost", "subject": strong(f"at://{OTHER}/app.bsky.feed.post/3r{i}"), "createdAt": f"2023-03-29T{10 + i}:00:00Z"}
    for i in range(3):
        recs[f"app.bsky.feed.like/{tid(base + (20 + i) * 3_600_000_000)}"] = {"$type": "app.bsky.feed.like", "subject": strong(f"at://{OTHER}/app.bsky.feed.post/3l{i}"), "createdAt": "2023-03-29T20:00:00Z"}
    for i in range(4):
        recs[f"app.bsky.graph.follow/{tid(base + (30 + i) * 3_600_000_000)}"] = {"$type": "app.bsky.graph.follow", "subject": f"did:plc:friend{i}", "createdAt": "2023-03-30T00:00:00Z"}
    recs["app.bsky.actor.profile/self"] = {"$type": "app.bsky.actor.profile", "displayName": "Blue Sky", "description": "hi"}
    return recs


def bluesky_car() -> bytes:
    """A valid CAR v1. Checked once by hand with npm @atproto/repo 0.8.5: Repo.load reads all 15 records and
    an MST rebuilt from them has exactly this commit's data CID (so depths, prefixes and layers are right)."""
    blocks: list[bytes] = []
    items = []
    for key, record in sorted(bluesky_records().items()):
        block = libipld.encode_dag_cbor(record)
        blocks.append(block)
        items.append((key, cid_of(block)))
    root = mst_node(items, max(mst_depth(k) for k, _ in items), blocks)
    commit = libipld.encode_dag_cbor({"did": DID, "version": 3, "data": root, "rev": tid(1_680_500_000_000_000), "prev": None, "sig": b"\xff" * 64})
    stray = libipld.encode_dag_cbor({"$type": "app.bsky.feed.post", "text": "not in the tree: must be ignored", "createdAt": "2020-01-01T00:00:00Z"})
    blocks = [commit, *blocks, blocks[0], stray]  # a duplicate and an unrelated block: readers must tolerate both
    header = libipld.encode_dag_cbor({"version": 1, "roots": [cid_of(commit)]})
    out = bytearray(varint(len(header)) + header)
    for block in blocks:
        cid = cid_of(block)
        out += varint(len(cid) + len(block)) + cid + block
    return bytes(out)


# ---------------------------------------------------------------- generic CSV
def csv_files() -> dict[str, bytes]:
    bom_crlf = ("timestamp,text,likes,reposts,replies,kind\r\n"
                "2023-01-01T08:00:00Z,\"Happy new year, all\r\nsecond line\",10,2,1,original\r\n"
                "2023-01-02T09:00:00+01:00,@sam thanks,1,,0,reply\r\n"
                "2023-01-03 10:00:00,RT @sam: great,,,,repost\r\n"
                f"2023-01-04T11:00:00Z,\"{XSS}\",0,0,0,\r\n")
    cp1252 = "date,content,favorites,retweets\n2020-06-01,Café – naïve “quotes”,3,1\n2020-06-02,second post,0,0\n"
    alt = ("Created At,Tweet,Retweets,Username\n"
           "2019-07-01 12:00:00 +0000,first,5,casey\n2019-07-02 12:00:00 +0000,RT @x: second,,casey\n")
    return {"csv_bom_crlf.csv": b"\xef\xbb\xbf" + bom_crlf.encode(), "csv_cp1252.csv": cp1252.encode("cp1252"),
            "csv_alt_headers.csv": alt.encode()}


# ---------------------------------------------------------------- bad inputs
def write_bomb(path: Path, size: int = 256 << 20) -> Path:
    """A member that inflates ~1000:1 to `size` bytes, written streaming so the fixture stays small and fast."""
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        info = zipfile.ZipInfo("data/tweets.js", date_time=(2021, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as out:
            out.write(b"window.YTD.tweets.part0 = [")
            for _ in range(size // len(chunk)):
                out.write(chunk)
            out.write(b"]")
        zf.writestr("data/account.js", b"window.YTD.account.part0 = []")
    return path


def _corrupt_member(path: Path, files: dict[str, bytes]) -> Path:
    """A zip whose directory is intact but whose tweets.js bytes were damaged in transit (one byte flipped)."""
    write_zip(path, files)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("data/tweets.js")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def bad_files(folder: Path, good_x_zip: Path) -> dict[str, Path]:
    rng = random.Random(7)
    out: dict[str, Path] = {}
    out["bad_images"] = write_zip(folder / "holiday_photos.zip", {f"IMG_{i:04d}.jpg": bytes(rng.randrange(256) for _ in range(64)) for i in range(3)})
    data = good_x_zip.read_bytes()
    (folder / "truncated.zip").write_bytes(data[: len(data) // 2])
    out["bad_truncated"] = folder / "truncated.zip"
    out["bad_corrupt_member"] = _corrupt_member(folder / "corrupt_member.zip", x_archive_files())
    out["bad_traversal"] = write_zip(folder / "traversal.zip", {**x_archive_files(), "../../evil.txt": b"gotcha"})
    out["bad_bomb"] = write_bomb(folder / "bomb.zip")
    broken = x_archive_files()
    broken["data/tweets-part1.js"] = broken["data/tweets-part1.js"][:-200] + b'{"tweet": {"id_str": oops}}]'
    out["bad_json"] = write_zip(folder / "malformed_json.zip", broken)
    broken = x_archive_files()
    broken["data/account.js"] = b'window.YTD.account.part0 = [{"account": {"username": "ada", }]'
    out["bad_json_small"] = write_zip(folder / "malformed_account.zip", broken)
    dupes = x_archive_files()
    dupes["data/tweets-part1.js"] = dupes["data/tweets-part1.js"].replace(b"1400000000000000007", b"1400000000000000001")
    out["bad_duplicate_ids"] = write_zip(folder / "duplicate_ids.zip", dupes)
    dates = x_archive_files()
    dates["data/tweets-part1.js"] = dates["data/tweets-part1.js"].replace(b"Sun Feb 07 15:00:00 +0000 2021", b"yesterday", 1)
    out["bad_x_dates"] = write_zip(folder / "unreadable_dates.zip", dates)
    missing = x_archive_files()
    del missing["data/tweets-part1.js"]
    out["bad_missing_part"] = write_zip(folder / "missing_part.zip", missing)
    out["bad_empty_zip"] = write_zip(folder / "empty.zip", {})
    (folder / "garbage.bin").write_bytes(bytes(rng.randrange(128, 256) for _ in range(4096)))
    out["bad_garbage"] = folder / "garbage.bin"
    (folder / "garbage.csv").write_bytes(bytes(rng.randrange(128, 256) for _ in range(4096)))
    out["bad_garbage_csv"] = folder / "garbage.csv"
    (folder / "huge_field.csv").write_bytes(b'timestamp,text\n2021-01-01T00:00:00Z,"' + b"a" * 1_500_000 + b'"\n')
    out["bad_huge_field"] = folder / "huge_field.csv"
    (folder / "random.json").write_bytes(b'{"hello": "world"}')
    out["bad_random_json"] = folder / "random.json"
    bad_outbox = mastodon_files(old=False)
    bad_outbox["outbox.json"] = bad_outbox["outbox.json"][:300]
    out["bad_outbox"] = write_zip(folder / "mastodon_broken.zip", bad_outbox)
    car = bluesky_car()
    (folder / "truncated.car").write_bytes(car[: len(car) // 3])
    out["bad_car"] = folder / "truncated.car"
    (folder / "bad_dates.csv").write_bytes(b"timestamp,text\nyesterday,hello\n")
    out["bad_dates_csv"] = folder / "bad_dates.csv"
    (folder / "empty.csv").write_bytes(b"")
    out["bad_empty_file"] = folder / "empty.csv"
    return out


# ---------------------------------------------------------------- all of it
def build_all(folder: str | Path) -> dict[str, Path]:
    """Write every fixture into `folder` (created if needed) and return {name: path}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".gitignore").write_text("*\n")  # generated: never committed
    out: dict[str, Path] = {}
    out["x_zip"] = write_zip(folder / "twitter-2021-03-05-ada.zip", x_archive_files())
    out["x_folder"] = write_folder(folder / "twitter-ada-unzipped", x_archive_files())
    out["x_nested_zip"] = write_zip(folder / "twitter-rezipped.zip", x_archive_files(), prefix="twitter-2021-03-05/")
    out["x_2019_zip"] = write_zip(folder / "twitter-2019.zip", x_archive_files(early=True))
    out["x_odd_parts_zip"] = write_zip(folder / "twitter-odd-parts.zip", x_archive_files(odd=True))
    out["legacy_js_zip"] = write_zip(folder / "tweets-legacy.zip", legacy_files("10", with_js=True))
    out["legacy_csv9_zip"] = write_zip(folder / "tweets-2013.zip", legacy_files("9", with_js=False))
    out["legacy_csv10_folder"] = write_folder(folder / "old_timer_archive", {"tweets.csv": legacy_csv("10")})
    out["mastodon_zip"] = write_zip(folder / "archive-20220701-grace.zip", mastodon_files(old=False))
    out["mastodon_targz"] = write_targz(folder / "archive-20190101-grace.tar.gz", mastodon_files(old=True))
    (folder / "repo.car").write_bytes(bluesky_car())
    out["bluesky_car"] = folder / "repo.car"
    for name, data in csv_files().items():
        (folder / name).write_bytes(data)
        out[name.removesuffix(".csv")] = folder / name
    out.update(bad_files(folder, out["x_zip"]))
    out.update(__import__("make_fixtures_networks").build(folder))  # Facebook, LinkedIn, Instagram, Google+ (issue 14)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "fixtures"
    for key, path in build_all(target).items():
        print(f"{key:24} {path}")
