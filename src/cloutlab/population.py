"""A synthetic reference population: the "whole user base" the opaque score is graded against.

Klout graded on a curve against its users (average about 20, 50 about the 95th percentile). We have no
such population, so we simulate one: many light users, a long tail of heavy ones, followers that go with
reactions (log followers and log retweets both explained ~94% of the score between users). The hidden
curve parameters are calibrated on it, and a test checks the resulting distribution.
"""

from __future__ import annotations

import numpy as np


def simulate(n: int, days: int = 90, seed: int = 2011) -> dict[str, np.ndarray]:
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


def end_windows(pop: dict[str, np.ndarray], weights_at) -> dict[str, np.ndarray]:
    """Windowed averages on the last simulated day, as the opaque model reads them.

    weights_at(tau) gives the recency weights over the window, age 0 first.
    """
    def at(x, tau):
        w = weights_at(tau)
        return x[:, -len(w):][:, ::-1] @ w

    from .scores.hidden import HIDDEN as h

    return {
        "items": at(pop["items"], h.tau), "react": at(pop["react"], h.tau),
        "react_amp": at(pop["react"], h.tau_amp), "own": at(pop["own"], h.tau), "sent": at(pop["sent"], h.tau),
    }


def scores(pop: dict[str, np.ndarray], day: str = "2026-01-15") -> np.ndarray:
    """The opaque score of every simulated account on `day` (its last simulated day), jitter aside."""
    import pandas as pd

    from .scores import opaque
    from .scores.hidden import FEATURES, HIDDEN

    tot = end_windows(pop, lambda tau: opaque._weights(HIDDEN.window, tau))
    n = len(pop["followers"])
    feats = opaque.feature_values(tot, np.zeros(n), pop["followers"].astype(float))
    when = pd.DatetimeIndex([day])
    era = opaque.era_on(when[0])
    raw = np.column_stack([feats[f] for f in FEATURES]) @ np.array([era.weights[f] for f in FEATURES])
    mu, sigma = opaque.reference_middle(when)
    return opaque.curve((raw - mu[0]) / sigma[0], era.ceiling)
