import io
import re

import pandas as pd

import helpers
from cloutlab.whatif import compare
from cloutlab.present import report
from cloutlab.scores import reach


def _comparison():
    c = helpers.novelist_comparison()
    return c, compare.sentences(c)


def test_html_report_is_self_contained_and_escaped():
    c, said = _comparison()
    said = {**said, "x": "<script>alert(1)</script>"}
    page = report.whatif_html("Demo: <b>Nell</b>", {"frequency": "2"}, c, said).decode()
    assert page.startswith("<!doctype html>")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Nell&lt;/b&gt;" in page
    # plotly.js is embedded once, and nothing is fetched from the internet
    assert page.count("Plotly.newPlot") == 4
    assert len(page) > 1_000_000
    assert not re.search(r"<script[^>]+src=['\"]https?://", page)


def test_csv_has_baseline_and_what_if_columns():
    c, _ = _comparison()
    frame = pd.read_csv(io.BytesIO(report.whatif_csv(c)))
    assert {"day", "opaque_score", "composite", "what_if_opaque_score", "what_if_composite", "applause_rate"} <= set(frame.columns)
    assert len(frame) == len(c.opaque_base)
    # issue 21: True Reach in people beside the subscore, whole numbers well under the 2,400 followers
    cols = list(frame.columns)
    assert cols.index("opaque_true_reach_people") == cols.index("opaque_true_reach") + 1
    people = frame["opaque_true_reach_people"]
    assert people.notna().all() and (people == people.round()).all() and people.max() < 2_400 * 0.35
    assert people.iloc[-1] == reach.on(c.baseline)
