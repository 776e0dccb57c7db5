"""Nothing is left undocumented: every page, importer and command is named in the README."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_commands():
    lines = [l for l in README.splitlines() if l.strip()][:4]
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
