"""Baseline against what-if, as the What-if page, its presenter mode and the downloadable report draw it:
one chart per score or transparent metric, and the three deltas (opaque score, composite, outcome)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from cloutlab.present import charts
from cloutlab.present.text import signed
from cloutlab.scores.missing import NOT_IN_EXPORT
from cloutlab.scores.transparent import METRICS

# name: (short title, for presenter mode; title; y axis title; top of the scale)
SCORES = {"opaque": ("Opaque score", "Opaque score: baseline and what-if", "Score (1-100)", 100),
          "composite": ("Composite", "Transparent composite: baseline and what-if", "Score (1-1000)", 1000)}
_SCALE = object()  # y range default: a score's whole scale, a metric's own


def lines(c, name: str) -> dict[str, pd.Series]:
    """{"baseline", "what-if"} of a score ("opaque", "composite") or a transparent metric (its key) of
    comparison `c` (whatif.compare.compare's)."""
    if name == "opaque":
        return {"baseline": c.opaque_base["score"], "what-if": c.opaque_what["score"]}
    if name == "composite":
        return {"baseline": c.composite_base, "what-if": c.composite_what}
    return {"baseline": c.metrics_base[name], "what-if": c.metrics_what[name]}


def figure(c, name: str, marks=(), *, y_range=_SCALE, x_range=None, big: bool = False,
           height: int = 420) -> go.Figure:
    """The chart of `name`, baseline (dashed) against what-if, events marked. `big`: presenter mode's
    projector sizes and short titles."""
    if name in SCORES:
        short, title, y_title, top = SCORES[name]
        title = short if big else title
        y_range = [0, top] if y_range is _SCALE else y_range
    else:
        title, y_title = METRICS[name].name, METRICS[name].unit
        y_range = None if y_range is _SCALE else y_range
    return charts.score_lines(lines(c, name), title, y_title, marks, y_range, dashed=("baseline",),
                              x_range=x_range, big=big, height=height)


def spec(c, name: str, marks=(), *, y_range=_SCALE, x_range=None, big: bool = False, height: int = 420) -> dict:
    """figure(c, name, marks, ...).to_dict(), built as plain dicts (charts.score_lines_spec): what a page
    draws on every slider move (ui.plot.chart)."""
    if name in SCORES:
        short, title, y_title, top = SCORES[name]
        title = short if big else title
        y_range = [0, top] if y_range is _SCALE else y_range
    else:
        title, y_title = METRICS[name].name, METRICS[name].unit
        y_range = None if y_range is _SCALE else y_range
    return charts.score_lines_spec(lines(c, name), title, y_title, marks, y_range, dashed=("baseline",),
                                   x_range=x_range, height=height, big=big)


@dataclass(frozen=True)
class Delta:
    label: str
    value: str  # the what-if's number, or NOT_IN_EXPORT
    change: str | None  # what-if minus baseline; None when either number is missing (never 0 standing in)
    help: str | None = None


_FORMATS = {"opaque": ("{:.2f}", "{:+.2f}"), "composite": ("{:,.0f}", "{:+,.0f}"), "outcome": ("{:,.1f}", "{:+,.1f}")}


def deltas(headline: dict[str, tuple[float, float]], labels: dict[str, str],
           helps: dict[str, str] | None = None) -> list[Delta]:
    """The three deltas of compare.headline's (before, after) pairs, in its order, labelled by the caller."""
    out = []
    for name, (before, after) in headline.items():
        value_fmt, change_fmt = _FORMATS[name]
        help_ = (helps or {}).get(name)
        if before is None or after is None or np.isnan(before) or np.isnan(after):
            out.append(Delta(labels[name], NOT_IN_EXPORT, None, help_))
        else:
            out.append(Delta(labels[name], value_fmt.format(after), signed(after - before, change_fmt), help_))
    return out
