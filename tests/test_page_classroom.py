"""The Gaming lab as a lesson (issue 15): a link restores the class, predict-then-reveal hides the results
until the reveal, the step-by-step mode ranks by each step's measure, 'Places moved' says when a student's
own number did not move, and the worksheet is one printable page."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

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
    assert classroom.link("http://h:1", "gaming", picks) == "http://h:1/gaming?class=bot.bot~novelist.ring"


def test_a_link_restores_the_class():
    at = lab({"class": "bot.bot~follower_buyer.buy_followers~celebrity.post_more"})
    assert at.multiselect(key="gl_students").value == ["demo:bot", "demo:follower_buyer", "demo:celebrity"]
    assert at.selectbox(key="gl_strategy_demo:celebrity").value == "post_more"
    assert at.query_params["class"] in ("bot.bot~follower_buyer.buy_followers~celebrity.post_more", ["bot.bot~follower_buyer.buy_followers~celebrity.post_more"])
    assert any("class=bot.bot~follower_buyer.buy_followers~celebrity.post_more" in c.value for c in at.code)
    at.selectbox(key="gl_strategy_demo:bot").set_value("as_is").run()
    assert at.query_params["class"] in ("bot.as_is~follower_buyer.buy_followers~celebrity.post_more", ["bot.as_is~follower_buyer.buy_followers~celebrity.post_more"])


def test_predict_then_reveal():
    at = lab({"class": "bot.bot~novelist.ring"})
    def boards():
        return [d for d in at.dataframe if "Places moved" in d.value.columns]

    assert len(boards()) == 1
    at.toggle(key="gl_predict").set_value(True).run()
    assert len(boards()) == 0  # hidden until the reveal
    assert not any("Rank by" in str(c.proto) for c in at.get("plotly_chart"))
    at.selectbox(key="gl_guess_demo:bot").set_value(2).run()
    at.button(key="gl_reveal_button").click().run()
    assert not at.exception
    assert len(boards()) == 1 and any("Rank by" in str(c.proto) for c in at.get("plotly_chart"))
    guesses = next(d.value for d in at.dataframe if "Your guess" in d.value.columns)
    assert guesses.set_index("Student").loc["@assimilator, a spam bot", "Your guess"] == 2


def test_step_by_step_ranks_by_each_step():
    at = lab()
    at.toggle(key="gl_stepwise").set_value(True).run()
    assert at.radio(key="gl_measure").value == "opaque"
    at.button(key="gl_next").click().run()
    assert at.radio(key="gl_measure").value == "applause_rate"
    assert any("Step 2 of" in i.value for i in at.info)


def test_places_moved_explained():
    assert classroom.moved_reason(1, 20.0, 20.001) == "+1 (others moved)"
    assert classroom.moved_reason(-2, 20.0, 25.0) == "-2"
    assert classroom.moved_reason(0, 20.0, 20.0) == "0"


def test_worksheet_is_one_plain_page():
    sheet = classroom.worksheet_html([("Nell <b>", "Join a ring")], "http://h/gaming?class=x", ["Rank by it."]).decode()
    assert "Nell &lt;b&gt;" in sheet and "@page" in sheet and "<script" not in sheet
