"""Plotly figures (pure: data in, figure out). Every chart has a title and axis labels; colours come from
a palette that stays distinguishable under the common colour-vision deficiencies (Okabe-Ito)."""

from __future__ import annotations

import base64
import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.utils import to_typed_array_spec

from cloutlab.present import chart_labels
from cloutlab.present.text import escape_trace, plot_escape

# Okabe & Ito (2008): eight colours distinguishable with protanopia, deuteranopia and tritanopia.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
KIND_COLOURS = {"original": OKABE_ITO[0], "reply": OKABE_ITO[1], "repost": OKABE_ITO[2], "quote": OKABE_ITO[3]}
FONT = dict(size=16)  # readable on a projector


_GRID = dict(showgrid=True, gridcolor="#e5e5e5", zeroline=False)


def figure(traces: list, title: str, x_title: str, y_title: str, height: int = 420, xaxis: dict | None = None,
           yaxis: dict | None = None, title_layout: dict | None = None, validate: bool = True,
           **layout) -> go.Figure:
    """A figure built in one go with the shared layout (title, axis titles, projector-sized font).

    Built in one constructor call: update_layout and named templates each deep-copy the layout, which
    made most of a page rerun's time. validate=False skips plotly's checking of every property (most of
    the rest), for figures built here from known-good pieces on every slider move (score_lines).
    """
    traces = [escape_trace(t) for t in traces]  # untrusted names/text inert: plotly renders <a>, <b>, <br>
    return go.Figure(data=traces, layout=_layout(title, x_title, y_title, height, xaxis, yaxis, title_layout, layout),
                     _validate=validate)


def _layout(title: str, x_title: str, y_title: str, height: int, xaxis: dict | None, yaxis: dict | None,
            title_layout: dict | None, layout: dict) -> dict:
    base = dict(
        # The title at the very top, so a legend that wraps to two rows on a phone has room under it.
        title=dict(text=plot_escape(title), **{"y": 0.985, "yanchor": "top", **(title_layout or {})}), height=height, font=FONT, plot_bgcolor="white", paper_bgcolor="white",
        xaxis={"title": dict(text=x_title), **_GRID, **(xaxis or {})},
        yaxis={"title": dict(text=y_title), **_GRID, **(yaxis or {})},
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), margin=dict(l=60, r=20, t=90, b=50),
    )
    return {**base, **layout}


_EVENT_COLOURS = {"update": "#D55E00", "outage": "#CC79A7", "quiet": "#999999", "unlink": "#E69F00", "bought": "#009E73"}


@functools.lru_cache(maxsize=64)
def _placed(events: tuple, x0, x1, size: int) -> dict:
    """chart_labels.place, once per set of events and axis: a What-if move draws four charts with the same
    marks. Read-only (shared by every chart that asks)."""
    return chart_labels.place(events, x0, x1, size)


def _marks(events, x0, x1, size: int = 12) -> tuple[list[dict], list[dict]]:
    """Shapes and annotations for the events: quiet stretches shaded, one-day events as dashed lines.

    Labels go where chart_labels.place finds room (never two touching, even on a phone); an event
    without room keeps its shading or line, and its words are in the chart's hover (_hover_marks).
    """
    shapes, notes = [], []
    placed = _placed(tuple(events), x0, x1, size)
    for i, e in enumerate(events):
        colour = _EVENT_COLOURS.get(e.kind, "#000000")
        end = e.end + pd.Timedelta(days=1) if e.end is not None else e.start
        if e.end is not None:
            shapes.append(dict(type="rect", xref="x", yref="paper", x0=e.start, x1=end, y0=0, y1=1,
                               fillcolor=colour, opacity=0.15, line_width=0, layer="below"))
        else:
            shapes.append(dict(type="line", xref="x", yref="paper", x0=e.start, x1=e.start, y0=0, y1=1,
                               line=dict(color=colour, dash="dash", width=2)))
        if i in placed:
            y, anchor, x = placed[i]
            notes.append(dict(x=x, y=y, xref="x", yref="paper", text=e.label, showarrow=False, xanchor=anchor,
                              yanchor="top", bgcolor="rgba(255,255,255,0.75)",
                              font=dict(size=size, color="#555555" if e.end else colour)))
    return shapes, notes


def _hover_marks(events, y: float) -> dict:
    """Every event's words on hover, unlabelled ones included (invisible markers along the bottom): the
    trace as plotly's dict, keys in the order go.Scatter(...).to_plotly_json() gives them (building the
    Scatter to get it was a twentieth of a What-if move's CPU; score_lines still builds one from it)."""
    xs = [e.start + (e.end - e.start) / 2 if e.end is not None else e.start for e in events]
    said = [e.label if e.end is None else f"{e.label}: {e.start:%d %b %Y} to {e.end:%d %b %Y}" for e in events]
    return dict(hovertemplate="%{hovertext}<extra></extra>", hovertext=said,
                marker=dict(color="#000000", opacity=0, size=14), mode="markers", name="events",
                showlegend=False, x=xs, y=[y] * len(xs), type="scatter")


MAX_POINTS = 1_500  # a line drawn with more points than this is thinned: a chart is at most ~1,500 px wide
_DAY_MS = 86_400_000
_WEEK_MS = 7 * _DAY_MS


def _daily_xy(series: pd.Series, thin: bool = True) -> dict:
    """A daily series as plotly x/y: on an unbroken daily index, the first day and a step (x0, dx) instead
    of one date string per point (which were most of a figure's bytes and of its JSON encoding on every
    slider move), thinned to every k-th day beyond MAX_POINTS days (unless not `thin`: presenter mode zooms
    into a few weeks, where every day shows), always ending on the last day."""
    index = series.index
    regular = isinstance(index, pd.DatetimeIndex) and len(index) >= 2 and \
        bool((np.diff(index.to_numpy()) == np.timedelta64(1, "D")).all())
    if not regular:
        return dict(x=index, y=series.to_numpy())
    k = -(-len(index) // MAX_POINTS) if thin else 1  # ceil: 1 up to MAX_POINTS days
    first = (len(index) - 1) % k
    return dict(x0=f"{index[first]:%Y-%m-%d}", dx=k * _DAY_MS, y=series.to_numpy()[first::k])


def score_lines(lines: dict[str, pd.Series], title: str, y_title: str, events=(), y_range=None,
                dashed: tuple[str, ...] = (), x_range=None, big: bool = False, height: int = 420) -> go.Figure:
    """One line per named series (index: day), with events marked. Dashed names (a baseline) are drawn
    thin, black and last, so they stay visible where the other line lies on top of them.

    `x_range` zooms the time axis (the whole history stays one double-click away); `big` sizes type and
    lines for a projector."""
    lines_, hover, layout = _score_parts(lines, events, y_range, dashed, x_range, big)
    traces = [go.Scatter(**kw, _validate=False) for kw in lines_] + \
        ([go.Scatter({k: v for k, v in hover.items() if k != "type"})] if hover is not None else [])
    return figure(traces, title, "Date", y_title, height=height, validate=False, **layout)


def score_lines_spec(lines: dict[str, pd.Series], title: str, y_title: str, events=(), y_range=None,
                     dashed: tuple[str, ...] = (), x_range=None, height: int = 420, big: bool = False) -> dict:
    """score_lines(...).to_dict(), the same dict, built without a plotly Figure: what a page draws.

    A Figure deep-copies its template when built and everything again in to_dict, which drawing it
    calls on every rerun: a quarter of a What-if slider move's CPU went to its four charts. Here the
    template is copied once per process and shared (nothing writes to it), and the traces are plain dicts.
    A test holds the two equal."""
    lines_, hover, layout = _score_parts(lines, events, y_range, dashed, x_range, big)
    data = [escape_trace({**kw, "type": "scatter"}) for kw in lines_]
    if hover is not None:
        data.append(escape_trace(hover))
    for trace in data:  # only traces hold arrays (the layout's dates and ranges do not): walking all was slow
        _typed(trace)
    xaxis, yaxis, title_layout = layout.pop("xaxis", None), layout.pop("yaxis", None), layout.pop("title_layout", None)
    spec = {"data": data, "layout": _layout(title, "Date", y_title, height, xaxis, yaxis, title_layout, layout)}
    spec["layout"]["template"] = _template()
    return spec


def _typed(trace: dict) -> None:
    """convert_to_base64(trace) for the traces built here, whose arrays (numpy or pandas) are top-level
    values and whose nested values (line, marker, lists of labels) hold none: plotly's walk asks every
    value, nested ones too, whether it is an array (a twentieth of a What-if move's CPU)."""
    for key, value in trace.items():
        if isinstance(value, np.ndarray) and value.dtype == _F8 and value.ndim == 1 and value.size:
            # What to_typed_array_spec makes of a line's floats, without its trip through narwhals
            trace[key] = {"dtype": "f8", "bdata": base64.b64encode(np.ascontiguousarray(value)).decode("ascii")}
        elif isinstance(value, (np.ndarray, pd.Series, pd.Index)):
            trace[key] = to_typed_array_spec(value)


_F8 = np.dtype("float64")


_TEMPLATES: dict[int, dict] = {}


def _template() -> dict:
    """The default template as a Figure's to_dict() holds it (Streamlit sets its own as plotly's default)."""
    import plotly.io as pio

    name = pio.templates.default
    template = pio.templates[name] if name else None
    if template is None:
        return {}
    key = id(template)
    if key not in _TEMPLATES:
        _TEMPLATES.clear()  # one default at a time
        _TEMPLATES[key] = go.Figure(layout=dict(template=template), _validate=False).to_dict()["layout"]["template"]
    return _TEMPLATES[key]


def _score_parts(lines: dict[str, pd.Series], events, y_range, dashed, x_range, big: bool):
    """score_lines' pieces: the lines' trace arguments, the events' hover trace (or None) and figure()'s
    keyword arguments."""
    traces = []
    width = 6 if big else 3
    for i, (name, series) in enumerate(lines.items()):
        style = dict(color="#000000", width=width - 1, dash="dash") if name in dashed else \
            dict(color=OKABE_ITO[i % len(OKABE_ITO)], width=width)
        traces.append(dict(name=name, mode="lines", line=style,
                           **_daily_xy(series, thin=not big)))
    traces.sort(key=lambda t: t["name"] in dashed)
    index = next(iter(lines.values())).index if lines else None
    x0, x1 = (index[0], index[-1]) if index is not None and len(index) else (None, None)
    if x_range is not None:
        x0, x1 = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
        events = [e for e in events if (e.end or e.start) >= x0 and e.start <= x1]
    shapes, notes = _marks(events, x0, x1, 18 if big else 12)
    hover = None
    if events:
        low = y_range[0] if y_range else min((float(s.min()) for s in lines.values() if s.notna().any()), default=0.0)
        hover = _hover_marks(events, low)
    extra = dict(font=dict(size=20), margin=dict(l=64, r=12, t=84, b=46),
                 title_layout=dict(x=0.01, xanchor="left", xref="container", y=0.99, yanchor="top", font=dict(size=24)),
                 legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=16))) if big else {}
    big_x = _big_date_ticks(x0, x1) if big and x0 is not None else {}
    layout = dict(xaxis=dict(type="date", range=[x0, x1], **big_x)
                  if x0 is not None else dict(type="date"),
                  yaxis=dict(range=y_range) if y_range else None, shapes=shapes, annotations=notes, **extra)
    return traces, hover, layout


def _big_date_ticks(x0, x1) -> dict:
    """Presenter mode's time axis: at most three level labels (a chart is half of 1280 px), spaced by days,
    weeks, months or years to fit the span; the title goes below them (automargin). Left to Plotly, the
    projector-sized labels were rotated and ran into each other and into the "Date" title at 1280x720."""
    days = (pd.Timestamp(x1) - pd.Timestamp(x0)).days
    for limit, dtick, fmt in ((9, 3 * _DAY_MS, "%-d %b"), (21, _WEEK_MS, "%-d %b"), (42, 2 * _WEEK_MS, "%-d %b"),
                              (84, 4 * _WEEK_MS, "%-d %b"), (180, "M2", "%b"), (545, "M6", "%b %Y"),
                              (1095, "M12", "%Y"), (2190, "M24", "%Y")):
        if days <= limit:
            return dict(dtick=dtick, tickformat=fmt, tickangle=0, automargin=True)
    return dict(dtick="M60", tickformat="%Y", tickangle=0, automargin=True)


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def rank_changes(board: pd.DataFrame, measure: str, label: str) -> go.Figure:
    """A slope chart: each student's rank before and after their strategy on `measure` (1 at the top)."""
    lines = [
        go.Scatter(x=["before", "after"], y=[row[f"rank_{measure}_before"], row[f"rank_{measure}"]],
                   mode="lines+markers+text", name=f"{row['student']}: {row['strategy']}",
                   text=["", _short(f"{row['student']} ({row['strategy']})")], textposition="middle right",
                   line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], width=3), marker=dict(size=10))
        for i, row in board.reset_index(drop=True).iterrows()
    ]
    n = len(board)
    return figure(lines, f"Rank by {label}, before and after the strategies", "Before and after the strategy",
                  "Rank (1 = top)", height=120 + 60 * n, showlegend=False, margin=dict(l=60, r=40, t=90, b=50),
                  xaxis=dict(range=[-0.1, 2.6]),  # room on the right for the labels
                  yaxis=dict(tickvals=list(range(1, n + 1)), range=[n + 0.5, 0.5]))
