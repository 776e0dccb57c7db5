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
