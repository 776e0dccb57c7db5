"""People using one cloutlab server at once, for the concurrency test (tests/e2e/test_browser_concurrency.py)
and the load benchmark (bench/load_bench.py), which both import this module (neither imports the other).

A Person switches the sidebar persona and moves sliders: on Scores over time the "Rolling window (days)"
slider, on the What-if lab the break and ring sliders. Each action returns (seconds until the new content
is there, the server's share of them) and remembers what this person chose, so that the end check can say
whether the page still shows exactly those choices (isolation between sessions). `Session` does it in a
real Chromium page; the load bench adds a driver speaking Streamlit's websocket protocol.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import time
from dataclasses import dataclass, field

from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import e2e_kit as kit
from cloutlab.store.demo import PERSONAS

LABELS = [f"Demo: {p.title}" for p in PERSONAS.values()]
WHATIF_SLIDERS = {"Break (weeks with no posts)": ("break_weeks", 0, 52), "Engagement ring: accounts": ("ring_size", 0, 100)}
WINDOW = ("Rolling window (days)", 7, 90)  # the Scores page's slider: label, lowest, highest


@dataclass
class Stats:
    samples: list[tuple[str, float, float]] = field(default_factory=list)  # (action kind, seconds, server seconds)
    loads: list[float] = field(default_factory=list)  # first page load of each session
    errors: list[str] = field(default_factory=list)


def shows(label: str, texts) -> bool:
    """Whether a message text starts with `label`. Messages carry raw markdown, where the app escapes
    names (the browser shows them plain), so the escaped spelling counts too."""
    from cloutlab.present.text import md_escape

    return any(t.startswith(label) or t.startswith(md_escape(label)) for t in texts)


class Person:
    """What every driver shares: the choices made so far, the random but seeded next move, the loop that
    acts for a while with pauses between actions, and error reporting into the shared Stats."""

    TAG = ""  # after the page name in error lines, e.g. ", protocol"
    TIMEOUT: type[BaseException] = TimeoutError  # what the driver raises when an action takes too long

    def __init__(self, n: int, where: str, stats: Stats, timeout: float, think: float):
        self.n, self.where, self.stats, self.timeout, self.think = n, where, stats, timeout, think
        self.rng = random.Random(n)
        self.reset()

    def reset(self) -> None:
        """The choices of a freshly loaded page."""
        self.persona, self.window = LABELS[0], 28
        self.sliders = {label: lo for label, (_, lo, _) in WHATIF_SLIDERS.items()}

    def error(self, what: str) -> None:
        self.stats.errors.append(f"session {self.n} ({self.where}{self.TAG}): {what}")

    def _step(self, value: int, lo: int, hi: int) -> int:
        """The slider's next value: one step, up more often than down, never past the ends."""
        up = value == lo or (value < hi and self.rng.random() < 0.6)
        return value + (1 if up else -1)

    def _other_persona(self) -> str:
        return self.rng.choice([p for p in LABELS if p != self.persona])

    def actions(self) -> dict:
        slider = ("window slider", self.move_window) if self.where == "scores" else ("what-if slider", self.move_whatif)
        return {"persona switch": self.switch_persona, slider[0]: slider[1]}

    async def run(self, seconds: float) -> None:
        """Open the page, then act for `seconds` (the clock starts once the first load is done)."""
        actions = self.actions()
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
            except self.TIMEOUT:
                self.error(f"timeout after {kind} ({self.timeout:.0f} s)")
                if not await self.recover():
                    return
            except Exception as exc:  # noqa: BLE001 - reported as this person's error, like the others
                self.error(f"{kind}: {type(exc).__name__}: {str(exc)[:200]}")
                return
            await self.after(kind)
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think)
        await self.final_check()

    # What each driver does its own way.
    async def open(self) -> None:
        raise NotImplementedError

    async def switch_persona(self) -> tuple[float, float]:
        raise NotImplementedError

    async def move_window(self) -> tuple[float, float]:
        raise NotImplementedError

    async def move_whatif(self) -> tuple[float, float]:
        raise NotImplementedError

    async def recover(self) -> bool:
        """After a timeout: whether this person can carry on."""
        return False

    async def after(self, kind: str) -> None:
        """A check after each action."""

    async def final_check(self) -> None:
        """Isolation: after all that concurrent work, this session still shows exactly its own choices."""

    def closable(self):
        """What close() closes (a browser context, a websocket)."""
        raise NotImplementedError

    async def close(self) -> None:
        try:
            await self.closable().close()
        except Exception:  # noqa: BLE001 - never opened, or already gone
            pass


class Session(Person):
    """A person in a real browser: one browser context (its own Streamlit session) and one page.

    Response time = from the interaction (option click, key press) until the new content is on screen and
    the app is idle; the server's share ends at the server's end-of-run message."""

    TIMEOUT = PlaywrightTimeout

    def __init__(self, n: int, browser, base: str, where: str, stats: Stats, timeout: float, think: float):
        super().__init__(n, where, stats, timeout, think)
        self.browser, self.base = browser, base
        self.load_timeout_ms = max(timeout, 90) * 1000  # a first load is not an interaction: more slack
        self.timeout_ms = timeout * 1000
        self.finished: list[float] = []

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

    async def wait_idle(self, timeout_ms: float | None = None) -> None:
        await self.page.wait_for_function(kit.IDLE_JS, polling=50, timeout=timeout_ms or self.timeout_ms)

    async def done(self, t0: float) -> tuple[float, float]:
        """Wait for idle once the new content is there; the response and the server's share since t0."""
        await self.wait_idle()
        return time.perf_counter() - t0, self.server_time(t0)

    async def load(self) -> None:
        t0 = time.perf_counter()
        await self.page.goto(f"{self.base}/{self.where}", timeout=self.load_timeout_ms)
        heading = "Scores over time" if self.where == "scores" else "What-if lab"
        await expect(self.page.get_by_role("heading", name=heading, exact=True)).to_be_visible(
            timeout=self.load_timeout_ms)
        await self.wait_idle(self.load_timeout_ms)
        self.stats.loads.append(time.perf_counter() - t0)
        self.reset()

    def picker(self):
        return self.page.get_by_test_id("stSidebar").get_by_role("combobox", name=re.compile("Dataset"))

    async def switch_persona(self) -> tuple[float, float]:
        page = self.page
        label = self._other_persona()
        await self.picker().click()
        await page.keyboard.type(label)
        option = page.get_by_role("option", name=label, exact=True)
        await option.wait_for()
        t0 = time.perf_counter()
        await option.click()
        # Both pages put the dataset's label in a caption under the title.
        await expect(page.get_by_test_id("stCaptionContainer").filter(has_text=label).first).to_be_visible(
            timeout=self.timeout_ms)
        took = await self.done(t0)
        self.persona = label
        return took

    async def _press(self, label: str, value: int, lo: int, hi: int) -> tuple[int, float]:
        """Focus the slider `label`, press the arrow key of its next step; (new value, time of the press)."""
        slider = self.page.get_by_role("slider", name=label)
        await slider.focus()
        new = self._step(value, lo, hi)
        t0 = time.perf_counter()
        await slider.press("ArrowRight" if new > value else "ArrowLeft")
        return new, t0

    async def move_window(self) -> tuple[float, float]:
        new, t0 = await self._press(WINDOW[0], self.window, *WINDOW[1:])
        await expect(self.page.locator(".gtitle", has_text=f"({new}-day window)")).to_be_visible(timeout=self.timeout_ms)
        took = await self.done(t0)
        self.window = new
        return took

    async def move_whatif(self) -> tuple[float, float]:
        label = self.rng.choice(list(WHATIF_SLIDERS))
        param, lo, hi = WHATIF_SLIDERS[label]
        new, t0 = await self._press(label, self.sliders[label], lo, hi)
        # The lab writes its scenario into the URL on every run: the new value there means the run happened.
        if new == lo:
            await expect(self.page).not_to_have_url(re.compile(rf"[?&]{param}="), timeout=self.timeout_ms)
        else:
            await expect(self.page).to_have_url(re.compile(rf"[?&]{param}={new}(&|$)"), timeout=self.timeout_ms)
        took = await self.done(t0)
        self.sliders[label] = new
        return took

    async def recover(self) -> bool:
        try:
            await self.load()  # start over from a fresh load, as a person would reload
            return True
        except Exception as exc:  # noqa: BLE001 - a failed reload is one more error to report
            self.error(f"reload failed: {type(exc).__name__}")
            return False

    async def after(self, kind: str) -> None:
        boxes = await self.page.locator('[data-testid="stException"]').all_inner_texts()
        if boxes:
            self.error(f"exception box after {kind}: {boxes[0][:200]}")

    async def final_check(self) -> None:
        try:
            shown = await self.picker().input_value()
            if shown != self.persona:
                self.error(f"shows dataset {shown!r}, but this session chose {self.persona!r}")
            if self.where == "scores":
                value = await self.page.get_by_role("slider", name=WINDOW[0]).input_value()
                if value != str(self.window):
                    self.error(f"window slider at {value}, but this session set {self.window}")
            else:
                for label, (param, _, _) in WHATIF_SLIDERS.items():
                    value = await self.page.get_by_role("slider", name=label).input_value()
                    if value != str(self.sliders[label]):
                        self.error(f"{param} slider at {value}, but this session set {self.sliders[label]}")
        except Exception as exc:  # noqa: BLE001 - reported, not raised: the other people go on
            self.error(f"final check failed: {type(exc).__name__}: {str(exc)[:200]}")

    def closable(self):
        return self.ctx
