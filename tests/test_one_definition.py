"""One definition per rule (issue 22): the windows, the missing-number wording, the platform list and the
privacy guard are each written once under src/, and code and prose read them. These tests grep src/ and
pages/ so that a second spelling (a literal 28 beside METRICS_DAYS, "not in this export" typed again) fails
here rather than drifting apart."""

from __future__ import annotations

import ast
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
    ("src/cloutlab/platforms.py", "dt.datetime(2011, 6, 28)"): "Google+'s start date",
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


def _shown_strings(path: Path):
    """(line, text) of every string of a module that is not a docstring (an f-string by its literal parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    parts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            consts = [v for v in node.values if isinstance(v, ast.Constant)]
            parts |= {id(v) for v in consts}
            yield node.lineno, "".join(v.value for v in consts)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs | parts:
            yield node.lineno, node.value


def test_the_platform_list_is_defined_once():
    """No module but platforms.py spells the platforms out: no tuple, set, list or dict of three or more
    platform keys, and no shown string naming three or more platforms (sentences read platforms.names,
    exports, formats). Docstrings and comments may name them."""
    from cloutlab import platforms

    keys = set(platforms.KEYS)
    words = [re.compile(r"(?<![\w+])" + re.escape(n) + r"(?![\w+])") for n in {*platforms.NAMES.values(), "Twitter"}
             if n not in ("X", "CSV")]  # "X" and "CSV" are ordinary words too
    allowed = {
        ("src/cloutlab/present/citations.py", "Twitter, Facebook, Google+, LinkedIn, Instagram, Klout itself"):
            "a source's words (Wikipedia's list of the networks Klout counted)",
        ("src/cloutlab/present/import_formats.py", "Also the networks Klout scored"):
            "the Import page's how-to, one paragraph per network (what to download and where)",
        ("pages/import.py", "Drop the archive you downloaded from the platform"):
            "the Import page's how-to for the first four formats",
    }
    registries = {"src/cloutlab/importers/__init__.py"}  # PARSERS: one importer per format, keyed by it
    stray = []
    for path in SOURCES:
        rel = str(path.relative_to(ROOT))
        if rel == "src/cloutlab/platforms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = (node.keys if isinstance(node, ast.Dict) else node.elts
                     if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [])
            named = {i.value for i in items if isinstance(i, ast.Constant) and i.value in keys}
            if len(named) >= 3 and rel not in registries:
                stray.append(f"{rel}:{node.lineno}: a list of platforms {sorted(named)}")
        for line, text in _shown_strings(path):
            if sum(bool(w.search(text)) for w in words) >= 3 and not any(
                    rel == p and s in text for p, s in allowed):
                stray.append(f"{rel}:{line}: {text[:100]!r}")
    assert not stray, "\n".join(stray)


def test_the_registry_feeds_the_old_lists():
    from cloutlab import platforms
    from cloutlab.scores import assumptions, transparent
    from cloutlab.store import clean, demo

    from cloutlab import schema

    assert not hasattr(transparent, "PLATFORM_NAMES") and not hasattr(schema, "PLATFORM_NAMES")  # no alias left
    assert not hasattr(schema, "PLATFORMS")
    assert clean.PLATFORM_START == {p.key: p.start for p in platforms.REGISTRY if p.start}
    assert platforms.KLOUT_API == {"x", "facebook", "linkedin", "instagram", "googleplus"}
    assert all(demo.EXPORT_COUNTS[k] == platforms.BY_KEY[k].counts for k in ("x", "mastodon", "bluesky"))
    assert assumptions.platforms is platforms


GOOD_EXPORTS = ["x_zip", "legacy_js_zip", "mastodon_zip", "bluesky_car", "csv_alt_headers", "fb_2018_zip", "li_zip",
                "ig_2022_zip", "gplus_json_zip"]


def test_no_import_claims_a_count_its_platform_cannot_carry(export_fixtures):
    """What an import says its export carries (`engagement_fields`) is within the registry's counts for the
    platform: the importers and the registry tell one story."""
    from cloutlab import platforms, store
    from cloutlab.importers import import_path

    seen = set()
    for name in GOOD_EXPORTS:
        got = import_path(store.connect(), export_fixtures[name])
        seen.add(got["platform"])
        assert set(got["engagement_fields"]) <= set(platforms.BY_KEY[got["platform"]].counts), name
    assert seen == set(platforms.KEYS)  # every platform was imported once
