"""The What-if lab's charts go to Streamlit as plotly's dict, built without a Figure (issue 23: a Figure's
template copies were a quarter of a slider move's CPU). The dict must be exactly what the Figure's to_dict()
gives, for every chart the lab draws, events or none, zoomed or not, with markup in a name."""

import pandas as pd
import plotly.io as pio
import pytest
import streamlit  # noqa: F401 - Streamlit sets its own plotly template as the default, as in the app

from cloutlab import activity, market, store, whatif
from cloutlab.present import charts, comparison, events, plotly_theme
from cloutlab.scores import inputs
from cloutlab.store import demo
from cloutlab.whatif import compare


def _comparisons():
    con = store.connect()
    keys = demo.load_persona(con, "novelist")
    base = inputs.from_store(con, keys, seed="demo:novelist")
    prep = whatif.prepare(activity.posts_table(con, keys), baseline=base.daily)
    for s in (whatif.Scenario(frequency=2.0), whatif.Scenario(break_weeks=4, bought_followers=1000, unlink="mastodon"),
              whatif.Scenario(ring_size=30, ring_reactions=30, audience_away=2)):
        what = whatif.simulate(prep, base.followers, s, base.seed)
        yield compare.compare(base, what), events.events(what)


@pytest.mark.parametrize("zoom", [None, ("2025-01-01", "2025-06-01")])
def test_a_chart_s_dict_is_its_figure_s(zoom):
    assert pio.templates.default == "streamlit"
    for c, marks in _comparisons():
        for name in ("opaque", "composite", *compare.HEADLINE_METRICS):
            for m in (marks, ()):
                fast, slow = comparison.spec(c, name, m, x_range=zoom), comparison.figure(c, name, m, x_range=zoom).to_dict()
                assert fast == slow  # every key and value (plotly.js reads keys, in any order)
        lines = {"baseline <b>": market.price_path(c.baseline)["price"], "what-if": market.price_path(c.what_if)["price"]}
        assert charts.score_lines_spec(lines, "Price <i>", "Eaves", marks, dashed=("baseline <b>",)) == \
            charts.score_lines(lines, "Price <i>", "Eaves", marks, dashed=("baseline <b>",)).to_dict()


def test_an_empty_series_and_no_lines_too():
    import json

    empty = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)  # arrays stay arrays: compared as sent
    for lines in ({"a": empty}, {}):
        assert json.loads(pio.to_json(charts.score_lines_spec(lines, "t", "y"), validate=False)) == \
            json.loads(pio.to_json(charts.score_lines(lines, "t", "y").to_dict(), validate=False))


def test_the_chart_sends_the_dict_as_it_is():
    """ui/plot.py: the themed figure shares the spec's traces (no copy per rerun), only its template differs."""
    spec = charts.score_lines_spec({"a": pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01", periods=2))}, "t", "y")
    drawn = plotly_theme.themed(spec)
    assert drawn["data"] is spec["data"]
    assert {k: v for k, v in drawn["layout"].items() if k != "template"} == \
        {k: v for k, v in spec["layout"].items() if k != "template"}


@pytest.mark.parametrize("zoom", [True, False])
def test_a_presenter_chart_s_dict_is_its_animated_figure_s(zoom):
    """Presenter mode's charts (ui.presenter.chart_spec): the big figure with its Play frames, as the JSON
    st.plotly_chart sends, equal to that of the Figure built and animated by plotly (their arrays are
    numpy in both dicts, so the JSON is what is compared)."""
    import json

    from cloutlab.present import presenter as presenting
    from cloutlab.scores.windows import SCORE_DAYS
    from cloutlab.ui import presenter

    for c, marks in _comparisons():
        window = presenting.changed_window(c.opaque_base["score"], c.opaque_what["score"]) if zoom else None
        for name in ("opaque", "composite"):
            for m in (marks, ()):
                lines, top = comparison.lines(c, name), comparison.SCORES[name][-1]
                y = presenting.fitted_range(list(lines.values()), window, 1, top) if window else [0, top]
                fig = comparison.figure(c, name, m, y_range=y, x_range=window, big=True, height=390)
                what = lines["what-if"]
                said = presenter._said_per_day(c) if name == "opaque" else pd.Series(dtype=str)
                presenting.animate(fig, "what-if", what, said,
                                   window or (what.index[max(-SCORE_DAYS, -len(what))], what.index[-1]))
                fast = presenter.chart_spec(c, name, window, m)
                assert len(fast["frames"]) > 1
                assert json.loads(pio.to_json(fast, validate=False)) == json.loads(pio.to_json(fig.to_dict(), validate=False))


def _array(v):
    """A frame's or trace's values as numpy: a typed array ({"dtype", "bdata"}) decoded, a list as it is."""
    import base64

    import numpy as np

    if isinstance(v, dict):
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]).newbyteorder("<"))
    return np.asarray(v)


def _days(trace) -> pd.DatetimeIndex:
    """A trace's days: its x, or its first day and step (x0, dx in milliseconds)."""
    if "x" in trace:
        return pd.DatetimeIndex(trace["x"])
    return pd.date_range(trace["x0"], periods=len(_array(trace["y"])), freq=pd.Timedelta(milliseconds=trace["dx"]))


@pytest.mark.parametrize("zoom", [True, False])
def test_presenter_frames_carry_only_what_changes(zoom):
    """Issue 23, lighter figures: the static lines give their days as a first day and a step (no date per
    point); the Play frames update the what-if trace alone (the baseline and the layout are not repeated, a
    title apart), each with no more of the line than the chart can show; played to the end, the chart is
    the static one again, point for point; and a chart message stays well under the 420-570 kB that
    frames carrying the whole line so far (x and y) cost."""
    import json

    import numpy as np

    from cloutlab.present import presenter as presenting
    from cloutlab.ui import presenter

    cut = 0  # frames that left out the days before a zoomed axis
    for c, marks in _comparisons():
        window = presenting.changed_window(c.opaque_base["score"], c.opaque_what["score"]) if zoom else None
        for name in ("opaque", "composite"):
            spec = json.loads(pio.to_json(presenter.chart_spec(c, name, window, marks), validate=False))
            lines = comparison.lines(c, name)
            what = lines["what-if"]
            idx = [t.get("name") for t in spec["data"]].index("what-if")
            static = spec["data"][idx]
            for line, trace in ((lines[t["name"]], t) for t in spec["data"] if t["name"] in lines):
                assert "x" not in trace and trace["dx"] == 86_400_000  # every day, none thinned out
                assert (_days(trace) == line.index).all()
                assert np.array_equal(_array(trace["y"]), line.to_numpy(float), equal_nan=True)
            days = _days(static)
            axis_start = pd.Timestamp(spec["layout"]["xaxis"]["range"][0])
            frames = spec["frames"]
            assert len(frames) > 1
            for f in frames:
                assert f["traces"] == [idx] and len(f["data"]) == 1  # the what-if line only: no baseline
                assert set(f["layout"]) == {"title"}  # no layout but the frame's title
                data = f["data"][0]
                assert set(data) <= {"type", "x0", "y"}  # no date per point
                n = what.index.get_loc(pd.Timestamp(f["name"])) + 1
                lo = days.get_loc(pd.Timestamp(data["x0"]))
                y = _array(data["y"])
                assert len(y) == n - lo  # plotly draws as many days as y has, from x0
                if f is frames[-1]:  # the whole line, exactly the static one's
                    assert lo == 0 and n == len(what) and y.dtype == np.float64
                    assert np.array_equal(y, what.to_numpy(float), equal_nan=True)
                    continue
                # Only what the axis shows: from the last day before its start (the line enters at the edge).
                assert days[lo] < axis_start <= days[lo + 1] if lo else days[0] >= axis_start - pd.Timedelta(days=1)
                cut += lo > 0
                np.testing.assert_allclose(y, what.to_numpy(float)[lo:n], rtol=1e-6)  # float32: far below a pixel
            assert len(pio.to_json(spec, validate=False)) < 160_000
    assert (cut > 0) == zoom  # zoomed to a late change, frames start at the axis; unzoomed, at the first day


def test_frames_of_a_line_with_dates_per_point():
    """A what-if line whose days are not every day (so its trace has x): the frames carry no x (the trace
    keeps its days) or, zoomed, only the days the axis shows, with their x; the last one the whole line."""
    import numpy as np
    import plotly.graph_objects as go

    from cloutlab.present import presenter as presenting

    days = pd.date_range("2024-01-01", periods=400, freq="D").delete([50])  # one day missing
    what = pd.Series(np.linspace(10, 60, len(days)), index=days)
    for x_range, with_x in ((None, False), ((days[-30], days[-1]), True)):
        fig = go.Figure([go.Scatter(x=days, y=what + 1, name="baseline"), go.Scatter(x=days, y=what, name="what-if")])
        fig.update_layout(xaxis=dict(range=list(x_range or (days[0], days[-1]))))
        presenting.animate(fig, "what-if", what, pd.Series(dtype=str), x_range or (days[-40], days[-1]))
        assert all(f.traces == (1,) and len(f.data) == 1 for f in fig.frames)
        for f in fig.frames[:-1]:
            n = days.get_loc(pd.Timestamp(f.name)) + 1
            assert (f.data[0].x is not None) == with_x
            lo = n - len(f.data[0].x) if with_x else 0
            assert len(f.data[0].y) == n - lo and f.data[0].y.dtype == np.float32
            if with_x:
                assert pd.Timestamp(f.data[0].x[0]) < days[-30] <= pd.Timestamp(f.data[0].x[1])
        last = fig.frames[-1].data[0]
        assert len(last.x) == len(days) and np.array_equal(last.y, what.to_numpy())


@pytest.mark.parametrize("days", [1, 5, 9, 10, 21, 22, 42, 60, 84, 100, 180, 200, 545, 600, 1095, 2000, 2190, 5000])
def test_presenter_dates_are_at_most_three_level_labels(days):
    """Presenter mode's time axis (a chart half of 1280 px, 20 px type): rotated labels ran into each other
    and into the "Date" title. Every span gets level labels, at most three (plus one at the very start)."""
    x0 = pd.Timestamp("2011-03-07")
    ticks = charts._big_date_ticks(x0, x0 + pd.Timedelta(days=days))
    assert ticks["tickangle"] == 0 and ticks["automargin"] is True
    dtick = ticks["dtick"]
    every = dtick / charts._DAY_MS if isinstance(dtick, int) else int(dtick[1:]) * 365.25 / 12
    assert days / every <= 3.2, (days, dtick)
