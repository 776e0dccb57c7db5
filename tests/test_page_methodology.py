from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import dataframe_with, charts

from cloutlab.present import citations as sources
from cloutlab.scores import ledger, transparent

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "methodology.py")


@pytest.fixture(scope="module")
def page():
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _latex(at) -> list[str]:
    return [e.value.strip("$\n") for e in at.latex]  # st.latex wraps its body in $$ lines


def _text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "latex", "header", "subheader", "title")
             for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def test_every_metric_has_its_section(page):
    labels = [e.label for e in page.expander]
    assert labels == [m.name for m in transparent.METRICS.values() if m.basis == "daily"] + \
        [m.name for m in transparent.METRICS.values() if m.basis == "posts"]
    latex = _latex(page)
    for m in transparent.METRICS.values():
        assert m.formula in latex, m.key
    text = _text(page)
    for m in transparent.METRICS.values():
        assert sources.md_escape(m.gaming) in text and sources.md_escape(m.blind_spot) in text, m.key


def test_points_table_formula_and_curve(page):
    assert len(page.dataframe) == 1
    shown = dataframe_with(page, "action", "points_each").value
    assert list(shown["action"]) == [r.action for r in ledger.POINTS]
    assert ledger.formula() in _latex(page)
    assert charts(page)


def test_opaque_score_limits_and_sources(page):
    headers = [h.value for h in page.header]
    assert headers == ["Transparent metrics", "The transparent composite (Kred-style)", "The opaque score",
                       "The share price (Empire Avenue-style)",  # issue 17: the third lens
                       "What an export can and cannot show", "Sources"]
    text = _text(page)
    assert "inferred" in text and "not documented" in text
    for platform, _ in sources.EXPORT_LIMITS:
        assert sources.md_escape(platform) in text
    assert "impressions" in text
    for src in sources.SOURCES:  # every source listed, with its link
        assert f"({src.url})" in text


def test_reached_from_the_app_navigation():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/methodology.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Methodology"]
    assert [e.label for e in at.expander] == [e.label for e in AppTest.from_file(PAGE).run().expander]
