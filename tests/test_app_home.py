import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cloutlab.store import demo
from helpers import metric, charts
from cloutlab.present.text import md_escape

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app():
    return AppTest.from_file(APP, default_timeout=60)


def test_home_renders_default_persona():  # render times: bench/timings_bench.py
    at = _app().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["cloutlab"]
    assert at.selectbox(key="dataset_picker").value == "demo:novelist"
    # The week chart is HTML (present/charts_html.py): no Plotly on the page a fresh browser opens first.
    shown = [h.proto.body for h in at.get("html")]
    assert any('class="cl-chart"' in b and "Items per week, by kind" in b and "cl-week" in b for b in shown), shown
    assert not charts(at) and not at.get("plotly_chart")


@pytest.mark.parametrize("name", list(demo.PERSONAS))
def test_home_shows_each_persona_numbers(name):
    at = _app().run()
    at.selectbox(key="dataset_picker").set_value(f"demo:{name}").run()
    assert not at.exception, [e.value for e in at.exception]
    items = sum(demo.build_posts(r).num_rows for r in demo.PERSONAS[name].accounts)
    assert metric(at, "Items posted").value == f"{items:,}"
    assert 1 <= float(metric(at, "Opaque score").value) <= 100  # both scores at a glance
    assert metric(at, "Transparent composite").value
    assert any(md_escape(demo.PERSONAS[name].title) in s.value for s in at.subheader)  # names are shown escaped


def test_shared_link_selects_persona():
    at = _app()
    at.query_params["persona"] = "bot"
    at.run()
    assert not at.exception
    assert at.selectbox(key="dataset_picker").value == "demo:bot"


def test_a_google_plus_and_bluesky_dataset_names_both_on_home(export_fixtures):
    """Home's per-post rates count the export that carries likes and name both networks as people know them
    (it said "googleplus only" and never named Bluesky)."""
    at = _app().run()
    at.switch_page("pages/import.py").run()
    files = [export_fixtures["gplus_html_zip"], export_fixtures["bluesky_car"]]
    at.file_uploader(key="uploads").set_value([(p.name, p.read_bytes(), "application/octet-stream") for p in files]).run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("pages/home.py").run()
    at.selectbox(key="dataset_picker").set_value("import:all").run()
    assert not at.exception, [e.value for e in at.exception]
    said = [c.value for c in at.caption]
    assert "Google+ only: Bluesky carries no likes" in said, said
    assert not any("googleplus" in c for c in said), said


def test_home_asks_for_the_installed_plotly_script_once_drawn():
    """ui/prefetch.py finds Streamlit's Plotly chunk (and the one that mounts ui/plot.py's charts) by name in
    this installation; if a Streamlit upgrade renamed them, Home would silently stop preloading them (issue 23)."""
    from cloutlab.ui import prefetch

    name = prefetch.plotly_script()
    assert name and re.fullmatch(r"PlotlyChart\.[\w-]+\.js", name), name
    scripts = [h.proto.body for h in _app().run().get("html") if "PlotlyChart" in h.proto.body]
    assert len(scripts) == 1 and f'"{name}"' in scripts[0] and "requestIdleCallback" in scripts[0], scripts
    # and the chunk that mounts the app's charts (ui/plot.py)
    bidi = prefetch.script("BidiComponent")
    assert bidi and re.fullmatch(r"BidiComponent\.[\w-]+\.js", bidi) and f'"{bidi}"' in scripts[0], bidi
