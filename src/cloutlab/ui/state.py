"""Session state has one owner: every key is named here, and init_state() sets the defaults."""

from __future__ import annotations

import duckdb
import streamlit as st

from .. import store


class Keys:
    CON = "session_con"  # this session's own in-memory DuckDB (imports live here, never shared)
    DATASET = "dataset"  # the dataset id chosen in the sidebar, e.g. "demo:novelist" or "import:x:alice"
    DATASET_WIDGET = "dataset_picker"  # the sidebar selectbox (re-seeded from DATASET every run)
    IMPORT_LOG = "import_log"  # summaries of what this session imported, newest last
    IMPORT_ERRORS = "import_errors"  # one sentence per refused file, shown once after the rerun
    PENDING_DATASET = "pending_dataset"  # a dataset to select before the sidebar widget is drawn
    UPLOADS = "uploads"  # file_uploader widget on the Import page
    WINDOW = "window_days"  # rolling window for the transparent metrics


def init_state() -> None:
    """Set every session default once (safe to call on every rerun)."""
    if Keys.CON not in st.session_state:
        st.session_state[Keys.CON] = store.connect()
    st.session_state.setdefault(Keys.IMPORT_LOG, [])
    st.session_state.setdefault(Keys.IMPORT_ERRORS, [])
    st.session_state.setdefault(Keys.WINDOW, 28)


def session_con() -> duckdb.DuckDBPyConnection:
    """This session's private database (created on first use)."""
    init_state()
    return st.session_state[Keys.CON]


def select_dataset(dataset_id: str) -> None:
    """Ask the sidebar to select `dataset_id` on the next run (a drawn widget's value cannot be set)."""
    st.session_state[Keys.PENDING_DATASET] = dataset_id
