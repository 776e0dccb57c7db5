"""Missing is never zero (issue 10): the rules shared by leaderboards and tables, and the one wording of why
a number is missing.

A number an export cannot give (no like counts, no follower count...) is absent, never 0, 1 or "None":
it ranks after every number that is there, it gets no rank of its own (a six-way tie at rank 1 of values
nobody has would be a claim), and where it is shown it says why: a `Reason`, built by summary.why (the one
function that says why a number is missing), formatted by the page or the command line that shows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from cloutlab import platforms
from cloutlab.schema import NOT_IN_EXPORT  # defined with the tables, so importers can say it too

NOT_RANKED = "not ranked"
# Why a number is missing when every export could feed it: the day has nothing to count.
NO_VALUE = "no value on this day: nothing to divide by in the window (no posts, or under a week of data)"
NO_DATA = "no data on this day"


@dataclass(frozen=True)
class Reason:
    """Why the number named `key` ("composite", "true_reach_people" or a transparent metric key) is
    missing, or a note on how it was computed: `why` is one phrase, e.g. not_in_export("the X export carries
    no reply counts"). str() is the command line's JSON form, "key: why" (docs/DESIGN.md section 7)."""

    key: str
    why: str

    def __str__(self) -> str:
        return f"{self.key}: {self.why}"


def exports_carry(keys: list[str]) -> str:
    """"the X export carries" / "the Mastodon and X exports carry": the subject of a missing count."""
    names = [platforms.name(p) for p in keys] or ["empty"]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"the {joined} export" + ("s carry" if len(names) > 1 else " carries")


def not_in_export(said: str) -> str:
    """The reason for a count no export of the dataset carries: "<NOT_IN_EXPORT>: <said>"."""
    return f"{NOT_IN_EXPORT}: {said}"


def is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def rank(values: pd.Series) -> pd.Series:
    """Ranks, 1 = highest, ties share the lowest rank; missing values get no rank (NA, Int64) and sort last."""
    return values.astype(float).rank(ascending=False, method="min", na_option="keep").astype("Int64")


def order_last(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """`frame` sorted by `by` ascending (a rank), rows without a value last, in a stable order."""
    return frame.sort_values(by, na_position="last", kind="stable")


def text(value, digits: int = 2) -> str:
    """A value for a table cell that may be missing: the number, or NOT_IN_EXPORT."""
    return NOT_IN_EXPORT if is_missing(value) else f"{float(value):,.{digits}f}"
