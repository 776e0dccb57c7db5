"""The Gaming lab: named strategies (what-if presets) played by "students", and the leaderboards they make.

Goodhart: when a measure becomes a target, it ceases to be a good measure. Each strategy is a scenario of
the what-if simulator; each student is a dataset. Playing a strategy re-scores the student on both scores,
the key transparent metrics and the simulated outcome, so a class sees which gaming lifts the black box,
what the transparent numbers say happened, and whether anything real changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cloutlab.scores import missing, population, summary
from cloutlab.whatif import outcome, presets
from cloutlab.whatif.presets import Preset
from cloutlab import whatif
from cloutlab.scores import ledger
from cloutlab.scores.scored import score
from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.windows import METRICS_DAYS


# A strategy is one of the classic cases (whatif/presets.py, shared with the What-if lab's preset box).
Strategy = Preset
STRATEGIES: dict[str, Strategy] = {s.key: s for s in presets.offered(presets.GAMING)}

# A starting line-up for a class (persona -> strategy), so the first screen already tells the story.
SUGGESTED = {"novelist": "reply_readers", "conversationalist": "ring", "broadcaster": "post_more",
             "celebrity": "as_is", "follower_buyer": "buy_followers", "bot": "bot", "veteran_2011": "summer_break"}

RANKED_METRICS = ("conversation_rate", "amplification_rate", "applause_rate", "generosity", "conversation_share")
MEASURES = ("opaque", "composite", *RANKED_METRICS, "outcome")


@dataclass(frozen=True)
class Student:
    id: str
    label: str
    prepared: whatif.Prepared
    followers: dict
    baseline: ScoreInput
    outcome_rate: float = 1.0
    outcome_unit: str = "engaged people per week"


def _measures(inp: ScoreInput, rate: float, window: int) -> dict[str, float | None]:
    scored = score(inp, window)
    metrics = scored.metrics_on()
    return {
        "opaque": float(scored.opaque["score"].iloc[-1]),
        "composite": scored.composite_on(),
        **{k: metrics.get(k) for k in RANKED_METRICS},
        "outcome": outcome.recent(inp, rate),
    }


def play(student: Student, strategy: Strategy, window: int = METRICS_DAYS) -> dict:
    """One leaderboard row: the student's measures on their last day, before and after the strategy."""
    scenario = whatif.Scenario(**strategy.changes)
    after = whatif.simulate(student.prepared, student.followers, scenario, student.baseline.seed)
    row = {"student": student.label, "strategy": strategy.name, "outcome_unit": student.outcome_unit}
    before = _measures(student.baseline, student.outcome_rate, window)
    now = _measures(after, student.outcome_rate, window)
    for m in MEASURES:
        row[f"{m}_before"], row[m] = before[m], now[m]
        if m == "outcome" and ledger.composite_reason(student.baseline) is not None:
            row[f"{m}_before"] = row[m] = None  # driven by reactions the export does not carry: not a 0
        if missing.is_missing(row[m]):  # why it has no value, for the table (issue 10)
            row[f"{m}_why"] = summary.why(after, "composite" if m == "outcome" else m).why
    # Outcomes come in different units (book sales, tickets, visits): compare each student with their own
    # baseline, never raw units across students.
    row["outcome_pct"] = outcome.change_pct(before["outcome"], now["outcome"])
    # Where the opaque score stands after the strategy: "better than N% of accounts on that date".
    row["opaque_percentile"] = population.percentile(now["opaque"], after.days[-1].date())
    return row


def rank(rows: list[dict]) -> pd.DataFrame:
    """Rows of `play`, with ranks (1 = top) before and after for every measure; None ranks last."""
    board = pd.DataFrame(rows)
    for m in MEASURES:
        for col in (m, f"{m}_before"):
            # The outcome ranks by percent change against each student's own baseline (before: all at 0%).
            values = board[col].astype(float)
            if m == "outcome":
                values = (board["outcome_pct"].astype(float) if col == m else pd.Series(0.0, index=board.index))
            board[f"rank_{col}"] = missing.rank(values)  # a missing value gets no rank (NA), never a tie at 1
        board[f"moved_{m}"] = board[f"rank_{m}_before"] - board[f"rank_{m}"]
    return missing.order_last(board, "rank_opaque").reset_index(drop=True)


MEASURE_NAMES = {
    "opaque": "Opaque score", "composite": "Transparent composite", "conversation_rate": "Conversation rate",
    "amplification_rate": "Amplification rate", "applause_rate": "Applause rate", "generosity": "Generosity",
    "conversation_share": "Conversation share", "outcome": "Outcome",
}


def table(board: pd.DataFrame, measure: str | None) -> pd.DataFrame:
    """The leaderboard for display: ranked by `measure` (or every measure, for the CSV), with the
    before/after values and how many places each student moved."""
    measures = MEASURES if measure is None else (measure,)
    cols = {"student": "Student", "strategy": "Strategy"}
    for m in measures:
        moved = "Places moved" if measure else f"Places moved ({MEASURE_NAMES[m]})"
        cols.update({f"rank_{m}": f"Rank ({MEASURE_NAMES[m]})", f"moved_{m}": moved,
                     f"{m}_before": f"{MEASURE_NAMES[m]} before", m: f"{MEASURE_NAMES[m]} after"})
    if measure in (None, "opaque"):
        cols["opaque_percentile"] = "Opaque after: better than (% of accounts)"
    if measure in (None, "outcome"):
        cols["outcome_pct"] = "Outcome change (% of own baseline)"
        cols["outcome_unit"] = "Outcome unit"
    out = missing.order_last(board, f"rank_{measures[0]}")
    out = out[list(cols)].rename(columns=cols).round(2)
    # Missing is never 0 (issue 10): a measure some student lacks reads missing.NOT_IN_EXPORT, unranked, last,
    # with the reason in its own column.
    for m in measures:
        if board[[m, f"{m}_before", f"rank_{m}", f"rank_{m}_before"]].isna().any().any():
            for col in (f"{m}_before", m):
                out[cols[col]] = [missing.text(v) for v in board.loc[out.index, col]]
            out[cols[f"rank_{m}"]] = [missing.NOT_RANKED if missing.is_missing(v) else int(v)
                                      for v in board.loc[out.index, f"rank_{m}"]]
            out[cols[f"moved_{m}"]] = ["" if missing.is_missing(v) else int(v) for v in board.loc[out.index, f"moved_{m}"]]
            if measure is not None and f"{m}_why" in board:
                out["Why no value"] = [w if isinstance(w, str) else "" for w in board.loc[out.index, f"{m}_why"]]
    return out
