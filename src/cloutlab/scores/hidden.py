"""The opaque model's hidden parameters. The UI never shows these until "Open the black box".

Weights change on Klout's two big algorithm updates (2011-10-26 and 2012-08-14); the reference population
that the curve grades against drifts slowly, so scores move even when behaviour does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from cloutlab.scores.windows import SCORE_DAYS

# The fixed shape of the opaque score's formulas, read by every engine (scores/opaque.py in numpy,
# cohort/sql.py in SQL, whatif/gaming.py's explanation): defined here once so they cannot drift apart.
SHAPE = {
    "middle": 20.0, "per_sd": 30.0 / 1.645,  # the middle grades 20, +1.645 sd (95th percentile) grades 50
    "knee": 80.0,  # above it the scale bends towards the era's ceiling
    "floor_knee": 10.0, "floor": 1.0, "floor_span": 9.0,  # below 10 it bends towards 1
    "epoch_day": 15000.0, "year": 365.25, "period_a": 3.1, "period_b": 7.3,  # the reference drift
    "hash_day": 12.9898, "hash_salt": 78.233, "hash_scale": 43758.5453,  # the jitter's sin-hash
    "impute_per_reaction": 120.0, "impute_base": 50.0,  # followers where the export does not say
}
JOLT_HASH = (39.3468, 11.135, 24634.6345)  # the jolt's own sin-hash (day, salt, scale): not the jitter's
FEATURES = ("activity", "engagement", "per_post", "outreach", "audience", "networks", "talked_about")

# What each subscore reads (Klout's documented meanings, docs/klout-record.md 1.1): True Reach, how many people
# you influence; Amplification, how much (reactions per post, and Berry's "Update Count"); Network, how
# influential the people who engage with you are: the reactions they give and the mentions of you they
# spread to their own audiences. A subscore's raw value is sum(part x era weight x feature), graded on its
# own curve per era (Era.subs), so an algorithm update moves the subscores as it moves the score.
SUBSCORE_PARTS = {
    "true_reach": {"engagement": 1.0, "audience": 1.0},
    "amplification": {"per_post": 1.0, "activity": 1.0},
    "network": {"engagement": 0.5, "talked_about": 1.0, "networks": 0.5},
}


@dataclass(frozen=True)
class Era:
    name: str
    start: dt.date
    weights: dict[str, float]
    mu: float  # raw value graded 20 (the population's middle)
    sigma: float  # raw units per standard deviation of the population
    ceiling: float  # the soft top of the scale in this era
    subs: dict[str, tuple[float, float]]  # subscore -> (raw graded 20, raw per standard deviation)
    stretch: float = 1.0  # how slowly the top of the scale approaches the ceiling (1: as the curve bends)


@dataclass(frozen=True)
class Hidden:
    window: int = SCORE_DAYS  # days, as Klout said
    # Recency weights of the window (opaque.window_weights): recent_share of the weight on the last few days
    # (tau_recent), the rest on every day of the window alike (tau: no decay). A pause loses the recent part
    # within a week (Lettink: "my Klout score dived") and the rest gradually, a ninetieth a day. Klout:
    # "being inactive over the weekend or taking short break won't have a major impact on your Score, but if
    # you're inactive for longer periods your Score will decrease gradually" (LaRock); a summer vacation
    # took one score 61 -> 54 over five weeks (discover-your-customers). With all the weight on exp(-age/14)
    # a four-week break cost a mid-size account 32 points; now about 12 (tests/test_sizes.py).
    tau: float = 1e9
    recent_share: float = 0.5
    tau_recent: float = 4.0
    # Mentions of you by others ("referenced everywhere"), which no export carries: modelled as mention_rate
    # mentions a day per real follower. An audience keeps talking about someone famous while they are
    # silent; bought followers never mention anyone. Inside the window like every input.
    mention_rate: float = 2e-5
    tau_amp: float = 5.0  # the amplification part looks at the last few days: it "dives" first
    # The per-post ratio reads amp_share of its reactions over the last few days (tau_amp) and the rest over
    # the window, so a pause makes it dive within days ("my Klout score dived. And the amplification score
    # went right down with it", Lettink) by at most about half: it does not fall to nothing while the posts
    # of the window still hold their reactions.
    amp_share: float = 0.5
    rescore_days: int = 2  # a relinked network's history comes back over this many days after the relink day
    reaction_weights: tuple[float, float, float, float] = (1.0, 2.0, 2.0, 2.0)  # like, repost, reply, quote
    # A break longer than fade_after days fades what the account did in the window (activity, engagement,
    # per post, outreach) in equal weekly steps on the curve, to nothing the week the window is empty
    # (opaque.left, opaque.fade): "your Score will decrease gradually", never a cliff the week its last old
    # active day drops off. Five weeks: the longest break the record sizes (61 -> 54), so it and shorter
    # breaks cost what they did, and anyone who posted within five weeks, however rarely, is untouched.
    fade_after: int = 35
    prior_posts: float = 0.1  # pseudo-posts per day in the per-post ratio: one lucky post is not a trend
    unknown_per_post: float = 1.5  # reactions per post assumed where an export has no counts
    outage_day: dt.date = dt.date(2012, 7, 27)  # Twitter's outage: Klout lost ~20% of that day's data
    outage_loss: float = 0.2
    jitter: float = 0.35  # points of seeded day-to-day noise
    # Occasional unexplained overnight moves ("Last night I had a score of 34, yet this morning it
    # plummeted to a measly 31", geeb10): on about jolt_share of days the score is off by jolt_min to
    # jolt_max points, up or down, seeded per (dataset, date) like the jitter.
    jolt_share: float = 0.03
    jolt_min: float = 2.0
    jolt_max: float = 3.5
    drift: float = 0.03  # seasonal drift of the reference population, in sigmas
    wander: float = 0.02  # slow multi-year wander of the reference population, in sigmas
    eras: tuple[Era, ...] = ()


# Before the 2011 update, volume and reach on the primary network drove the score ("the main driver of your
# Klout was a primary network", Klout blog, Nov 2011); afterwards reactions per post and "greater equality of
# networks" counted more, so accounts with reach but little engagement fell. From 14 Aug 2012, real-world
# influence (Wikipedia: "he's referenced everywhere") counts: being talked about weighs more, and the very top
# is re-ordered (Bieber 100 -> 92). Followers themselves always carry a very small weight (Ignite). A further
# linked network adds two to three points in every era (LaRock, March 2012: "Disconnecting Facebook: -2.69").
_W0 = {"activity": 0.90, "engagement": 0.45, "per_post": 0.40, "outreach": 0.60, "audience": 1.25, "networks": 0.30,
       "talked_about": 0.20}
_W1 = {"activity": 0.35, "engagement": 0.60, "per_post": 1.00, "outreach": 0.30, "audience": 0.04, "networks": 0.30,
       "talked_about": 0.20}
_W2 = {"activity": 0.50, "engagement": 0.45, "per_post": 0.70, "outreach": 0.35, "audience": 0.04, "networks": 0.30,
       "talked_about": 1.30}

HIDDEN = Hidden(
    eras=(
        Era("launch", dt.date(1900, 1, 1), _W0, mu=5.066, sigma=3.104, ceiling=101.0,
            subs={'true_reach': (3.725, 1.659), 'amplification': (1.133, 1.27), 'network': (0.266, 0.489)}),
        # 26 Oct 2011 "A More Accurate, Transparent Klout Score": new weights; "a majority of users will see
        # their Scores stay the same or go up but some users will see a drop" (about 20 or more: 73 to 53, 63 to 39).
        Era("2011-10-26 update", dt.date(2011, 10, 26), _W1, mu=2.549, sigma=2.738, ceiling=101.0,
            subs={'true_reach': (0.796, 1.3), 'amplification': (1.42, 1.45), 'network': (0.353, 0.649)}),
        # 14 Aug 2012: 400+ signals and Wikipedia; most rose, and the only perfect 100 fell to 92: the top
        # of the scale was re-graded (stretch), so the very top no longer crowds at 100.
        Era("2012-08-14 update", dt.date(2012, 8, 14), _W2, mu=1.827, sigma=2.434, ceiling=100.0,
            subs={'true_reach': (0.622, 0.979), 'amplification': (1.225, 1.129), 'network': (0.29, 0.541)}, stretch=7.0),
    )
)
