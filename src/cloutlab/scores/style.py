"""Klout's decorations: a style from the 16-cell grid and up to ten "influential about" topics.

The record gives the 16 names, the four axes and which names share a corner; the exact cell of each name
is ours. Topics come from keywords of posts that drew reactions, weighted by those reactions: one viral
post about hurricanes makes you influential about hurricanes, and a word in a name counts too, just as
people complained.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from cloutlab.scores import stopwords
from cloutlab.scores.opaque import NO_DECAY, windowed
from cloutlab.scores.windows import SCORE_DAYS
from cloutlab import schema

# Corner (sharing?, participating?) -> cells by (broad?, consistent?).
GRID = {
    (False, False): {(True, True): "Celebrity", (False, True): "Thought Leader", (True, False): "Pundit", (False, False): "Taste Maker"},
    (True, False): {(True, True): "Broadcaster", (False, True): "Syndicator", (True, False): "Feeder", (False, False): "Curator"},
    (True, True): {(True, True): "Networker", (False, True): "Specialist", (True, False): "Socializer", (False, False): "Activist"},
    (False, True): {(True, True): "Conversationalist", (False, True): "Dabbler", (True, False): "Explorer", (False, False): "Observer"},
}
STYLES = tuple(name for corner in GRID.values() for name in corner.values())


def axes(daily: pd.DataFrame) -> pd.DataFrame:
    """The four axes on every day from the combined frame: sharing, participating, broad, consistent."""
    total = daily.groupby("day")[["items", "repost", "replies_sent", "mentioned_accounts", "likes_received",
                                  "reposts_received"]].sum(min_count=1)
    w = {c: windowed(total[c].fillna(0).to_numpy(float), 30.0) for c in total}
    items = np.maximum(w["items"], 1e-9)
    reach = w["likes_received"] + 2 * w["reposts_received"]
    active = windowed((total["items"].to_numpy() > 0).astype(float), NO_DECAY)
    return pd.DataFrame(
        {
            "sharing": w["repost"] / items > 0.4,
            "participating": w["replies_sent"] / items > 0.28,
            "broad": (w["mentioned_accounts"] * 7 >= 6) | (reach >= 200),
            "consistent": active >= 0.6,
        },
        index=total.index,
    )


# The creating-and-listening corner holds the influential styles ("Celebrity: You can't get any more
# influential than this ... You're probably famous in real life", halfblog). A style follows the score
# (issue 13): below INFLUENTIAL an account in that corner shows the same cell of the conversing corner, and
# Celebrity needs FAMOUS (between the two it is a Thought Leader).
INFLUENTIAL, FAMOUS = 50.0, 75.0
BROAD_REACH = 32.0  # True Reach of about the population's 75th percentile (subscores grade 20 at the median)
_TOP, _BELOW = GRID[(False, False)], GRID[(False, True)]
_HUMBLER = {_TOP[cell]: _BELOW[cell] for cell in _TOP}


def style_series(daily: pd.DataFrame, scores: pd.DataFrame | None = None) -> pd.Series:
    """The style name on every day; "Observer" while there is no activity at all.

    scores: the opaque score_series of the same data. When given, the style follows the score and the
    subscores: "broad" also needs True Reach of BROAD_REACH or more, and the influential styles need the score
    (above). Without it, the style reads the activity axes alone.
    """
    ax = axes(daily)
    if scores is not None:
        s = scores.reindex(ax.index)
        ax["broad"] = ax["broad"] & (s["true_reach"].fillna(0).to_numpy() >= BROAD_REACH)
    names = [
        GRID[(s_, p)][(b, c)] for s_, p, b, c in ax[["sharing", "participating", "broad", "consistent"]].itertuples(index=False)
    ]
    if scores is not None:
        score = scores["score"].reindex(ax.index).fillna(0).to_numpy()
        names = [(_HUMBLER.get(n, n) if v < INFLUENTIAL else "Thought Leader" if n == "Celebrity" and v < FAMOUS else n)
                 for n, v in zip(names, score)]
    return pd.Series(names, index=ax.index, name="style")


# Function words in en, es, fr, de and pt: topics on a Spanish export are not 'para' and 'pero'.
_STOP = stopwords.ALL
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|'){3,}")  # any alphabet: "también" whole, not "tambi"


_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def _keywords(text: str | None, hashtags, mentions) -> set[str]:
    words = {w.lower() for w in _TOKEN.findall(_URL.sub(" ", text or "")) if w.lower() not in _STOP}
    words |= {h.lower() for h in (hashtags if hashtags is not None else [])}
    for m in (mentions if mentions is not None else []):  # names are mined too: how someone became "influential on France"
        words |= {p.lower() for p in re.split(r"[_\d.@]+", m) if len(p) >= 4 and p.lower() not in _STOP}
    return words


def topics(posts: pd.DataFrame, day: pd.Timestamp | None = None, window: int = SCORE_DAYS, limit: int = 10) -> list[str]:
    """Up to `limit` topics on `day`: keywords of posts in the window, weighted by reactions received.

    Posts with no reactions (or whose export carries no counts) add nothing: "privacy" tweeted twenty times
    a day with no engagement never becomes a topic.
    """
    if posts.empty:
        return []
    day = pd.Timestamp(day) if day is not None else posts["created_at"].max().normalize()
    recent = posts[(posts["created_at"] < day + pd.Timedelta(days=1)) & (posts["created_at"] >= day - pd.Timedelta(days=window - 1))]
    counts = [recent[c].fillna(0).to_numpy(float) for c in schema.ENGAGEMENT_FIELDS if c in recent]
    weight = np.sum(counts, axis=0) if counts else np.zeros(len(recent))
    tally: Counter[str] = Counter()
    for w, text, tags, ments in zip(weight, recent["text"], recent["hashtags"], recent["mentions"]):
        if w > 0:
            for k in _keywords(text, tags, ments):
                tally[k] += w
    # Ties by name: a set's order changes with each process's string hashing, so most_common alone gave
    # the same topics in another order on every run of `score`.
    return [k for k, _ in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
