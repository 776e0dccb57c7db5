"""Mastodon account archive: zip, or tar.gz from older servers (docs/export-formats.md section B).

`outbox.json` holds every status as an ActivityPub activity: `Create` (a post or reply, HTML content)
and `Announce` (a boost: just the boosted URI, no text). Direct messages sit in the same outbox; they
are recognised from the audience (`to`/`cc` name neither the public nor the followers collection) and
left out entirely. Counts received exist only on archives from servers newer than about 4.3.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator
from urllib.parse import urlparse

import ijson
import ijson.backends.yajl2_c as yajl2_c

from cloutlab.errors import CloutlabError
from cloutlab.schema import ENGAGEMENT_FIELDS
from cloutlab.importers.common import (
    as_count,
    as_text,
    check_text,
    html_to_text,
    parse_iso,
    post_row,
    present_counts,
)
from cloutlab.importers.detect import Input
from cloutlab.importers.json_items import READ_BYTES, SurrogateCheck
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.spool import RowSpool

_PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
_AUTHOR = re.compile(r"^https?://([^/]+)/(?:users/|@)([^/]+)/")
# Servers that support quote posts mark them with one of these (Mastodon 4.5, Misskey, Fedibird).
_QUOTE_KEYS = ("quote", "quoteUri", "quoteUrl", "_misskey_quote")


def parse(inp: Input) -> Parsed:
    src, root = inp.source, inp.root
    actor = src.read_json(root + "actor.json") if src.has(root + "actor.json") else {}
    actor = actor if isinstance(actor, dict) else {}
    try:  # the outbox streamed item by item: memory follows one status, not the file (a 2 GB outbox)
        return _parse(inp, actor, lambda: _stream_items(src, root + "outbox.json"))
    except _NotStreamable:
        pass
    # Anything the streaming parser would not take (a BOM, NaN, a damaged file, not an outbox) is read whole,
    # as before: the same result, or the same one sentence naming what is wrong.
    outbox = src.read_json(root + "outbox.json")
    items = outbox.get("orderedItems") if isinstance(outbox, dict) else None
    if not isinstance(items, list):
        raise CloutlabError(f"{inp.label}: outbox.json is not an ActivityPub outbox (no orderedItems); download the archive again.")
    return _parse(inp, actor, lambda: iter(items))


class _NotStreamable(Exception):
    pass


MAX_DEPTH = 512  # a real outbox nests about 8 deep


def _stream_items(src, name: str) -> Iterator[Any]:
    """The outbox's orderedItems, one at a time; _NotStreamable when the file is not a plain JSON outbox.

    One Python loop over the C parser's events, ijson's C coroutines building the items (a generator per
    stage, as before, cost two thirds of the import). The loop caps the nesting: ijson's prefixes grow with
    depth (100,000 levels took over 20 GB), and past MAX_DEPTH the file is not a plain outbox, so the whole
    read names it in one sentence (it nests its data far deeper than any export). Top-level keys other than
    orderedItems are renamed, and orderedItems twice is read whole, so the items are exactly json.loads's."""
    built = ijson.utils.sendable_list()
    sink = yajl2_c.parse_basecoro(yajl2_c.items_basecoro(built, "orderedItems.item"))
    depth, top_map, listed, key, named = 0, False, False, None, False
    try:
        with src.open(name) as stream:
            # SurrogateCheck: ijson reads a lone \\ud800 escape as '?', json.loads keeps it (read whole, as before)
            for event, value in ijson.basic_parse(SurrogateCheck(stream), use_float=True, buf_size=READ_BYTES):
                if event == "start_map" or event == "start_array":
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _NotStreamable
                    if depth == 1:
                        top_map = event == "start_map"
                    elif depth == 2 and key == "orderedItems" and top_map:
                        if event == "start_map":  # {"orderedItems": {"item": ...}}: not an outbox, said whole
                            raise _NotStreamable
                        listed = True
                elif event == "end_map" or event == "end_array":
                    depth -= 1
                elif depth == 1 and event == "map_key":
                    if value == "orderedItems":
                        if named:  # twice: json.loads keeps the last one
                            raise _NotStreamable
                        named = True
                    else:
                        value = "o"  # no other key can forge the items' prefix ("orderedItems.item": {...})
                    key = value
                sink.send((event, value))
                if built:
                    yield from built
                    del built[:]
    except (ijson.JSONError, ValueError, UnicodeDecodeError, RecursionError):
        raise _NotStreamable from None
    if not listed:
        raise _NotStreamable


def _parse(inp: Input, actor: dict[str, Any], items: Callable[[], Iterator[Any]]) -> Parsed:
    actor_id = actor.get("id") or next((a.get("actor") for a in items() if isinstance(a, dict) and a.get("actor")), "")
    actor_id = actor_id if isinstance(actor_id, str) else ""
    handle = _handle(actor, actor_id, inp.stem)
    followers = actor.get("followers") or f"{actor_id}/followers"
    counts, direct = set(), 0
    # Python dicts cost ten times their Arrow columns: batches of 20,000 (as before), on disk past the first (spool)
    spool = RowSpool(defer_errors=False)
    try:
        for act in items():
            if not isinstance(act, dict) or act.get("type") not in ("Create", "Announce"):
                continue
            if _is_direct(act, followers):
                direct += 1  # never stored, not even counted per day: private conversation
                continue
            row = _row(act, handle, actor_id, inp.label)
            if len(counts) < len(ENGAGEMENT_FIELDS):
                counts.update(present_counts([row]))
            spool.add(row)
        posts = spool.finish()  # in the outbox's order
    finally:
        spool.close()
    account = {
        "platform": "mastodon", "account": handle, "display_name": actor.get("name") or None,
        "created_at": parse_iso(actor.get("published", "")), "followers": None, "following": None, "exported_at": None,
    }
    warnings = []
    if direct:
        warnings.append(f"{direct:,} direct message{'s were' if direct != 1 else ' was'} left out: cloutlab never imports private conversations.")
    warnings.append("Mastodon archives carry no follower counts, so the audience size is unknown.")
    return Parsed(account, posts.table(), inp.label, "mastodon", tuple(f for f in ENGAGEMENT_FIELDS if f in counts),
                  tuple(warnings))


def _handle(actor: dict[str, Any], actor_id: str, stem: str) -> str:
    """user@server: the handle without its leading @ (a name alone is ambiguous across servers)."""
    user = as_text(actor.get("preferredUsername"))
    host = urlparse(actor_id).hostname
    if user and host:
        return f"{user}@{host}"
    match = _AUTHOR.match(actor_id + "/")
    return f"{match[2]}@{match[1]}" if match else (user or stem)


def _audience(obj: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in ("to", "cc"):
        value = obj.get(key) or []
        out.extend([value] if isinstance(value, str) else [v for v in value if isinstance(v, str)])
    return out


def _is_direct(act: dict[str, Any], followers: str) -> bool:
    obj = act.get("object") if isinstance(act.get("object"), dict) else {}
    audience = set(_audience(act) or _audience(obj))
    return not (audience & _PUBLIC) and followers not in audience


def _row(act: dict[str, Any], handle: str, actor_id: str, label: str = "The archive") -> dict[str, Any]:
    obj = act.get("object")
    # A boost happened when the Announce was published (its object may be an inlined older post).
    inner = obj.get("published") if isinstance(obj, dict) and act["type"] == "Create" else None
    when = parse_iso(inner or act.get("published") or "")
    if when is None:
        raise CloutlabError(f"outbox.json has an activity without a readable date ({str(act.get('id'))[:80]}); download the archive again.")
    if act["type"] == "Announce":
        return post_row(platform="mastodon", account=handle, post_id=str(act.get("id")), created_at=when, kind="repost")
    if not isinstance(obj, dict):
        raise CloutlabError(f"outbox.json has a post without its content ({str(act.get('id'))[:80]}); download the archive again.")
    check_text(label, f"outbox.json (post {str(obj.get('id') or act.get('id'))[:80]})", obj.get("content"))
    text, links = html_to_text(as_text(obj.get("content")))
    reply_to = obj.get("inReplyTo")
    reply_to = reply_to.get("id") if isinstance(reply_to, dict) else reply_to
    is_self = bool(reply_to) and bool(actor_id) and str(reply_to).startswith(actor_id.rstrip("/") + "/")
    kind = "reply" if reply_to else ("quote" if any(obj.get(k) for k in _QUOTE_KEYS) else "original")
    tags = [t for t in obj.get("tag") if isinstance(t, dict)] if isinstance(obj.get("tag"), list) else []
    return post_row(
        platform="mastodon", account=handle, post_id=str(obj.get("id") or act.get("id")), created_at=when, kind=kind,
        is_self_reply=is_self, text=text, lang=next(iter(obj.get("contentMap") or {}), None),
        reply_to_account=handle if is_self else _author(reply_to),
        mentions=[t["name"].lstrip("@") for t in tags if t.get("type") == "Mention" and isinstance(t.get("name"), str)],
        hashtags=[t["name"].lstrip("#") for t in tags if t.get("type") == "Hashtag" and isinstance(t.get("name"), str)],
        urls=links, likes=_total(obj.get("likes")), reposts=_total(obj.get("shares")),
    )


def _author(uri: Any) -> str | None:
    match = _AUTHOR.match(uri) if isinstance(uri, str) else None
    return f"{match[2]}@{match[1]}" if match else None


def _total(collection: Any) -> int | None:
    """`likes`/`shares` are `{totalItems: n}` on newer servers; absent means unknown, never 0."""
    value = collection.get("totalItems") if isinstance(collection, dict) else None
    return as_count(value)  # present but not a count ('-5', 3.7, 99999999999): -1, stored as missing with a warning
