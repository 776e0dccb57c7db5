"""What the opaque score assumes where an export is silent (issue 14), said in words for `score --json`
(`opaque.assumptions`) and the pages.

Klout read reactions received through each network's API; Facebook, LinkedIn and Instagram exports (and
Bluesky's repository, Mastodon's older archives) carry none. The opaque model then credits each post of
such a network with a fixed, typical number of reactions (hidden.unknown_per_post), so the network still
counts, but its real engagement cannot move the score. Sources: docs/export-formats-2.md E7, F4, H.
"""

from __future__ import annotations

from cloutlab import activity, platforms
from cloutlab.scores.inputs import ScoreInput



def no_counts(inp: ScoreInput) -> list[str]:
    """Platforms of the dataset whose rows carry no received count at all."""
    known = activity.carried(inp.daily, activity.RECEIVED)
    return [p for p in inp.platforms if not known.get(p, False)]


def assumptions(inp: ScoreInput) -> list[str]:
    """One sentence per network whose export carries no reactions received (empty when all do)."""
    out = []
    for p in no_counts(inp):
        name = platforms.name(p)
        how = f"Klout read them through {name}'s API; an export cannot" if p in platforms.KLOUT_API else "the export does not say"
        out.append(f"{name}: the export carries no reactions received, so the opaque score assumes a fixed, "
                   f"typical number of reactions per post on this network ({how}).")
    return out
