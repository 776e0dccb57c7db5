"""The linter runs with the suite (so CI fails on a lint error): ruff with the rules in pyproject.toml."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOQA = "#" + " noqa"  # spelled in two parts so this file does not match itself
JUSTIFIED = re.compile(re.escape(NOQA) + r": [A-Z]+\d+(, [A-Z]+\d+)* - \S")


def test_ruff_finds_nothing():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_noqa_names_its_code_and_says_why():
    """A bare suppression silences every rule; one without a reason cannot be judged when the code changes."""
    bad = []
    generated = ROOT / "bench" / "out"  # git-ignored: archives and import_bench's throwaway twitter-to-sqlite venv
    for path in sorted(p for folder in ("src", "pages", "tests", "bench") for p in (ROOT / folder).rglob("*.py")
                       if generated not in p.parents):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NOQA in line and not JUSTIFIED.search(line):
                bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not bad, "\n".join(bad)
