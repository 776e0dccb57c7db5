"""A synthetic reference population: the "whole user base" the opaque score is graded against.

Klout graded on a curve against its users (average about 20, 50 about the 95th percentile). We have no
such population, so we simulate one: many light users, a long tail of heavy ones, followers that go with
reactions (log followers and log retweets both explained ~94% of the score between users). The hidden
curve parameters are calibrated on it, and a test checks the resulting distribution.
"""

from __future__ import annotations

import functools
import threading

import numpy as np

from cloutlab.scores.windows import SCORE_DAYS


def simulate(n: int, days: int = SCORE_DAYS, seed: int = 2011) -> dict[str, np.ndarray]:
    """Daily counts for `n` accounts over `days` days: arrays of shape (n, days), plus followers (n,).

    Keys: items, own (posts that can draw reactions), react (type-weighted reactions received), sent
    (replies to others + distinct accounts mentioned), followers.
    """
    rng = np.random.default_rng(seed)
    rate = rng.lognormal(np.log(0.8), 1.8, n)  # items per day: most people post rarely
    repost_share = rng.beta(2, 5, n)
    reply_share = rng.beta(2, 4, n) * (1 - repost_share)
    followers = np.round(rng.lognormal(np.log(300), 2.0, n))
    # Reactions per post grow with the square root of the audience, with a lot of individual spread.
    per_post = 0.15 * np.sqrt(followers) * rng.lognormal(0.0, 1.1, n)
    items = rng.poisson(rate[:, None] * rng.gamma(2.0, 0.5, (n, days)))
    own = rng.binomial(items, (1 - repost_share)[:, None])
    react = rng.poisson(own * per_post[:, None] * 1.6)  # 1.6: a mix of likes (x1) and reposts/replies (x2)
    sent = rng.binomial(items, reply_share[:, None]) * 1.8  # a reply and the account it names
    return {"items": items, "own": own, "react": react, "sent": sent, "followers": followers}


def end_windows(pop: dict[str, np.ndarray], main: np.ndarray, amp: np.ndarray) -> dict[str, np.ndarray]:
    """Windowed averages on the last simulated day, as the opaque model reads them: `main` the recency
    weights every volume reads, `amp` those of the amplification part, age 0 first; and the age of each
    account's newest day with items (inf: none), which opaque.fade reads."""
    def at(x, w):
        return x[:, -len(w):][:, ::-1] @ w

    active = pop["items"][:, ::-1] > 0  # age 0 first
    newest = np.where(active.any(axis=1), active.argmax(axis=1), np.inf)  # age of the newest day with items
    return {
        "items": at(pop["items"], main), "react": at(pop["react"], main),
        "react_amp": at(pop["react"], amp), "shared": at(pop["items"], main), "sent": at(pop["sent"], main),
        "newest": newest.astype(float),
    }


def features(pop: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The opaque model's features of every simulated account on its last simulated day."""
    from cloutlab.scores import opaque
    from cloutlab.scores.hidden import HIDDEN

    tot = end_windows(pop, opaque.window_weights(), opaque.decay_weights(HIDDEN.window, HIDDEN.tau_amp))  # the same decay as the model
    return opaque.feature_values(tot, np.zeros(len(pop["followers"])), pop["followers"].astype(float))


def raw_scores(feats: dict[str, np.ndarray], day) -> np.ndarray:
    """The weighted feature sum of every account under the algorithm in force on `day`."""
    from cloutlab.scores import opaque
    from cloutlab.scores.hidden import FEATURES

    era = opaque.era_on(day)
    return np.column_stack([feats[f] for f in FEATURES]) @ np.array([era.weights[f] for f in FEATURES])


def scores(pop: dict[str, np.ndarray], day: str = "2026-01-15", feats: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """The opaque score of every simulated account on `day` (as if its last simulated day), jitter aside."""
    import pandas as pd

    from cloutlab.scores import opaque

    feats = features(pop) if feats is None else feats
    when = pd.DatetimeIndex([pd.Timestamp(day)])
    feats = opaque.fade(feats, feats["left"], when)  # on this day's curve (an account silent for weeks)
    era = opaque.era_on(when[0])
    mu, sigma = opaque.reference_middle(when)
    return opaque.curve((raw_scores(feats, when[0]) - mu[0]) / sigma[0], era.ceiling, era.stretch)


REFERENCE = {"n": 20_000, "seed": 2011}  # the population every score is graded against (and ranked in)
_CACHE: dict = {}
_LOCK = threading.Lock()


def _reference_features() -> dict[str, np.ndarray]:
    with _LOCK:  # built once per process (0.3 to 0.8 s); a second caller waits for the first
        if "feats" not in _CACHE:
            _CACHE["feats"] = features(simulate(REFERENCE["n"], seed=REFERENCE["seed"]))
    return _CACHE["feats"]


def reference_scores(day) -> np.ndarray:
    """Sorted scores of the reference population on `day` (read-only: kept for the few days last asked)."""
    return _sorted_scores(str(day)[:10])


@functools.lru_cache(maxsize=8)  # 160 kB a day; the What-if lab asks for the same day twice on every slider move
def _sorted_scores(day: str) -> np.ndarray:
    s = np.sort(scores({}, day, feats=_reference_features()))
    s.flags.writeable = False
    return s


def stats(day) -> dict[str, float]:
    """The reference population on `day`: median, 95th percentile and share at 50 or more (0-1)."""
    s = reference_scores(day)
    return {"median": round(float(np.median(s)), 2), "p95": round(float(np.percentile(s, 95)), 2),
            "share_50_plus": round(float(np.mean(s >= 50)), 4)}


def percentile(score: float, day) -> float:
    """The share of the reference population (in percent, 0-100) that scores below `score` on `day`:
    "better than N% of accounts on that date"."""
    s = reference_scores(day)
    return round(100.0 * float(np.searchsorted(s, score, side="left")) / len(s), 1)
