"""Import from this computer in a real browser (issue 26): offered on the default loopback server, absent with one
sentence when the server is started with --server.address 0.0.0.0. The browser only ever talks to 127.0.0.1."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import e2e_kit as kit


@pytest.fixture(scope="module")
def network_server(browser):
    # Listens on every interface, as a workshop server does; the test still connects to 127.0.0.1 only.
    with kit.streamlit_server("streamlit-network.log", extra_args=("--server.address", "0.0.0.0")) as url:
        yield url


def test_served_to_a_network_the_path_option_is_absent(browser, network_server):
    ctx = browser.new_context()
    try:
        page = kit.watch(ctx.new_page(), network_server)
        assert page.base_url.startswith("http://127.0.0.1:")
        page.set_default_timeout(kit.TIMEOUT)
        kit.goto(page, "/", "cloutlab", timeout=2 * kit.TIMEOUT)
        kit.goto(page, "/import", "Import your export")
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text("Import from this computer is off", exact=False)).to_have_count(1)
        expect(main.get_by_text("serving the room", exact=False)).to_have_count(1)
        expect(page.get_by_label("Path on this computer")).to_have_count(0)
        expect(page.get_by_role("button", name="Import from this computer")).to_have_count(0)
        kit.assert_clean(page, "/import on a network server")
    finally:
        ctx.close()


def test_on_this_machine_a_path_imports_in_place(new_page, export_fixtures):
    page = new_page()
    kit.goto(page, "/import", "Import your export")
    field = page.get_by_label("Path on this computer")
    field.fill(str(export_fixtures["x_zip"]))
    field.press("Enter")
    kit.wait_idle(page)
    page.get_by_role("button", name="Import from this computer").click()
    kit.wait_idle(page)
    expect(page.get_by_text("Imported in this session")).to_be_visible()
    kit.assert_clean(page, "/import by path")


def _big_x_zip(path, n: int):
    """An X archive of `n` small tweets (one part), written quickly: enough for an import that lasts seconds."""
    import json
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("data/tweets.js", "w", force_zip64=True) as out:
            out.write(b"window.YTD.tweets.part0 = [\n")
            for start in range(0, n, 20_000):
                rows = ",\n".join(
                    '{"tweet":{"id_str":"%d","id":"%d","full_text":"tweet number %d about engines","created_at":'
                    '"Mon Jan 04 09:%02d:00 +0000 2021","favorite_count":"%d","retweet_count":"0","lang":"en"}}'
                    % (10**15 + i, 10**15 + i, i, i % 60, i % 7) for i in range(start, min(n, start + 20_000)))
                out.write(((",\n" if start else "") + rows).encode())
            out.write(b"\n]")
        zf.writestr("data/account.js", "window.YTD.account.part0 = " + json.dumps(
            [{"account": {"username": "big_bench", "accountId": "7", "accountDisplayName": "Big"}}]))
    return path


@pytest.fixture(scope="module")
def big_zip(tmp_path_factory):
    return _big_x_zip(tmp_path_factory.mktemp("big") / "big-archive.zip", 1_000_000)


def test_progress_moves_and_cancel_leaves_the_imports_as_they_were(new_page, export_fixtures, big_zip):
    page = new_page()
    kit.goto(page, "/import", "Import your export")
    field = page.get_by_label("Path on this computer")
    field.fill(str(export_fixtures["x_zip"]))
    field.press("Enter")
    kit.wait_idle(page)
    page.get_by_role("button", name="Import from this computer").click()
    kit.wait_idle(page)
    expect(page.get_by_text("Imported in this session")).to_be_visible()
    field.fill(str(big_zip))
    field.press("Enter")
    kit.wait_idle(page)
    page.get_by_role("button", name="Import from this computer").click()
    cancel = page.get_by_role("button", name="Cancel import")
    expect(cancel).to_be_visible()
    bar = page.get_by_test_id("stProgress")
    expect(bar).to_contain_text("MB read")
    first = bar.inner_text()
    page.wait_for_function("(t) => { const b = document.querySelector('[data-testid=\"stProgress\"]');"
                           " return b && b.innerText !== t; }", arg=first, timeout=10_000)  # the bar moves
    cancel.click()
    expect(page.get_by_text("Import cancelled", exact=False)).to_be_visible(timeout=10_000)
    kit.wait_idle(page)
    rows = page.get_by_test_id("stDataFrame").first
    expect(rows).to_be_visible()
    expect(page.get_by_text("big-archive", exact=False)).to_have_count(1)  # only in the cancel note, not the log
    kit.assert_clean(page, "/import cancelled")
