"""Private temporary folders for an import's staging files (the X tweet parts DuckDB reads).

Those files are the person's tweets as plain JSON, up to a GB: they must not outlive the import. So:
- each folder is named `cloutlab-stage-<pid>-...`, readable by this user only (mkdtemp), and removed when
  the import ends, fails or is interrupted (Ctrl-C; the CLI turns SIGTERM into the same);
- folders still there when this process exits normally (a Streamlit server stopped with SIGTERM) are
  removed by an atexit hook;
- a SIGKILL leaves nothing to run, so every import first removes the folders whose process is gone
  (clean_stale).

Under CLOUTLAB_NO_DISK=1 nothing is written to any disk (issue 24): staging "files" are anonymous memory
files (memfd_create, no name in any file system) that DuckDB reads through /proc/self/fd/N, held open until
the staging folder's context ends; the folder itself is never created.

Helpers (stable names, reused by other importers): staging_dir() (context manager), clean_stale(),
new_file(path) (a staging file to write: fd and the path DuckDB reads), subfolder(folder, name), drop(path).
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

from cloutlab.disk import no_disk

PREFIX = "cloutlab-stage-"
_NAME = re.compile(rf"^{PREFIX}(\d+)-")
_LIVE: set[str] = set()
_LOCK = threading.Lock()


_MEMORY: dict[str, list[int]] = {}  # a staging folder kept in memory -> its memfds, open until it ends


@contextlib.contextmanager
def staging_dir():
    """A new private folder for one import's staging files, removed however the import ends."""
    if no_disk():
        with _memory_dir() as folder:
            yield folder
        return
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


@contextlib.contextmanager
def _memory_dir():
    folder = f"/nonexistent/{PREFIX}memory-{secrets.token_hex(6)}"  # a name only: never created
    with _LOCK:
        _MEMORY[folder] = []
    try:
        yield folder
    finally:
        with _LOCK:
            fds = _MEMORY.pop(folder)
            for inner in [k for k in _MEMORY if k.startswith(folder + os.sep)]:  # its subfolders' files go too
                fds += _MEMORY.pop(inner)
        _close(fds)


def _close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def subfolder(folder: str, name: str) -> str:
    """A folder inside a staging folder, for a second staging (created on disk, a name only in memory)."""
    path = os.path.join(folder, name)
    with _LOCK:
        if folder in _MEMORY:
            _MEMORY[path] = []  # its own files, closed by drop() or with the parent's
            return path
    os.mkdir(path, 0o700)
    return path


def drop(path: str) -> None:
    """Remove a subfolder and its files now (a batch read and done with), not when the import ends."""
    with _LOCK:
        held = _MEMORY.pop(path, None)
    if held is None:
        shutil.rmtree(path, ignore_errors=True)
    else:
        _close(held)


def new_file(path: str) -> tuple[int, str]:
    """A new staging file at `path`: (an fd to write, owned by the caller; the path DuckDB reads)."""
    folder = os.path.dirname(path)
    with _LOCK:
        held = _MEMORY.get(folder)
    if held is None:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600), path
    fd = os.memfd_create(os.path.basename(path), os.MFD_CLOEXEC)
    held.append(fd)
    return os.dup(fd), f"/proc/self/fd/{fd}"


def pid_alive(pid: int) -> bool:
    """Whether process `pid` still runs: a staging folder (or an upload spool) named by a dead one is left over."""
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
        if match and not pid_alive(int(match.group(1))):
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
            removed += 1
    return removed


@atexit.register
def _remove_live() -> None:
    for path in list(_LIVE):
        shutil.rmtree(path, ignore_errors=True)
