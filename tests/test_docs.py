"""Nothing is left undocumented: every page, importer and command is named in the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_commands():
    lines = [line for line in README.splitlines() if line.strip()][:4]
    assert lines[0] == "```bash"
    assert lines[1].startswith("bash run.sh app") and lines[2].startswith("bash run.sh test")


def test_every_page_is_in_the_readme():
    titles = re.findall(r'st.Page\([^)]*title="([^"]+)"', (ROOT / "app.py").read_text())
    assert len(titles) >= 6
    for title in titles:
        assert f"**{title}**" in README, title


def test_every_importer_is_in_the_readme():
    for module in (ROOT / "src" / "cloutlab" / "importers").glob("*.py"):
        text = module.read_text()
        if "def load(" in text:
            assert module.name in README, module.name


def test_every_command_is_in_the_readme():
    from cloutlab.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"python -m cloutlab {name}" in README, name


def test_ci_runs_the_readme_test_command():
    assert "bash run.sh test" in (ROOT / ".ci" / "run").read_text()


# Comments and docstrings cite documents by their path in the repository (issue 12: 28 comments pointed at
# "DESIGN section 7" and files that were not here). Code that names a document as a path (ROOT / "docs" /
# "klout-record.md") is checked by the test that reads it.
# Only the project's own code: bench/out holds benchmark scratch (a whole venv for twitter-to-sqlite).
CODE = [p for d in ("src", "pages", "tests", "bench") for p in (ROOT / d).rglob("*.py")
        if "fixtures" not in p.parts and "out" not in p.relative_to(ROOT / d).parts[:1]]
CODE.append(ROOT / "app.py")
CITED = re.compile(r"(?<![\w./\"'-])(/?(?:[\w-]+/)*[\w.-]+\.md)\b")
BARE = re.compile(r"(?<![\w/.\"'])(DESIGN|klout-record|empire-avenue-record|export-formats(?:-2)?|toolchain|style)"
                  r"(?:\.md\b| section\b| \d)")


def test_every_cited_document_exists():
    cited = {}
    for path in CODE:
        for name in CITED.findall(path.read_text()):
            cited.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert {"docs/DESIGN.md", "docs/klout-record.md"} <= set(cited)  # the pattern still finds them
    missing = {name: where for name, where in cited.items()
               if name.startswith("/") or not (ROOT / name).is_file()}  # a path outside the repository: not here
    assert not missing, f"cited but not in the repository (cite docs/<file>, or add it there): {missing}"


def test_documents_are_cited_by_their_path():
    bare = [f"{p.relative_to(ROOT)}:{n}: {line.strip()[:90]}" for p in CODE
            for n, line in enumerate(p.read_text().splitlines(), 1) if BARE.search(line)]
    assert not bare, "cite docs/<file>.md, a path that exists:\n" + "\n".join(bare)
