"""Importers: one per platform, one output (the canonical tables), one public entry point.

    summary = import_path(con, path)          # a zip, folder, .car, .csv or .tar.gz, as str or Path
    summary = import_bytes(con, name, data)   # an uploaded file's name and bytes; same result

Both detect the format, parse, and write the account through `store.write_account` in one transaction:
on any failure the database is exactly as before and a CloutlabError says, in one sentence, what is
wrong and what to do. The summary is a contract (the CLI prints it as JSON); see SUMMARY_KEYS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..errors import CloutlabError
from . import bluesky, csv_generic, mastodon, x_archive, x_legacy
from .detect import Input, from_bytes, from_path
from .safezip import DEFAULT_LIMITS, Limits

__all__ = ["import_path", "import_bytes", "Limits", "SUMMARY_KEYS", "LOADERS"]

SUMMARY_KEYS = (
    "platform", "account", "items", "original", "replies", "self_replies", "reposts", "quotes",
    "first", "last", "followers", "following", "engagement_fields", "warnings",
)

# Detected format -> loader(con, Input) -> summary. Every loader ends in common.write (one transaction).
LOADERS: dict[str, Callable[[Any, Input], dict[str, Any]]] = {
    "x": x_archive.load,
    "x_legacy": x_legacy.load,
    "mastodon": mastodon.load,
    "bluesky": bluesky.load,
    "csv": csv_generic.load,
}


def import_path(con, path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Import the export at `path` into `con`; returns the summary dict (keys: SUMMARY_KEYS)."""
    return _run(con, lambda: from_path(path, limits))


def import_bytes(con, name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Import an uploaded file given its name and bytes; same result as import_path on that file."""
    return _run(con, lambda: from_bytes(name, data, limits))


def _run(con, open_input: Callable[[], Input]) -> dict[str, Any]:
    try:
        inp = open_input()
        try:
            return LOADERS[inp.fmt](con, inp)
        finally:
            inp.close()
    except CloutlabError as exc:
        raise CloutlabError(_one_line(str(exc))) from None
    except MemoryError:
        raise CloutlabError("The export is too big to import in this much memory; use the command line on a bigger machine.") from None


def _one_line(message: str) -> str:
    return " ".join(message.split())
