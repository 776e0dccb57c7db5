"""Fixtures for the real-browser tests: one live `streamlit run` server on a free port and one headless
Debian chromium for the whole session. A test's first page comes from one long-lived browser context, wiped
between tests (e2e_kit.wipe_context); every further page of the same test gets a fresh context of its own
(another browser, its own cookie), taken from a pool of contexts earlier tests used and wiped the same way.
Why reuse: a fresh context has no HTTP or code cache, so each first page load fetched and compiled
Streamlit's JS bundle again, about twice the CPU of a load in a reused context (issue 22). Each context is
still its own browser to the app: its own cookie, storage and Streamlit session. A test that tests isolation
or a first visit itself asks for new_page(fresh=True).

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


def _new_context(browser):
    """A context whose listeners (added with .on()) are noted, so that kit.wipe_context can take them off
    again before another test uses it."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.listeners_added = []
    on = ctx.on

    def noting_on(event, f):
        ctx.listeners_added.append((event, f))
        return on(event, f)

    ctx.on = noting_on
    return ctx


@pytest.fixture(scope="session")
def shared_context(browser):
    """The long-lived context the first page of each test comes from (one per xdist worker)."""
    ctx = _new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def server(shared_context):
    """Base URL of a live app. Warmed by one visit to / : until some session has run app.py, Streamlit
    serves a deep link such as /scores from the legacy pages/ folder instead (see test_browser_cold_start.py).
    The visit is made in the shared context, so it also fills that context's cache for the tests."""
    with kit.streamlit_server("streamlit.log") as url:
        page = kit.watch(shared_context.new_page(), url)
        kit.goto(page, "/", "cloutlab", timeout=2 * kit.TIMEOUT)  # the server's first run imports everything
        kit.wipe_context(shared_context, url)
        yield url


@pytest.fixture(scope="session")
def spare_contexts(browser):
    """Contexts a test's second and later pages used, wiped: the next test's extra pages take them (their
    caches warm) instead of brand-new ones. At most SPARE are kept, so memory stays bounded."""
    spare: list = []
    yield spare
    for ctx in spare:
        ctx.close()


SPARE = 12  # the most pages any test opens at once (the live class: a projector and ten phones), plus one


@pytest.fixture
def new_page(browser, shared_context, spare_contexts, server, request):
    """Factory: a page recording console errors and dialogs, in a context of its own within the test (its own
    Streamlit session, its own cookies). The first page of a test comes from the shared, wiped context and
    every other page from a wiped spare one (or a brand-new context if none is spare); fresh=True gives a
    brand-new context. At teardown every page is closed and every context wiped (the extra ones go back to
    the spares); on failure each page gets a screenshot in test-artifacts/."""
    made = []

    def make(width: int = 1280, height: int = 900, fresh: bool = False):
        if fresh:
            ctx = _new_context(browser)
        elif not made:
            ctx = shared_context
        else:
            ctx = spare_contexts.pop() if spare_contexts else _new_context(browser)
        pg = ctx.new_page()
        pg.set_viewport_size({"width": width, "height": height})
        kit.watch(pg, server)
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
    for ctx in dict.fromkeys(ctx for ctx, _ in made):  # each once, in order
        if ctx is shared_context:
            kit.wipe_context(shared_context, server)
        elif len(spare_contexts) < SPARE:
            kit.wipe_context(ctx, server)
            spare_contexts.append(ctx)
        else:
            ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()
