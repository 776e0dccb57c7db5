"""Downloadable reports: one self-contained HTML file (interactive charts that work offline) and CSVs."""

from __future__ import annotations

import datetime as dt
import html
import io

import pandas as pd
import plotly.graph_objects as go

from cloutlab.present.text import csv_safe
from cloutlab.scores.missing import NOT_IN_EXPORT

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } .muted { color: #666; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.95em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
"""


def _table(frame: pd.DataFrame) -> str:
    # to_html escapes cell text by default (escape=True): post texts and names stay inert.
    return frame.to_html(index=False, escape=True, na_rep=NOT_IN_EXPORT, border=0)


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
    csv_safe(frame).to_csv(buf, index=frame.index.name is not None)  # no cell runs as a formula (OWASP)
    return buf.getvalue().encode("utf-8")


def daily_table(opaque: pd.DataFrame, composite: pd.Series, metrics: pd.DataFrame,
                what_if: pd.DataFrame | None = None, people: pd.Series | None = None) -> pd.DataFrame:
    """Daily scores and metrics side by side (index: day); what-if columns prefixed "what_if_". `people`:
    True Reach as a number of people (scores/reach.py), put beside the subscore (empty where missing)."""
    table = opaque[["score", "slope", "true_reach", "amplification", "network"]].add_prefix("opaque_")
    if people is not None:
        table.insert(3, "opaque_true_reach_people", people.reindex(table.index).astype("Int64"))
    table = table.join(composite.rename("composite")).join(metrics)
    if what_if is not None:
        table = table.join(what_if.add_prefix("what_if_"))
    table.index.name = "day"
    return table


def _num(v: str) -> float:
    return float(v)


def scenario_sentences(query: dict[str, str]) -> list[str]:
    """A what-if scenario (whatif.to_query keys) as plain sentences, one per change, for people who never
    saw the sliders: "Posts 2 times as often as they really did." rather than "frequency 2"."""
    q = dict(query)
    said: list[str] = []
    if "frequency" in q:
        f = _num(q.pop("frequency"))
        said.append("Never posts at all." if f == 0 else f"Posts {f:g} times as often as they really did." if f > 1
                    else f"Posts {f:.0%} as often as they really did (the rest of the posts dropped at random).")
    if "break_weeks" in q:
        w = int(_num(q.pop("break_weeks")))
        start = q.pop("break_start", None)
        said.append(f"Takes a break of {w} week{'s' if w != 1 else ''} with no posts"
                    + (f", starting {start}." if start else ", ending on the last day of the data."))
    for key, what in (("repost_share", "reposts of others' posts"), ("reply_share", "replies to others")):
        if key in q:
            said.append(f"Makes {_num(q.pop(key)):.0%} of their items {what}.")
    if "bought_followers" in q:
        n = int(_num(q.pop("bought_followers")))
        when = q.pop("bought_at", None)
        said.append(f"Buys {n:,} followers" + (f" on {when}" if when else "") + ", who never react.")
    if "ring_size" in q or "ring_reactions" in q:
        size, likes = int(_num(q.pop("ring_size", 0))), int(_num(q.pop("ring_reactions", 0)))
        said.append(f"Joins an engagement ring of {size} accounts that add {likes} likes to every post.")
    if "unlink" in q:
        when = q.pop("unlink_at", None)
        said.append(f"Unlinks their {q.pop('unlink')} account" + (f" on {when}." if when else "."))
    if "seed" in q:
        said.append(f"Random choices use seed {q.pop('seed')}, so the same link gives the same result.")
    said += [f"{k.replace('_', ' ')}: {v}" for k, v in q.items()]  # anything newer than this list
    return said or ["No change: the what-if is the person's real activity."]


def whatif_html(dataset: str, scenario: dict, comparison, said: dict, marks=()) -> bytes:
    """The What-if lab as a report: the scenario, both scores over time, the key metrics, and why."""
    from cloutlab.present.comparison import figure
    from cloutlab.whatif import compare

    figures = [figure(comparison, name, marks) for name in ("opaque", "composite", *compare.HEADLINE_METRICS[2:4])]
    return html_report(
        f"cloutlab what-if report: {dataset}",
        f"Baseline against a what-if scenario, scored on {comparison.opaque_base.index[-1]:%Y-%m-%d}.",
        [("Scenario", scenario_sentences(scenario)), ("What moved", list(said.values())), ("Scores over time", figures[:2]),
         ("Key transparent metrics", figures[2:])],
        notes=["The opaque score is a simulation of a Klout-like black box; its weights are hidden on purpose. "
               "Every transparent number can be traced to the posts that produced it."],
    )


def whatif_csv(comparison) -> bytes:
    """Daily baseline and what-if scores and metrics, one row per day."""
    c = comparison
    what = c.opaque_what[["score"]].rename(columns={"score": "opaque_score"}).join(
        c.composite_what.rename("composite")).join(c.metrics_what)
    from cloutlab.scores import reach

    return csv_bytes(daily_table(c.opaque_base, c.composite_base, c.metrics_base, what, reach.series(c.baseline)))
