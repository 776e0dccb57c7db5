"""Private temporary folders for an import's staging files (the X tweet parts DuckDB reads).

Those files are the person's tweets as plain JSON, up to a GB: they must not outlive the import. So:
- each folder is named `cloutlab-stage-<pid>-...`, readable by this user only (mkdtemp), and removed when
  the import ends, fails or is interrupted (Ctrl-C; the CLI turns SIGTERM into the same);
- folders still there when this process exits normally (a Streamlit server stopped with SIGTERM) are
  removed by an atexit hook;
- a SIGKILL leaves nothing to run, so every import first removes the folders whose process is gone
  (clean_stale).

Helpers (stable names, reused by other importers): staging_dir() (context manager), clean_stale().
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import secrets
import shutil
import tempfile
import threading

PREFIX = "cloutlab-stage-"
_NAME = re.compile(rf"^{PREFIX}(\d+)-")
_LIVE: set[str] = set()
_LOCK = threading.Lock()


@contextlib.contextmanager
def staging_dir():
    """A new private folder for one import's staging files, removed however the import ends."""
    # Registered before it exists, created inside the try: a signal at any point leaves nothing behind
    # (the finally removes it, or the atexit hook does). mkdir with 0o700: readable by this user only.
    path = os.path.join(tempfile.gettempdir(), f"{PREFIX}{os.getpid()}-{secrets.token_hex(6)}")
    with _LOCK:
        _LIVE.add(path)
    try:
        os.mkdir(path, 0o700)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        with _LOCK:
            _LIVE.discard(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: not ours to judge
    return True


def clean_stale(folder: str | None = None) -> int:
    """Remove staging folders left by processes that no longer run (a killed import); returns how many."""
    folder = folder or tempfile.gettempdir()
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        match = _NAME.match(name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
            removed += 1
    return removed


@atexit.register
def _remove_live() -> None:
    for path in list(_LIVE):
        shutil.rmtree(path, ignore_errors=True)
