"""The black box's waterfall adds up to the score EXACTLY (issue 15), in plain words, for every persona,
before and after every Gaming-lab strategy, and on a day in each Klout era."""

from __future__ import annotations

import pandas as pd
import pytest

from cloutlab.present import charts_class
from cloutlab.whatif import classroom, gaming
from cloutlab import whatif
from cloutlab.activity import posts_table
from cloutlab.store.datasets import demo_datasets
from cloutlab.scores import blackbox

JARGON = ("log", "sigma", "mu", "raw", "z-score", "curve middle", "weighted", "imputed")


@pytest.fixture(scope="module")
def personas(demo_personas):
    """Each persona's store, dataset and baseline (the session's demo store: read, never written)."""
    con = demo_personas.con
    out = {}
    for ds in demo_datasets():
        assert ds.seed == f"demo:{ds.persona}" and ds.accounts == tuple(demo_personas.keys(ds.persona))
        out[ds.id] = (con, ds, demo_personas.input(ds.persona))  # from_store(con, ds.accounts, seed=ds.id)
    return out


def _check(explained):
    steps = blackbox.waterfall(explained)
    cents = steps["cents"].to_numpy()
    assert all(float(c).is_integer() for c in cents)
    assert int(cents.sum()) == round(explained["score"] * 100), (steps, explained["score"])
    assert steps["points"].sum() == pytest.approx(explained["score"], abs=1e-9)
    fig = charts_class.waterfall(steps)
    bar = fig.data[0]
    assert bar.measure[-1] == "total" and bar.x[-1] == pytest.approx(explained["score"], abs=1e-9)
    assert bar.text[-1] == f"{explained['score']:.2f}"
    return steps


def test_waterfall_sums_exactly_to_the_score(personas):
    for con, ds, inp in personas.values():
        _check(blackbox.explain(inp))


def test_waterfall_sums_after_every_strategy(personas):
    con, ds, inp = personas["demo:novelist"]
    prepared = whatif.prepare(posts_table(con.cursor(), ds.accounts))
    for s in gaming.STRATEGIES.values():
        _check(classroom.explain_after(prepared, inp, s.changes))


def test_waterfall_in_every_era(personas):
    con, ds, inp = personas["demo:veteran_2011"]
    for day in ("2011-06-01", "2012-01-15", "2012-11-30"):
        _check(blackbox.explain(inp, pd.Timestamp(day)))


def test_plain_words_have_no_jargon(personas):
    con, ds, inp = personas["demo:bot"]
    steps = blackbox.waterfall(blackbox.explain(inp))
    words = " ".join(steps["step"]) + " " + " ".join(blackbox.plain_weights().index)
    for j in JARGON:
        assert j not in words.lower().split() and f"({j})" not in words.lower(), j
    assert "how much you post" in words and "how many follow you" in words and "how many different people react" in words
