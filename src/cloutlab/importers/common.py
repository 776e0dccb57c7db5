"""Shared by the importers: the canonical row shape, time parsing, HTML to text, and the summary contract.

Safety helpers other importers reuse (stable names): post_row (coerces wrong JSON types), as_text,
as_count (bad count -> -1 -> stored as missing), check_text (field size limit). Storing is parsed.store_parsed's job.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pyarrow as pa

from cloutlab import schema
from cloutlab.errors import CloutlabError
from cloutlab.store.clean import FIELD_LIMIT, INT_MAX

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "TIMESTAMP": pa.timestamp("us"),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
    "VARCHAR[]": pa.list_(pa.string()),
}
POSTS_ARROW = pa.schema([(name, _ARROW_TYPES[t.replace(" NOT NULL", "")]) for name, t in schema.POSTS_COLUMNS])

NO_COUNTS = (
    "This export has no reaction counts: conversation, amplification and applause rates will show as not available."
)


_STR_FIELDS = ("post_id", "text", "lang", "reply_to_account", "source")
_LIST_FIELDS = ("mentions", "hashtags", "urls")
_SHORT = 10_000  # characters in a name, tag, link, language or id: far beyond any real one


def post_row(**fields: Any) -> dict[str, Any]:
    """One `posts` row; list columns default to empty lists, counts to None (unknown, never 0).

    Values of the wrong JSON type are made harmless here, whatever the importer: a number where text is
    expected becomes text, an object or list where text is expected becomes missing, list members that
    are not text are dropped, and counts go through as_count (so a bad count is -1, stored as missing).
    """
    row = {name: None for name in POSTS_ARROW.names}
    row.update(mentions=[], hashtags=[], urls=[], is_self_reply=False)
    row.update(fields)
    for name in _STR_FIELDS:
        row[name] = as_text(row[name], None if name == "text" else _SHORT)
    for name in _LIST_FIELDS:
        value = row[name]
        row[name] = [v[:_SHORT] for v in value if isinstance(v, str)] if isinstance(value, list) else []
    for name in schema.ENGAGEMENT_FIELDS:
        row[name] = as_count(row[name])
    row["is_self_reply"] = row["is_self_reply"] is True
    return row


def as_text(value: Any, limit: int | None = None) -> str | None:
    """Text as text, numbers as their digits, anything else (objects, lists, true/false) missing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value if limit is None else value[:limit]


def as_count(value: Any) -> int | None:
    """A count as exports write it: a whole number or its digits. Absent -> None (unknown, never 0); present
    but not a whole number of zero or more (negative, fractional, '0x10', huge, true, an object) -> -1, which
    the store turns into missing with a warning."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value.strip()) if len(value.strip()) < 12 else -1
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= INT_MAX:
        return -1
    return value


def check_text(label: str, what: str, value: Any, limit: int = FIELD_LIMIT) -> None:
    """Refuse a text field larger than any post before it is parsed further (a 500 MB post took 3.7 GB)."""
    if isinstance(value, str) and len(value) > limit:
        raise CloutlabError(
            f"{label}: {what} holds {len(value) / 1e6:,.1f} MB of text in one field, over cloutlab's limit of "
            f"{limit / 1e6:g} MB (no post is that long); check that it is the right file."
        )


def rows_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=POSTS_ARROW)


def present_counts(rows: list[dict[str, Any]]) -> list[str]:
    """The received counts that at least one row carries, in canonical order."""
    return [f for f in schema.ENGAGEMENT_FIELDS if any(isinstance(r.get(f), int) and r[f] >= 0 for r in rows)]


def utc_naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value  # exports without an offset are UTC in practice
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None)


def parse_iso(text: str) -> dt.datetime | None:
    """ISO 8601 with or without Z, fractions or offset; None when it is not a date."""
    if not isinstance(text, str):  # a number or an object where a date belongs: not a date
        return None
    text = text.strip()
    if not text:
        return None
    try:
        return utc_naive(dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")))
    except ValueError:
        return None


def iso_z(value: dt.datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


class _TextParser(HTMLParser):
    """Mastodon's post HTML to plain text: paragraphs become blank lines, <br> a newline, links kept as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")
        elif tag == "a":
            attr = dict(attrs)
            classes = (attr.get("class") or "").split()
            if attr.get("href") and "mention" not in classes and "hashtag" not in classes:
                self.links.append(attr["href"])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def read_html(parser_type: type[HTMLParser], html: str) -> HTMLParser:
    """A new `parser_type` fed `html` whole. html.parser asserts on a "<![" or "<!x" it cannot scan (3.11),
    where a browser reads on: the page is then read again, by a new parser, with every "<!" as text."""
    try:
        parser = parser_type()
        parser.feed(html)
        parser.close()
    except AssertionError:
        parser = parser_type()
        parser.feed(html.replace("<!", "&lt;!"))
        parser.close()
    return parser


def html_to_text(html: str | None) -> tuple[str, list[str]]:
    """Plain text and the plain (non-mention, non-hashtag) link targets of an HTML fragment."""
    parser = read_html(_TextParser, html or "")
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip(), parser.links


def unescape_twitter(text: str | None) -> str | None:
    """X escapes exactly &, < and > in tweet text; decode once (so a literal '&amp;lt;' stays '&lt;')."""
    if text is None:
        return None
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_SOURCE_TEXT = re.compile(r">([^<]*)<")


def source_name(html: str | None) -> str | None:
    """The client name from an X `source` link (`<a href=...>Twitter for iPhone</a>`)."""
    if not html:
        return None
    match = _SOURCE_TEXT.search(html)
    return match.group(1) if match else html


# A link to a tweet: how a quote tweet shows up in archives that have no quoted_status (see x_sql).
STATUS_URL_PATTERN = r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/\d+"
STATUS_URL = re.compile(STATUS_URL_PATTERN, re.IGNORECASE)


# Set by importers.import_path/import_bytes for the length of one import (True: `import --replace`).
REPLACE: contextvars.ContextVar[bool] = contextvars.ContextVar("cloutlab_replace", default=False)


def read_js(src: Any, name: str, *, expected: str = "an assignment", within: int | None = None) -> Any:
    """An archive's JS assignment file as Python data: the JSON after the first '=' (a trailing ';' dropped).

    X's `window.YTD.<type>.partN = [...]` and manifest's `window.__THAR_CONFIG = {...}` (within=4096: the
    '=' must come early), and legacy Grailbird's `Grailbird.data.tweets_2012_12 = [...]` or
    `var user_details = {...}`. The big X tweet parts are streamed by x_stage instead, never read whole.
    """
    data = src.read_bytes(name)
    cut = data.find(b"=")
    if cut < 0 or (within is not None and cut > within):
        raise CloutlabError(f"{src.label}: {name} does not start with {expected} as archive files do; download the export again.")
    return src.read_json(name, data[cut + 1 :].strip().rstrip(b";"))
