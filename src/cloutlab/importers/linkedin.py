"""LinkedIn "Get a copy of your data" (docs/export-formats-2.md section F): a flat zip of CSV files.

Shares.csv are the owner's posts (ids from the URN in ShareLink), Comments.csv the comments they wrote
(replies to others), Connections.csv the audience. Quirks handled: a notes paragraph before the
Connections header (the header row is found by content), four date formats, multi-line commentary with
each line quoted on its own, backslash-escaped quotes and unquoted line breaks in Comments.csv, and the
2018 files in UTF-16 with tabs. Reactions.csv holds reactions the member gave, not received: counted in a
warning only. No file carries reactions received; messages.csv and Logins.csv are never opened.
Every CSV is read as a stream (Shares.csv and Comments.csv grow with the years): memory follows a batch of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from typing import Any, Callable, Iterator
from urllib.parse import unquote

from cloutlab import platforms
from cloutlab.errors import CloutlabError
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.networks import hashtags, NO_RECEIVED, find, repeats_warning, row, span_warning
from cloutlab.importers.spool import RowSpool
from cloutlab.importers.text_stream import drain, text_lines

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
    # Shares.csv and Comments.csv grow with the years: read as streams, their rows into a spool (issue 26, item 3)
    spool = RowSpool()
    try:
        for name in shares:
            _each_row(src, name, "date", lambda line, r, name=name: _share(r, account, name, line), spool)
        for name in comments:
            _each_comment(src, name, account, spool)
        # sorted by (date, id), identical rows once, repeated ids numbered: networks.unique_ids' rule, in DuckDB
        rows = spool.finish(("created_at", "post_id"), dedupe=True)
    finally:
        spool.close()
    followers = sum(_count(src, n, "first name") for n in connections) if connections else None
    warnings = [NO_RECEIVED.format(platform=platforms.name("linkedin"))]
    reactions = sum(_count(src, n, "date") for n in find(names, REACTIONS))
    if reactions:
        warnings.append(f"Reactions.csv lists {reactions:,} reaction{'s' if reactions != 1 else ''} you gave to "
                        "other posts; they are not scored (they say nothing about your own posts).")
    if followers is None:
        warnings.append("This export has no Connections.csv, so the audience size is unknown.")
    else:
        warnings.append("LinkedIn's audience here is your connections; the export has no follower count.")
    warnings += repeats_warning(rows.repeats) + span_warning(rows.first, rows.last, "LinkedIn")
    acct = {"platform": "linkedin", "account": account, "display_name": None, "created_at": None,
            "followers": followers, "following": None, "exported_at": None}
    return Parsed(acct, rows.table(), inp.label, "linkedin", platforms.BY_KEY["linkedin"].counts, tuple(warnings))


def _text(src, name: str) -> str:
    """The whole member as text (only to raise, as before, the error of a UTF-16 file that does not decode)."""
    data = src.read_bytes(name)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # the 2018 export: UTF-16 with a BOM
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _passes(src, name: str, visit: Callable[[io.TextIOWrapper], None], restart: Callable[[], None]) -> None:
    """visit(lines) over the member's text, decoded as the whole read decoded it: UTF-16 after its mark (the 2018
    export), else UTF-8, else (a byte that is not UTF-8, anywhere) read again from the start as Windows-1252,
    undecodable bytes replaced; restart() forgets what the pass that failed gave. visit must read to the end
    before raising an error of its own: a byte that does not decode comes first."""
    stream = src.open(name)
    try:
        head = stream.read(2)
    except BaseException:
        stream.close()
        raise
    encodings = [("utf-16", "strict")] if head in (b"\xff\xfe", b"\xfe\xff") else [("utf-8-sig", "strict"), ("cp1252", "replace")]
    for encoding, errors in encodings:
        try:
            with stream:  # the first pass reads on from the two bytes read; another opens the member again
                visit(text_lines(stream, encoding, errors, head))
            return
        except UnicodeDecodeError:
            restart()
            if encoding == "utf-16":
                _text(src, name)  # raises the whole decode's error, positions and all
                raise
            stream, head = src.open(name), b""
    raise AssertionError("cp1252 with replace decodes any bytes")


def _each_row(src, name: str, first_column: str, make: Callable[[int, dict[str, str]], Any], spool: RowSpool | None,
              counted: list[int] | None = None) -> None:
    """make(line, row) for every row of one CSV member (as _table reads it), into `spool` (or only counted), with a
    field limit (csv's own 131,072 characters raised a bare csv.Error). Errors as the whole read gave them: the
    file's CSV error before any row's."""
    limit = src.limits.max_field_bytes
    mark = spool.mark() if spool is not None else 0

    def restart() -> None:
        if spool is not None:
            spool.drop_since(mark)
        if counted is not None:
            counted[0] = 0

    def visit(lines: io.TextIOWrapper) -> None:
        failed: Exception | None = None
        try:
            for line, r in enumerate(_table(lines, first_column, lambda: _reopen(src, name, lines)), 2):
                if failed is not None:
                    continue
                try:
                    value = make(line, r)
                except Exception as exc:  # noqa: BLE001 - said once the whole table parses (the whole read's order)
                    failed = exc
                    continue
                if spool is not None:
                    spool.add(value)
                if counted is not None:
                    counted[0] += 1
        except csv.Error as exc:
            drain(lines)
            if "field larger" in str(exc):
                raise CloutlabError(f"{name} has a field over {limit:,} characters, which no post has (a quote mark that is "
                                    "never closed swallows the rest of the file); download the export again.") from None
            raise CloutlabError(f"{name} is not a readable CSV file ({str(exc)[:80]}); download the export again.") from None
        if failed is not None:
            raise failed

    old = csv.field_size_limit(limit)  # process-wide: set for this read only
    try:
        _passes(src, name, visit, restart)
    finally:
        csv.field_size_limit(old)


def _count(src, name: str, first_column: str) -> int:
    """How many rows one CSV member holds (Connections.csv, Reactions.csv), streamed."""
    counted = [0]
    _each_row(src, name, first_column, lambda line, r: None, None, counted)
    return counted[0]


def _reopen(src, name: str, lines: io.TextIOWrapper):
    """The member's text again from its start, decoded as `lines` is (no header row found: the table starts at
    the first line)."""
    stream = src.open(name)
    return stream, text_lines(stream, lines.encoding, lines.errors)


def _table(lines, first_column: str, again: Callable[[], tuple[Any, Any]]) -> Iterator[dict[str, str]]:
    """The rows (dicts by lowercased header, spaces kept) of the text `lines` yields, skipping any notes block
    before the header row: the header is the first line whose first cell is `first_column`, else the first line
    (then the text is read `again` from its start). Lines as str.splitlines cut them, the table as csv.reader
    read the text from there, cut where io.StringIO(newline="") cuts it (text_stream)."""
    delimiter, rest, found = None, None, False
    for chunk in lines:
        pieces = chunk.splitlines(keepends=True)
        for k, piece in enumerate(pieces):
            if delimiter is None:
                delimiter = "\t" if "\t" in piece and "," not in piece.split("\t")[0] else ","
            cells = next(csv.reader([piece], delimiter=delimiter), [])
            if cells and cells[0].strip().strip('"').lower() == first_column:
                rest, found = "".join(pieces[k:]), True
                break
        if found:
            break
    delimiter = delimiter or ","
    if found:
        yield from _rows(itertools.chain([rest], lines), delimiter)
        return
    stream, text = again()
    with stream:
        yield from _rows(text, delimiter)
        drain(text)


def _rows(lines, delimiter: str) -> Iterator[dict[str, str]]:
    # newline="" lines: a bare CR inside a cell is a line break, not "new-line character seen in unquoted field"
    reader = csv.reader(lines, delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    for r in reader:
        if any(c.strip() for c in r):
            yield dict(zip(header, r))


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


def _share(r: dict[str, str], account: str, name: str, line: int) -> dict[str, Any]:
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
    return row(platform="linkedin", account=account, post_id=urn[0] if urn else f"li:{when:%Y%m%d%H%M%S}",
               created_at=when, kind=kind, text=body, hashtags=hashtags(body), urls=urls)


def _each_comment(src, name: str, account: str, spool: RowSpool) -> None:
    """Records start at lines like `2025-01-02 03:04:05,https://...`; anything else continues the message
    (quoted with backslash escapes, or an unquoted line break that no CSV dialect reads). One record held at a
    time; a bad date said once the file is known to decode (the whole read decoded first)."""
    mark = spool.mark()

    def visit(lines: io.TextIOWrapper) -> None:
        failed: Exception | None = None
        record: list[str] = []  # the lines of one record, joined once: `+=` on a str copies (quadratic)
        first = True
        for chunk in lines:
            for line in chunk.splitlines():
                if first:  # the header line
                    first = False
                    continue
                if _RECORD.match(line) or not record:
                    if record and failed is None:
                        failed = _comment(record, account, name, spool)
                    record = [line]
                else:
                    record.append(line)
        if record and failed is None:
            failed = _comment(record, account, name, spool)
        if failed is not None:
            raise failed

    _passes(src, name, visit, lambda: spool.drop_since(mark))


def _comment(lines: list[str], account: str, name: str, spool: RowSpool) -> Exception | None:
    """One record into `spool`; returns its error (a day that does not exist), if any."""
    match = _RECORD.match("\n".join(lines))
    if not match:
        return None
    message = match[3]
    if message.startswith('"') and message.endswith('"'):
        message = message[1:-1].replace('\\"', '"').replace('""', '"')
    when = parse_date(match[1])
    if when is None:  # the record pattern takes any digits: 2021-02-30 gets here
        return CloutlabError(f"{name} has a comment dated {match[1]!r}, a day that does not exist; the file was "
                             "damaged or edited: download the export again.")
    spool.add(row(platform="linkedin", account=account, post_id=f"li-comment:{match[2]}", created_at=when,
                  kind="reply", text=message.strip() or None, hashtags=hashtags(message)))
    return None
