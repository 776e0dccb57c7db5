"""The share price lens in a real browser (issue 17): the price chart on Scores over time, the price in the
What-if lab moving with a break, and the Gaming lab's market round with its lesson."""

from __future__ import annotations

from playwright.sync_api import expect

import e2e_kit as kit


def _titles(page) -> list[str]:
    return [c["title"] for c in kit.charts(page)]


def test_price_on_scores_and_whatif(new_page):
    page = new_page(width=1400)
    kit.goto(page, "/scores?persona=novelist", "Scores over time")
    expect(page.get_by_text("A third lens: an Empire Avenue-style share price")).to_be_visible()
    expect(page.get_by_text("Listed at 10 eaves", exact=False)).to_be_visible()
    kit.wait_idle(page)
    assert "Share price (Empire Avenue-style)" in _titles(page)
    kit.assert_clean(page, "/scores")

    kit.goto(page, "/whatif?persona=novelist&break_weeks=4", "What-if lab")
    expect(page.get_by_text("The share price (Empire Avenue-style)")).to_be_visible()
    expect(page.get_by_text("A break shows as a slow dip", exact=False)).to_be_visible()
    kit.wait_idle(page)
    assert "Share price: baseline and what-if" in _titles(page)
    kit.assert_clean(page, "/whatif")


def test_gaming_lab_market_round(new_page):
    page = new_page(width=1400)
    kit.goto(page, "/gaming", "Gaming lab")
    page.get_by_text("Market round: buy and sell each other's shares").click()
    expect(page.get_by_text("The lesson.", exact=False)).to_be_visible()
    expect(page.get_by_text("None of the three follows the simulated real outcome", exact=False)).to_be_visible()
    kit.wait_idle(page)
    assert "Share prices during the round" in _titles(page)
    kit.assert_clean(page, "/gaming market round")
