"""Both scores on one day, in the shape of the command line's JSON (docs/DESIGN.md section 7)."""

from __future__ import annotations

import math

import pandas as pd

from cloutlab import activity, platforms
from cloutlab.scores import assumptions, ledger, opaque, reach, style, transparent
from cloutlab.scores.missing import NO_DATA, NO_VALUE, Reason
from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.scored import Scored, score
from cloutlab.scores.windows import METRICS_DAYS


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 4)


def percentile_on(score: float, day) -> float:
    """The share of the reference population (percent) scoring below `score` on `day`."""
    from cloutlab.scores import population

    return population.percentile(score, pd.Timestamp(day).date())


def _at(table, day: pd.Timestamp) -> dict:
    return {k: (None if pd.isna(v) else float(v)) for k, v in table.loc[day].items()}


def score_object(inp: ScoreInput, posts: pd.DataFrame, at=None, window: int = METRICS_DAYS, *, scored: Scored | None = None) -> dict:
    """{"date", "opaque": {...}, "transparent": {"composite", "metrics"}} on day `at`.

    scored: `inp` already scored for `window` with its posts (a page rerun), else scored here.
    """
    day = inp.day(at)
    if scored is None:
        scored = score(inp, window, posts)
    full = scored.opaque
    series = full.loc[day]
    composite_value = scored.composite_on(day)
    return {
        "date": day.date().isoformat(),
        "opaque": {
            "score": float(series["score"]),
            "slope": float(series["slope"]),
            # Issue 13: where the score stands, "better than N% of accounts on that date" (an extension).
            "percentile": percentile_on(float(series["score"]), day),
            "subscores": {s: float(series[s]) for s in opaque.SUBSCORES},
            # Issue 21: True Reach as Klout first gave it, a number of people (scores/reach.py; an extension).
            "true_reach_people": (people := reach.on(inp, day)),
            "reasons": [] if people is not None else [why(inp, "true_reach_people")],
            "style": str(style.style_series(inp.daily, full).loc[day]),  # follows the score (issue 13)
            "topics": style.topics(posts, day),
            # Issue 14: what the score assumes for networks whose export has no reactions received (an extension).
            "assumptions": assumptions.assumptions(inp),
        },
        "transparent": {
            "composite": _num(composite_value),
            "metrics": (values := {k: _num(v) for k, v in scored.metrics_on(day).items()}),
            # Issue 10: every null above says why, a Reason, "name: reason" in JSON (an extension of the contract).
            "reasons": reasons(inp, posts, _num(composite_value), values),
        },
    }


def end_note(inp: ScoreInput) -> str | None:
    """For a dataset of several platforms whose posts end on different days: the scores are for the last
    day of any of them, so say which platform's posts have stopped by then (else None)."""
    d = inp.daily[inp.daily["items"] > 0]
    ends = d.groupby("platform")["day"].max()
    if len(ends) < 2 or ends.nunique() < 2:
        return None
    last = ends.max()
    early = ", ".join(f"{platforms.name(p)} posts end on {e:%Y-%m-%d}"
                      for p, e in ends.items() if e < last)
    return (f"Scored on {last:%Y-%m-%d}, the last day of any account; {early}, so the charts show them over "
            "the whole span and the latest scores weigh them less or not at all.")


def why(inp: ScoreInput, key: str, posts=None, *, available: dict[str, str | None] | None = None) -> Reason:
    """Why the number `key` ("composite", "true_reach_people" or a transparent metric key) has no value for
    `inp`: the one place that says it, for the command line, the pages and the Gaming lab. `posts` makes the
    t-factor computable; `available`: transparent.availability(inp, posts) if the caller has it."""
    if key == "composite":
        return Reason(key, ledger.composite_reason(inp) or NO_DATA)
    if key == "true_reach_people":
        return Reason(key, reach.reason(inp) or NO_DATA)
    if available is None:
        available = transparent.availability(inp, posts=posts)
    return Reason(key, available.get(key) or NO_VALUE)


def reason_of(obj: dict, key: str) -> str | None:
    """The reason given in a score object for `key` ("composite", a metric key or "true_reach_people"), if any."""
    return next((r.why for r in (*obj["transparent"].get("reasons", []), *obj["opaque"].get("reasons", []))
                 if r.key == key), None)


def reasons(inp: ScoreInput, posts, composite: float | None, metrics: dict[str, float | None]) -> list[Reason]:
    """Why, per transparent number that is null (`why`); a composite computed over some exports only says so."""
    out = []
    if composite is None:
        out.append(why(inp, "composite"))
    elif note := ledger.composite_note(inp):
        out.append(Reason("composite", note))
    available = transparent.availability(inp, posts=posts)
    out += [why(inp, key, available=available) for key, value in metrics.items() if value is None]
    return out


def _fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 or unit in ("followers", "posts") else f"{value:,.2f}"


def metrics_table(inp: ScoreInput, posts, day=None, window: int = METRICS_DAYS, *, metrics=None) -> pd.DataFrame:
    """One row per transparent metric on `day`: name, value (text), unit, definition; unavailable metrics
    say why (the reason `why` gives) instead of showing a number. `metrics`: the metrics_series if known."""
    if metrics is None:
        metrics = transparent.metrics_series(inp, window, posts=posts)
    values = _at(metrics, inp.day(day))
    available = transparent.availability(inp, posts=posts)
    rows = []
    for key, m in transparent.METRICS.items():
        v = values[key]
        text = why(inp, key, available=available).why if v is None or available[key] else _fmt(v, m.unit)
        if v is not None and not available[key] and (only := counted_only(inp, m)):
            text += f" ({only} only: the other exports lack the count)"  # a combined dataset says so
        rows.append({"metric": m.name, "value": text, "unit": m.unit, "definition": m.definition, "key": key})
    return pd.DataFrame(rows)


def counted_only(inp: ScoreInput, m) -> str | None:
    """For a metric that needs a received count: the platforms it was computed over, when some of the
    dataset's platforms lack that count (rates leave those exports out on both sides), else None."""
    needs = [n for n in m.needs if n in (*activity.RECEIVED, "reactions")]
    if not needs or inp.daily.empty:
        return None
    d = inp.daily
    cols = list(activity.RECEIVED) if "reactions" in needs else needs
    known = activity.carried(d, cols)
    if known.all() or not known.any():
        return None
    return " and ".join(platforms.name(p) for p in known[known].index)


def points_received(statement: pd.DataFrame) -> int:
    """The received points in a ledger statement: the composite's input."""
    return int(statement.loc[statement["side"] == "received", "points"].sum())


def ledger_statement(posts: pd.DataFrame, day=None, window: int = ledger.Composite().window) -> pd.DataFrame:
    """Kred's "Activity Statement": every ledger row of the composite's window ending on `day` (default:
    the last day), newest first, with the text of the post that earned it. Unknown counts are left out."""
    rows = ledger.ledger(posts, include_unknown=False)
    end = pd.Timestamp(day) if day is not None else rows["day"].max()
    rows = rows[(rows["day"] <= end) & (rows["day"] > end - pd.Timedelta(days=window))].copy()
    text = posts.set_index("post_id")["text"]
    # A post without text (a repost, media only) reads so: a person never sees "None".
    shown = rows["post_id"].map(text).astype("string").fillna("(no text in the export)")
    rows = rows.assign(text=shown, day=rows["day"].dt.date)
    return rows.sort_values(["day", "post_id"], ascending=False)[
        ["day", "side", "action", "count", "points_each", "points", "text", "post_id", "platform"]]
