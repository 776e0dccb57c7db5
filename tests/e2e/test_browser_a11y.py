"""Accessibility basics beyond the per-page chart checks in test_browser_pages.py (titles, axis titles and the
Okabe-Ito palette on every chart of every page): sliders work from the keyboard and the page reacts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import e2e_kit as kit


def test_scores_window_slider_works_from_the_keyboard(page):
    """Tab focus + ArrowRight/End/Home move the rolling-window slider; the metric chart is redrawn for
    the new window each time."""
    kit.goto(page, "/scores", "Scores over time")
    slider = page.get_by_role("slider", name="Rolling window (days)")
    expect(slider).to_have_value("28")
    slider.focus()
    expect(slider).to_be_focused()
    for key, value in (("ArrowRight", "29"), ("ArrowRight", "30"), ("ArrowLeft", "29"), ("End", "90"), ("Home", "7")):
        slider.press(key)
        expect(slider).to_have_value(value)
        expect(page.locator(".gtitle", has_text=f"({value}-day window)")).to_be_visible()
        kit.wait_idle(page)
    kit.assert_charts_accessible(page, "/scores after keyboard")
    kit.assert_clean(page, "/scores keyboard")


def test_sidebar_picker_works_from_the_keyboard(page):
    """The dataset picker opens, moves and chooses with the keyboard alone."""
    kit.goto(page, "/", "cloutlab")
    picker = kit.sidebar_picker(page)
    picker.focus()
    picker.press("ArrowDown")  # opens the list
    expect(page.get_by_role("option").first).to_be_visible()
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(picker).not_to_have_value("Demo: Nell, a novelist")
    chosen = picker.input_value()
    expect(page.get_by_role("heading", name=chosen, exact=True)).to_be_visible()
    kit.wait_idle(page)
    kit.assert_clean(page, "keyboard picker")


# ---------------------------------------------------------------- issue 15: focus ring, live region, keyboard
RING_JS = """() => {
    const a = document.activeElement;
    if (!a || a === document.body) return null;
    const ring = el => { const s = getComputedStyle(el), r = el.getBoundingClientRect();
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\\(.*, 0\\)|transparent/.test(s.outlineColor)
            && r.width >= 8 && r.height >= 8 ? s.outlineColor : null; };
    let el = a, found = null;
    for (let k = 0; el && k < 4 && !found; k++, el = el.parentElement) found = ring(el);
    return {tag: a.tagName, name: (a.getAttribute('aria-label') || a.innerText || a.value || '').slice(0, 40), ring: found};
}"""


@pytest.mark.parametrize("path,heading", [("/gaming", "Gaming lab"), ("/scores", "Scores over time"),
                                          ("/import", "Import your export")])
def test_every_control_shows_a_visible_focus_ring(new_page, path, heading):
    """Tab through the page: every control that takes focus draws a ring at least 2 px wide, in a solid
    colour, on the control or on the label/box around it (Streamlit hides real checkbox inputs)."""
    page = new_page(1280, 720)
    kit.goto(page, path, heading)
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        got = page.evaluate(RING_JS)
        if got is None:
            continue
        seen.append(got)
        assert got["ring"], f"{path}: no visible focus ring on {got}"
    assert len(seen) >= 10, seen
    kit.assert_clean(page, path + " tabbing")


def test_a_changed_result_is_announced_and_the_lesson_runs_from_the_keyboard(new_page):
    """The Gaming lab's ranking sits in a polite live region that changes with the ranking; the
    step-by-step walk-through is switched on and advanced with the keyboard alone."""
    page = new_page(1280, 720)
    kit.goto(page, "/gaming?class=bot.bot~novelist.ring~follower_buyer.buy_followers", "Gaming lab")
    live = page.locator('[role="status"][aria-live="polite"]').filter(has_text="Ranked by")
    expect(live).to_have_count(1)
    expect(live).to_contain_text("Ranked by Opaque score")
    toggle = page.get_by_label("Step-by-step walk-through", exact=True)
    toggle.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("Step 1 of", exact=False)).to_be_visible()
    kit.wait_idle(page)
    nxt = page.get_by_role("button", name="Next step")
    nxt.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Step 2 of", exact=False)).to_be_visible()
    expect(live).to_contain_text("Ranked by Applause rate")  # the step re-ranked, and said so
    kit.wait_idle(page)
    kit.assert_clean(page, "/gaming keyboard lesson")


def test_what_if_result_is_announced_when_a_slider_moves(new_page):
    """Moving a What-if slider from the keyboard rewrites the polite live region with the new result."""
    page = new_page(1280, 720)
    kit.goto(page, "/whatif?persona=novelist", "What-if lab")
    live = page.locator('.cl-live-whatif[role="status"][aria-live="polite"]')
    expect(live).to_have_count(1)
    before = live.text_content()
    slider = page.get_by_role("slider", name="Break (weeks with no posts)")
    slider.focus()
    slider.press("ArrowRight")
    expect(slider).to_have_value("1")
    expect(live).not_to_have_text(before)
    assert "opaque score" in live.text_content().lower()
    kit.wait_idle(page)
    kit.assert_clean(page, "/whatif announce")
