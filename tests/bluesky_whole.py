"""The Bluesky importer as it was before it was streamed (commit 7a4d222, verbatim below the imports: the whole
file in memory, every block decoded by libipld.decode_car), kept as the oracle the streamed importer is compared
with in tests/test_bluesky_stream.py. cloutlab never imports it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import libipld

from cloutlab import platforms
from cloutlab.errors import CloutlabError
from cloutlab.importers.common import as_text, check_text, parse_iso, post_row, rows_table
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed

# ---------------------------------------------------------------- importers/car_check.py at 7a4d222
SHA256 = 0x12
MAX_BLOCKS = 5_000_000  # far more than any personal repository (records + tree nodes)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def verify_car(data: bytes, label: str) -> int:
    """Raise a CloutlabError naming the first block whose bytes do not hash to its CID."""
    def damaged(why: str) -> CloutlabError:
        return CloutlabError(f"{label} is not a readable Bluesky repository ({why}); export it again from Settings.")

    try:
        size, pos = _varint(data, 0)
        pos += size
        count = 0
        while pos < len(data):
            size, start = _varint(data, pos)
            end = start + size
            if size == 0 or end > len(data):
                raise damaged("a block runs past the end of the file")
            if data[start] == 0x12 and data[start + 1] == 0x20:  # CIDv0
                code, length, digest_at = SHA256, 32, start + 2
            else:
                version, p = _varint(data, start)
                if version != 1:
                    raise damaged(f"a block has a CID of version {version}")
                _codec, p = _varint(data, p)
                code, p = _varint(data, p)
                length, digest_at = _varint(data, p)
            block_at = digest_at + length
            if block_at > end:
                raise damaged("a block's CID runs past the block")
            if code != SHA256 or length != 32:
                raise CloutlabError(f"{label} names a block by a hash cloutlab cannot check (multihash 0x{code:x}); "
                                    "export the repository again from Settings.")
            if hashlib.sha256(data[block_at:end]).digest() != data[digest_at:block_at]:
                raise CloutlabError(
                    f"{label} has a block whose content does not match its CID (block {count + 1:,}): the file was "
                    "altered after Bluesky wrote it; cloutlab refuses it. Export the repository again from Settings."
                )
            count += 1
            if count > MAX_BLOCKS:
                raise damaged(f"more than {MAX_BLOCKS:,} blocks")
            pos = end
    except (ValueError, IndexError):
        raise damaged("it is cut short or not a CAR file") from None
    return count


# ---------------------------------------------------------------- importers/bluesky.py at 7a4d222
POST, REPOST = "app.bsky.feed.post", "app.bsky.feed.repost"
LIKE, FOLLOW, PROFILE = "app.bsky.feed.like", "app.bsky.graph.follow", "app.bsky.actor.profile"
_QUOTE_EMBEDS = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def parse(inp: Input) -> Parsed:
    blocks, commit = _decode(inp.data, inp.label)
    did = commit.get("did")
    if not isinstance(did, str) or not did.startswith("did:"):
        raise CloutlabError(f"{inp.label}: the repository commit names no account (DID); export the repository again.")
    records = list(walk_mst(blocks, commit.get("data"), inp.label))
    rows, profile, follows = [], {}, 0
    for key, record in records:
        collection, _, rkey = key.partition("/")
        if collection == POST:
            rows.append(_post(record, did, key, rkey))
        elif collection == REPOST:
            rows.append(post_row(platform="bluesky", account=did, post_id=f"at://{did}/{key}",
                                 created_at=_when(record, rkey), kind="repost"))
        elif collection == FOLLOW:
            follows += 1
        elif collection == PROFILE and rkey == "self":
            profile = record
    account = {
        "platform": "bluesky", "account": did, "display_name": profile.get("displayName") or None,
        "created_at": parse_iso(profile.get("createdAt", "")), "followers": None, "following": follows, "exported_at": None,
    }
    handle = own_handle(records, did, profile)
    if handle and not account["display_name"]:
        account["display_name"] = handle  # shown beside the DID on the Import page (the summary's keys are a contract)
    warnings = [f"The account is shown as {handle}, the handle its own posts mention it by; it is stored by its DID."
                if handle else "Bluesky exports do not include the handle, so the account is named by its DID.",
                "Bluesky exports carry no follower counts, so the audience size is unknown."]
    return Parsed(account, rows_table(rows), inp.label, "bluesky_car", platforms.BY_KEY["bluesky"].counts, tuple(warnings))


_HANDLE = re.compile(r"^(?=.{3,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def own_handle(records, did: str, profile: dict[str, Any]) -> str | None:
    """The account's handle when the repository shows it: a "handle" in the profile record (some tools
    write one), or a post mentioning the account itself (a mention facet pointing at its own DID, whose
    text is the handle). The standard repository does not carry it otherwise (it lives in the DID document)."""
    named = as_text(profile.get("handle"))
    if named and _HANDLE.match(named.lstrip("@")):
        return named.lstrip("@")
    for key, record in records:
        if not key.startswith(POST + "/") or not isinstance(record, dict):
            continue
        raw = (as_text(record.get("text")) or "").encode("utf-8")
        for facet in record.get("facets") or []:
            if not isinstance(facet, dict):
                continue
            for feature in facet.get("features") or []:
                if isinstance(feature, dict) and str(feature.get("$type", "")).endswith("#mention") \
                        and feature.get("did") == did:
                    index = facet.get("index") or {}
                    span = raw[index.get("byteStart", 0): index.get("byteEnd", 0)].decode("utf-8", "replace").lstrip("@")
                    if _HANDLE.match(span):
                        return span
    return None


def _decode(data: bytes, label: str) -> tuple[dict[bytes, Any], dict[str, Any]]:
    verify_car(data, label)  # every block must hash to its CID: tampered content is refused, not imported
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise CloutlabError(f"{label} is not a readable Bluesky repository ({str(exc)[:80]}); export it again from Settings.") from None
    roots = header.get("roots") if isinstance(header, dict) else None
    commit = blocks.get(roots[0]) if roots else None
    if not isinstance(commit, dict):
        raise CloutlabError(f"{label} has no repository commit at its root; export the repository again from Settings.")
    return blocks, commit


MAX_DEPTH = 128  # tree layers; a real repository has about log4(records), under 20


def walk_mst(blocks: dict[bytes, Any], root: Any, label: str = "The repository"):
    """Yield (key, record) in key order. Missing nodes or records (a CAR may dangle) are skipped.

    A tree node is visited at most once: a node that points back to itself or to an ancestor (a few
    hundred bytes made the old walk loop forever) is refused, as is a tree deeper than MAX_DEPTH, so the
    walk is bounded by the number of blocks in the file.
    """
    stack: list[Any] = [("node", root, 0)]
    seen: set[bytes] = set()
    while stack:
        what, ref, depth = stack.pop()
        if what == "leaf":
            yield ref
            continue
        node = blocks.get(ref) if isinstance(ref, bytes) else None
        if not isinstance(node, dict):
            continue
        if ref in seen or depth > MAX_DEPTH:
            raise CloutlabError(f"{label}: its record tree {'loops back on itself' if ref in seen else 'is impossibly deep'}, "
                                "which no Bluesky export does; export the repository again from Settings.")
        seen.add(ref)
        entries = node.get("e")
        todo, prev = [("node", node.get("l"), depth + 1)], b""
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            p, k = entry.get("p", 0), entry.get("k", b"")
            if not isinstance(p, int) or not isinstance(k, bytes) or p < 0 or p > len(prev) or len(prev) + len(k) > 1024:
                raise CloutlabError(f"{label}: a record key in its tree is malformed; export the repository again from Settings.")
            prev = prev[:p] + k
            record = blocks.get(entry.get("v")) if isinstance(entry.get("v"), bytes) else None
            if isinstance(record, dict):
                todo.append(("leaf", (prev.decode("utf-8", "replace"), record), depth))
            todo.append(("node", entry.get("t"), depth + 1))
        stack.extend(reversed(todo))  # depth first, left to right: keys come out sorted


def _when(record: dict[str, Any], rkey: str) -> dt.datetime:
    """createdAt, which the client sets; the rkey's TID clock as a fallback."""
    value = parse_iso(record.get("createdAt", "")) if isinstance(record.get("createdAt"), str) else None
    if value is None:
        value = tid_time(rkey)
    if value is None:
        raise CloutlabError(f"A Bluesky record ({rkey}) has no readable date; export the repository again.")
    return value


def tid_time(rkey: str) -> dt.datetime | None:
    if len(rkey) != 13 or any(c not in _TID_ALPHABET for c in rkey):
        return None
    n = 0
    for c in rkey:
        n = n * 32 + _TID_ALPHABET.index(c)
    return dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=n >> 10)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _post(record: dict[str, Any], did: str, key: str, rkey: str) -> dict[str, Any]:
    check_text(f"at://{did}/{key}"[:120], "this post", record.get("text"))
    parent = as_text(_dict(_dict(record.get("reply")).get("parent")).get("uri")) or ""
    parent_did = parent[5:].split("/", 1)[0] if parent.startswith("at://") else None
    embed = _dict(record.get("embed"))
    kind = "reply" if parent else ("quote" if embed.get("$type") in _QUOTE_EMBEDS else "original")
    mentions, tags, links = _facets(record)
    external = as_text(_dict(embed.get("external")).get("uri"))
    if external and external not in links:
        links.append(external)
    langs = record.get("langs") if isinstance(record.get("langs"), list) else []
    return post_row(
        platform="bluesky", account=did, post_id=f"at://{did}/{key}", created_at=_when(record, rkey), kind=kind,
        is_self_reply=parent_did == did, text=as_text(record.get("text")) or "", lang=langs[0] if langs else None,
        reply_to_account=parent_did, mentions=mentions, hashtags=tags, urls=links,
    )


def _facets(record: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Mentions (as written, e.g. alice.bsky.social), tags and links. Facet offsets are UTF-8 *byte* offsets."""
    raw = (as_text(record.get("text")) or "").encode("utf-8")
    mentions, tags, links = [], [], []
    for facet in record.get("facets") or []:
        index = facet.get("index") or {}
        span = raw[index.get("byteStart", 0) : index.get("byteEnd", 0)].decode("utf-8", "replace")
        for feature in facet.get("features") or []:
            kind = feature.get("$type", "")
            if kind.endswith("#mention"):
                mentions.append(span.lstrip("@") or feature.get("did"))
            elif kind.endswith("#tag"):
                tags.append(feature.get("tag") or span.lstrip("#"))
            elif kind.endswith("#link") and feature.get("uri"):
                links.append(feature["uri"])
    return mentions, tags, links
