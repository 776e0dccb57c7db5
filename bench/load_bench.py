"""Load benchmark (issue 7): N people using one cloutlab server at once, in real browser sessions.

    .venv/bin/python bench/load_bench.py [--sessions 30] [--seconds 60] [--mode browser|protocol] [--room N]
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
errors, 95th percentile under 1 s (issue 23; issue 7 asked 2 s). With --strict the exit code is 1 when the target is missed.

The browser runs on the same machine as the server, so the two compete for the same cores: the figures
are pessimistic for real use, where every person brings their own browser. CPU use of each is reported.
On 2 cores, 30 Chromium sessions alone saturate the machine (their page loads and redraws cost far more
CPU than the server's runs), so `--mode protocol` is there to measure the server's capacity: the same
sessions and actions, spoken over Streamlit's own websocket protocol (the BackMsg / ForwardMsg messages
the browser would send and receive), with nothing drawn. Its response time is from sending the widget
change until the server's end-of-run message arrives, with the new content checked in the messages (the
caption naming the persona, the chart spec titled with the new window, the URL query with the new slider
value). A person's browser then adds its own drawing time, measured by the browser mode with few sessions.

--room N serves the app as `bash run.sh room --workers N` does (cloutlab.room: N Streamlit processes behind
Debian's nginx, each session pinned to one process by the room cookie; a protocol session sends a cookie of
its own, as a browser sends the one it got); server CPU and memory are then the sum over the N processes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import psutil
from playwright.async_api import async_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "src"))
# The e2e suite's kit (server, chromium flags, idle check, console filter) and its people (the browser
# session, its actions and isolation check), shared with tests/e2e/test_browser_concurrency.py.
import e2e_kit as kit  # noqa: E402 - after the sys.path line above
from crowd import WHATIF_SLIDERS, WINDOW, Person, Session, Stats, shows  # noqa: E402 - after the sys.path line above
from cloutlab.ui.plot import figure_of  # noqa: E402 - after the sys.path line above


TARGET_P95 = 1.0  # seconds: a room of thirty feels each interaction as a person alone would (issue 23)


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


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


def _pages() -> list[str]:
    return ["scores", "whatif"] if "whatif" in {p.file for p in kit.registered_pages()} else ["scores"]


async def _crowd(people: list[Person], seconds: float, ramp: float, server, clients) -> dict:
    """Let everyone work: people arrive `ramp` seconds apart, not in one burst; each works `seconds` once
    loaded. Returns the wall time, the load average before, and the CPU shares of the server and of the
    `clients()` processes over the run."""
    cpu0 = (cpu_seconds(server) if server else 0.0, cpu_seconds(clients()))
    wall0 = time.perf_counter()
    load0 = os.getloadavg()[0]

    async def start(s: Person, delay: float):
        await asyncio.sleep(delay)
        await s.run(seconds)

    await asyncio.gather(*(start(s, i * ramp) for i, s in enumerate(people)))
    wall = time.perf_counter() - wall0
    cpu1 = (cpu_seconds(server) if server else 0.0, cpu_seconds(clients()))
    return {"wall": wall, "loadavg_before": load0, "cpu_server": (cpu1[0] - cpu0[0]) / wall if server else None,
            "cpu_browser": (cpu1[1] - cpu0[1]) / wall}


def _result(stats: Stats, run: dict, where: list[str], server_times: bool, **settings) -> dict:
    summary, server_side = _summaries(stats)
    p95 = summary["all interactions"]["p95"]
    return {
        "sessions": settings["sessions"], "seconds": settings["seconds"], "think": settings["think"],
        "ramp": settings["ramp"], "cores": psutil.cpu_count(),
        "loadavg_before": run["loadavg_before"], "loadavg_after": os.getloadavg()[0],
        "pages": where, "wall": run["wall"], "times": summary, "server_times": server_side if server_times else {},
        "errors": stats.errors, "cpu_server": run["cpu_server"], "cpu_browser": run["cpu_browser"],
        "rss_server_mb": run["rss_server_mb"], "rss_browser_mb": run["rss_browser_mb"],
        "target_met": bool(not stats.errors and stats.samples and p95 < TARGET_P95),
    }


async def bench(base: str, sessions: int, seconds: float, timeout: float, think: float, ramp: float,
                server_pids: list[int] | None) -> dict:
    stats = Stats()
    where = _pages()
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
        await warm.wait_idle(120_000)
        await warm.close()

        me = psutil.Process()
        server = [psutil.Process(pid) for pid in server_pids] if server_pids else None

        def others() -> list[psutil.Process]:  # chromium and the Playwright driver
            return [c for c in me.children(recursive=True) if c.pid not in (server_pids or ())]

        people = [Session(i, browser, base, where[i % len(where)], stats, timeout, think) for i in range(sessions)]
        run = await _crowd(people, seconds, ramp, server, lambda: others() + [me])
        run["rss_server_mb"], run["rss_browser_mb"] = (rss_mb(server) if server else None, rss_mb(others()))
        await asyncio.gather(*(s.close() for s in people))
        await browser.close()
    return _result(stats, run, where, True, sessions=sessions, seconds=seconds, think=think, ramp=ramp)


# ------------------------------------------------------------------ protocol mode (no browser)
class StreamClient:
    """One Streamlit session over its websocket, as a browser holds one, drawing nothing: each rerun sends the
    widget states set so far (BackMsg) and reads the run's messages (ForwardMsg) until it ends. The protocol
    mode's sessions here and the live class's projector and students (bench/live_bench.py) are driven by it."""

    FINISHED = {0: "ok", 1: "compile error", 2: "rerun", 3: "ok"}  # ScriptFinishedStatus
    WIDGETS = ("slider", "selectbox", "button", "text_input")  # remembered by label, to be set or pressed

    def __init__(self, base: str, page: str = "", query: str = "", timeout: float = 30, cookie: str | None = None):
        self.base, self.page, self.query, self.timeout, self.cookie = base, page, query, timeout, cookie
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (widget id, fragment id)
        self.states: dict[str, object] = {}  # widget id -> WidgetState we have set
        self.page_hash = ""  # the current page, as st.navigation reports it (sent back with every rerun)
        self.fragments: set[str] = set()  # the fragments the runs drew
        self.ws = None

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(self.base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                origin=self.base, max_size=None, open_timeout=self.timeout,
                                additional_headers={"Cookie": self.cookie} if self.cookie else None)

    async def rerun_elements(self, first: bool = False, fragment: str = "", trigger: str | None = None) -> tuple[list, list[str]]:
        """Send a rerun with the widget states set so far (and a press of the button labelled `trigger`); read
        until the run ends. Returns the elements drawn and the problems seen (an exception box, a page not
        found, a run that ended other than ok)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if first:
            cs.page_name = self.page  # a deep link: the page named in the URL
        else:
            cs.page_script_hash = self.page_hash  # as the browser does: stay on the current page
        cs.fragment_id = fragment
        states = list(self.states.values())
        if trigger:
            states.append(WidgetState(id=self.widgets[trigger][0], trigger_value=True))
        cs.widget_states.widgets.extend(states)
        await self.ws.send(msg.SerializeToString())
        elements: list = []
        problems: list[str] = []
        async with asyncio.timeout(self.timeout):
            while True:
                fm = ForwardMsg.FromString(await self.ws.recv())
                kind = fm.WhichOneof("type")
                if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                    el = fm.delta.new_element
                    what = el.WhichOneof("type")
                    if fm.delta.fragment_id:
                        self.fragments.add(fm.delta.fragment_id)
                    if what in self.WIDGETS:
                        widget = getattr(el, what)
                        self.widgets[widget.label] = (widget.id, fm.delta.fragment_id)
                    elif what == "exception":
                        problems.append(f"exception: {el.exception.type}: {el.exception.message[:200]}")
                    elements.append(el)
                elif kind == "page_info_changed":
                    self.query = fm.page_info_changed.query_string
                elif kind == "navigation":
                    self.page_hash = fm.navigation.page_script_hash
                elif kind == "page_not_found":
                    problems.append("page not found")
                elif kind == "script_finished":
                    status = self.FINISHED.get(fm.script_finished, "?")
                    if status == "ok":
                        return elements, problems
                    if status != "rerun":  # a rerun (st.rerun) follows in the same exchange
                        problems.append(f"run ended: {status}")
                        return elements, problems

    def set(self, label: str, **value) -> str:
        """Record a new value for the widget labelled `label` (sent with every later rerun); returns its fragment id."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        widget_id, fragment = self.widgets[label]
        self.states[widget_id] = WidgetState(id=widget_id, **value)
        return fragment

    async def close(self) -> None:
        await self.ws.close()


def shown_texts(elements) -> list[str]:
    """Markdown bodies and chart titles among the elements a run drew."""
    texts: list[str] = []
    for el in elements:
        what = el.WhichOneof("type")
        if what == "markdown":
            texts.append(el.markdown.body)
        elif what in ("plotly_chart", "bidi_component") and (spec := figure_of(getattr(el, what))) is not None:
            texts.append(str(((spec.get("layout") or {}).get("title") or {}).get("text", "")))
    return texts


class ProtoSession(Person, StreamClient):
    """One Streamlit session over the websocket, doing what Session does in a browser, drawing nothing."""

    TAG = ", protocol"

    def __init__(self, n: int, base: str, where: str, stats: Stats, timeout: float, think: float):
        Person.__init__(self, n, where, stats, timeout, think)
        # The room cookie a browser gets on its first response (cloutlab.room): one process per session.
        StreamClient.__init__(self, base, where, timeout=timeout, cookie=f"cloutlab_room=bench-{os.getpid()}-{n}")

    async def open(self) -> None:
        await self.connect()
        t0 = time.perf_counter()
        await self.rerun(first=True)
        self.stats.loads.append(time.perf_counter() - t0)

    async def rerun(self, fragment: str = "", first: bool = False) -> list[str]:
        """A rerun with the widget states set so far; returns the texts shown (markdown bodies and chart
        titles) by that run, its problems counted as errors."""
        elements, problems = await self.rerun_elements(first=first, fragment=fragment)
        for problem in problems:
            self.error(problem)
        return shown_texts(elements)

    def _set(self, label: str, **value) -> str:
        """Record a new value for the widget labelled `label`; returns its fragment id."""
        return self.set(label, **value)

    async def _timed_rerun(self, fragment: str = "") -> tuple[list[str], float]:
        t0 = time.perf_counter()
        texts = await self.rerun(fragment=fragment)
        return texts, time.perf_counter() - t0

    async def switch_persona(self) -> tuple[float, float]:
        label = self._other_persona()
        self._set("Dataset", string_value=label)
        texts, took = await self._timed_rerun()
        if not shows(label, texts):
            self.error(f"persona switch to {label!r}: the page does not name it")
        self.persona = label
        return took, took

    async def move_window(self) -> tuple[float, float]:
        new = self._step(self.window, *WINDOW[1:])
        self._set(WINDOW[0], double_array_value={"data": [float(new)]})
        texts, took = await self._timed_rerun()
        if not any(f"({new}-day window)" in t for t in texts):
            self.error(f"window {new}: no chart for that window")
        self.window = new
        return took, took

    async def move_whatif(self) -> tuple[float, float]:
        label = self.rng.choice(list(WHATIF_SLIDERS))
        param, lo, hi = WHATIF_SLIDERS[label]
        new = self._step(self.sliders[label], lo, hi)
        fragment = self._set(label, double_array_value={"data": [float(new)]})
        _, took = await self._timed_rerun(fragment)  # the lab's sliders live in a fragment: only it reruns
        has = re.search(rf"(^|&){param}={new}(&|$)", self.query)
        if (new == lo and re.search(rf"(^|&){param}=", self.query)) or (new != lo and not has):
            self.error(f"{param}={new}: the link says {self.query!r}")
        self.sliders[label] = new
        return took, took

    async def final_check(self) -> None:
        try:  # isolation: a plain rerun still shows this session's own persona
            if not shows(self.persona, await self.rerun()):
                self.error(f"no longer shows its own persona {self.persona!r}")
        except Exception as exc:  # noqa: BLE001 - reported, not raised: the other sessions go on
            self.error(f"final check failed: {type(exc).__name__}")

    def closable(self):
        return self.ws


async def bench_protocol(base: str, sessions: int, seconds: float, timeout: float, think: float, ramp: float,
                         server_pids: list[int] | None) -> dict:
    stats = Stats()
    where = _pages()
    warm = ProtoSession(-1, base, "", Stats(), 120, 0)  # the first run of the process builds the demo data
    await warm.open()
    await warm.close()
    server = [psutil.Process(pid) for pid in server_pids] if server_pids else None
    me = psutil.Process()
    people = [ProtoSession(i, base, where[i % len(where)], stats, timeout, think) for i in range(sessions)]
    run = await _crowd(people, seconds, ramp, server, lambda: [me])
    run["rss_server_mb"], run["rss_browser_mb"] = rss_mb(server) if server else None, 0.0
    await asyncio.gather(*(s.close() for s in people))
    return _result(stats, run, where, False, sessions=sessions, seconds=seconds, think=think, ramp=ramp)


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
    lines = [f"## Load ({r.get('mode', 'browser')} mode{', a room of %d processes behind nginx' % r['room'] if r.get('room') else ''}): {r['sessions']} sessions, each working {r['seconds']:.0f} s "
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
    lines.append(f"Target (no errors, p95 of interactions < {TARGET_P95:g} s): {verdict}")
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
    ap.add_argument("--room", type=int, metavar="N",
                    help="serve as `bash run.sh room --workers N` does: N processes behind nginx, sticky by cookie")
    ap.add_argument("--mode", choices=["browser", "protocol"], default="browser",
                    help="real Chromium sessions (default), or websocket sessions that draw nothing")
    args = ap.parse_args(argv)

    if args.room:
        from cloutlab import room

        with room.room(args.room, log_dir=kit.ARTIFACTS) as r:
            run = bench if args.mode == "browser" else bench_protocol
            result = asyncio.run(run(r.url, args.sessions, args.seconds, args.timeout, args.think, args.ramp, r.pids))
            result["mode"], result["room"] = args.mode, args.room
        print(report(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2, default=float))
        return 1 if args.strict and not result["target_met"] else 0
    with (nullcontext(args.url.rstrip("/")) if args.url else kit.streamlit_server("streamlit-load.log")) as base:
        pid = None if args.url else [kit.server_pid(base)]
        run = bench if args.mode == "browser" else bench_protocol
        result = asyncio.run(run(base, args.sessions, args.seconds, args.timeout, args.think, args.ramp, pid))
        result["mode"] = args.mode
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=float))
    return 1 if args.strict and not result["target_met"] else 0


if __name__ == "__main__":
    sys.exit(main())
