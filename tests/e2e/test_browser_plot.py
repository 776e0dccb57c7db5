"""The app's own Plotly chart in a real browser (ui/plot.py, issue 23): it looks as st.plotly_chart drew it,
and a slider move redraws each chart in place (the same element, no purge) instead of building it again."""

import json

from playwright.sync_api import expect

import e2e_kit as kit
from cloutlab.present import plotly_theme

# A page drawn with Streamlit's own chart, once with each theme the app uses.
SCRIPT = f"""
import sys
sys.path.insert(0, {str(kit.ROOT / "src")!r})
import pandas as pd
import streamlit as st
from cloutlab.present import charts

line = pd.Series([1.0, 3.0, 2.0], index=pd.date_range("2024-01-01", periods=3))
spec = charts.score_lines_spec({{"a": line}}, "Streamlit's chart", "y")
st.plotly_chart(spec, key="light")
st.plotly_chart(spec, key="plain", theme=None)
"""

TRACES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(g => {
    const t = (g._fullData || []).find(t => t.name === 'what-if');
    return {kept: g.__kept || 0, label: g.parentElement.getAttribute('aria-label'),
            title: (g.querySelector('.gtitle') || {}).textContent, y: t ? Array.from(t.y).slice(-40).join(',') : ''};
})"""


def test_its_templates_are_what_the_installed_streamlit_draws(browser, tmp_path):
    """present/plotly_theme.py holds the templates Streamlit's frontend makes; an upgrade that changes them
    fails here, not silently on screen."""
    script = (tmp_path / "chart_page").with_suffix(".py")  # a page of its own, not one of the app's
    script.write_text(SCRIPT)
    with kit.streamlit_server("plot-theme.log", script=script) as url:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = kit.watch(ctx.new_page(), url)
            page.goto(url + "/")
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2")
            kit.wait_idle(page)
            drawn = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(g => g.layout.template)")
        finally:
            ctx.close()
    assert drawn[0] == json.loads(json.dumps(plotly_theme.LIGHT))
    assert drawn[1] == json.loads(json.dumps(plotly_theme.PLAIN))


def test_a_slider_move_redraws_every_chart_in_place(new_page):
    page = new_page()
    kit.goto(page, "/whatif?persona=novelist", "What-if lab")
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(4)
    kit.wait_drawn(page)
    page.evaluate("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .js-plotly-plot')"
                  ".forEach((g, i) => { g.__kept = i + 1; })")
    before = page.evaluate(TRACES_JS)
    assert len(before) == 4 and [c["kept"] for c in before] == [1, 2, 3, 4]
    # Each chart is named by its title, for screen readers (role=figure).
    assert all(c["label"] and c["label"] == c["title"] for c in before), before

    slider = page.get_by_role("slider", name="Posting frequency (x your real rate)")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function("([before]) => { const now = (%s)(); return now[0].y !== before[0].y; }" % TRACES_JS,
                           arg=[before])
    kit.settle(page)
    after = page.evaluate(TRACES_JS)
    assert [c["kept"] for c in after] == [1, 2, 3, 4]  # the same four elements, redrawn
    assert after[0]["y"] != before[0]["y"] and after[1]["y"] != before[1]["y"]
    kit.assert_charts_accessible(page, "/whatif after a move")
    # Its tools are st.plotly_chart's: nothing that sends the data away ("Share chart"), no select tools.
    page.locator('[data-testid="stPlotlyChart"]').first.hover()
    tools = page.locator('[data-testid="stPlotlyChart"] .modebar-btn')
    expect(tools.first).to_be_attached()
    names = tools.evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
    assert "Reset axes" in names and not {"Share chart...", "Box Select", "Lasso Select"} & set(names), names
    kit.assert_clean(page, "what-if move")

    # A narrower window: each chart follows its column's width.
    width = page.locator('[data-testid="stPlotlyChart"] .main-svg').first.bounding_box()["width"]
    page.set_viewport_size({"width": 900, "height": 720})
    expect(page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first).to_have_js_property("__kept", 1)
    page.wait_for_function("([w]) => { const s = document.querySelector('[data-testid=\"stPlotlyChart\"] .main-svg');"
                           " return s && s.getBoundingClientRect().width < w - 50; }", arg=[width], polling=kit.POLL_MS)
