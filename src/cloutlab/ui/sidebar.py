"""The sidebar dataset picker, shared by every page; `?persona=NAME` in a link selects a persona.

The choice lives in a plain session key (Keys.DATASET); the widget (Keys.DATASET_WIDGET) is re-seeded from
it on every run, so the choice survives runs in which the widget is not drawn.
"""

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


def _picked() -> None:
    st.session_state[Keys.DATASET] = st.session_state[Keys.DATASET_WIDGET]
    _sync_link()


def dataset_picker() -> Dataset:
    """Draw the picker and return the chosen dataset."""
    _apply_link()
    data.current()  # settles a pending choice (e.g. just imported) before the widget is drawn
    options = data.datasets()
    st.session_state[Keys.DATASET_WIDGET] = st.session_state[Keys.DATASET]
    st.sidebar.selectbox(
        "Dataset", list(options), key=Keys.DATASET_WIDGET, format_func=lambda i: options[i].label,
        on_change=_picked, help="Demo personas are built in; your own exports appear here after an import.",
    )
    ds = options[st.session_state[Keys.DATASET]]
    if ds.blurb:
        st.sidebar.caption(ds.blurb)
    st.sidebar.caption("Private: everything stays on this machine. Direct messages are never read.")
    return ds
