"""Generic CSV fallback (docs/export-formats.md section D): `timestamp,text[,likes,reposts,replies,kind]`.

No standard exists, so the header is matched against common spellings, Excel's habits (BOM, CRLF) are
accepted, and a file that is not UTF-8 is read as Windows-1252 (then Latin-1), saying so in a warning.
A count column that is absent stays NULL (unknown); an empty cell in a present column is NULL too.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from contextlib import contextmanager
from typing import Any

from cloutlab.errors import CloutlabError
from cloutlab.importers.common import as_count, parse_iso, post_row, rows_table
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab import schema

# Canonical field -> accepted header spellings (compared lowercased, with spaces and dashes as underscores).
SYNONYMS = {
    "timestamp": ("timestamp", "date", "created_at", "createdat", "time", "datetime", "date_time", "posted_at", "published"),
    "text": ("text", "content", "tweet", "full_text", "body", "message", "post", "status"),
    "likes": ("likes", "like_count", "favorites", "favourites", "favorite_count", "favourite_count", "hearts"),
    "reposts": ("reposts", "repost_count", "retweets", "retweet_count", "shares", "boosts", "reblogs"),
    "replies": ("replies", "reply_count", "comments"),
    "quotes": ("quotes", "quote_count"),
    "kind": ("kind", "type", "post_type"),
    "account": ("account", "handle", "username", "user", "screen_name", "author"),
    "post_id": ("post_id", "id", "tweet_id", "status_id"),
}
_KINDS = {"original": "original", "post": "original", "tweet": "original", "reply": "reply", "repost": "repost",
          "retweet": "repost", "boost": "repost", "reblog": "repost", "quote": "quote"}


def parse(inp: Input) -> Parsed:
    text, warnings = _decode(inp.data)
    header, rows = _read(text, inp.label, inp.limits.max_field_bytes)
    cols = _map_header(header, inp.label)
    owner = _account(rows, cols, inp)
    out = [_row(r, cols, owner, inp.label, line) for line, r in enumerate(rows, 2) if any(c.strip() for c in r)]
    _derive_ids(out, owner)
    engagement = [f for f in schema.ENGAGEMENT_FIELDS if f in cols]
    account = {"platform": "csv", "account": owner, "display_name": None, "created_at": None,
               "followers": None, "following": None, "exported_at": None}
    warnings.append("A CSV carries no follower count, so the audience size is unknown.")
    return Parsed(account, rows_table(out), inp.label, "csv", tuple(engagement), tuple(warnings))


def _decode(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for encoding, name in (("cp1252", "Windows-1252 (cp1252)"), ("latin-1", "Latin-1 (ISO 8859-1)")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [f"This CSV is not UTF-8; it was read as {name}: check that accented letters look right."]
    raise AssertionError("latin-1 decodes any bytes")


@contextmanager
def _field_limit(limit: int):
    # csv.field_size_limit is process-wide; set it for this read only.
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _read(text: str, label: str, limit: int) -> tuple[list[str], list[list[str]]]:
    try:
        with _field_limit(limit):
            rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise CloutlabError(f"{label} has a field over {limit / 1_000_000:g} MB, which no post is; check that it is the right file.") from None
        raise CloutlabError(f"{label} is not a readable CSV ({exc}); save it again as CSV (comma-separated).") from None
    if not rows:
        raise CloutlabError(f"{label} is empty; a CSV needs a header row such as timestamp,text,likes,reposts,replies.")
    return rows[0], rows[1:]


def _norm(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _map_header(header: list[str], label: str) -> dict[str, int]:
    names = [_norm(h) for h in header]
    cols = {}
    for field, spellings in SYNONYMS.items():
        found = next((names.index(s) for s in spellings if s in names), None)
        if found is not None:
            cols[field] = found
    if "timestamp" not in cols or "text" not in cols:
        raise CloutlabError(
            f"{label} is not an export cloutlab knows, nor a CSV with a timestamp and a text column "
            "(header like timestamp,text,likes,reposts,replies); upload the archive from the platform's settings."
        )
    return cols


def _cell(row: list[str], cols: dict[str, int], field: str) -> str:
    i = cols.get(field)
    return row[i].strip() if i is not None and i < len(row) else ""


def _account(rows: list[list[str]], cols: dict[str, int], inp: Input) -> str:
    names = {_cell(r, cols, "account").lstrip("@") for r in rows} - {""}
    if len(names) > 1:
        shown = ", ".join(sorted(names)[:3])
        raise CloutlabError(f"{inp.label} holds posts of {len(names)} accounts ({shown}, ...); split it into one file per account.")
    return names.pop() if names else inp.stem


def _row(r: list[str], cols: dict[str, int], owner: str, label: str, line: int) -> dict[str, Any]:
    when = _timestamp(_cell(r, cols, "timestamp"))
    if when is None:
        raise CloutlabError(
            f"{label} row {line} has a timestamp cloutlab cannot read ({_cell(r, cols, 'timestamp')[:40]!r}); "
            "use ISO 8601 such as 2021-03-04T05:06:07Z."
        )
    # Not stripped (the text is the person's own), but Excel's CRLF inside a cell becomes a plain newline.
    text = (r[cols["text"]] if cols["text"] < len(r) else "").replace("\r\n", "\n")
    raw_kind = _cell(r, cols, "kind").lower()
    kind = _KINDS.get(raw_kind) or ("repost" if text.startswith("RT @") else "original")
    counts = {f: _count(r, cols, f, label, line) for f in schema.ENGAGEMENT_FIELDS}
    return post_row(platform="csv", account=owner, post_id=_cell(r, cols, "post_id") or None,
                    created_at=when, kind=kind, text=text, **counts)


def _derive_ids(rows: list[dict[str, Any]], owner: str) -> None:
    """A post without an id column gets one from its content: the account, time, kind and text, hashed, plus
    a counter for exact repeats. So two CSV files never give two posts one id (`row-N` did, and crashed a
    view of both), and importing the same file again merges onto the same posts instead of duplicating."""
    seen: dict[str, int] = {}
    for row in rows:
        if row["post_id"]:
            continue
        digest = hashlib.sha256("\x1f".join([owner, str(row["created_at"]), row["kind"], row["text"] or ""]).encode()).hexdigest()[:20]
        seen[digest] = seen.get(digest, 0) + 1
        row["post_id"] = f"csv-{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")


def _timestamp(value: str) -> dt.datetime | None:
    if re.fullmatch(r"\d{9,11}", value):  # epoch seconds, as some tools write
        return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(value))
    for fmt_fix in (value, value.replace(" +0000", "+00:00"), value.replace("/", "-")):
        parsed = parse_iso(fmt_fix)
        if parsed is not None:
            return parsed
    return None


def _count(r: list[str], cols: dict[str, int], field: str, label: str, line: int) -> int | None:
    if field not in cols:
        return None
    value = _cell(r, cols, field).replace(",", "").replace("_", "")
    if value == "":
        return None
    return as_count(value)  # '-5', '3.7', '0x10': -1, which the store keeps as missing, with a warning
