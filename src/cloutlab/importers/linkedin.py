"""LinkedIn "Get a copy of your data" (docs/export-formats-2.md section F): a flat zip of CSV files.

Shares.csv are the owner's posts (ids from the URN in ShareLink), Comments.csv the comments they wrote
(replies to others), Connections.csv the audience. Quirks handled: a notes paragraph before the
Connections header (the header row is found by content), four date formats, multi-line commentary with
each line quoted on its own, backslash-escaped quotes and unquoted line breaks in Comments.csv, and the
2018 files in UTF-16 with tabs. Reactions.csv holds reactions the member gave, not received: counted in a
warning only. No file carries reactions received; messages.csv and Logins.csv are never opened.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any
from urllib.parse import unquote

from cloutlab import platforms
from cloutlab.errors import CloutlabError
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.networks import hashtags, NO_RECEIVED, find, row, short_span_warning, table, unique_ids

SHARES = re.compile(r"(^|/)shares\.csv$", re.IGNORECASE)
COMMENTS = re.compile(r"(^|/)comments\.csv$", re.IGNORECASE)
CONNECTIONS = re.compile(r"(^|/)connections\.csv$", re.IGNORECASE)
REACTIONS = re.compile(r"(^|/)reactions\.csv$", re.IGNORECASE)
_URN = re.compile(r"urn:li:(?:share|ugcPost|groupPost|activity|article):[\w-]+")
_RECORD = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),(https?://\S*?),(.*)$", re.DOTALL)
# Date formats seen (F3): 2021-03-04 09:10:11 | 2017/06/08 08:15:44 UTC | 04 Mar 2021 | 18-Jun-24 |
# 1/8/18, 6:14 PM | Wed Mar 13 18:51:14 UTC 2024. All UTC (the 2018 export says so; later ones do not).
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S UTC", "%Y/%m/%d %H:%M:%S", "%d %b %Y", "%d-%b-%y",
            "%m/%d/%y, %I:%M %p", "%a %b %d %H:%M:%S UTC %Y", "%Y-%m-%d")


def parse_date(text: str) -> dt.datetime | None:
    text = " ".join((text or "").split())
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse(inp: Input) -> Parsed:
    src, names = inp.source, inp.source.names()
    shares, comments, connections = find(names, SHARES), find(names, COMMENTS), find(names, CONNECTIONS)
    if not shares and not connections:
        raise CloutlabError(f"{inp.label} holds no LinkedIn Shares.csv or Connections.csv; request the larger "
                            "archive (it includes your posts).")
    # The export never names the member outside Profile.csv (not read); a lone Shares.csv or Connections.csv
    # is one "linkedin" account, so importing them one after the other merges them.
    account = "linkedin" if inp.stem.lower() in ("shares", "connections", "comments") else inp.stem
    rows = []
    for name in shares:
        rows += _shares(_read_table(src, name, "date"), account, name)
    for name in comments:
        rows += _comments(_text(src, name), account, name)
    rows.sort(key=lambda r: (r["created_at"], r["post_id"]))
    repeated = unique_ids(rows)
    followers = sum(len(_read_table(src, n, "first name")) for n in connections) if connections else None
    warnings = [NO_RECEIVED.format(platform=platforms.name("linkedin"))]
    reactions = sum(len(_read_table(src, n, "date")) for n in find(names, REACTIONS))
    if reactions:
        warnings.append(f"Reactions.csv lists {reactions:,} reaction{'s' if reactions != 1 else ''} you gave to "
                        "other posts; they are not scored (they say nothing about your own posts).")
    if followers is None:
        warnings.append("This export has no Connections.csv, so the audience size is unknown.")
    else:
        warnings.append("LinkedIn's audience here is your connections; the export has no follower count.")
    warnings += repeated + short_span_warning(rows, "LinkedIn")
    acct = {"platform": "linkedin", "account": account, "display_name": None, "created_at": None,
            "followers": followers, "following": None, "exported_at": None}
    return Parsed(acct, table(rows), inp.label, "linkedin", platforms.BY_KEY["linkedin"].counts, tuple(warnings))


def _text(src, name: str) -> str:
    data = src.read_bytes(name)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # the 2018 export: UTF-16 with a BOM
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_table(src, name: str, first_column: str) -> list[dict[str, str]]:
    """The rows of one CSV member, with a field limit (csv's own 131,072 characters raised a bare csv.Error)."""
    limit = src.limits.max_field_bytes
    old = csv.field_size_limit(limit)  # process-wide: set for this read only
    try:
        return _table(_text(src, name), first_column)[1]
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise CloutlabError(f"{name} has a field over {limit:,} characters, which no post has (a quote mark that is "
                                "never closed swallows the rest of the file); download the export again.") from None
        raise CloutlabError(f"{name} is not a readable CSV file ({str(exc)[:80]}); download the export again.") from None
    finally:
        csv.field_size_limit(old)


def _table(text: str, first_column: str, **fmt) -> tuple[list[str], list[dict[str, str]]]:
    """Header (lowercased, spaces kept) and rows, skipping any notes block before the header row."""
    lines = text.splitlines(keepends=True)
    delimiter = "\t" if lines and "\t" in lines[0] and "," not in lines[0].split("\t")[0] else ","
    start = 0
    for i, line in enumerate(lines):
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if cells and cells[0].strip().strip('"').lower() == first_column:
            start = i
            break
    # newline="": a bare CR inside a cell is a line break, not "new-line character seen in unquoted field"
    reader = csv.reader(io.StringIO("".join(lines[start:]), newline=""), delimiter=delimiter, **fmt)
    header = [h.strip().lower() for h in next(reader, [])]
    rows = [dict(zip(header, r)) for r in reader if any(c.strip() for c in r)]
    return header, rows


def _unquote_lines(value: str) -> str:
    """Multi-line commentary with every line quoted on its own (F2): drop one trailing quote from all but
    the last line and one leading quote from all but the first."""
    lines = value.split("\n")
    if len(lines) < 2:
        return value
    for i in range(len(lines)):
        if i < len(lines) - 1 and lines[i].endswith('"'):
            lines[i] = lines[i][:-1]
        if i > 0 and lines[i].startswith('"'):
            lines[i] = lines[i][1:]
    return "\n".join(lines)


def _get(row: dict[str, str], *keys: str) -> str:
    for k in keys:
        if row.get(k):
            return row[k]
    return ""


def _shares(table: list[dict[str, str]], account: str, name: str) -> list[dict[str, Any]]:
    out = []
    for line, r in enumerate(table, 2):
        when = parse_date(r.get("date", ""))
        if when is None:
            raise CloutlabError(f"{name} row {line} has a date LinkedIn does not write ({r.get('date', '')[:30]!r}); "
                                "download the export again.")
        body = _unquote_lines(_get(r, "sharecommentary", "share commentary")).strip() or None
        link = _get(r, "sharelink", "share link")
        shared = _get(r, "sharedurl", "shared url")
        urn = _URN.search(unquote(link))
        # A reshare without a comment has an empty commentary and the shared post's link (101 of 279 rows
        # in one account): a repost; with a comment it is a quote.
        kind = "original"
        if shared and "linkedin.com" in shared:
            kind = "quote" if body else "repost"
        elif not body and shared:
            kind = "repost"
        urls = [u for u in (shared, _get(r, "mediaurl", "media url")) if u and kind == "original"]
        out.append(row(platform="linkedin", account=account, post_id=urn[0] if urn else f"li:{when:%Y%m%d%H%M%S}",
                            created_at=when, kind=kind, text=body, hashtags=hashtags(body), urls=urls))
    return out


def _comments(text: str, account: str, name: str) -> list[dict[str, Any]]:
    """Records start at lines like `2025-01-02 03:04:05,https://...`; anything else continues the message
    (quoted with backslash escapes, or an unquoted line break that no CSV dialect reads)."""
    records: list[list[str]] = []  # lines of each record, joined once: `+=` on a list item copies (quadratic)
    for line in text.splitlines()[1:]:
        if _RECORD.match(line) or not records:
            records.append([line])
        else:
            records[-1].append(line)
    out = []
    for rec in map("\n".join, records):
        match = _RECORD.match(rec)
        if not match:
            continue
        message = match[3]
        if message.startswith('"') and message.endswith('"'):
            message = message[1:-1].replace('\\"', '"').replace('""', '"')
        when = parse_date(match[1])
        if when is None:  # the record pattern takes any digits: 2021-02-30 gets here
            raise CloutlabError(f"{name} has a comment dated {match[1]!r}, a day that does not exist; the file was "
                                "damaged or edited: download the export again.")
        out.append(row(platform="linkedin", account=account, post_id=f"li-comment:{match[2]}", created_at=when,
                            kind="reply", text=message.strip() or None, hashtags=hashtags(message)))
    return out
