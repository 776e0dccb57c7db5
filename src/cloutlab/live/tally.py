"""What the projector shows, from a class's answers (rooms.Snapshot): the leaderboard with rank changes, the
distribution of the answers to a prediction, how often each number agreed with the class's judgments, and
the answers as a CSV. Every nickname stays a plain value in a frame: the pages draw frames as table cells
and escape anything they put in markdown."""

from __future__ import annotations

import pandas as pd

from cloutlab.live import lesson
from cloutlab.present.text import csv_safe
from cloutlab.scores import missing
from cloutlab.whatif import gaming

BOARD_COLUMNS = ("Rank", "Moved", "Student", "Account", "Strategy", "Black box", "Transparent", "Outcome %")


def _rank(values: list) -> list:
    """1 = highest; ties share the best rank; a missing value gets no rank (None), as missing.rank does.
    Plain Python: the projector ranks the room on every change, and pandas took 50 to 300 ms for 40 rows."""
    present = [v for v in values if not missing.is_missing(v)]
    return [None if missing.is_missing(v) else 1 + sum(1 for w in present if w > v) for v in values]


def board(picks: pd.DataFrame, students: dict[str, str], row_for: lesson.RowFor) -> pd.DataFrame:
    """Every student's latest pick (one row each, labelled with their nickname), with their black-box,
    transparent-composite and outcome ranks (the outcome in percent of each student's own start, as the
    Gaming lab ranks it: gaming.rank)."""
    rows = []
    for sid, persona, key in zip(picks["student"], picks["persona"], picks["strategy"]):
        if sid in students and persona in lesson.PERSONAS and key in gaming.STRATEGIES:
            row = row_for(persona, key)
            rows.append({"student": students[sid], "persona": persona, "key": key, "strategy": row["strategy"],
                         "opaque": row["opaque"], "composite": row["composite"], "outcome_pct": row["outcome_pct"]})
    if not rows:
        return pd.DataFrame()
    for m in ("opaque", "composite", "outcome_pct"):
        for row, r in zip(rows, _rank([row[m] for row in rows])):
            row[f"rank_{'outcome' if m == 'outcome_pct' else m}"] = r
    return pd.DataFrame(rows)


def ranks(ranked: pd.DataFrame) -> dict[str, int]:
    """Student nickname -> black-box rank (1 = top) of a board."""
    if ranked.empty:
        return {}
    return {s: int(r) for s, r in zip(ranked["student"], ranked["rank_opaque"]) if not missing.is_missing(r)}


def moved(before: dict[str, int], now: dict[str, int]) -> dict[str, str]:
    """Places each student moved on the black box since the board before: '+2', '-1', '0', or 'new'."""
    return {s: ("new" if s not in before else f"{before[s] - r:+d}" if before[s] != r else "0") for s, r in now.items()}


def projector_table(ranked: pd.DataFrame, changes: dict[str, str]) -> pd.DataFrame:
    """The leaderboard as the projector shows it, by black-box rank: the three lenses side by side."""
    if ranked.empty:
        return pd.DataFrame(columns=list(BOARD_COLUMNS))
    out = pd.DataFrame({
        "Rank": ranked["rank_opaque"].astype("Int64"),
        "Moved": [changes.get(s, "") for s in ranked["student"]],
        "Student": ranked["student"],
        "Account": [lesson.persona_title(p).split(",")[0] for p in ranked["persona"]],  # "Nell", "@assimilator"
        "Strategy": ranked["strategy"],
        "Black box": ranked["opaque"].astype(float).round(1),
        "Transparent": ranked["rank_composite"].astype("Int64"),
        # Missing is never 0 (issue 10): an account whose export lacks the reactions has no outcome.
        "Outcome %": [missing.text(v, 1) for v in ranked["outcome_pct"]],
    })
    return missing.order_last(out, "Rank").reset_index(drop=True)


def answers(predictions: pd.DataFrame, question: lesson.Question) -> pd.DataFrame:
    """How many students gave each answer (every choice listed, in order, zeros included)."""
    mine = predictions[predictions["question"] == question.key]
    counts = mine["answer"].value_counts()
    return pd.DataFrame({"Answer": list(question.choices),
                         "Students": [int(counts.get(c, 0)) for c in question.choices]})


def pair_votes(judgments: pd.DataFrame, pairs=lesson.PAIRS, handle=lesson.handle) -> pd.DataFrame:
    """Per pair: how many students chose each side. `handle`: account key -> the name shown."""
    rows = []
    for i, (a, b) in enumerate(pairs):
        mine = judgments[judgments["pair"] == i]
        rows.append({"Pair": i + 1, "A": handle(a), "Chose A": int((mine["chose"] == a).sum()),
                     "B": handle(b), "Chose B": int((mine["chose"] == b).sum())})
    return pd.DataFrame(rows)


def agreement(judgments: pd.DataFrame, numbers: dict[str, dict], pairs=lesson.PAIRS) -> pd.DataFrame:
    """How often each number agreed with the class: the share of judgments (ties on that number left out,
    as the record's PeerIndex figures do) where the account chosen also had more of it, beside PeerIndex's
    2013 crowd. `numbers`: account key -> lesson.judged_numbers; `pairs`: what each judgment's index names."""
    rows = []
    for key, label, peerindex in lesson.JUDGED_BY:
        agreed = counted = 0
        for pair, chose in zip(judgments["pair"], judgments["chose"]):
            if not 0 <= int(pair) < len(pairs) or chose not in pairs[int(pair)]:
                continue
            a, b = pairs[int(pair)]
            other = b if chose == a else a
            mine, theirs = numbers[chose].get(key), numbers[other].get(key)
            if missing.is_missing(mine) or missing.is_missing(theirs) or mine == theirs:
                continue
            counted += 1
            agreed += mine > theirs
        rows.append({"Number": label,
                     "Agreed with the class %": round(100.0 * agreed / counted, 1) if counted else None,
                     "Judgments counted": counted,
                     "PeerIndex 2013 crowd %": peerindex})
    return pd.DataFrame(rows)


def export_csv(frame: pd.DataFrame) -> bytes:
    """The class's answers as CSV; no cell can run as a spreadsheet formula (=, +, -, @, tab, CR)."""
    return csv_safe(frame).to_csv(index=False).encode("utf-8")
