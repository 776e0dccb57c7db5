"""Presenter mode for the What-if lab: sliders in a narrow left column, the three deltas and both score
charts on the right, all inside a 1280x720 projector window; type and lines sized for the back row; the
time axis zoomed to the changed period; a Play button; a big Copy link. Kept in the link as ?present=1."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from cloutlab.present import comparison, presenter as presenting
from cloutlab.present.text import md_escape
from cloutlab.ui import links
from cloutlab.ui.page import metric
from cloutlab.ui.plot import chart
from cloutlab.ui.state import Keys
from cloutlab.scores.windows import SCORE_DAYS
from cloutlab.whatif.outcome import WINDOW_WEEKS

PARAM = "present"
KEY, ZOOM, SEEDED = Keys.PRESENTING, Keys.ZOOM, Keys.PRESENTING_SEEDED

_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.6rem !important; padding-bottom: 1rem !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.6rem !important; padding: 0 0 .2rem !important; }
.st-key-cl_present_controls [data-testid="stHorizontalBlock"] { flex-direction: column !important; gap: 0 !important; }
.st-key-cl_present_controls [data-testid="stColumn"] { width: 100% !important; flex: 1 1 auto !important; }
.st-key-cl_present_results [data-testid="stMetricValue"] { font-size: 2.4rem !important; }
.st-key-cl_present_results [data-testid="stMetricLabel"] p { font-size: 1.05rem !important; }
.st-key-cl_present_results [data-testid="stMetricDelta"] { font-size: 1.4rem !important; }
.st-key-cl_present_results [data-testid="stMetric"] { padding: 0 !important; }
</style>"""


def on() -> bool:
    """Draw the toggle (a shared link's ?present=1 switches it on once per session); True when on."""
    if not st.session_state.get(SEEDED):
        st.session_state[SEEDED] = True
        st.session_state[KEY] = st.query_params.get(PARAM) == "1"
    return st.toggle("Presenter mode", key=KEY, help="Sliders, deltas and both charts on one projector screen; "
                                                     "type sized for the back row. Kept in the link.")


def keep_in_link() -> None:
    """After the scenario has written the link: put ?present=1 back (or take it out)."""
    if st.session_state.get(KEY):
        if st.query_params.get(PARAM) != "1":
            st.query_params[PARAM] = "1"
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def layout():
    """(controls container, results container or None). In presenter mode the two are columns."""
    if not st.session_state.get(KEY):
        return st.container(), None
    st.html(_CSS)
    left, right = st.columns([1, 2.6], gap="medium")
    head = left.container()  # Copy link and the zoom switch, above the sliders
    return left.container(key="cl_present_controls"), (head, right.container(key="cl_present_results"))


def _metric(col, d: comparison.Delta) -> None:
    if d.change is None:
        col.metric(d.label, d.value, help=d.help)
        return
    metric(col, d.label, d.value, d.change, help=d.help)


def _said_per_day(c, days=None) -> pd.Series:
    """The Play frames' titles: per day (of `days`, default every day), the what-if's two scores."""
    o = c.opaque_what["score"]
    k = c.composite_what.reindex(o.index).to_numpy(float)  # plain arrays: a .loc per day was 20 ms a move
    ov = o.to_numpy(float)
    if days is not None:  # only the frames' days: a sentence for each of 730 days was half a chart's time
        at = o.index.get_indexer(days)
        ov, k, index = ov[at], k[at], o.index[at]
    else:
        index = o.index
    return pd.Series([f"{d:%d %b %Y}: opaque {v:.1f}, composite {kv:,.0f}" if not np.isnan(kv)
                      else f"{d:%d %b %Y}: opaque {v:.1f}" for d, v, kv in zip(index, ov, k)], index=index)


def _now(name, compute):
    return compute()


def chart_spec(c, name, window, marks) -> dict:
    """A presenter chart as plotly's dict: comparison.figure(..., big=True) with presenting.animate's Play
    frames, built without the Figure (its to_dict() equals this, tests/test_chart_spec.py): the Figure, its
    forty validated frames and its copies were over 100 ms of every presenter move's server CPU."""
    lines, top = comparison.lines(c, name), comparison.SCORES[name][-1]
    y = presenting.fitted_range(list(lines.values()), window, 1, top) if window else [0, top]
    spec = comparison.spec(c, name, marks, y_range=y, x_range=window, big=True, height=390)
    what = lines["what-if"]
    shown = window or (what.index[max(-SCORE_DAYS, -len(what))], what.index[-1])  # unzoomed: the last score window
    said = _said_per_day(c, presenting.frame_days(what, shown)) if name == "opaque" else pd.Series(dtype=str)
    return presenting.animate_spec(spec, "what-if", what, said, shown)


def results(slots, c, said: dict, headline: dict, last, unit: str, marks, controls_slot=None, memo=_now) -> None:
    """The right-hand column: three deltas, then both score charts, zoomed to the change unless asked not to.
    `slots`: (the head of the left column, the right column), from layout(). `memo(name, compute)`: where
    the caller keeps this scenario's figures (default: built now)."""
    head, slot = slots
    with head:
        links.copy_field(links.share_url("whatif"), "this view", big=True)
        zoom = st.toggle("Zoom to the change", value=True, key=ZOOM,
                         help="Off: the whole history. The zoom starts a little before the first changed day.")
    window = presenting.changed_window(c.opaque_base["score"], c.opaque_what["score"]) if zoom else None
    with slot:
        shown = comparison.deltas(headline, {"opaque": "Opaque score", "composite": "Composite", "outcome": "Outcome"},
                                  {"opaque": f"What-if against baseline, on {last}",
                                   "outcome": f"{unit}, the {WINDOW_WEEKS} weeks to {last}"})
        for col, d in zip(st.columns(3), shown):
            _metric(col, d)
        for col, name in zip(st.columns(2, gap="small"), ("opaque", "composite")):
            if comparison.lines(c, name)["baseline"].isna().all():
                col.info(md_escape(said[name]))
                continue
            spec = memo(("present", name, zoom), lambda: chart_spec(c, name, window, marks))
            # theme=None: Streamlit's theme would shrink our projector-sized type back to its own.
            chart(col, spec, f"wi_present_{name}", config={"displayModeBar": False}, theme=None)
