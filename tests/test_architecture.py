"""The import contract (issue 22): stages import only the stages below them, and no private name crosses a
module's edge. The contract itself lives in pyproject.toml ([tool.importlinter]); import-linter checks it
here, with the suite, so CI fails on an import against it. The README and docs/DESIGN.md draw it."""

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
CONTRACT = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def test_the_import_contract_is_kept():
    env = {**os.environ, "PYTHONPATH": str(SRC)}  # this tree's cloutlab, whatever the venv has installed
    run = subprocess.run([sys.executable, "-c", LINT, "--no-cache", "--no-logo", "--config", "pyproject.toml"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "BROKEN" not in run.stdout and re.search(r"Contracts: \d+ kept, 0 broken", run.stdout), run.stdout


def _layers() -> list[list[str]]:
    stages = next(c for c in CONTRACT["contracts"] if c["id"] == "stages")
    return [[m.strip() for m in re.split(r"[|:]", layer)] for layer in stages["layers"]]


def _drawn(module: str) -> str:
    """How a diagram names a top-level module: a folder for a sub-package, a file for a module."""
    return f"{module}/" if (SRC / "cloutlab" / module).is_dir() else f"{module}.py"


def _diagram(text: str) -> list[str]:
    """The architecture block of a document: the lines between its two marker comments."""
    block = re.search(r"<!-- import contract -->\n```\n(.*?)```\n<!-- /import contract -->", text, re.S)
    assert block, "the document has no architecture block drawn from the contract"
    return block.group(1).splitlines()


def test_the_readme_and_design_draw_the_contract_layer_by_layer():
    """Line n of the drawing names exactly the modules of layer n, top layer first, siblings in order."""
    want = [" | ".join(_drawn(m) for m in layer) for layer in _layers()]
    for doc in ("README.md", "docs/DESIGN.md"):
        got = [line.split("  ")[0].strip() for line in _diagram((ROOT / doc).read_text())]
        assert got == want, f"{doc}: redraw its architecture block from pyproject.toml's layers"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = SRC.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_names_across_modules(path: Path, source: str) -> list[str]:
    """Every use in `source` of another cloutlab module's private name (`_x`, not `__x__`): imported by name
    (`from cloutlab.m import _x`) or reached through the module (`m._x`). A module's own privates are free."""
    own = _module_name(path) if path.is_relative_to(SRC) else None
    where = path.relative_to(ROOT)
    found, modules = [], set()  # names bound to cloutlab modules in this file
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "cloutlab":
            for alias in node.names:
                if _private(alias.name) and node.module != own:
                    found.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
                elif _is_module(f"{node.module}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "cloutlab" and alias.asname:
                    modules.add(alias.asname)
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and _private(node.attr)):
            found.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_private_name_is_used_across_modules():
    """A name with a leading underscore is its module's own: another module that needs it needs a public
    name (or the rule moved where both can read it). Tests and benchmarks may look inside on purpose."""
    files = [*(SRC / "cloutlab").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    found = [hit for path in files for hit in private_names_across_modules(path, path.read_text())]
    assert not found, "\n".join(found)


def test_the_private_name_check_finds_both_spellings():
    sample = ("from cloutlab.scores.transparent import _names, PLATFORM_NAMES\nfrom cloutlab.scores import opaque\n"
              "from cloutlab.whatif import prepared as _prepared\nx = opaque._weights(1, 2) + opaque.__name__\n")
    found = private_names_across_modules(SRC / "cloutlab" / "cohort" / "__init__.py", sample)
    assert found == [
        "src/cloutlab/cohort/__init__.py:1: from cloutlab.scores.transparent import _names",
        "src/cloutlab/cohort/__init__.py:4: opaque._weights"]
