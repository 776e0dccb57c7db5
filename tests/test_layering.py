"""The core is GUI-free: only cloutlab.ui may import streamlit."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "cloutlab"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_streamlit_outside_ui():
    offenders = [
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
        if "ui" not in p.relative_to(SRC).parts and "streamlit" in _imports(p)
    ]
    assert offenders == []


def test_ui_package_exists_and_uses_streamlit():
    assert "streamlit" in _imports(SRC / "ui" / "state.py")
