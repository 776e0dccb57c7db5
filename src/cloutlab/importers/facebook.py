"""Facebook "Download your information", JSON format (docs/export-formats-2.md section E).

Five layouts since 2018 differ in paths and wrapper keys, not in the post item: `posts/your_posts.json`
(`{"status_updates": [...]}`, 2018-19), `posts/your_posts_1.json` and further parts (bare lists, 2019-22),
`your_activity_across_facebook/posts/...` (2023) and `your_facebook_activity/posts/your_posts__check_ins__
photos_and_videos_1.json` (2024+). Files are found by name anywhere in the archive, every part is read, and
a file present twice under two nestings is read once. Every item of a posts file is one item, with or
without text. Items carry no id (the timestamp is the only key), no reactions received, no comments by
others: those counts stay NULL and the import says so. Comments the owner wrote are replies; posts on a
friend's wall are replies to that friend (recognised from English titles only: titles are localized).
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
    items_of,
    read_fixed,
    repeats_warning,
    row,
    span_warning,
    unix_utc,
)
from cloutlab.importers.json_items import count_items, spool_items
from cloutlab.importers.spool import RowSpool

POSTS = re.compile(r"(^|/)(your_posts(_\d+)?|your_posts__check_ins__photos_and_videos_\d+)\.json$")
COMMENTS = re.compile(r"(^|/)comments(_\d+)?\.json$")
WALL = re.compile(r"(^|/)other_people's_posts_to_your_timeline(_\d+)?\.json$")
FRIENDS = re.compile(r"(^|/)(your_)?friends\.json$")
FOLLOWERS = re.compile(r"(^|/)(followers|people_who_followed_you)(_\d+)?\.json$")
FOLLOWING = re.compile(r"(^|/)(following|who_you_follow|who_you've_followed)(_\d+)?\.json$")
PROFILE = re.compile(r"(^|/)profile_information/profile_information\.json$")
GROUPS = re.compile(r"(^|/)(group_posts_and_comments|your_posts_in_groups)\.json$")  # 2022+: posts moved out
REACTIONS = re.compile(r"(^|/)(likes_and_reactions(_\d+)?|posts_and_comments)\.json$")

# English titles only (they are written in the account's language): a post on someone else's timeline,
# a share of another post, a comment on someone's post or on one's own.
_ON_WALL = re.compile(r"\b(?:wrote|posted) on (.+?)'s? (?:timeline|wall)\b|\bto (.+?)'s? timeline\b")
_SHARED = re.compile(r"\bshared (?:a |an )?(?:post|memory|photo|video|event|album|reel|(?:.+?)'s? (?:post|photo|video|event|album|reel))\b")
_COMMENTED = re.compile(r"\b(?:commented on|replied to) (.+?)'s? (?:post|comment|photo|video|link|status|reel|album|event)\b")
_OWN = re.compile(r"\b(?:commented on|replied to) (?:his|her|their|your) own\b")
# The lazy `.+?` above retries from every "wrote on"/"shared" in a title: quadratic in its length (a 1 KB zip
# of one long title took 51 s; issue 24). A real title is a sentence with two names, far under this.
TITLE_MAX = 300


def _title(item: dict[str, Any]) -> str:
    title = item.get("title")
    return title[:TITLE_MAX] if isinstance(title, str) else ""


def parse(inp: Input) -> Parsed:
    src, names = inp.source, inp.source.names()
    posts = _once(find(names, POSTS))
    if not posts:
        raise CloutlabError(f"{inp.label} holds no Facebook posts file (expected posts/your_posts_1.json); "
                            "request a new copy that includes Posts.")
    def read(name):  # every string repaired, every file
        return read_fixed(src, name)

    profile = _profile(read(find(names, PROFILE)[0])) if find(names, PROFILE) else {}
    # A lone posts file names no one: the account is then "facebook".
    account = profile.get("account") or _from_stem(inp.stem) or ("facebook" if POSTS.search(inp.label) else inp.stem)
    # The files that grow with years, streamed into a spool: memory follows one item (spool, json_items).
    spool = RowSpool()
    try:
        for name in posts:
            spool_items(src, name, ("status_updates", "posts"), lambda it, name=name: _post(it, account, name), spool)
        for name in _once(find(names, GROUPS)):  # group posts left the posts file in 2022 (E2 notes)
            spool_items(src, name, ("group_posts_v2", "group_posts"),
                        lambda it, name=name: _post(it, account, name, "fb-group"), spool)
        for name in _once(find(names, COMMENTS)):
            spool_items(src, name, ("comments_v2", "comments"), lambda it, name=name: _comment(it, account, name), spool)
        # networks.unique_ids' rule on the sort of (date, kind, text, links, mentions), done by DuckDB
        rows = spool.finish(("created_at", "kind", "coalesce(text, '')", "urls", "mentions"), dedupe=True)
    finally:
        spool.close()
    repeated = repeats_warning(rows.repeats)
    wall = sum(count_items(src, n, ("wall_posts_sent_to_you",)) for n in _once(find(names, WALL)))
    friends = _names(read, find(names, FRIENDS), "friends_v2", "friends")
    followers = _names(read, find(names, FOLLOWERS), "followers_v3", "followers_v2", "followers")
    following = _names(read, find(names, FOLLOWING), "following_v3", "following_v2", "following")
    audience = None if friends is None and followers is None else len(set(friends or []) | set(followers or []))
    warnings = [NO_RECEIVED.format(platform="Facebook")]
    given = sum(count_items(src, n, ("reactions_v2", "reactions", "likes_and_reactions")) for n in _once(find(names, REACTIONS)))
    if given:
        warnings.append(f"The export lists {given:,} reaction{'s' if given != 1 else ''} you gave to other posts; they "
                        "are not scored (they say nothing about your own posts).")
    if wall:
        warnings.append(f"Friends wrote {wall:,} post{'s' if wall != 1 else ''} on your timeline; they are counted "
                        "here but not scored, because the export does not say which of your posts they answer.")
    if audience is None:
        warnings.append("This export has no friends or followers list, so the audience size is unknown.")
    elif friends is not None and followers is not None:
        warnings.append("The audience is your friends and followers together, counted once by name.")
    warnings += repeated + span_warning(rows.first, rows.last, "Facebook")
    acct = {"platform": "facebook", "account": account, "display_name": profile.get("name"),
            "created_at": profile.get("created"), "followers": audience,
            "following": None if following is None else len(following), "exported_at": None}
    return Parsed(acct, rows.table(), inp.label, "facebook", (), tuple(warnings))


def _once(names: list[str]) -> list[str]:
    """One file per name: 2024-25 packages can hold the same file under two nestings."""
    best: dict[str, str] = {}
    for n in names:
        base = n.rsplit("/", 1)[-1]
        if base not in best or len(n) < len(best[base]):
            best[base] = n
    return [n for n in names if best[n.rsplit("/", 1)[-1]] == n]


def _when(item: dict[str, Any], name: str):
    when = unix_utc(item.get("timestamp"))
    if when is None:
        raise CloutlabError(f"{name} has an item without a readable timestamp ({str(item)[:60]!r}); "
                            "download the export again.")
    return when


def _tags(item: dict[str, Any]) -> list[str]:
    out = []
    for t in as_list(item.get("tags")):
        name = t.get("name") if isinstance(t, dict) else t
        if isinstance(name, str) and name:
            out.append(name)
    return out


def _post(item: dict[str, Any], account: str, name: str, prefix: str = "fb") -> dict[str, Any]:
    data = [d for d in as_list(item.get("data")) if isinstance(d, dict)]
    text = "\n".join(d["post"] for d in data if isinstance(d.get("post"), str) and d["post"].strip()) or None
    attached = [d for a in as_list(item.get("attachments")) if isinstance(a, dict)
                for d in as_list(a.get("data")) if isinstance(d, dict)]
    links = [d["external_context"] for d in attached if isinstance(d.get("external_context"), dict)]
    title = _title(item)
    wall = _ON_WALL.search(title)
    # An external_context with an empty url is a share of another Facebook post (Cyd's rule, no language).
    shared = any(link.get("url") == "" for link in links) or bool(_SHARED.search(title))
    if wall:
        kind, to = "reply", wall[1] or wall[2]
    else:
        kind, to = ("quote" if text else "repost") if shared else "original", None
    when = _when(item, name)
    return row(platform="facebook", account=account, post_id=f"{prefix}:{item['timestamp']}",
                    created_at=when, kind=kind, text=text, reply_to_account=to,
                    mentions=_tags(item) + ([to] if to else []), hashtags=hashtags(text),
                    urls=[link["url"] for link in links if isinstance(link.get("url"), str) and link["url"]])


def _comment(item: dict[str, Any], account: str, name: str) -> dict[str, Any]:
    inner = next((d["comment"] for d in as_list(item.get("data")) if isinstance(d, dict) and isinstance(d.get("comment"), dict)), {})
    title = _title(item)
    own, target = bool(_OWN.search(title)), _COMMENTED.search(title)
    text = inner.get("comment") if isinstance(inner.get("comment"), str) and inner.get("comment").strip() else None
    to = account if own else (target[1] if target else None)
    return row(platform="facebook", account=account, post_id=f"fb-comment:{item.get('timestamp')}",
                    created_at=_when(item, name), kind="reply", is_self_reply=own, text=text, reply_to_account=to,
                    mentions=[to] if to and not own else [], hashtags=hashtags(text))


def _names(read, files: list[str], *keys: str) -> list[str] | None:
    """Display names listed in `files` (None when there is no such file)."""
    if not files:
        return None
    out = []
    for n in _once(files):
        out += [str(i.get("name") or i.get("title") or "") for i in items_of(read(n), *keys) if isinstance(i, dict)]
    return out


def _profile(data: Any) -> dict[str, Any]:
    p = data.get("profile_v2") or data.get("profile") or {} if isinstance(data, dict) else {}
    p = p if isinstance(p, dict) else {}
    name = p.get("name") if isinstance(p, dict) else None
    full = name.get("full_name") if isinstance(name, dict) else name if isinstance(name, str) else None
    uri = p.get("profile_uri") if isinstance(p, dict) and isinstance(p.get("profile_uri"), str) else ""
    handle = uri.rstrip("/").rsplit("/", 1)[-1] if "facebook.com/" in uri else None
    if handle and handle.startswith("profile.php"):
        handle = None
    return {"name": full, "account": handle or full,
            "created": unix_utc(p.get("registration_timestamp")) if isinstance(p, dict) else None}


def _from_stem(stem: str) -> str | None:
    match = re.match(r"^facebook-(.+?)-\d{4}-\d{2}-\d{2}", stem)
    return match[1] if match else None
