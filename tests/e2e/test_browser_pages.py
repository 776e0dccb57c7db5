"""Every page in a real browser: it loads, it works, it is clean (no exception box, no console error), its
charts are labelled, and a full-page screenshot lands in test-artifacts/screenshots/.

The generic test reads the page list from app.py, so a page added there (What-if lab, Gaming lab) is loaded,
checked and photographed with no change here; its own behaviour goes in test_browser_<page>.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import e2e_kit as kit
from cloutlab.store.demo import PERSONAS


PAGES = kit.registered_pages()


@pytest.mark.parametrize("info", PAGES, ids=[p.file for p in PAGES])
def test_every_page_loads_clean_with_accessible_charts(page, info):
    """Deep link to each registered page: a title, the sidebar (nav + dataset picker), no exception box,
    no console error; every chart titled on both axes and coloured from the Okabe-Ito palette; a
    full-page screenshot."""
    kit.goto(page, info.path)
    expect(page.locator("h1").first).to_be_visible()
    nav = page.get_by_test_id("stSidebarNav")
    for other in PAGES:
        expect(nav.get_by_role("link", name=other.title, exact=True)).to_be_visible()
    expect(kit.sidebar_picker(page)).to_be_visible()
    kit.screenshot(page, f"page-{info.file}")  # before the checks: a failing page gets one too
    kit.assert_charts_accessible(page, info.path)
    kit.assert_clean(page, info.path)


def test_home_draws_its_chart_before_plotly_loads_then_loads_it_for_the_next_page(new_page):
    """Issue 23: a fresh browser's first chart waits for no 4.7 MB Plotly script (Home's chart is HTML); Home
    then loads that script (ui/prefetch.py), and the next page's Plotly charts draw from it."""
    page = new_page(fresh=True)
    page.add_init_script("""new MutationObserver((_, obs) => {
        if (document.querySelector('figure.cl-chart .cl-week')) {
            window.__plotlyAtChart = performance.getEntriesByType('resource').some(r => r.name.includes('/PlotlyChart.'));
            obs.disconnect();
        } }).observe(document, {subtree: true, childList: true})""")
    kit.goto(page, "/", "cloutlab")
    expect(page.locator("figure.cl-chart")).to_be_visible()
    assert page.evaluate("window.__plotlyAtChart") is False  # drawn before Plotly's script was even asked for
    page.wait_for_function("() => window.__clPlotly === 'loaded'")
    kit.nav_to(page, "Scores over time")
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(4)
    kit.wait_drawn(page)
    fetched = page.evaluate("performance.getEntriesByType('resource').filter(r => r.name.includes('/PlotlyChart.')).length")
    assert fetched == 1, fetched  # the script Home loaded is the one the charts use, not a second copy
    kit.assert_charts_accessible(page, "/scores after Home")
    kit.assert_clean(page, "home then scores")


def test_sidebar_navigation_keeps_the_session(page):
    """Clicking through every page from the sidebar keeps the dataset chosen on Home (one session)."""
    kit.goto(page, "/", "cloutlab")
    label = f"Demo: {PERSONAS['broadcaster'].title}"
    kit.pick_dataset(page, label)
    expect(page.get_by_role("heading", name=label)).to_be_visible()
    kit.wait_idle(page)
    for info in PAGES:
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=info.title, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(info.path.rstrip("/")) + r"(\?|$)" if info.path != "/" else r"/(\?|$)"))
        expect(page.locator("h1").first).to_be_visible()
        kit.wait_idle(page)
        assert kit.picker_value(page) == label, info.path
        kit.assert_clean(page, info.path)


def test_home_every_persona(page):
    """Home: a shared link ?persona=NAME opens that persona; picking each persona in the sidebar then changes
    the heading, the numbers and the link."""
    kit.goto(page, "/?persona=veteran_2011", "cloutlab")
    assert kit.picker_value(page) == f"Demo: {PERSONAS['veteran_2011'].title}"
    seen: dict[str, dict] = {}
    for name, persona in PERSONAS.items():
        label = f"Demo: {persona.title}"
        if kit.picker_value(page) != label:  # the link's persona is already shown
            kit.pick_dataset(page, label)
            expect(page).to_have_url(re.compile(rf"[?&]persona={name}\b"))  # the view is shareable
        expect(page.get_by_role("heading", name=label, exact=True)).to_be_visible()
        kit.wait_idle(page)
        numbers = kit.metrics(page)
        assert numbers["Items posted"] and numbers["Opaque score (Klout-like, 1-100)"], numbers
        assert numbers not in seen.values(), f"{name} shows the same numbers as another persona: {numbers}"
        seen[name] = numbers
        expect(page.locator("figure.cl-chart")).to_be_visible()  # Home's chart is HTML (present/charts_html.py)
        found = kit.assert_charts_accessible(page, f"home/{name}")
        assert [c["title"] for c in found] == ["Items per week, by kind"] and found[0]["traces"], found
        assert found[0]["label"].startswith("Items per week, by kind: ") and " weeks from " in found[0]["label"], found
        kit.screenshot(page, f"home-{name}")
    kit.assert_clean(page, "home")
    # The bot posts far more than the novelist; the celebrity scores far above the bot.
    items = {n: int(v["Items posted"].replace(",", "")) for n, v in seen.items()}
    opaque = {n: float(v["Opaque score (Klout-like, 1-100)"]) for n, v in seen.items()}
    assert items["bot"] > 10 * items["novelist"], items
    assert opaque["celebrity"] > opaque["bot"], opaque


def test_scores_page(page):
    """Scores over time: both score charts, the share price (issue 17) and the metric chart are drawn and
    labelled, the ledger lists points with their posts, the metrics table is there; picking another metric
    redraws its chart."""
    kit.goto(page, "/scores", "Scores over time")
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(4)
    titles = [c["title"] for c in kit.assert_charts_accessible(page, "/scores")]
    assert titles[:3] == ["Opaque score", "Transparent composite", "Share price (Empire Avenue-style)"], titles
    assert titles[3].endswith("(28-day window)"), titles
    for chart in page.get_by_test_id("stPlotlyChart").all():
        box = chart.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 250, box  # drawn, not collapsed
    ledger = kit.table_rows(page, 0)
    assert ledger[0][:7] == ["day", "side", "action", "count", "points_each", "points", "text"], ledger[0]
    assert len(ledger) > 5 and all(r[6] for r in ledger[1:]), "ledger rows without the post's text"
    assert kit.table_rows(page, 1)[0][:2] == ["metric", "value"]

    pick = page.get_by_role("combobox", name="Plot a metric over time")
    pick.click()
    page.keyboard.type("Consist")  # the option list is virtualised: filter it first
    page.get_by_role("option", name="Consistency", exact=True).click()
    expect(page.locator(".gtitle", has_text="Consistency (28-day window)")).to_be_visible()
    kit.wait_idle(page)
    kit.assert_clean(page, "/scores")


def test_methodology_shows_formulas(page):
    """Methodology: every metric has an expander with its formula typeset (KaTeX), the composite's formula,
    the points table, the curve chart and the sources table."""
    kit.goto(page, "/methodology", "Methodology")
    for h in ("Transparent metrics", "The transparent composite (Kred-style)", "The opaque score", "Sources"):
        expect(page.get_by_role("heading", name=h, exact=True)).to_be_visible()
    expanders = page.get_by_test_id("stExpander")
    n = expanders.count()
    assert n >= 8, n
    first = expanders.first
    first.locator("summary").click()
    expect(first.locator(".katex").first).to_be_visible()
    # One typeset formula per metric, plus the composite's.
    assert page.locator('[data-testid="stMain"] .katex').count() >= n + 1
    expect(page.locator(".katex-html").filter(has_text="=").first).to_be_attached()
    points = kit.table_rows(page, 0)
    assert points[0][:3] == ["action", "side", "points_each"], points[0]
    assert any(r[0] == "reply received" for r in points[1:])
    assert [c["title"] for c in kit.assert_charts_accessible(page, "/methodology")] == ["The composite's published curve"]
    kit.screenshot(page, "methodology-expanded")
    kit.assert_clean(page, "/methodology")


def test_import_shows_summary_and_feeds_the_picker(new_page, export_fixtures):
    """Import: three real-format exports (X zip, Mastodon zip, Bluesky CAR) in one go; the log lists each
    with its counts, the sidebar offers each account and the combined one, and the pages show the import."""
    page = new_page(width=2400)  # the grid only mirrors the columns in view: make room for all of them
    kit.goto(page, "/", "cloutlab")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import your export")).to_be_visible()
    expect(page.get_by_text("Nothing imported yet")).to_be_visible()
    kit.wait_idle(page)
    files = [export_fixtures[k] for k in ("x_zip", "mastodon_zip", "bluesky_car")]
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Imported in this session")).to_be_visible()
    kit.wait_idle(page)
    rows = kit.table_rows(page, 0)
    header, body = rows[0], rows[1:]
    assert "followers" in header, header
    got = {r[header.index("platform")]: r for r in body}
    assert [r[0] for r in body] == [f.name for f in files]
    assert set(got) == {"x", "mastodon", "bluesky"}
    assert got["x"][header.index("account")] == "ada_lovelace" and got["x"][header.index("items")] == "10"
    assert got["mastodon"][header.index("followers")] == "not in this export"
    expect(page.get_by_test_id("stAlertContentWarning").first).to_be_visible()  # e.g. DMs never opened
    kit.screenshot(page, "import-after-upload")

    options = kit.picker_options(page)
    assert options[:4] == ["Imported: all my accounts together", "Imported: did:plc:abcdefghijklmnopqrstuvwx (bluesky)",
                           "Imported: grace@mastodon.example (mastodon)", "Imported: ada_lovelace (x)"], options
    assert kit.picker_value(page).startswith("Imported: ")  # the last import is selected
    kit.pick_dataset(page, "Imported: ada_lovelace (x)")
    expect(kit.sidebar_picker(page)).to_have_value("Imported: ada_lovelace (x)")
    kit.wait_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("heading", name="Imported: ada_lovelace (x)")).to_be_visible()
    kit.wait_idle(page)
    assert kit.metrics(page)["Items posted"] == "10"
    kit.screenshot(page, "home-imported-x")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Scores over time", exact=True).click()
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text="Imported: ada_lovelace (x)")).to_be_visible()
    kit.wait_idle(page)
    kit.assert_charts_accessible(page, "/scores imported")
    kit.screenshot(page, "scores-imported-x")
    kit.assert_clean(page, "import")
