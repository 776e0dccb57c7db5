"""Gaming lab: a class plays strategies; the leaderboards tell the Goodhart story."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from helpers import dataframe_with, charts

from cloutlab.whatif import gaming

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def lab() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/gaming.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def board(at: AppTest):
    return dataframe_with(at, "Student", "Strategy").value.set_index("Student")


def test_three_strategies_and_the_leaderboards():
    at = lab()
    picks = {"demo:bot": "bot", "demo:follower_buyer": "buy_followers", "demo:novelist": "ring",
             "demo:conversationalist": "reply_readers"}
    for sid, strategy in picks.items():
        at.selectbox(key=f"gl_strategy_{sid}").set_value(strategy).run()
        assert not at.exception, [e.value for e in at.exception]
    opaque = board(at)
    assert list(opaque["Rank (Opaque score)"]) == sorted(opaque["Rank (Opaque score)"])
    bot, buyer, nell = (opaque.loc[n] for n in ("@assimilator, a spam bot", "Felix, who bought 10,000 followers",
                                                 "Nell, a novelist"))
    assert bot["Opaque score after"] > bot["Opaque score before"] + 5  # the black box rewards the bot
    assert abs(buyer["Opaque score after"] - buyer["Opaque score before"]) < 1.5  # and shrugs at bought followers
    assert nell["Opaque score after"] > nell["Opaque score before"]  # the ring lifts it
    at.radio(key="gl_measure").set_value("outcome").run()
    outcome = board(at)
    assert outcome.loc["@assimilator, a spam bot", "Outcome after"] <= outcome.loc["@assimilator, a spam bot", "Outcome before"]
    assert outcome.loc["Nell, a novelist", "Outcome after"] == outcome.loc["Nell, a novelist", "Outcome before"]
    at.radio(key="gl_measure").set_value("applause_rate").run()
    assert "Rank (Applause rate)" in dataframe_with(at, "Student", "Strategy").value.columns
    assert charts(at)


def test_black_box_reveal_shows_contributions_and_weights():
    at = lab()
    at.toggle(key="gl_reveal").set_value(True).run()
    assert not at.exception
    # Issue 15: a waterfall in plain words with the hidden weights beside it; the statistics in a details expander.
    assert charts(at)
    frames = [d.value for d in at.dataframe]
    weights = next(t.value for t in at.table if "how much you post" in t.value.index)
    assert "Oct 2011" in weights.columns
    features = next(f for f in frames if "feature" in f.columns)
    assert set(features["feature"]) == {"activity", "engagement", "per_post", "outreach", "audience", "networks",
                                        "talked_about"}  # issue 13: mentions by others


def test_record_is_cited_for_each_strategy_played():
    at = lab()
    at.selectbox(key="gl_strategy_demo:bot").set_value("bot").run()
    text = " ".join(m.value for m in at.markdown)
    assert "launch.co" in text  # the BorgCollective story, with its source


def test_csv_table_has_every_measure_and_unique_columns():
    from cloutlab import activity, store, whatif
    from cloutlab.store import demo
    from cloutlab.scores import inputs

    con = store.connect()
    students = []
    for name in ("novelist", "follower_buyer"):
        keys = demo.load_persona(con, name)
        base = inputs.from_store(con, keys, seed=f"demo:{name}")
        students.append(gaming.Student(name, name, whatif.prepare(activity.posts_table(con, keys)), base.followers,
                                       base, demo.PERSONAS[name].outcome_rate, demo.PERSONAS[name].outcome))
    board_ = gaming.rank([gaming.play(students[0], gaming.STRATEGIES["as_is"]),
                                 gaming.play(students[1], gaming.STRATEGIES["buy_followers"])])
    table = gaming.table(board_, None)
    assert table.columns.is_unique
    for m in gaming.MEASURES:
        assert f"Rank ({gaming.MEASURE_NAMES[m]})" in table.columns
    felix = board_.set_index("student").loc["follower_buyer"]
    assert felix["composite"] == felix["composite_before"] and felix["outcome"] == felix["outcome_before"]


def test_everyone_plays_the_same_strategy_and_the_class_starts_with_suggestions():
    at = lab()
    assert at.selectbox(key="gl_strategy_demo:bot").value == "bot"  # the suggested line-up
    at.selectbox(key="gl_everyone").set_value("buy_followers").run()
    assert not at.exception
    table = dataframe_with(at, "Student", "Strategy").value
    assert set(table["Strategy"]) == {"Buy 10,000 followers"}
    moved = (table["Opaque score after"] - table["Opaque score before"]).abs()
    assert moved.max() < 1.5  # the black box shrugs at bought followers, for everyone
