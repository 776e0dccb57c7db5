"""The opaque, Klout-like score: a deterministic model with hidden parameters (see hidden.py).

What it reproduces (docs/DESIGN.md section 2, with sources in cloutlab.present.citations): a 1-100 float graded on a curve
against a reference population (average about 20, 50 about the 95th percentile); a rolling window
(windows.SCORE_DAYS) weighted to recent days, whose amplification part reacts within days; reactions per post rather than raw
volume, with each repeat reactor counting less; activity and mentions that a bot can farm; a small weight
on (log) followers, so bought followers barely move it; linked networks that count; two algorithm updates;
a drifting reference population; and day-to-day jitter. The mapping's log-like shape is inferred from a
reverse-engineering study, not documented by Klout.
"""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
import pandas as pd

from cloutlab.scores.hidden import FEATURES, HIDDEN, JOLT_HASH, SHAPE, SUBSCORE_PARTS, Era, Hidden
from cloutlab.scores.inputs import ScoreInput
from cloutlab import activity
from cloutlab.activity import RECEIVED, RING

SUBSCORES = tuple(SUBSCORE_PARTS)  # true_reach, amplification, network: parts and curves in hidden.py


def decay_weights(n: int, tau: float) -> np.ndarray:
    """Recency weights over the window, normalised to sum to 1 (age 0 = today)."""
    w = np.exp(-np.arange(n) / tau)
    return w / w.sum()


NO_DECAY = 1e9  # a tau for windowed() that weighs every day of the window alike (a plain share of days)


def window_weights(h: Hidden = HIDDEN) -> np.ndarray:
    """The recency weights every volume reads (age 0 = today, summing to 1): h.recent_share of them on the
    last few days (tau_recent), the rest over the whole window (tau). A pause loses the first part within a
    week and the rest gradually (hidden.Hidden)."""
    return h.recent_share * decay_weights(h.window, h.tau_recent) + (1 - h.recent_share) * decay_weights(h.window, h.tau)


def windowed(x: np.ndarray, tau: float, window: int = HIDDEN.window) -> np.ndarray:
    """Recency-weighted average over the trailing window, for every day (days before the data count as 0)."""
    return np.convolve(x, decay_weights(window, tau))[: len(x)]


def effective_reactions(frame: pd.DataFrame, ring_size: int, h: Hidden = HIDDEN) -> tuple[np.ndarray, bool]:
    """Reactions received per day, weighted by type, with the repeat-reactor rule applied to a ring.

    Returns (values, known). Organic reactions are assumed to come from distinct people (exports do not
    name reactors). A ring's reactions come from the same `ring_size` accounts day after day, so each
    member's reactions in a day count as log(1 + n): the first counts about 0.7, the tenth almost nothing
    ("the more a person likes and retweets in a day, the less each of those interactions contributes").
    """
    return _reactions(lambda c: frame[c].to_numpy(dtype=float, na_value=np.nan) if c in frame else None,
                      len(frame), ring_size, h)


def _reactions(col, n: int, ring_size: int, h: Hidden = HIDDEN) -> tuple[np.ndarray, bool]:
    """effective_reactions on columns as float arrays (`col(name)`: NaN where unknown, None when absent)."""
    cols = RECEIVED
    known = activity.counts_carried(activity.Columns(col, n), cols)
    if not known:
        return np.zeros(n), False
    total = sum(w * np.nan_to_num(col(c), nan=0.0) for c, w in zip(cols, h.reaction_weights) if c in known)
    ring = col(RING)
    ring = np.zeros(n) if ring is None else ring
    if ring.any() and ring_size > 0:
        credited = ring_size * np.log1p(ring / ring_size)
        total = total - ring + credited  # the ring's reactions were added to likes (weight 1)
    return total, True


def _platform_windows(inp: ScoreInput, h: Hidden) -> dict[str, dict[str, np.ndarray]]:
    """Per platform: windowed averages of what the features read, before the link state is applied."""
    out = {}
    outage = (inp.days == pd.Timestamp(h.outage_day)).astype(float) * h.outage_loss
    kernel = window_weights(h)
    for p in inp.platforms:
        def col(name: str, p=p) -> np.ndarray | None:  # plain arrays kept on inp (the share price reads them too)
            return inp.column(p, name)

        own = col("original") + col("quote") + col("reply")
        react, known = _reactions(col, len(outage), inp.ring_size, h)
        if not known:
            react = own * h.unknown_per_post
        react = react * (1 - outage)  # that day's data never fully arrived
        sent = col("replies_sent") + col("mentioned_accounts")
        items = col("items")
        loaded = 1 - outage  # and the score computed that day saw only part of every input
        def main(x):  # the window every volume reads
            return np.convolve(x, kernel)[: len(x)]

        shared = main(items)  # read twice below: convolved once (a tenth of scoring 500,000 posts)
        out[p] = {
            "items": loaded * shared,
            "react": loaded * main(react),
            "react_amp": loaded * windowed(react, h.tau_amp, h.window),
            # Klout compared "the amount of reactions you generated" with "the amount of content you share"
            # (DSM Group): every item, reposts included, so turning posts into reposts can only lower it.
            "shared": shared,
            "sent": loaded * main(sent),
            "active": windowed((items > 0).astype(float), NO_DECAY, h.window),  # share of window days with items
            "newest": days_since_item(items),
        }
    return out


def days_since_item(items: np.ndarray) -> np.ndarray:
    """On every day, the age in days of the newest day with items up to it (0: today; inf: none yet)."""
    idx = np.arange(len(items), dtype=float)
    last = np.maximum.accumulate(np.where(items > 0, idx, -np.inf))
    return idx - last


OWN = ("activity", "engagement", "per_post", "outreach")  # what the account itself did in the window


def left(newest: np.ndarray | float, h: Hidden = HIDDEN) -> np.ndarray:
    """How much of a long break's fade is still ahead (1: none of it yet, 0: the window is empty), from the age
    in days of the newest day with items (inf: none): 1 up to Hidden.fade_after days, then a straight line
    to 0 on the day a break of whole weeks leaves nothing in the window (window + 1: 13 weeks is 91 days),
    so every week of the fade takes the same share."""
    return np.clip((h.window + 1 - np.asarray(newest, float)) / (h.window + 1 - h.fade_after), 0.0, 1.0)


def fade(feats: dict[str, np.ndarray], share: np.ndarray, days: pd.DatetimeIndex,
         h: Hidden = HIDDEN) -> dict[str, np.ndarray]:
    """The features with the OWN ones scaled so the score (jitter aside) is that of the account without them
    plus `share` (left()) of the difference: a long break fades what the account did, week by week.

    Why: without it a long break ended in a cliff. Past the last few days the window weighs every day alike,
    so while any old active day remained its reactions over its items still read as the usual per-post rate
    and the logs of its counts stayed far from 0; the week the last one left, all of it went at once (-35
    points for midsize_pro at 13 weeks, 29 for the celebrity). Klout: a longer break makes the score
    "decrease gradually". feature_values reads a fading window's counts at the rate of the days still in
    it, so the window's emptying moves nothing, and this fade alone takes the account's part away, the
    same number of points every week on the curve (a straight line in raw units would crawl while a
    celebrity is near the ceiling, where the curve is flat, and then plunge). days: the day of each value
    (one day for many accounts: population.scores). Where share is 1 (anyone who posted within fade_after
    days, however rarely) the features are returned as they were."""
    share = np.asarray(share, float)
    if (share >= 1).all():
        return feats
    idx = _era_index(days, h)
    w = {f: _per_day(idx, h, lambda e, f=f: e.weights[f]) for f in FEATURES}
    own = sum(w[f] * np.asarray(feats[f], float) for f in OWN)
    rest = sum(w[f] * np.asarray(feats[f], float) for f in FEATURES if f not in OWN)
    mu, sigma = reference_middle(days, h)
    ceiling, stretch = _curve_shape(idx, h)
    full, none = (curve((r - mu) / sigma, ceiling, stretch) for r in (own + rest, rest))
    wanted = mu + sigma * curve_inverse(none + share * (full - none), ceiling, stretch)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.where(share >= 1, 1.0, np.where(own > 0, np.clip((wanted - rest) / own, 0.0, 1.0), 0.0))
    return {**feats, **{f: k * np.asarray(feats[f], float) for f in OWN}}


def link_mask(inp: ScoreInput, platform: str, h: Hidden = HIDDEN) -> np.ndarray:
    """The share of the network's history that counts each day: 1 while linked, 0 from its unlink date on (its
    whole history leaves the window), and after a relink a ramp back to 1 over h.rescore_days days."""
    mask = np.ones(len(inp.days))
    for p, when in inp.unlinked:
        if p == platform:
            mask[inp.days >= pd.Timestamp(when)] = 0.0
    for p, when in inp.relinked:  # relinked: Klout re-read the network's history (larock_unlink)
        if p == platform:
            # Re-linking would "re-score your Klout account ... over the next 24-48 hours" (Klout's email,
            # hunterlawfirm): 1/3 of the history back on the relink day, 2/3 the next, all of it after 48 hours.
            since = (inp.days - pd.Timestamp(when)).days.to_numpy()
            ramp = np.minimum(1.0, (since + 1) / (h.rescore_days + 1))
            mask = np.where(since >= 0, ramp, mask)
    return mask


def features(inp: ScoreInput, h: Hidden = HIDDEN) -> pd.DataFrame:
    """Every feature on every day (index: day). Linked networks are summed; unlinked ones drop out."""
    return pd.DataFrame(_feature_arrays(inp, h), index=inp.days)


def _feature_arrays(inp: ScoreInput, h: Hidden = HIDDEN) -> dict[str, np.ndarray]:
    """features() as {name: array over inp.days}."""
    wins = _platform_windows(inp, h)
    n = len(inp.days)
    tot = {k: np.zeros(n) for k in ("items", "react", "react_amp", "shared", "sent")}
    networks = np.zeros(n)
    tot["newest"] = np.full(n, np.inf)
    for p, w in wins.items():
        m = link_mask(inp, p, h)
        for k in ("items", "react", "react_amp", "shared", "sent"):
            tot[k] += m * w[k]
        networks += m * (w["active"] > 0)
        tot["newest"] = np.minimum(tot["newest"], np.where(m > 0, w["newest"], np.inf))  # any linked network's
    loaded = 1 - np.asarray(inp.days == pd.Timestamp(h.outage_day), float) * h.outage_loss
    feats = feature_values(tot, networks, inp.followers_by_day(), h, inp.real_followers_by_day(), loaded)
    return fade(feats, feats.pop("left"), inp.days, h)


def feature_values(tot: dict[str, np.ndarray], networks: np.ndarray, followers: np.ndarray,
                   h: Hidden = HIDDEN, real_followers: np.ndarray | None = None,
                   loaded: np.ndarray | float = 1.0) -> dict[str, np.ndarray]:
    """Features from windowed averages (items, react, react_amp, shared, sent per day) and the age of the
    newest day with items on a linked network (newest, in days; inf: none; fade()), the number of linked
    networks active in the window, followers (NaN: unknown; bought ones included), real followers (bought
    ones left out; default: followers) and the share of the day's data that arrived (the outage). Shared
    by every scoring path; "left" is the fade's share (left()), for fade() to apply on the day's curve."""
    imputed = np.isnan(followers)
    # Unknown audience: impute from reactions (log of retweets explains scores as well as log of followers).
    followers = np.where(imputed, SHAPE["impute_per_reaction"] * tot["react"] + SHAPE["impute_base"], followers)
    real = followers if real_followers is None else real_followers
    real = np.where(np.isnan(real), SHAPE["impute_per_reaction"] * tot["react"] + SHAPE["impute_base"], real)
    # Past fade_after days of silence the window's counts are scaled up by the share of its days that still
    # hold activity (still: 1 at fade_after days, 0 when none do), so they read at the rate of the days left:
    # the window's emptying then costs nothing and fade() alone takes the account's part away, in equal steps.
    # The factor is exactly 1 for everyone else, whose values stay as they were.
    share = left(tot["newest"], h)
    still = np.clip((h.window - tot["newest"]) / (h.window - h.fade_after), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        rate = np.where(still > 0, 1.0 / still, 0.0)
    tot = {k: rate * tot[k] for k in ("items", "react", "react_amp", "shared", "sent")}
    return {
        "activity": np.log1p(tot["items"]),
        "engagement": np.log1p(tot["react"]),
        # Reactions over the usual posting rate: steady, it is reactions per post. amp_share of the reactions
        # are the last few days': in a pause they stop at once while the usual rate fades slowly, so this
        # part dives within days, by at most about half (the window's own reactions per post remain).
        "per_post": np.log1p((h.amp_share * tot["react_amp"] + (1 - h.amp_share) * tot["react"])
                             / (tot["shared"] + h.prior_posts)),
        "outreach": np.log1p(tot["sent"]),
        "audience": np.log10(1.0 + followers),
        "networks": np.maximum(networks - 1, 0),
        # Mentions of you by others: your audience keeps talking while you are silent (a celebrity three
        # months off is still mentioned). Exports do not carry them: modelled in hidden.py.
        "talked_about": np.log1p(loaded * h.mention_rate * real),
        "followers_imputed": imputed,
        "left": share,
    }


def era_on(day: pd.Timestamp | dt.date, h: Hidden = HIDDEN) -> Era:
    """The algorithm in force on `day`."""
    day = pd.Timestamp(day).date()
    return [e for e in h.eras if e.start <= day][-1]


def _era_index(days: pd.DatetimeIndex, h: Hidden) -> np.ndarray:
    starts = np.array([np.datetime64(e.start) for e in h.eras])
    return np.searchsorted(starts, days.values.astype("datetime64[D]"), side="right") - 1


def _per_day(idx: np.ndarray, h: Hidden, value) -> np.ndarray:
    """value(era) of the era in force on each day (idx: _era_index of the days)."""
    return np.array([value(e) for e in h.eras])[idx]


def _curve_shape(idx: np.ndarray, h: Hidden) -> tuple[np.ndarray, np.ndarray]:
    """(ceiling, stretch) that curve() grades each day with."""
    return _per_day(idx, h, lambda e: e.ceiling), _per_day(idx, h, lambda e: e.stretch)


def reference_middle(days: pd.DatetimeIndex, h: Hidden = HIDDEN) -> tuple[np.ndarray, np.ndarray]:
    """(mu, sigma) of the drifting reference population on each day."""
    idx = _era_index(days, h)
    mu, sigma = _per_day(idx, h, lambda e: e.mu), _per_day(idx, h, lambda e: e.sigma)
    S = SHAPE
    t = (days.values.astype("datetime64[D]").astype(float) - S["epoch_day"]) / S["year"]  # years since 2011-01-26
    # The population moves when others move: a seasonal swing plus a slow wander, no trend.
    drift = h.drift * np.sin(2 * np.pi * t) + h.wander * (np.sin(2 * np.pi * t / S["period_a"]) + np.sin(2 * np.pi * t / S["period_b"]))
    return mu + drift * sigma, sigma


def curve(z: np.ndarray, ceiling: np.ndarray | float, stretch: np.ndarray | float = 1.0) -> np.ndarray:
    """Grade on the curve: the middle scores 20, +1.645 sd (the 95th percentile) scores 50; soft ends
    (never below 1, never above the era's ceiling; `stretch` > 1 makes the top approach it more slowly)."""
    S = SHAPE
    lin = S["middle"] + S["per_sd"] * np.asarray(z, float)
    ceiling = np.asarray(ceiling, float)
    knee, fk, span = S["knee"], S["floor_knee"], S["floor_span"]
    top = knee + (ceiling - knee) * np.tanh((lin - knee) / ((ceiling - knee) * np.asarray(stretch, float)))
    bottom = S["floor"] + span * np.exp((np.minimum(lin, fk) - fk) / span)
    return np.where(lin > knee, top, np.where(lin < fk, bottom, lin))


def curve_inverse(score: np.ndarray, ceiling: np.ndarray | float, stretch: np.ndarray | float = 1.0) -> np.ndarray:
    """The z that curve() grades `score` (strictly between the floor and the ceiling)."""
    S = SHAPE
    y, ceiling, stretch = np.asarray(score, float), np.asarray(ceiling, float), np.asarray(stretch, float)
    knee, fk, span = S["knee"], S["floor_knee"], S["floor_span"]
    with np.errstate(divide="ignore", invalid="ignore"):  # each branch only where it applies
        top = knee + (ceiling - knee) * stretch * np.arctanh((y - knee) / (ceiling - knee))
        bottom = fk + span * np.log((y - S["floor"]) / span)
    lin = np.where(y > knee, top, np.where(y < fk, bottom, y))
    return (lin - S["middle"]) / S["per_sd"]


SALT_MODULUS = 10_000


def salt(seed: str) -> int:
    """The number a jitter seed (the dataset's DatasetId.seed) becomes; the cohort's SQL takes it from here."""
    return zlib.crc32(seed.encode()) % SALT_MODULUS


def jitter(seed: str, days: pd.DatetimeIndex, h: Hidden = HIDDEN) -> np.ndarray:
    """Seeded noise per (dataset, date): the same date always gets the same wobble."""
    ordinal = days.values.astype("datetime64[D]").astype(np.int64).astype(float)
    salt_ = salt(seed)
    u = np.modf(np.abs(np.sin(ordinal * SHAPE["hash_day"] + salt_ * SHAPE["hash_salt"])) * SHAPE["hash_scale"])[0]
    return h.jitter * (2.0 * u - 1.0) + jolt(ordinal, float(salt_), h)


def jolt(ordinal: np.ndarray, salt: float, h: Hidden = HIDDEN) -> np.ndarray:
    """The occasional overnight move: on days whose hash v < jolt_share, w = v / jolt_share picks the
    direction (down below 0.5) and the size (jolt_min + (jolt_max - jolt_min) * frac(2w)); else 0."""
    a, b, scale = JOLT_HASH
    v = np.modf(np.abs(np.sin(ordinal * a + salt * b)) * scale)[0]
    w = v / h.jolt_share
    size = h.jolt_min + (h.jolt_max - h.jolt_min) * np.modf(2.0 * w)[0]
    return np.where(v < h.jolt_share, np.where(w < 0.5, -size, size), 0.0)


def raw_score(feats: pd.DataFrame, h: Hidden = HIDDEN) -> np.ndarray:
    """The weighted sum of features, with the weights of the era in force each day."""
    return _raw(feats, _era_index(feats.index, h), h)


def _raw(feats, idx: np.ndarray, h: Hidden) -> np.ndarray:
    """raw_score of features as a frame or {name: array}, with the era index of their days."""
    w = np.array([[e.weights[f] for f in FEATURES] for e in h.eras])[idx]
    return (np.column_stack([np.asarray(feats[f], float) for f in FEATURES]) * w).sum(axis=1)


def subscore_raw(feats: pd.DataFrame, name: str, h: Hidden = HIDDEN) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(raw, mid, spread) of subscore `name` on every day: parts x the era's weights x features."""
    return _subscore_raw(feats, name, _era_index(feats.index, h), h)


def _subscore_raw(feats, name: str, idx: np.ndarray, h: Hidden) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    raw = sum(part * _per_day(idx, h, lambda e, f=f: e.weights[f]) * np.asarray(feats[f])
              for f, part in SUBSCORE_PARTS[name].items())
    mid, spread = _per_day(idx, h, lambda e: e.subs[name][0]), _per_day(idx, h, lambda e: e.subs[name][1])
    return raw, mid, spread


def _sub(feats, name: str, idx: np.ndarray, h: Hidden = HIDDEN) -> np.ndarray:
    raw, mid, spread = _subscore_raw(feats, name, idx, h)
    return np.round(curve((raw - mid) / spread, 100.0), 2)


def score_series(inp: ScoreInput, h: Hidden = HIDDEN) -> pd.DataFrame:
    """The opaque score on every day of `inp` (index: day).

    Columns: score (1-100, two decimals), slope (points gained over the last 7 days), true_reach,
    amplification, network (1-100 each), active (any item in the window), followers_imputed.
    """
    # Plain arrays, one frame built at the end: pandas lookups and column inserts were most of the time a
    # What-if slider move spends here.
    feats, days = _feature_arrays(inp, h), inp.days
    mu, sigma = reference_middle(days, h)
    idx = _era_index(days, h)
    ceiling, stretch = _curve_shape(idx, h)
    score = curve((_raw(feats, idx, h) - mu) / sigma, ceiling, stretch) + jitter(inp.seed, days, h)
    score = np.round(np.clip(score, 1.0, 100.0), 2)
    slope = np.zeros(len(score))  # points gained over 7 days (0 before the eighth day)
    slope[7:] = score[7:] - score[:-7]
    slope[np.isnan(slope)] = 0.0
    return pd.DataFrame({"score": score, "slope": np.round(slope, 2), **{s: _sub(feats, s, idx, h) for s in SUBSCORES},
                         "followers_imputed": feats["followers_imputed"]}, index=days)
