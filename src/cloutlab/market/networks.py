"""Network Scores: per network and day, activity, audience and engagement out of 100, smoothed over a month.

Read from the same ScoreInput the opaque score reads (the daily activity frame, followers, bought followers,
unlinked networks), so every dataset and every what-if gets them. A part whose input the export lacks is
NaN (not measured), never 0; a network's score is the mean of its measured parts. Spam, bot-like volume and
an engagement ring's likes are discounted first (quality.py: Empire Avenue's spam and bot penalties).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cloutlab.scores.inputs import ScoreInput
from cloutlab.activity import counts_carried
from cloutlab.market import quality

SMOOTH_DAYS = 30  # "scores average over about a month" (B16, U6); "long-term activity trends" (F5)
ITEMS_CAP = 20  # only 20 blog posts a day counted (U11); spam penalties (B10)
BOUGHT_WEIGHT = 0.1  # bots are "low-quality followers" (F4, F2); the tenth is our assumption
TOP_NETWORKS = 5  # "up to 5 of your most active social networks" (F5)


def smooth(x: np.ndarray, days: int = SMOOTH_DAYS, start: int = 0) -> np.ndarray:
    """Trailing mean over `days`. Before `start` + `days` the window reaches back before the data: those days
    are filled with the mean of the first month, standing in for the history a newly linked network had."""
    x = np.asarray(x, float)
    if len(x) == 0:
        return x
    pre = np.full(days, x[start:start + days].mean() if len(x) > start else x.mean())
    c = np.cumsum(np.concatenate([[0.0], pre, x]))
    return (c[days:] - c[:-days])[1:] / days


def _scale(v: np.ndarray, full: float) -> np.ndarray:
    """0 to 100 on a log scale, 100 at `full` per day (the 2013 scores were 'out of 100', B17)."""
    return np.clip(100.0 * np.log1p(np.maximum(v, 0.0)) / np.log1p(full), 0.0, 100.0)


def _followers(inp: ScoreInput, platform: str) -> np.ndarray:
    """Followers counted for the audience part on each day: real ones as known at export time, bought ones at
    a tenth. Bought followers land on the first platform whose export knows followers (else the first one).
    NaN where nothing is known."""
    days = inp.days
    real = inp.followers.get(platform)
    out = np.full(len(days), np.nan if real is None else float(real))
    known = [p for p in inp.platforms if inp.followers.get(p) is not None]
    target = (known or inp.platforms)[0]
    if platform == target:
        for when, n in inp.bought:
            if n:
                extra = np.where(days >= pd.Timestamp(when), BOUGHT_WEIGHT * n, 0.0)
                out = np.where(np.isnan(out), np.where(extra > 0, extra, np.nan), out + extra)
    return out


def network_scores(inp: ScoreInput, start: int = 0) -> dict[str, pd.DataFrame]:
    """Per platform: a frame indexed by day with activity, audience, engagement, score (0-100, NaN where not
    measured), linked (False from an unlink date) and spam (the share of its items the spam and bot penalties
    discount, quality.py). `start`: the listing day's index (smoothing history)."""
    return {p: pd.DataFrame(parts, index=inp.days) for p, parts in _network_parts(inp, start).items()}


def _network_parts(inp: ScoreInput, start: int = 0) -> dict[str, dict[str, np.ndarray]]:
    """network_scores' columns as plain arrays: the share price reads them so (a frame per network, built
    and read back on every What-if move, was a millisecond of it)."""
    from cloutlab.scores.opaque import link_mask

    out = {}
    n = len(inp.days)
    for p in inp.platforms:
        def col(name: str, p=p) -> np.ndarray | None:  # plain arrays kept on inp (the opaque score reads them too)
            return inp.column(p, name)

        cols = quality.Columns(col, n)
        items = np.minimum(col("items"), ITEMS_CAP)
        known = counts_carried(cols)
        react = sum(np.nan_to_num(col(c), nan=0.0) for c in known) if known else None
        real = inp.followers.get(p)
        items, react, spam = quality.credited(cols, items, react, None if real is None else float(real),
                                              start, inp.ring_size)
        activity = _scale(smooth(items, start=start), 12.0)
        engagement = _scale(smooth(react, start=start), 20_000.0) if react is not None else np.full(n, np.nan)
        followers = _followers(inp, p)
        audience = np.where(np.isnan(followers), np.nan, np.clip(100.0 * np.log10(1.0 + np.nan_to_num(followers)) / 7.0, 0, 100))
        parts = np.vstack([activity, audience, engagement])
        score = np.nanmean(parts, axis=0)  # activity is always measured, so never all-NaN
        out[p] = {"activity": activity, "audience": audience, "engagement": engagement,
                  "score": score, "linked": link_mask(inp, p) > 0, "spam": spam}
    return out


def top_networks(nets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per day: the sum of the top five linked networks' scores, and the dividend driver
    sum(activity x reactions x score) over them (reactions as a 0.3 + engagement/100 factor where measured,
    else left out: 0.3, the part that does not depend on reactions)."""
    if not nets:
        raise ValueError("no networks")
    idx = next(iter(nets.values())).index
    # Plain arrays (one read per column): pandas arithmetic here was a slider move's millisecond.
    cols = {p: {k: n[k].to_numpy() for k in ("linked", "score", "activity", "engagement", "audience")} for p, n in nets.items()}
    spam = {p: n["spam"].iloc[-1] for p, n in nets.items() if "spam" in n}
    return _top(cols, spam, idx)


def top_of(inp: ScoreInput, start: int = 0) -> pd.DataFrame:
    """top_networks(network_scores(inp, start)), without the frames in between."""
    parts = _network_parts(inp, start)
    n = len(inp.days)
    spam = {p: np.broadcast_to(np.asarray(c["spam"], float), (n,))[-1] for p, c in parts.items()}
    return _top(parts, spam, inp.days)


def _top(cols: dict[str, dict[str, np.ndarray]], spam_last: dict[str, float], idx: pd.Index) -> pd.DataFrame:
    scores = np.vstack([np.where(c["linked"], c["score"], 0.0) for c in cols.values()])
    drive = np.vstack([np.where(c["linked"], (c["activity"] / 100.0) * (0.3 + np.nan_to_num(c["engagement"]) / 100.0)
                                * (c["score"] / 100.0), 0.0) for c in cols.values()])
    order = np.argsort(-scores, axis=0)[:TOP_NETWORKS]
    top = np.take_along_axis(scores, order, axis=0).sum(axis=0)
    top_drive = np.take_along_axis(drive, order, axis=0).sum(axis=0)
    reactions_known = any((~np.isnan(c["engagement"])).any() for c in cols.values())
    audience_known = any((~np.isnan(c["audience"])).any() for c in cols.values())
    out = pd.DataFrame({"network_points": top, "dividend_driver": top_drive}, index=idx)
    unmeasured = {p: [k for k in ("audience", "engagement") if np.isnan(c[k]).all()] for p, c in cols.items()}
    spam = {p: float(v) for p, v in spam_last.items() if v > 0}
    out.attrs.update(reactions_known=reactions_known, audience_known=audience_known,
                     unmeasured={p: v for p, v in unmeasured.items() if v}, spam=spam)
    return out
