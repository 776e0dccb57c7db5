"""Event labels that never overlap, on any screen.

A real archive can have dozens of quiet spells; printed one label each they pile on top of each other. We
place labels greedily on a few rows, most important first (algorithm updates, outages, bought followers,
unlinked networks, then the longest quiet spells), and any label that would touch another on the NARROWEST
plot we draw (a 390 px phone) keeps no text: its shading stays and its words move to the chart's hover.
Positions are in data units, widths in pixels, so a wider screen only spreads the labels further apart:
no overlap at the narrowest width means none at any width.
"""

from __future__ import annotations

import pandas as pd

MIN_PLOT_PX = 280  # plot area of a half-width chart on a 390 px phone (margins and padding taken off)
PLOT_HEIGHT_PX = 280  # plot area of a default chart (420 px figure minus the 90 + 50 px margins)
ROWS = (0.99, 0.90, 0.81)  # paper heights of the label rows (25 px apart at 280 px)
CHAR_EM = 0.62  # width of an average character in em (generous for system sans-serif, digits included)
PAD_PX = 6  # the label box's border padding and a hair of air between two labels


def text_width(text: str, size: float) -> float:
    return len(text) * CHAR_EM * size + PAD_PX


def box(x_frac: float, y_paper: float, text: str, size: float, anchor: str, width_px: float = MIN_PLOT_PX,
        height_px: float = PLOT_HEIGHT_PX) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in pixels of a label anchored at `x_frac` of the plot width, top at `y_paper`."""
    w = text_width(text, size)
    x = x_frac * width_px
    left = x if anchor == "left" else x - w
    top = (1 - y_paper) * height_px
    return left, top, left + w, top + size * 1.3 + 4


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _priority(e) -> tuple:
    # One-day events first (there are few and each is a story), then quiet spells, the longest first.
    length = (e.end - e.start).days if e.end is not None else 10_000
    return (e.kind == "quiet", -length, e.start)


def place(events, x0: pd.Timestamp, x1: pd.Timestamp, size: float = 12,
          width_px: float = MIN_PLOT_PX) -> dict[int, tuple[float, str, float]]:
    """{index in events: (y_paper, xanchor, x)} for the labels that fit; the others get none."""
    span = (x1 - x0) / pd.Timedelta(days=1) if x1 is not None and x1 > x0 else None
    if span is None:
        return {}
    placed: dict[int, tuple[float, str, float]] = {}
    taken: list[tuple] = []
    for i, e in sorted(enumerate(events), key=lambda ie: _priority(ie[1])):
        end = e.end + pd.Timedelta(days=1) if e.end is not None else e.start
        late = (e.start - x0) / pd.Timedelta(days=1) > 0.7 * span
        sides = [("left", max(e.start, x0)), ("right", min(end, x1))]  # inside the axis
        for y in ROWS:
            fits = None
            for anchor, x in (sides[::-1] if late else sides):  # the side with room first
                frac = (x - x0) / pd.Timedelta(days=1) / span
                b = box(frac, y, e.label, size, anchor, width_px)
                if b[0] >= -1 and b[2] <= width_px + 1 and not any(overlaps(b, t) for t in taken):
                    fits = (b, anchor, x)
                    break
            if fits:
                taken.append(fits[0])
                placed[i] = (y, fits[1], fits[2])
                break
    return placed


def figure_boxes(fig, width_px: float = MIN_PLOT_PX, height_px: float = PLOT_HEIGHT_PX) -> list[tuple]:
    """Estimated pixel boxes of a figure's text annotations placed on the x axis (what a test checks)."""
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    span = (hi - lo) / pd.Timedelta(days=1)
    out = []
    for a in fig.layout.annotations:
        if a.xref != "x" or not a.text:
            continue
        frac = (pd.Timestamp(a.x) - lo) / pd.Timedelta(days=1) / span
        out.append(box(frac, a.y, a.text, a.font.size or 12, a.xanchor, width_px, height_px))
    return out
