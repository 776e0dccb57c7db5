"""What-if simulator (docs/DESIGN.md section 6): scenarios of slider values, and pure seeded transforms of a
dataset's posts and audience, applied before scoring.

    scenario = parse_set(["break_weeks=1"])          # or Scenario(break_weeks=1), from_query(params)
    what_if = simulate(posts, followers, scenario, seed_id)   # a ScoreInput, scored like the baseline

The transforms, their fixed order and their factors are documented in `transforms`. `prepare(posts)` does
the per-dataset work once (the UI keeps it across slider moves); `apply` and `simulate` take either the
posts table or its Prepared form.
"""

from __future__ import annotations

import dataclasses

import pyarrow as pa

from cloutlab.errors import CloutlabError
from cloutlab.scores.inputs import ScoreInput
from cloutlab.whatif import prepared as _prepared
from cloutlab.whatif.audience import away
from cloutlab.whatif.daily import frame_of, grid_days
from cloutlab.whatif.materialize import posts_of
from cloutlab.whatif.prepared import Prepared
from cloutlab.whatif.scenario import (
    FIELDS,
    SPECS,
    Scenario,
    as_dict,
    from_query,
    parse_set,
    resolve,
    to_query,
)
from cloutlab.whatif.transforms import ORDER, Plan, plan_of

__all__ = [
    "FIELDS", "ORDER", "SPECS", "Prepared", "Scenario", "apply", "as_dict", "from_query", "parse_set",
    "prepare", "resolve", "simulate", "to_query",
]


def prepare(posts: pa.Table, baseline=None) -> Prepared:
    """The posts in the transforms' numpy form, with their baseline daily frame; CloutlabError if empty.

    baseline: the posts' daily frame when the caller already has it (the app's, from the store's SQL, which
    a test holds equal to the numpy one, value for value and dtype for dtype), so it is not built twice."""
    if posts.num_rows == 0:
        raise CloutlabError("This dataset has no posts to simulate: import an export or pick a demo persona first.")
    prep = _prepared.prepare(posts)
    return dataclasses.replace(prep, baseline=frame_of(prep, Plan(prep.n)) if baseline is None else baseline)


def _prepared_of(posts: pa.Table | Prepared) -> Prepared:
    return posts if isinstance(posts, Prepared) else prepare(posts)


def _touches_posts(s: Scenario) -> bool:
    return (s.frequency != 1 or s.break_weeks > 0 or s.repost_share is not None or s.reply_share is not None
            or s.ring_reactions > 0)


def _resolved(prep: Prepared, scenario: Scenario) -> Scenario:
    s = resolve(scenario, prep.first_date, prep.last_date)
    if s.unlink is not None and s.unlink not in prep.platforms:
        raise CloutlabError(f"unlink={s.unlink}: this dataset has no {s.unlink} account; "
                            f"choose one of {', '.join(prep.platforms)}.")
    return s


def apply(posts: pa.Table | Prepared, scenario: Scenario) -> pa.Table:
    """The posts after every transform of `scenario`, in the documented order (deterministic for its seed).

    Input and output have the canonical `posts` columns (plus `ring_likes` when an engagement ring
    reacts). Items kept keep their order; repeats follow. A scenario that changes no post returns the
    input table itself.
    """
    prep = _prepared_of(posts)
    s = _resolved(prep, scenario)
    if not _touches_posts(s):
        return prep.posts
    return posts_of(prep, plan_of(prep, s))


def simulate(posts: pa.Table | Prepared, followers: dict[str, int | None], scenario: Scenario,
             seed_id: str) -> ScoreInput:
    """The ScoreInput of the dataset under `scenario`, to score exactly like the baseline.

    daily: the frame of apply(posts, scenario), on the baseline's grid (its platforms and every day of its
        span, so a break at the end shows quiet days rather than a shorter history); equal to
        activity.daily_from_posts(apply(...)) wherever that grid is the same.
    followers: as given (the audience known at export time); bought: ((bought_at, n),) when n > 0;
    unlinked: ((platform, unlink_at),) when set; relinked: ((platform, relink_at),) when both are set; ring_size: when the ring reacts at all; seed: seed_id.
    The identity scenario gives the baseline's frame exactly.
    """
    prep = _prepared_of(posts)
    s = _resolved(prep, scenario)
    daily = frame_of(prep, plan_of(prep, s)) if _touches_posts(s) else prep.baseline.copy()
    if s.audience_away:  # the posts are as usual; the reactions they draw fall (audience.py)
        daily = away(daily, s.audience_away_start, s.audience_away)
    inp = ScoreInput(
        daily=daily,
        followers=dict(followers),
        bought=((s.bought_at, s.bought_followers),) if s.bought_followers else (),
        unlinked=((s.unlink, s.unlink_at),) if s.unlink else (),
        relinked=((s.unlink, s.relink_at),) if s.unlink and s.relink_at else (),
        ring_size=s.ring_size if s.ring_reactions else 0,
        seed=seed_id,
    )
    # frame_of's frames hold every day of the span for every platform, platform after platform (away() keeps
    # the rows): the scores need not read that back from the frame.
    return inp.on_grid(grid_days(prep), prep.platforms) if _touches_posts(s) else inp
