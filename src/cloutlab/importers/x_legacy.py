"""Legacy Twitter archive ("Grailbird", 2012 to about 2018; docs/export-formats.md section A2).

Two copies of the same tweets may be present: monthly `data/js/tweets/YYYY_MM.js` files and one
`tweets.csv`. The JS files are preferred (they name who a reply answers); the CSV is read by header name
because two column orders exist. This format carries no reaction counts and no follower lists at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from typing import Any

from cloutlab.errors import CloutlabError
from cloutlab.importers import progress
from cloutlab.importers.common import (
    STATUS_URL,
    parse_iso,
    post_row,
    read_js,
    source_name,
    unescape_twitter,
)
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.containers import Container
from cloutlab.importers.spool import RowSpool
from cloutlab.importers.text_stream import decode_error, drain, text_lines

_MONTH = re.compile(r"data/js/tweets/\d{4}_\d{2}\.js$")
_MENTION = re.compile(r"(?<!\w)@(\w{1,15})")
_HASHTAG = re.compile(r"(?<!\w)#(\w+)")


def parse(inp: Input) -> Parsed:
    user = _user_details(inp.source, inp.root) if inp.source else {}
    owner = (user.get("screen_name") or inp.stem).lstrip("@")
    warnings = [] if user.get("screen_name") else [f"The archive does not name its account, so it was stored as {owner!r} (the file name)."]
    owner_id = str(user.get("id") or user.get("id_str") or "") or None
    # The tweets go into a spool as they are read (issue 26, item 3): one month file, or one tweets.csv row, at a time.
    spool = RowSpool()
    try:
        if inp.source is not None and (months := _months(inp.source, inp.root)):
            for name in months:
                for t in _read_month(inp.source, name):
                    spool.add(_from_js(t, owner, owner_id))
        else:
            _spool_csv(inp, owner, owner_id, spool)
        rows = spool.finish()  # in the archive's order
    finally:
        spool.close()
    account = {
        "platform": "x", "account": owner, "display_name": user.get("full_name") or user.get("name"),
        "created_at": _legacy_time(user.get("created_at")), "followers": None, "following": None, "exported_at": None,
    }
    warnings.append("Legacy Twitter archives have no follower counts, so the audience size is unknown.")
    return Parsed(account, rows.table(), inp.label, "x_legacy", (), tuple(warnings))


def _open_csv(inp: Input):
    if inp.source is None:
        return inp.open_file()
    if not inp.source.has(inp.root + "tweets.csv"):
        raise CloutlabError(f"{inp.label} has neither data/js/tweets/ nor tweets.csv, so it holds no tweets; download the export again.")
    return inp.source.open(inp.root + "tweets.csv")


def _months(src: Container, root: str) -> list[str]:
    return sorted(n for n in src.names() if n.startswith(root) and _MONTH.fullmatch(n[len(root):]))


def _user_details(src: Container, root: str) -> dict[str, Any]:
    name = root + "data/js/user_details.js"
    value = read_js(src, name) if src.has(name) else {}
    return value if isinstance(value, dict) else {}


def _read_month(src: Container, name: str) -> list[dict[str, Any]]:
    value = read_js(src, name)
    if not isinstance(value, list):
        raise CloutlabError(f"{src.label}: {name} does not hold a list of tweets; download the export again.")
    return [t for t in value if isinstance(t, dict)]


def _legacy_time(text: str | None) -> dt.datetime | None:
    """Both spellings seen: `Wed Dec 19 14:29:39 +0000 2012` (2012) and `2012-12-19 14:29:39 +0000` (later)."""
    text = (text or "").strip()
    for fmt in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M:%S %z"):
        try:
            return dt.datetime.strptime(text, fmt).astimezone(dt.timezone.utc).replace(tzinfo=None)
        except ValueError:
            pass
    return parse_iso(text)


def _kind(text: str, is_retweet: bool, is_reply: bool, urls: list[str]) -> str:
    if is_retweet or text.startswith("RT @"):
        return "repost"
    if is_reply:
        return "reply"
    return "quote" if any(STATUS_URL.match(u) for u in urls) else "original"


def _from_js(t: dict[str, Any], owner: str, owner_id: str | None) -> dict[str, Any]:
    ent = t.get("entities") or {}
    text = unescape_twitter(t.get("text") or t.get("full_text") or "")
    urls = [u.get("expanded_url") or u.get("url") for u in ent.get("urls") or []]
    reply_to = t.get("in_reply_to_status_id_str") or t.get("in_reply_to_status_id")
    kind = _kind(text, bool(t.get("retweeted_status")), bool(reply_to), urls)
    to_name = t.get("in_reply_to_screen_name")
    to_id = str(t.get("in_reply_to_user_id_str") or t.get("in_reply_to_user_id") or "")
    return post_row(
        platform="x", account=owner, post_id=str(t.get("id_str") or t.get("id")), created_at=_required_time(t.get("created_at")),
        kind=kind, is_self_reply=kind == "reply" and (to_id == owner_id or (to_name or "").lower() == owner.lower()),
        text=text, lang=t.get("lang"), reply_to_account=to_name if kind == "reply" else None,
        mentions=[m.get("screen_name") for m in ent.get("user_mentions") or []],
        hashtags=[h.get("text") for h in ent.get("hashtags") or []], urls=[u for u in urls if u],
        source=source_name(t.get("source")),
    )


def _required_time(text: str | None, where: str = "a tweet") -> dt.datetime:
    value = _legacy_time(text)
    if value is None:
        raise CloutlabError(f"{where} has a date cloutlab cannot read ({str(text)[:40]!r}); the archive looks damaged.")
    return value


def _spool_csv(inp: Input, owner: str, owner_id: str | None, spool: RowSpool) -> None:
    """tweets.csv's rows into `spool`, read as a stream. Errors as the whole read gave them: a byte that is not
    UTF-8 (its position in the file), then a CSV error, then missing columns, then a row's bad date; so after an
    error the file is still read to its end (rows no longer made), and an undecodable byte is named by reading
    the file once more (text_stream.decode_error)."""
    label, failed = inp.label, None
    with _open_csv(inp) as raw:
        lines = text_lines(raw, "utf-8-sig")
        try:
            try:
                reader = csv.DictReader(lines)
                for n, r in enumerate(reader, 2):
                    if not n % 8192:
                        progress.check()  # a file read from its path counts no bytes: Cancel is seen here too
                    if n == 2 and not {"tweet_id", "timestamp", "text"} <= set(r):
                        failed = CloutlabError(f"{label}: tweets.csv lacks the tweet_id, timestamp and text columns of a "
                                               "Twitter archive.")
                    if failed is not None:
                        continue
                    try:
                        row = _from_csv(r, owner, owner_id, label, n)
                    except Exception as exc:  # noqa: BLE001 - said once the whole file reads (the whole read's order)
                        failed = exc
                        continue
                    spool.add(row)
            except csv.Error as exc:
                drain(lines)
                raise CloutlabError(f"{label}: tweets.csv could not be read ({str(exc)[:80]}); download the export again.") from None
        except UnicodeDecodeError:
            failed = None
        else:
            if failed is not None:
                raise failed
            return
    with _open_csv(inp) as raw:
        why = decode_error(raw, "utf-8-sig")
    raise CloutlabError(f"{label}: tweets.csv could not be read ({str(why)[:80]}); download the export again.")


def _from_csv(r: dict[str, str], owner: str, owner_id: str | None, label: str, line: int) -> dict[str, Any]:
    text = unescape_twitter(r.get("text") or "")
    urls = [u for u in (r.get("expanded_urls") or "").split(",") if u]
    kind = _kind(text, bool(r.get("retweeted_status_id")), bool(r.get("in_reply_to_status_id")), urls)
    to_id = r.get("in_reply_to_user_id") or ""
    # The CSV names no replied-to account; a self-reply is told by the owner's user id, else by a leading @owner.
    self_reply = kind == "reply" and (bool(owner_id) and to_id == owner_id or text.lower().startswith(f"@{owner.lower()} "))
    return post_row(
        platform="x", account=owner, post_id=r.get("tweet_id"), created_at=_required_time(r.get("timestamp"), f"{label} row {line}"),
        kind=kind, is_self_reply=self_reply, text=text, mentions=_MENTION.findall(text), hashtags=_HASHTAG.findall(text),
        urls=urls, source=source_name(r.get("source")),
        reply_to_account=(owner if self_reply else (_MENTION.findall(text) or [None])[0]) if kind == "reply" else None,
    )
