"""Things worth marking on a score chart: algorithm updates, quiet spells, network and audience changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cloutlab.scores.hidden import HIDDEN
from cloutlab.scores.inputs import ScoreInput


@dataclass(frozen=True)
class Event:
    start: pd.Timestamp
    end: pd.Timestamp | None  # None: a single day
    label: str
    kind: str  # "update" | "quiet" | "unlink" | "bought" | "outage"
    source: str = ""  # the id in cloutlab.present.citations of the record behind it (issue 13: every event cites one)


# Where each kind of event comes from in the record; an update cites its own (EVENT_SOURCES[start date]).
EVENT_SOURCES = {
    "2011-10-26": "klout_2011_update", "2012-08-14": "klout_2012_update", "outage": "outage_2012",
    "quiet": "klout_window", "unlink": "larock_unlink", "bought": "ignite_bought",
}


def quiet_spells(daily: pd.DataFrame, min_days: int = 7, bridge: int = 3) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Stretches of at least `min_days` days with no item on any platform (first and last quiet day).

    Quiet runs separated by at most `bridge` active days are one stretch (a summer of weekly posts is one
    quiet summer, not twelve quiet weeks), so a chart gets one label, not a pile.
    """
    per_day = daily.groupby("day")["items"].sum()
    return _spells(per_day.to_numpy() == 0, per_day.index, min_days, bridge)


def _spells(quiet: np.ndarray, days: pd.DatetimeIndex, min_days: int = 7, bridge: int = 3):
    """quiet_spells from whether each of `days` had no item."""
    quiet = quiet.astype(int)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet, [0]])))
    runs = [list(r) for r in edges.reshape(-1, 2) if r[1] - r[0] >= 3]
    merged: list[list[int]] = []
    for a, b in runs:
        if merged and a - merged[-1][1] <= bridge:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(days[a], days[b - 1]) for a, b in merged if b - a >= min_days]


def _no_items(inp: ScoreInput) -> np.ndarray:
    """Whether each day of inp had no item on any platform (the day sums quiet_spells takes, as arrays)."""
    return np.bincount(inp.day_rows(), weights=inp.daily_column("items"), minlength=len(inp.days)) == 0


def events(inp: ScoreInput) -> list[Event]:
    """Every event inside the data's date range, oldest first."""
    days = inp.days
    lo, hi = days[0], days[-1]
    found = [Event(pd.Timestamp(e.start), None, f"Klout update {e.start:%d %b %Y}", "update",
                   EVENT_SOURCES[e.start.isoformat()])
             for e in HIDDEN.eras[1:] if lo <= pd.Timestamp(e.start) <= hi]
    if lo <= pd.Timestamp(HIDDEN.outage_day) <= hi:
        found.append(Event(pd.Timestamp(HIDDEN.outage_day), None, "Twitter outage", "outage", EVENT_SOURCES["outage"]))
    found += [Event(a, b, f"quiet {(b - a).days + 1} days" if (b - a).days < 14 else f"quiet {a:%b}-{b:%b %Y}", "quiet",
                    EVENT_SOURCES["quiet"]) for a, b in _spells(_no_items(inp), days)]
    found += [Event(pd.Timestamp(w), None, f"{p} unlinked", "unlink", EVENT_SOURCES["unlink"]) for p, w in inp.unlinked]
    found += [Event(pd.Timestamp(w), None, f"{p} relinked", "unlink", EVENT_SOURCES["unlink"])
              for p, w in inp.relinked]  # issue 14
    found += [Event(pd.Timestamp(w), None, f"+{n:,} bought followers", "bought", EVENT_SOURCES["bought"])
              for w, n in inp.bought if n]
    return sorted((e for e in found if lo <= e.start <= hi), key=lambda e: e.start)
