"""A simulated real-world outcome (book sales, concert tickets, blog visits...) that gaming cannot buy.

Built from the people this project comes from (docs/seed-quotes.md): "the only number I'm interested in is
the ones on the royalty checks"; writers are told to spend "90% of their time writing, revising and 10% on
social media"; "you can spend your entire free time on social media and not produce any actual writing";
RTing "doesn't even equate to blog visits, let alone book sales"; "concentrate on the quality of your blog
and your people will find you". So the outcome follows the work first and the real readers reached second,
and the time spent posting comes out of the work. The formula is published (Methodology page); every
constant below is a modelling choice, not a measured fact:

    hours_d   = 7 x items a day (averaged over the last 7 days) x 15 minutes / 60     (hours a week)
                (an item's time is mostly the reading and answering around it, whatever its kind)
    work_d    = EWMA_91 days( max(0, 40 - hours_d) / 36 )
                (a 40-hour week for the work and its promotion; 1.0 is the 90/10 advice, 36 hours of
                writing; the writing of a quarter is what sells over the next: books finished, then sold)
    genuine_d = replies_d + quotes_d + 0.2 x (likes_d - ring likes_d)
                (reactions from real people; reposts reach no new readers, an engagement ring's likes
                are taken out, bought followers never react)
    memory_d  = 0.5 x EWMA_28(genuine) + 0.5 x EWMA_180(genuine)
                (an audience remembers: a week off barely dents it)
    reach_d   = 1 + 0.2 x ln(1 + memory_d)
                (1: the readers the work finds by itself; social media adds to it with diminishing returns)
    outcome per week = rate x sum over the week of work_d x reach_d

Before the data, each average starts at the data's first four weeks (the person was as active before the
export as at its start). Counts an export does not carry contribute nothing; where it carries no received
count at all the outcome is not computed (compare.outcome_change).
"""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pandas as pd

from cloutlab.activity import RING
from cloutlab.scores.inputs import ScoreInput

LIKE_WEIGHT = 0.2  # a like sells less than a reply or a quote
MINUTES_PER_ITEM = 15.0  # social-media time an item takes, the reading and answering around it included
WEEK_HOURS = 40.0  # hours a week for the work and its promotion together
REFERENCE_SHARE = 0.9  # the 90/10 advice: 90% of the time on the work is work = 1.0
WORK_DAYS = 91.0  # writing of a quarter sells over the next (EWMA time constant, days)
MEMORY_DAYS = (28.0, 180.0)  # the audience's short and long memory (EWMA time constants, days)
SOCIAL = 0.2  # what social reach adds to the readers the work finds by itself
FOCUS = 2.0  # an hour online takes an hour from the work and breaks the focus of the rest
START_DAYS = 28  # averages start at the first four weeks' level
WINDOW_WEEKS = 4  # the outcome is read over the last four weeks, like the scores' day
WINDOW_PROSE = ("one week", "two weeks", "three weeks", "four weeks", "five weeks", "six weeks")[WINDOW_WEEKS - 1]  # for sentences
# The seeds' words the formula is built from (present/quotes.py), shown on the Methodology page.
SEEDS = ("frazier_royalty", "gardner_90_10", "callan_free_time", "greta_rt", "cora_quality")

FORMULA = (
    r"\text{outcome}_{week} = r \sum_{d \in week} \underbrace{\text{EWMA}_{91}\Big(\frac{\max(0,\ 40 - h_d)}{36}"
    r"\Big)}_{\text{the work}} \cdot \underbrace{\big(1 + 0.2\,\ln(1 + m_d)\big)}_{\text{readers reached}},\quad"
    r" m_d = \tfrac12\,\text{EWMA}_{28}(g) + \tfrac12\,\text{EWMA}_{180}(g),\quad"
    r" g_d = \text{replies}_d + \text{quotes}_d + 0.2\,(\text{likes}_d - \text{ring}_d)"
)
TIME_BUDGET = (f"Time: every item takes {MINUTES_PER_ITEM:g} minutes of social-media time (h, hours a week), the "
               f"reading and answering around it included. The work and its promotion share a {WEEK_HOURS:g}-hour "
               f"week; the work term is 1 at the 90/10 advice ({REFERENCE_SHARE * WEEK_HOURS:g} hours of work) and "
               f"follows the writing of the last {WORK_DAYS / 7:.0f} weeks or so (books are finished, then sold). "
               "Reposts received reach no new readers, so they are not in g.")


def _counts(inp: ScoreInput) -> pd.DataFrame:
    d = inp.daily

    def col(name: str) -> np.ndarray:  # plain arrays kept on inp: the pandas route was a tenth of a slider move
        return inp.daily_column(name)

    num = {c: np.nan_to_num(col(c), nan=0.0)  # NULL counts nothing
           for c in ("replies_received", "quotes_received", "likes_received")}
    ring = col(RING) if RING in d else 0.0
    likes = num["likes_received"] - ring if d["likes_received"].notna().any() else num["likes_received"]  # ring likes sit inside likes
    genuine = num["replies_received"] + num["quotes_received"] + LIKE_WEIGHT * np.where(np.isnan(likes) | (likes >= 0), likes, 0.0)
    items = col("original") + col("reply") + col("repost") + col("quote")
    # Summed per day with bincount (rows added in frame order, as the groupby did): the groupby was half of
    # the outcome's time, which every What-if slider move pays.
    # The days and each row's day as inp keeps them (np.unique's sorted days and inverse, without the sort).
    days, at = inp.days, inp.day_rows()
    return pd.DataFrame({"genuine": np.bincount(at, genuine, len(days)),
                         "items": np.bincount(at, items, len(days))},
                        index=days.rename("day"))


def _ewma(x: np.ndarray, tau: float) -> np.ndarray:
    """Causal exponential average with time constant `tau` days, started at the first weeks' mean."""
    if not len(x):
        return np.empty(0)
    a = float(1.0 - np.exp(-1.0 / tau))
    acc = float(np.mean(x[:START_DAYS]))
    out = []
    # Python floats, not numpy scalars: the same IEEE arithmetic (the same values), three times faster,
    # and every What-if slider move runs this loop three times over every day.
    for v in np.asarray(x, float).tolist():
        acc += a * (v - acc)
        out.append(acc)
    return np.array(out)


def daily_parts(inp: ScoreInput) -> pd.DataFrame:
    """Every term of the formula per day (index: day): genuine, memory, reach, hours (a week), work, value."""
    index, parts = _parts(inp)
    return pd.DataFrame(parts, index=index)


def _parts(inp: ScoreInput) -> tuple[pd.DatetimeIndex, dict[str, np.ndarray]]:
    """daily_parts as arrays, kept on inp (a slider move reads the what-if's once; shared: never written)."""
    def build():
        f = _counts(inp)
        g = f["genuine"].to_numpy(float)
        memory = 0.5 * _ewma(g, MEMORY_DAYS[0]) + 0.5 * _ewma(g, MEMORY_DAYS[1])
        hours = 7.0 * f["items"].rolling(7, min_periods=1).mean().to_numpy(float) * MINUTES_PER_ITEM / 60.0
        writing = (np.maximum(0.0, WEEK_HOURS - hours) / (REFERENCE_SHARE * WEEK_HOURS)) ** FOCUS
        work = _ewma(writing, WORK_DAYS)
        reach = 1.0 + SOCIAL * np.log1p(memory)
        return f.index, {"genuine": g, "memory": memory, "reach": reach, "hours": hours, "work": work,
                         "value": work * reach}

    return inp.kept(("outcome_parts", inp.params(sys.modules[__name__])), build)


def daily_value(inp: ScoreInput) -> pd.Series:
    """The outcome's daily driver (before the rate), summed over platforms (index: day)."""
    return daily_parts(inp)["value"]


def weekly(inp: ScoreInput, rate: float = 1.0) -> pd.Series:
    """Outcome per week (index: week start, Monday), at `rate` units per unit of value."""
    value = daily_value(inp)
    weeks = value.index.to_period("W-SUN").start_time
    return (value.groupby(weeks).sum() * rate).rename("outcome")


def window(inp: ScoreInput, at=None, weeks: int = WINDOW_WEEKS) -> tuple[dt.date, dt.date]:
    """The days the outcome is read over: the `weeks` whole weeks of data ending on `at` (default: the last
    day), the same day the scores are read on; shorter where the data starts later."""
    days = inp.days
    end = inp.day(at)
    first = max(days[0], end - pd.Timedelta(days=7 * weeks - 1))
    return first.date(), end.date()


def recent(inp: ScoreInput, rate: float = 1.0, weeks: int = WINDOW_WEEKS, at=None) -> float:
    """Average outcome per week over the `weeks` weeks ending on `at` (default: the last day of data)."""
    first, last = window(inp, at, weeks)
    index, parts = _parts(inp)
    part = parts["value"][(index >= pd.Timestamp(first)) & (index <= pd.Timestamp(last))]
    return float(np.where(np.isnan(part), 0.0, part).sum() * rate * 7.0 / max(len(part), 1))  # as Series.sum: NaN skipped


def change_pct(before: float, after: float) -> float | None:
    """Percent change against the person's own baseline (None when the baseline is 0: no base to compare)."""
    return None if before <= 0 else round(100.0 * (after - before) / before, 2)
