"""Imports that survive a reload, for the same browser only (issue 10).

Each browser gets a random 128-bit id in a cookie (`cloutlab_browser`, set by a line of JavaScript on the
first visit; Streamlit reads cookies but cannot set them). Its imports go to one DuckDB file named by that
id in the data folder, `~/.cloutlab/sessions/` unless CLOUTLAB_DATA_DIR says otherwise. Another browser has
another id, and an id cannot be guessed (2^128 of them), so nobody reads another's imports. The Import page
lists the file and deletes it for good on request.

CLOUTLAB_NO_DISK=1 (a server shared by a workshop): nothing is written to disk; imports live in this tab's
memory and are gone on a reload, which the Import page says.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from pathlib import Path

import duckdb
import streamlit as st

from cloutlab import store
from cloutlab.ui.keys import Keys

COOKIE = "cloutlab_browser"
_ID = re.compile(r"^[0-9a-f]{32}$")
_SET = Keys.COOKIE_SET
_OPEN: dict[str, duckdb.DuckDBPyConnection] = {}  # one connection per file, shared by the browser's tabs
_LOCK = threading.Lock()


def disk_allowed() -> bool:
    return os.environ.get("CLOUTLAB_NO_DISK", "").strip().lower() not in ("1", "true", "yes")


def data_dir() -> Path:
    return Path(os.environ.get("CLOUTLAB_DATA_DIR") or Path.home() / ".cloutlab" / "sessions").expanduser()


def browser_id() -> str:
    """This browser's id: from its cookie, or a new random one (written to the cookie once per session)."""
    if Keys.BROWSER_ID not in st.session_state:
        try:
            found = st.context.cookies.get(COOKIE, "")
        except Exception:  # noqa: BLE001 - no request (AppTest)
            found = ""
        ok = isinstance(found, str) and _ID.match(found)  # AppTest's context is a mock
        st.session_state[Keys.BROWSER_ID] = found if ok else secrets.token_hex(16)
    return st.session_state[Keys.BROWSER_ID]


def remember_browser() -> None:
    """Write the id into the cookie (once per session; JavaScript, since Streamlit cannot set cookies)."""
    if not disk_allowed() or st.session_state.get(_SET):
        return
    st.session_state[_SET] = True
    bid = browser_id()  # 32 hex digits: nothing to escape
    st.html(f"<script>document.cookie = '{COOKIE}={bid}; path=/; max-age=31536000; SameSite=Strict';</script>",
            unsafe_allow_javascript=True, width=1)


def path() -> Path:
    return data_dir() / f"{browser_id()}.duckdb"


def _shared(file: Path) -> duckdb.DuckDBPyConnection:
    with _LOCK:
        if str(file) not in _OPEN:
            file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _OPEN[str(file)] = store.connect(str(file))
            file.chmod(0o600)  # this browser's posts: readable by the user running cloutlab only
        return _OPEN[str(file)]


def open_saved() -> duckdb.DuckDBPyConnection | None:
    """A cursor on this browser's saved imports, or None when it has none (or disk is off)."""
    if not disk_allowed() or not path().exists():
        return None
    return _shared(path()).cursor()


def open_for_import() -> duckdb.DuckDBPyConnection:
    """A cursor on this browser's file, created if needed (only when disk is allowed)."""
    return _shared(path()).cursor()


def forget() -> None:
    """Delete this browser's saved imports for good: close the file and remove it."""
    file = path()
    with _LOCK:
        con = _OPEN.pop(str(file), None)
    if con is not None:
        con.close()
    for f in (file, file.with_name(file.name + ".wal")):
        f.unlink(missing_ok=True)
