"""Session state has one owner: every key is named in ui/keys.py (Keys, re-exported here), and init_state()
sets the defaults."""

from __future__ import annotations

import duckdb
import streamlit as st

from cloutlab import store
from cloutlab.errors import CloutlabError
from cloutlab.scores.windows import METRICS_DAYS
from cloutlab.ui import persist
from cloutlab.ui.keys import Keys


def init_state() -> None:
    """Set every session default once (safe to call on every rerun)."""
    if Keys.CON not in st.session_state:
        try:
            saved = persist.open_saved()  # a reload: this browser's imports are still there
        except CloutlabError as exc:  # damaged or foreign: every page still works, on the demo personas
            saved = None
            st.session_state[Keys.STORE_PROBLEM] = str(exc)
        st.session_state[Keys.CON] = saved if saved is not None else store.connect()
        st.session_state[Keys.ON_DISK] = saved is not None
    elif st.session_state.get(Keys.ON_DISK) and not persist.path().exists():
        # Deleted for good in another tab of this browser: this tab lets go of it too (no broken cursor).
        st.session_state[Keys.CON] = store.connect()
        st.session_state[Keys.ON_DISK] = False
        st.session_state[Keys.IMPORT_LOG] = []
        data_changed()
    persist.remember_browser()
    st.session_state.setdefault(Keys.IMPORT_LOG, [])
    st.session_state.setdefault(Keys.IMPORT_ERRORS, [])
    st.session_state.setdefault(Keys.WINDOW, METRICS_DAYS)


def session_con() -> duckdb.DuckDBPyConnection:
    """This session's private database (created on first use)."""
    init_state()
    return st.session_state[Keys.CON]


def import_con() -> duckdb.DuckDBPyConnection:
    """Where an import goes: this browser's file (created now, so nothing is written before a first import),
    or memory when CLOUTLAB_NO_DISK is set."""
    init_state()
    if persist.disk_allowed() and not st.session_state[Keys.ON_DISK]:
        if st.session_state.get(Keys.STORE_PROBLEM):  # a damaged file is never written to; delete it first
            raise CloutlabError(st.session_state[Keys.STORE_PROBLEM])
        if persist.problem():  # the data folder cannot hold files: this tab's memory, as with NO_DISK
            return st.session_state[Keys.CON]
        con = persist.open_for_import()  # CloutlabError: a sentence for the Import page
        st.session_state[Keys.CON].close()
        st.session_state[Keys.CON] = con
        st.session_state[Keys.ON_DISK] = True
    elif st.session_state[Keys.ON_DISK]:
        persist.check_writable(st.session_state[Keys.CON])  # a read-only file is read, not written
    return st.session_state[Keys.CON]


def forget_imports() -> None:
    """Delete this browser's imports for good (the file too) and go back to the demo."""
    st.session_state[Keys.CON].close()
    persist.forget()
    st.session_state[Keys.CON] = store.connect()
    st.session_state[Keys.ON_DISK] = False
    st.session_state[Keys.IMPORT_LOG] = []
    st.session_state.pop(Keys.STORE_PROBLEM, None)
    data_changed()
    st.session_state.pop(Keys.DATASET, None)


def store_problem() -> str | None:
    """The sentence about this browser's kept imports or the data folder, when they cannot be used."""
    return st.session_state.get(Keys.STORE_PROBLEM) or persist.problem()


def data_changed() -> None:
    """This session's imports changed (an import, or deleted): what was cached from them is not read again."""
    st.session_state[Keys.DATA_VERSION] = st.session_state.get(Keys.DATA_VERSION, 0) + 1
    st.session_state.pop(Keys.CACHE, None)
    st.session_state.pop(Keys.SCENARIOS, None)


def select_dataset(dataset_id: str) -> None:
    """Ask the sidebar to select `dataset_id` on the next run (a drawn widget's value cannot be set)."""
    st.session_state[Keys.PENDING_DATASET] = dataset_id
