"""Paths people take through the app (issue 10): revisits, dataset switches, the engagement ring, presets.

AppTest runs the real app.py; each test walks a path a person took and asserts no exception box."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

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
    before = at.metric[0].value
    at.slider(key="wi_ring_size").set_value(30).run()
    assert at.slider(key="wi_ring_reactions").value == 30  # each ring account likes every post
    assert at.metric[0].value != before
    at.slider(key="wi_ring_size").set_value(10).run()
    assert at.slider(key="wi_ring_reactions").value == 10  # shown = applied (at most one like per account)
    assert at.query_params["ring_reactions"] == "10"
    at.slider(key="wi_ring_reactions").set_value(40).run()
    assert at.slider(key="wi_ring_size").value == 40


def test_ring_likes_alone_has_an_effect():
    at = visit(start(), "pages/whatif.py")
    before = at.metric[0].value
    at.slider(key="wi_ring_reactions").set_value(20).run()
    assert at.slider(key="wi_ring_size").value == 20
    assert at.metric[0].value != before


def test_the_preset_box_forgets_its_name_once_a_slider_moves():
    at = visit(start(), "pages/whatif.py")
    at.selectbox(key="wi_preset").set_value("Buy 10,000 followers").run()
    assert at.slider(key="wi_bought_followers").value == 10_000
    at.slider(key="wi_bought_followers").set_value(20_000).run()
    assert at.selectbox(key="wi_preset").value == "Choose a classic case..."
    assert at.query_params["bought_followers"] == "20000"
