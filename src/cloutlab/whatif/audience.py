"""The "audience away" setting: N weeks in which the person posts as usual but reactions fall.

The stories: a convention week or Christmas week, when the people who usually react are elsewhere, and the
score drops although nothing the person did changed (Klout Support: "a gain in one factor can be offset by
another"; scores moved with no change in behaviour, docs/klout-record.md 2.3). Modelled on the daily frame the
scores read: on those days every received count is AWAY_SHARE of itself (rounded half up, so a longer
absence can only lower the figures). The posts themselves are unchanged. An engagement ring's reactions ride
inside likes (transforms.py), so its own column is scaled alike: likes never fall below the ring's share of
them (which made the organic reactions negative).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from cloutlab import activity

AWAY_SHARE = 0.3  # the share of the usual reactions that still arrive while the audience is away
RECEIVED = (*activity.RECEIVED, activity.RING)


def away(daily: pd.DataFrame, start: dt.date, weeks: int, share: float = AWAY_SHARE) -> pd.DataFrame:
    """The frame with received counts on [start, start + 7 * weeks days) scaled to `share` (NULLs stay NULL)."""
    if not weeks:
        return daily
    lo = pd.Timestamp(start)
    day = daily["day"]
    days = ((day >= lo) & (day < lo + pd.Timedelta(days=7 * weeks))).to_numpy()
    out = daily.copy(deep=False)  # columns replaced whole below; the others shared, never written
    # Plain arrays, each column replaced whole: the masked pandas assignments were a fifth of a slider move.
    for c in RECEIVED:
        if c in out:
            col = out[c]
            x = col.to_numpy(dtype=float, na_value=np.nan)  # NULL as NaN: stays NULL
            x[days] = np.floor(x[days] * share + 0.5)
            out[c] = pd.array(x, dtype="Int64") if str(col.dtype) == "Int64" else x.astype(col.dtype)
    return out
