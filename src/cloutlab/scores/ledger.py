"""A Kred-style transparent composite: published points per action, and a ledger listing every point.

Kred published its rules (10 points per reply, retweet or mention received) and a statement of every
point-earning action; we do the same, so a change in the score can always be traced to ledger rows.
Like Kred, what others do for you (received) is kept apart from what you do for others (given: Kred's
Outreach): the composite counts received points only unless its parameters say otherwise, so the many
given points a bot earns by shouting at strangers do not count. Its score is not low for all that: 200
posts a day draw a trickle of reactions that adds up (the demo bot's composite, 416, is above the
novelist's, 404), which the ledger shows row by row.

The ledger is built from posts; `daily_counts` reads the same table over the daily frame for
`points_series` and `points_by_action` (and cohort/sql.py is generated from it). A test holds the ledger
and the series equal day by day. Unknown counts (NULL) earn nothing and appear in the
ledger as unknown (NA), never as 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from cloutlab import activity, platforms
from cloutlab.activity import RECEIVED_FROM, RING
from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.missing import exports_carry, not_in_export
from cloutlab.scores.transparent import as_pandas
from cloutlab.scores.windows import SCORE_DAYS


@dataclass(frozen=True)
class PointRule:
    action: str  # as shown in the ledger
    side: str  # "received" (others did it for you) or "given" (you did it for others)
    column: str  # the daily-frame column that counts it
    points_each: int
    why: str


POINTS: tuple[PointRule, ...] = (
    PointRule("reply received", "received", "replies_received", 10, "Kred: 10 points per reply or mention received."),
    PointRule("repost received", "received", "reposts_received", 10, "Kred: 10 points per retweet received."),
    PointRule("quote received", "received", "quotes_received", 10, "A repost that mentions you: Kred gave each 10."),
    PointRule("like received", "received", "likes_received", 1,
              "Our choice: a like costs the reactor least effort, and Kred's table named replies, retweets, "
              "mentions and follows, not likes."),
    PointRule("ring reaction", "received", RING, 1,
              "A like from an engagement ring (a what-if): it counts like any like, and is listed apart to "
              "show what it is."),
    PointRule("reply to someone", "given", "replies_sent", 10, "Kred Outreach: 10 points per reply to people."),
    PointRule("repost of others", "given", "repost", 10, "Kred Outreach: 10 points per retweet of others."),
    PointRule("mention", "given", "mentions_sent", 10, "Kred Outreach: 10 points per mention of someone."),
)
_SIDES = ["received", "given"]
_SIDE_CODES = np.array([_SIDES.index(r.side) for r in POINTS])
LEDGER_COLUMNS = ["post_id", "platform", "day", "side", "action", "count", "points_each", "points"]


def points_table() -> pd.DataFrame:
    """The published points table (action, side, points_each, why) for display."""
    return pd.DataFrame([vars(r) for r in POINTS])[["action", "side", "points_each", "why"]]


def _per_post(frame: pd.DataFrame, rule: PointRule) -> pd.Series:
    """How many times `rule` applies to each post (Int64; NA where the export lacks the count)."""
    kind = frame["kind"]
    if rule.column == "replies_sent":  # threads with yourself are not replies to someone
        hits = kind.eq("reply") & ~frame["is_self_reply"].astype(bool)
    elif rule.column == "repost":
        hits = kind.eq("repost")
    elif rule.column == "mentions_sent":
        hits = frame["_mentions"]
    elif rule.column in ("likes_received", RING):
        # A what-if adds a ring's likes into `likes` and marks them in ring_likes: split them back out
        # where likes are known. Where they are not, the export could not see the ring either.
        likes = frame["likes_received"].astype("Int64")
        ring = frame[RING] if RING in frame else pd.Series(0, index=frame.index)
        ring = ring.astype("Int64")
        hits = likes - ring if rule.column == "likes_received" else ring.where(likes.notna(), 0)
    else:
        hits = frame[rule.column]
    return hits.astype("Int64")


def _mention_counts(posts) -> np.ndarray:
    """Mentions per post; natively for Arrow (turning 100,000 lists into Python objects is slow)."""
    if isinstance(posts, pd.DataFrame):
        return posts["mentions"].map(lambda m: 0 if m is None else len(m)).to_numpy(dtype="int64")
    return pc.fill_null(pc.list_value_length(posts["mentions"]), 0).to_numpy(zero_copy_only=False)


def ledger(posts, include_unknown: bool = True) -> pd.DataFrame:
    """Every point earned, one row per post and action that applies to it.

    Input: a posts table (pandas or Arrow) with the canonical columns, optionally `ring_likes`.
    Columns: post_id, platform, day (UTC date of the post), side, action, count, points_each, points.
    Rows with a count of 0 are left out; a received count the export lacks gives a row with count and
    points NA ("unknown": it earns nothing) unless include_unknown is False. Ordered by day, then post,
    then the order of POINTS.
    """
    cols = ["post_id", "platform", "created_at", "kind", "is_self_reply",
            *(RECEIVED_FROM.get(r.column, r.column) for r in POINTS if r.side == "received")]
    # A post's own counts, named as the daily frame names them (the columns POINTS reads)
    frame = as_pandas(posts, cols).reset_index(drop=True).rename(columns={v: k for k, v in RECEIVED_FROM.items()})
    frame["_mentions"] = _mention_counts(posts)
    day = frame["created_at"].dt.floor("D").to_numpy()
    post, rule, count = [], [], []
    for r, spec in enumerate(POINTS):
        n = _per_post(frame, spec).to_numpy(dtype=float, na_value=np.nan)
        at = np.flatnonzero((n > 0) | (np.isnan(n) & include_unknown))
        post.append(at), rule.append(np.full(len(at), r)), count.append(n[at])
    post, rule, count = np.concatenate(post), np.concatenate(rule), np.concatenate(count)
    # Sort index arrays, then gather each column once: sorting the assembled string columns was 10x slower.
    order = np.lexsort((rule, post, day[post]))
    post, rule, count = post[order], rule[order], count[order]
    each = np.array([spec.points_each for spec in POINTS])[rule]
    unknown = np.isnan(count)
    known = np.nan_to_num(count).astype("int64")
    return pd.DataFrame({
        "post_id": frame["post_id"].iloc[post].reset_index(drop=True),
        "platform": frame["platform"].iloc[post].reset_index(drop=True),
        "day": day[post],
        "side": pd.Categorical.from_codes(_SIDE_CODES[rule], _SIDES),
        "action": pd.Categorical.from_codes(rule, [spec.action for spec in POINTS]),
        "count": pd.arrays.IntegerArray(known, unknown),
        "points_each": each,
        "points": pd.arrays.IntegerArray(known * each, unknown.copy()),
    }, columns=LEDGER_COLUMNS)


def daily_counts(daily: pd.DataFrame) -> dict[PointRule, np.ndarray]:
    """How many times each rule of POINTS applies on each row of a daily frame (float; a NULL count is 0:
    unknown earns nothing). The one reading of the table for daily counts: points_series and
    points_by_action sum it (and cohort/sql.py generates the same sums in SQL from POINTS).

    A rule whose column the frame lacks is left out (ring likes exist only in a what-if). A what-if adds
    a ring's likes into `likes_received` and marks them in ring_likes: split back out as the ledger does,
    where likes are known."""
    return _counts_of(daily, lambda name: daily[name].to_numpy(dtype=float, na_value=np.nan))


def _counts_of(daily: pd.DataFrame, col) -> dict[PointRule, np.ndarray]:
    """daily_counts with the frame's columns read by `col(name)` (floats, NaN for NULL)."""
    ring = col(RING) if RING in daily else None
    if ring is not None:
        ring = np.where(np.isnan(col("likes_received")), 0.0, np.nan_to_num(ring))
    out = {}
    for rule in POINTS:
        if rule.column not in daily:
            continue
        counts = ring if rule.column == RING else np.nan_to_num(col(rule.column))
        if rule.column == "likes_received" and ring is not None:
            counts = counts - ring
        out[rule] = counts
    return out


def points_series(inp: ScoreInput, side: str | None = None) -> pd.Series:
    """Points earned per day (int64, every day of `inp`), from the daily frame by the same table.

    side: "received", "given", or None for both. NULL counts earn nothing. Equals the ledger's per-day
    sums for the same posts (a test holds them equal).
    """
    days = inp.days
    at = inp.day_rows()
    total = np.zeros(len(days))
    for rule, counts in _daily_counts(inp).items():
        if side is None or rule.side == side:
            total += np.bincount(at, weights=counts * rule.points_each, minlength=len(days))
    return pd.Series(np.rint(total).astype("int64"), index=days.rename("day"), name="points")


def points_by_action(inp: ScoreInput, window: int | None = None) -> pd.Series:
    """Points received in the composite's window ending on the last day, per action of the points table
    (int64; an action whose count the frame lacks is left out)."""
    window = Composite().window if window is None else window
    days = inp.days
    recent = (days > days[-1] - pd.Timedelta(days=window))[inp.day_rows()]  # each row's day, as the frame's
    return pd.Series({rule.action: int(round(float(counts[recent].sum()))) * rule.points_each
                      for rule, counts in _daily_counts(inp).items() if rule.side == "received"}, dtype="int64")


def _daily_counts(inp: ScoreInput) -> dict[PointRule, np.ndarray]:
    """daily_counts of inp's frame, kept on inp (the composite and the sentences of a slider move both read it).
    Shared arrays: read them, never change them in place."""
    return inp.kept("daily_counts", lambda: _counts_of(inp.daily, inp.daily_column))


@dataclass(frozen=True)
class Composite:
    """Parameters of the composite, published with it.

    window: days of points counted (Kred offered 30, 60 or 90 days; here the opaque score's window).
    sides: which points count ("received" is Kred's Influence; adding "given" counts outreach too).
    top_points: points in a window that reach the top of the scale, 1,000.
    """

    window: int = SCORE_DAYS
    sides: tuple[str, ...] = ("received",)
    top_points: float = 1e8


def score_of_points(points, params: Composite = Composite()) -> np.ndarray:
    """Map points in a window to 1..1000 (whole numbers), concave like Kred's curve: each tenfold
    increase in points adds the same number of score points, so the higher the score, the more points
    the next step costs. 0 points score 1; top_points or more score 1,000. Monotone non-decreasing."""
    p = np.maximum(np.asarray(points, dtype=float), 0.0)
    share = np.minimum(1.0, np.log10(1.0 + p) / math.log10(1.0 + params.top_points))
    return np.round(1.0 + 999.0 * share)


def formula(params: Composite = Composite()) -> str:
    """The composite's formula as LaTeX, with the parameters' values."""
    power = math.log10(params.top_points)
    top = f"10^{{{power:.0f}}}" if power.is_integer() else f"{params.top_points:,.0f}".replace(",", "{,}")
    return (rf"\text{{score}} = 1 + 999 \times \min\left(1,\ \frac{{\log_{{10}}(1 + P_{{{params.window}}})}}"
            rf"{{\log_{{10}}(1 + {top})}}\right)")


def window_points(inp: ScoreInput, params: Composite = Composite()) -> pd.Series:
    """Points earned in the trailing `params.window` days, per day (the composite's input)."""
    daily = sum(points_series(inp, side) for side in params.sides)
    # Trailing sums of whole numbers by cumulative sums in int64: exactly what pandas' rolling sum gives
    # them (its float sums of whole numbers are exact), without its per-window machinery (a slider move's
    # millisecond). min_periods=1: the first days sum what there is.
    c = np.cumsum(daily.to_numpy(dtype=np.int64))
    out = c.copy()
    out[params.window:] -= c[:-params.window]
    return pd.Series(out, index=daily.index, name="window_points")




def _counted_platforms(inp: ScoreInput) -> tuple[list[str], list[str]]:
    """(platforms whose export carries at least one received count, platforms whose export carries none)."""
    return inp.kept("counted_platforms", lambda: _counted_in(inp))


def _counted_in(inp: ScoreInput) -> tuple[list[str], list[str]]:
    """_counted_of(inp.daily) from the arrays inp keeps (the frame's notna per column and a Series of
    platforms were a millisecond of every What-if move): a platform counts when any of its rows has any
    received count."""
    d = inp.daily
    if d.empty:
        return [], []
    cols = [c for c in activity.RECEIVED if c in d.columns]
    counted, blind = [], []
    for p in inp.platforms:
        rows = inp.rows_of(p)
        has = any(not np.isnan(inp.daily_column(c)[rows]).all() for c in cols)
        (counted if has else blind).append(p)
    return counted, blind


def _counted_of(d: pd.DataFrame) -> tuple[list[str], list[str]]:
    if d.empty:
        return [], []
    known = activity.carried(d)
    return sorted(known[known].index), sorted(known[~known].index)


def composite_reason(inp: ScoreInput, params: Composite = Composite()) -> str | None:
    """None when the composite can be computed, else why not (no_counts_reason of the exports without any
    received count). Received points need at least
    one received count; a 1 (zero points) would claim nobody reacted, which the export cannot tell."""
    if "received" not in params.sides:
        return None
    counted, blind = _counted_platforms(inp)
    if counted:
        return None
    return no_counts_reason(blind)


def no_counts_reason(keys: list[str]) -> str:
    """Why the composite of these exports' accounts is missing: none carries a received count."""
    return not_in_export(f"{exports_carry(keys)} no reaction counts (replies, reposts, quotes or likes "
                         "received), so there are no points to count")


def composite_note(inp: ScoreInput) -> str | None:
    """For a dataset mixing exports with and without counts: which accounts the composite is computed over."""
    counted, blind = _counted_platforms(inp)
    if not counted or not blind:
        return None
    only = " and ".join(platforms.name(p) for p in counted)
    return f"Computed over the {only} export{'s' if len(counted) > 1 else ''} only: {exports_carry(blind)} no reaction counts."


def composite_series(inp: ScoreInput, params: Composite = Composite()) -> pd.Series:
    """The composite (1 to 1,000, whole numbers) on every day of `inp`: score_of_points of the points
    earned in the trailing window. Days before a full window count what there is. NaN on every day when
    no export in `inp` carries a received count (see composite_reason): missing is never 1."""
    pts = window_points(inp, params)
    if composite_reason(inp, params) is not None:
        return pd.Series(np.nan, index=pts.index, name="composite")
    return pd.Series(score_of_points(pts.to_numpy(), params), index=pts.index, name="composite")


def composite_at(inp: ScoreInput, day=None, params: Composite = Composite()) -> float | None:
    """The composite on `day` (default: the last day); None for an empty dataset or one whose exports carry
    no received counts (composite_reason says why). ValueError if `day` is outside the data."""
    return composite_on(composite_series(inp, params), inp, day)


def composite_on(series: pd.Series, inp: ScoreInput, day=None) -> float | None:
    """A composite series' value on `day` of `inp` (default: the last day); None where it has none."""
    if series.empty:
        return None
    value = float(series.loc[inp.day(day)])
    return None if math.isnan(value) else value


def composite_curve(params: Composite = Composite(), n: int = 200) -> pd.DataFrame:
    """Points and the score they map to, from 0 to past the top, for drawing the published curve."""
    pts = np.concatenate([[0.0], np.logspace(0, math.log10(params.top_points) + 0.5, n)])
    return pd.DataFrame({"points": pts, "score": score_of_points(pts, params)})
