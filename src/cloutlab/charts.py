"""Plotly figures (pure: data in, figure out). Every chart has a title and axis labels; colours come from
a palette that stays distinguishable under the common colour-vision deficiencies (Okabe-Ito)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

# Okabe & Ito (2008): eight colours distinguishable with protanopia, deuteranopia and tritanopia.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
KIND_COLOURS = {"original": OKABE_ITO[0], "reply": OKABE_ITO[1], "repost": OKABE_ITO[2], "quote": OKABE_ITO[3]}
FONT = dict(size=16)  # readable on a projector


def _layout(fig: go.Figure, title: str, x: str, y: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=dict(text=title), xaxis_title=x, yaxis_title=y, height=height, font=FONT,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), margin=dict(l=60, r=20, t=90, b=50),
        template="plotly_white",
    )
    return fig


def items_per_week(weekly: pd.DataFrame, title: str = "Items per week, by kind") -> go.Figure:
    """Stacked bars of items per week by kind (from weekly.items_per_week)."""
    fig = go.Figure()
    for kind, part in weekly.groupby("kind", sort=False):
        fig.add_bar(x=part["week"], y=part["items"], name=kind, marker_color=KIND_COLOURS.get(kind))
    fig.update_layout(barmode="stack", bargap=0.05)
    return _layout(fig, title, "Week", "Items posted")


_EVENT_COLOURS = {"update": "#D55E00", "outage": "#CC79A7", "quiet": "#999999", "unlink": "#E69F00", "bought": "#009E73"}


def _mark(fig: go.Figure, events) -> None:
    """Shade quiet spells and draw a labelled line for each one-day event."""
    for i, e in enumerate(events):
        colour = _EVENT_COLOURS.get(e.kind, "#000000")
        if e.end is not None:
            fig.add_vrect(x0=e.start, x1=e.end + pd.Timedelta(days=1), fillcolor=colour, opacity=0.15, line_width=0)
            fig.add_annotation(x=e.start, y=1, yref="paper", text=e.label, showarrow=False, xanchor="left",
                               yanchor="bottom", font=dict(size=12, color="#555555"))
        else:
            fig.add_vline(x=e.start, line_dash="dash", line_color=colour)
            fig.add_annotation(x=e.start, y=0.98 - 0.08 * (i % 3), yref="paper", text=e.label, showarrow=False,
                               xanchor="left", bgcolor="rgba(255,255,255,0.7)", font=dict(size=12, color=colour))


def score_lines(lines: dict[str, pd.Series], title: str, y_title: str, events=(), y_range=None,
                dashed: tuple[str, ...] = ()) -> go.Figure:
    """One line per named series (index: day), with events marked. Dashed names are drawn dashed."""
    fig = go.Figure()
    for i, (name, s) in enumerate(lines.items()):
        fig.add_scatter(x=s.index, y=s.to_numpy(), name=name, mode="lines",
                        line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], width=3, dash="dash" if name in dashed else None))
    _mark(fig, events)
    if y_range:
        fig.update_yaxes(range=y_range)
    return _layout(fig, title, "Date", y_title)


def rank_changes(board: pd.DataFrame, measure: str, label: str) -> go.Figure:
    """A slope chart: each student's rank before and after their strategy on `measure` (1 at the top)."""
    fig = go.Figure()
    for i, row in board.reset_index(drop=True).iterrows():
        before, after = row[f"rank_{measure}_before"], row[f"rank_{measure}"]
        fig.add_scatter(x=["before", "after"], y=[before, after], mode="lines+markers+text",
                        name=f"{row['student']}: {row['strategy']}",
                        text=["", f"{row['student']} ({row['strategy']})"], textposition="middle right",
                        line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], width=3), marker=dict(size=10))
    n = len(board)
    fig.update_yaxes(autorange="reversed", tickvals=list(range(1, n + 1)), range=[n + 0.5, 0.5])
    fig.update_xaxes(range=[-0.2, 2.2])
    fig = _layout(fig, f"Rank by {label}, before and after the strategies", "", "Rank (1 = top)",
                  height=120 + 60 * n)
    fig.update_layout(showlegend=False)
    return fig
