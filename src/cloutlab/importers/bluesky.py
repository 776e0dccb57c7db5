"""Bluesky repository export, `repo.car` (docs/export-formats.md section C).

The CAR holds blocks keyed by CID; the first root is the signed commit, whose `data` is the root of a
Merkle search tree mapping `<collection>/<rkey>` to record CIDs. Walking that tree (rather than taking
every block that looks like a record) gives each record its key, hence its at:// URI, and ignores
unrelated or stale blocks a CAR may legally carry. Only records this account wrote are present: no
handle (only the DID), no followers, no reactions received.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import libipld

from cloutlab import platforms
from cloutlab.errors import CloutlabError
from cloutlab.importers.car_check import verify_car
from cloutlab.importers.common import as_text, check_text, parse_iso, post_row, rows_table
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed

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
