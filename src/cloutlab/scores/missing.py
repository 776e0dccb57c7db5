"""Missing is never zero (issue 10): the rules shared by leaderboards and tables.

A number an export cannot give (no like counts, no follower count...) is absent, never 0, 1 or "None":
it ranks after every number that is there, it gets no rank of its own (a six-way tie at rank 1 of values
nobody has would be a claim), and where it is shown it says why.
"""

from __future__ import annotations

import math

import pandas as pd

from cloutlab.scores import ledger, transparent
from cloutlab.scores.inputs import ScoreInput

NOT_IN_EXPORT = "not in this export"
NOT_RANKED = "not ranked"


def is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def why(inp: ScoreInput, key: str) -> str:
    """Why `key` ("composite" or a transparent metric key) has no value for `inp`, in one phrase."""
    if key == "composite":
        return ledger.composite_reason(inp) or "no data on this day"
    reason = transparent.availability(inp).get(key)
    return reason or "no value on this day: nothing to divide by in the window"


def rank(values: pd.Series) -> pd.Series:
    """Ranks, 1 = highest, ties share the lowest rank; missing values get no rank (NA, Int64) and sort last."""
    return values.astype(float).rank(ascending=False, method="min", na_option="keep").astype("Int64")


def order_last(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """`frame` sorted by `by` ascending (a rank), rows without a value last, in a stable order."""
    return frame.sort_values(by, na_position="last", kind="stable")


def text(value, digits: int = 2) -> str:
    """A value for a table cell that may be missing: the number, or "not in this export"."""
    return NOT_IN_EXPORT if is_missing(value) else f"{float(value):,.{digits}f}"
