"""The app's own Plotly chart (ui/plot.py, issue 23): drawn in place, themed on the server as Streamlit's
frontend would theme it. What the browser makes of it is checked in tests/e2e/test_browser_plot.py."""

from __future__ import annotations

import json
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import streamlit  # noqa: F401 - Streamlit sets its own plotly template as the default, as in the app
from streamlit.testing.v1 import AppTest

from cloutlab.present import charts, plotly_theme
from cloutlab.ui.plot import NAME, figure_of

PLACEHOLDER = re.compile(r"^#0000[0-9]{2}$")


def _paths(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))
    else:
        yield path, value


def _streamlit_template() -> dict:
    return go.Figure(layout=dict(template=pio.templates["streamlit"])).to_dict()["layout"]["template"]


@pytest.mark.parametrize("theme", ["streamlit", None])
def test_each_template_is_streamlit_s_with_its_placeholders_filled(theme):
    """Every value of plotly's "streamlit" template is kept, except its placeholder colours (#000001 ...),
    each of which is a real colour now; the Streamlit theme also adds its layout (fonts, axes, legend)."""
    ours = dict(_paths(plotly_theme.TEMPLATES[theme]))
    theirs = dict(_paths(_streamlit_template()))
    assert not [v for v in ours.values() if isinstance(v, str) and PLACEHOLDER.match(v)]
    filled = [p for p, v in theirs.items() if isinstance(v, str) and PLACEHOLDER.match(v)]
    colour = re.compile(r"#[0-9a-fA-F]{6}|rgba\([\d., ]+\)|white")
    assert filled and [p for p in filled if not (p in ours and colour.fullmatch(ours[p]))] == []
    kept = {p: v for p, v in theirs.items() if p not in filled}
    assert kept and all(ours.get(p) == v for p, v in kept.items())
    if theme == "streamlit":  # the theme's fonts, as the app's text (Source Sans)
        assert "Source Sans" in plotly_theme.LIGHT["layout"]["font"]["family"]


def _app():
    def script():
        import pandas as pd
        import streamlit as st

        from cloutlab.present import charts
        from cloutlab.ui.plot import chart

        line = pd.Series([1.0, 2.0, 4.0], index=pd.date_range("2024-01-01", periods=3))
        left, _ = st.columns(2)
        chart(left, charts.score_lines_spec({"a": line * st.session_state.get("k", 1)}, "Dict <i>t</i>", "y"), "d")
        chart(st, charts.score_lines({"a": line}, "Figure", "y"), "f", config={"displayModeBar": False},
              theme=None)

    return AppTest.from_function(script, default_timeout=30)


def test_a_chart_sends_its_figure_themed_with_its_config():
    at = _app().run()
    assert not at.exception
    elements = [e for e in at.get("bidi_component") if e.proto.component_name == NAME]
    assert len(elements) == 2
    first, second = (figure_of(e.proto) for e in elements)
    assert first["layout"]["title"]["text"] == "Dict &lt;i&gt;t&lt;/i&gt;"  # escaped by charts, not by the chart
    assert first["layout"]["template"] == json.loads(json.dumps(plotly_theme.LIGHT)) and first["bold"] is True
    # No "Share chart" (it would send the data to Plotly's cloud), no logo, no select tools: as st.plotly_chart.
    assert first["config"] == {"displaylogo": False, "showSendToCloud": False,
                               "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
    assert second["layout"]["template"] == json.loads(json.dumps(plotly_theme.PLAIN)) and second["bold"] is False
    assert second["config"] == {**first["config"], "displayModeBar": False}
    assert [t["name"] for t in second["data"]] == ["a"]


def test_a_chart_keeps_its_element_when_its_figure_changes():
    """The element's id comes from its key alone, so the browser keeps the chart and redraws it in place."""
    at = _app().run()
    before = [e.proto.id for e in at.get("bidi_component")]
    data = figure_of(at.get("bidi_component")[0].proto)["data"]
    at.session_state["k"] = 3
    at.run()
    assert [e.proto.id for e in at.get("bidi_component")] == before
    assert figure_of(at.get("bidi_component")[0].proto)["data"] != data


def test_figure_of_reads_only_charts():
    assert figure_of(object()) is None
    spec = charts.score_lines_spec({"a": pd.Series([1.0], index=pd.date_range("2024-01-01", periods=1))}, "t", "y")

    class Plotly:  # st.plotly_chart's proto, as the fallback sends it
        pass

    Plotly.spec = pio.to_json(spec, validate=False)

    assert figure_of(Plotly())["layout"]["title"]["text"] == "t"
