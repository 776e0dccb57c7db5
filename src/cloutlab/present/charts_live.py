"""The live class's chart: how the room answered a prediction, with the true answer marked once revealed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cloutlab.present.charts import FONT, OKABE_ITO
from cloutlab.present.text import plot_escape


def answers(counts: pd.DataFrame, truth: str | None, title: str) -> go.Figure:
    """counts: tally.answers (Answer, Students). truth: the right answer, marked in another colour."""
    colours = [OKABE_ITO[2] if truth is not None and a == truth else OKABE_ITO[0] for a in counts["Answer"]]
    labels = [plot_escape(a) + (" (the answer)" if a == truth else "") for a in counts["Answer"]]
    fig = go.Figure(go.Bar(x=counts["Students"], y=labels, orientation="h", marker_color=colours,
                           text=counts["Students"], textposition="auto", name="Students",
                           hovertemplate="%{y}: %{x} students<extra></extra>"))
    fig.update_layout(title=dict(text=plot_escape(title)), font=FONT, height=120 + 60 * len(counts),
                      margin=dict(l=10, r=10, t=60, b=50), showlegend=False,
                      xaxis=dict(title=dict(text="Students"), rangemode="tozero", dtick=1 if counts["Students"].max() < 10 else None),
                      yaxis=dict(title=dict(text="Answer"), autorange="reversed"))
    return fig
