"""CLOUTLAB_NO_DISK=1: nothing is written to any disk (a server shared by a workshop; issue 24). Read here
only, so the app, the store and the importers agree on what the setting says."""

from __future__ import annotations

import os


def no_disk() -> bool:
    return os.environ.get("CLOUTLAB_NO_DISK", "").strip().lower() in ("1", "true", "yes")
