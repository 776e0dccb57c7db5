"""Empire Avenue's spam and bot penalties, as we model them: what a network's items and reactions are worth.

The record: Empire Avenue answered gaming with "spam and bot penalties" (B10); from 2011 reactions counted,
not just volume (B11); bots count as "low-quality followers" (F4, F2); sockpuppets and coordinated buying
were banned (F3); only 20 blog posts a day counted (U11). It never said how it spotted spam, so the rules
below are ours (record.ASSUMPTIONS), each read over the Network Scores' month:

- posts at strangers: mentioning more distinct accounts in a month than follow the network means at least
  the excess are strangers; that share of its activity is spam. The daily frame counts distinct accounts a
  day at a time, so a friend mentioned on two days counts twice: a small account talking daily with the
  same few people can read as talking to strangers (an overcount we accept; the bot's is 6,000 a month);
- volume without reactions: of a month's items, those beyond FREE_ITEMS plus one per REACTIONS_PER_ITEM
  reactions drawn are spam (so a quiet account never is);
- an item is spam if either rule finds it (the two read as independent: 1 - (1 - a)(1 - b)). A spam item
  counts as a tenth of an item (as a bot counts a tenth of a follower), and the reactions spam draws count
  for nothing;
- an engagement ring's accounts are bot-like: each counts as at most one reaction a day however many posts
  it likes, at RING_WEIGHT of a real person, and a ring's likes never show that items are not spam.

A count the export lacks is not measured, so it cannot condemn: without follower counts there is no stranger
share, without reaction counts no reactions-per-item rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cloutlab.activity import RING, Columns  # Columns: a network's columns as arrays, as the Network Scores pass them

REACTIONS_PER_ITEM = 0.2  # below this, volume is spam-like (our line: every demo person draws 0.2 or more)
FREE_ITEMS = 30.0  # items a month that need no reactions (one a day): a quiet account is never spam
SPAM_ITEM_WEIGHT = 0.1  # a spam item counts a tenth, as a bot counts a tenth of a follower (BOUGHT_WEIGHT)
RING_WEIGHT = 0.5  # a ring account's one reaction a day: half a real person's (our assumption)


def _month(x: np.ndarray, start: int) -> np.ndarray:
    """The Network Scores' trailing month (with the same stand-in history before the data), as a sum."""
    from cloutlab.market.networks import SMOOTH_DAYS, smooth  # networks imports this module

    return SMOOTH_DAYS * smooth(x, start=start)


def _floats(f, name: str) -> np.ndarray:
    return f.get(name) if isinstance(f, Columns) else f[name].to_numpy(dtype=float, na_value=np.nan)


def ring_likes(f: pd.DataFrame | Columns) -> np.ndarray:
    """The ring's likes per day, where the export counts likes (elsewhere it could not see them either)."""
    if RING not in f or "likes_received" not in f:
        return np.zeros(len(f))
    ring = np.nan_to_num(_floats(f, RING), nan=0.0)
    return np.where(np.isnan(_floats(f, "likes_received")), 0.0, ring)


def stranger_share(f: pd.DataFrame | Columns, followers: float | None, start: int = 0) -> np.ndarray:
    """Per day, the share of the network's activity aimed at strangers: 1 - followers / distinct accounts
    mentioned over the month, at least 0 (0 where the export does not know the followers)."""
    if followers is None or np.isnan(followers):
        return np.zeros(len(f))
    mentioned = _month(_floats(f, "mentioned_accounts"), start)
    return np.clip(1.0 - followers / np.maximum(mentioned, 1.0), 0.0, 1.0)


def volume_share(items: np.ndarray, genuine: np.ndarray | None, start: int = 0) -> np.ndarray:
    """Per day, the share of items that is volume without reactions (0 where reactions are not measured)."""
    if genuine is None:
        return np.zeros(len(items))
    month = _month(items, start)
    justified = _month(genuine, start) / REACTIONS_PER_ITEM + FREE_ITEMS
    return np.clip(1.0 - justified / np.maximum(month, 1e-9), 0.0, 1.0)


def credited(f: pd.DataFrame | Columns, items: np.ndarray, react: np.ndarray | None, followers: float | None,
             start: int = 0, ring_size: int = 0) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """(items, reactions, spam share) a network is credited with each day. `items`: the capped item counts;
    `react`: reactions received as the frame counts them (a ring's likes included), None where the export
    has no reaction counts; `followers`: the network's real followers (None: not known)."""
    raw_items = _floats(f, "items")
    ring = ring_likes(f) if react is not None else 0.0
    genuine = None if react is None else np.maximum(react - ring, 0.0)
    spam = 1.0 - (1.0 - stranger_share(f, followers, start)) * (1.0 - volume_share(raw_items, genuine, start))
    items = items * (1.0 - (1.0 - SPAM_ITEM_WEIGHT) * spam)
    if react is None:
        return items, None, spam
    from_ring = RING_WEIGHT * np.minimum(ring, ring_size)
    return items, (genuine + from_ring) * (1.0 - spam), spam
