"""Plotly's script fetched and compiled once Home is drawn (issue 23).

Home draws its chart without Plotly (present/charts_html.py), so a fresh browser sees it about a second
sooner. The next page's charts still need Plotly's 4.7 MB script: Home asks the browser to load it when it is
next idle after the page is drawn (or within 3 s), so a person who reads Home for a moment before going on to
Scores or the What-if lab finds it loaded. The first chart is never held up by it. The script's file name
carries a hash of the Streamlit build, so it is looked up in the installed package; if it cannot be found,
nothing is asked for (Plotly then loads with the first chart, as before).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st


@functools.cache
def plotly_script() -> str | None:
    """The file name of Streamlit's Plotly chunk in this installation (static/js/PlotlyChart.<hash>.js)."""
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def plotly_when_idle() -> None:
    name = plotly_script()
    if name is None:
        return
    # The chunk's URL is built from the app's own entry script, so a base URL path or proxy prefix holds. The
    # same URL as Streamlit's own lazy import: the browser's module map then serves that import at once.
    js = ("(() => { if (window.__clPlotly) return; window.__clPlotly = 1;"
          " const s = [...document.scripts].find(e => /\\/static\\/js\\/index\\.[^/]*\\.js$/.test(e.src));"
          f" if (!s) return; const url = s.src.replace(/index\\.[^/]*\\.js$/, {json.dumps(name)});"
          " const go = () => import(url).then(() => { window.__clPlotly = 'loaded'; }, () => {});"
          " window.requestIdleCallback ? requestIdleCallback(go, {timeout: 3000}) : setTimeout(go, 500); })()")
    st.html(f"<script>{js}</script>", unsafe_allow_javascript=True)
