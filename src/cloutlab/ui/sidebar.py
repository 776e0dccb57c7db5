"""The sidebar dataset picker, shared by every page; `?persona=NAME` in a link selects a persona."""

from __future__ import annotations

import streamlit as st

from ..datasets import Dataset
from . import data
from .state import Keys


def _apply_link() -> None:
    """A shared link's ?persona= wins once, on the session's first run."""
    if "_link_applied" in st.session_state:
        return
    st.session_state["_link_applied"] = True
    persona = st.query_params.get("persona")
    if persona and f"demo:{persona}" in data.datasets():
        st.session_state[Keys.DATASET] = f"demo:{persona}"


def _sync_link() -> None:
    chosen = st.session_state.get(Keys.DATASET, "")
    if chosen.startswith("demo:"):
        st.query_params["persona"] = chosen.split(":", 1)[1]
    elif "persona" in st.query_params:
        del st.query_params["persona"]


def dataset_picker() -> Dataset:
    """Draw the picker and return the chosen dataset."""
    _apply_link()
    options = data.datasets()
    if st.session_state.get(Keys.DATASET) not in options:
        st.session_state[Keys.DATASET] = data.DEFAULT_DATASET
    st.sidebar.selectbox(
        "Dataset", list(options), key=Keys.DATASET, format_func=lambda i: options[i].label,
        on_change=_sync_link, help="Demo personas are built in; your own exports appear here after an import.",
    )
    ds = options[st.session_state[Keys.DATASET]]
    if ds.blurb:
        st.sidebar.caption(ds.blurb)
    st.sidebar.caption("Private: everything stays on this machine. Direct messages are never read.")
    return ds
