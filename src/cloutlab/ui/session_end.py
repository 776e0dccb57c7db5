"""Release a browser session's data when Streamlit drops the session (issue 11).

Why: ten sessions importing 100,000 tweets each took the server from 376 MB to 1.8 GB, and it stayed there
after every tab closed. Streamlit keeps a closed tab's session for server.disconnectedSessionTTL (120 s, so
a reload can resume it) and then drops it, but nothing closed the session's DuckDB connection, and with
Streamlit's post-run garbage collection off (config.toml) the cycles holding its frames waited for a
full collection; freed memory also stayed in the C allocator's arenas.

So every session registers here on its first run (app.py); one watcher thread looks, every few seconds,
for registered sessions that Streamlit no longer holds (neither connected nor waiting to resume), closes
every DuckDB connection in their state, clears the state, frees what AppSession.shutdown() would have
(a session that expires from the reconnect store is never shut down, so its uploaded export stayed in
memory), runs a full collection and hands freed memory back to the system (glibc malloc_trim). Nothing happens without a Streamlit runtime (AppTest, scripts).
"""

from __future__ import annotations

import ctypes
import gc
import threading
import time
from typing import Any

import duckdb
from streamlit.logger import get_logger

_LOG = get_logger(__name__)  # Streamlit's logger: one line in the server log per cleanup
POLL_S = 5.0
_SESSIONS: dict[str, Any] = {}  # session id -> its SafeSessionState
_LOCK = threading.Lock()
_WATCHER: threading.Thread | None = None


def register() -> None:
    """Track the session of the current script run (idempotent, cheap: call it on every run)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    # AppTest runs pages on a mock runtime (with Runtime's spec, so isinstance passes): no sessions to watch.
    if ctx is None or not Runtime.exists() or type(Runtime.instance()) is not Runtime:
        return
    global _WATCHER
    with _LOCK:
        if ctx.session_id in _SESSIONS:
            return
        _SESSIONS[ctx.session_id] = ctx.session_state
        if _WATCHER is None or not _WATCHER.is_alive():
            tune_allocators()
            # Imported here, in the script's thread: on Python 3.11.7 two threads building ASTs at once (an
            # import compiling a module while Streamlit parses a page) can fail with "AST constructor
            # recursion depth mismatch" (CPython gh-106905), so the watcher thread imports nothing.
            from cloutlab.importers import staging

            _WATCHER = threading.Thread(target=_watch, args=(staging.clean_stale,), name="cloutlab-session-end",
                                        daemon=True)
            _WATCHER.start()


def _gone(session_id: str) -> bool:
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    manager = Runtime.instance()._session_mgr  # noqa: SLF001 - no public "is this session still stored" call
    return manager.get_session_info(session_id) is None


def _watch(clean_stale) -> None:
    clean_stale()  # once per server process: staging files of a server or import that was killed
    while True:
        time.sleep(POLL_S)
        try:
            with _LOCK:
                ended = [(sid, state) for sid, state in _SESSIONS.items() if _gone(sid)]
                ended_ids = [sid for sid, _ in ended]
                for sid in ended_ids:
                    del _SESSIONS[sid]
            if ended:
                closed = sum(release(state) for _, state in ended)
                for sid in ended_ids:
                    release_streamlit_files(sid)
                del ended
                reclaim()
                _LOG.info("released %d ended session(s), %d database connection(s) closed", len(ended_ids), closed)
        except Exception:  # noqa: BLE001 - the watcher must outlive any one failure; say it in the log
            _LOG.exception("session cleanup failed")


def release(state: Any) -> int:
    """Close every DuckDB connection held in a session's state and clear it; returns how many were closed."""
    closed = 0
    try:
        values = list(state.filtered_state.values())
    except Exception:  # noqa: BLE001 - a state Streamlit already tore down: nothing left to close
        values = []
    for value in values:
        if isinstance(value, duckdb.DuckDBPyConnection):
            try:
                value.close()
                closed += 1
            except duckdb.Error:
                pass
    try:
        getattr(state, "_state", state).clear()  # SafeSessionState wraps the SessionState that has clear()
    except Exception:  # noqa: BLE001 - a state Streamlit already tore down: nothing left to clear
        pass
    return closed


def release_streamlit_files(session_id: str) -> None:
    """What AppSession.shutdown() frees, which a session expiring from Streamlit's reconnect store never gets:
    its uploaded files (the whole export, kept in memory), media and dataframe references."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    rt = Runtime.instance()
    for step in (lambda: len(rt._session_mgr._session_storage._cache),  # noqa: SLF001 - reaps expired AppSessions
                 lambda: rt.uploaded_file_mgr.remove_session_files(session_id),
                 lambda: rt.media_file_mgr.clear_session_refs(session_id),
                 lambda: rt.media_file_mgr.remove_orphaned_files(),
                 lambda: rt.dataframe_source_mgr.clear_all_for_session(session_id)):
        try:
            step()
        except Exception:  # noqa: BLE001 - an internal that moved in another Streamlit version: skip it
            pass


def reclaim() -> None:
    """A full garbage collection, then freed memory handed back to the system: Arrow's memory pool keeps
    freed buffers for reuse (release_unused), and glibc keeps freed heap (malloc_trim, Linux only)."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


M_MMAP_THRESHOLD = -3  # glibc mallopt parameter (malloc.h)
MMAP_THRESHOLD_BYTES = 256 * 1024
M_ARENA_MAX = -8  # glibc mallopt parameter (malloc.h)
ARENA_MAX = 2  # arenas made from now on; session script threads then share two instead of one each


def tune_allocators() -> None:
    """Once per server process, before the first session's data: make freed session memory returnable.

    Measured with bench/session_memory_bench.py (smaps of the server before and after): what stayed after
    every session was released was anonymous memory in (a) Arrow's mimalloc pool (pages freed by a
    session's script threads, which have exited, are not returned by release_unused on another thread)
    and (b) glibc's per-thread arenas, where glibc's dynamic mmap threshold (it grows up to 32 MB after
    the first large free) puts multi-megabyte buffers, and a few live small blocks then pin their pages.
    So Arrow allocates from the system allocator, and glibc's mmap threshold is fixed: buffers above it
    get their own mapping, which free() returns to the system at once, and new glibc arenas are capped at
    two so the blocks a session leaves live are not spread over one arena per thread (glibc fixes its arena
    limit when the first threads start, so this cap comes late: cloutlab.ui.warm starts the server with
    MALLOC_ARENA_MAX=2 instead, which brought the bench from 1.11x to 1.04x). DuckDB's own allocator (jemalloc)
    already purges all its arenas when a database closes."""
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except (ImportError, AttributeError):
        pass
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        libc.mallopt(M_ARENA_MAX, ARENA_MAX)
    except (OSError, AttributeError):
        pass
