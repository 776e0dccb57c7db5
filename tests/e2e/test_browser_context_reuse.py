"""The shared browser context (conftest.py) is wiped by e2e_kit.wipe_context between tests: whatever one test
leaves in it, the next test's first page starts as in a brand-new context, but for the HTTP cache. Why: the
app's browser-id cookie names the person's imports file, so a leftover cookie would leak one test's imports
into the next."""

from __future__ import annotations

import e2e_kit as kit

LEAVE_BEHIND = """async () => {
    localStorage.setItem('left', 'behind');
    sessionStorage.setItem('left', 'behind');
    await new Promise((ok, fail) => {
        const q = indexedDB.open('left-behind', 1);
        q.onupgradeneeded = () => q.result.createObjectStore('s').put('behind', 'left');
        q.onsuccess = () => { q.result.close(); ok(); };
        q.onerror = fail;
    });
}"""

FOUND = """async () => ({
    local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie,
    idb: (await indexedDB.databases()).map(d => d.name),
})"""


def test_a_wiped_context_keeps_nothing_of_the_last_test(shared_context, server):
    ctx = shared_context
    page = kit.watch(ctx.new_page(), server)
    kit.goto(page, "/", "cloutlab")
    assert any(c["name"] == "cloutlab_browser" for c in ctx.cookies()), "the app set no browser-id cookie"
    page.evaluate(LEAVE_BEHIND)
    ctx.grant_permissions(["clipboard-read"], origin=server)
    routed: list[str] = []
    ctx.route("**/*", lambda route: (routed.append(route.request.url), route.continue_()))
    heard: list[str] = []
    ctx.on("request", lambda r: heard.append(r.url))
    second_tab = ctx.new_page()
    before = page.evaluate(FOUND)
    assert "left" in before["local"] and "left" in before["session"] and "left-behind" in before["idb"], before

    kit.wipe_context(ctx, server)

    assert ctx.pages == [] and second_tab.is_closed()
    assert ctx.cookies() == []
    after = ctx.new_page()
    kit.watch(after, server)
    routed.clear(), heard.clear()
    kit.goto(after, "/", "cloutlab")
    assert routed == [] and heard == [], "a route or listener of the last test still runs"
    assert after.evaluate("() => navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)") != "granted"
    found = after.evaluate(FOUND)
    # The app's own entries come back with the load; the ones the last test left must not.
    assert "left" not in found["local"] and "left" not in found["session"] and "left-behind" not in found["idb"], found
    assert "left" not in found["cookie"]
    kit.wipe_context(ctx, server)
