"""Every failure of a command as one sentence (the CLI contract: exit 2, `cloutlab: error: ...`), and JSON
output that is strictly valid.

Why a module: the command line promises never to print a traceback, whatever happens underneath (a full
disk, a damaged database, Ctrl-C, SIGTERM, a bug). describe() names the real cause; the full trace goes to
stderr only when CLOUTLAB_DEBUG=1.

Helpers (stable names): describe(exc), strict_json(obj), install_sigterm(), terminal_safe(text).
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import signal
import traceback

import duckdb

_INTERRUPTED = "interrupted; nothing was changed (an import in progress was rolled back)."


def describe(exc: BaseException) -> str:
    """One line naming what went wrong, for an exception that is not a CloutlabError."""
    if os.environ.get("CLOUTLAB_DEBUG") == "1":
        traceback.print_exception(exc)
    if isinstance(exc, (KeyboardInterrupt, duckdb.InterruptException)) or _interrupted_query(exc):
        return _INTERRUPTED
    if isinstance(exc, MemoryError):
        return "there is not enough memory for this; close other programs or use a machine with more memory."
    if isinstance(exc, RecursionError):
        return "the input nests its data far deeper than any export does (a damaged or hostile file)."
    text = " ".join(str(exc).split())[:200]
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full; free some space (or set TMPDIR to a bigger disk) and try again. Nothing was stored."
        where = f" {exc.filename}" if exc.filename else ""
        return f"could not read or write{where}: {exc.strerror or text}."
    if isinstance(exc, duckdb.Error):
        if "No space left" in text:
            return "the disk is full; free some space and try again. Nothing was stored."
        return f"the database failed ({text}); if it is damaged, import into a new --db file."
    return f"internal error ({type(exc).__name__}: {text}); please report it with the command you ran."


# C0 and C1 control characters (ESC starts the terminal's escape codes: window title, clear screen, colours),
# DEL, and the bidirectional overrides that reorder what a line shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text) -> str:
    """`text` as a terminal can print it inertly: every control character a visible '?' (an account name
    with escape codes set the window title, cleared the screen and drew fake lines; issue 24)."""
    return _CONTROL.sub("?", str(text))


def _interrupted_query(exc: BaseException) -> bool:
    """Ctrl-C while DuckDB reads: its Python binding may raise a bare RuntimeError('Query interrupted')."""
    return type(exc) is RuntimeError and str(exc).strip().startswith("Query interrupted")


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _default(value):
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return _clean(value.item())
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value)


def strict_json(obj) -> str:
    """JSON with NaN and infinities as null (a bare NaN is not JSON) and anything else unusual as text."""
    cleaned = _clean(obj)
    try:
        return json.dumps(cleaned, default=_default, allow_nan=False)
    except ValueError:  # a NaN hidden in a numpy scalar or similar: one more pass through text
        return json.dumps(json.loads(json.dumps(cleaned, default=_default), parse_constant=lambda _: None),
                          allow_nan=False)


def install_sigterm() -> None:
    """SIGTERM behaves as Ctrl-C: transactions roll back and staging files are removed on the way out."""
    def _raise(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread (e.g. called from a test runner thread): leave it
        pass
