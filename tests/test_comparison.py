"""One base URL and one comparison builder (issue 22): the What-if page, presenter mode, the report, the
Copy link boxes, the classroom link and the Stories links all use present.urls and present.comparison."""

import math

import pandas as pd

import helpers
from cloutlab.present import comparison, urls
from cloutlab.whatif import compare


def test_the_base_address_is_the_request_s_scheme_and_host():
    assert urls.base_url("http://10.0.0.5:8501/whatif?persona=bot") == "http://10.0.0.5:8501"
    assert urls.base_url("https://lab.example.org/gaming") == "https://lab.example.org"
    assert urls.base_url(None) == urls.base_url("") == urls.base_url("whatif") == "http://localhost:8501"


def test_a_page_link_carries_its_query_or_none():
    assert urls.page_link("whatif", {"persona": "bot", "frequency": "2"}) == "whatif?persona=bot&frequency=2"
    assert urls.page_link("whatif", {}) == "whatif"
    assert urls.page_url("http://h:1/", "/gaming", {"class": "bot.bot~novelist.ring"}) == \
        "http://h:1/gaming?class=bot.bot~novelist.ring"
    assert urls.page_url("http://h:1/lab", "whatif", {"dataset": "import:x:a b&c"}) == \
        "http://h:1/lab/whatif?dataset=import%3Ax%3Aa+b%26c"  # a name never breaks out of its parameter


def _comparison():
    return helpers.novelist_comparison()


def test_every_comparison_chart_is_baseline_dashed_against_what_if():
    c = _comparison()
    for name, title, y_range in (("opaque", "Opaque score: baseline and what-if", (0, 100)),
                                 ("composite", "Transparent composite: baseline and what-if", (0, 1000)),
                                 (compare.HEADLINE_METRICS[2], compare.transparent.METRICS[compare.HEADLINE_METRICS[2]].name, None)):
        fig = comparison.figure(c, name)
        assert fig.layout.title.text == title
        assert (tuple(fig.layout.yaxis.range) if fig.layout.yaxis.range else None) == y_range
        names = [t.name for t in fig.data]
        assert names == ["what-if", "baseline"] and fig.data[1].line.dash == "dash"  # the baseline drawn last
    big = comparison.figure(c, "opaque", y_range=[10, 40], big=True, height=390)
    assert big.layout.title.text == "Opaque score" and tuple(big.layout.yaxis.range) == (10, 40)
    assert big.layout.height == 390


def test_deltas_format_each_number_and_never_show_a_change_for_a_missing_one():
    labels = {"opaque": "O", "composite": "K", "outcome": "Y"}
    shown = comparison.deltas({"opaque": (20.0, 21.234), "composite": (300.0, 1450.4), "outcome": (2.0, 1.75)},
                              labels, {"opaque": "help"})
    assert [(d.label, d.value, d.change, d.help) for d in shown] == [
        ("O", "21.23", "+1.23", "help"), ("K", "1,450", "+1,150", None), ("Y", "1.8", "-0.2", None)]
    nan = math.nan
    shown = comparison.deltas({"opaque": (20.0, 21.0), "composite": (nan, nan), "outcome": (nan, 3.0)}, labels)
    assert [(d.value, d.change) for d in shown[1:]] == [("not in this export", None)] * 2
    # A change that rounds to nothing is written as no change is: "-0.0" beside the outcome said it fell
    shown = comparison.deltas({"opaque": (20.0, 19.996), "composite": (300.0, 299.6), "outcome": (8.31, 8.28)}, labels)
    assert [d.change for d in shown] == ["+0.00", "+0", "+0.0"]


def test_the_lines_are_the_comparison_s_own_series():
    c = _comparison()
    key = compare.HEADLINE_METRICS[0]
    pd.testing.assert_series_equal(comparison.lines(c, key)["what-if"], c.metrics_what[key])
    assert comparison.lines(c, "opaque")["baseline"] is not None
