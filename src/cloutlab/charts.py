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
