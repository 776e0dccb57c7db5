"""Home's chart as plain HTML (issue 23, "cold first chart <= 2 s").

A Plotly chart is drawn by a 4.7 MB script that a fresh browser fetches and compiles after the page's first
message: about a second on this machine, most of the time before the first chart appeared. The landing page's
one chart, stacked bars of items per week, needs no zoom, so it is drawn here as markup the browser lays out at
once: boxes, no SVG and no script, which st.html keeps through its sanitiser. The words (title, legend, ticks,
axis titles) keep their size on a projector and on a phone while the bars stretch to the width; a week's title
attribute is its hover text; the figure's aria-label says what the chart shows. Every string is escaped: a kind
or a title never becomes markup, and none reaches the CSS (a kind's colour goes by its place in the legend).
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from cloutlab.present.charts import FONT, KIND_COLOURS

HEIGHT = 300  # px of the plot area; with title, legend and ticks about Plotly's 420
_CSS = """<style>
.cl-chart { margin: .2rem 0 1rem; font-size: %dpx; color: #262730; }
.cl-chart .cl-title { font-size: 1.15em; margin: 0 0 .3rem; }
.cl-chart .cl-legend { display: flex; flex-wrap: wrap; gap: .2rem 1rem; margin-bottom: .6rem; }
.cl-chart .cl-legend i { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -.05em; }
.cl-chart .cl-body { display: flex; align-items: flex-start; }
.cl-chart .cl-ytitle { writing-mode: vertical-rl; transform: rotate(180deg); text-align: center; margin-right: .3rem;
  height: %dpx; }
.cl-chart .cl-yticks { position: relative; flex: none; min-width: 2.2em; margin-right: .4rem; }
.cl-chart .cl-yticks span { position: absolute; right: 0; transform: translateY(50%%); line-height: 1; }
.cl-chart .cl-main { flex: 1; min-width: 0; }
.cl-chart .cl-plot { position: relative; border-bottom: 1px solid #bbb; }
.cl-chart .cl-grid { position: absolute; left: 0; right: 0; border-top: 1px solid #e5e5e5; }
.cl-chart .cl-weeks { position: absolute; inset: 0; display: flex; align-items: flex-end; }
.cl-chart .cl-week { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column-reverse; }
.cl-chart .cl-week > i { display: block; flex-basis: 0; }
.cl-chart .cl-xticks { position: relative; height: 1.4em; margin-top: .3rem; }
.cl-chart .cl-xticks span { position: absolute; transform: translateX(-50%%); white-space: nowrap; }
.cl-chart .cl-xtitle { text-align: center; margin-top: .2rem; }
</style>""" % (FONT["size"], HEIGHT)


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least `top`, at most `most` + 1 values."""
    if top <= 1:
        return [0, 1]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = int(max(step, 1))  # items are whole: no tick at 0.5
    return [i * step for i in range(max(1, math.ceil(top / step - 1e-9)) + 1)]


def date_ticks(first: pd.Timestamp, last: pd.Timestamp) -> list[tuple[pd.Timestamp, str]]:
    """Dates between first and last to mark on the axis: the first of every month, quarter, year, second or
    fifth year, whichever gives at most seven."""
    months = pd.date_range(first, last, freq="MS")
    if months.empty:  # under a month of data: its first day
        return [(first, first.strftime("%Y-%m-%d"))]
    for days, fmt in ((months, "%b %Y"), (months[months.month % 3 == 1], "%b %Y")):
        if len(days) <= 7:
            return [(d, d.strftime(fmt)) for d in days]
    years = pd.date_range(first, last, freq="YS")
    for every in (1, 2, 5, 10, 20):
        days = years[years.year % every == 0]
        if len(days) <= 7:
            return [(d, d.strftime("%Y")) for d in days]
    return [(d, d.strftime("%Y")) for d in years[:: math.ceil(len(years) / 7)]]


def _summary(title: str, wide: pd.DataFrame) -> str:
    totals = wide.sum(axis=1)
    busiest = totals.idxmax()
    return (f"{title}: {len(wide)} weeks from {wide.index[0]:%Y-%m-%d} to {wide.index[-1]:%Y-%m-%d}, "
            f"{int(totals.sum()):,} items in all; the busiest week began {busiest:%Y-%m-%d} "
            f"with {int(totals[busiest]):,} items.")


def stacked_weeks(weekly: pd.DataFrame, title: str = "Items per week, by kind", x_title: str = "Week",
                  y_title: str = "Items posted") -> str:
    """Stacked bars of items per week by kind (weekly.items_per_week's long frame) as an HTML fragment.
    With no weeks, a sentence instead of an empty frame."""
    if weekly.empty or weekly["items"].sum() == 0:
        return f'<p class="cl-chart-empty">{escape(title)}: no items posted in this dataset.</p>'
    wide = weekly.pivot_table(index="week", columns="kind", values="items", aggfunc="sum", fill_value=0, sort=True)
    kinds = [k for k in dict.fromkeys(weekly["kind"]) if k in wide.columns]
    wide = wide[kinds]
    totals = wide.sum(axis=1)
    yticks = nice_ticks(float(totals.max()))
    ymax = yticks[-1]
    # Light grid lines, as the Plotly charts have, then one column per week: its height the week's total, its
    # parts each kind's share, bottom up in legend order. A column's title is its hover text.
    grid = "".join(f'<div class="cl-grid" style="bottom:{100 * y / ymax:.2f}%"></div>' for y in yticks[1:])
    counts = wide.to_numpy(dtype=float)
    heights = 100 * counts.sum(axis=1) / ymax
    names = [escape(k) for k in kinds]
    weeks = []
    for week, row, height in zip(wide.index, counts, heights):
        said = ", ".join(f"{int(v):,} {name}" for v, name in zip(row, names) if v) or "nothing posted"
        parts = "".join(f'<i class="k{j}" style="flex-grow:{v:g}"></i>' for j, v in enumerate(row) if v > 0)
        weeks.append(f'<div class="cl-week" title="Week of {week:%Y-%m-%d}: {said}" style="height:{height:.2f}%">'
                     f'{parts}</div>')
    first, last = wide.index[0], wide.index[-1] + pd.Timedelta(days=7)
    at = [(100 * (d - first) / (last - first), label) for d, label in date_ticks(first, last)]
    xticks = "".join(f'<span style="left:{x:.2f}%">{escape(label)}</span>' for x, label in at if 0 <= x <= 100)
    yspans = "".join(f'<span style="bottom:{100 * y / ymax:.2f}%">{y:,}</span>' for y in yticks)
    legend = "".join(f'<span data-kind="{name}"><i class="k{j}"></i>{name}</span>' for j, name in enumerate(names))
    # A colour per kind by its place in the legend: no string from the data ever lands in the CSS.
    colours = "".join(f".cl-chart .k{j} {{ background: {KIND_COLOURS.get(k, '#000000')}; }}"
                      for j, k in enumerate(kinds))
    gap = "1px" if len(wide) <= 200 else "0"  # a gap between weeks while a week is a few pixels wide
    return (
        f'{_CSS}<style>{colours}</style>'
        f'<figure class="cl-chart" role="img" aria-label="{escape(_summary(title, wide))}">'
        f'<figcaption class="cl-title">{escape(title)}</figcaption><div class="cl-legend">{legend}</div>'
        f'<div class="cl-body"><div class="cl-ytitle">{escape(y_title)}</div>'
        f'<div class="cl-yticks" style="height:{HEIGHT}px">{yspans}</div><div class="cl-main">'
        f'<div class="cl-plot" style="height:{HEIGHT}px">{grid}<div class="cl-weeks" style="gap:{gap}">{"".join(weeks)}'
        f'</div></div><div class="cl-xticks">{xticks}</div><div class="cl-xtitle">{escape(x_title)}</div></div></div>'
        '</figure>'
    )
