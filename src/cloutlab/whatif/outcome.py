"""A simulated real-world outcome (book sales, concert tickets, blog visits...) that gaming cannot buy.

The people this project comes from said "the only number that matters is on my royalty cheque", and that
time spent feeding the score is time not spent writing. The formula is published (Methodology page) and
deliberately simple; every constant below is a modelling choice, not a measured fact:

    genuine_d   = replies_d + reposts_d + quotes_d + 0.2 x (likes_d - ring likes_d)
                  (reactions from real people; an engagement ring's likes are taken out, bought
                  followers never react)
    memory_d    = 0.5 x EWMA_28 days(genuine) + 0.5 x EWMA_180 days(genuine)
                  (an audience remembers: a week off barely dents it, three months off halve it)
    reach_d     = S x ln(1 + memory_d / S),  S = 1 engaged reaction a day
                  (diminishing returns: the tenth reaction a day sells less than the first)
    hours_d     = 7 x (minutes spent posting, averaged over the last 7 days) / 60   (hours a week)
    work_d      = clip(1 - max(0, hours_d - FREE) / WORK, 0, 1)
                  (the time budget: the first FREE = 2 hours a week of posting are part of the work;
                  every hour past that is taken from the WORK = 30 hours the work itself needs)
    outcome per week = rate x sum over the week of work_d x reach_d

Minutes per item: an original 10, a quote 6, a reply 5, a repost 1. A break spent on the work costs no
work time and the audience's memory keeps selling, so it never zeroes the outcome. Counts an export does
not carry contribute nothing (the outcome is then an underestimate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cloutlab.scores.inputs import ScoreInput
from cloutlab import schema

LIKE_WEIGHT = 0.2  # a like sells less than a reply or a repost
MINUTES = {"original": 10.0, "quote": 6.0, "reply": 5.0, "repost": 1.0}  # minutes an item takes
FREE_HOURS = 2.0  # hours a week of posting that are part of the work (promotion)
WORK_HOURS = 30.0  # hours a week the work itself (writing, rehearsing...) needs
SCALE = 1.0  # engaged reactions a day where returns start to diminish
MEMORY_DAYS = (28.0, 180.0)  # the audience's short and long memory (EWMA time constants, days)

FORMULA = (
    r"\text{outcome}_{week} = r \sum_{d \in week} \underbrace{\text{clip}\Big(1 - \frac{\max(0,\ h_d - 2)}{30},"
    r"\ 0,\ 1\Big)}_{\text{work time left}} \cdot \underbrace{\ln\big(1 + m_d\big)}_{\text{reach}},\quad"
    r" m_d = \tfrac12\,\text{EWMA}_{28}(g) + \tfrac12\,\text{EWMA}_{180}(g),\quad"
    r" g_d = \text{replies}_d + \text{reposts}_d + \text{quotes}_d + 0.2\,(\text{likes}_d - \text{ring}_d)"
)
TIME_BUDGET = (f"Minutes per item: original {MINUTES['original']:g}, quote {MINUTES['quote']:g}, reply "
               f"{MINUTES['reply']:g}, repost {MINUTES['repost']:g}. The first {FREE_HOURS:g} hours a week of "
               f"posting are part of the work; each hour past that is taken from the {WORK_HOURS:g} hours a "
               "week the work needs.")


def _by_day(inp: ScoreInput) -> pd.DataFrame:
    d = inp.daily
    cols = {c: d[c].astype("Float64").fillna(0).astype(float) for c in schema.ENGAGEMENT_FIELDS}
    ring = d["ring_reactions"].astype(float) if "ring_reactions" in d else 0.0
    likes = cols["likes"] - ring if d["likes"].notna().any() else cols["likes"]  # ring likes sit inside likes
    genuine = cols["replies"] + cols["reposts"] + cols["quotes"] + LIKE_WEIGHT * likes.clip(lower=0)
    own_reply = d["reply"].astype(float)  # replies to others and self-replies both take writing time
    minutes = (MINUTES["original"] * d["original"] + MINUTES["quote"] * d["quote"]
               + MINUTES["reply"] * own_reply + MINUTES["repost"] * d["repost"]).astype(float)
    frame = pd.DataFrame({"day": d["day"], "genuine": genuine, "minutes": minutes})
    return frame.groupby("day")[["genuine", "minutes"]].sum().sort_index()


def _ewma(x: np.ndarray, tau: float) -> np.ndarray:
    """Causal exponential average with time constant `tau` days (days before the data count as 0)."""
    a = 1.0 - np.exp(-1.0 / tau)
    out, acc = np.empty(len(x)), 0.0
    for i, v in enumerate(x):
        acc += a * (v - acc)
        out[i] = acc
    return out


def daily_parts(inp: ScoreInput) -> pd.DataFrame:
    """Every term of the formula per day (index: day): genuine, memory, reach, hours (a week), work, value."""
    f = _by_day(inp)
    g = f["genuine"].to_numpy(float)
    memory = 0.5 * _ewma(g, MEMORY_DAYS[0]) + 0.5 * _ewma(g, MEMORY_DAYS[1])
    hours = 7.0 * f["minutes"].rolling(7, min_periods=1).mean().to_numpy(float) / 60.0
    work = np.clip(1.0 - np.maximum(0.0, hours - FREE_HOURS) / WORK_HOURS, 0.0, 1.0)
    reach = SCALE * np.log1p(memory / SCALE)
    return pd.DataFrame({"genuine": g, "memory": memory, "reach": reach, "hours": hours, "work": work,
                         "value": work * reach}, index=f.index)


def daily_value(inp: ScoreInput) -> pd.Series:
    """The outcome's daily driver (before the rate), summed over platforms (index: day)."""
    return daily_parts(inp)["value"]


def weekly(inp: ScoreInput, rate: float = 1.0) -> pd.Series:
    """Outcome per week (index: week start, Monday), at `rate` units per unit of reach."""
    value = daily_value(inp)
    weeks = value.index.to_period("W-SUN").start_time
    return (value.groupby(weeks).sum() * rate).rename("outcome")


def recent(inp: ScoreInput, rate: float = 1.0, weeks: int = 4) -> float:
    """Average outcome per week over the last `weeks` whole weeks of data."""
    value = daily_value(inp).iloc[-7 * weeks:]
    return float(value.sum() * rate / weeks)


def change_pct(before: float, after: float) -> float | None:
    """Percent change against the person's own baseline (None when the baseline is 0: no base to compare)."""
    return None if before <= 0 else round(100.0 * (after - before) / before, 2)
