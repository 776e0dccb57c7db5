import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cloutlab.store import demo
from helpers import metric, charts

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(page: str, dataset: str | None = None) -> AppTest:
    """Run the app, pick `dataset`, then switch to `page` (AppTest drops the entrypoint's sidebar after a
    page switch, so the dataset is set through session state, as the sidebar widget would)."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    if dataset:
        at.session_state["dataset"] = dataset
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str):
    """The first st.dataframe on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.parametrize("name", list(demo.PERSONAS))
def test_scores_page_shows_both_scores_for_every_persona(name):
    at = open_page("pages/scores.py", f"demo:{name}")
    opaque, composite = (metric(at, label).value for label in ("Opaque score", "Transparent composite"))
    assert 1 <= float(opaque) <= 100 and 1 <= float(composite.replace(",", "")) <= 1000
    assert len(charts(at)) >= 3
    table = table_with(at, "metric")
    assert len(table) >= 10 and "Applause rate" in set(table["metric"])
    # issue 21: True Reach as a number of people beside the subscore
    said = next(m.value for m in at.markdown if m.value.startswith("**Subscores:**"))
    assert re.search(r"True Reach \d+\.\d \(about [\d,]+ people\), Amplification", said), said


def test_window_slider_changes_the_metrics():
    at = open_page("pages/scores.py", "demo:novelist")
    before = table_with(at, "metric")["value"].tolist()
    at.slider(key="window_days").set_value(90).run()
    assert not at.exception
    assert table_with(at, "metric")["value"].tolist() != before


def test_metrics_not_in_export_say_so():
    at = open_page("pages/scores.py", "demo:celebrity")
    at.selectbox(key="scores_metric_pick").set_value("conversation_rate").run()
    assert not at.exception
    # the celebrity's X export has reply counts; its Bluesky account does not, and the metric still works
    assert charts(at)


def test_ledger_adds_up_to_the_composite_input():
    from cloutlab import store
    from cloutlab.scores import inputs, ledger

    at = open_page("pages/scores.py", "demo:novelist")
    table = table_with(at, "points_each")
    con = store.connect()
    keys = demo.load_persona(con, "novelist")
    inp = inputs.from_store(con, keys)
    received = table.loc[table["side"] == "received", "points"].sum()
    assert received == ledger.window_points(inp).iloc[-1]
    assert table["text"].notna().all()


def test_a_change_that_rounds_to_nothing_gets_no_arrow_and_no_colour():
    """'+0.00 in 7 days' was drawn with a green up arrow: the score looked as if it rose."""
    from cloutlab.ui.page import metric

    class Col:
        def metric(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs

    for change, still in (("+0.00 in 7 days", True), ("-0.00", True), ("+0", True), ("+0.01 in 7 days", False),
                          ("-1,234.50", False), (None, False)):
        col = Col()
        metric(col, "Opaque score", "20.32", change)
        assert (col.kwargs["delta_arrow"], col.kwargs["delta_color"]) == (("off", "off") if still else ("auto", "normal")), change
