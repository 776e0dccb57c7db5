"""The Import page's "where your imports live" section: what is kept, where, and a button that deletes it."""

from __future__ import annotations

import streamlit as st

from cloutlab import store
from cloutlab.ui import persist
from cloutlab.ui.state import Keys, forget_imports, session_con


def where_text() -> str:
    if not persist.disk_allowed():
        return ("Imports are kept in this tab's memory only (this server has CLOUTLAB_NO_DISK set): they will be "
                "gone when you reload or close the tab, and nothing is written to disk.")
    where = str(persist.path()).replace("`", "")  # a code span: shown as it is, nothing to escape
    return (f"Imports are kept for this browser only, in `{where}` on the machine running "
            "cloutlab, so they survive a reload; another browser has another random id and cannot see them. "
            "Delete them below at any time (the data folder is set by CLOUTLAB_DATA_DIR).")


def where() -> None:
    st.caption(where_text())


def section() -> bool:
    """The accounts kept for this browser (also after a reload, when this tab's import log is empty), where
    they are, and a delete button; False (nothing drawn) when none is kept."""
    kept = store.accounts(session_con())
    if kept.empty:
        return False
    st.subheader("Kept for this browser" if persist.disk_allowed() else "Kept in this tab only")
    where()
    if not persist.disk_allowed():
        warn_before_leaving()
    shown = kept[["platform", "account", "items"]].copy()
    shown["period"] = [f"{a:%Y-%m-%d} to {b:%Y-%m-%d}" for a, b in zip(kept["first_at"], kept["last_at"])]
    st.dataframe(shown, hide_index=True, key="kept_table")
    if st.button("Delete my imports for good", key="forget_imports",
                 help="Removes every import of this browser, and its file, now. The demo personas stay."):
        forget_imports()
        st.session_state[Keys.IMPORT_ERRORS] = []
        st.rerun()
    return True


def warn_before_leaving() -> None:
    """With nothing on disk, the browser asks before a reload or leaving the page (its own standard prompt:
    browsers show no custom text), so imports are not lost by surprise."""
    st.warning("These imports live in this tab's memory only: a reload or closing the tab loses them.")
    st.html("<script>window.onbeforeunload = (e) => { e.preventDefault(); e.returnValue = ''; };</script>",
            unsafe_allow_javascript=True, width=1)
