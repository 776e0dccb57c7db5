"""A simulated real-world outcome (book sales, blog visits...) driven by genuine engagement only.

People who said "the only number that matters is on my royalty cheque" had a point: a score can be gamed,
an outcome mostly cannot. The formula is published and deliberately simple:

    outcome per week = rate x sum over the week of
        (replies received + reposts received + 0.2 x (likes received - likes from a ring)
         + 0.3 x min(replies to others, 10)) x attention

    attention = 1 / (1 + (items that day / 25)^2)   (people mute an account that floods them)

Bought followers never react, so they add nothing; an engagement ring's reactions are subtracted; replies
to others help a little (relationships), but only the first ten a day. Counts an export does not carry
contribute nothing (the outcome is then an underestimate, and the UI says so).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .scores.inputs import ScoreInput

FORMULA = (
    r"\text{outcome}_{week} = r \sum_{d \in week} \frac{\text{replies}_d + \text{reposts}_d"
    r" + 0.2\,(\text{likes}_d - \text{ring}_d) + 0.3 \min(\text{replies to others}_d, 10)}{1 + (\text{items}_d / 25)^2}"
)


def daily_value(inp: ScoreInput) -> pd.Series:
    """The outcome's daily driver (before the rate), summed over platforms (index: day)."""
    d = inp.daily
    received = (d["replies"].fillna(0) + d["reposts"].fillna(0) + 0.2 * d["likes"].fillna(0)).astype(float)
    ring = d["ring_reactions"].astype(float) if "ring_reactions" in d else 0.0
    goodwill = 0.3 * np.minimum(d["replies_sent"].astype(float), 10.0)
    per_row = pd.DataFrame({"day": d["day"], "v": (received - 0.2 * ring).clip(lower=0) + goodwill,
                            "items": d["items"].astype(float)})
    by_day = per_row.groupby("day")[["v", "items"]].sum()
    attention = 1.0 / (1.0 + (by_day["items"] / 25.0) ** 2)
    return by_day["v"] * attention


def weekly(inp: ScoreInput, rate: float = 0.05) -> pd.Series:
    """Outcome per week (index: week start, Monday), at `rate` units per unit of genuine engagement."""
    value = daily_value(inp)
    weeks = value.index.to_period("W-SUN").start_time
    return (value.groupby(weeks).sum() * rate).rename("outcome")


def recent(inp: ScoreInput, rate: float = 0.05, weeks: int = 4) -> float:
    """Average outcome per week over the last `weeks` whole weeks of data."""
    value = daily_value(inp).iloc[-7 * weeks:]
    return float(value.sum() * rate / weeks)
