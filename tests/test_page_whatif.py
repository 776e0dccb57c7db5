"""What-if lab: every slider moves a score on some persona; a link restores the view."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import metric, charts

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def lab(persona: str = "novelist", query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.session_state["dataset"] = f"demo:{persona}"
    at.switch_page("pages/whatif.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


LABELS = ("Opaque score on", "Transparent composite", "Outcome:")  # the three headline metrics


def scores(at: AppTest) -> tuple[float, float, float]:
    o, c, y = (metric(at, label).value for label in LABELS)
    return float(o), float(c.replace(",", "")), float(y.replace(",", ""))


def test_identity_changes_nothing():
    at = lab()
    assert [metric(at, label).delta for label in LABELS] == ["+0.00", "+0", "+0.0"]


@pytest.mark.parametrize("key, value, persona", [
    ("wi_frequency", 2.0, "novelist"),
    ("wi_frequency", 0.3, "conversationalist"),
    ("wi_break_weeks", 2, "conversationalist"),
    ("wi_bought_followers", 50_000, "bot"),
])
def test_each_slider_moves_a_score(key, value, persona):
    at = lab(persona)
    before = scores(at)
    at.slider(key=key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    assert scores(at) != before


def test_break_start_date_moves_the_chart():
    import datetime as dt

    at = lab("conversationalist")
    at.slider(key="wi_break_weeks").set_value(4).run()
    spec1 = charts(at)[0]
    at.date_input(key="wi_break_start").set_value(dt.date(2025, 6, 2)).run()
    assert not at.exception
    assert charts(at)[0] != spec1
    assert at.query_params["break_start"] == "2025-06-02"
    assert charts(at)[0]["layout"]["title"]["text"].startswith("Opaque")


@pytest.mark.parametrize("key, value", [("wi_repost_share", "100%"), ("wi_reply_share", "80%")])
def test_share_sliders_move_scores(key, value):
    at = lab("novelist")
    before = scores(at)
    at.select_slider(key=key).set_value(value).run()
    assert not at.exception
    assert scores(at) != before


def test_ring_sliders_move_scores():
    at = lab("novelist")
    before = scores(at)
    at.slider(key="wi_ring_size").set_value(30).run()
    at.slider(key="wi_ring_reactions").set_value(30).run()
    assert not at.exception
    after = scores(at)
    assert after[0] > before[0] and after[1] > before[1] and after[2] == before[2]  # outcome untouched


def test_unlink_moves_the_opaque_score_only():
    import datetime as dt

    at = lab("novelist")
    before = scores(at)
    at.selectbox(key="wi_unlink").set_value("mastodon").run()
    at.date_input(key="wi_unlink_at").set_value(dt.date(2026, 10, 1)).run()
    after = scores(at)
    assert after[0] < before[0] and after[1:] == before[1:]


def test_preset_sets_the_sliders():
    at = lab("novelist")
    at.selectbox(key="wi_preset").set_value("Buy 10,000 followers").run()
    assert not at.exception
    assert at.slider(key="wi_bought_followers").value == 10_000
    assert at.query_params["bought_followers"] == "10000"


def test_a_shared_link_restores_the_view():
    at = lab("conversationalist", {"persona": "conversationalist", "frequency": "2", "break_weeks": "1",
                                   "break_start": "2026-06-01"})
    assert at.slider(key="wi_frequency").value == 2.0
    assert at.slider(key="wi_break_weeks").value == 1
    assert str(at.date_input(key="wi_break_start").value) == "2026-06-01"
    assert float(metric(at, "Opaque score on").delta) != 0


def test_a_bad_link_opens_with_a_note():
    at = lab("novelist", {"frequency": "lots", "break_weeks": "99", "bought_followers": "5000000"})
    assert not at.exception
    assert len(at.warning) >= 2  # one note per value it had to drop or clamp
    assert at.slider(key="wi_frequency").value == 1.0
    assert at.slider(key="wi_break_weeks").value == 52
    assert at.slider(key="wi_bought_followers").value == 100_000


def test_metric_sentences_name_what_moved():
    at = lab("novelist")
    at.slider(key="wi_frequency").set_value(3.0).run()
    text = " ".join(m.value for m in at.markdown)
    assert "Items per week rose" in text and "cannot tell you why" in text


def test_an_unpicked_break_start_follows_the_weeks_and_stays_out_of_the_link():
    import datetime as dt

    at = lab("novelist")
    at.slider(key="wi_break_weeks").set_value(1).run()
    assert at.date_input(key="wi_break_start").value == dt.date(2026, 10, 25)  # the last week
    one = float(metric(at, "Opaque score on").value)
    at.slider(key="wi_break_weeks").set_value(4).run()
    assert at.date_input(key="wi_break_start").value == dt.date(2026, 10, 4)  # still ends on the last day
    assert float(metric(at, "Opaque score on").value) < one
    assert "break_start" not in at.query_params and at.query_params["break_weeks"] == "4"


def test_presets_offer_only_networks_the_dataset_has():
    """A preset that unlinks a network the dataset lacks would change nothing, so it is not offered;
    switching to a dataset without that network drops a chosen one back to no preset."""
    at = lab("networker_fb")
    assert "Unlink Facebook" in at.selectbox(key="wi_preset").options
    at.selectbox(key="wi_preset").set_value("Unlink Facebook").run()
    at.session_state["dataset"] = "demo:novelist"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    options = at.selectbox(key="wi_preset").options
    assert "Unlink Facebook" not in options
    assert at.selectbox(key="wi_preset").value == options[0]


def test_a_link_carries_every_scenario_field():
    """A What-if link built from every Scenario field, each away from its default, opens the lab and the
    lab's own link (what the address bar and Copy link give) reads back to the same Scenario. The lab once
    listed the fields by hand and dropped audience_away_start and seed, so a scenario from `cloutlab whatif`
    gave other numbers in the app."""
    import datetime as dt

    from cloutlab import whatif

    date_widget = lab("networker_fb").date_input(key="wi_unlink_at")
    first, last = date_widget.min, date_widget.max
    assert last - first > dt.timedelta(days=200), (first, last)

    def day(n: int) -> dt.date:  # n days before the data's end
        return last - dt.timedelta(days=n)

    scenario = whatif.Scenario(
        frequency=2.5, break_weeks=3, break_start=day(60), repost_share=0.3, reply_share=0.2,
        bought_followers=20_000, bought_at=day(90), ring_size=40, ring_reactions=25, unlink="facebook",
        unlink_at=day(50), relink_at=day(20), audience_away=2, audience_away_start=day(120), seed=7)
    default = whatif.Scenario()
    assert all(getattr(scenario, f) != getattr(default, f) for f in whatif.FIELDS), "give every field a value"
    at = lab("networker_fb", {"persona": "networker_fb", **whatif.to_query(scenario)})
    assert not at.warning, [w.value for w in at.warning]  # nothing was clamped or dropped on the way in
    assert whatif.from_query(dict(at.query_params)) == scenario

