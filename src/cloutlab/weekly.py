"""Weekly roll-ups of the daily activity frame (for charts and the Home summary)."""

from __future__ import annotations

import pandas as pd

from .schema import KINDS


def items_per_week(daily: pd.DataFrame) -> pd.DataFrame:
    """Long frame: week (Monday), kind, items, summed over platforms."""
    frame = daily.assign(week=daily["day"].dt.to_period("W-SUN").dt.start_time)
    wide = frame.groupby("week", as_index=False)[list(KINDS)].sum()
    return wide.melt(id_vars="week", var_name="kind", value_name="items")


def summary(daily: pd.DataFrame) -> dict:
    """Totals for the at-a-glance panel: items, by kind, date range, reactions per original post."""
    totals = {k: int(daily[k].sum()) for k in ("items", *KINDS)}
    active = daily[daily["items"] > 0]
    own = totals["original"] + totals["quote"]
    likes = daily["likes"].sum(min_count=1)
    reposts = daily["reposts"].sum(min_count=1)
    return {
        **totals,
        "first": active["day"].min() if len(active) else None,
        "last": active["day"].max() if len(active) else None,
        "likes_per_post": None if pd.isna(likes) or own == 0 else float(likes) / own,
        "reposts_per_post": None if pd.isna(reposts) or own == 0 else float(reposts) / own,
        "active_days": int(active["day"].nunique()),
    }
