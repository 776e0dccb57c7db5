"""The classroom around the Gaming lab (pure: no streamlit): the class setup as a link, the worksheet a
teacher prints, and the black box opened after a strategy.

A class is a list of (student, strategy) pairs. Only demo personas travel in a link: an import is private
to the browser tab that made it, so a link cannot carry it (the page says so).
"""

from __future__ import annotations

import html

import pandas as pd

from cloutlab.store.datasets import DatasetId, persona_of

PARAM = "class"  # ?class=novelist.reply_readers~bot.bot
DEFAULT_SIZE = 6  # students in the line-up a first visit starts with


# What a walk-through step ranks by when the class on screen gives its own measure to fewer than two
# students (issue 21: no step may rank nobody). A rate per post has nothing to divide by when everyone took
# three months off or reposts everything; the composite counts the reactions received all the same, and
# the opaque score rates every student with data.
STEP_FALLBACKS = ("composite", "opaque")


def ranked_counts(board: pd.DataFrame, measures) -> dict[str, int]:
    """How many students of a leaderboard (gaming.rank) each measure ranks."""
    return {m: int(board[f"rank_{m}"].notna().sum()) for m in measures if f"rank_{m}" in board}


def step_measure(measure: str, ranked: dict[str, int]) -> str:
    """The measure a walk-through step ranks by: its own when it ranks at least two students of the class
    (or everyone, in a class of one), else the first of STEP_FALLBACKS that does."""
    enough = min(2, max(ranked.values(), default=0))
    for m in (measure, *STEP_FALLBACKS):
        if enough and ranked.get(m, 0) >= enough:
            return m
    return measure


def default_class(dataset_ids) -> list[str]:
    """The line-up a first visit starts with: the first DEFAULT_SIZE demo personas, in the list's order
    (each then plays its suggested strategy, gaming.SUGGESTED)."""
    return [sid for sid in dataset_ids if persona_of(sid)][:DEFAULT_SIZE]


def class_to_query(picks: dict[str, str]) -> str:
    """{dataset id: strategy} -> the `class` parameter (demo students only, in class order)."""
    return "~".join(f"{persona_of(sid)}.{strategy}" for sid, strategy in picks.items() if persona_of(sid))


def class_from_query(value: str, personas, strategies) -> tuple[dict[str, str], list[str]]:
    """The `class` parameter -> ({dataset id: strategy}, notes on anything unknown that was skipped)."""
    picks, notes = {}, []
    for part in filter(None, (value or "").split("~")):
        persona, _, strategy = part.partition(".")
        if persona not in personas:
            notes.append(f"The link names a student '{persona}' that is not a demo persona; left out.")
        elif strategy not in strategies:
            notes.append(f"The link gives {persona} an unknown strategy '{strategy}'; they carry on as before.")
            picks[str(DatasetId.demo(persona))] = "as_is"
        else:
            picks[str(DatasetId.demo(persona))] = strategy
    return picks, notes


_SHEET_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 760px; margin: 1.5em auto; color: #111; font-size: 14px; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #444; padding: 6px; text-align: left; }
td.blank { width: 5em; } .muted { color: #555; } ol { padding-left: 1.2em; } li { margin: .3em 0; }
@media print { body { margin: 0; } a { color: #111; } }
@page { size: A4; margin: 14mm; }
"""


def worksheet_html(students: list[tuple[str, str]], url: str = "", steps: list[str] = ()) -> bytes:
    """A printable one-page worksheet: who plays what, blanks for predicted ranks before and after, the
    questions of the walk-through. `students`: (student label, strategy name)."""
    esc = html.escape
    rows = "".join(f"<tr><td>{esc(s)}</td><td>{esc(t)}</td><td class='blank'></td><td class='blank'></td>"
                   f"<td class='blank'></td></tr>" for s, t in students)
    questions = "".join(f"<li>{esc(q)}</li>" for q in steps)
    where = f"<p class='muted'>Open the class: {esc(url)}</p>" if url else ""
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gaming lab worksheet</title>
<style>{_SHEET_STYLE}</style></head><body>
<h1>Gaming lab: when a measure becomes a target</h1>
<p class="muted">Name: ______________________ &nbsp; Date: ____________</p>{where}
<h2>1. Predict, before the reveal</h2>
<p>Each student plays the strategy written beside them. Guess their place on the black-box score
(1 = top) after the strategy, and whether their real outcome goes up, down or stays.</p>
<table><tr><th>Student</th><th>Strategy</th><th>Your rank guess</th><th>Outcome: up / down / same</th>
<th>Actual rank</th></tr>{rows}</table>
<h2>2. Walk through it together</h2><ol>{questions}</ol>
<h2>3. In one sentence</h2>
<p>Why did the number stop telling us who has influence once people aimed at it?</p>
<p style="border-bottom:1px solid #444;height:2.2em"></p><p style="border-bottom:1px solid #444;height:2.2em"></p>
<p class="muted">Goodhart's law, as Strathern put it: when a measure becomes a target, it ceases to be a good
measure. Made with cloutlab (a simulation; no real scores).</p>
</body></html>"""
    return page.encode("utf-8")


def explain_after(prepared, baseline, changes: dict) -> dict:
    """blackbox.explain on the student's last day after playing the strategy `changes`."""
    from cloutlab import whatif
    from cloutlab.scores import blackbox

    after = whatif.simulate(prepared, baseline.followers, whatif.Scenario(**changes), baseline.seed)
    return blackbox.explain(after)


def moved_reason(moved: int, before, after) -> str:
    """'Places moved' in words: a student whose own number did not move is moved by the others."""
    same = before is not None and after is not None and not pd.isna(before) and not pd.isna(after) \
        and round(float(before), 2) == round(float(after), 2)
    if moved == 0:
        return "0"
    if same:
        return f"{moved:+d} (others moved)"
    return f"{moved:+d}"
