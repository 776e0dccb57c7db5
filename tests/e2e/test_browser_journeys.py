"""People's paths through the app in a real browser (issue 10): every page forward, backward and forward
again; a dataset switch between visits; a reload after an import; rapid key presses on every slider; a link
made on an import opened in another browser; exports without counts walked across every page.

Each journey asserts zero exception boxes and zero console errors at every step (kit.assert_clean)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

import e2e_kit as kit
from cloutlab.store.demo import PERSONAS


PAGES = [p.title for p in kit.registered_pages()]
SHOTS = kit.ARTIFACTS / "journeys"


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def walk(page, titles, where: str) -> None:
    for title in titles:
        kit.nav_to(page, title)
        kit.assert_clean(page, f"{where}: {title}")


def test_every_page_forward_backward_forward_with_a_dataset_switch(page):
    kit.goto(page, "/", "cloutlab")
    walk(page, PAGES, "forward")
    walk(page, PAGES[::-1], "backward")
    stella = f"Demo: {PERSONAS['celebrity'].title}"
    kit.pick_dataset(page, stella)
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name=re.compile("Dataset"))).to_have_value(stella)
    kit.wait_idle(page)
    walk(page, PAGES, "forward again, after a switch")
    for title in ("What-if lab", "Home", "What-if lab", "Gaming lab", "What-if lab"):  # the KeyError path
        walk(page, [title], "revisits")
        if title != "Home":
            assert query(page).get("persona") == "celebrity", (title, page.url)  # every URL names its dataset
    page.go_back()  # the browser's own buttons
    kit.wait_idle(page)
    page.go_forward()
    kit.wait_idle(page)
    kit.assert_clean(page, "back and forward")


def test_a_reload_after_an_import_keeps_it_and_another_browser_never_sees_it(new_page, export_fixtures):
    page = new_page()
    kit.goto(page, "/import", "Import your export")
    kit.import_files(page, [export_fixtures["x_zip"]])
    expect(page.get_by_role("heading", name="Kept for this browser")).to_be_visible()
    label = kit.picker_value(page)
    assert label.startswith("Imported:"), label
    page.reload()
    expect(page.get_by_role("heading", name="Import your export", exact=True)).to_be_visible()
    kit.wait_idle(page)
    expect(page.get_by_role("heading", name="Kept for this browser")).to_be_visible()
    assert label in kit.picker_options(page)
    kit.assert_clean(page, "after the reload")
    tab = kit.watch(page.context.new_page(), page.base_url)  # a second tab of the same browser sees it too
    kit.goto(tab, "/import", "Import your export")
    assert label in kit.picker_options(tab)
    other = new_page()  # a fresh context: another browser, its own cookie
    kit.goto(other, "/import", "Import your export")
    assert not any(o.startswith("Imported:") for o in kit.picker_options(other))
    expect(other.get_by_text("Nothing imported yet")).to_be_visible()
    page.get_by_role("button", name="Delete my imports for good").click()
    expect(page.get_by_text("Nothing imported yet")).to_be_visible()
    kit.wait_idle(page)
    assert not any(o.startswith("Imported:") for o in kit.picker_options(page))
    kit.assert_clean(page, "after deleting")
    kit.nav_to(tab, "Home")  # the other tab lets go of the deleted file: no broken connection
    assert not any(o.startswith("Imported:") for o in kit.picker_options(tab))
    kit.assert_clean(tab, "the other tab, after deleting")


def _metric_values(page) -> dict[str, str]:
    return {k: v for k, v in kit.metrics(page).items()}


def test_rapid_key_presses_leave_sliders_url_and_numbers_in_agreement(new_page):
    page = new_page()
    kit.goto(page, "/whatif?persona=conversationalist", "What-if lab")
    sliders = page.get_by_role("slider")
    names = [s.get_attribute("aria-label") for s in sliders.all()]
    assert len(names) >= 7, names
    for i, name in enumerate(names):
        slider = sliders.nth(i)
        slider.focus()
        start = slider.input_value()
        for _ in range(4):  # as fast as the keyboard goes: no wait between presses
            slider.press("ArrowRight")
        expect(slider).not_to_have_value(start)
        kit.settle(page)  # a rerun the last press queued may start just after idle
        kit.assert_clean(page, f"rapid presses on {name}")
    shown = dict(zip(names, (s.input_value() for s in sliders.all())))
    numbers = _metric_values(page)
    assert "break_start" not in query(page), page.url  # a date nobody picked never gets pinned by an echo
    # The link on show is the state on show: opened afresh, it gives the same sliders and the same numbers.
    again = new_page()
    again.goto(page.url)
    expect(again.get_by_role("heading", name="What-if lab", exact=True)).to_be_visible()
    kit.wait_idle(again)
    assert dict(zip(names, (s.input_value() for s in again.get_by_role("slider").all()))) == shown
    assert _metric_values(again) == numbers
    ring, likes = (int(shown[n]) for n in ("Engagement ring: accounts", "Ring likes per post"))
    assert 0 < likes <= ring  # the ring's sliders agree: accounts alone gave it likes, never more than accounts
    kit.screenshot(page, "whatif-after-rapid-presses", folder=SHOTS)


def test_fast_presses_on_both_ring_sliders_never_leave_them_apart_from_the_link(new_page):
    """The engagement ring's sliders move each other; a browser sends both values with every press, so an
    older value of the one not pressed used to override the server's (the page showed 7 ring accounts
    while the link and the numbers used 6). Rounds of fast presses, switching slider between rounds."""
    page = new_page()
    kit.goto(page, "/whatif?persona=conversationalist", "What-if lab")
    accounts = page.get_by_role("slider", name="Engagement ring: accounts")
    likes = page.get_by_role("slider", name="Ring likes per post")
    for slider, key, times in ((accounts, "ArrowRight", 5), (likes, "ArrowRight", 9), (accounts, "ArrowRight", 4),
                               (likes, "ArrowLeft", 6), (accounts, "ArrowLeft", 8), (likes, "ArrowRight", 7)):
        slider.focus()
        for _ in range(times):  # no wait between presses
            slider.press(key)
        kit.settle(page)
        size, liked = int(accounts.input_value()), int(likes.input_value())
        assert 0 < liked <= size, (size, liked)
        assert (query(page).get("ring_size"), query(page).get("ring_reactions")) == (str(size), str(liked)), page.url
    numbers = _metric_values(page)
    again = new_page()
    again.goto(page.url)
    expect(again.get_by_role("slider", name="Engagement ring: accounts")).to_have_value(str(size))
    expect(again.get_by_role("slider", name="Ring likes per post")).to_have_value(str(liked))
    kit.wait_idle(again)
    assert _metric_values(again) == numbers
    kit.assert_clean(page, "ring presses")


def test_switching_ring_sliders_without_a_pause_comes_to_rest_on_the_link(new_page):
    """Presses on one ring slider, then at once on the other, while the answers to the first presses (each
    writes the other slider, which follows) are still on their way. An answer that arrived after the person
    had started pressing that slider pulled it back, and nothing put it right: the page came to rest showing
    one value while the link and the numbers used another."""
    page = new_page()
    kit.goto(page, "/whatif?persona=conversationalist", "What-if lab")
    accounts = page.get_by_role("slider", name="Engagement ring: accounts")
    likes = page.get_by_role("slider", name="Ring likes per post")
    for key, times in (("ArrowRight", 6), ("ArrowRight", 4), ("ArrowLeft", 3)):
        for slider in (accounts, likes, accounts):
            slider.focus()
            for _ in range(times):  # no wait between presses, nor between the two sliders
                slider.press(key)
        kit.settle(page)
        size, liked = int(accounts.input_value()), int(likes.input_value())
        assert (query(page).get("ring_size"), query(page).get("ring_reactions")) == (str(size), str(liked)), page.url
    kit.assert_clean(page, "ring presses without a pause")


def test_rapid_presses_on_the_window_slider(page):
    kit.goto(page, "/scores?persona=novelist", "Scores over time")
    slider = page.get_by_role("slider", name="Rolling window (days)")
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")
    expect(slider).to_have_value("33")
    expect(page.locator(".gtitle", has_text="(33-day window)").first).to_be_visible()
    kit.wait_idle(page)
    kit.assert_clean(page, "window slider")


def test_a_link_made_on_an_import_opened_elsewhere_says_so(new_page, export_fixtures):
    page = new_page()
    kit.goto(page, "/import", "Import your export")
    kit.import_files(page, [export_fixtures["x_zip"]])
    kit.nav_to(page, "What-if lab")
    slider = page.get_by_role("slider", name="Break (weeks with no posts)")
    slider.focus()
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]break_weeks=2\b"))
    kit.wait_idle(page)
    assert query(page).get("dataset") == "import:x:ada_lovelace", page.url
    box = page.get_by_role("textbox", name="Link to this exact view")
    expect(box).to_have_value(re.compile(r"[?&]break_weeks=2\b"))  # the Copy link box shows the same link
    fresh = new_page()
    fresh.goto(page.url)
    expect(fresh.get_by_text(re.compile("not in this browser"))).to_be_visible()
    kit.wait_idle(fresh)
    expect(fresh.get_by_role("slider", name="Break (weeks with no posts)")).to_have_value("2")
    assert "Demo:" in kit.picker_value(fresh)
    kit.assert_clean(fresh, "import link opened elsewhere")
    kit.screenshot(fresh, "import-link-elsewhere", folder=SHOTS)


@pytest.mark.parametrize("fixture", ["mastodon_targz", "bluesky_car", "legacy_csv9_zip"])
def test_exports_without_counts_never_show_a_stand_in(new_page, export_fixtures, fixture):
    page = new_page()
    kit.goto(page, "/import", "Import your export")
    kit.import_files(page, [export_fixtures[fixture]])
    assert kit.picker_value(page).startswith("Imported:")
    for title in PAGES:
        kit.nav_to(page, title)
        kit.assert_clean(page, f"{fixture}: {title}")
        text = page.get_by_test_id("stMain").inner_text()
        assert not re.search(r"\bNone\b", text), (title, re.findall(r".{40}\bNone\b.{40}", text))
        assert "0 points received" not in text, title
        assert page.locator('a[href^="mailto:"]').count() == 0, title  # a Mastodon handle is not an e-mail
        for label, value in kit.metrics(page).items():
            if "composite" in label.lower():
                assert value == "not in this export", (title, label, value)
        if title == "Scores over time":
            assert not [c for c in kit.charts(page) if c["title"].startswith("Transparent composite")]
            for row in kit.table_rows(page, 0):
                assert "None" not in row, row
        kit.screenshot(page, f"{fixture}-{title.replace(' ', '-').lower()}", folder=SHOTS)
