"""Opening the black box: every feature's value, weight and contribution on a day, and the hidden weights.

Klout never showed this. The Gaming lab's teacher control does, so a class can see *why* a strategy moved
the number (or didn't).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cloutlab.scores import opaque
from cloutlab.scores.hidden import FEATURES, HIDDEN, Hidden
from cloutlab.scores.inputs import ScoreInput

PLAIN = {
    "activity": "items posted per day (log)",
    "engagement": "reactions received per day, weighted by type (log)",
    "per_post": "reactions per item shared (reposts included), half of them from the last few days (log)",
    "outreach": "replies to others and distinct accounts mentioned per day (log)",
    "audience": "followers (log10; imputed from reactions where unknown)",
    "networks": "extra linked networks with activity",
    "talked_about": "mentions of you by others per day (log; modelled from real followers)",
}


def explain(inp: ScoreInput, day=None, h: Hidden = HIDDEN) -> dict:
    """The whole computation on `day` (default: the last day).

    Returns {"day", "era", "features": DataFrame(feature, meaning, value, weight, contribution), "raw",
    "mu", "sigma", "z", "curve_score", "jitter", "score"}. Units: raw and mu in weighted-feature units,
    sigma per standard deviation of the reference population, scores in points (1-100).
    """
    day = inp.day(day)
    feats = opaque.features(inp, h)
    row = feats.loc[day]
    era = opaque.era_on(day, h)
    table = pd.DataFrame(
        {
            "feature": list(FEATURES),
            "meaning": [PLAIN[f] for f in FEATURES],
            "value": [float(row[f]) for f in FEATURES],
            "weight": [era.weights[f] for f in FEATURES],
        }
    )
    table["contribution"] = table["value"] * table["weight"]
    mu, sigma = opaque.reference_middle(pd.DatetimeIndex([day]), h)
    raw = float(table["contribution"].sum())
    z = (raw - mu[0]) / sigma[0]
    jit = float(opaque.jitter(inp.seed, pd.DatetimeIndex([day]), h)[0])
    series = opaque.score_series(inp, h)
    return {
        "day": day, "era": era.name, "features": table, "raw": raw, "mu": float(mu[0]), "sigma": float(sigma[0]),
        "z": float(z), "curve_score": float(opaque.curve(z, era.ceiling, era.stretch)), "jitter": jit,
        "score": float(series.loc[day, "score"]), "followers_imputed": bool(row["followers_imputed"]),
    }


def hidden_weights(h: Hidden = HIDDEN) -> pd.DataFrame:
    """The weights of every era side by side (rows: features), plus the curve's mu and sigma."""
    table = pd.DataFrame({e.name: [e.weights[f] for f in FEATURES] + [e.mu, e.sigma, e.ceiling] for e in h.eras},
                         index=list(FEATURES) + ["curve middle (mu)", "curve spread (sigma)", "ceiling"])
    table.index.name = "parameter"
    return table


# Plain words for the classroom: what each lever is, with no statistics jargon (the details keep that).
LEVER = {
    "activity": "how much you post",
    "engagement": "how many reactions you get",
    "per_post": "how many different people react to each post",
    "outreach": "how much you talk to others",
    "audience": "how many follow you",
    "networks": "how many networks you linked",
    "talked_about": "how much others talk about you",
}
START = "where a silent account starts"
WOBBLE = "the day's random wobble"
LIMITS = "rounding and the 1-100 limits"


def waterfall(explained: dict) -> pd.DataFrame:
    """The score of `explained` (from explain) as steps that add up to it EXACTLY, in points.

    The curve is not a straight line, so a lever's points depend on the order: we add the levers one at a
    time in FEATURES order and credit each with the points the curve gains (or loses) when it is added.
    Each step is taken in whole hundredths (the cumulative total rounded, then differenced), so the
    displayed steps sum to the displayed score to the hundredth, with no leftover.

    Columns: step (plain words), feature (key, or "" for the start and the last two steps), points,
    weight (the hidden multiplier; NaN for non-features), cents (points x 100, integers that sum exactly).
    """
    from cloutlab.scores.opaque import curve, era_on

    ceiling, stretch = era_on(explained["day"]).ceiling, era_on(explained["day"]).stretch
    mu, sigma = explained["mu"], explained["sigma"]
    feats = explained["features"]
    steps, running = [(START, "", float(curve(np.float64((0.0 - mu) / sigma), ceiling, stretch)))], 0.0
    for f, c in zip(feats["feature"], feats["contribution"]):
        running += float(c)
        steps.append((LEVER[f], f, float(curve(np.float64((running - mu) / sigma), ceiling, stretch))))
    steps.append((WOBBLE, "", steps[-1][2] + explained["jitter"]))
    steps.append((LIMITS, "", explained["score"]))
    cum = [round(level * 100) for _, _, level in steps]
    cents = [cum[0]] + [b - a for a, b in zip(cum, cum[1:])]
    weights = dict(zip(feats["feature"], feats["weight"]))
    return pd.DataFrame({
        "step": [s for s, _, _ in steps], "feature": [f for _, f, _ in steps],
        "points": [c / 100 for c in cents], "weight": [weights.get(f, float("nan")) for _, f, _ in steps],
        "cents": cents,
    })


def plain_weights(h: Hidden = HIDDEN) -> pd.DataFrame:
    """The hidden weights of every era, one row per lever in plain words (no curve parameters)."""
    table = pd.DataFrame({e.name: [e.weights[f] for f in FEATURES] for e in h.eras},
                         index=[LEVER[f] for f in FEATURES])
    table.index.name = "lever"
    return table
