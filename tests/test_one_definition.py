"""One definition per rule (issue 22): the windows, the missing-number wording, the platform list and the
privacy guard are each written once under src/, and code and prose read them. These tests grep src/ and
pages/ so that a second spelling (a literal 28 beside METRICS_DAYS, "not in this export" typed again) fails
here rather than drifting apart."""

from __future__ import annotations

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
