"""Weekly roll-ups of the daily activity frame (for charts and the Home page's totals)."""

from __future__ import annotations

import pandas as pd

from cloutlab import platforms
from cloutlab.activity import carried
from cloutlab.schema import KINDS


def items_per_week(daily: pd.DataFrame) -> pd.DataFrame:
    """Long frame: week (Monday), kind, items, summed over platforms."""
    frame = daily.assign(week=daily["day"].dt.to_period("W-SUN").dt.start_time)
    wide = frame.groupby("week", as_index=False)[list(KINDS)].sum()
    return wide.melt(id_vars="week", var_name="kind", value_name="items")


def totals(daily: pd.DataFrame) -> dict:
    """Totals for the at-a-glance panel: items, by kind, date range, reactions per original post."""
    totals = {k: int(daily[k].sum()) for k in ("items", *KINDS)}
    active = daily[daily["items"] > 0]
    likes_pp, likes_over, likes_without = _per_post(daily, "likes_received")
    reposts_pp, reposts_over, reposts_without = _per_post(daily, "reposts_received")
    return {
        **totals,
        "first": active["day"].min() if len(active) else None,
        "last": active["day"].max() if len(active) else None,
        "likes_per_post": likes_pp,
        "reposts_per_post": reposts_pp,
        # The platforms each rate counts, when some of the dataset's exports lack the count (else None).
        "likes_over": likes_over,
        "reposts_over": reposts_over,
        # ... and then the platforms whose exports lack it.
        "likes_without": likes_without,
        "reposts_without": reposts_without,
        "active_days": int(active["day"].nunique()),
    }


def _per_post(daily: pd.DataFrame, col: str) -> tuple[float | None, list[str] | None, list[str] | None]:
    """`col` received per original post, over the platforms whose export carries `col` only: an export
    without likes must not dilute the X account's rate (issue 10). Returns (rate or None, then the names
    of the platforms counted and of those left out when that is not all of them, else None and None)."""
    known = carried(daily, (col,))
    on = daily["platform"].isin(known[known].index)
    part = daily[on]
    own = int(part["original"].sum() + part["quote"].sum())
    rate = float(part[col].sum()) / own if on.any() and own else None
    if not known.any() or known.all():
        return rate, None, None
    return rate, [platforms.name(p) for p in sorted(known[known].index)], [platforms.name(p) for p in sorted(known[~known].index)]
