"""A shared link opened as the very first request to a freshly started server shows the real app.

Streamlit 1.67 quirk: until some run of the process has called st.navigation, a folder named pages/ next to
app.py turns on the legacy multipage mode, in which a deep link (/scores) runs the page script alone (no
app.py: no sidebar picker, no page config, a nav listing the raw file names). A workshop presenter starting
the app and pasting a shared link hits exactly that, so this test starts its own server and deep-links first.
"""

from __future__ import annotations

from playwright.sync_api import expect

import e2e_kit as kit
from cloutlab.store.demo import PERSONAS


def test_deep_link_is_the_first_request(browser):
    titles = {p.file: p.title for p in kit.registered_pages()}
    if "whatif" in titles:
        link, persona = "/whatif?persona=novelist&break_weeks=1", "novelist"
    else:
        link, persona = "/scores?persona=celebrity", "celebrity"
    with kit.streamlit_server("streamlit-cold.log") as url:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = kit.watch(ctx.new_page(), url)
            kit.goto(page, link, timeout=2 * kit.TIMEOUT)
            nav = page.get_by_test_id("stSidebarNav")
            expect(nav.get_by_role("link")).to_have_count(len(titles))  # not the raw file names (+ "app")
            for title in titles.values():
                expect(nav.get_by_role("link", name=title, exact=True)).to_be_visible()
            assert kit.picker_value(page) == f"Demo: {PERSONAS[persona].title}"  # app.py's sidebar ran
            if "whatif" in titles:
                expect(page.get_by_role("heading", name="What-if lab")).to_be_visible()
                expect(page.get_by_role("slider", name="Break (weeks with no posts)")).to_have_value("1")
            kit.assert_clean(page, "cold deep link")
        finally:
            ctx.close()
