"""Several people at once on one server: five browser sessions, started together, each run a fixed script
(switch persona, move sliders, switch again...) written in advance, so the test does the same work however
fast the machine is (issue 10: it used to count the interactions that fitted in six seconds). None may see
an exception box, a console error or a timeout, and each must end showing exactly its own choices
(isolation under concurrency). Timings are for bench/load_bench.py, never asserted here."""

from __future__ import annotations

import asyncio
import re

from playwright.async_api import async_playwright

import crowd as lb  # the load bench's people (tests/e2e/crowd.py): they switch personas and move sliders
import e2e_kit as kit


SESSIONS = 5
# One script per session: the same kinds of actions as the load bench, in a fixed order and number.
SCRIPT = ["persona switch", "slider", "slider", "persona switch", "slider", "slider", "slider"]


async def _play(session: lb.Session) -> None:
    actions = {"persona switch": session.switch_persona,
               "slider": session.move_window if session.where == "scores" else session.move_whatif}
    await session.open()
    for kind in SCRIPT:
        session.stats.samples.append((kind, *await actions[kind]()))
        boxes = await session.page.locator('[data-testid="stException"]').all_inner_texts()
        if boxes:
            session.error(f"exception box after {kind}: {boxes[0][:200]}")
    page = session.page
    shown = await page.get_by_test_id("stSidebar").get_by_role("combobox", name=re.compile("Dataset")).input_value()
    if shown != session.persona:
        session.error(f"shows dataset {shown!r}, but this session chose {session.persona!r}")
    if session.where == "scores":
        value = await page.get_by_role("slider", name="Rolling window (days)").input_value()
        if value != str(session.window):
            session.error(f"window slider at {value}, but this session set {session.window}")
    else:
        for label in lb.WHATIF_SLIDERS:
            value = await page.get_by_role("slider", name=label).input_value()
            if value != str(session.sliders[label]):
                session.error(f"{label} at {value}, but this session set {session.sliders[label]}")


async def _run(base: str) -> lb.Stats:
    stats = lb.Stats()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=kit.find_chromium(), args=kit.CHROMIUM_ARGS, headless=True)
        people = [lb.Session(i, browser, base, ("scores", "whatif")[i % 2], stats, timeout=90, think=0)
                  for i in range(SESSIONS)]
        try:
            await asyncio.gather(*(_play(s) for s in people))
        finally:
            for s in people:
                await s.close()
            await browser.close()
    return stats


def test_five_sessions_each_with_a_fixed_script(server):
    stats = _run_sync(server)
    assert stats.errors == [], stats.errors
    assert len(stats.loads) == SESSIONS
    assert len(stats.samples) == SESSIONS * len(SCRIPT)  # every session finished its whole script


def _run_sync(base: str) -> lb.Stats:
    """In a thread of its own: the suite's sync Playwright already runs an event loop in this one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(_run(base))).result()
