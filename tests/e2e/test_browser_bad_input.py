"""Bad input in the browser (docs/DESIGN.md section 11): a refused file is one short st.error and changes nothing
that was loaded; post text is shown as inert text everywhere (no HTML, no markdown, no script)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

import e2e_kit as kit


X_LABEL = "Imported: ada_lovelace (x)"


def _errors(page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("stAlertContentError").all_inner_texts()]


def _log_files(page) -> list[str]:
    rows = kit.table_rows(page, 0)
    return [r[0] for r in rows[1:]]


def test_bad_files_are_one_line_errors_and_loaded_data_stays(new_page, export_fixtures):
    page = new_page()
    kit.goto(page, "/import", "Import your export")
    kit.import_files(page, [export_fixtures["x_zip"]])
    assert _log_files(page) == [export_fixtures["x_zip"].name]
    assert kit.picker_value(page) == X_LABEL

    bad = {k: p for k, p in sorted(export_fixtures.items()) if k.startswith("bad_") and p.is_file()}
    assert len(bad) >= 10, sorted(export_fixtures)
    # All at once: one error per file, in upload order, each naming its file.
    kit.import_files(page, list(bad.values()))
    errors = _errors(page)
    assert len(errors) == len(bad), errors
    for (key, path), message in zip(bad.items(), errors):
        assert path.name in message, (key, message)  # named once: the page adds it only when the sentence lacks it
        assert "\n" not in message and len(message) < 400, (key, message)
        assert not re.search(r"Traceback|Error:|Exception|File \"", message), (key, message)
    kit.screenshot(page, "import-bad-files")
    kit.assert_clean(page, "bad files")  # an st.error, never an exception box

    # Then each one alone (another run of the same page state): same sentence, still nothing lost.
    for key in ("bad_bomb", "bad_traversal"):
        kit.import_files(page, [bad[key]])
        errors = _errors(page)
        assert len(errors) == 1 and bad[key].name in errors[0], (key, errors)

    assert _log_files(page) == [export_fixtures["x_zip"].name]  # the import log still lists the X archive
    assert kit.picker_value(page) == X_LABEL  # ... and it is still the chosen dataset
    assert X_LABEL in kit.picker_options(page)
    kit.nav_to(page, "Home")
    expect(page.get_by_role("heading", name=X_LABEL)).to_be_visible()
    assert kit.metrics(page)["Items posted"] == "10"
    kit.assert_clean(page, "after bad files")


XSS = "<script>alert(1)</script> [click](http://evil) **bold** <img src=x onerror=alert(2)>"


def _xss_csv() -> dict:
    """A CSV whose newest post (the first ledger row: it earns points) carries HTML, a script and markdown."""
    body = ("timestamp,text,likes,reposts,replies\n"
            "2024-03-01T10:00:00Z,plain first post,2,0,0\n"
            f"2024-03-02T10:00:00Z,\"{XSS}\",5,1,1\n")
    return {"name": "xss_post.csv", "mimeType": "text/csv", "buffer": body.encode()}


def _no_live_markup(page, where: str) -> None:
    """Nothing from post text became markup: no link to http://evil, no injected image or script."""
    assert page.locator('a[href^="http://evil"]').count() == 0, where
    assert page.locator('img[src="x"]').count() == 0, where
    assert page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('alert('))") is False, where
    kit.assert_clean(page, where)  # includes: no JS dialog fired


def test_post_text_is_inert_on_every_page(new_page, export_fixtures):
    """Import the X fixture (it holds a <script> post) and a CSV whose scored post holds a script, an
    onerror image and a markdown link; walk every page with a dialog trap armed. On the Scores page the
    ledger shows the text literally, character for character."""
    page = new_page(width=1600)
    fired = []
    page.on("dialog", lambda d: fired.append(d.message))  # kit.watch also dismisses and records dialogs
    kit.goto(page, "/import", "Import your export")
    kit.import_files(page, [export_fixtures["x_zip"], _xss_csv()])
    assert kit.picker_value(page) == "Imported: xss_post (csv)"
    _no_live_markup(page, "/import")

    kit.nav_to(page, "Scores over time")
    ledger = kit.table_rows(page, 0)
    text_col = ledger[0].index("text")
    assert ledger[1][text_col] == XSS, ledger[:3]  # newest first: the literal text, nothing stripped
    _no_live_markup(page, "/scores")
    kit.screenshot(page, "scores-xss-post")

    for info in kit.registered_pages():
        kit.nav_to(page, info.title)
        _no_live_markup(page, info.path)
    kit.pick_dataset(page, "Imported: all my accounts together")  # the X post with <script> joins in
    expect(kit.sidebar_picker(page)).to_have_value("Imported: all my accounts together")
    kit.wait_idle(page)
    kit.nav_to(page, "Scores over time")
    _no_live_markup(page, "/scores (all accounts)")
    assert fired == []
