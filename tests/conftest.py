from pathlib import Path

import pytest
from hypothesis import settings

# No timing in tests (issue 12): hypothesis fails an example slower than 200 ms by default, a timed assertion
# that shared CI cores trip at random. Every property test runs without it; speed is bench/'s business.
settings.register_profile("cloutlab", deadline=None)
settings.load_profile("cloutlab")


E2E = Path(__file__).resolve().parent / "e2e"


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(config, items):
    """Mark the slow layers, so `-m "not browser and not spark and not scale"` is the fast tier: every test
    under tests/e2e drives a real browser; a test that asks for the `spark` fixture starts a JVM (the `scale`
    tests are marked in their files). Then order the files for
    xdist (run.sh passes --dist loadscope --no-loadscope-reorder, so files are handed out in this order)."""
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if "spark" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.spark)
    items[:] = longest_first(items)


def longest_first(items):
    """The test files longest first, so the last files handed to an xdist worker are short ones that fill
    the time while the other worker finishes. xdist's own order (most tests first) put the files of one long
    test last: the live class's ten phones and the five-session browser test each kept one worker busy for
    a minute or more at the end while the other had nothing left. A file's length is guessed from its
    layer (a Spark file starts a JVM, a browser file drives pages, a scale test builds and imports a big
    export: each counts for many fast tests), then from how many tests it has; the order within a file is
    kept."""
    files: dict = {}
    for item in items:
        files.setdefault(item.path, []).append(item)

    def length(tests):
        layer = next((i for i, mark in enumerate(("spark", "browser", "scale"))
                      if any(t.get_closest_marker(mark) for t in tests)), 3)
        return layer, -len(tests)

    return [t for tests in sorted(files.values(), key=length) for t in tests]


@pytest.fixture(autouse=True, scope="session")
def _imports_folder(tmp_path_factory):
    """Imports the app keeps per browser (ui/persist.py) go to a temporary folder, not ~/.cloutlab (issue 10);
    browser tests inherit it through the server's environment."""
    import os

    os.environ.setdefault("CLOUTLAB_DATA_DIR", str(tmp_path_factory.mktemp("sessions")))
    yield


@pytest.fixture(autouse=True, scope="session")
def _scan_components_once():
    """Every new AppTest scans the metadata of every installed Python package for Streamlit components
    (streamlit.components.v2.manifest_scanner): about a second of CPU per AppTest here, most of an AppTest
    test's time. The installed packages do not change during a test session, so scan once and reuse it."""
    from streamlit.components.v2 import manifest_scanner

    real = manifest_scanner.scan_component_manifests
    found = real()
    manifest_scanner.scan_component_manifests = lambda max_workers=None: list(found)
    yield
    manifest_scanner.scan_component_manifests = real


@pytest.fixture(autouse=True, scope="session")
def _compile_pages_once():
    """Every AppTest starts a new Streamlit runtime, whose script cache compiles each page it runs again: the
    source rewritten for magic (an AST walk) and compiled, about a tenth of an AppTest run's CPU. A page's
    bytecode is a function of its path, its source and the magic setting, so it is kept under those for the
    test session (a page changed on disk has another source: compiled anew)."""
    import os

    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.source_util import open_python_file

    real = ScriptCache.get_bytecode
    kept: dict = {}

    def get_bytecode(self, script_path):
        path = os.path.abspath(script_path)
        with open_python_file(path) as f:
            key = (path, f.read(), config.get_option("runner.magicEnabled"))
        if key not in kept:
            kept[key] = real(self, script_path)
        return kept[key]

    ScriptCache.get_bytecode = get_bytecode
    yield
    ScriptCache.get_bytecode = real


# st.cache_data / st.cache_resource are process-global, so AppTest runs share them, as the app's sessions do.
# They are not cleared between tests or files: what is cached is a function of its key alone (the demo
# personas' data and results, a story), so whichever file warmed it, a test reads the same values. Clearing
# them before every test, then before every file, made each AppTest file rebuild the demo data: 66 s of
# CPU for the AppTest files with a clear per file, 55 s without.


@pytest.fixture(scope="session")
def export_fixtures(tmp_path_factory):
    """Every generated export fixture (good and bad), written once per test session: {name: Path}."""
    from make_fixtures import build_all

    return build_all(tmp_path_factory.mktemp("exports"))


class Personas:
    """The demo personas loaded into one in-memory store, and what tests derive from each persona, each
    computed on first use and kept for the rest of the test process. Every value is shared read-only by the
    test files that read personas (pandas copies on write, Arrow tables and the what-if's arrays are not
    changed by the code under test), so a file's tests cost what they check, not a rebuild of the demo."""

    def __init__(self):
        from cloutlab import store
        from cloutlab.store import demo

        self.con = store.connect()
        demo.load_all(self.con)
        self.names = list(demo.PERSONAS)
        self._kept: dict[tuple[str, str], object] = {}

    def _keep(self, what: str, name: str, make):
        if (what, name) not in self._kept:
            self._kept[what, name] = make()
        return self._kept[what, name]

    def keys(self, name: str) -> list[tuple[str, str]]:
        from cloutlab.store import demo

        return demo.PERSONAS[name].keys

    def input(self, name: str):
        """The persona's baseline ScoreInput, seeded as the app seeds it (its dataset id)."""
        from cloutlab.scores import inputs

        return self._keep("input", name, lambda: inputs.from_store(self.con, self.keys(name), seed=f"demo:{name}"))

    def posts(self, name: str):
        from cloutlab import activity

        return self._keep("posts", name, lambda: activity.posts_table(self.con, self.keys(name)))

    def prepared(self, name: str):
        """The persona's posts in the what-if's form (whatif.prepare)."""
        from cloutlab import whatif

        return self._keep("prepared", name, lambda: whatif.prepare(self.posts(name)))

    def opaque(self, name: str):
        """The opaque score's daily series (score and subscores) of the baseline."""
        from cloutlab.scores import opaque

        return self._keep("opaque", name, lambda: opaque.score_series(self.input(name)))


@pytest.fixture(scope="session")
def demo_personas() -> Personas:
    return Personas()
