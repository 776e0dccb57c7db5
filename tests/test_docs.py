"""Nothing is left undocumented, and the docs say what the code does: every page, importer, command, persona,
scenario field and benchmark is named in the README (and docs/DESIGN.md where it describes them), and every
`.py` path a document or a comment names exists."""

import glob
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
DESIGN = (ROOT / "docs" / "DESIGN.md").read_text()


def _section(text: str, heading: str) -> str:
    """The text under a markdown heading that starts with `heading`, up to the next heading of its level."""
    start = re.search(rf"^(#+) {re.escape(heading)}.*$", text, re.M)
    assert start, heading
    end = re.compile(rf"^#{{1,{len(start.group(1))}}} ", re.M).search(text, start.end())
    return text[start.end():end.start() if end else len(text)]


def test_readme_opens_with_the_two_commands():
    lines = [line for line in README.splitlines() if line.strip()][:4]
    assert lines[0] == "```bash"
    assert lines[1].startswith("bash run.sh app") and lines[2].startswith("bash run.sh test")


def test_every_page_is_in_the_readme_and_the_design():
    titles = re.findall(r'st.Page\([^)]*title="([^"]+)"', (ROOT / "app.py").read_text())
    assert len(titles) >= 6
    pages = _section(DESIGN, "9. Pages")
    for title in titles:
        assert f"**{title}**" in README, title
        assert title in pages, f"docs/DESIGN.md section 9 does not name the {title} page"


def _importers() -> dict[str, str]:
    """The importer registry: detected format -> the module that reads it (x_archive for "x")."""
    from cloutlab import importers

    return {fmt: (importers.PARSERS.get(fmt) or load).__module__ for fmt, load in importers.LOADERS.items()}


def test_every_importer_is_in_the_readme():
    """Every module of the registry (not only those with a load()), by file name in the README's list."""
    modules = _importers()
    assert len(modules) >= 9 and "cloutlab.importers.x_archive" in modules.values()
    listed = _section(README, "Importing your own export")
    for fmt, module in modules.items():
        assert f"`{module.rsplit('.', 1)[1]}.py`" in listed, f"{fmt}: {module} is not in the README's importer list"


def test_every_importers_network_is_in_the_readme_table_and_the_design():
    """Each format's network, as a sentence names it, in the README's format table and in docs/DESIGN.md's
    import command (its section 7) and users (its section 1)."""
    from cloutlab import platforms

    table = _section(README, "Importing your own export").strip().split("\n\n")[0]
    command = next(b for b in _section(DESIGN, "7. Command line").split("\n- ") if "cloutlab import PATH" in b)
    users = _section(DESIGN, "1. Who uses it")
    for fmt in _importers():
        name = platforms.NAMES[fmt.removesuffix("_legacy")]
        for where, text in (("README's format table", table), ("DESIGN section 7's import", command),
                            ("DESIGN section 1", users)):
            assert re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), f"{name} ({fmt}) is not in the {where}"


def test_the_personas_in_the_docs_are_the_demo_personas():
    """The README's and DESIGN's persona lists name exactly store/demo.py's personas (names are a contract)."""
    from cloutlab.store.demo import PERSONAS

    for doc, section in (("README.md", _section(README, "Demo personas")), ("docs/DESIGN.md", _section(DESIGN, "8. Demo personas"))):
        named = set(re.findall(r"`([a-z][a-z0-9_]*)`", section))
        assert named == set(PERSONAS), f"{doc}: names {sorted(named)}, store/demo.py has {sorted(PERSONAS)}"
    counts = re.findall(r"\b(\w+) (?:demo )?personas\b", README + DESIGN)
    words = {"three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen"}
    assert not [c for c in counts if c.isdigit() or c in words], "a count of personas: say it from store/demo.py"


def test_every_scenario_field_is_in_the_command_line_docs_with_its_range():
    """`whatif --set` keys are Scenario's fields (whatif/scenario.py SPECS): each named in the README's
    command line section and docs/DESIGN.md section 7, and frequency's range as the spec says."""
    from cloutlab.whatif.scenario import SPECS

    readme, design = _section(README, "Command line"), _section(DESIGN, "7. Command line")
    for field in SPECS:
        assert f"`{field}`" in readme, f"README: whatif key {field}"
        assert f"`{field}`" in design, f"docs/DESIGN.md section 7: whatif key {field}"
    lo, hi = SPECS["frequency"].lo, SPECS["frequency"].hi
    for doc, text in (("README.md", README), ("docs/DESIGN.md", DESIGN)):
        ranges = re.findall(r"frequency\D{0,40}?\((\d+) to (\d+)", text)
        assert ranges and all((float(a), float(b)) == (lo, hi) for a, b in ranges), (doc, ranges, lo, hi)


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


# `.py` paths named in documents and comments. A path with a folder is read from the repository's root, from
# src/ or from src/cloutlab/ (or beside the file that names it); a bare file name must be a file of the project.
PY_PATH = re.compile(r"(?<![\w/.*-])((?:[\w.-]+/)*[\w-]+\.py)\b")
PROJECT_FILES = {p.name for d in ("src", "pages", "tests", "bench") for p in (ROOT / d).rglob("*.py")} | {"app.py"}
# Documents about other projects: the export-format notes cite files of the repositories they read, and the
# toolchain recipe names the files of its throwaway sample app. Only their src/cloutlab/ paths are checked.
ABOUT_OTHERS = {"docs/export-formats.md", "docs/export-formats-2.md", "docs/toolchain.md"}
# Files of other repositories named as sources (with the repository beside them).
ELSEWHERE = {"reinvest_to_holders.py"}  # jspaetzel/EmpireAvenue's buy-back bot: docs/empire-avenue-record.md A2


def _missing_py(path: Path, text: str) -> list[str]:
    bases = (ROOT, ROOT / "src", ROOT / "src" / "cloutlab", path.parent)
    rel = str(path.relative_to(ROOT))
    bad = []
    for n, line in enumerate(text.splitlines(), 1):
        for ref in PY_PATH.findall(line):
            if ref.split("/")[-1] in ELSEWHERE or "github.com/" in ref or ref[:-3].split("/")[-1].isupper():
                continue  # another repository's file, or a placeholder (bench/NAME.py)
            if rel in ABOUT_OTHERS and not ref.startswith("src/cloutlab/"):
                continue
            found = any((b / ref).is_file() for b in bases) if "/" in ref else ref in PROJECT_FILES
            if not found:
                bad.append(f"{rel}:{n}: {ref}")
    return bad


def test_every_py_path_in_the_docs_exists():
    docs = [ROOT / "README.md", ROOT / "data" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    bad = [hit for d in docs for hit in _missing_py(d, d.read_text())]
    assert not bad, "named in a document but not in the repository (a module that moved?):\n" + "\n".join(bad)


def test_every_py_path_in_a_comment_exists():
    bad = [hit for p in CODE if p != Path(__file__).resolve() for hit in _missing_py(p, p.read_text())]
    assert not bad, "named in a comment or docstring but not in the repository:\n" + "\n".join(bad)


def test_the_py_path_check_finds_a_module_that_moved():
    here = ROOT / "src" / "cloutlab" / "store" / "__init__.py"
    assert _missing_py(here, "see dbguard.py and guard.py, src/cloutlab/demo.py and store/demo.py") == [
        "src/cloutlab/store/__init__.py:1: dbguard.py", "src/cloutlab/store/__init__.py:1: src/cloutlab/demo.py"]


def _bench_table() -> dict[str, bool]:
    """The README's benchmark table: script -> whether `bash run.sh bench` runs it."""
    rows = re.findall(r"^\| `(?:bench/)?([\w-]+\.py)` \|.*\| (yes|no) \|$", _section(README, "Tests and benchmarks"), re.M)
    return {name: ran == "yes" for name, ran in rows}


def test_run_sh_bench_runs_what_the_readme_says():
    """`bash run.sh bench` runs the files its loop names; the README's table lists every script in bench/ and
    says yes for exactly those."""
    loop = re.search(r"^  bench\)\n(?:.*\n)*?.*for b in (\S+); do", (ROOT / "run.sh").read_text(), re.M)
    assert loop, "run.sh's bench target no longer loops over a pattern: read its list here"
    ran = {Path(p).name for p in glob.glob(str(ROOT / loop.group(1)))}
    table = _bench_table()
    assert ran and set(table) == {p.name for p in (ROOT / "bench").glob("*.py")}, sorted(table)
    assert {name for name, yes in table.items() if yes} == ran
