"""Classroom figures (pure, like charts.py): the black box as a waterfall, and slope charts of what each
student's strategy did to a number, in percent of their own starting point."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from cloutlab.present.charts import OKABE_ITO, figure
from cloutlab.present.text import plot_escape


def waterfall(steps: pd.DataFrame, title: str = "How the black box adds up your score") -> go.Figure:
    """From blackbox.waterfall: a bar per step, rising or falling, and the final score as a total bar.
    Each bar is labelled with its points, so a class can add them up by hand."""
    shown = steps[(steps["cents"] != 0) | (steps.index == 0)]
    total = int(steps["cents"].sum())
    labels = [*shown["step"], "your score"]
    values = [*shown["points"], total / 100]
    measure = ["absolute", *["relative"] * (len(shown) - 1), "total"]
    text = [f"{values[0]:.2f}", *[f"{v:+.2f}" for v in values[1:-1]], f"{total / 100:.2f}"]
    bar = go.Waterfall(
        y=labels, x=values, measure=measure, orientation="h", text=text, textposition="outside",
        cliponaxis=False, name="points", connector=dict(line=dict(color="#999999", width=1)),
        increasing=dict(marker=dict(color=OKABE_ITO[2])), decreasing=dict(marker=dict(color=OKABE_ITO[5])),
        totals=dict(marker=dict(color=OKABE_ITO[0])), hovertemplate="%{y}: %{text} points<extra></extra>",
    )
    top = max(total / 100, steps["cents"].cumsum().max() / 100)
    return figure([bar], title, "Points (1 to 100)", "What counts", height=110 + 44 * len(labels), showlegend=False,
                  xaxis=dict(range=[0, max(10.0, math.ceil(top * 1.25 / 10) * 10)]),
                  yaxis=dict(autorange="reversed", automargin=True),
                  margin=dict(l=20, r=30, t=70, b=50))


def _pct(before, after) -> float | None:
    if before is None or after is None or pd.isna(before) or pd.isna(after) or before == 0:
        return None
    return (float(after) - float(before)) / abs(float(before)) * 100


def change_slopes(board: pd.DataFrame, measures: dict[str, str],
                  title: str = "What each strategy changed (% of own start)") -> go.Figure:
    """Slope charts side by side on one axis: for each measure (key -> label) a pair of positions, before
    (every student at 0%, their own start) and after (their change). A student with no change stays flat,
    so a climb is a real climb and units never mix (book sales against tickets)."""
    lines, ends, notes, ticks = [], [], [], []
    for j, (m, label) in enumerate(measures.items()):
        x0 = j * 1.6  # a gap between the measures
        ticks += [(x0, "before"), (x0 + 1, "after")]
        notes.append(dict(x=x0 + 0.5, y=1.0, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                          text=f"<b>{label}</b>", font=dict(size=15, color="#000000")))
        for i, row in board.reset_index(drop=True).iterrows():
            pct = _pct(row.get(f"{m}_before"), row.get(m))
            if pct is None:
                continue
            ends.append(pct)
            lines.append(go.Scatter(
                x=[x0, x0 + 1], y=[0, pct], mode="lines+markers",
                name=f"{row['student']} ({row['strategy']})", legendgroup=str(row["student"]), showlegend=j == 0,
                line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], width=3, dash="solid" if j == 0 else "dot"),
                marker=dict(size=10), hovertemplate=f"{_template_text(row['student'])}: %{{y:+.1f}}% ({label})<extra></extra>"))
    lo, hi = min(ends + [0.0]), max(ends + [0.0])
    pad = max(5.0, (hi - lo) * 0.1)
    return figure(lines, title, "Before and after, per measure", "Change from own start (%)", height=560,
                  showlegend=True, annotations=notes,
                  xaxis=dict(tickvals=[t for t, _ in ticks], ticktext=[t for _, t in ticks],
                             range=[-0.3, (len(measures) - 1) * 1.6 + 1.3]),
                  yaxis=dict(range=[lo - pad, hi + pad], ticksuffix="%", zeroline=True, zerolinecolor="#555555"),
                  legend=dict(orientation="h", yanchor="top", y=-0.2, x=0), margin=dict(l=70, r=20, t=100, b=190))


def _template_text(text: str) -> str:
    """A student's name inside a hovertemplate: HTML made inert, and '%{' kept from reading as a variable."""
    return plot_escape(str(text)).replace("%{", "%\u200b{")
