"""The import log as a table for the Import page."""

from __future__ import annotations

import pandas as pd

COLUMNS = ["file", "platform", "account", "items", "original", "replies", "self_replies", "reposts", "quotes",
           "first", "last", "followers", "following", "engagement_fields"]


def log_table(log: list[dict]) -> pd.DataFrame:
    """One row per import; unknown follower counts read "not in this export"."""
    frame = pd.DataFrame(log)[COLUMNS].copy()
    for c in ("followers", "following"):
        frame[c] = frame[c].map(lambda v: "not in this export" if pd.isna(v) else f"{int(v):,}")
    frame["engagement_fields"] = frame["engagement_fields"].map(lambda v: ", ".join(v) or "none")
    return frame
