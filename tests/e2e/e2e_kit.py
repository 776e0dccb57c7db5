"""Shared by the browser tests (tests/e2e) and the browser benchmarks (bench/load_bench.py,
bench/browser_bench.py): a live `streamlit run` server on a free port, Debian's chromium driven by Playwright,
idle detection, a console-error filter and page helpers. The simulated people of the concurrency test and
the load bench are in crowd.py, beside it. The benchmarks import these two; the tests import no benchmark.

Follows docs/toolchain.md section 5 (verified recipe) and its pitfalls table.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cloutlab.present.charts import OKABE_ITO

ROOT = Path(__file__).resolve().parents[2]  # the folder holding app.py
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root; Playwright also adds it when chromium_sandbox=False (the default)
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
    "--disable-background-networking",  # no Google update/metrics calls (there is no internet)
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--mute-audio",
]

# Pages as registered in app.py: st.Page("pages/<name>.py", title="...", ...). Read from the source, so a page
# another engineer adds (What-if lab, Gaming lab) is picked up by the generic page tests at once.
_PAGE_RE = re.compile(r'st\.Page\(\s*"pages/(?P<file>[\w-]+)\.py"\s*,\s*title="(?P<title>[^"]+)"(?P<rest>[^)]*)\)')


@dataclass(frozen=True)
class PageInfo:
    file: str  # pages/<file>.py
    title: str  # the navigation label
    default: bool

    @property
    def path(self) -> str:
        """URL path as Streamlit derives it (the default page lives at /)."""
        return "/" if self.default else "/" + self.file


def registered_pages() -> list[PageInfo]:
    src = (ROOT / "app.py").read_text()
    found = []
    for m in _PAGE_RE.finditer(src):
        found.append(PageInfo(m["file"], m["title"], "default=True" in m["rest"]))
    return found


def find_chromium() -> str | None:
    for exe in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium", "/usr/lib/chromium/chromium"):
        if exe and Path(exe).exists():
            return exe
    return None


def free_port() -> int:
    """A port the OS says is free now (bind to 0). Streamlit binds it a moment later; the race is tiny."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode} (see test-artifacts/streamlit*.log)")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit not healthy after {timeout}s")


_SERVERS: dict[str, subprocess.Popen] = {}


def server_pid(url: str) -> int:
    """The process id of a server started by streamlit_server() (for CPU accounting in the load bench)."""
    return _SERVERS[url].pid


@contextmanager
def streamlit_server(log_name: str = "streamlit.log", extra_args: tuple[str, ...] = (), script: Path | None = None):
    """Run `streamlit run app.py` on a free local port; yield its base URL; stop it afterwards. Under
    pytest-xdist each worker runs its own server (its own port, its own log: streamlit-gw0.log, ...).
    `script`: run that Streamlit script instead of the app (a test's own small page)."""
    ARTIFACTS.mkdir(exist_ok=True)
    if worker := os.environ.get("PYTEST_XDIST_WORKER"):
        log_name = log_name.replace(".log", f"-{worker}.log")
    log = open(ARTIFACTS / log_name, "w")
    for attempt in range(3):  # another process may grab the port between free_port() and the bind
        port = free_port()
        cmd = [
            # What `bash run.sh app` runs: `streamlit run app.py` with the demo data warmed at start (issue 23).
            *([sys.executable, "-m", "streamlit", "run", str(script)] if script else
              [sys.executable, "-m", "cloutlab.ui.warm"]),
            "--server.headless", "true",
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none",
            "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false",
            *extra_args,
        ]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            break
        except RuntimeError:
            if attempt == 2:
                log.close()
                raise
    _SERVERS[url] = proc
    try:
        yield url
    finally:
        _SERVERS.pop(url, None)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# ------------------------------------------------------------------ browser side
IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app
      && app.getAttribute('data-test-connection-state') === 'CONNECTED'
      && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
      // Charts and tables load lazily: the script can be done while their placeholders still show, or while
      // a chart of ui/plot.py waits for its script to run (its component there, its chart not yet: tens of
      // ms after the placeholders go), for Plotly, or draws (aria-busy).
      && !document.querySelector('[data-testid="stSkeleton"], .cl-plot[aria-busy="true"]')
      && [...document.querySelectorAll('[data-testid="stBidiComponentRegular"]')].every(c => c.querySelector('.cl-plot'));
}"""


# How long any wait in a browser test may take: generous, because a page on a loaded 2-core machine can take
# ten times what it takes on a quiet one (a 5 s wait failed there, issue 22). A wait ends as soon as its
# condition holds, so this costs nothing when the machine is quick. conftest.py sets it for pages and expect().
TIMEOUT = 60_000

# How often the kit's waits look again, in ms. Playwright's default ("raf") looks on every animation frame,
# which makes a headless page draw a frame every 16 ms for as long as a test waits: about 50 ms of Chromium
# CPU per second of waiting, against about 5 at 50 ms (issue 22: the suite is bound by the machine's CPU).
POLL_MS = 50


def wait_idle(page, timeout: float = TIMEOUT) -> None:
    """Wait until the websocket is connected and no script run is in progress. Call it only after an
    expect() on the new content: right after an interaction the state may still read the old notRunning."""
    page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=timeout)


def settle(page, quiet_ms: int = 750, timeout: float = TIMEOUT) -> None:
    """Wait until the app has been idle for `quiet_ms` without a break: after fast key presses a rerun the
    browser queued may start just after one idle moment, so a single idle check is not the end of them."""
    page.evaluate("() => { window.__idleSince = undefined; }")
    # On every frame (not every POLL_MS): a rerun that starts and ends between two looks would be missed.
    page.wait_for_function("""([quiet]) => {
        const idle = (%s)();
        const now = performance.now();
        if (!idle) { window.__idleSince = undefined; return false; }
        if (window.__idleSince === undefined) window.__idleSince = now;
        return now - window.__idleSince >= quiet;
    }""" % IDLE_JS, arg=[quiet_ms], polling="raf", timeout=timeout)


def is_benign_console(text: str, url: str) -> bool:
    # Pitfall P2: on a deep link (/import) the frontend first probes /import/_stcore/{health,host-config}
    # to discover the base path, gets 404, then falls back to /. Ignore exactly those two.
    return "Failed to load resource" in text and url.endswith(("/_stcore/health", "/_stcore/host-config"))


# Counts the messages the server sends to the page (window.__wsIn): a run is known to have happened even when
# the browser, busy, drew its first and last message in one frame and nothing in between ever reached the DOM.
WS_COUNT_JS = """(() => {
    const Real = window.WebSocket;
    const Counted = function (...args) {
        const ws = new Real(...args);
        ws.addEventListener('message', () => { window.__wsIn = (window.__wsIn || 0) + 1; });
        return ws;
    };
    Counted.prototype = Real.prototype;
    for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Counted[k] = Real[k];
    window.WebSocket = Counted;
})()"""


def watch(page, base_url: str):
    """Record console errors, page errors and failed requests on `page` (attributes on the page object), and
    count the server's messages to it (WS_COUNT_JS)."""
    page.add_init_script(WS_COUNT_JS)
    page.console_errors = []
    page.failed_requests = []
    page.dialogs = []
    page.base_url = base_url

    def on_console(msg):
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if not is_benign_console(msg.text, url):
            page.console_errors.append(f"{msg.text} @ {url}")

    def on_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda e: page.console_errors.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: page.failed_requests.append(f"{r.url} {r.failure}"))
    page.on("dialog", on_dialog)
    return page


# Storage a page can leave behind for its origin (what Storage.clearDataForOrigin accepts), all but the cookies
# (cleared for every origin by clear_cookies) and the HTTP cache (kept on purpose: it is what reuse buys).
_ORIGIN_STORAGE = ("local_storage,indexeddb,websql,service_workers,cache_storage,file_systems,shared_storage,"
                   "storage_buckets,interest_groups")


def wipe_context(ctx, origin: str) -> None:
    """Make a used context as a fresh one would be for the next test, but for its cache: close its pages
    (their sessionStorage goes with them), drop the routes and listeners a test put on it, its cookies (the
    app's browser-id cookie names the imports file: a leftover would leak imports between tests), its
    permissions, and the origin's localStorage, IndexedDB and other storage."""
    pg = ctx.pages[0] if ctx.pages else ctx.new_page()
    cdp = ctx.new_cdp_session(pg)
    cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": _ORIGIN_STORAGE})
    cdp.detach()
    for p in list(ctx.pages):
        p.close()
    ctx.unroute_all(behavior="ignoreErrors")
    for event, f in getattr(ctx, "listeners_added", []):  # noted by conftest.py's shared_context
        ctx.remove_listener(event, f)
    getattr(ctx, "listeners_added", []).clear()
    ctx.clear_cookies()
    ctx.clear_permissions()


def exception_texts(page) -> list[str]:
    """Text of every Streamlit exception box on the page (should be none)."""
    return [t[:500] for t in page.locator('[data-testid="stException"]').all_inner_texts()]


def assert_clean(page, where: str = "") -> None:
    """No Streamlit exception box, no console error, no JS dialog so far on this page."""
    exc = exception_texts(page)
    assert not exc, f"{where}: Streamlit exception(s): {exc}"
    assert page.console_errors == [], f"{where}: console errors {page.console_errors} (failed requests {page.failed_requests})"
    assert page.dialogs == [], f"{where}: a JS dialog fired: {page.dialogs}"


def goto(page, path: str, heading: str | None = None, timeout: float = TIMEOUT) -> None:
    """Open `path` and wait for the page's heading (if given) and for the app to be idle."""
    page.goto(page.base_url.rstrip("/") + path)
    if heading:
        from playwright.sync_api import expect

        expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible(timeout=timeout)
    else:
        page.locator('[data-testid="stMain"]').wait_for(timeout=timeout)
    wait_idle(page, timeout)


def screenshot(page, name: str, folder: Path = SCREENSHOTS) -> Path:
    """A screenshot of the whole page. Streamlit scrolls inside <main>, not the document, so Playwright's
    full_page alone stops at the viewport: grow the viewport to the content's height first."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); return m ? m.scrollHeight : 0; }")
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 16_000)})
        page.wait_for_timeout(300)  # let charts and tables lay out again
        wait_idle(page)
    page.screenshot(path=str(path), full_page=True)
    if height > size["height"]:
        page.set_viewport_size(size)
    return path


def wait_tables(page, timeout: float = TIMEOUT) -> None:
    """Wait until every visible st.dataframe has drawn its grid (its accessible <table> mirror exists); one
    inside a closed expander draws no grid until it is opened."""
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
        .every(d => d.querySelector('table[role="grid"]') || !d.checkVisibility())""", polling=POLL_MS, timeout=timeout)


def wait_drawn(page, timeout: float = TIMEOUT) -> None:
    """Wait until what a page fetches and draws lazily is there: every visible chart drawn, every image
    loaded, every visible table's grid (a condition, not a fixed pause a busy machine outlasts)."""
    wait_idle(page, timeout)
    page.wait_for_function("""() =>
        [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
            .every(c => c.querySelector('.main-svg') || !c.checkVisibility())
        && [...document.querySelectorAll('[data-testid="stMain"] img')].every(i => i.complete)""", polling=POLL_MS,
                           timeout=timeout)
    wait_tables(page, timeout)


def table_rows(page, index: int = 0) -> list[list[str]]:
    """Header and visible rows of the index-th st.dataframe, read from the grid's accessible table
    (the cells themselves are painted on a canvas)."""
    wait_tables(page)
    return page.evaluate("""(i) => {
        const t = document.querySelectorAll('[data-testid="stDataFrame"]')[i].querySelector('table[role="grid"]');
        return [...t.querySelectorAll('tr')].map(r => [...r.querySelectorAll('th,td')].map(c => c.textContent));
    }""", index)


def charts(page) -> list[dict]:
    """What each rendered chart shows: title, axis titles and the colours of its data and marks. A plotly
    chart from its SVG text and the figure plotly drew; Home's HTML chart (present/charts_html.py) from its
    caption, axis titles, legend swatches and the colours its week columns are drawn in."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(g => {
        const text = sel => [...g.querySelectorAll(sel)].map(e => e.textContent.trim()).filter(Boolean);
        const fl = g._fullLayout || {};
        const traces = (g._fullData || []).map(t => ({
            name: t.name, type: t.type,
            colors: [t.line && t.line.color, t.marker && typeof t.marker.color === 'string' ? t.marker.color : null]
                .filter(c => typeof c === 'string'),
        }));
        return {
            title: text('.gtitle').join(' '),
            xtitles: text('.g-xtitle .xtitle, .g-x2title'), ytitles: text('.g-ytitle .ytitle, .g-y2title'),
            traces,
            shapeColors: (fl.shapes || []).flatMap(s => [s.fillcolor, s.line && s.line.width ? s.line.color : null]).filter(Boolean),
            annotationColors: (fl.annotations || []).map(a => a.font && a.font.color).filter(Boolean),
            annotations: (fl.annotations || []).map(a => a.text),
        };
    }).concat([...document.querySelectorAll('figure.cl-chart')].map(f => {
        const bg = e => getComputedStyle(e).backgroundColor;
        const legend = [...f.querySelectorAll('.cl-legend [data-kind]')].map(s => ({
            name: s.dataset.kind, type: 'html-bar', colors: [bg(s.querySelector('i'))]}));
        const bars = [...new Set([...f.querySelectorAll('.cl-week > i')].map(bg))];
        const shown = sel => [...f.querySelectorAll(sel)].map(e => e.textContent.trim()).filter(Boolean);
        return {
            title: shown('figcaption').join(' '), xtitles: shown('.cl-xtitle'), ytitles: shown('.cl-ytitle'),
            traces: legend.concat([{name: '(the bars)', type: 'html-bar', colors: bars}]),
            shapeColors: [], annotationColors: [], annotations: [], label: f.getAttribute('aria-label'),
        };
    }))""")


def assert_charts_labelled(page, where: str) -> list[dict]:
    """Accessibility basics: every chart has a title and a title on each axis (rendered text)."""
    found = charts(page)
    for c in found:
        assert c["title"], f"{where}: a chart without a title: {c}"
        assert c["xtitles"] and all(c["xtitles"]), f"{where}: chart {c['title']!r} has no x-axis title"
        assert c["ytitles"] and all(c["ytitles"]), f"{where}: chart {c['title']!r} has no y-axis title"
    return found


PALETTE = {c.lower() for c in OKABE_ITO}
NEUTRAL = {"#999999", "#555555", "#000000", "#ffffff"}  # greys for context (shading, labels), not data


def _hex(colour: str) -> str:
    """'#0072B2' or 'rgb(0, 114, 178)' / 'rgba(...)' -> '#0072b2'."""
    colour = colour.strip().lower()
    m = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", colour)
    return "#%02x%02x%02x" % tuple(int(v) for v in m.groups()) if m else colour


def assert_palette(found: list[dict], where: str) -> None:
    """Data colours (every trace) come from Okabe-Ito, as charts.py promises; marks on the charts (event
    lines, shading, labels) from Okabe-Ito or a neutral grey."""
    for c in found:
        for t in c["traces"]:
            for colour in t["colors"]:
                assert _hex(colour) in PALETTE, f"{where}: {c['title']!r} trace {t['name']!r} uses {colour}"
        for colour in c["shapeColors"] + c["annotationColors"]:
            assert _hex(colour) in PALETTE | NEUTRAL, f"{where}: {c['title']!r} marks use {colour}"


def assert_charts_accessible(page, where: str) -> list[dict]:
    """Every chart on the page: titled, both axes titled, Okabe-Ito data colours. Returns the charts."""
    found = assert_charts_labelled(page, where)
    assert_palette(found, where)
    return found


def metrics(page) -> dict[str, str]:
    """st.metric label -> value, as rendered."""
    out = {}
    for m in page.get_by_test_id("stMetric").all():
        out[m.get_by_test_id("stMetricLabel").inner_text().strip()] = m.get_by_test_id("stMetricValue").inner_text().strip()
    return out


def sidebar_picker(page):
    """The sidebar dataset selectbox (a BaseWeb combobox)."""
    return page.get_by_test_id("stSidebar").get_by_role("combobox", name=re.compile("Dataset"))


def picker_value(page) -> str:
    """The label currently shown in the sidebar picker."""
    return sidebar_picker(page).input_value()


def picker_options(page) -> list[str]:
    """Open the sidebar picker, read every option label, close it again."""
    sidebar_picker(page).click()
    opts = page.get_by_role("option")
    opts.first.wait_for()
    labels = [t.strip() for t in opts.all_inner_texts()]
    page.keyboard.press("Escape")
    return labels


def pick_dataset(page, label: str) -> None:
    """Choose `label` in the sidebar picker (does not wait for the rerun: expect the new content, then idle)."""
    sidebar_picker(page).click()
    page.keyboard.type(label)  # long option lists are virtualised: filter to the one wanted
    page.get_by_role("option", name=label, exact=True).click()


def nav_to(page, title: str) -> None:
    """Go to a page by its sidebar link (same session), wait for its title and for idle."""
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)).to_have_attribute(
        "aria-current", "page")
    expect(page.locator("h1").first).to_be_visible()
    wait_idle(page)


def import_files(page, files) -> None:
    """On the Import page: replace whatever the uploader holds by `files` (paths, or Playwright file
    payloads {name, mimeType, buffer}) and press Import. Waits for the rerun to finish."""
    from playwright.sync_api import expect

    delete = page.get_by_test_id("stFileUploader").get_by_test_id("stFileChipDeleteBtn")
    deleted = False
    while delete.count():
        n = delete.count()
        before = page.evaluate("() => window.__wsIn || 0")
        delete.first.locator("button").click()
        expect(delete).to_have_count(n - 1)
        # The chip goes at once, but the rerun the delete asks for can start later (the file is deleted on the
        # server first), so an idle look alone may come before it: wait for the server's answer too.
        page.wait_for_function("([before]) => (window.__wsIn || 0) > before && (%s)()" % IDLE_JS, arg=[before],
                               polling=POLL_MS)
        deleted = True
    if deleted:
        # Files set while such a rerun ran were once never shown (CI, test_bad_files_are_one_line_errors...: no
        # chip in 60 s), so the page must also be quiet for a moment, as after a person's last click.
        settle(page)
    payloads = [f if isinstance(f, dict) else
                {"name": Path(f).name, "mimeType": "application/octet-stream", "buffer": Path(f).read_bytes()}
                for f in files]  # Playwright cannot mix paths and buffers in one call
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(payloads)
    expect(page.get_by_test_id("stFileUploader").get_by_test_id("stFileChip")).to_have_count(len(files))
    button = page.get_by_role("button", name="Import", exact=True)
    expect(button).to_be_visible()  # drawn by the run the upload triggered
    wait_idle(page)
    # That run shows one st.status (an expander) per file, then calls st.rerun(), which removes them. They
    # can come and go between two polls, so a MutationObserver notes that they appeared; a busy browser may
    # even draw them and their removal in one frame, so the server's messages since the click count too.
    page.evaluate("""() => {
        window.__sawStatus = false;
        window.__wsAtClick = window.__wsIn || 0;
        const seen = () => document.querySelector('[data-testid="stMain"] [data-testid="stExpander"]');
        new MutationObserver((_, obs) => { if (seen()) { window.__sawStatus = true; obs.disconnect(); } })
            .observe(document.body, {subtree: true, childList: true});
    }""")
    button.click()
    page.wait_for_function("""() => (window.__sawStatus || (window.__wsIn || 0) > window.__wsAtClick)
        && !document.querySelector('[data-testid="stMain"] [data-testid="stExpander"]')""", polling=POLL_MS)
    settle(page)  # the import's run, then the st.rerun() it ends with: quiet for a moment, not one idle poll
