"""One definition per rule (issue 22): the windows, the missing-number wording, the platform list and the
privacy guard are each written once under src/, and code and prose read them. These tests grep src/ and
pages/ so that a second spelling (a literal 28 beside METRICS_DAYS, "not in this export" typed again) fails
here rather than drifting apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for folder in ("src", "pages") for p in (ROOT / folder).rglob("*.py"))


def _hits(pattern: re.Pattern) -> list[tuple[str, str]]:
    """(path relative to the root, line) for every line of src/ and pages/ that matches."""
    return [(str(p.relative_to(ROOT)), line) for p in SOURCES
            for line in p.read_text(encoding="utf-8").splitlines() if pattern.search(line)]


def _outside(hits: list[tuple[str, str]], allowed: dict[tuple[str, str], str]) -> list[str]:
    """The hits no allowed (path, snippet) covers; an allowed entry that matches nothing is reported too, so
    the list cannot go stale."""
    used = {key for key in allowed for path, line in hits if path == key[0] and key[1] in line}
    stray = [f"{path}: {line.strip()}" for path, line in hits
             if not any(path == p and s in line for p, s in allowed)]
    return stray + [f"allowed but gone: {key}" for key in allowed if key not in used]


# A literal 28 or 90 standing alone (not 0.28, 2.81, 90%, 1990 or a_90_b).
WINDOW_NUMBER = re.compile(r"(?<![\w.,:/-])(28|90)(?![\w%/]|\.\d)")
OTHER_RULES = {  # (file, snippet): why this 28 or 90 is not a score window
    ("src/cloutlab/scores/windows.py", "METRICS_DAYS = 28"): "the definition",
    ("src/cloutlab/scores/windows.py", "SCORE_DAYS = 90"): "the definition",
    ("src/cloutlab/scores/windows.py", "rolling 90-day window, citations"): "what Klout said, the reason for it",
    ("src/cloutlab/present/citations.py", "rolling 90-day window"): "a source's words, not our rule",
    ("src/cloutlab/scores/ledger.py", "Kred offered 30, 60 or 90 days"): "Kred's options, a fact",
    ("src/cloutlab/market/model.py", "VACATION_MAX_DAYS = 28"): "the market's vacation rule",
    ("src/cloutlab/market/model.py", "(0, 28 * exchange.HOLDER_CAP)"): "a share count",
    ("src/cloutlab/market/round.py", "ROUND_DAYS = 28"): "the market round's length",
    ("src/cloutlab/whatif/outcome.py", "START_DAYS = 28"): "the outcome's start level",
    ("src/cloutlab/whatif/outcome.py", "EWMA}_{28}"): "the outcome's memory (MEMORY_DAYS)",
    ("src/cloutlab/store/clean.py", "dt.datetime(2011, 6, 28)"): "Google+'s start date",
    ("src/cloutlab/present/charts.py", "t=90"): "a chart margin in pixels",
    ("src/cloutlab/present/chart_labels.py", "90 + 50 px margins"): "a chart margin in pixels",
    ("src/cloutlab/ui/live_projector.py", "width=90"): "a column width in pixels",
    ("src/cloutlab/ui/live_class.py", "about 90 plays"): "a count of plays",
}


def test_the_windows_are_numbers_only_where_they_are_defined():
    """28 (the metrics window) and 90 (the score window) are typed in scores/windows.py only; code and
    prose (pages, the CLI, the presenter) read METRICS_DAYS and SCORE_DAYS."""
    stray = _outside(_hits(WINDOW_NUMBER), OTHER_RULES)
    assert not stray, "\n".join(stray)


def test_the_outcome_window_is_read_from_its_constant():
    """The What-if and presenter labels and the Stories rows say WINDOW_WEEKS, never a typed "4 weeks"."""
    from cloutlab.whatif import outcome

    typed = re.compile(r"\b(4|four) weeks? to\b|last four weeks\)")
    assert not _outside(_hits(typed), {}), _outside(_hits(typed), {})
    assert outcome.WINDOW_PROSE == "four weeks" and outcome.WINDOW_WEEKS == 4


def test_the_window_defaults_are_the_constants():
    import inspect

    from cloutlab.scores import hidden, ledger, scored, summary, transparent
    from cloutlab.scores.windows import METRICS_DAYS, SCORE_DAYS
    from cloutlab.whatif import compare

    assert hidden.Hidden().window == ledger.Composite().window == SCORE_DAYS
    for fn in (transparent.metrics_series, transparent.metrics_at, summary.score_object, summary.metrics_table,
               scored.score, compare.compare, compare.sentences):
        assert inspect.signature(fn).parameters["window"].default == METRICS_DAYS, fn


def test_not_in_this_export_is_typed_once():
    """The words a missing number reads are schema.NOT_IN_EXPORT (missing.NOT_IN_EXPORT); pages, tables, the
    CLI and importer warnings read the constant."""
    hits = _hits(re.compile(r"not in this\W+export|not in this\s*\"?$", re.IGNORECASE))
    stray = _outside(hits, {("src/cloutlab/schema.py", 'NOT_IN_EXPORT = "not in this export"'): "the definition"})
    assert not stray, "\n".join(stray)


def test_the_reason_is_a_structured_value_formatted_at_the_edge():
    """One function says why a number is missing (summary.why); it gives a Reason (key, why) that pages
    read by key, and the command line's JSON writes as "key: why" (the contract), nothing parsed back."""
    from cloutlab.cli_errors import strict_json
    from cloutlab.scores import missing, summary
    from helpers import posts_frame, synthetic_input
    from test_missing import blind

    assert not hasattr(missing, "why")  # the second function is gone
    inp = blind(synthetic_input(days=120), "bluesky")
    obj = summary.score_object(inp, posts_frame([{"created_at": "2025-04-01T10:00:00"}], platform="bluesky"))
    reasons = obj["transparent"]["reasons"]
    assert reasons and all(isinstance(r, missing.Reason) for r in reasons)
    assert reasons[0] == summary.why(inp, "composite")
    assert summary.reason_of(obj, "composite") == reasons[0].why
    assert reasons[0].why.startswith(f"{missing.NOT_IN_EXPORT}: the Bluesky export carries no reaction counts")
    written = json.loads(strict_json(obj))["transparent"]["reasons"]
    assert written == [f"{r.key}: {r.why}" for r in reasons]


def test_one_wording_when_nothing_can_be_divided():
    """A number every export could feed but the day cannot: the same words on every surface (the score
    object, the metrics table, the What-if sentences and the Gaming lab all ask summary.why)."""
    from cloutlab.scores import missing, summary
    from helpers import synthetic_input

    inp = synthetic_input(days=120)
    assert summary.why(inp, "conversation_rate", available={"conversation_rate": None}).why == missing.NO_VALUE
    src = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    for other in ("nothing to divide by in the window'", "no posts in the window", 'or "no data"'):
        assert other not in src, other
