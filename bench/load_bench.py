"""Load benchmark (issue 7): N people using one cloutlab server at once, in real browser sessions.

    .venv/bin/python bench/load_bench.py [--sessions 30] [--seconds 60] [--url http://127.0.0.1:8501]
                                         [--think 0.5] [--json FILE] [--strict]

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
        await asyncio.gather(*(s.close() for s in people))
        await browser.close()

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
    p95 = summary["all interactions"]["p95"]
    return {
        "sessions": sessions, "seconds": seconds, "think": think, "ramp": ramp, "cores": psutil.cpu_count(),
        "loadavg_before": load0, "loadavg_after": os.getloadavg()[0],
        "pages": where, "wall": wall, "times": summary, "server_times": server_side, "errors": stats.errors,
        "cpu_server": (cpu1[0] - cpu0[0]) / wall if server else None,
        "cpu_browser": (cpu1[1] - cpu0[1]) / wall,
        "target_met": not stats.errors and stats.samples and p95 < 2.0,
    }


def report(r: dict) -> str:
    lines = [f"## Load: {r['sessions']} sessions, each working {r['seconds']:.0f} s after its first load, on "
             f"{r['cores']} cores (pages: {', '.join(r['pages'])}; arrivals {r['ramp']} s apart; think time ~{r['think']} s; "
             f"wall {r['wall']:.0f} s; load average {r['loadavg_before']:.1f} before, {r['loadavg_after']:.1f} after)", "",
             "Response = interaction until the new content is drawn and the app is idle; server = interaction until",
             "the server's end-of-run message reaches the bench.", "",
             "| what | n | p50 (s) | p95 (s) | max (s) | server p50 | server p95 | server max |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, t in r["times"].items():
        s = r["server_times"].get(name)
        srv = f"{s['p50']:.2f} | {s['p95']:.2f} | {s['max']:.2f}" if s else " | | "
        lines.append(f"| {name} | {t['n']} | {t['p50']:.2f} | {t['p95']:.2f} | {t['max']:.2f} | {srv} |")
    cpu = f"server {r['cpu_server'] * 100:.0f}% of one core, " if r["cpu_server"] is not None else ""
    lines += ["", f"CPU over the run: {cpu}browser + driver + bench {r['cpu_browser'] * 100:.0f}% of one core.",
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
    args = ap.parse_args(argv)

    with (nullcontext(args.url.rstrip("/")) if args.url else kit.streamlit_server("streamlit-load.log")) as base:
        pid = None if args.url else kit.server_pid(base)
        result = asyncio.run(bench(base, args.sessions, args.seconds, args.timeout, args.think, args.ramp, pid))
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=float))
    return 1 if args.strict and not result["target_met"] else 0


if __name__ == "__main__":
    sys.exit(main())
