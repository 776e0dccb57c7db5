"""Presenter mode and the classroom link in a 1280x720 projector window (issue 15): a slider, the three
deltas and both score charts in view at once; a one-week break zoomed into a cliff (at least a fifth of the
chart's width and height); a Play button that animates the scenario; Copy link showing the very URL; and a
Gaming lab link that restores its class in a fresh session."""

from __future__ import annotations

from datetime import datetime, timezone

from playwright.sync_api import expect

import e2e_kit as kit


PRESENT = "/whatif?persona=novelist&break_weeks=1&present=1"
CHART = '[class*="st-key-wi_present_{}"] .js-plotly-plot'


def _inside(page, locator, what):
    box = locator.bounding_box()
    assert box is not None, f"{what} is not drawn"
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= vw + 1 and box["y"] + box["height"] <= vh + 1, \
        f"{what} is outside the {vw}x{vh} viewport: {box}"


def _open(new_page, path=PRESENT):
    page = new_page(1280, 720)
    kit.goto(page, path, "What-if lab")
    expect(page.locator(CHART.format("opaque"))).to_be_visible()
    expect(page.locator(CHART.format("composite"))).to_be_visible()
    kit.wait_idle(page)
    return page


def test_slider_deltas_and_both_charts_fit_a_projector(new_page):
    page = _open(new_page)
    expect(page.get_by_label("Presenter mode", exact=True)).to_be_checked()
    _inside(page, page.get_by_role("slider", name="Posting frequency (x your real rate)"), "the frequency slider")
    _inside(page, page.get_by_role("slider", name="Break (weeks with no posts)"), "the break slider")
    for name in ("opaque", "composite"):
        _inside(page, page.locator(CHART.format(name)), f"the {name} chart")
    metrics = page.get_by_test_id("stMetric")
    expect(metrics).to_have_count(3)
    for i in range(3):
        _inside(page, metrics.nth(i), f"delta {i + 1}")
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
    page.screenshot(path=str(kit.ARTIFACTS / "presenter-1280x720.png"))
    kit.assert_charts_accessible(page, "presenter mode")
    kit.assert_clean(page, "presenter mode")


CLIFF_JS = """(sel) => {
    const g = document.querySelector(sel), L = g._fullLayout, s = L._size;
    // The points as drawn (calcdata: the lines give their days as a first day and a step, x0 and dx).
    const points = n => g.calcdata.find(c => c[0].trace.name === n);
    const b = points('baseline'), w = points('what-if');
    const xs = w.map(p => L.xaxis.l2p(p.x)), diff = w.map((p, i) => Math.abs(p.y - b[i].y));
    const moved = diff.map((d, i) => d > 0.005 ? i : -1).filter(i => i >= 0);
    const x0 = Math.max(0, xs[moved[0] - 1] ?? 0), x1 = Math.min(s.w, xs[xs.length - 1]);
    const k = diff.indexOf(Math.max(...diff));
    const dy = Math.abs(L.yaxis.l2p(w[k].y) - L.yaxis.l2p(b[k].y));
    return {width: (x1 - x0) / s.w, height: dy / s.h, range: L.xaxis.range};
}"""


def test_a_one_week_break_reads_as_a_cliff_when_zoomed(new_page):
    page = _open(new_page)
    cliff = page.evaluate(CLIFF_JS, CHART.format("opaque"))
    assert cliff["width"] >= 0.2 and cliff["height"] >= 0.2, cliff
    # The whole history is one switch away.
    page.get_by_text("Zoom to the change", exact=True).click()  # the switch's label (its input is hidden)
    page.wait_for_function("""(sel) => { const g = document.querySelector(sel);
        return g && g._fullLayout.xaxis.range[0] < '2025-06-01'; }""", arg=CHART.format("opaque"))
    kit.wait_idle(page)
    whole = page.evaluate(CLIFF_JS, CHART.format("opaque"))
    assert whole["width"] < cliff["width"], (whole, cliff)
    kit.assert_clean(page, "zoom off")


LINES_JS = """(sel) => { const g = document.querySelector(sel);
    const line = n => g.calcdata.find(c => c[0].trace.name === n).map(p => [p.x, p.y]);
    return {what: line('what-if'), base: line('baseline'), title: g.querySelector('.gtitle').textContent}; }"""


def test_play_animates_the_scenario_day_by_day(new_page):
    page = _open(new_page)
    sel = CHART.format("opaque")
    before = page.locator(sel + " .gtitle").text_content()
    static = page.evaluate(LINES_JS, sel)
    page.locator(sel + " .updatemenu-button").first.click()
    page.wait_for_function("""([sel, t]) => { const e = document.querySelector(sel + ' .gtitle');
        return e && e.textContent !== t && /opaque \\d/.test(e.textContent); }""", arg=[sel, before])
    # The frames carry only the what-if line so far (issue 23: lighter frames): it grows, the baseline stays.
    page.wait_for_function("""(sel) => { const g = document.querySelector(sel);
        const n = t => g.calcdata.find(c => c[0].trace.name === t).length;
        return n('what-if') < n('baseline'); }""", arg=sel)
    page.screenshot(path=str(kit.ARTIFACTS / "presenter-during-play.png"))
    last = f"{datetime.fromtimestamp(static['what'][-1][0] / 1000, timezone.utc):%d %b %Y}: opaque"
    page.wait_for_function("""([sel, t]) => document.querySelector(sel + ' .gtitle').textContent.startsWith(t)""",
                           arg=[sel, last])  # the last frame's title: Play has ended
    played = page.evaluate(LINES_JS, sel)
    # After Play the chart is the static one again, point for point (the last frame is the whole line).
    assert played["what"] == static["what"] and played["base"] == static["base"]
    page.screenshot(path=str(kit.ARTIFACTS / "presenter-after-play.png"))
    kit.assert_clean(page, "play")


def test_copy_link_shows_the_url_of_this_view(new_page):
    page = _open(new_page)
    button = page.get_by_role("button", name="Copy link to this view")
    _inside(page, button, "Copy link")
    link = page.get_by_role("textbox", name="Link to this view").input_value()
    assert "present=1" in link and "break_weeks=1" in link and "persona=novelist" in link, link
    other = new_page(1280, 720)
    kit.goto(other, "/" + link.split("/", 3)[3], "What-if lab")  # the same path and query, on the test server
    expect(other.get_by_label("Presenter mode", exact=True)).to_be_checked()
    kit.assert_clean(page, "copy link")


def test_a_gaming_lab_link_restores_its_class(new_page):
    page = new_page(1280, 720)
    kit.goto(page, "/gaming", "Gaming lab")
    kit.wait_idle(page)
    # Change one student's strategy; the address bar and the Copy link box follow.

    def bot(pg):
        return pg.get_by_test_id("stSelectbox").filter(has_text="assimilator").get_by_role("combobox")

    box = bot(page)
    box.click()
    page.get_by_role("option", name="Buy 10,000 followers", exact=True).click()
    page.wait_for_function("() => location.search.includes('bot.buy_followers')")
    kit.wait_idle(page)
    link = page.get_by_role("textbox", name="Link to this class").input_value()
    assert "class=" in link and "bot.buy_followers" in link, link
    fresh = new_page(1280, 720)
    kit.goto(fresh, "/" + link.split("/", 3)[3], "Gaming lab")
    kit.wait_idle(fresh)
    expect(bot(fresh)).to_have_value("Buy 10,000 followers")
    chips = fresh.get_by_test_id("stMultiSelect").first.locator('[data-baseweb="tag"]').all_inner_texts()
    wanted = page.get_by_test_id("stMultiSelect").first.locator('[data-baseweb="tag"]').all_inner_texts()
    assert chips == wanted, (chips, wanted)
    kit.assert_clean(fresh, "gaming link")
