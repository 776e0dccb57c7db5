"""What a live class does, step by step: play strategies, predict then reveal, judge who is more influential.

Every truth the projector reveals is computed by the library (gaming.play on the demo personas), never
typed in: `row_for(persona, key)` is a leaderboard row of gaming.play for a persona playing strategy `key`
(a Gaming lab strategy, or WEEK_OFF); the pages pass one that caches each (persona, key) once per process.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from cloutlab.activity import RECEIVED
from cloutlab.store import demo
from cloutlab.scores.windows import SCORE_DAYS
from cloutlab.whatif import gaming

RowFor = Callable[[str, str], dict]


@dataclass(frozen=True)
class Play:
    """A what-if played for a question only (gaming.play reads `name` and `changes`)."""
    key: str
    name: str
    changes: dict = field(default_factory=dict)


WEEK_OFF = Play("week_off", "One week off", {"break_weeks": 1})


def strategy(key: str):
    return WEEK_OFF if key == WEEK_OFF.key else gaming.STRATEGIES[key]


PERSONAS = tuple(demo.PERSONAS)


def persona_title(name: str) -> str:
    return demo.PERSONAS[name].title


def handle(name: str) -> str:
    """The persona's first account as people saw it, e.g. '@nell_writes'."""
    acc = demo.PERSONAS[name].accounts[0]
    return acc.account if "@" in acc.account or acc.account.startswith("did:") else f"@{acc.account}"


# ------------------------------------------------------------------ predict, then reveal
@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple[str, ...]
    truth: Callable[[RowFor], tuple[str, str]]  # -> (the right choice, a sentence with the numbers)


def _bot_vs_novelist(row_for: RowFor) -> tuple[str, str]:
    bot, nell = row_for("bot", "as_is")["opaque"], row_for("novelist", "as_is")["opaque"]
    right = "Yes, the bot scores higher" if bot > nell else "No, the novelist scores higher"
    return right, (f"The spam bot scores {bot:.1f} on the black box, the novelist {nell:.1f}. The black box "
                   "counts volume and mentions; it cannot tell shouting from being listened to.")


WEEK_OFF_BINS = ((1.0, "Less than 1 point"), (5.0, "1 to 5 points"), (10.0, "5 to 10 points"),
                 (float("inf"), "More than 10 points"))


def _week_off(row_for: RowFor) -> tuple[str, str]:
    row = row_for("novelist", WEEK_OFF.key)
    cost = row["opaque_before"] - row["opaque"]
    right = next(label for top, label in WEEK_OFF_BINS if cost < top)
    moved = row.get("outcome_pct")
    outcome = "" if moved is None else f" Her outcome ({row['outcome_unit']}) changes by {moved:+.1f}%."
    return right, (f"One week off takes the novelist from {row['opaque_before']:.1f} to {row['opaque']:.1f}: "
                   f"{cost:.1f} points, for a week of writing instead of posting.{outcome}")


def _bought(row_for: RowFor) -> tuple[str, str]:
    row = row_for("novelist", "buy_followers")
    gain = row["opaque"] - row["opaque_before"]
    right = "Yes, 5 points or more" if gain >= 5 else "No, less than 5 points"
    return right, (f"10,000 bought followers move the novelist from {row['opaque_before']:.1f} to "
                   f"{row['opaque']:.1f} ({gain:+.1f}): followers who never react add almost nothing. When "
                   "Ignite Social Media bought 10,000 followers, its Klout score stayed at 66 to 67.")


QUESTIONS: dict[str, Question] = {q.key: q for q in (
    Question("bot_vs_novelist", "Will the spam bot beat the novelist on the black-box score?",
             ("Yes, the bot scores higher", "No, the novelist scores higher"), _bot_vs_novelist),
    Question("week_off", "How many black-box points does one week off cost the novelist?",
             tuple(label for _, label in WEEK_OFF_BINS), _week_off),
    Question("bought", "The novelist buys 10,000 followers. Does her black-box score rise by 5 points or more?",
             ("Yes, 5 points or more", "No, less than 5 points"), _bought),
)}

# ------------------------------------------------------------------ who is more influential?
# Pairs where popularity and engagement pull apart, so the class must decide which it trusts.
PAIRS: tuple[tuple[str, str], ...] = (
    ("bot", "novelist"), ("follower_buyer", "conversationalist"), ("celebrity", "midsize_pro"),
    ("broadcaster", "veteran_2011"), ("networker_fb", "casual"),
)

PUBLIC = {"followers": "Followers", "following": "Following", "posts": f"Posts (last {SCORE_DAYS} days)",
          "reactions": f"Reactions received (last {SCORE_DAYS} days)",
          "reposts": f"Reposts received (last {SCORE_DAYS} days)"}


def public_numbers(name: str | None, inp) -> dict[str, float | None]:
    """What anyone could see on the account's profile: followers and following (as exported), and over the
    last SCORE_DAYS days the posts, the reactions received (likes, reposts, replies, quotes the export carries) and
    the reposts received. `inp`: the account's baseline ScoreInput; `name`: the persona (None for an import,
    whose export does not say how many it follows)."""
    daily = inp.daily
    last = daily[daily["day"] > daily["day"].max() - pd.Timedelta(days=SCORE_DAYS)]
    got = [c for c in RECEIVED if c in last]
    recipe = demo.PERSONAS[name].accounts if name in demo.PERSONAS else ()
    known = [v for v in inp.followers.values() if v is not None]
    return {
        "followers": float(sum(known)) if known else None,
        "following": float(sum(a.following for a in recipe if a.following is not None)) if recipe else None,
        "posts": float(last["items"].sum()),
        # Missing is never 0 (issue 10): an export without reaction counts (Bluesky) has none to show.
        "reactions": float(last[got].fillna(0).to_numpy().sum()) if got and last[got].notna().any().any() else None,
        "reposts": (float(last["reposts_received"].fillna(0).sum())
                    if "reposts_received" in last and last["reposts_received"].notna().any() else None),
    }


# The numbers whose agreement with the class is counted: (key, label, PeerIndex 2013 figure or None). The
# figures: share of 5,500 human judgments where the user judged more influential also had more of it
# (docs/klout-record.md section 3.2; the Kaggle "Influencers in Social Networks" data).
JUDGED_BY = (
    ("opaque", "Black-box score", None),
    ("composite", "Transparent composite", None),
    ("followers", "Followers", 75.3),
    ("following", "Following", 57.3),
    ("posts", "Posts", 64.7),
    ("reactions", "Reactions received", None),
    ("reposts", "Reposts received", 74.8),
    ("reposts_per_post", "Reposts received per post", 70.5),
)

# The full PeerIndex table of the record, for the projector beside the class's figures.
PEERINDEX_2013 = (
    ("Listed count", 76.0), ("Followers", 75.3), ("Mentions received", 74.9), ("Retweets received", 74.8),
    ("Mentions received per post", 71.6), ("Retweets received per post", 70.5), ("Mentions sent", 64.8),
    ("Posts", 64.7), ("Retweets sent", 63.8), ("Following", 57.3), ("Retweets received per follower", 50.5),
)
PEERINDEX_SOURCE = "peerindex_judged"  # citations.py id


def judged_numbers(public: dict[str, float], row: dict) -> dict[str, float | None]:
    """Every number of JUDGED_BY for one account: its public numbers and its scores (row: gaming.play as_is)."""
    posts = public["posts"]
    return {**public, "opaque": row.get("opaque"), "composite": row.get("composite"),
            "reposts_per_post": public["reposts"] / posts if posts and public["reposts"] is not None else None}


def partner(numbers: dict, personas: dict[str, dict]) -> str:
    """The persona a shared import is judged against: the one nearest to it in followers (by ratio), so the
    pair is a real question; the novelist when the import's export does not say its followers."""
    mine = numbers.get("followers")
    if not mine:
        return "novelist"
    known = {p: n["followers"] for p, n in personas.items() if n.get("followers")}
    return min(known, key=lambda p: abs(math.log(known[p] / mine)), default="novelist")


# ------------------------------------------------------------------ the steps
STEPS = ("play", *(f"predict:{k}" for k in QUESTIONS), "judge")


def step_title(step: str) -> str:
    if step == "play":
        return "Play a strategy"
    if step == "judge":
        return "Who is more influential?"
    return "Predict, then reveal"


def next_step(step: str) -> str:
    """The step after `step` (the last one stays)."""
    i = STEPS.index(step) if step in STEPS else 0
    return STEPS[min(i + 1, len(STEPS) - 1)]


def question_of(step: str) -> Question | None:
    return QUESTIONS.get(step.split(":", 1)[1]) if step.startswith("predict:") else None
