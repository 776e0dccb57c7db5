"""True Reach as Klout first gave it: a number of people, beside the 1-100 subscore (issue 21).

Klout said True Reach measured "how many people you influence", "generally much smaller than your follower
count (think like 10%)", and its early API gave it as a count (`true_reach`: 195) (docs/klout-record.md 1.1).
Exports do not name the people who react, so the count is estimated from what they carry: the reactions
received in the opaque score's window (windows.SCORE_DAYS) (likes, reposts, replies and quotes, each one person's act) and
the real followers they come from. Were every follower equally likely to react, R reactions from F people
would reach F(1 - e^(-R/F)) of them; online, a few people react often and most rarely or never, so the
reactions are spread with a gamma-distributed propensity of shape SHAPE, which reaches

    people = F * (1 - (1 + R / (SHAPE * F)) ** -SHAPE)     (always under F, rising ever more slowly with R)

SHAPE is our choice, not Klout's: calibrated so that an ordinary account reaches about a tenth of its
followers, as the primer said. Bought followers are not among F (they never react), so buying them adds
nobody; an engagement ring adds its own members at most. Per network, summed over the linked networks whose
export carries both the followers and at least one received count; where none does, the count is missing
(missing.NOT_IN_EXPORT), never 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cloutlab import activity
from cloutlab.activity import RECEIVED, RING
from cloutlab.scores.hidden import HIDDEN, Hidden
from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.missing import exports_carry, not_in_export

SHAPE = 0.1  # participation inequality: small = a few regulars give most reactions (calibrated, see above)


def people_reached(reactions: np.ndarray | float, followers: np.ndarray | float) -> np.ndarray:
    """The formula above: people among `followers` reached by `reactions` (floats; 0 followers reach 0)."""
    r = np.maximum(np.asarray(reactions, float), 0.0)
    f = np.asarray(followers, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = f * (1.0 - (1.0 + r / (SHAPE * f)) ** -SHAPE)
    return np.where(f > 0, out, 0.0)


def _counted(inp: ScoreInput) -> list[str]:
    """Platforms whose export carries the followers and at least one received count."""
    counts = _has_counts(inp)
    return [p for p in inp.platforms if inp.followers.get(p) is not None and counts.get(p, False)]


def _has_counts(inp: ScoreInput) -> dict[str, bool]:
    """Per platform: does its export carry at least one received count?"""
    return {str(p): bool(v) for p, v in activity.carried(inp.daily).items()}


def reason(inp: ScoreInput) -> str | None:
    """None when the count can be estimated, else why not (lacking)."""
    if _counted(inp) or inp.daily.empty:
        return None
    has_counts = _has_counts(inp)
    return lacking({p: (inp.followers.get(p) is not None, has_counts.get(p, False)) for p in inp.platforms})


def lacking(known: dict[str, tuple[bool, bool]]) -> str:
    """missing.not_in_export(...) from {platform: (export gives followers, export gives a received count)}
    (the cohort says it per account from the same two facts)."""
    lacks: dict[str, list[str]] = {}
    for p, (followers, counts) in known.items():
        what = ("neither a follower count nor reaction counts" if not (counts or followers)
                else "no follower count" if counts else "no reaction counts (likes, reposts, replies or quotes received)")
        lacks.setdefault(what, []).append(p)
    said = "; ".join(f"{exports_carry(ps)} {what}" for what, ps in lacks.items())
    return not_in_export(f"{said}, so there are no engaged followers to count")


def series(inp: ScoreInput, h: Hidden = HIDDEN) -> pd.Series:
    """True Reach in people on every day of `inp` (whole numbers as floats; NaN on every day when the
    export cannot give it: see reason). A network counts while it is linked, as in the opaque score."""
    from cloutlab.scores.opaque import link_mask

    days = inp.days
    counted = _counted(inp)
    if not counted:
        return pd.Series(np.nan, index=days, name="true_reach_people")
    def in_window(x: np.ndarray) -> np.ndarray:
        return pd.Series(x).rolling(h.window, min_periods=1).sum().to_numpy()

    total, ring_days, bound = np.zeros(len(days)), np.zeros(len(days)), np.zeros(len(days))
    for p in counted:
        f, linked, followers = inp.platform_frame(p), link_mask(inp, p), float(inp.followers[p])
        reactions = sum(f[c].fillna(0).to_numpy(float) for c in RECEIVED)
        ring = f[RING].fillna(0).to_numpy(float) if RING in f else np.zeros(len(days))
        total += linked * people_reached(in_window(reactions - ring), followers)  # a ring's likes are in likes
        ring_days += linked * ring
        bound += linked * followers
    # The ring's reactions come from its own few members, however many they give.
    total += np.where(in_window(ring_days) > 0, float(inp.ring_size), 0.0)
    return pd.Series(np.round(np.minimum(total, bound)), index=days, name="true_reach_people")


def on(inp: ScoreInput, day=None, h: Hidden = HIDDEN) -> int | None:
    """True Reach in people on `day` (default: the last day); None where the export cannot give it. The
    value series() gives that day, from the window's sums alone (a page rerun needs one day, not all)."""
    from cloutlab.scores.opaque import link_mask

    when = inp.day(day)
    counted = _counted(inp)
    if not counted:
        return None
    cols = ["platform", *RECEIVED, *([RING] if RING in inp.daily else [])]
    d = inp.daily
    d = d.loc[((d["day"] <= when) & (d["day"] > when - pd.Timedelta(days=h.window))).to_numpy(), cols]
    at = inp.days.get_loc(when)
    total = bound = ring_seen = 0.0
    for p in counted:
        if not link_mask(inp, p)[at]:
            continue
        rows, followers = d[d["platform"] == p], float(inp.followers[p])
        ring = float(rows[RING].fillna(0).sum()) if RING in rows else 0.0
        reactions = float(rows[list(RECEIVED)].fillna(0).to_numpy(float).sum())
        total += float(people_reached(reactions - ring, followers))
        ring_seen += ring
        bound += followers
    total += float(inp.ring_size) if ring_seen > 0 else 0.0
    return int(np.round(min(total, bound)))
