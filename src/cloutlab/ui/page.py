"""What every page calls first, and the metric with a change every page draws."""

from __future__ import annotations

import runpy

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from cloutlab.present.text import no_change


def ensure_app() -> None:
    """Run the page through app.py (navigation, page config, sidebar), even on a deep link.

    Streamlit quirk (1.67): while no run of this server process has called st.navigation yet, a folder
    named pages/ next to app.py switches on the legacy multipage mode, which runs a deep-linked page
    script (e.g. /scores) on its own, without app.py. AppTest's switch_page does the same. Here we turn
    the legacy flag off and run app.py in place, whose st.navigation then runs this page as registered;
    doing it within the same run keeps the widget events (a button click) that started it.
    """
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    runpy.run_path(str(ctx.pages_manager.main_script_path), run_name="__main__")
    st.stop()


def metric(col, label: str, value: str, change: str | None = None, **kwargs) -> None:
    """st.metric where a change that rounds to nothing ("+0.00") gets no arrow and no colour: a green up
    arrow beside +0.00 says the score rose when it did not."""
    still = change is not None and no_change(change)
    col.metric(label, value, change, delta_color="off" if still else "normal",
               delta_arrow="off" if still else "auto", **kwargs)
