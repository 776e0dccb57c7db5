"""Downloadable reports: one self-contained HTML file (interactive charts that work offline) and CSVs."""

from __future__ import annotations

import datetime as dt
import html
import io

import pandas as pd
import plotly.graph_objects as go

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } .muted { color: #666; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.95em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
"""


def _table(frame: pd.DataFrame) -> str:
    # to_html escapes cell text by default (escape=True): post texts and names stay inert.
    return frame.to_html(index=False, escape=True, na_rep="not in this export", border=0)


def html_report(title: str, subtitle: str, sections: list[tuple[str, list]], notes: list[str] = ()) -> bytes:
    """An HTML page. `sections` is [(heading, [items])], items being plotly figures, pandas frames or
    strings (paragraphs, escaped). plotly.js is embedded once, so the file opens offline."""
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p class='muted'>{html.escape(subtitle)}</p>"]
    first_chart = True
    for heading, items in sections:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        for item in items:
            if isinstance(item, go.Figure):
                parts.append(item.to_html(full_html=False, include_plotlyjs=first_chart, config={"displaylogo": False}))
                first_chart = False
            elif isinstance(item, pd.DataFrame):
                parts.append(_table(item))
            else:
                parts.append(f"<p>{html.escape(str(item))}</p>")
    parts += [f"<p class='muted'>{html.escape(n)}</p>" for n in notes]
    made = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(f"<p class='muted'>Made with cloutlab on {made}. Nothing in this file calls the internet.</p>")
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>")
    return page.encode("utf-8")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as UTF-8 CSV bytes (index included when it is named, e.g. day)."""
    buf = io.StringIO()
    frame.to_csv(buf, index=frame.index.name is not None)
    return buf.getvalue().encode("utf-8")


def daily_table(opaque: pd.DataFrame, composite: pd.Series, metrics: pd.DataFrame,
                what_if: pd.DataFrame | None = None) -> pd.DataFrame:
    """Daily scores and metrics side by side (index: day); what-if columns prefixed "what_if_"."""
    table = opaque[["score", "slope", "true_reach", "amplification", "network"]].add_prefix("opaque_")
    table = table.join(composite.rename("composite")).join(metrics)
    if what_if is not None:
        table = table.join(what_if.add_prefix("what_if_"))
    table.index.name = "day"
    return table


def whatif_html(dataset: str, scenario: dict, comparison, said: dict, marks=()) -> bytes:
    """The What-if lab as a report: the scenario, both scores over time, the key metrics, and why."""
    from . import charts, compare

    c = comparison
    base, what = c.opaque_base["score"], c.opaque_what["score"]
    figures = [
        charts.score_lines({"baseline": base, "what-if": what}, "Opaque score: baseline and what-if",
                           "Score (1-100)", marks, [0, 100], dashed=("baseline",)),
        charts.score_lines({"baseline": c.composite_base, "what-if": c.composite_what},
                           "Transparent composite: baseline and what-if", "Score (1-1000)", marks, [0, 1000],
                           dashed=("baseline",)),
    ]
    for key in compare.KEY_METRICS[2:4]:
        m = compare.transparent.METRICS[key]
        figures.append(charts.score_lines({"baseline": c.metrics_base[key], "what-if": c.metrics_what[key]},
                                          m.name, m.unit, marks, dashed=("baseline",)))
    shown = pd.DataFrame([{"setting": k, "value": v} for k, v in scenario.items()] or [{"setting": "none", "value": "no change"}])
    return html_report(
        f"cloutlab what-if report: {dataset}",
        f"Baseline against a what-if scenario, scored on {base.index[-1]:%Y-%m-%d}.",
        [("Scenario", [shown]), ("What moved", list(said.values())), ("Scores over time", figures[:2]),
         ("Key transparent metrics", figures[2:])],
        notes=["The opaque score is a simulation of a Klout-like black box; its weights are hidden on purpose. "
               "Every transparent number can be traced to the posts that produced it."],
    )


def whatif_csv(comparison) -> bytes:
    """Daily baseline and what-if scores and metrics, one row per day."""
    c = comparison
    what = c.opaque_what[["score"]].rename(columns={"score": "opaque_score"}).join(
        c.composite_what.rename("composite")).join(c.metrics_what)
    return csv_bytes(daily_table(c.opaque_base, c.composite_base, c.metrics_base, what))
