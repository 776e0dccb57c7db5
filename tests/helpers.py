"""Small builders shared by the unit tests."""

from __future__ import annotations

import base64
import datetime as dt

import numpy as np
import pandas as pd

from cloutlab import schema


def posts_frame(rows: list[dict], platform: str = "x", account: str = "alice") -> pd.DataFrame:
    """A canonical posts frame from partial rows (unspecified columns get neutral values)."""
    full = []
    for i, r in enumerate(rows):
        base = {c: None for c in schema.column_names(schema.POSTS)}
        base.update(platform=platform, account=account, post_id=str(i), kind="original", is_self_reply=False,
                    mentions=[], hashtags=[], urls=[], text=f"post {i}")
        base.update(r)
        if isinstance(base["created_at"], str):
            base["created_at"] = dt.datetime.fromisoformat(base["created_at"])
        full.append(base)
    frame = pd.DataFrame(full, columns=schema.column_names(schema.POSTS))
    for c in schema.ENGAGEMENT_FIELDS:
        frame[c] = frame[c].astype("Int32")
    return frame


def plotly_array(v):
    """plotly>=6 serialises numeric arrays as {"dtype", "bdata"}; lists stay lists."""
    if isinstance(v, dict) and "bdata" in v:
        arr = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        return arr.reshape(v["shape"]) if "shape" in v else arr
    return np.asarray(v)
