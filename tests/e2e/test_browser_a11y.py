"""Accessibility basics beyond the per-page chart checks in test_browser_pages.py (titles, axis titles and the
Okabe-Ito palette on every chart of every page): sliders work from the keyboard and the page reacts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import e2e_kit as kit

pytestmark = pytest.mark.e2e


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
