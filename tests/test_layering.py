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


def test_no_alias_keeps_an_old_module_name_alive():
    """Why: imports renamed to a moved module's old name (parquet to export_parquet, clean to store_clean,
    sql to cohort_sql) kept those names in the code (issue 22)."""
    import re

    old = ("export_parquet", "store_clean", "cohort_sql", "cohort_spark", "cohort_run", "dbguard")
    root = SRC.parents[1]
    files = [*SRC.rglob("*.py"), *(root / "tests").rglob("*.py"), *(root / "bench").glob("*.py"), *(root / "pages").glob("*.py")]
    found = [f"{p.relative_to(root)}: {m.group(0)}" for p in files
             for m in re.finditer(rf"\bas ({'|'.join(old)})\b", p.read_text())]
    assert found == []
