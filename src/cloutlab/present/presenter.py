"""Presenter mode's pure parts: where the what-if changed things (to zoom the time axis there), a y range
that makes the change fill the chart, and a day-by-day animation of the scenario.

On a two-year axis a one-week break is a few pixels at the right edge; zoomed to the changed period with
the y axis fitted to what is visible, the same drop is a cliff.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def changed_window(base: pd.Series, what: pd.Series, min_days: int = 21, tol: float = 0.005):
    """(start, end) of the period to show: from a little before the first day the what-if differs from the
    baseline to the last day. The change takes about three quarters of the width (at least `min_days`
    shown). None when nothing changed."""
    diff = (what - base).abs()
    moved = diff[diff > tol].index
    if len(moved) == 0:
        return None
    first, last = moved[0], base.index[-1]
    lead = max(pd.Timedelta(days=7), (last - first) / 3)
    start = max(base.index[0], min(first - lead, last - pd.Timedelta(days=min_days)))
    return start, last


def fitted_range(series: list[pd.Series], window, floor: float | None = None, ceiling: float | None = None,
                 pad: float = 0.12) -> list[float] | None:
    """A y range fitting every series inside `window`, padded; None when there is nothing to fit."""
    lo, hi = window
    values = pd.concat([s.loc[lo:hi] for s in series]).dropna()
    if values.empty:
        return None
    a, b = float(values.min()), float(values.max())
    span = max(b - a, 1.0)
    a, b = a - pad * span, b + pad * span
    return [max(a, floor) if floor is not None else a, min(b, ceiling) if ceiling is not None else b]


def frame_days(what: pd.Series, window, max_frames: int = 40) -> pd.Index:
    """The days animate() makes frames of: every day of `window` in `what`, in steps of several days when
    there are more than `max_frames`, always ending on the last day."""
    lo, hi = window
    days = what.loc[lo:hi].index
    step = -(-len(days) // max_frames)  # ceil
    return days[::-1][::step][::-1]


def animate(fig: go.Figure, what_name: str, what: pd.Series, said: pd.Series, window, ms: int = 140,
            max_frames: int = 40) -> go.Figure:
    """Add a Play button that draws the what-if line day by day across `window` (in steps of several days
    when the window is longer than `max_frames` days, so the figure stays small and the page fast); each
    frame's title says the day and the numbers (`said`: one sentence per day). The baseline stays drawn."""
    days = frame_days(what, window, max_frames)
    idx = next(i for i, t in enumerate(fig.data) if t.name == what_name)
    # Dates as plain days ("2024-11-01", not an ISO timestamp with microseconds): every frame carries the line
    # so far, and the long spelling made a presenter chart 700 kB on every slider move (issue 23).
    full_x = what.index.strftime("%Y-%m-%d").to_numpy() if isinstance(what.index, pd.DatetimeIndex) else what.index
    full_y = what.to_numpy()
    frames = []
    for day in days:
        n = int(what.index.get_indexer([day])[0]) + 1
        frames.append(go.Frame(name=f"{day:%Y-%m-%d}", traces=[idx],
                               data=[go.Scatter(x=full_x[:n], y=full_y[:n])],
                               layout=dict(title=dict(text=said.get(day, f"{day:%d %b %Y}")))))
    fig.frames = frames
    play = dict(label="▶ Play", method="animate",
                args=[None, dict(frame=dict(duration=ms, redraw=True), transition=dict(duration=0), fromcurrent=False,
                                 mode="immediate")])
    # On the title's line, at the right (the legend sits just above the plot, the title at the left):
    # the figure's top margin is about a third of the plot's height in presenter mode.
    fig.update_layout(updatemenus=[dict(type="buttons", showactive=False, x=1.0, xanchor="right", y=1.32,
                                        yanchor="top", pad=dict(r=0, t=0), font=dict(size=16), buttons=[play])])
    return fig


def animate_spec(spec: dict, what_name: str, what: pd.Series, said: pd.Series, window, ms: int = 140,
                 max_frames: int = 40) -> dict:
    """animate() on a figure's dict (charts.score_lines_spec), in place: the same frames and Play button as
    plotly's to_dict() of the animated Figure, built without a Frame and a validated Scatter per frame (with
    the Figure's copies, a presenter move spent over 100 ms of server CPU on its two charts). Returns spec."""
    days = frame_days(what, window, max_frames)
    idx = next(i for i, t in enumerate(spec["data"]) if t.get("name") == what_name)
    full_x = what.index.strftime("%Y-%m-%d").to_numpy() if isinstance(what.index, pd.DatetimeIndex) else what.index
    full_y = what.to_numpy()
    ends = what.index.get_indexer(days) + 1
    # The days as a list: the JSON of plotly's numpy array of strings (its encoder's fallback makes that
    # list of each frame) without the fallback.
    days_x = np.asarray(full_x).tolist()
    spec["frames"] = [{"data": [{"type": "scatter", "x": days_x[:n], "y": _typed_floats(full_y[:n])}],
                       "layout": {"title": {"text": said.get(day, f"{day:%d %b %Y}")}},
                       "name": f"{day:%Y-%m-%d}", "traces": [idx]} for day, n in zip(days, ends.tolist())]
    spec["layout"]["updatemenus"] = _play_menu(ms)
    return spec


def _typed_floats(y) -> object:
    """What plotly's to_dict() makes of a validated trace's y values (a copy, then typed)."""
    from _plotly_utils.utils import to_typed_array_spec

    return to_typed_array_spec(np.array(y))


_MENUS: dict[int, list] = {}


def _play_menu(ms: int) -> list:
    """animate()'s Play button as plotly validates it into the layout (built once per frame duration)."""
    if ms not in _MENUS:
        fig = go.Figure()
        play = dict(label="▶ Play", method="animate",
                    args=[None, dict(frame=dict(duration=ms, redraw=True), transition=dict(duration=0),
                                     fromcurrent=False, mode="immediate")])
        fig.update_layout(updatemenus=[dict(type="buttons", showactive=False, x=1.0, xanchor="right", y=1.32,
                                            yanchor="top", pad=dict(r=0, t=0), font=dict(size=16), buttons=[play])])
        _MENUS[ms] = fig.to_dict()["layout"]["updatemenus"]
    import copy

    return copy.deepcopy(_MENUS[ms])
