"""The simulated outcome tells the story it exists for (issue 13; sources in docs/klout-record.md).

The people this project comes from: the number that matters is on the royalty cheque, and time spent
feeding the score is time not spent on the work. Klout itself said influence is "the ability to drive
action" (Klout Support, "How is the Klout Score measured?"); Goodhart (docs/klout-record.md section 4.4): when a
measure becomes a target it ceases to be a good measure. Bots gamed the score (First Monday 2013, LAUNCH
on @_BorgCollective); bought followers left it flat (Ignite Social Media).
"""

import json
import subprocess
import sys

import pytest

from cloutlab import activity, store, whatif
from cloutlab.store import demo
from cloutlab.whatif import gaming, outcome
from cloutlab.scores import inputs, opaque

GAMING = ("bot", "post_more", "ring", "buy_followers", "repost_all")


@pytest.fixture(scope="module")
def students():
    con = store.connect()
    out = {}
    for name, p in demo.PERSONAS.items():
        keys = demo.load_persona(con, name)
        base = inputs.from_store(con, keys, seed=f"demo:{name}")
        out[name] = gaming.Student(name, name, whatif.prepare(activity.posts_table(con, keys)), base.followers,
                                   base, p.outcome_rate, p.outcome)
    return out


def _after(student, changes):
    return whatif.simulate(student.prepared, student.followers, whatif.Scenario(**changes), student.baseline.seed)


def test_no_gaming_strategy_raises_anyones_outcome_while_the_black_box_can_rise(students):
    rose = 0
    for name, s in students.items():
        before = outcome.recent(s.baseline, s.outcome_rate)
        score0 = opaque.score_series(s.baseline)["score"].iloc[-1]
        for key in GAMING:
            after = _after(s, gaming.STRATEGIES[key].changes)
            assert outcome.recent(after, s.outcome_rate) <= before + 1e-9, (name, key)
            rose += opaque.score_series(after)["score"].iloc[-1] > score0 + 1
    assert rose >= 2 * len(students)  # the opaque score rises for about half of the same games


# Lettink: the score "dived" after two days off; a novelist's "dropped like a lead weight inside of a week".
def test_a_one_week_break_costs_the_score_3_points_but_not_the_outcome(students):
    for name in ("novelist", "conversationalist", "follower_buyer"):
        s = students[name]
        after = _after(s, {"break_weeks": 1})
        base, brk = opaque.score_series(s.baseline)["score"], opaque.score_series(after)["score"]
        assert (base - brk).iloc[-7:].max() >= 3, name
        b, a = outcome.recent(s.baseline, s.outcome_rate), outcome.recent(after, s.outcome_rate)
        assert abs(a - b) <= 0.1 * b, name


def test_ten_times_the_posting_costs_the_novelists_book_sales(students):
    s = students["novelist"]
    b = outcome.recent(s.baseline, s.outcome_rate)
    assert outcome.recent(_after(s, {"frequency": 10.0}), s.outcome_rate) < 0.8 * b


def test_a_break_spent_on_the_work_does_not_zero_it(students):
    for name in ("novelist", "celebrity", "broadcaster"):
        s = students[name]
        b = outcome.recent(s.baseline, s.outcome_rate)
        assert outcome.recent(_after(s, {"break_weeks": 13}), s.outcome_rate) >= 0.3 * b, name


def test_genuine_engagement_helps_with_diminishing_returns():
    from helpers import synthetic_input

    low, mid, high = (outcome.recent(synthetic_input(1, rpp, 500, seed=2)) for rpp in (1, 4, 16))
    assert low < mid < high
    assert (high - mid) < (mid - low) * 4  # four times the reactions: far less than four times the gain


def test_gaming_lab_ranks_outcomes_by_change_against_each_students_own_baseline(students):
    rows = [gaming.play(students["celebrity"], gaming.STRATEGIES["bot"]),
            gaming.play(students["novelist"], gaming.STRATEGIES["as_is"])]
    board = gaming.rank(rows).set_index("student")
    # The celebrity sells far more tickets than the novelist sells books, yet ranks below her: she lost some.
    assert board.loc["celebrity", "outcome"] > board.loc["novelist", "outcome"]
    assert board.loc["celebrity", "outcome_pct"] < 0 == board.loc["novelist", "outcome_pct"]
    assert board.loc["novelist", "rank_outcome"] < board.loc["celebrity", "rank_outcome"]
    assert "Outcome change (% of own baseline)" in gaming.table(gaming.rank(rows), "outcome").columns


def test_whatif_json_has_the_outcome():
    run = subprocess.run([sys.executable, "-m", "cloutlab", "whatif", "--demo", "novelist", "--set", "frequency=10",
                          "--json"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    obj = json.loads(run.stdout)
    for side in ("baseline", "what_if"):
        assert set(obj[side]["outcome"]) == {"per_week", "unit"}
        assert obj[side]["outcome"]["unit"] == "book sales per week"
    assert obj["delta"]["outcome"] < 0 < obj["delta"]["opaque"]
    assert abs(obj["what_if"]["outcome"]["per_week"] - obj["baseline"]["outcome"]["per_week"]
               - obj["delta"]["outcome"]) < 1e-3
