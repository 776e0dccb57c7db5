"""Plotly charts drawn in place (issue 23): a slider move updates each chart with one Plotly.react.

st.plotly_chart (1.67) hashes the whole figure into its element's id, so when a figure changes the frontend
throws its chart away (Plotly.purge), draws a new one, then applies its theme again: two full draws per
chart, four charts per What-if move. Here one small component keeps one <div> per chart for as long as the
chart is on the page and hands each new figure to Plotly.react, which redraws only what changed. Plotly
comes from Streamlit's own script (the one ui/prefetch.py loads after Home), and Streamlit's theme is applied
on the server (present/plotly_theme.py), so the charts look as st.plotly_chart drew them (one difference: no
full-screen button above a chart).

The figure travels as JSON bytes: the component does nothing else with it (no widget value, nothing sent back).
"""

from __future__ import annotations

import functools
import json

import streamlit as st
from plotly.io.json import to_json_plotly

from cloutlab.present.plotly_theme import themed
from cloutlab.ui.prefetch import CHUNK_URL_JS, plotly_script

# Runs on every update of a chart. A <div> is kept per chart (role=figure, named by its title as drawn, and
# once drawn the test id Streamlit's chart had); updates that come while Plotly loads or draws queue behind it
# and only the newest is drawn. Until it is drawn the chart says aria-busy, as Streamlit's placeholder did.
_JS = """
export default function (component) {
  const root = component.parentElement;
  let box = root.querySelector(':scope > div.cl-plot');
  if (!box) {
    box = document.createElement('div');
    box.className = 'cl-plot';
    box.setAttribute('role', 'figure');
    box.appendChild(document.createElement('div')).style.width = '100%';
    root.appendChild(box);
  }
  const gd = box.firstChild;
  const raw = component.data;
  box.__next = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  box.setAttribute('aria-busy', 'true');
  const load = () => {
    if (window.Plotly) return window.Plotly;
    return import((__CHUNK_URL__)(__CHUNK__)).then(() => window.Plotly);
  };
  box.__chain = (box.__chain || Promise.resolve()).then(load).then(P => {
    const text = box.__next;
    if (text === box.__drawn) return;
    box.__drawn = text;
    const fig = JSON.parse(text);
    if (fig.bold && fig.layout.title && fig.layout.title.text) {  // as Streamlit's theme draws a title
      fig.layout.title = {...fig.layout.title, text: '<b>' + fig.layout.title.text + '</b>'};
    }
    box.style.minHeight = ((fig.layout && fig.layout.height) || 450) + 'px';
    return P.react(gd, fig).then(() => {
      const title = gd.querySelector('.gtitle');
      box.setAttribute('aria-label', title ? title.textContent : 'chart');
      box.setAttribute('data-testid', 'stPlotlyChart');  // once drawn, as Streamlit's chart
      box.__width = gd.clientWidth;
      if (!box.__resize) {  // Plotly sizes to its <div> only when it draws: follow the column's width
        box.__resize = new ResizeObserver(() => {
          if (gd.isConnected && gd.clientWidth && gd.clientWidth !== box.__width) {
            box.__width = gd.clientWidth;
            P.Plots.resize(gd);
          }
        });
        box.__resize.observe(gd);
      }
    });
  }).catch(e => console.error('cloutlab chart:', String(e))).finally(() => {
    if (box.__next === box.__drawn) box.removeAttribute('aria-busy');
  });
}
"""


NAME = "cloutlab_plot"

# Plotly's options as st.plotly_chart sets them: above all no "Share chart" button, which would send the
# figure's data to Plotly's cloud (nothing leaves this machine); no logo; no select tools (nothing to select).
CONFIG = {"displaylogo": False, "showSendToCloud": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@functools.cache
def _component():
    """The component, registered once per process; None if Streamlit's Plotly script cannot be found."""
    name = plotly_script()
    if name is None:
        return None
    return st.components.v2.component(NAME, js=_JS.replace("__CHUNK_URL__", CHUNK_URL_JS).replace("__CHUNK__", json.dumps(name)),
                                      isolate_styles=False)


def chart(where, figure, key: str, *, config: dict | None = None, theme: str | None = "streamlit") -> None:
    """Draw `figure` (a plotly Figure or its dict form, e.g. charts.score_lines_spec) in `where` (st or a
    column) under `key`; `config` is Plotly's; `theme` as st.plotly_chart's ("streamlit", or None for plotly's
    own colours)."""
    draw = _component()
    if draw is None:  # a Streamlit build without the chunk: its own chart, redrawn from scratch as before
        where.plotly_chart(figure, key=key, config=config, theme=theme)
        return
    spec = themed(figure if isinstance(figure, dict) else figure.to_dict(), theme)
    data = to_json_plotly({**spec, "config": {**CONFIG, **(config or {})}, "bold": theme == "streamlit"}).encode()
    if where is st:
        draw(key=key, data=data)
    else:
        with where:
            draw(key=key, data=data)


def figure_of(proto) -> dict | None:
    """The figure (plotly's dict form, as the server sent it) that a drawn chart's proto carries: this
    component's BidiComponent, or st.plotly_chart's PlotlyChart; None for any other element. For the tests and
    benchmarks that read what a run drew."""
    if getattr(proto, "component_name", None) == NAME:
        return json.loads(proto.bytes)
    spec = getattr(proto, "spec", None)
    return json.loads(spec) if isinstance(spec, str) and spec.startswith("{") else None
