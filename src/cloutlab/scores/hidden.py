"""The opaque model's hidden parameters. The UI never shows these until "Open the black box".

Weights change on Klout's two big algorithm updates (2011-10-26 and 2012-08-14); the reference population
that the curve grades against drifts slowly, so scores move even when behaviour does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FEATURES = ("activity", "engagement", "per_post", "outreach", "audience", "networks")


@dataclass(frozen=True)
class Era:
    name: str
    start: dt.date
    weights: dict[str, float]
    mu: float  # raw value graded 20 (the population's middle)
    sigma: float  # raw units per standard deviation of the population
    ceiling: float  # the soft top of the scale in this era


@dataclass(frozen=True)
class Hidden:
    window: int = 90  # days, as Klout said
    tau: float = 14.0  # recency decay of the window (days): recent activity weighs more
    tau_amp: float = 5.0  # the amplification part looks at the last few days: it "dives" first
    reaction_weights: tuple[float, float, float, float] = (1.0, 2.0, 2.0, 2.0)  # like, repost, reply, quote
    prior_posts: float = 0.1  # pseudo-posts per day in the per-post ratio: one lucky post is not a trend
    unknown_per_post: float = 1.5  # reactions per post assumed where an export has no counts
    outage_day: dt.date = dt.date(2012, 7, 27)  # Twitter's outage: Klout lost ~20% of that day's data
    outage_loss: float = 0.2
    jitter: float = 0.35  # points of seeded day-to-day noise
    drift: float = 0.06  # seasonal drift of the reference population, in sigmas
    wander: float = 0.04  # slow multi-year wander of the reference population, in sigmas
    eras: tuple[Era, ...] = ()


# Before the 2011 update, volume on the primary network drove the score; afterwards reactions per post
# and "greater equality of networks" counted more. Followers always carry a very small weight.
_W0 = {"activity": 0.75, "engagement": 0.55, "per_post": 0.60, "outreach": 0.50, "audience": 0.04, "networks": 0.50}
_W1 = {"activity": 0.45, "engagement": 0.55, "per_post": 0.90, "outreach": 0.35, "audience": 0.04, "networks": 0.70}
_W2 = {"activity": 0.55, "engagement": 0.55, "per_post": 0.80, "outreach": 0.40, "audience": 0.04, "networks": 0.50}

HIDDEN = Hidden(
    eras=(
        Era("launch", dt.date(1900, 1, 1), _W0, mu=2.324, sigma=2.823, ceiling=100.0),
        # 26 Oct 2011 "A More Accurate, Transparent Klout Score": new weights, and the bar rose by 0.6
        # sigma over the population's median (2.466): many active accounts fell 10 to 20 points.
        Era("2011-10-26 update", dt.date(2011, 10, 26), _W1, mu=4.102, sigma=2.726, ceiling=100.0),
        # 14 Aug 2012: 400+ signals and Wikipedia; most rose, and the very top was compressed (100 -> 92).
        Era("2012-08-14 update", dt.date(2012, 8, 14), _W2, mu=2.421, sigma=2.742, ceiling=94.0),
    )
)
