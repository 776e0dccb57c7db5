"""Plotly figures (pure: data in, figure out). Every chart has a title and axis labels; colours come from
a palette that stays distinguishable under the common colour-vision deficiencies (Okabe-Ito)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe & Ito (2008): eight colours distinguishable with protanopia, deuteranopia and tritanopia.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
KIND_COLOURS = {"original": OKABE_ITO[0], "reply": OKABE_ITO[1], "repost": OKABE_ITO[2], "quote": OKABE_ITO[3]}
FONT = dict(size=16)  # readable on a projector


_GRID = dict(showgrid=True, gridcolor="#e5e5e5", zeroline=False)


def figure(traces: list, title: str, x_title: str, y_title: str, height: int = 420, xaxis: dict | None = None,
           yaxis: dict | None = None, **layout) -> go.Figure:
    """A figure built in one go with the shared layout (title, axis titles, projector-sized font).

    Built in one constructor call: update_layout and named templates each deep-copy the layout, which
    made most of a page rerun's time.
    """
    base = dict(
        title=dict(text=title), height=height, font=FONT, plot_bgcolor="white", paper_bgcolor="white",
        xaxis=dict(title=dict(text=x_title), **_GRID, **(xaxis or {})),
        yaxis=dict(title=dict(text=y_title), **_GRID, **(yaxis or {})),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), margin=dict(l=60, r=20, t=90, b=50),
    )
    return go.Figure(data=traces, layout={**base, **layout})


def items_per_week(weekly: pd.DataFrame, title: str = "Items per week, by kind") -> go.Figure:
    """Stacked bars of items per week by kind (from weekly.items_per_week)."""
    bars = [go.Bar(x=part["week"], y=part["items"], name=kind, marker_color=KIND_COLOURS.get(kind))
            for kind, part in weekly.groupby("kind", sort=False)]
    return figure(bars, title, "Week", "Items posted", barmode="stack", bargap=0.05)


_EVENT_COLOURS = {"update": "#D55E00", "outage": "#CC79A7", "quiet": "#999999", "unlink": "#E69F00", "bought": "#009E73"}


def _marks(events, x0, x1) -> tuple[list[dict], list[dict]]:
    """Shapes and annotations for the events: quiet stretches shaded, one-day events as dashed lines.

    Labels are staggered over three rows and anchored on the side with room, so they neither pile up
    nor push the x axis past the data.
    """
    shapes, notes = [], []
    span = (x1 - x0) if x1 is not None else None
    for i, e in enumerate(events):
        colour = _EVENT_COLOURS.get(e.kind, "#000000")
        end = e.end + pd.Timedelta(days=1) if e.end is not None else e.start
        if e.end is not None:
            shapes.append(dict(type="rect", xref="x", yref="paper", x0=e.start, x1=end, y0=0, y1=1,
                               fillcolor=colour, opacity=0.15, line_width=0, layer="below"))
        else:
            shapes.append(dict(type="line", xref="x", yref="paper", x0=e.start, x1=e.start, y0=0, y1=1,
                               line=dict(color=colour, dash="dash", width=2)))
        late = span is not None and (e.start - x0) > 0.7 * span
        notes.append(dict(x=end if late else e.start, y=0.99 - 0.09 * (i % 3), xref="x", yref="paper", text=e.label,
                          showarrow=False, xanchor="right" if late else "left", yanchor="top",
                          bgcolor="rgba(255,255,255,0.75)", font=dict(size=12, color="#555555" if e.end else colour)))
    return shapes, notes


def score_lines(lines: dict[str, pd.Series], title: str, y_title: str, events=(), y_range=None,
                dashed: tuple[str, ...] = ()) -> go.Figure:
    """One line per named series (index: day), with events marked. Dashed names (a baseline) are drawn
    thin, black and last, so they stay visible where the other line lies on top of them."""
    traces = []
    for i, (name, series) in enumerate(lines.items()):
        style = dict(color="#000000", width=2, dash="dash") if name in dashed else \
            dict(color=OKABE_ITO[i % len(OKABE_ITO)], width=3)
        traces.append(go.Scatter(x=series.index, y=series.to_numpy(), name=name, mode="lines", line=style))
    traces.sort(key=lambda t: t.name in dashed)
    index = next(iter(lines.values())).index if lines else None
    x0, x1 = (index[0], index[-1]) if index is not None and len(index) else (None, None)
    shapes, notes = _marks(events, x0, x1)
    return figure(traces, title, "Date", y_title, xaxis=dict(range=[x0, x1]) if x0 is not None else None,
                  yaxis=dict(range=y_range) if y_range else None, shapes=shapes, annotations=notes)


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
