"""Fixtures for the real-browser tests: one live `streamlit run` server on a free port and one headless
Debian chromium for the whole session; a fresh browser context (= a fresh Streamlit session) per page.

Run: `.venv/bin/python -m pytest -q tests/e2e` (they also run under a plain `pytest`, as CI does). Every test
here is marked `browser` (tests/conftest.py): deselect them with `-m "not browser"`.
"""

from __future__ import annotations

import pytest

import e2e_kit as kit


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _launch(p):
    exe = kit.find_chromium()
    if exe is None:
        pytest.fail("chromium not found: `apt-get install -y chromium` (what run.sh test does), or set CHROMIUM=/path")
    return p.chromium.launch(executable_path=exe, args=kit.CHROMIUM_ARGS, headless=True)


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=kit.TIMEOUT)  # its own default is 5 s, too short for a fresh page on a busy machine
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver):
    b = _launch(playwright_driver)
    yield b
    b.close()


@pytest.fixture(scope="session")
def server(browser):
    """Base URL of a live app. Warmed by one visit to / : until some session has run app.py, Streamlit
    serves a deep link such as /scores from the legacy pages/ folder instead (see test_browser_cold_start.py)."""
    with kit.streamlit_server("streamlit.log") as url:
        ctx = browser.new_context()
        page = kit.watch(ctx.new_page(), url)
        kit.goto(page, "/", "cloutlab", timeout=2 * kit.TIMEOUT)  # the server's first run imports everything
        ctx.close()
        yield url


@pytest.fixture
def new_page(browser, server, request):
    """Factory: a page in its own browser context (its own Streamlit session), recording console errors
    and dialogs. Every page is closed at teardown; on failure each gets a screenshot in test-artifacts/."""
    made = []

    def make(width: int = 1280, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        pg = kit.watch(ctx.new_page(), server)
        pg.set_default_timeout(kit.TIMEOUT)
        made.append((ctx, pg))
        return pg

    yield make
    rep = getattr(request.node, "rep_call", None)
    for i, (ctx, pg) in enumerate(made):
        if rep is not None and rep.failed:
            try:
                kit.screenshot(pg, f"{request.node.name}-failure-{i}", folder=kit.ARTIFACTS)
            except Exception:  # noqa: BLE001 - a failed screenshot must not hide the real failure
                pass
        ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()
