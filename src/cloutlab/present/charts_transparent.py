"""Figures for the transparent side: the composite's published curve.

Pure, like charts.py (data in, plotly figure out), with the same Okabe-Ito palette and layout.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cloutlab.present.charts import OKABE_ITO, figure


def composite_curve(curve: pd.DataFrame, title: str = "The composite's published curve") -> go.Figure:
    """Score (1 to 1,000) against points in the window, on a log axis (from ledger.composite_curve)."""
    shown = curve[curve["points"] > 0]  # a log axis has no 0; 0 points score 1 by definition
    line = go.Scatter(x=shown["points"], y=shown["score"], mode="lines", name="score",
                      line=dict(color=OKABE_ITO[0], width=3))
    return figure([line], title, "Points received in the window (log scale)", "Composite (1 to 1,000)",
                  xaxis=dict(type="log"), yaxis=dict(range=[0, 1050]))
