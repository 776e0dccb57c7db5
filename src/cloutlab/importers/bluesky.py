"""Bluesky repository export, `repo.car` (export-formats.md section C).

The CAR holds blocks keyed by CID; the first root is the signed commit, whose `data` is the root of a
Merkle search tree mapping `<collection>/<rkey>` to record CIDs. Walking that tree (rather than taking
every block that looks like a record) gives each record its key, hence its at:// URI, and ignores
unrelated or stale blocks a CAR may legally carry. Only records this account wrote are present: no
handle (only the DID), no followers, no reactions received.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import libipld

from ..errors import CloutlabError
from .common import parse_iso, post_row, posts_table, write
from .detect import Input

POST, REPOST = "app.bsky.feed.post", "app.bsky.feed.repost"
LIKE, FOLLOW, PROFILE = "app.bsky.feed.like", "app.bsky.graph.follow", "app.bsky.actor.profile"
_QUOTE_EMBEDS = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def load(con, inp: Input) -> dict[str, Any]:
    blocks, commit = _decode(inp.data, inp.label)
    did = commit.get("did")
    if not isinstance(did, str) or not did.startswith("did:"):
        raise CloutlabError(f"{inp.label}: the repository commit names no account (DID); export the repository again.")
    records = list(walk_mst(blocks, commit.get("data")))
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
    warnings = ["Bluesky exports do not include the handle, so the account is named by its DID.",
                "Bluesky exports carry no follower counts, so the audience size is unknown."]
    return write(con, account, posts_table(rows), label=inp.label, fmt="bluesky_car", engagement=[], warnings=warnings)


def _decode(data: bytes, label: str) -> tuple[dict[bytes, Any], dict[str, Any]]:
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise CloutlabError(f"{label} is not a readable Bluesky repository ({str(exc)[:80]}); export it again from Settings.") from None
    roots = header.get("roots") if isinstance(header, dict) else None
    commit = blocks.get(roots[0]) if roots else None
    if not isinstance(commit, dict):
        raise CloutlabError(f"{label} has no repository commit at its root; export the repository again from Settings.")
    return blocks, commit


def walk_mst(blocks: dict[bytes, Any], root: Any):
    """Yield (key, record) in key order. Missing nodes or records (a CAR may dangle) are skipped."""
    stack: list[Any] = [("node", root)]
    while stack:
        what, ref = stack.pop()
        if what == "leaf":
            yield ref
            continue
        node = blocks.get(ref) if isinstance(ref, bytes) else None
        if not isinstance(node, dict):
            continue
        todo, prev = [("node", node.get("l"))], b""
        for entry in node.get("e") or []:
            prev = prev[: entry.get("p", 0)] + bytes(entry.get("k", b""))
            record = blocks.get(entry.get("v"))
            if isinstance(record, dict):
                todo.append(("leaf", (prev.decode("utf-8", "replace"), record)))
            todo.append(("node", entry.get("t")))
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


def _post(record: dict[str, Any], did: str, key: str, rkey: str) -> dict[str, Any]:
    parent = ((record.get("reply") or {}).get("parent") or {}).get("uri") or ""
    parent_did = parent[5:].split("/", 1)[0] if parent.startswith("at://") else None
    embed = record.get("embed") or {}
    kind = "reply" if parent else ("quote" if embed.get("$type") in _QUOTE_EMBEDS else "original")
    mentions, tags, links = _facets(record)
    external = (embed.get("external") or {}).get("uri")
    if external and external not in links:
        links.append(external)
    langs = record.get("langs") or []
    return post_row(
        platform="bluesky", account=did, post_id=f"at://{did}/{key}", created_at=_when(record, rkey), kind=kind,
        is_self_reply=parent_did == did, text=record.get("text") or "", lang=langs[0] if langs else None,
        reply_to_account=parent_did, mentions=mentions, hashtags=tags, urls=links,
    )


def _facets(record: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Mentions (as written, e.g. alice.bsky.social), tags and links. Facet offsets are UTF-8 *byte* offsets."""
    raw = (record.get("text") or "").encode("utf-8")
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
