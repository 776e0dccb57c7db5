"""Paths people take through the app (issue 10): revisits, dataset switches, the engagement ring, presets.

AppTest runs the real app.py; each test walks a path a person took and asserts no exception box."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from helpers import metric

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ["pages/home.py", "pages/import.py", "pages/scores.py", "pages/whatif.py", "pages/gaming.py",
         "pages/methodology.py"]


def start(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def test_what_if_survives_a_second_visit_and_keeps_its_sliders():
    at = visit(start(), "pages/whatif.py")
    at.slider(key="wi_break_weeks").set_value(3).run()
    at.slider(key="wi_frequency").set_value(2.0).run()
    for page in ("pages/home.py", "pages/scores.py", "pages/whatif.py", "pages/gaming.py", "pages/whatif.py"):
        visit(at, page)
    assert at.slider(key="wi_break_weeks").value == 3
    assert at.slider(key="wi_frequency").value == 2.0


def test_every_page_forward_reverse_forward_with_a_dataset_switch():
    at = start()
    for page in PAGES + PAGES[::-1]:
        visit(at, page)
    at.session_state["dataset"] = "demo:bot"
    for page in PAGES:
        visit(at, page)


def test_ring_accounts_alone_has_an_effect_and_shown_values_are_applied():
    at = visit(start(), "pages/whatif.py")
    before = metric(at, "Opaque score on").value
    at.slider(key="wi_ring_size").set_value(30).run()
    assert at.slider(key="wi_ring_reactions").value == 30  # each ring account likes every post
    assert metric(at, "Opaque score on").value != before
    at.slider(key="wi_ring_size").set_value(10).run()
    assert at.slider(key="wi_ring_reactions").value == 10  # shown = applied (at most one like per account)
    assert at.query_params["ring_reactions"] == "10"
    at.slider(key="wi_ring_reactions").set_value(40).run()
    assert at.slider(key="wi_ring_size").value == 40


def test_ring_likes_alone_has_an_effect():
    at = visit(start(), "pages/whatif.py")
    before = metric(at, "Opaque score on").value
    at.slider(key="wi_ring_reactions").set_value(20).run()
    assert at.slider(key="wi_ring_size").value == 20
    assert metric(at, "Opaque score on").value != before


def test_the_preset_box_forgets_its_name_once_a_slider_moves():
    at = visit(start(), "pages/whatif.py")
    at.selectbox(key="wi_preset").set_value("Buy 10,000 followers").run()
    assert at.slider(key="wi_bought_followers").value == 10_000
    at.slider(key="wi_bought_followers").set_value(20_000).run()
    assert at.selectbox(key="wi_preset").value == "Choose a classic case..."
    assert at.query_params["bought_followers"] == "20000"


def upload(at: AppTest, *paths) -> AppTest:
    visit(at, "pages/import.py")
    at.file_uploader(key="uploads").set_value([(p.name, p.read_bytes(), "application/octet-stream") for p in paths]).run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_page_url_carries_its_dataset(export_fixtures):
    at = start()
    for page in PAGES:
        visit(at, page)
        assert at.query_params["persona"] == ["novelist"] or at.query_params["persona"] == "novelist", page
    upload(at, export_fixtures["x_zip"]).run()
    for page in PAGES:
        visit(at, page)
        assert "persona" not in at.query_params, page
        assert str(at.query_params["dataset"]).strip("[]'") == "import:x:ada_lovelace", page


def test_a_link_to_an_import_this_browser_lacks_says_so_and_keeps_the_scenario():
    at = visit(start({"dataset": "import:x:ada_lovelace", "break_weeks": "2"}), "pages/whatif.py")
    said = " ".join(w.value for w in at.warning).replace("\\", "")  # the note is escaped markdown (issue 24)
    assert "not in this browser" in said and "ada_lovelace" in said
    assert at.session_state["dataset"] == "demo:novelist"
    assert at.slider(key="wi_break_weeks").value == 2  # the same scenario, on a demo persona


def test_imports_survive_a_reload_and_can_be_deleted_for_good(export_fixtures):
    from cloutlab.ui import persist

    at = upload(start(), export_fixtures["mastodon_zip"])
    browser = at.session_state["_browser_id"]
    again = AppTest.from_file(APP, default_timeout=90)  # a reload: a new session, the same browser id
    again.session_state["_browser_id"] = browser
    again.run()
    assert any(k.startswith("Imported:") and "mastodon" in k for k in again.selectbox(key="dataset_picker").options)
    visit(again, "pages/import.py")
    assert "Kept for this browser" in [h.value for h in again.subheader]
    file = persist.path(browser)  # in a folder named by a hash of the id (issue 24)
    assert file.exists() and str(persist.data_dir()) in " ".join(c.value for c in again.caption)
    again.button(key="forget_imports").click().run()
    assert not file.exists() and again.session_state["dataset"] == "demo:novelist"
    assert not any(k.startswith("Imported:") for k in again.selectbox(key="dataset_picker").options)
    other = start()  # another browser never sees them
    assert not any(k.startswith("Imported:") for k in other.selectbox(key="dataset_picker").options)


def test_no_disk_setting_writes_nothing_and_says_imports_go_on_reload(export_fixtures, monkeypatch):
    from cloutlab.ui import persist

    monkeypatch.setenv("CLOUTLAB_NO_DISK", "1")
    before = set(persist.data_dir().glob("*"))
    at = upload(start(), export_fixtures["x_zip"])
    assert set(persist.data_dir().glob("*")) == before
    assert any("gone when you reload" in c.value for c in at.caption)
    assert any("a reload or closing the tab loses them" in w.value for w in at.warning)
    assert any("reload loses them" in c.value for c in at.sidebar.caption)


def test_ring_likes_set_by_hand_stay_when_the_accounts_move():
    at = visit(start(), "pages/whatif.py")
    at.slider(key="wi_ring_size").set_value(20).run()
    at.slider(key="wi_ring_reactions").set_value(5).run()
    at.slider(key="wi_ring_size").set_value(50).run()
    assert at.slider(key="wi_ring_reactions").value == 5  # the person's choice, still at most the accounts
    at.slider(key="wi_ring_size").set_value(3).run()
    assert at.slider(key="wi_ring_reactions").value == 3
