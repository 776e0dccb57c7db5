"""Home's week chart as HTML (present/charts_html.py, issue 23): the same bars the Plotly chart drew, every
string inert, round ticks, a sentence for a dataset with nothing posted."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from cloutlab import activity, store
from cloutlab.activity import weekly
from cloutlab.present import charts_html
from cloutlab.present.charts import KIND_COLOURS
from cloutlab.store import demo


def _weekly(rows: dict[str, list[int]], start: str = "2012-01-02") -> pd.DataFrame:
    weeks = pd.date_range(start, periods=len(next(iter(rows.values()))), freq="7D")
    return pd.DataFrame([(w, k, v[i]) for k, v in rows.items() for i, w in enumerate(weeks)],
                        columns=["week", "kind", "items"])


def _columns(html: str) -> list[tuple[str, float, list[tuple[str, float, str]]]]:
    """(hover, height %, [(kind, share, colour)]) of each week's column, read back from the markup: a part's
    class names its kind's place in the legend, whose CSS rule gives its colour."""
    legend = re.findall(r'<span data-kind="([^"]*)"><i class="k(\d+)"></i>', html)
    colour = dict(re.findall(r"\.cl-chart \.k(\d+) \{ background: (#\w+); \}", html))
    kind = {j: (name, colour[j]) for name, j in legend}
    out = []
    for column in html.split('<div class="cl-week" ')[1:]:
        hover, height = re.match(r'title="([^"]*)" style="height:([\d.]+)%">', column).groups()
        parts = re.findall(r'<i class="k(\d+)" style="flex-grow:([\d.e+]+)"></i>', column.split("</div>")[0])
        out.append((hover, float(height), [(kind[j][0], float(v), kind[j][1]) for j, v in parts]))
    return out


def test_each_week_is_a_column_as_tall_as_its_items_with_a_part_per_kind():
    html = charts_html.stacked_weeks(_weekly({"original": [3, 0, 7], "reply": [1, 0, 0], "repost": [0, 0, 2]}))
    cols = _columns(html)
    assert len(cols) == 3
    # ticks 0, 2, ..., 10 (the tallest week has 9 items): heights are items / 10
    assert [c[1] for c in cols] == [40.0, 0.0, 90.0]
    assert cols[0][2] == [("original", 3.0, KIND_COLOURS["original"]), ("reply", 1.0, KIND_COLOURS["reply"])]
    assert cols[1][2] == [] and cols[1][0] == "Week of 2012-01-09: nothing posted"
    assert cols[2][0] == "Week of 2012-01-16: 7 original, 2 repost"
    assert re.findall(r'<span style="bottom:[\d.]+%">([\d,]+)</span>', html) == ["0", "2", "4", "6", "8", "10"]
    assert 'aria-label="Items per week, by kind: 3 weeks from 2012-01-02 to 2012-01-16, 13 items in all; the busiest ' \
           'week began 2012-01-16 with 9 items."' in html
    for words in ("<figcaption", "Items per week, by kind</figcaption>", ">Week</div>", ">Items posted</div>"):
        assert words in html


def test_every_string_is_drawn_as_text():
    hostile = "<img src=x onerror=alert(1)>"
    html = charts_html.stacked_weeks(_weekly({hostile: [1, 2]}), title=f'"{hostile}', x_title=hostile, y_title=hostile)
    assert "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and 'data-kind="&lt;img' in html
    assert "&lt;" not in html.split("<figure")[0] and "img" not in html.split("<figure")[0]  # nor in the CSS
    assert "<script" not in html and "<svg" not in html  # plain boxes: nothing st.html's sanitiser would drop


def test_nothing_posted_is_a_sentence_not_an_empty_frame():
    assert charts_html.stacked_weeks(_weekly({"original": [0, 0]})) == (
        '<p class="cl-chart-empty">Items per week, by kind: no items posted in this dataset.</p>')
    empty = pd.DataFrame({"week": pd.Series(dtype="datetime64[ns]"), "kind": [], "items": []})
    assert "no items posted" in charts_html.stacked_weeks(empty)


@pytest.mark.parametrize("name", list(demo.PERSONAS))
def test_every_persona_draws_every_week_of_its_data(name):
    con = store.connect()
    accounts = demo.load_persona(con, name)
    week_frame = weekly.items_per_week(activity.daily_activity(con, accounts))
    cols = _columns(charts_html.stacked_weeks(week_frame))
    totals = week_frame.groupby("week")["items"].sum()
    assert len(cols) == len(totals) > 0
    assert [round(sum(p[1] for p in c[2])) for c in cols] == totals.tolist()
    assert max(c[1] for c in cols) <= 100 and all(p[2] in KIND_COLOURS.values() for c in cols for p in c[2])


@given(st.floats(0, 1e7, allow_nan=False))
def test_ticks_are_round_whole_steps_from_zero_past_the_top(top):
    ticks = charts_html.nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and 2 <= len(ticks) <= 6
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1 and all(isinstance(t, int) for t in ticks)
    step = steps.pop()
    assert int(str(step)[0]) in (1, 2, 5) and set(str(step)[1:]) <= {"0"}


@given(st.dates(pd.Timestamp("1990-01-01").date(), pd.Timestamp("2040-01-01").date()), st.integers(7, 40 * 365))
def test_date_ticks_are_few_and_inside_the_span(first, days):
    first = pd.Timestamp(first)
    last = first + pd.Timedelta(days=days)
    ticks = charts_html.date_ticks(first, last)
    assert 1 <= len(ticks) <= 7
    assert all(first <= d <= last for d, _ in ticks)
    assert len({label for _, label in ticks}) == len(ticks)
