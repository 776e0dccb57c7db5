"""The Gaming lab as a lesson (issue 15): a link restores the class, predict-then-reveal hides the results
until the reveal, the step-by-step mode ranks by each step's measure, 'Places moved' says when a student's
own number did not move, and the worksheet is one printable page."""

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from helpers import copy_links, charts

from cloutlab.present import urls
from cloutlab.store.datasets import persona_of
from cloutlab.ui import classroom as ui_classroom, data, gaming_state
from cloutlab.whatif import classroom, gaming

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def lab(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/gaming.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_link_round_trip():
    picks = {"demo:bot": "bot", "demo:novelist": "ring", "import:x:ada": "as_is"}
    value = classroom.class_to_query(picks)
    assert value == "bot.bot~novelist.ring"
    back, notes = classroom.class_from_query(value + "~nobody.bot~celebrity.nonsense", {"bot", "novelist", "celebrity"},
                                             gaming.STRATEGIES)
    assert back == {"demo:bot": "bot", "demo:novelist": "ring", "demo:celebrity": "as_is"}
    assert len(notes) == 2
    assert urls.page_url("http://h:1", "gaming", {classroom.PARAM: value}) == "http://h:1/gaming?class=bot.bot~novelist.ring"


def test_a_link_restores_the_class():
    at = lab({"class": "bot.bot~follower_buyer.buy_followers~celebrity.post_more"})
    assert at.multiselect(key="gl_students").value == ["demo:bot", "demo:follower_buyer", "demo:celebrity"]
    assert at.selectbox(key="gl_strategy_demo:celebrity").value == "post_more"
    assert at.query_params["class"] in ("bot.bot~follower_buyer.buy_followers~celebrity.post_more", ["bot.bot~follower_buyer.buy_followers~celebrity.post_more"])
    assert "class=bot.bot~follower_buyer.buy_followers~celebrity.post_more" in copy_links(at)["Link to this class"]
    at.selectbox(key="gl_strategy_demo:bot").set_value("as_is").run()
    assert at.query_params["class"] in ("bot.as_is~follower_buyer.buy_followers~celebrity.post_more", ["bot.as_is~follower_buyer.buy_followers~celebrity.post_more"])


def test_predict_then_reveal():
    at = lab({"class": "bot.bot~novelist.ring"})
    def boards():
        return [d for d in at.dataframe if "Places moved" in d.value.columns]

    assert len(boards()) == 1
    at.toggle(key="gl_predict").set_value(True).run()
    assert len(boards()) == 0  # hidden until the reveal
    assert not any("Rank by" in json.dumps(c) for c in charts(at))
    at.selectbox(key="gl_guess_demo:bot").set_value(2).run()
    at.button(key="gl_reveal_button").click().run()
    assert not at.exception
    assert len(boards()) == 1 and any("Rank by" in json.dumps(c) for c in charts(at))
    guesses = next(d.value for d in at.dataframe if "Your guess" in d.value.columns)
    assert guesses.set_index("Student").loc["@assimilator, a spam bot", "Your guess"] == 2


def _ranked(table, measure: str) -> int:
    """Students the table ranks by `measure` (a rank, not "not in this export")."""
    ranks = table[f"Rank ({gaming.MEASURE_NAMES[measure]})"]
    return int(pd.to_numeric(ranks, errors="coerce").notna().sum())


def test_step_by_step_ranks_by_each_step():
    at = lab()
    at.toggle(key="gl_stepwise").set_value(True).run()
    assert at.radio(key="gl_measure").value == "opaque"
    at.button(key="gl_next").click().run()
    assert at.radio(key="gl_measure").value == "applause_rate"
    assert any("Step 2 of" in i.value for i in at.info)


def test_every_step_of_the_walk_through_ranks_students_on_the_page():
    """Issue 21: step 3 ranked by conversation rate, null for every student of the default class (X and
    Mastodon exports carry no reply counts). Each step, as the page draws it, ranks at least two."""
    at = lab()
    at.toggle(key="gl_stepwise").set_value(True).run()
    for i, (measure, _) in enumerate(ui_classroom.STEPS):
        assert at.radio(key="gl_measure").value == measure
        assert any(f"Step {i + 1} of" in x.value for x in at.info)
        board_ = next(d.value for d in at.dataframe if "Places moved" in d.value.columns)
        assert _ranked(board_, measure) >= 2, (i, measure)
        assert not any("Nobody can be ranked" in x.value for x in at.info)
        if i < len(ui_classroom.STEPS) - 1:
            at.button(key="gl_next").click().run()
            assert not at.exception


def _board(picks):
    return gaming_state.board_for(tuple(picks.items()))


def test_every_step_ranks_at_least_two_in_the_default_class_and_when_everyone_plays_a_preset():
    """The default class with its suggested strategies ranks by each step's own measure; the same students
    when the teacher gives everyone one strategy ("Give everyone the same strategy", each of
    gaming.STRATEGIES) rank by it or by its fallback: three months off or reposting everything leaves no post
    of one's own to divide by."""
    students = classroom.default_class(data.datasets())
    assert len(students) == classroom.DEFAULT_SIZE
    suggested = {sid: gaming.SUGGESTED.get(persona_of(sid), "as_is") for sid in students}
    classes = {"suggested": suggested, **{k: dict.fromkeys(students, k) for k in gaming.STRATEGIES}}
    fell_back = set()
    for name, picks in classes.items():
        board_ = _board(picks)
        ranked = classroom.ranked_counts(board_, gaming.MEASURES)
        for own in dict.fromkeys(m for m, _ in ui_classroom.STEPS):
            used = classroom.step_measure(own, ranked)
            if name == "suggested":
                assert used == own, own
            elif used != own:
                fell_back.add((name, own))
            assert board_[f"rank_{used}"].notna().sum() >= 2, (name, own, used)
            assert _ranked(gaming.table(board_, used), used) >= 2, (name, own, used)
    assert {name for name, _ in fell_back} <= {"summer_break", "repost_all"}, fell_back


def test_a_step_falls_back_only_when_its_own_measure_ranks_fewer_than_two():
    assert classroom.step_measure("applause_rate", {"applause_rate": 2, "composite": 6, "opaque": 6}) == "applause_rate"
    assert classroom.step_measure("applause_rate", {"applause_rate": 1, "composite": 6, "opaque": 6}) == "composite"
    assert classroom.step_measure("applause_rate", {"applause_rate": 0, "composite": 0, "opaque": 3}) == "opaque"
    assert classroom.step_measure("applause_rate", {"applause_rate": 1, "composite": 1, "opaque": 1}) == "applause_rate"
    assert classroom.step_measure("outcome", {}) == "outcome"


def test_a_step_the_class_cannot_rank_by_says_so_and_ranks_by_the_fallback():
    at = lab({"class": "novelist.summer_break~bot.summer_break~broadcaster.summer_break"})
    at.toggle(key="gl_stepwise").set_value(True).run()
    at.button(key="gl_next").click().run()  # step 2: applause rate, but nobody posted in the last 28 days
    assert not at.exception
    assert at.radio(key="gl_measure").value == "composite"
    assert any("ranks by transparent composite instead" in c.value for c in at.caption)
    board_ = next(d.value for d in at.dataframe if "Places moved" in d.value.columns)
    assert _ranked(board_, "composite") == 3


def test_the_amplification_step_says_what_the_default_class_shows():
    """Step 3's sentences, on the default class: the ring and the bought followers leave reposts per post
    where they were, ten times the posts thins them, and the bot draws the fewest."""
    students = classroom.default_class(data.datasets())
    picks = {sid: gaming.SUGGESTED.get(persona_of(sid), "as_is") for sid in students}
    board_ = _board(picks).set_index("strategy")
    names = {k: s.name for k, s in gaming.STRATEGIES.items()}
    for still in ("ring", "buy_followers"):
        row = board_.loc[names[still]]
        assert row["amplification_rate"] == pytest.approx(row["amplification_rate_before"]), still
    thinner = board_.loc[names["post_more"]]
    assert thinner["amplification_rate"] < thinner["amplification_rate_before"]
    assert board_["amplification_rate"].idxmin() == names["bot"]


def test_places_moved_explained():
    assert classroom.moved_reason(1, 20.0, 20.001) == "+1 (others moved)"
    assert classroom.moved_reason(-2, 20.0, 25.0) == "-2"
    assert classroom.moved_reason(0, 20.0, 20.0) == "0"


def test_worksheet_is_one_plain_page():
    sheet = classroom.worksheet_html([("Nell <b>", "Join a ring")], "http://h/gaming?class=x", ["Rank by it."]).decode()
    assert "Nell &lt;b&gt;" in sheet and "@page" in sheet and "<script" not in sheet
