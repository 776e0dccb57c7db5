"""Hostile links in a real browser (issue 24): markdown, HTML and an address off this machine in every query
parameter of `/?persona=` and `/whatif?` (and the Gaming lab's class link). No request leaves 127.0.0.1
(every request of the browser context is watched), no <a> or <img> points off this machine in any frame,
and the hostile text is shown as typed. The tables' own toolbar offers no CSV download.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

import e2e_kit as kit
from cloutlab.whatif.scenario import FIELDS

HOST = "127.0.0.2"  # another address: a leak would be visible, and harmless
VALUES = [f"![p](http://{HOST}/x.png)",
          f"[click](http://{HOST}/l) <img src=http://{HOST}/i.png> <a href='http://{HOST}/a'>a</a> **b** :red[r]",
          f"http://{HOST}/auto www.{HOST} me@{HOST}.example <script>alert(1)</script>"]

_OFF_HOST_JS = """(host) => {
    const bad = [];
    const off = (u) => { try { return new URL(u, location.href).hostname === host; } catch (e) { return false; } };
    for (const a of document.querySelectorAll('a[href]')) if (off(a.href)) bad.push('a ' + a.href);
    for (const i of document.querySelectorAll('img[src], image[href], source[src], iframe[src]'))
        if (off(i.src || i.getAttribute('href') || '')) bad.push('img ' + (i.src || i.getAttribute('href')));
    return bad;
}"""


def _guarded(page) -> list[str]:
    left: list[str] = []

    def on_request(request):
        url = request.url
        if not url.startswith(("data:", "blob:", "about:")) and urlsplit(url).hostname != "127.0.0.1":
            left.append(url)

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()  # seen by on_request first: the test fails, nothing reaches the address

    page.context.on("request", on_request)
    page.context.route("**/*", guard)
    return left


def _off_host_links(page) -> list[str]:
    return [b for frame in page.frames for b in frame.evaluate(_OFF_HOST_JS, HOST)]


@pytest.mark.parametrize("value", VALUES, ids=["image", "html-and-links", "autolinks"])
def test_hostile_links_fetch_nothing_and_draw_no_link(new_page, value):
    page = new_page(1280, 720)
    left = _guarded(page)
    kit.goto(page, "/?" + urlencode({"persona": value}), "cloutlab")
    page.wait_for_timeout(500)  # images and charts fetch lazily
    kit.assert_clean(page, "home")
    shown = page.locator('[data-testid="stAlert"]').first.inner_text().replace("\u2060", "")
    assert value.strip() in shown or value.split()[0] in shown, shown  # the value, as typed
    assert _off_host_links(page) == [], "home"
    kit.screenshot(page, f"links-home-{VALUES.index(value)}")

    everything = {name: value for name in ("persona", "dataset", "present", *FIELDS)}
    kit.goto(page, "/whatif?" + urlencode(everything), "What-if lab", timeout=60_000)
    page.wait_for_timeout(500)
    kit.assert_clean(page, "whatif")
    assert _off_host_links(page) == [], "whatif"
    kit.screenshot(page, f"links-whatif-{VALUES.index(value)}")

    kit.goto(page, "/gaming?" + urlencode({"class": value, "persona": value}), "Gaming lab", timeout=60_000)
    page.wait_for_timeout(500)
    kit.assert_clean(page, "gaming")
    assert _off_host_links(page) == [], "gaming"
    assert left == [], f"requests left 127.0.0.1: {left}"
    assert page.dialogs == [], page.dialogs


def test_tables_offer_no_csv_download_of_their_own(new_page):
    """The tables' toolbar 'Download as CSV' wrote cells such as =1+1 raw: it is switched off."""
    page = new_page(1280, 720)
    kit.goto(page, "/scores", "Scores over time", timeout=60_000)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    table.hover()
    page.wait_for_timeout(300)
    toolbar = page.locator('[data-testid="stElementToolbar"]')
    assert toolbar.count() >= 1
    labels = [b.get_attribute("aria-label") or b.inner_text()
              for b in page.locator('[data-testid="stElementToolbarButton"] button, [data-testid="stElementToolbar"] button').all()]
    assert labels, "no toolbar drawn"
    assert not any("download" in (label or "").lower() for label in labels), labels
    assert page.get_by_role("button", name="Download the ledger (CSV)").count() == 1


def test_browser_id_is_nowhere_in_the_page(new_page):
    """Why: the Import page printed the browser's secret id; whoever read it could set it as their cookie and
    see that browser's imports. The cookie is written by a script that removes itself; the page names the
    imports' folder by a hash that opens nothing."""
    page = new_page(1280, 720)
    kit.goto(page, "/import", "Import your export")
    body = b"timestamp,text,likes\n" + b"".join(f"2024-03-{d:02d}T10:00:00Z,post {d},{d}\n".encode() for d in range(1, 9))
    kit.import_files(page, [{"name": "mine.csv", "mimeType": "text/csv", "buffer": body}])
    page.reload()
    kit.goto(page, "/import", "Import your export")
    page.get_by_role("heading", name="Kept for this browser").wait_for()
    bid = next(c["value"] for c in page.context.cookies() if c["name"] == "cloutlab_browser")
    assert len(bid) == 32
    assert not any(bid in frame.content() for frame in page.frames), "the id is in the page"
    assert "imports.duckdb" in page.locator('[data-testid="stMain"]').inner_text()  # where they are, shown
    kit.screenshot(page, "links-import-kept")
