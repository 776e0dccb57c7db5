"""Two people on one server at the same time: what one imports, the other never sees."""

from __future__ import annotations

from playwright.sync_api import expect

import e2e_kit as kit


def _imported(page) -> list[str]:
    return [o for o in kit.picker_options(page) if o.startswith("Imported")]


def test_two_sessions_never_see_each_others_imports(new_page, export_fixtures):
    # Two brand-new browser contexts (none reused from an earlier test): two Streamlit sessions, both open.
    alice, bob = new_page(fresh=True), new_page(fresh=True)
    kit.goto(alice, "/import", "Import your export")
    kit.goto(bob, "/import", "Import your export")

    kit.import_files(alice, [export_fixtures["x_zip"]])
    assert _imported(alice) == ["Imported: ada_lovelace (x)"]

    # Bob's open session reruns (he moves to Home and back): still nothing of Alice's.
    kit.nav_to(bob, "Home")
    assert _imported(bob) == []
    kit.nav_to(bob, "Import")
    expect(bob.get_by_text("Nothing imported yet")).to_be_visible()

    kit.import_files(bob, [export_fixtures["mastodon_zip"]])
    assert _imported(bob) == ["Imported: grace@mastodon.example (mastodon)"]
    assert [r[0] for r in kit.table_rows(bob, 0)[1:]] == [export_fixtures["mastodon_zip"].name]

    # Alice, still open, reruns: only her own import, in the picker and in her import log.
    kit.nav_to(alice, "Home")
    kit.nav_to(alice, "Import")
    assert _imported(alice) == ["Imported: ada_lovelace (x)"]
    assert [r[0] for r in kit.table_rows(alice, 0)[1:]] == [export_fixtures["x_zip"].name]

    # A third, brand-new session sees neither.
    carol = new_page()
    kit.goto(carol, "/import", "Import your export")
    expect(carol.get_by_text("Nothing imported yet")).to_be_visible()
    assert _imported(carol) == []
    for p, who in ((alice, "alice"), (bob, "bob"), (carol, "carol")):
        kit.assert_clean(p, who)
