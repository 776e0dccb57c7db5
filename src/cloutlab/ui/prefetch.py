"""Plotly's script fetched and compiled once Home is drawn (issue 23).

Home draws its chart without Plotly (present/charts_html.py), so a fresh browser sees it about a second
sooner. The next page's charts still need Plotly's 4.7 MB script: Home asks the browser to load it, and the
chunk that mounts ui/plot.py's charts, when it is next idle after the page is drawn (or within 3 s), so a
person who reads Home for a moment before going on to Scores or the What-if lab finds them loaded, and
Plotly set up by one small plot drawn off screen and removed. The
first chart is never held up by it. The script's file name
carries a hash of the Streamlit build, so it is looked up in the installed package; if it cannot be found,
nothing is asked for (Plotly then loads with the first chart, as before).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st


@functools.cache
def script(chunk: str) -> str | None:
    """The file name of one of Streamlit's lazily loaded chunks in this installation (static/js/<chunk>.<hash>.js)."""
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob(f"{chunk}.*.js"))
    return found[0].name if len(found) == 1 else None


# The URL of one of those chunks, in the browser (a JS function of its file name): built from the app's own entry
# script, so a base URL path or proxy prefix holds, and the same URL as Streamlit's own lazy import (the browser's
# module map then serves that import at once). null when the page has no such script.
CHUNK_URL_JS = ("(name => { const s = [...document.scripts].find(e => /\\/static\\/js\\/index\\.[^/]*\\.js$/.test(e.src));"
                " return s ? s.src.replace(/index\\.[^/]*\\.js$/, name) : null; })")


def plotly_script() -> str | None:
    """The file name of Streamlit's Plotly chunk in this installation (static/js/PlotlyChart.<hash>.js)."""
    return script("PlotlyChart")


def plotly_when_idle() -> None:
    name = plotly_script()
    if name is None:
        return
    js = ("(() => { if (window.__clPlotly) return; window.__clPlotly = 1;"
          f" const chunk = {CHUNK_URL_JS}; const url = chunk({json.dumps(name)}); if (!url) return;"
          # The chunk that mounts the app's charts (ui/plot.py, a v2 component) too, if this build has it.
          f" const more = {json.dumps([n for n in (script('BidiComponent'),) if n])}.map(chunk);"
          " const idle = () => new Promise(r => window.requestIdleCallback ? requestIdleCallback(r, {timeout: 3000})"
          " : setTimeout(r, 500));"
          # Plotly's first plot in a page also sets itself up (styles, fonts, measures): done here once, on a
          # small chart off screen that is then removed, so the next page's first chart does not pay for it.
          " const warm = () => { const P = window.Plotly; if (!P || !P.newPlot) return;"
          " const d = document.createElement('div'); d.setAttribute('aria-hidden', 'true');"
          " d.style.cssText = 'position:absolute;left:-10000px;top:0;width:480px;height:320px';"
          " document.body.appendChild(d);"
          " return P.newPlot(d, [{type: 'scatter', mode: 'lines', x: ['2024-01-01', '2024-02-01'], y: [1, 2]}],"
          " {xaxis: {type: 'date', title: {text: 'Date'}}, yaxis: {title: {text: 'Score'}}})"
          ".then(() => P.purge(d)).finally(() => d.remove()); };"
          " idle().then(() => Promise.all([url, ...more].map(u => import(u)))).then(idle).then(warm)"
          ".then(() => { window.__clPlotly = 'loaded'; }, () => {}); })()")
    st.html(f"<script>{js}</script>", unsafe_allow_javascript=True)
