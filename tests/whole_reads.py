"""The CSV importers as they were before they streamed (main at 7a4d222, issue 26 item 3): each file decoded and
parsed whole, every row a Python dict. The oracle of tests/test_big_files_stream.py: a streamed import must give
what these give (rows, order, warnings, or the same one-line error). Only the reading is copied; the helpers
that did not change (a row's fields, dates, the header's spellings) are the importers' own."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any
from urllib.parse import unquote

from cloutlab import platforms, schema
from cloutlab.errors import CloutlabError
from cloutlab.importers import csv_generic as cg
from cloutlab.importers import linkedin as li
from cloutlab.importers import x_legacy as xl
from cloutlab.importers.common import rows_table
from cloutlab.importers.networks import NO_RECEIVED, find, hashtags, row, short_span_warning, table, unique_ids
from cloutlab.importers.parsed import Parsed


# ---------------------------------------------------------------- csv_generic
def csv_parse(inp) -> Parsed:
    with inp.open_file() as fh:
        data = fh.read()
    text, warnings = _csv_decode(data)
    header, rows = _csv_read(text, inp.label, inp.limits.max_field_bytes)
    cols = cg._map_header(header, inp.label)
    owner = _csv_account(rows, cols, inp)
    out = [_csv_row(r, cols, owner, inp.label, line) for line, r in enumerate(rows, 2) if any(c.strip() for c in r)]
    _csv_derive_ids(out, owner)
    engagement = [f for f in schema.ENGAGEMENT_FIELDS if f in cols]
    account = {"platform": "csv", "account": owner, "display_name": None, "created_at": None,
               "followers": None, "following": None, "exported_at": None}
    warnings.append("A CSV carries no follower count, so the audience size is unknown.")
    return Parsed(account, rows_table(out), inp.label, "csv", tuple(engagement), tuple(warnings))


def _csv_decode(data: bytes) -> tuple[str, list[str]]:
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


def _csv_read(text: str, label: str, limit: int) -> tuple[list[str], list[list[str]]]:
    try:
        with cg._field_limit(limit):
            rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise CloutlabError(f"{label} has a field over {limit / 1_000_000:g} MB, which no post is; check that it is the right file.") from None
        raise CloutlabError(f"{label} is not a readable CSV ({exc}); save it again as CSV (comma-separated).") from None
    if not rows:
        raise CloutlabError(f"{label} is empty; a CSV needs a header row such as timestamp,text,likes,reposts,replies.")
    return rows[0], rows[1:]


def _csv_account(rows, cols, inp) -> str:
    names = {cg._cell(r, cols, "account").lstrip("@") for r in rows} - {""}
    if len(names) > 1:
        shown = ", ".join(sorted(names)[:3])
        raise CloutlabError(f"{inp.label} holds posts of {len(names)} accounts ({shown}, ...); split it into one file per account.")
    return names.pop() if names else inp.stem


def _csv_row(r, cols, owner, label, line) -> dict[str, Any]:
    out = cg._row(r, cols, owner, label, line)
    if out.pop(cg.DERIVED, False):  # the old code derived every id afterwards, whole
        out["post_id"] = None
    return out


def _csv_derive_ids(rows, owner: str) -> None:
    seen: dict[str, int] = {}
    for r in rows:
        if r["post_id"]:
            continue
        digest = hashlib.sha256("\x1f".join([owner, str(r["created_at"]), r["kind"], r["text"] or ""]).encode()).hexdigest()[:20]
        seen[digest] = seen.get(digest, 0) + 1
        r["post_id"] = f"csv-{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")


# ---------------------------------------------------------------- linkedin
def linkedin_parse(inp) -> Parsed:
    src, names = inp.source, inp.source.names()
    shares, comments, connections = find(names, li.SHARES), find(names, li.COMMENTS), find(names, li.CONNECTIONS)
    if not shares and not connections:
        raise CloutlabError(f"{inp.label} holds no LinkedIn Shares.csv or Connections.csv; request the larger "
                            "archive (it includes your posts).")
    # The export never names the member outside Profile.csv (not read); a lone Shares.csv or Connections.csv
    # is one "linkedin" account, so importing them one after the other merges them.
    account = "linkedin" if inp.stem.lower() in ("shares", "connections", "comments") else inp.stem
    rows = []
    for name in shares:
        rows += _li_shares(_li_read_table(src, name, "date"), account, name)
    for name in comments:
        rows += _li_comments(_li_text(src, name), account, name)
    rows.sort(key=lambda r: (r["created_at"], r["post_id"]))
    repeated = unique_ids(rows)
    followers = sum(len(_li_read_table(src, n, "first name")) for n in connections) if connections else None
    warnings = [NO_RECEIVED.format(platform=platforms.name("linkedin"))]
    reactions = sum(len(_li_read_table(src, n, "date")) for n in find(names, li.REACTIONS))
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


def _li_text(src, name: str) -> str:
    data = src.read_bytes(name)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # the 2018 export: UTF-16 with a BOM
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _li_read_table(src, name: str, first_column: str) -> list[dict[str, str]]:
    """The rows of one CSV member, with a field limit (csv's own 131,072 characters raised a bare csv.Error)."""
    limit = src.limits.max_field_bytes
    old = csv.field_size_limit(limit)  # process-wide: set for this read only
    try:
        return _li_table(_li_text(src, name), first_column)[1]
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise CloutlabError(f"{name} has a field over {limit:,} characters, which no post has (a quote mark that is "
                                "never closed swallows the rest of the file); download the export again.") from None
        raise CloutlabError(f"{name} is not a readable CSV file ({str(exc)[:80]}); download the export again.") from None
    finally:
        csv.field_size_limit(old)


def _li_table(text: str, first_column: str, **fmt) -> tuple[list[str], list[dict[str, str]]]:
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


def _li_shares(table: list[dict[str, str]], account: str, name: str) -> list[dict[str, Any]]:
    out = []
    for line, r in enumerate(table, 2):
        when = li.parse_date(r.get("date", ""))
        if when is None:
            raise CloutlabError(f"{name} row {line} has a date LinkedIn does not write ({r.get('date', '')[:30]!r}); "
                                "download the export again.")
        body = li._unquote_lines(li._get(r, "sharecommentary", "share commentary")).strip() or None
        link = li._get(r, "sharelink", "share link")
        shared = li._get(r, "sharedurl", "shared url")
        urn = li._URN.search(unquote(link))
        # A reshare without a comment has an empty commentary and the shared post's link (101 of 279 rows
        # in one account): a repost; with a comment it is a quote.
        kind = "original"
        if shared and "linkedin.com" in shared:
            kind = "quote" if body else "repost"
        elif not body and shared:
            kind = "repost"
        urls = [u for u in (shared, li._get(r, "mediaurl", "media url")) if u and kind == "original"]
        out.append(row(platform="linkedin", account=account, post_id=urn[0] if urn else f"li:{when:%Y%m%d%H%M%S}",
                            created_at=when, kind=kind, text=body, hashtags=hashtags(body), urls=urls))
    return out


def _li_comments(text: str, account: str, name: str) -> list[dict[str, Any]]:
    """Records start at lines like `2025-01-02 03:04:05,https://...`; anything else continues the message
    (quoted with backslash escapes, or an unquoted line break that no CSV dialect reads)."""
    records: list[list[str]] = []  # lines of each record, joined once: `+=` on a list item copies (quadratic)
    for line in text.splitlines()[1:]:
        if li._RECORD.match(line) or not records:
            records.append([line])
        else:
            records[-1].append(line)
    out = []
    for rec in map("\n".join, records):
        match = li._RECORD.match(rec)
        if not match:
            continue
        message = match[3]
        if message.startswith('"') and message.endswith('"'):
            message = message[1:-1].replace('\\"', '"').replace('""', '"')
        when = li.parse_date(match[1])
        if when is None:  # the record pattern takes any digits: 2021-02-30 gets here
            raise CloutlabError(f"{name} has a comment dated {match[1]!r}, a day that does not exist; the file was "
                                "damaged or edited: download the export again.")
        out.append(row(platform="linkedin", account=account, post_id=f"li-comment:{match[2]}", created_at=when,
                            kind="reply", text=message.strip() or None, hashtags=hashtags(message)))
    return out


# ---------------------------------------------------------------- x_legacy (tweets.csv and the month files)
def x_legacy_parse(inp) -> Parsed:
    user = xl._user_details(inp.source, inp.root) if inp.source else {}
    owner = (user.get("screen_name") or inp.stem).lstrip("@")
    warnings = [] if user.get("screen_name") else [f"The archive does not name its account, so it was stored as {owner!r} (the file name)."]
    owner_id = str(user.get("id") or user.get("id_str") or "") or None
    if inp.source is not None and (months := xl._months(inp.source, inp.root)):
        rows = [xl._from_js(t, owner, owner_id) for name in months for t in xl._read_month(inp.source, name)]
    else:
        rows = [xl._from_csv(r, owner, owner_id, inp.label, n) for n, r in enumerate(_xl_csv_rows(_xl_csv_bytes(inp), inp.label), 2)]
    account = {
        "platform": "x", "account": owner, "display_name": user.get("full_name") or user.get("name"),
        "created_at": xl._legacy_time(user.get("created_at")), "followers": None, "following": None, "exported_at": None,
    }
    warnings.append("Legacy Twitter archives have no follower counts, so the audience size is unknown.")
    return Parsed(account, rows_table(rows), inp.label, "x_legacy", (), tuple(warnings))


def _xl_csv_bytes(inp) -> bytes:
    if inp.source is None:
        with inp.open_file() as fh:
            return fh.read()
    if not inp.source.has(inp.root + "tweets.csv"):
        raise CloutlabError(f"{inp.label} has neither data/js/tweets/ nor tweets.csv, so it holds no tweets; download the export again.")
    return inp.source.read_bytes(inp.root + "tweets.csv")


def _xl_csv_rows(data: bytes, label: str) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CloutlabError(f"{label}: tweets.csv could not be read ({str(exc)[:80]}); download the export again.") from None
    if rows and not {"tweet_id", "timestamp", "text"} <= set(rows[0]):
        raise CloutlabError(f"{label}: tweets.csv lacks the tweet_id, timestamp and text columns of a Twitter archive.")
    return rows
