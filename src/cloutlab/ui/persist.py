"""Imports that survive a reload, for the same browser only (issues 10 and 24).

Each browser gets a random 128-bit id in a cookie (`cloutlab_browser`, set by a line of JavaScript on the
first visit; Streamlit reads cookies but cannot set them). The id is the key to that browser's imports, so
it is never shown and never written as a name: its imports live in a folder named by a hash of the id
(SHA-256, a name that opens nothing), in the data folder, `~/.cloutlab/sessions/` unless CLOUTLAB_DATA_DIR
says otherwise. Another browser has another id, and an id cannot be guessed (2^128 of them), so nobody
reads another's imports, even with the data folder listed. The Import page shows that folder (with the hash,
never the id) and deletes it for good on request.

Owner-only whatever the umask or data folder: the browser's folder is 0700 (other users cannot even list
it), and the server runs with umask 077, so the database, its write-ahead log and DuckDB's spill files are
0600 however they are created.

A damaged or foreign database at a browser's place never breaks a page: the app runs on the demo personas
with a sentence (problem()) and the Import page's delete button removes the file. A data folder that is a
file or /dev/null, or read-only, gets its own sentence.

CLOUTLAB_NO_DISK=1 (a server shared by a workshop): nothing is written to disk; imports live in this tab's
memory and are gone on a reload, which the Import page says.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import threading
from pathlib import Path

import duckdb
import streamlit as st

from cloutlab import store
from cloutlab.disk import no_disk
from cloutlab.errors import CloutlabError
from cloutlab.store.guard import check_tables, raw_connect
from cloutlab.ui.keys import Keys

COOKIE = "cloutlab_browser"
_ID = re.compile(r"^[0-9a-f]{32}$")
_SET = Keys.COOKIE_SET
_OPEN: dict[str, duckdb.DuckDBPyConnection] = {}  # one connection per file, shared by the browser's tabs
_LOCK = threading.Lock()


def disk_allowed() -> bool:
    return not no_disk()


def owner_only() -> None:
    """Every file this server creates is readable by its user only (umask 077): posts are private, and
    DuckDB creates its write-ahead log and spill files with the process's umask, after our chmod could run."""
    os.umask(0o077)


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
    """Write the id into the cookie (once per session; JavaScript, since Streamlit cannot set cookies). The
    script removes itself once run, so the id is not left in the page."""
    if not disk_allowed() or st.session_state.get(_SET):
        return
    st.session_state[_SET] = True
    bid = browser_id()  # 32 hex digits: nothing to escape
    st.html(f"<script>document.cookie = '{COOKIE}={bid}; path=/; max-age=31536000; SameSite=Strict';"
            "document.currentScript && document.currentScript.remove();</script>",
            unsafe_allow_javascript=True, width=1)


def folder_name(bid: str) -> str:
    """The name of a browser's folder: a hash of its id, so a listing of the data folder (or a screenshot of
    the Import page) gives nobody the cookie that opens it."""
    return hashlib.sha256(f"cloutlab-browser:{bid}".encode()).hexdigest()[:32]


def folder(bid: str | None = None) -> Path:
    return data_dir() / folder_name(bid or browser_id())


def path(bid: str | None = None) -> Path:
    """This browser's database file."""
    return folder(bid) / "imports.duckdb"


def shown_place() -> str:
    """Where this browser's imports are, as the Import page shows it: the hashed folder, never the id."""
    return str(path())


def problem() -> str | None:
    """A sentence when the data folder cannot hold imports (a file, /dev/null, another user's folder)."""
    if not disk_allowed():
        return None
    where = data_dir()
    if where.exists() and not where.is_dir():
        return (f"CLOUTLAB_DATA_DIR ({where}) is a file, not a folder, so imports cannot be kept: they stay in this "
                "tab until it is closed. Whoever runs cloutlab can set it to a folder.")
    return None


def _legacy(bid: str) -> Path:
    return data_dir() / f"{bid}.duckdb"  # before issue 24 the id itself named the file


def _private_folder(place: Path) -> None:
    """Create (or take back) this browser's folder as owner-only; refuse one another user owns."""
    if problem():
        raise CloutlabError(problem())
    try:
        place.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        place.mkdir(mode=0o700, exist_ok=True)
        info = place.stat()
        if info.st_uid != os.getuid():
            raise CloutlabError(f"The folder for this browser's imports ({place}) belongs to another user; "
                                "imports stay in this tab until it is closed. Whoever runs cloutlab can remove it.")
        os.chmod(place, 0o700)  # mkdir's mode is cut by the umask, and a folder made before may be wider
    except OSError as exc:
        raise CloutlabError(f"The data folder {data_dir()} cannot hold imports ({exc.strerror or exc}): "
                            "imports stay in this tab until it is closed. Whoever runs cloutlab can set "
                            "CLOUTLAB_DATA_DIR to a writable folder.") from None


def _tighten(place: Path) -> None:
    for f in place.iterdir() if place.is_dir() else ():
        with contextlib.suppress(OSError):
            os.chmod(f, 0o700 if f.is_dir() else 0o600)


def _open(file: Path) -> duckdb.DuckDBPyConnection:
    """store.connect, or a read-only connection where the file or folder cannot be written (not damage)."""
    try:
        return store.connect(str(file))
    except (CloutlabError, duckdb.Error, OSError):  # whatever the file is, a sentence and never a traceback
        if os.access(file, os.R_OK) and not (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)):
            try:
                con = raw_connect(str(file), read_only=True)
                check_tables(con, str(file))
                return con
            except (duckdb.Error, CloutlabError):
                pass
        raise CloutlabError(DAMAGED.format(file=file)) from None


DAMAGED = ("The imports kept for this browser ({file}) could not be opened: the file is damaged or is not a "
           "cloutlab database. The demo personas work as usual; \"Delete my imports for good\" on the Import page "
           "removes the file, then import again.")


def writable(con) -> bool:
    try:
        return not con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
                               ).fetchone()[0]
    except duckdb.Error:
        return True


def _shared(file: Path) -> duckdb.DuckDBPyConnection:
    with _LOCK:
        if str(file) not in _OPEN:
            _private_folder(file.parent)
            _OPEN[str(file)] = _open(file)
            _tighten(file.parent)
        return _OPEN[str(file)]


def _adopt_legacy() -> None:
    """A browser's file from before issue 24 (named by the id) moves into its hashed folder."""
    old = _legacy(browser_id())
    if not old.exists() or path().exists():
        return
    _private_folder(folder())
    for f in (old, old.with_name(old.name + ".wal")):
        if f.exists():
            os.replace(f, path().with_name(path().name + f.name[len(old.name):]))


def open_saved() -> duckdb.DuckDBPyConnection | None:
    """A cursor on this browser's saved imports, or None when it has none (or disk is off). A file that
    cannot be opened raises CloutlabError (its sentence); the caller carries on without it."""
    if not disk_allowed() or problem():
        return None
    with contextlib.suppress(OSError):
        _adopt_legacy()
    if not path().exists():
        return None
    return _shared(path()).cursor()


def open_for_import() -> duckdb.DuckDBPyConnection:
    """A cursor on this browser's file, created if needed (only when disk is allowed)."""
    return check_writable(_shared(path()).cursor())


def check_writable(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """`con`, or CloutlabError saying why a read-only file takes no more imports (it can still be read)."""
    if not writable(con):
        raise CloutlabError(f"The imports kept for this browser ({path()}) are read-only (the file or the data "
                            "folder cannot be written), so nothing more can be imported into them; they can "
                            "still be looked at. Whoever runs cloutlab can make the data folder writable.")
    return con


def spool_folder() -> Path | None:
    """This browser's own folder (owner-only, created if needed) for an upload set down before its import, or
    None when nothing may be written there (CLOUTLAB_NO_DISK, or a data folder that cannot hold files)."""
    if not disk_allowed() or problem():
        return None
    try:
        _private_folder(folder())
    except CloutlabError:
        return None
    return folder()


def after_import() -> None:
    """The files an import wrote (write-ahead log, spill files) made owner-only, in case the umask was not."""
    if disk_allowed() and path().parent.is_dir():
        _tighten(path().parent)


def forget() -> None:
    """Delete this browser's saved imports for good: close the file and remove its folder."""
    file = path()
    with _LOCK:
        con = _OPEN.pop(str(file), None)
    if con is not None:
        con.close()
    shutil.rmtree(file.parent, ignore_errors=True)
    for f in (file, file.with_name(file.name + ".wal")):
        with contextlib.suppress(OSError):
            f.unlink(missing_ok=True)
    old = _legacy(browser_id())
    for f in (old, old.with_name(old.name + ".wal")):
        with contextlib.suppress(OSError):
            f.unlink(missing_ok=True)
