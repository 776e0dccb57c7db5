"""Load benchmark (issue 7): N people using one cloutlab server at once, in real browser sessions.

    .venv/bin/python bench/load_bench.py [--sessions 30] [--seconds 60] [--mode browser|protocol]
                                         [--url http://127.0.0.1:8501] [--think 3] [--ramp 0.5]
                                         [--json FILE] [--strict]

Starts `streamlit run app.py` on a free local port (or uses --url), opens one headless Debian chromium with
one browser context per session (each context is its own Streamlit session), and lets every session work
for --seconds: half of them on Scores over time (switch persona in the sidebar, move the "Rolling window
(days)" slider with the keyboard), half on the What-if lab when app.py registers it (switch persona, move
the break and ring sliders). Between actions a session pauses --think seconds on average, as a person would.

Response time = from the interaction (option click, key press) until the new content is on screen (the
caption naming the new persona, the chart titled with the new window, the URL carrying the new slider
value) and the app is idle (script finished, no lazy chart placeholder left). Errors: a Streamlit exception
box, a browser console error or page error, or a timeout (--timeout seconds). Target on 2 cores: no
errors, 95th percentile under 2 s. With --strict the exit code is 1 when the target is missed.

The browser runs on the same machine as the server, so the two compete for the same cores: the figures
are pessimistic for real use, where every person brings their own browser. CPU use of each is reported.
On 2 cores, 30 Chromium sessions alone saturate the machine (their page loads and redraws cost far more
CPU than the server's runs), so `--mode protocol` is there to measure the server's capacity: the same
sessions and actions, spoken over Streamlit's own websocket protocol (the BackMsg / ForwardMsg messages
the browser would send and receive), with nothing drawn. Its response time is from sending the widget
change until the server's end-of-run message arrives, with the new content checked in the messages (the
caption naming the persona, the chart spec titled with the new window, the URL query with the new slider
value). A person's browser then adds its own drawing time, measured by the browser mode with few sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
import e2e_kit as kit  # noqa: E402  (the e2e suite's server, chromium flags, idle check, console filter)

from cloutlab.demo import PERSONAS  # noqa: E402

LABELS = [f"Demo: {p.title}" for p in PERSONAS.values()]
WHATIF_SLIDERS = {"Break (weeks with no posts)": ("break_weeks", 0, 52), "Engagement ring: accounts": ("ring_size", 0, 100)}


@dataclass
class Stats:
    samples: list[tuple[str, float, float]] = field(default_factory=list)  # (action kind, seconds, server seconds)
    loads: list[float] = field(default_factory=list)  # first page load of each session
    errors: list[str] = field(default_factory=list)


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


async def wait_idle(page, timeout_ms: float) -> None:
    await page.wait_for_function(kit.IDLE_JS, polling=50, timeout=timeout_ms)


def shows(label: str, texts) -> bool:
    """Whether a message text starts with `label`. Messages carry raw markdown, where the app escapes
    names (the browser shows them plain), so the escaped spelling counts too."""
    from cloutlab.text import md_escape

    return any(t.startswith(label) or t.startswith(md_escape(label)) for t in texts)


class Session:
    def __init__(self, n: int, browser, base: str, where: str, stats: Stats, timeout: float, think: float):
        self.n, self.browser, self.base, self.where, self.stats = n, browser, base, where, stats
        self.load_timeout_ms = max(timeout, 90) * 1000  # a first load is not an interaction: more slack
        self.timeout_ms, self.think = timeout * 1000, think
        self.rng = random.Random(n)
        self.persona = LABELS[0]
        self.window = 28
        self.sliders = {label: lo for label, (_, lo, _) in WHATIF_SLIDERS.items()}
        self.finished: list[float] = []

    def error(self, what: str) -> None:
        self.stats.errors.append(f"session {self.n} ({self.where}): {what}")

    async def open(self) -> None:
        self.ctx = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = page = await self.ctx.new_page()
        page.set_default_timeout(self.timeout_ms)

        def on_console(msg):
            if msg.type == "error" and not kit.is_benign_console(msg.text, (msg.location or {}).get("url", "")):
                self.error(f"console: {msg.text[:200]}")

        page.on("console", on_console)
        page.on("pageerror", lambda e: self.error(f"pageerror: {str(e)[:200]}"))
        page.on("websocket", self.on_websocket)
        await self.load()

    def on_websocket(self, ws) -> None:
        """Note when the server says a run finished (a tiny ForwardMsg): the server's share of a response."""

        def on_frame(payload):
            if isinstance(payload, (bytes, bytearray)) and len(payload) < 512:
                try:
                    kind = ForwardMsg.FromString(bytes(payload)).WhichOneof("type")
                except Exception:  # noqa: BLE001 - not ours to judge
                    return
                if kind == "script_finished":
                    self.finished.append(time.perf_counter())

        ws.on("framereceived", on_frame)

    def server_time(self, t0: float) -> float:
        """Seconds from t0 to the first end-of-run message after it (nan if none came)."""
        return next((t - t0 for t in self.finished if t > t0), math.nan)

    async def load(self) -> None:
        t0 = time.perf_counter()
        await self.page.goto(f"{self.base}/{self.where}", timeout=self.load_timeout_ms)
        heading = "Scores over time" if self.where == "scores" else "What-if lab"
        await expect(self.page.get_by_role("heading", name=heading, exact=True)).to_be_visible(
            timeout=self.load_timeout_ms)
        await wait_idle(self.page, self.load_timeout_ms)
        self.stats.loads.append(time.perf_counter() - t0)
        self.persona, self.window = LABELS[0], 28
        self.sliders = {label: lo for label, (_, lo, _) in WHATIF_SLIDERS.items()}

    async def switch_persona(self) -> tuple[float, float]:
        page = self.page
        label = self.rng.choice([p for p in LABELS if p != self.persona])
        picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name=re.compile("Dataset"))
        await picker.click()
        await page.keyboard.type(label)
        option = page.get_by_role("option", name=label, exact=True)
        await option.wait_for()
        t0 = time.perf_counter()
        await option.click()
        # Both pages put the dataset's label in a caption under the title.
        await expect(page.get_by_test_id("stCaptionContainer").filter(has_text=label).first).to_be_visible(
            timeout=self.timeout_ms)
        await wait_idle(page, self.timeout_ms)
        self.persona = label
        return time.perf_counter() - t0, self.server_time(t0)

    def _step(self, value: int, lo: int, hi: int) -> tuple[str, int]:
        key = "ArrowRight" if value == lo or (value < hi and self.rng.random() < 0.6) else "ArrowLeft"
        return key, value + (1 if key == "ArrowRight" else -1)

    async def move_window(self) -> tuple[float, float]:
        page = self.page
        slider = page.get_by_role("slider", name="Rolling window (days)")
        await slider.focus()
        key, new = self._step(self.window, 7, 90)
        t0 = time.perf_counter()
        await slider.press(key)
        await expect(page.locator(".gtitle", has_text=f"({new}-day window)")).to_be_visible(timeout=self.timeout_ms)
        await wait_idle(page, self.timeout_ms)
        self.window = new
        return time.perf_counter() - t0, self.server_time(t0)

    async def move_whatif(self) -> tuple[float, float]:
        page = self.page
        label = self.rng.choice(list(WHATIF_SLIDERS))
        param, lo, hi = WHATIF_SLIDERS[label]
        slider = page.get_by_role("slider", name=label)
        await slider.focus()
        key, new = self._step(self.sliders[label], lo, hi)
        t0 = time.perf_counter()
        await slider.press(key)
        # The lab writes its scenario into the URL on every run: the new value there means the run happened.
        if new == lo:
            await expect(page).not_to_have_url(re.compile(rf"[?&]{param}="), timeout=self.timeout_ms)
        else:
            await expect(page).to_have_url(re.compile(rf"[?&]{param}={new}(&|$)"), timeout=self.timeout_ms)
        await wait_idle(page, self.timeout_ms)
        self.sliders[label] = new
        return time.perf_counter() - t0, self.server_time(t0)

    async def run(self, seconds: float) -> None:
        """Open the page, then act for `seconds` (the clock starts once the first load is done)."""
        actions = {"persona switch": self.switch_persona}
        if self.where == "scores":
            actions["window slider"] = self.move_window
        else:
            actions["what-if slider"] = self.move_whatif
        weights = [1] + [2] * (len(actions) - 1)  # sliders are moved more often than personas are switched
        try:
            await self.open()
        except Exception as exc:  # noqa: BLE001 - a bench reports, it does not stop
            self.error(f"first load failed: {type(exc).__name__}: {str(exc)[:200]}")
            return
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            kind = self.rng.choices(list(actions), weights)[0]
            try:
                self.stats.samples.append((kind, *await actions[kind]()))
            except PlaywrightTimeout:
                self.error(f"timeout after {kind} ({self.timeout_ms / 1000:.0f} s)")
                try:
                    await self.load()  # start over from a fresh load, as a person would reload
                except Exception as exc:  # noqa: BLE001
                    self.error(f"reload failed: {type(exc).__name__}")
                    return
            except Exception as exc:  # noqa: BLE001
                self.error(f"{kind}: {type(exc).__name__}: {str(exc)[:200]}")
                return
            boxes = await self.page.locator('[data-testid="stException"]').all_inner_texts()
            if boxes:
                self.error(f"exception box after {kind}: {boxes[0][:200]}")
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)
        # Isolation: after all that concurrent work, this session still shows exactly its own choices.
        try:
            shown = await self.page.get_by_test_id("stSidebar").get_by_role("combobox", name=re.compile("Dataset")).input_value()
            if shown != self.persona:
                self.error(f"shows dataset {shown!r}, but this session chose {self.persona!r}")
            if self.where == "scores":
                value = await self.page.get_by_role("slider", name="Rolling window (days)").input_value()
                if value != str(self.window):
                    self.error(f"window slider at {value}, but this session set {self.window}")
            else:
                for label, (param, lo, _) in WHATIF_SLIDERS.items():
                    value = await self.page.get_by_role("slider", name=label).input_value()
                    if value != str(self.sliders[label]):
                        self.error(f"{param} slider at {value}, but this session set {self.sliders[label]}")
        except Exception as exc:  # noqa: BLE001
            self.error(f"final check failed: {type(exc).__name__}: {str(exc)[:200]}")

    async def close(self) -> None:
        try:
            await self.ctx.close()
        except Exception:  # noqa: BLE001
            pass


def rss_mb(procs: list[psutil.Process]) -> float:
    """Proportional set size (shared pages split between the processes sharing them), else RSS."""
    total = 0
    for p in procs:
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.Error:
            pass
    return total / 2**20


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


async def bench(base: str, sessions: int, seconds: float, timeout: float, think: float, ramp: float,
                server_pid: int | None) -> dict:
    stats = Stats()
    has_whatif = "whatif" in {p.file for p in kit.registered_pages()}
    async with async_playwright() as p:
        exe = kit.find_chromium()
        if exe is None:
            sys.exit("chromium not found: apt-get install -y chromium (or set CHROMIUM=/path)")
        browser = await p.chromium.launch(executable_path=exe, args=kit.CHROMIUM_ARGS, headless=True)
        # Warm the server once (demo database, caches; and a first visit to / before any deep link).
        warm = Session(-1, browser, base, "scores", Stats(), timeout, think)
        warm.ctx = await browser.new_context()
        warm.page = await warm.ctx.new_page()
        await warm.page.goto(base + "/")
        await wait_idle(warm.page, 120_000)
        await warm.close()

        me = psutil.Process()
        server = psutil.Process(server_pid) if server_pid else None
        others = [c for c in me.children(recursive=True) if not server or c.pid != server.pid]
        cpu0 = (cpu_seconds([server]) if server else 0.0, cpu_seconds(others) + cpu_seconds([me]))
        wall0 = time.perf_counter()

        where = ["scores", "whatif"] if has_whatif else ["scores"]
        people = [Session(i, browser, base, where[i % len(where)], stats, timeout, think) for i in range(sessions)]
        # People arrive `ramp` seconds apart, not in one burst; each works `seconds` once loaded.
        async def start(s: Session, delay: float):
            await asyncio.sleep(delay)
            await s.run(seconds)

        load0 = os.getloadavg()[0]
        await asyncio.gather(*(start(s, i * ramp) for i, s in enumerate(people)))
        wall = time.perf_counter() - wall0
        others = [c for c in me.children(recursive=True) if not server or c.pid != server.pid]
        cpu1 = (cpu_seconds([server]) if server else 0.0, cpu_seconds(others) + cpu_seconds([me]))
        rss = (rss_mb([server]) if server else None, rss_mb(others))
        await asyncio.gather(*(s.close() for s in people))
        await browser.close()

    summary, server_side = _summaries(stats)
    p95 = summary["all interactions"]["p95"]
    return {
        "sessions": sessions, "seconds": seconds, "think": think, "ramp": ramp, "cores": psutil.cpu_count(),
        "loadavg_before": load0, "loadavg_after": os.getloadavg()[0],
        "pages": where, "wall": wall, "times": summary, "server_times": server_side, "errors": stats.errors,
        "cpu_server": (cpu1[0] - cpu0[0]) / wall if server else None,
        "cpu_browser": (cpu1[1] - cpu0[1]) / wall,
        "rss_server_mb": rss[0], "rss_browser_mb": rss[1],
        "target_met": bool(not stats.errors and stats.samples and p95 < 2.0),
    }


# ------------------------------------------------------------------ protocol mode (no browser)
class ProtoSession:
    """One Streamlit session over the websocket, doing what Session does in a browser, drawing nothing."""

    FINISHED = {0: "ok", 1: "compile error", 2: "rerun", 3: "ok"}  # ScriptFinishedStatus

    def __init__(self, n: int, base: str, where: str, stats: Stats, timeout: float, think: float):
        self.n, self.base, self.where, self.stats, self.timeout, self.think = n, base, where, stats, timeout, think
        self.rng = random.Random(n)
        self.persona, self.window = LABELS[0], 28
        self.sliders = {label: lo for label, (_, lo, _) in WHATIF_SLIDERS.items()}
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (widget id, fragment id)
        self.states: dict[str, object] = {}  # widget id -> WidgetState we have set
        self.query = ""
        self.page_hash = ""  # the current page, as st.navigation reports it (sent back with every rerun)

    def error(self, what: str) -> None:
        self.stats.errors.append(f"session {self.n} ({self.where}, protocol): {what}")

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        ws_url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = await connect(ws_url, subprotocols=["streamlit"], origin=self.base, max_size=None,
                                open_timeout=self.timeout)
        t0 = time.perf_counter()
        await self.rerun(first=True)
        self.stats.loads.append(time.perf_counter() - t0)

    async def rerun(self, fragment: str = "", first: bool = False) -> list[str]:
        """Send a rerun with the widget states set so far; read until the run ends. Returns the texts shown
        (markdown bodies and chart titles) by that run."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if first:
            cs.page_name = self.where  # a deep link: the page named in the URL
        else:
            cs.page_script_hash = self.page_hash  # as the browser does: stay on the current page
        cs.fragment_id = fragment
        cs.widget_states.widgets.extend(self.states.values())
        await self.ws.send(msg.SerializeToString())
        texts: list[str] = []
        async with asyncio.timeout(self.timeout):
            while True:
                fm = ForwardMsg.FromString(await self.ws.recv())
                kind = fm.WhichOneof("type")
                if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                    el = fm.delta.new_element
                    what = el.WhichOneof("type")
                    if what in ("slider", "selectbox"):
                        widget = getattr(el, what)
                        self.widgets[widget.label] = (widget.id, fm.delta.fragment_id)
                    elif what == "markdown":
                        texts.append(el.markdown.body)
                    elif what == "plotly_chart":
                        spec = json.loads(el.plotly_chart.spec or "{}")
                        texts.append(str(((spec.get("layout") or {}).get("title") or {}).get("text", "")))
                    elif what == "exception":
                        self.error(f"exception: {el.exception.type}: {el.exception.message[:200]}")
                elif kind == "page_info_changed":
                    self.query = fm.page_info_changed.query_string
                elif kind == "navigation":
                    self.page_hash = fm.navigation.page_script_hash
                elif kind == "page_not_found":
                    self.error("page not found")
                elif kind == "script_finished":
                    status = self.FINISHED.get(fm.script_finished, "?")
                    if status == "ok":
                        return texts
                    if status != "rerun":
                        self.error(f"run ended: {status}")
                        return texts

    def _set(self, label: str, **value) -> str:
        """Record a new value for the widget labelled `label`; returns its fragment id."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget_id, fragment = self.widgets[label]
        state = WidgetState(id=widget_id, **value)
        self.states[widget_id] = state
        return fragment

    def _step(self, value: int, lo: int, hi: int) -> tuple[int, int]:
        up = value == lo or (value < hi and self.rng.random() < 0.6)
        return value + (1 if up else -1), 0

    async def switch_persona(self) -> tuple[float, float]:
        label = self.rng.choice([p for p in LABELS if p != self.persona])
        self._set("Dataset", string_value=label)
        t0 = time.perf_counter()
        texts = await self.rerun()
        took = time.perf_counter() - t0
        if not shows(label, texts):
            self.error(f"persona switch to {label!r}: the page does not name it")
        self.persona = label
        return took, took

    async def move_window(self) -> tuple[float, float]:
        new, _ = self._step(self.window, 7, 90)
        self._set("Rolling window (days)", double_array_value={"data": [float(new)]})
        t0 = time.perf_counter()
        texts = await self.rerun()
        took = time.perf_counter() - t0
        if not any(f"({new}-day window)" in t for t in texts):
            self.error(f"window {new}: no chart for that window")
        self.window = new
        return took, took

    async def move_whatif(self) -> tuple[float, float]:
        label = self.rng.choice(list(WHATIF_SLIDERS))
        param, lo, hi = WHATIF_SLIDERS[label]
        new, _ = self._step(self.sliders[label], lo, hi)
        fragment = self._set(label, double_array_value={"data": [float(new)]})
        t0 = time.perf_counter()
        await self.rerun(fragment=fragment)  # the lab's sliders live in a fragment: only it reruns
        took = time.perf_counter() - t0
        has = re.search(rf"(^|&){param}={new}(&|$)", self.query)
        if (new == lo and re.search(rf"(^|&){param}=", self.query)) or (new != lo and not has):
            self.error(f"{param}={new}: the link says {self.query!r}")
        self.sliders[label] = new
        return took, took

    async def run(self, seconds: float) -> None:
        actions = {"persona switch": self.switch_persona}
        actions["window slider" if self.where == "scores" else "what-if slider"] = (
            self.move_window if self.where == "scores" else self.move_whatif)
        try:
            await self.open()
        except Exception as exc:  # noqa: BLE001
            self.error(f"first load failed: {type(exc).__name__}: {str(exc)[:200]}")
            return
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            kind = self.rng.choices(list(actions), [1, 2])[0]
            try:
                self.stats.samples.append((kind, *await actions[kind]()))
            except TimeoutError:
                self.error(f"timeout after {kind} ({self.timeout:.0f} s)")
                return
            except Exception as exc:  # noqa: BLE001
                self.error(f"{kind}: {type(exc).__name__}: {str(exc)[:200]}")
                return
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)
        try:  # isolation: a plain rerun still shows this session's own persona
            if not shows(self.persona, await self.rerun()):
                self.error(f"no longer shows its own persona {self.persona!r}")
        except Exception as exc:  # noqa: BLE001
            self.error(f"final check failed: {type(exc).__name__}")

    async def close(self) -> None:
        try:
            await self.ws.close()
        except Exception:  # noqa: BLE001
            pass


async def bench_protocol(base: str, sessions: int, seconds: float, timeout: float, think: float, ramp: float,
                         server_pid: int | None) -> dict:
    stats = Stats()
    has_whatif = "whatif" in {p.file for p in kit.registered_pages()}
    where = ["scores", "whatif"] if has_whatif else ["scores"]
    warm = ProtoSession(-1, base, "", Stats(), 120, 0)  # the first run of the process builds the demo data
    await warm.open()
    await warm.close()
    server = psutil.Process(server_pid) if server_pid else None
    me = psutil.Process()
    cpu0 = (cpu_seconds([server]) if server else 0.0, cpu_seconds([me]))
    wall0 = time.perf_counter()
    load0 = os.getloadavg()[0]
    people = [ProtoSession(i, base, where[i % len(where)], stats, timeout, think) for i in range(sessions)]

    async def start(s: ProtoSession, delay: float):
        await asyncio.sleep(delay)
        await s.run(seconds)

    await asyncio.gather(*(start(s, i * ramp) for i, s in enumerate(people)))
    wall = time.perf_counter() - wall0
    cpu1 = (cpu_seconds([server]) if server else 0.0, cpu_seconds([me]))
    rss = rss_mb([server]) if server else None
    await asyncio.gather(*(s.close() for s in people))
    summary, server_side = _summaries(stats)
    p95 = summary["all interactions"]["p95"]
    return {
        "sessions": sessions, "seconds": seconds, "think": think, "ramp": ramp, "cores": psutil.cpu_count(),
        "loadavg_before": load0, "loadavg_after": os.getloadavg()[0],
        "pages": where, "wall": wall, "times": summary, "server_times": {}, "errors": stats.errors,
        "cpu_server": (cpu1[0] - cpu0[0]) / wall if server else None, "cpu_browser": (cpu1[1] - cpu0[1]) / wall,
        "rss_server_mb": rss, "rss_browser_mb": 0.0,
        "target_met": bool(not stats.errors and stats.samples and p95 < 2.0),
    }


def _summaries(stats: Stats) -> tuple[dict, dict]:
    def dist(v: list[float]) -> dict:
        v = [x for x in v if not math.isnan(x)]
        return {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95), "max": max(v) if v else math.nan}

    kinds = sorted({k for k, _, _ in stats.samples})
    summary, server_side = {}, {}
    for name, picked in [*((k, [s for s in stats.samples if s[0] == k]) for k in kinds),
                         ("all interactions", stats.samples)]:
        summary[name] = dist([s[1] for s in picked])
        server_side[name] = dist([s[2] for s in picked])
    summary["first page load"] = dist(stats.loads)
    return summary, server_side


def report(r: dict) -> str:
    browser = r.get("mode", "browser") == "browser"
    lines = [f"## Load ({r.get('mode', 'browser')} mode): {r['sessions']} sessions, each working {r['seconds']:.0f} s "
             f"after its first load, on {r['cores']} cores", "",
             f"Pages: {', '.join(r['pages'])}; arrivals {r['ramp']} s apart; think time ~{r['think']} s; wall "
             f"{r['wall']:.0f} s; machine load average {r['loadavg_before']:.1f} before, {r['loadavg_after']:.1f} after.",
             ("Response = interaction until the new content is drawn and the app is idle; server = interaction until "
              "the server's end-of-run message reaches the bench." if browser else
              "Response = widget change sent until the server's end-of-run message arrives (nothing drawn)."), ""]
    if browser:
        lines += ["| what | n | p50 (s) | p95 (s) | max (s) | server p50 | server p95 | server max |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
    else:
        lines += ["| what | n | p50 (s) | p95 (s) | max (s) |", "|---|---:|---:|---:|---:|"]
    for name, t in r["times"].items():
        row = f"| {name} | {t['n']} | {t['p50']:.2f} | {t['p95']:.2f} | {t['max']:.2f} |"
        s = r["server_times"].get(name)
        if browser:
            row += f" {s['p50']:.2f} | {s['p95']:.2f} | {s['max']:.2f} |" if s else " | | |"
        lines.append(row)
    cpu = f"server {r['cpu_server'] * 100:.0f}% of one core, " if r["cpu_server"] is not None else ""
    mem = f"server {r['rss_server_mb']:,.0f} MB" if r["rss_server_mb"] is not None else ""
    client = "browser + driver + bench" if browser else "bench client"
    lines += ["", f"CPU over the run: {cpu}{client} {r['cpu_browser'] * 100:.0f}% of one core.",
              f"Memory at the end (PSS): {mem}" + (f", browser + driver {r['rss_browser_mb']:,.0f} MB." if browser else "."),
              f"Errors: {len(r['errors'])}"]
    lines += [f"- {e}" for e in r["errors"][:20]]
    if len(r["errors"]) > 20:
        lines.append(f"- ... and {len(r['errors']) - 20} more")
    lines.append("")
    verdict = "MET" if r["target_met"] else "MISSED"
    lines.append(f"Target (no errors, p95 of interactions < 2 s): {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=60, help="how long every session keeps working")
    ap.add_argument("--url", help="a running server to load (default: start one on a free port)")
    ap.add_argument("--think", type=float, default=3.0,
                    help="mean pause between one session's actions, uniform over 0.5x..1.5x (s)")
    ap.add_argument("--ramp", type=float, default=0.5, help="seconds between two sessions' arrivals")
    ap.add_argument("--timeout", type=float, default=30, help="an action slower than this is an error (s)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    ap.add_argument("--mode", choices=["browser", "protocol"], default="browser",
                    help="real Chromium sessions (default), or websocket sessions that draw nothing")
    args = ap.parse_args(argv)

    with (nullcontext(args.url.rstrip("/")) if args.url else kit.streamlit_server("streamlit-load.log")) as base:
        pid = None if args.url else kit.server_pid(base)
        run = bench if args.mode == "browser" else bench_protocol
        result = asyncio.run(run(base, args.sessions, args.seconds, args.timeout, args.think, args.ramp, pid))
        result["mode"] = args.mode
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=float))
    return 1 if args.strict and not result["target_met"] else 0


if __name__ == "__main__":
    sys.exit(main())
