"""Presenter mode's pure parts: where the what-if changed things (to zoom the time axis there), a y range
that makes the change fill the chart, and a day-by-day animation of the scenario.

On a two-year axis a one-week break is a few pixels at the right edge; zoomed to the changed period with
the y axis fitted to what is visible, the same drop is a cliff.
"""

from __future__ import annotations

import base64

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


def frame_lines(what: pd.Series, days, x_from=None, stepped: bool = False) -> list[tuple[dict, np.ndarray]]:
    """What each Play frame of `days` carries of the what-if line so far: (the trace's x keys, its y).

    Plotly.js replaces a trace's arrays with the frame's and keeps what the frame leaves out, and draws as
    many points as the shorter of x and y has (all of y when the days are a first day and a step, x0 and
    dx). Every frame carrying the whole line so far made a presenter chart about 420 kB on every slider
    move (issue 23); here, all the same on screen:
    - the last frame carries the whole line, in float64: after Play the chart is the static one;
    - the others carry y as float32 (an error of a ten-millionth of the value, far below a pixel) from the
      last day before the x axis starts (`x_from`, zoomed; the days before it are off the chart), and where
      it starts: its x0 when the trace is `stepped` (x0 and dx), else either no x (the trace keeps its
      days, y from the first day) or the days themselves, whichever is the smaller, the same for every
      frame (a frame without x keeps the previous one's).
    """
    full_y = what.to_numpy(dtype=float)
    ends = (what.index.get_indexer(days) + 1).tolist()
    if not ends:
        return []
    dated = isinstance(what.index, pd.DatetimeIndex)
    lo = max(0, int(what.index.searchsorted(pd.Timestamp(x_from))) - 1) if x_from is not None and dated else 0
    y32 = full_y.astype(np.float32)
    if stepped:
        days_ = what.index.strftime("%Y-%m-%d")
        return [({"x0": days_[min(lo, n - 1)]}, y32[min(lo, n - 1):n]) for n in ends[:-1]] + \
            [({"x0": days_[0]}, full_y[:ends[-1]])]
    full_x = np.asarray(what.index.strftime("%Y-%m-%d") if dated else what.index).tolist()
    # Bytes in the message: a float32 in base64 is 16/3 characters, a quoted day and its comma 13.
    cut = lo > 0 and sum(n - lo for n in ends[:-1]) * (13 + 16 / 3) < sum(ends[:-1]) * 16 / 3
    lines = [({"x": full_x[min(lo, n - 1):n]}, y32[min(lo, n - 1):n]) if cut else ({}, y32[:n]) for n in ends[:-1]]
    return lines + [({"x": full_x[:ends[-1]]}, full_y[:ends[-1]])]


def _axis_start(xaxis) -> object:
    """The first day on a figure's x axis (its range's start), or None."""
    rng = xaxis.get("range") if isinstance(xaxis, dict) else getattr(xaxis, "range", None)
    return rng[0] if rng else None


def animate(fig: go.Figure, what_name: str, what: pd.Series, said: pd.Series, window, ms: int = 140,
            max_frames: int = 40) -> go.Figure:
    """Add a Play button that draws the what-if line day by day across `window` (in steps of several days
    when the window is longer than `max_frames` days, so the figure stays small and the page fast); each
    frame's title says the day and the numbers (`said`: one sentence per day). The baseline stays drawn:
    the frames update the what-if trace only, with the least of the line they can (frame_lines)."""
    days = frame_days(what, window, max_frames)
    idx = next(i for i, t in enumerate(fig.data) if t.name == what_name)
    frames = []
    stepped = fig.data[idx].x is None and fig.data[idx].x0 is not None
    for day, (x, y) in zip(days, frame_lines(what, days, _axis_start(fig.layout.xaxis), stepped)):
        frames.append(go.Frame(name=f"{day:%Y-%m-%d}", traces=[idx],
                               data=[go.Scatter(**{k: np.array(v) if k == "x" else v for k, v in x.items()}, y=y)],
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
    frames = []
    stepped = "x" not in spec["data"][idx] and "x0" in spec["data"][idx]
    for day, (x, y) in zip(days, frame_lines(what, days, _axis_start(spec["layout"].get("xaxis")), stepped)):
        data = {"type": "scatter", **x, "y": _typed(y)}
        frames.append({"data": [data], "layout": {"title": {"text": said.get(day, f"{day:%d %b %Y}")}},
                       "name": f"{day:%Y-%m-%d}", "traces": [idx]})
    spec["frames"] = frames
    spec["layout"]["updatemenus"] = _play_menu(ms)
    return spec


def _typed(y: np.ndarray) -> dict:
    """What plotly's to_dict() makes of a validated trace's float y values (float32 or float64)."""
    return {"dtype": "f4" if y.dtype == np.float32 else "f8",
            "bdata": base64.b64encode(np.ascontiguousarray(y)).decode("ascii")}


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
