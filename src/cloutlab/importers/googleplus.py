"""Google+ posts from a Google Takeout archive (docs/export-formats-2.md section G), made before April 2019.

`Takeout/Google+ Stream/Posts/` holds one file per post, HTML by default or JSON when chosen; the Takeout
folder names are localized (`Stream do Google+`), so the stream folder is any folder whose name holds
"Google+" (communities aside) and the posts folder is its subfolder with the most post files (ActivityLog
holds the owner's own +1s and comments elsewhere, not posts). Unlike Facebook, LinkedIn and Instagram, a
post carries what it received: who +1'd it, who reshared it, and comments by others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

from cloutlab.errors import CloutlabError
from cloutlab.importers.common import html_to_text, read_html, utc_naive
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed
from cloutlab.importers.networks import hashtags, as_list, repeats_warning, row, span_warning
from cloutlab.importers.spool import RowSpool

STREAM = re.compile(r"(^|/)(?P<stream>[^/]*google\+[^/]*)/(?P<folder>[^/]+)/(?P<file>[^/]+\.(?:json|html?))$", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:[+-]\d{4}|Z)?")


def post_files(names: list[str]) -> list[str]:
    """The post files of the stream: the non-ActivityLog subfolder holding the most of them."""
    found = [(m, n) for n in names if (m := STREAM.search(n)) and "communit" not in m["stream"].lower()
             and m["folder"].lower() != "activitylog"]
    if not found:
        return []
    folders = Counter(n[: m.start("file")] for m, n in found)
    best = max(folders, key=lambda f: (folders[f], f))
    return sorted(n for m, n in found if n[: m.start("file")] == best)


def parse_time(text: str | None) -> dt.datetime | None:
    match = _DATE.search(text or "")
    if not match:
        return None
    value = match[0].replace("Z", "+0000")
    for fmt in ("%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S"):
        try:
            return utc_naive(dt.datetime.strptime(value, fmt))
        except ValueError:
            continue
    return None


def parse(inp: Input) -> Parsed:
    src = inp.source
    files = post_files(src.names())
    if not files:
        raise CloutlabError(f"{inp.label} holds no Google+ posts (expected Takeout/Google+ Stream/Posts/*.html or .json).")
    # One file per post, so a Takeout of many years is many files: their rows go to a spool, not a list (spool).
    spool, owner = RowSpool(), None
    try:
        for name in files:
            post = _json_post(src.read_json(name)) if name.lower().endswith(".json") else _html_post(src.read_bytes(name))
            if post is None:
                continue  # a media metadata file or a page that is not a post
            if post["when"] is None:
                raise CloutlabError(f"{inp.label}: {name} has no readable post date; download the archive again.")
            owner = owner or post["author"]
            spool.add(_row(post, ""))
        account = owner or inp.stem  # the first author found: known once every file is read
        out = spool.finish(("created_at", "post_id"), dedupe=True, account=account)
    finally:
        spool.close()
    repeated = repeats_warning(out.repeats)
    acct = {"platform": "googleplus", "account": account, "display_name": owner, "created_at": None,
            "followers": None, "following": None, "exported_at": None}
    warnings = ["Google+ posts carry who +1'd, reshared and commented, but not when; circles (the audience) are "
                "a separate product, so the audience size is unknown."]
    warnings += repeated + span_warning(out.first, out.last, "Google+")
    return Parsed(acct, out.table(), inp.label, "googleplus", ("likes", "reposts", "replies"), tuple(warnings))


def _row(p: dict[str, Any], account: str) -> dict[str, Any]:
    text = p["text"] or None
    shared = p["reshare"]
    kind = ("quote" if text else "repost") if shared else "original"
    counts = {} if kind == "repost" else {"likes": p["plus"], "reposts": p["reshares"], "replies": p["comments"]}
    return row(platform="googleplus", account=account, post_id=p["id"], created_at=p["when"], kind=kind,
                    text=text, hashtags=hashtags(text), urls=p["urls"], **counts)


def _json_post(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict) or "creationTime" not in data:
        return None
    author = data.get("author") if isinstance(data.get("author"), dict) else {}
    me = author.get("resourceName")
    text, links = html_to_text(data.get("content") if isinstance(data.get("content"), str) else "")
    link = data.get("link") if isinstance(data.get("link"), dict) else {}
    others = [c for c in as_list(data.get("comments")) if isinstance(c, dict)
              and (c["author"].get("resourceName") if isinstance(c.get("author"), dict) else None) != me]
    name = author.get("displayName") if isinstance(author.get("displayName"), str) else None
    return {"when": parse_time(data.get("creationTime") if isinstance(data.get("creationTime"), str) else None),
            "author": name, "text": text,
            "id": str(data.get("url") or data.get("resourceName") or data.get("creationTime")),
            "urls": links + ([link["url"]] if isinstance(link.get("url"), str) else []),
            "reshare": isinstance(data.get("resharedPost"), dict),
            "plus": len(as_list(data.get("plusOnes"))), "reshares": len(as_list(data.get("reshares"))),
            "comments": len(others)}


class _PostPage(HTMLParser):
    """Reads a Takeout Google+ post page by its classes (G4): author, main-content, the time link to
    /posts/, plus-oners and resharers (one <a> per person), comments (author and content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[set[str]] = []
        # How many open elements carry each class: _inside() in constant time. Scanning the stack made a
        # page of 40,000 unclosed <div>s quadratic (72 s for a 932-byte zip; issue 24).
        self._open: Counter[str] = Counter()
        self.author: str | None = None
        self.when_text: str | None = None
        self.url: str | None = None
        self.content: list[str] = []
        self.links: list[str] = []
        self.plus = self.reshares = 0
        self.comment_authors: list[str] = []
        self.reshare = False
        self._in_a: str | None = None

    def _inside(self, cls: str) -> bool:
        return self._open[cls] > 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            if tag == "br" and self._inside("main-content") and not self._inside("comments"):
                self.content.append("\n")
            return
        self.stack.append(classes)
        self._open.update(classes)
        if "reshare-attribution" in classes:
            self.reshare = True
        if tag == "a":
            href = a.get("href") or ""
            self._in_a = href
            if self._inside("plus-oners"):
                self.plus += 1
            elif self._inside("resharers"):
                self.reshares += 1
            elif "/posts/" in href and self.url is None and not self._inside("comments") \
                    and not self._inside("reshare-attribution") and not self._inside("main-content"):
                self.url = href
                self.when_text = ""
            elif self._inside("main-content") and not self._inside("comments") and href:
                self.links.append(href)
            elif self._inside("link-embed") and href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        if tag == "a":
            self._in_a = None
        if self.stack:
            self._open.subtract(self.stack.pop())

    def handle_data(self, data):
        if self._in_a is not None and self._in_a == self.url and self.when_text is not None and not self._inside("comments"):
            self.when_text += data
        in_comments = self._inside("comments")
        if self._inside("author") and not self._inside("reshare-attribution"):
            if in_comments:
                if data.strip():
                    self.comment_authors.append(data.strip())
            elif self.author is None and data.strip():
                self.author = data.strip()
        elif self._inside("main-content") and not in_comments:
            self.content.append(data)


def _html_post(data: bytes) -> dict[str, Any] | None:
    page = read_html(_PostPage, data.decode("utf-8", errors="replace"))
    if page.url is None:
        return None
    text = re.sub(r"\n{3,}", "\n\n", "".join(page.content)).strip()
    others = [a for a in page.comment_authors if a != page.author]
    return {"when": parse_time(page.when_text), "author": page.author, "text": text, "id": page.url,
            "urls": page.links, "reshare": page.reshare, "plus": page.plus, "reshares": page.reshares,
            "comments": len(others)}
