"""Baseline against a what-if: both scores over time, the change at the end date, and plain sentences.

The opaque side can only say that it moved (that is the point of a black box); the transparent side says
what moved and which counts moved it, so every change can be traced to rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cloutlab.whatif import outcome
from cloutlab.scores import ledger, scored, summary, transparent
from cloutlab.scores.scored import Scored
from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.windows import METRICS_DAYS, SCORE_DAYS

HEADLINE_METRICS = ("items_per_week", "conversation_share", "amplification_rate", "applause_rate", "generosity")


@dataclass(frozen=True)
class Comparison:
    """The baseline and a what-if, each scored whole (scores/scored.py) for the same window."""

    base: Scored
    what: Scored

    # Plain names for what charts, sentences and reports read.
    baseline = property(lambda self: self.base.inp)
    what_if = property(lambda self: self.what.inp)
    opaque_base = property(lambda self: self.base.opaque)
    opaque_what = property(lambda self: self.what.opaque)
    composite_base = property(lambda self: self.base.composite)
    composite_what = property(lambda self: self.what.composite)
    metrics_base = property(lambda self: self.base.metrics)
    metrics_what = property(lambda self: self.what.metrics)


def compare(base: Scored | ScoreInput, what_if: ScoreInput, window: int = METRICS_DAYS) -> Comparison:
    """Score the what-if like the baseline. `base`: the baseline already scored (the app caches it), or
    its input (then scored here for `window`)."""
    if not isinstance(base, Scored):
        base = scored.score(base, window)
    return Comparison(base, scored.score(what_if, base.window))


def _of_baseline(inp: ScoreInput, name: str, compute):
    """`compute()`, kept on the baseline ScoreInput itself: a slider move compares a new what-if with the
    same baseline object (the app caches it), and recomputing the baseline's half of every sentence and
    headline was a quarter of the move's CPU. The memo lives and dies with that object; ScoreInput is
    frozen, so what it holds cannot change under the memo."""
    memo = inp.__dict__.setdefault("_compare_memo", {})
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def _num(v: float | None, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "n/a"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}"


def _verb(a: float, b: float) -> str:
    return "did not move" if abs(b - a) < 0.005 else ("rose" if b > a else "fell")


def _last_row(table) -> dict:
    """The last day's value of every column (one read, not one .iloc per metric)."""
    return {k: table[k].to_numpy()[-1] for k in HEADLINE_METRICS}


def sentences(c: Comparison, window: int = METRICS_DAYS) -> dict[str, str]:
    """One plain sentence per score and key metric, about the last day."""
    o0, o1 = c.opaque_base["score"].iloc[-1], c.opaque_what["score"].iloc[-1]
    out = {"opaque": f"The opaque score {_verb(o0, o1)} ({o0:.2f} to {o1:.2f}). It cannot tell you why: "
                     "that is what a black box means."}
    k0, k1 = c.composite_base.iloc[-1], c.composite_what.iloc[-1]
    before = _of_baseline(c.baseline, "points", lambda: ledger.points_by_action(c.baseline))
    moved = (ledger.points_by_action(c.what_if) - before).loc[lambda s: s != 0]
    why = ", ".join(f"{a} {v:+,} points" for a, v in moved.sort_values(key=abs, ascending=False).items())
    total = int(moved.sum())
    if np.isnan(k0) or np.isnan(k1):  # missing is never 1: say why instead of a number
        why_not = summary.why(c.baseline if np.isnan(k0) else c.what_if, "composite").why
        out["composite"] = f"The composite cannot be computed: {why_not}."
    else:
        note = _of_baseline(c.baseline, "note", lambda: ledger.composite_note(c.baseline))
        out["composite"] = (f"The composite {_verb(k0, k1)} ({k0:,.0f} to {k1:,.0f})"
                            + (f": points received in the last {SCORE_DAYS} days changed by {total:+,} ({why})." if why else
                               f": no point-earning reaction changed in the last {SCORE_DAYS} days.")
                            + (f" {note}" if note else ""))
    available = _of_baseline(c.baseline, "availability", lambda: transparent.availability(c.baseline))
    last_base, last_what = _last_row(c.metrics_base), _last_row(c.metrics_what)
    for key in HEADLINE_METRICS:
        m = transparent.METRICS[key]
        a, b = last_base[key], last_what[key]
        if np.isnan(a) and np.isnan(b):
            out[key] = f"{m.name}: {summary.why(c.baseline, key, available=available).why}."
        else:
            shown_a, shown_b = _num(a), _num(b)
            verb = ("changed" if np.isnan(a) or np.isnan(b) else
                    "did not move" if shown_a == shown_b else _verb(a, b))  # as far as the shown digits tell
            out[key] = f"{m.name} {verb} ({shown_a} to {shown_b} {m.unit}, last {window} days)."
    return out


def headline(c: Comparison, rate: float) -> dict[str, tuple[float, float]]:
    """(before, after) on the last day for the opaque score, the composite and the outcome per week.
    The composite's pair is NaN where the export carries no received counts (ledger.composite_reason)."""
    return {
        "opaque": (float(c.opaque_base["score"].iloc[-1]), float(c.opaque_what["score"].iloc[-1])),
        "composite": (float(c.composite_base.iloc[-1]), float(c.composite_what.iloc[-1])),
        "outcome": outcome_change(c, rate),
    }


def outcome_change(c: Comparison, rate: float) -> tuple[float, float]:
    """The simulated outcome per week over the last four weeks, before and after. NaN for both when the
    export carries no received count: the outcome is driven by reactions, and 0 would be a stand-in."""
    if _of_baseline(c.baseline, "reason", lambda: ledger.composite_reason(c.baseline)) is not None:
        return float("nan"), float("nan")
    return _of_baseline(c.baseline, ("outcome", rate), lambda: outcome.recent(c.baseline, rate)), outcome.recent(c.what_if, rate)
