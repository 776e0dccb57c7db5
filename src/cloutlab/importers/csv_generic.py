"""Generic CSV fallback (docs/export-formats.md section D): `timestamp,text[,likes,reposts,replies,kind]`.

No standard exists, so the header is matched against common spellings, Excel's habits (BOM, CRLF) are
accepted, and a file that is not UTF-8 is read as Windows-1252 (then Latin-1), saying so in a warning.
A count column that is absent stays NULL (unknown); an empty cell in a present column is NULL too.
The file is read as a stream (it may be 2 GB): memory follows a batch of rows, not the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from contextlib import contextmanager
from typing import Any

from cloutlab.errors import CloutlabError
from cloutlab.importers import progress
from cloutlab.importers.common import as_count, parse_iso, post_row
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.spool import DERIVED, RowSpool
from cloutlab.importers.text_stream import drain, text_lines
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


# Tried in this order, each on the whole file (a file is one encoding): the warning each gives.
ENCODINGS = (("utf-8-sig", None), ("cp1252", "Windows-1252 (cp1252)"), ("latin-1", "Latin-1 (ISO 8859-1)"))


def parse(inp: Input) -> Parsed:
    """The file is read as a stream of rows into a RowSpool (issue 26, item 3: up to 2 GB, never held whole),
    each encoding in turn until one decodes every byte. What the whole read raised first is raised first: an
    unreadable CSV anywhere before an empty file or a wrong header, those before several accounts, those before
    a row's bad timestamp; so a pass that meets an error keeps reading (rows no longer made) to the end."""
    spool = RowSpool(derived=True)
    try:
        for encoding, name in ENCODINGS:
            mark = spool.mark()
            try:
                cols, owner = _spool_rows(inp, encoding, spool, None)
            except UnicodeDecodeError:  # not this encoding: read again as the next (latin-1 decodes any bytes)
                spool.drop_since(mark)
                continue
            if owner[0] not in (None, owner[1]):  # the account told by a later row than the rows made before it
                spool.drop_since(mark)
                _spool_rows(inp, encoding, spool, owner[1])
            break
        rows = spool.finish()
    finally:
        spool.close()
    warnings = [f"This CSV is not UTF-8; it was read as {name}: check that accented letters look right."] if name else []
    engagement = [f for f in schema.ENGAGEMENT_FIELDS if f in cols]
    account = {"platform": "csv", "account": owner[1], "display_name": None, "created_at": None,
               "followers": None, "following": None, "exported_at": None}
    warnings.append("A CSV carries no follower count, so the audience size is unknown.")
    return Parsed(account, rows.table(), inp.label, "csv", tuple(engagement), tuple(warnings))


@contextmanager
def _field_limit(limit: int):
    # csv.field_size_limit is process-wide; set it for this read only.
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _spool_rows(inp: Input, encoding: str, spool: RowSpool, owner: str | None):
    """One pass over the file: its rows into `spool`; returns the header's columns and (the account the rows
    were made with, the file's account). `owner` None: the account is the first named, else the file's stem."""
    label, limit = inp.label, inp.limits.max_field_bytes
    failed: Exception | None = None  # the first error met, raised once the file is read to its end
    names: set[str] = set()
    cols, used = None, owner
    with inp.open_file() as raw, _field_limit(limit):
        lines = text_lines(raw, encoding)
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
            if header is None:
                raise CloutlabError(f"{label} is empty; a CSV needs a header row such as timestamp,text,likes,reposts,replies.")
            try:
                cols = _map_header(header, label)
            except CloutlabError as exc:
                failed = exc
            for line, r in enumerate(reader, 2):
                if not line % 8192:
                    progress.check()  # a file read from its path counts no bytes: Cancel is seen here too
                if cols is None:
                    continue  # the header is wrong: the rest is only read for a CSV error (said first)
                name = _cell(r, cols, "account").lstrip("@")
                if name:
                    names.add(name)
                if failed is not None or len(names) > 1 or not any(c.strip() for c in r):
                    continue
                if used is None:
                    used = name or inp.stem
                try:
                    row = _row(r, cols, used, label, line)
                except Exception as exc:  # noqa: BLE001 - said once the file is read (any error of the whole read first)
                    failed = exc
                    continue
                spool.add(row)
        except csv.Error as exc:
            drain(lines)  # a byte further on that this encoding cannot read comes first: the next encoding's pass
            if "field larger" in str(exc):
                raise CloutlabError(f"{label} has a field over {limit / 1_000_000:g} MB, which no post is; check that it is the right file.") from None
            raise CloutlabError(f"{label} is not a readable CSV ({exc}); save it again as CSV (comma-separated).") from None
    if cols is None:
        raise failed  # type: ignore[misc]
    if len(names) > 1:
        shown = ", ".join(sorted(names)[:3])
        raise CloutlabError(f"{label} holds posts of {len(names)} accounts ({shown}, ...); split it into one file per account.")
    if failed is not None:
        raise failed
    return cols, (used, names.pop() if names else inp.stem)


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
    row = post_row(platform="csv", account=owner, post_id=_cell(r, cols, "post_id") or None,
                   created_at=when, kind=kind, text=text, **counts)
    return row if row["post_id"] else _derived_id(row, owner)


def _derived_id(row: dict[str, Any], owner: str) -> dict[str, Any]:
    """A post without an id column gets one from its content: the account, time, kind and text, hashed, plus
    a counter for exact repeats (the spool adds it: RowSpool(derived=True)). So two CSV files never give two
    posts one id (`row-N` did, and crashed a view of both), and importing the same file again merges onto the
    same posts instead of duplicating."""
    digest = hashlib.sha256("\x1f".join([owner, str(row["created_at"]), row["kind"], row["text"] or ""]).encode()).hexdigest()[:20]
    row["post_id"], row[DERIVED] = f"csv-{digest}", True
    return row


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
