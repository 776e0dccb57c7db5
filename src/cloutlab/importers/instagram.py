"""Instagram "Download your information", JSON format (docs/export-formats-2.md section H).

Posts are `content/posts_1.json` and its successors (2021-2024) or `your_instagram_activity/media/posts_1.json`
(2025), bare lists: a single-photo post keeps its caption and time in `media[0]`, a carousel adds them at
the top level. Followers come from `followers_and_following/followers.json` (`relationships_followers`) or
`connections/followers_and_following/followers_1.json` (bare list, parts). Comments the owner wrote are
replies to the post's owner. Like Facebook: mojibake on every string, no likes or comments received.
"""

from __future__ import annotations

import re
from typing import Any

from cloutlab.errors import CloutlabError
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.networks import (
    as_list,
    NO_RECEIVED,
    find,
    hashtags,
    read_fixed,
    repeats_warning,
    row,
    span_warning,
    unix_utc,
)
from cloutlab.importers.json_items import count_items, spool_items
from cloutlab.importers.spool import RowSpool

POSTS = re.compile(r"(^|/)(content|media)/posts_\d+\.json$")
COMMENTS = re.compile(r"(^|/)comments/post_comments(_\d+)?\.json$")
FOLLOWERS = re.compile(r"(^|/)followers_and_following/followers(_\d+)?\.json$")
FOLLOWING = re.compile(r"(^|/)followers_and_following/following\.json$")
_MENTION = re.compile(r"(?<![\w@])@([\w.]+)")


def parse(inp: Input) -> Parsed:
    src, names = inp.source, inp.source.names()
    files = find(names, POSTS)
    if not files:
        raise CloutlabError(f"{inp.label} holds no Instagram posts file (expected content/posts_1.json); "
                            "request a new copy that includes your content.")
    def read(name):
        return read_fixed(src, name)

    account = _from_stem(inp.stem) or inp.stem
    # The files that grow with years, streamed into a spool: memory follows one item (spool, json_items).
    spool = RowSpool()
    try:
        for name in files:
            spool_items(src, name, ("ig_posts", "posts"), lambda it, name=name: _post(it, account, name), spool)
        for name in find(names, COMMENTS):
            spool_items(src, name, ("comments_media_comments",), lambda it, name=name: _comment(it, account, name), spool)
        # networks.unique_ids' rule on the sort of (date, kind, text, id), done by DuckDB
        rows = spool.finish(("created_at", "kind", "coalesce(text, '')", "post_id"), dedupe=True)
    finally:
        spool.close()
    repeated = repeats_warning(rows.repeats)
    followers = _people(src, find(names, FOLLOWERS), "relationships_followers")
    following = _people(src, find(names, FOLLOWING), "relationships_following")
    warnings = [NO_RECEIVED.format(platform="Instagram")]
    if followers is None:
        warnings.append("This export has no followers list, so the audience size is unknown.")
    warnings += repeated + span_warning(rows.first, rows.last, "Instagram")
    acct = {"platform": "instagram", "account": account, "display_name": None, "created_at": None,
            "followers": followers, "following": following, "exported_at": None}
    return Parsed(acct, rows.table(), inp.label, "instagram", (), tuple(warnings))


def _post(item: dict[str, Any], account: str, name: str) -> dict[str, Any]:
    media = [m for m in as_list(item.get("media")) if isinstance(m, dict)]
    first = media[0] if media else {}
    # A carousel's caption and time sit at the top; a single photo keeps them in its one media item.
    when = unix_utc(item.get("creation_timestamp")) or unix_utc(first.get("creation_timestamp"))
    if when is None:
        raise CloutlabError(f"{name} has a post without a readable creation_timestamp; download the export again.")
    text = item.get("title") or first.get("title") or None
    text = text if isinstance(text, str) and text.strip() else None
    uri = first.get("uri") if isinstance(first.get("uri"), str) else None
    return row(platform="instagram", account=account,
                    post_id=f"ig:{uri}" if uri else f"ig:{item.get('creation_timestamp') or first.get('creation_timestamp')}",
                    created_at=when, kind="original", text=text, hashtags=hashtags(text),
                    mentions=_MENTION.findall(text or ""))


def _comment(item: dict[str, Any], account: str, name: str) -> dict[str, Any] | None:
    """2021: {title: owner, string_list_data: [{value, timestamp}]}; 2024: {string_map_data: {Comment,
    Media Owner, Time}}."""
    smd = item.get("string_map_data")
    if isinstance(smd, dict):
        text = _obj(smd.get("Comment")).get("value")
        owner = _obj(smd.get("Media Owner")).get("value")
        stamp = _obj(smd.get("Time")).get("timestamp")
    else:
        sld = next((d for d in as_list(item.get("string_list_data")) if isinstance(d, dict)), {})
        text, owner, stamp = sld.get("value"), item.get("title"), sld.get("timestamp")
    when = unix_utc(stamp)
    if when is None:
        raise CloutlabError(f"{name} has a comment without a readable timestamp; download the export again.")
    owner = owner if isinstance(owner, str) and owner else None
    own = owner == account
    return row(platform="instagram", account=account, post_id=f"ig-comment:{stamp}", created_at=when,
                    kind="reply", is_self_reply=own, text=text if isinstance(text, str) and text else None,
                    reply_to_account=owner, mentions=[owner] if owner and not own else [])


def _obj(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _people(src, files: list[str], key: str) -> int | None:
    if not files:
        return None
    return sum(count_items(src, n, (key,)) for n in files)  # a public account's followers grow with the years


def _from_stem(stem: str) -> str | None:
    match = re.match(r"^instagram-(.+?)-\d{4}-\d{2}-\d{2}", stem)
    return match[1] if match else None
