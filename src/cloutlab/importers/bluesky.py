"""Bluesky repository export, `repo.car` (docs/export-formats.md section C).

The CAR holds blocks keyed by CID; the first root is the signed commit, whose `data` is the root of a
Merkle search tree mapping `<collection>/<rkey>` to record CIDs. Walking that tree (rather than taking
every block that looks like a record) gives each record its key, hence its at:// URI, and ignores
unrelated or stale blocks a CAR may legally carry. Only records this account wrote are present: no
handle (only the DID), no followers, no reactions received.
"""

from __future__ import annotations

import array
import datetime as dt
import io
import re
from typing import Any, BinaryIO

import libipld

from cloutlab import platforms
from cloutlab.errors import CloutlabError
from cloutlab.importers import progress
from cloutlab.importers.car_check import scan, varint, verify_car
from cloutlab.importers.common import as_text, check_text, parse_iso, post_row
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.spool import RowSpool

POST, REPOST = "app.bsky.feed.post", "app.bsky.feed.repost"
LIKE, FOLLOW, PROFILE = "app.bsky.feed.like", "app.bsky.graph.follow", "app.bsky.actor.profile"
_QUOTE_EMBEDS = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def parse(inp: Input) -> Parsed:
    with inp.open_file() as fh:
        blocks, commit = _load(fh, inp.label)
        did = commit.get("did")
        if not isinstance(did, str) or not did.startswith("did:"):
            raise CloutlabError(f"{inp.label}: the repository commit names no account (DID); export the repository again.")
        spool = RowSpool()
        try:
            profile, follows, mention = _read(blocks, commit.get("data"), did, inp.label, spool)
            posts = spool.finish()  # in key order, as the tree gives them
        finally:
            spool.close()
    account = {
        "platform": "bluesky", "account": did, "display_name": profile.get("displayName") or None,
        "created_at": parse_iso(profile.get("createdAt", "")), "followers": None, "following": follows, "exported_at": None,
    }
    handle = _profile_handle(profile) or mention()
    if handle and not account["display_name"]:
        account["display_name"] = handle  # shown beside the DID on the Import page (the summary's keys are a contract)
    warnings = [f"The account is shown as {handle}, the handle its own posts mention it by; it is stored by its DID."
                if handle else "Bluesky exports do not include the handle, so the account is named by its DID.",
                "Bluesky exports carry no follower counts, so the audience size is unknown."]
    return Parsed(account, posts.table(), inp.label, "bluesky_car", platforms.BY_KEY["bluesky"].counts, tuple(warnings))


_READ = (POST, REPOST, FOLLOW, PROFILE)  # the collections parse reads: likes and the rest are never decoded


def _read(blocks, root: Any, did: str, label: str, spool: RowSpool):
    """Walk the tree once, each post and repost into `spool` as its row: (profile, follows, mention), where
    mention() gives the handle the posts show (own_handle's second source) or raises what it raised.

    Errors come in the order of the whole read before it (every record listed first, then rows built, then
    the handle looked for): a damaged tree is named before a bad record, a bad record before a bad mention."""
    profile: dict[str, Any] = {}
    follows, failed, found, mention_failed = 0, None, None, None
    for key, record in walk_mst(blocks, root, label, wanted=lambda k: k.partition("/")[0] in _READ):
        if failed is not None:
            continue  # the walk goes on: a damaged tree further on is said first
        collection, _, rkey = key.partition("/")
        try:
            if collection == POST:
                row = _post(record, did, key, rkey)
            elif collection == REPOST:
                row = post_row(platform="bluesky", account=did, post_id=f"at://{did}/{key}",
                               created_at=_when(record, rkey), kind="repost")
            else:
                if collection == FOLLOW:
                    follows += 1
                elif collection == PROFILE and rkey == "self":
                    profile = record
                continue
        except Exception as exc:  # noqa: BLE001 - raised after the walk, as the whole read did
            failed = exc
            continue
        spool.add(row)
        if found is None and mention_failed is None and key.startswith(POST + "/"):
            try:
                found = _self_mention(record, did)
            except Exception as exc:  # noqa: BLE001 - raised only if the profile names no handle
                mention_failed = exc
    if failed is not None:
        raise failed

    def mention() -> str | None:
        if mention_failed is not None:
            raise mention_failed
        return found

    return profile, follows, mention


_HANDLE = re.compile(r"^(?=.{3,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def own_handle(records, did: str, profile: dict[str, Any]) -> str | None:
    """The account's handle when the repository shows it: a "handle" in the profile record (some tools
    write one), or a post mentioning the account itself (a mention facet pointing at its own DID, whose
    text is the handle). The standard repository does not carry it otherwise (it lives in the DID document)."""
    named = _profile_handle(profile)
    if named:
        return named
    for key, record in records:
        if not key.startswith(POST + "/") or not isinstance(record, dict):
            continue
        span = _self_mention(record, did)
        if span is not None:
            return span
    return None


def _profile_handle(profile: dict[str, Any]) -> str | None:
    named = as_text(profile.get("handle"))
    if named and _HANDLE.match(named.lstrip("@")):
        return named.lstrip("@")
    return None


def _self_mention(record: dict[str, Any], did: str) -> str | None:
    """The text of the first mention facet of this post that points at the account's own DID and reads as a handle."""
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


PREFIX = bytes([0x01, 0x71, 0x12, 0x20])  # CIDv1, DAG-CBOR, sha2-256 of 32 bytes: how atproto names every block


def _load(fh: BinaryIO, label: str) -> tuple[Any, dict[str, Any]]:
    """The repository's blocks and its commit, read from `fh` in one pass that checks every block against its
    CID and that it decodes (car_check.scan), keeping only where each block is (_Blocks): memory follows the
    number of blocks (16 bytes each), not the file. A CAR that libipld.decode_car would read other than block
    by block (a block of another codec or with bytes after its value, a header with bytes after its own, a
    block that does not decode) is read whole as before (_decode): the same sentence, or the same blocks."""
    size = fh.seek(0, io.SEEK_END)
    fh.seek(0)
    p = progress.current()
    if p is not None:
        p.set_total(size)
    index, regular = _Index(), True
    for offset, cid, block in scan(fh, size, label, p.advance if p is not None else None):
        regular = regular and len(cid) == 36 and cid.startswith(PREFIX) and _decodes(block)
        if regular:
            index.add(cid, offset)
    header = _header(fh, size) if regular else None
    if header is None:
        fh.seek(0)
        return _decode(fh.read(), label)
    blocks = _Blocks(fh, index.sorted())
    roots = header.get("roots")
    return blocks, _commit(blocks, roots, label)


def _decodes(block: bytes) -> bool:
    """Whether the block is one DAG-CBOR value, to its last byte, as decode_car decodes it (the same decoder)."""
    try:
        libipld.decode_dag_cbor(block)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - whatever it is, the whole read says it
        return False
    return True


def _header(fh: BinaryIO, size: int) -> dict[str, Any] | None:
    """The CAR header as decode_car reads it, when it spans exactly its stated length (else None)."""
    fh.seek(0)
    length, at = varint(fh.read(min(size, 10)), 0)
    if at + length > size:
        return None
    fh.seek(0)
    section = fh.read(at + length)
    if not _decodes(section[at:]):
        return None
    try:
        header, blocks = libipld.decode_car(section)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - said by the whole read, after every block is checked
        return None
    return header if not blocks else None


def _decode(data: bytes, label: str) -> tuple[dict[bytes, Any], dict[str, Any]]:
    verify_car(data, label)  # every block must hash to its CID: tampered content is refused, not imported
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise CloutlabError(f"{label} is not a readable Bluesky repository ({str(exc)[:80]}); export it again from Settings.") from None
    roots = header.get("roots") if isinstance(header, dict) else None
    return blocks, _commit(blocks, roots, label)


def _commit(blocks, roots: Any, label: str) -> dict[str, Any]:
    commit = blocks.get(roots[0]) if roots else None
    if not isinstance(commit, dict):
        raise CloutlabError(f"{label} has no repository commit at its root; export the repository again from Settings.")
    return commit


class _Index:
    """Where each block is: the first 8 bytes of its digest -> the offset of its section, in two arrays."""

    def __init__(self) -> None:
        self.keys, self.offsets = array.array("Q"), array.array("q")

    def add(self, cid: bytes, offset: int) -> None:
        self.keys.append(int.from_bytes(cid[4:12], "little"))
        self.offsets.append(offset)

    def sorted(self) -> tuple[Any, Any]:
        import numpy as np

        keys = np.frombuffer(self.keys, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        out = keys[order], np.frombuffer(self.offsets, dtype=np.int64)[order]
        self.keys, self.offsets = array.array("Q"), array.array("q")
        return out


class _Blocks:
    """The blocks of a checked CAR by CID, read from the file when asked for (dict.get's answers)."""

    def __init__(self, fh: BinaryIO, index: tuple[Any, Any]):
        self.fh, (self.keys, self.offsets) = fh, index

    def get(self, ref: Any) -> Any:
        if ref.__class__ is not bytes:
            hash(ref)  # a list or a map as the key: dict.get's TypeError
            return None
        if len(ref) != 36 or not ref.startswith(PREFIX):
            return None  # every block indexed has such a CID (others are read whole, by _decode)
        progress.check()
        import numpy as np

        key = np.uint64(int.from_bytes(ref[4:12], "little"))
        i = int(np.searchsorted(self.keys, key))
        while i < len(self.keys) and self.keys[i] == key:
            block = self._block(int(self.offsets[i]), ref)
            if block is not None:
                return libipld.decode_dag_cbor(block)
            i += 1  # another block whose digest starts alike
        return None

    def _block(self, offset: int, ref: bytes) -> bytes | None:
        self.fh.seek(offset)
        head = self.fh.read(1024)
        length, at = varint(head, 0)
        if head[at: at + 36] != ref:
            return None
        block = head[at + 36: at + length]
        if len(block) < length - 36:
            block += self.fh.read(length - 36 - len(block))
        return block


MAX_DEPTH = 128  # tree layers; a real repository has about log4(records), under 20


def walk_mst(blocks: Any, root: Any, label: str = "The repository", wanted=None):
    """Yield (key, record) in key order. Missing nodes or records (a CAR may dangle) are skipped; with
    wanted(key) given, so are records it refuses (never read). `blocks`: a dict by CID, or a _Blocks.

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
            key = prev.decode("utf-8", "replace")
            if wanted is None or wanted(key):
                record = blocks.get(entry.get("v")) if isinstance(entry.get("v"), bytes) else None
                if isinstance(record, dict):
                    todo.append(("leaf", (key, record), depth))
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
