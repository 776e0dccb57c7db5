"""The Import page's "where your imports live" section: what is kept, where, and a button that deletes it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cloutlab import store
from cloutlab.present.text import md_escape
from cloutlab.ui import persist
from cloutlab.ui.state import Keys, forget_imports, session_con


def where_text() -> str:
    if not persist.disk_allowed():
        return ("Imports are kept in this tab's memory only (this server has CLOUTLAB_NO_DISK set): they will be "
                "gone when you reload or close the tab, and nothing is written to disk.")
    if problem := persist.problem():
        return md_escape(problem)
    # The folder is named by a hash of this browser's secret id: shown, it opens nothing (the id is never shown).
    where = persist.shown_place().replace("`", "")  # a code span: shown as it is, nothing to escape
    return (f"Imports are kept for this browser only, in `{where}` on the machine running cloutlab (a folder "
            "only that machine's user can open), so they survive a reload; another browser has another secret "
            "id and cannot see them. Delete them below at any time (the data folder is set by CLOUTLAB_DATA_DIR).")


def where() -> None:
    st.caption(where_text())


def _period(first, last) -> str:
    if pd.isna(first) or pd.isna(last):
        return "no posts kept"
    return f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def section() -> bool:
    """The accounts kept for this browser (also after a reload, when this tab's import log is empty), where
    they are, and a delete button; False (nothing drawn) when none is kept. A kept file that cannot be read
    gets its sentence and the button, so it can always be removed."""
    damaged = st.session_state.get(Keys.STORE_PROBLEM)
    kept = store.accounts(session_con().cursor())
    if kept.empty and not damaged:
        return False
    st.subheader("Kept for this browser" if persist.disk_allowed() else "Kept in this tab only")
    if damaged:  # the sentence itself is at the top of every page
        st.caption("The file cannot be opened (see the note at the top of the page); the button below removes it.")
    else:
        where()
    if not persist.disk_allowed():
        warn_before_leaving()
    if not kept.empty:
        shown = kept[["platform", "account", "items"]].copy()
        shown["period"] = [_period(a, b) for a, b in zip(kept["first_at"], kept["last_at"])]
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
