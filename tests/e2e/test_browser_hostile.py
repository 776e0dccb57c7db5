"""Hostile input in a real browser (issue 11): no request ever leaves 127.0.0.1, and no link or image is
made from untrusted text (account names, hashtags, post text, file names), on any page.

The export: a CSV whose account column holds HTML (<a href>, <img src>) pointing at an address off this
machine, whose text and hashtag-like words are markdown links and images, and whose file name is HTML.
"""

from __future__ import annotations

from urllib.parse import urlsplit


import e2e_kit as kit
import make_hostile as mh


EVIL_HOST = urlsplit(mh.EVIL).hostname  # 127.0.0.2: a different address, so a leak is visible and harmless

# A link or image pointing at the hostile host (links of the app's own pages may carry the name in their
# query string: that is text in a URL of this machine, not a link made from it).
_FOUND_JS = """(host) => {
    const bad = [];
    const off = (u) => { try { return new URL(u, location.href).hostname === host; } catch (e) { return false; } };
    const where = (e) => { const t = e.closest('[data-testid]'); return t ? ' in ' + t.getAttribute('data-testid') + ' :: ' + t.innerText.slice(0, 300) + ' :: ' + t.innerHTML.slice(0, 600) : ''; };
    for (const a of document.querySelectorAll('a[href]')) if (off(a.href)) bad.push('a ' + a.href + where(a));
    for (const i of document.querySelectorAll('img[src], image[href], source[src]'))
        if (off(i.src || i.getAttribute('href') || '')) bad.push('img ' + (i.src || i.getAttribute('href')) + where(i));
    for (const s of document.querySelectorAll('script')) if (s.textContent.includes('alert(1)')) bad.push('script');
    return bad;
}"""


def _hostile_csv() -> dict:
    rows = [
        (f"2024-03-0{d}T10:00:00Z", f"{mh.HOSTILE_NAME}", f"[click]({mh.EVIL}/text) ![i]({mh.EVIL}/t.png) #{mh.HOSTILE_TAG} "
                                                       "<script>alert(1)</script>", 5 + d) for d in range(1, 8)
    ]
    body = "timestamp,account,text,likes\n" + "".join(
        f'{t},"{a.replace(chr(34), chr(34) * 2)}","{x.replace(chr(34), chr(34) * 2)}",{n}\n' for t, a, x, n in rows)
    return {"name": '<img src="x" onerror="alert(1)">.csv', "mimeType": "text/csv", "buffer": body.encode()}


def test_no_request_leaves_and_no_link_from_untrusted_text(new_page):
    page = new_page()
    off_machine: list[str] = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            off_machine.append(route.request.url)
            route.abort()

    page.context.route("**/*", guard)
    kit.goto(page, "/import", "Import your export")
    kit.import_files(page, [_hostile_csv()])
    kit.assert_clean(page, "hostile import")
    assert page.evaluate(_FOUND_JS, EVIL_HOST) == [], "import page"
    assert 'href="http' in page.locator('[data-testid="stMain"]').inner_text()  # the name is shown, as text

    for title in ("Home", "Scores over time", "What-if lab", "Gaming lab", "Methodology"):
        kit.nav_to(page, title)
        kit.wait_drawn(page)  # images and charts fetch lazily
        assert page.evaluate(_FOUND_JS, EVIL_HOST) == [], title
        assert not page.dialogs, f"{title}: a script ran: {page.dialogs}"
    assert off_machine == [], f"requests left 127.0.0.1: {off_machine}"
