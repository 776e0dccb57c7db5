"""The links the app hands out (Copy link boxes, the classroom's link, the Stories page's What-if links):
one base address and one way to write a page's link."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

DEFAULT_BASE = "http://localhost:8501"  # when the request has no address (AppTest, a bare script run)


def base_url(request_url: str | None) -> str:
    """scheme://host[:port] of the address the page was opened at (DEFAULT_BASE without one)."""
    parts = urlsplit(request_url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else DEFAULT_BASE


def page_link(page: str, params: dict) -> str:
    """`page` with `params` as its query, relative to the app ("whatif?frequency=2")."""
    query = urlencode(params)
    return page.lstrip("/") + (f"?{query}" if query else "")


def page_url(base: str, page: str, params: dict) -> str:
    """The full link to `page` with `params` (base: base_url's, or any scheme://host[:port][/prefix])."""
    return f"{base.rstrip('/')}/{page_link(page, params)}"
