"""The sidebar dataset picker, shared by every page; `?persona=NAME` or `?dataset=ID` in a link selects
a dataset (see links.py).

The choice lives in a plain session key (Keys.DATASET); the widget (Keys.DATASET_WIDGET) is re-seeded from
it on every run, so the choice survives runs in which the widget is not drawn.
"""

from __future__ import annotations

import streamlit as st

from cloutlab.present.text import md_escape
from cloutlab.store.datasets import Dataset
from cloutlab.ui import data, links, persist
from cloutlab.ui.state import Keys, store_problem


def _apply_link() -> None:
    """A shared link's ?persona= or ?dataset= wins once, on the session's first run; a link to data this
    browser does not have leaves a note (links.wanted_dataset) instead of silently showing other data."""
    if links.APPLIED in st.session_state:
        return
    st.session_state[links.APPLIED] = True
    chosen, note = links.wanted_dataset(data.datasets())
    if chosen:
        st.session_state[Keys.DATASET] = chosen
    if note:
        st.session_state[links.NOTE] = note


def _picked() -> None:
    st.session_state[Keys.DATASET] = st.session_state[Keys.DATASET_WIDGET]
    st.session_state.pop(links.NOTE, None)  # the person chose: the link's note has been read


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
    links.sync(ds)  # every page's URL carries its dataset
    if note := st.session_state.get(links.NOTE):
        st.warning(md_escape(note))  # it quotes the link's own text: drawn as typed, never as markdown
    if problem := store_problem():  # every page: the kept imports (or the data folder) cannot be used
        st.warning(md_escape(problem))
    if ds.blurb:
        st.sidebar.caption(ds.blurb)
    st.sidebar.caption("Private: everything stays on this machine. Direct messages are never read.")
    if not persist.disk_allowed() and not ds.is_demo:  # a workshop server: say it on every page
        st.sidebar.caption("Imports live in this tab's memory only: a reload loses them.")
    return ds
