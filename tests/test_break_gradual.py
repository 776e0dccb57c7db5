"""A long break costs points gradually, over the whole slider (0 to 52 weeks), for every persona.

Klout (docs/klout-record.md 1.3, 2.1): "taking short break won't have a major impact on your Score, but if
you're inactive for longer periods your Score will decrease gradually"; data older than 90 days drops off.
Until opaque.fade, a break ending on the scores' day cost midsize_pro 25.30 points at 12 weeks and 60.14 at
13: a 35-point step the week the last old active day left the 90-day window (29 for the celebrity, 21 for the
2012 pop star, 16 for the bot). Now each week of a break past five weeks takes the same share of what the
account's own activity was worth on the curve, so the score reaches the empty window's value in steps.
"""

from __future__ import annotations

import datetime as dt
import functools

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings, strategies as st

from cloutlab import cohort, store, whatif
from cloutlab.cohort import sql
from cloutlab.scores import inputs, opaque
from cloutlab.scores.hidden import HIDDEN
from cloutlab.store import demo

from helpers import posts_frame

# The largest cost of one further week, from 1 to 52 weeks. Why 6.5: the record fixes both ends of the fade
# for the mid-size account, its five-week size (about 12.7 points, the summer vacation's 61 -> 54) and the
# empty window's (60.1 at 13 weeks, nothing of the account left); the eight weeks between must then average
# 5.93 points, and the days that leave the window each week, heavier or lighter than the account's average,
# move a week by up to about 0.3 more. 6.5 admits that and no cliff (the old step was 35). The first week's
# dive (Lettink: "my Klout score dived") is larger and is held by tests/test_sizes.py (at most 11).
STEP = 6.5
JITTER = HIDDEN.jitter  # the day's noise is the same with and without the break: a delta may wobble by this


@pytest.fixture(scope="module")
def delta(demo_personas):
    # Each persona's baseline, prepared posts and last score (the session's demo store, read only):
    # from_store(seed=f"demo:{name}"), whatif.prepare(posts_table(...)) and opaque.score_series of the baseline.
    kept = {name: (demo_personas.input(name), demo_personas.prepared(name), demo_personas.opaque(name)["score"].iloc[-1])
            for name in demo.PERSONAS}

    @functools.cache
    def get(name: str, weeks: int) -> float:
        """The what-if's opaque delta on the data's last day (the CLI's delta.opaque) of a `weeks` break."""
        inp, prep, base = kept[name]
        moved = opaque.score_series(whatif.simulate(prep, inp.followers, whatif.Scenario(break_weeks=weeks), inp.seed))
        return round(float(moved["score"].iloc[-1] - base), 2)

    return get


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(demo.PERSONAS)), weeks=st.integers(1, 51))
# The weeks the last old active day left the window, before the fade (a step of 35, 29, 21 and 16 points).
@example(name="midsize_pro", weeks=12)
@example(name="celebrity", weeks=12)
@example(name="pop_star_2012", weeks=12)
@example(name="bot", weeks=12)
def test_one_more_week_of_break_costs_a_little_more_never_a_cliff(delta, name, weeks):
    before, after = delta(name, weeks), delta(name, weeks + 1)
    assert after <= before + JITTER, (name, weeks, before, after)  # a longer break never helps
    assert before - after <= STEP, (name, weeks, before, after)


def test_every_persona_over_the_whole_slider(delta):
    """The property above on every persona and week (hypothesis samples them), and the ends unchanged: five
    weeks or less cost what they did before the fade, and a break that empties the window what it did."""
    for name in demo.PERSONAS:
        d = np.array([delta(name, w) for w in range(53)])
        steps = np.diff(d)
        assert (steps <= JITTER).all() and (-steps[1:] <= STEP).all(), (name, list(d))
        assert (d[13:] == d[13]).all(), (name, list(d))  # nothing of the account is left in the window
    # tests/test_sizes.py holds the short breaks to the record; the figures of midsize_pro before the fade:
    assert [delta("midsize_pro", w) for w in (1, 2, 4, 5, 13, 52)] == [-7.88, -10.16, -11.6, -12.69, -60.14, -60.14]


def test_the_fade_leaves_anyone_who_posted_within_five_weeks_alone():
    share = opaque.left(np.array([0.0, 1.0, 34.0, HIDDEN.fade_after, HIDDEN.fade_after + 7, 84.0, 90.0, 91.0, np.inf]))
    np.testing.assert_allclose(share, [1, 1, 1, 1, 7 / 8, 1 / 8, 1 / 56, 0, 0])
    feats = {f: np.array([1.0, 2.0]) for f in opaque.FEATURES}
    days = pd.DatetimeIndex(["2026-10-31", "2026-10-31"])
    assert opaque.fade(feats, np.ones(2), days) is feats  # untouched, not merely equal


def test_the_fade_is_a_straight_line_on_the_curve():
    """Each week of the fade takes the same points (jitter aside), wherever on the curve the account sits."""
    days = pd.DatetimeIndex(["2026-10-31"] * 9)
    share = np.linspace(1.0, 0.0, 9)
    for own in (0.5, 3.0, 12.0):  # an ordinary account, a lively one, a celebrity near the ceiling
        feats = {f: np.zeros(9) for f in opaque.FEATURES} | {"engagement": np.full(9, own / 0.45),
                                                             "audience": np.full(9, 5.0)}
        faded = opaque.fade(feats, share, days)
        raw = sum(faded[f] * opaque.era_on(days[0]).weights[f] for f in opaque.FEATURES)
        mu, sigma = opaque.reference_middle(days)
        era = opaque.era_on(days[0])
        graded = opaque.curve((raw - mu) / sigma, era.ceiling, era.stretch)
        np.testing.assert_allclose(np.diff(graded), np.diff(graded)[0], atol=1e-9)


def test_curve_inverse_undoes_the_curve_and_the_sql_agrees():
    z = np.linspace(-8, 12, 4001)
    for e in HIDDEN.eras:
        y = opaque.curve(z, e.ceiling, e.stretch)
        inside = y < e.ceiling - 1e-6  # where the top has not rounded to the ceiling
        np.testing.assert_allclose(opaque.curve_inverse(y, e.ceiling, e.stretch)[inside], z[inside], atol=1e-6)
        frame = pd.DataFrame({"y": y})
        with duckdb.connect() as c:
            c.register("grid", frame)
            got = c.execute(f"SELECT {sql.curve_inverse_sql('y', sql.num(e.ceiling), sql.num(e.stretch))} AS v "
                            "FROM grid").df()["v"].to_numpy()
        np.testing.assert_allclose(got, opaque.curve_inverse(y, e.ceiling, e.stretch), rtol=0, atol=1e-9)


def test_the_cohort_fades_a_long_break_as_the_single_path_does():
    """An account that posts daily, is silent for 80 days, then posts again: scored through the gap (the fade
    and the window's emptying) by the cohort's SQL and by opaque.score_series, to the hundredth."""
    rng = np.random.default_rng(7)
    rows = []
    for day in [*pd.date_range("2025-01-01", "2025-06-30"), *pd.date_range("2025-09-18", "2025-09-30")]:
        for i in range(int(rng.poisson(3))):
            rows.append({"created_at": day.to_pydatetime() + dt.timedelta(hours=1 + i),
                         "kind": "original" if i % 3 else "reply", "likes": int(rng.poisson(20)),
                         "reposts": int(rng.poisson(4)), "replies": int(rng.poisson(2)), "quotes": 0})
    con = store.connect()
    store.write_account(con, {"platform": "x", "account": "away", "followers": 4000}, posts_frame(rows, "x", "away"))
    series = opaque.score_series(inputs.from_store(con, [("x", "away")], seed=cohort.default_seed("x", "away")))
    checked = 0
    for at in ["2025-06-30", "2025-08-01", "2025-08-10", "2025-08-20", "2025-09-05", "2025-09-17", "2025-09-18"]:
        lb = cohort.leaderboard(con, dt.date.fromisoformat(at))
        row = lb[lb["account"] == "away"].iloc[0]
        for s in ("score", *opaque.SUBSCORES):
            assert abs(row[s] - series.loc[pd.Timestamp(at), s]) <= 0.01, (at, s, row[s], series.loc[pd.Timestamp(at), s])
        checked += 1
    gap = series.loc["2025-07-01":"2025-09-17", "score"]
    assert checked == 7 and gap.diff().min() >= -6.5 and gap.iloc[-1] < gap.iloc[0] - 10  # it fell, in steps
