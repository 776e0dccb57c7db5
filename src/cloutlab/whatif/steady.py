"""A break start whose baseline holds still, so a what-if's delta is the break's own doing (issue 21).

The opaque score moves without any change in behaviour (the reference population drifts, the jitter and the
occasional overnight jolt). A one-week break that starts just before the baseline's own rise reads as a
bigger loss than the break caused: on the novelist's last week the baseline rose 6.14 points and the
story showed -10.86 where the median over other start dates was -5.94. `steady_start` picks the start
whose baseline moves least over the break and the week after; `baseline_move` says how far it moved.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cloutlab.scores import opaque
from cloutlab.scores.hidden import HIDDEN
from cloutlab.scores.inputs import ScoreInput


def _span(weeks: int, after_days: int) -> int:
    return 7 * weeks + after_days


def baseline_move(series: pd.Series, start: dt.date, weeks: int, after_days: int = 7) -> float:
    """How far the baseline score moves (max - min) from the day before `start` to the end of the break
    and the `after_days` after it (days past the data are left out)."""
    first = pd.Timestamp(start) - pd.Timedelta(days=1)
    last = pd.Timestamp(start) + pd.Timedelta(days=_span(weeks, after_days) - 1)
    part = series.loc[first:last]
    return round(float(part.max() - part.min()), 2) if len(part) else 0.0


def steady_start(inp: ScoreInput, weeks: int, after_days: int = 7, series: pd.Series | None = None,
                 between: tuple[dt.date, dt.date] | None = None) -> dt.date:
    """The start date of a `weeks`-week break whose baseline score moves least (max - min, from the day
    before the break to `after_days` after it), among starts with a full score window of data behind them,
    the whole span inside the data, the baseline off the 1 and 100 limits (a score pinned at 100 is
    steady but would hide the break) and a break that takes away at least half the items of a typical
    (median) stretch of its length (a week that was quiet anyway is steady but no break); ties go to the
    latest such start. `series`: the baseline's opaque
    score by day, when the caller has it (default: scored here). `between`: the first and last start
    allowed. No start qualifies: the what-if's own default, the last `weeks` weeks."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    s = opaque.score_series(inp)["score"] if series is None else series.reindex(inp.days)
    vals = s.to_numpy(float)
    span = _span(weeks, after_days)
    starts = np.arange(HIDDEN.window, len(vals) - span + 1)  # a full window behind, the span inside the data
    if between is not None:
        day = inp.days[starts]
        starts = starts[(day >= pd.Timestamp(between[0])) & (day <= pd.Timestamp(between[1]))]
    if len(starts):
        views = np.lib.stride_tricks.sliding_window_view(vals, span + 1)[starts - 1]  # the day before, the span
        moves = views.max(axis=1) - views.min(axis=1)
        moves[(views.min(axis=1) <= 1.0) | (views.max(axis=1) >= 100.0)] = np.inf  # pinned at a limit
        items = inp.daily.groupby("day")["items"].sum().reindex(inp.days, fill_value=0).to_numpy(float)
        taken = np.convolve(items, np.ones(7 * weeks))[7 * weeks - 1:]  # items of the break starting each day
        typical = np.median(taken[:len(items) - 7 * weeks + 1])
        moves[taken[starts] < 0.5 * typical] = np.inf  # a quiet stretch: the break would take nothing away
        if np.isfinite(moves).any():
            best = len(moves) - 1 - int(np.argmin(moves[::-1]))  # the latest of the steadiest
            return inp.days[starts[best]].date()
    return max(inp.days[0], inp.days[-1] - pd.Timedelta(days=7 * weeks - 1)).date()
