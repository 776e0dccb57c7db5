"""The simulated outcome tells the story it exists for (issue 13; sources in docs/klout-record.md).

The people this project comes from: the number that matters is on the royalty cheque, and time spent
feeding the score is time not spent on the work. Klout itself said influence is "the ability to drive
action" (Klout Support, "How is the Klout Score measured?"); Goodhart (docs/klout-record.md section 4.4): when a
measure becomes a target it ceases to be a good measure. Bots gamed the score (First Monday 2013, LAUNCH
on @_BorgCollective); bought followers left it flat (Ignite Social Media).
"""

import json

import pytest

from cloutlab import whatif
from cloutlab.store import demo
from cloutlab.whatif import gaming, outcome
from cloutlab.scores import opaque

GAMING = ("bot", "post_more", "ring", "buy_followers", "repost_all")


@pytest.fixture(scope="module")
def students(demo_personas):
    out = {}
    for name, p in demo.PERSONAS.items():
        base = demo_personas.input(name)
        out[name] = gaming.Student(name, name, demo_personas.prepared(name), base.followers, base, p.outcome_rate,
                                   p.outcome)
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
    obj = _cli("whatif", "--demo", "novelist", "--set", "frequency=10")  # in process; exit 0 asserted there
    for side in ("baseline", "what_if"):
        assert set(obj[side]["outcome"]) == {"per_week", "unit", "from", "to"}
        assert (obj[side]["outcome"]["from"], obj[side]["outcome"]["to"]) == ("2026-10-04", obj["date"])
        assert obj[side]["outcome"]["unit"] == "book sales per week"
    assert obj["delta"]["outcome"] < 0 < obj["delta"]["opaque"]
    assert abs(obj["what_if"]["outcome"]["per_week"] - obj["baseline"]["outcome"]["per_week"]
               - obj["delta"]["outcome"]) < 1e-3


# Issue 21: the outcome's shape, from the seeds (docs/seed-quotes.md, "Should I Care About Klout?", 2012):
# writers are told "unpublished writers spend 90% of their time writing, revising and 10% on social media";
# Jim Callan: "you can spend your entire free time on social media and not produce any actual writing";
# Greta: RTing "doesn't even equate to blog visits, let alone book sales".
WRITERS = ("novelist",)
FREQUENCIES_ABOVE = (1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 7.5, 10.0)


@pytest.mark.parametrize("name", WRITERS + ("broadcaster",))
def test_posting_more_than_ones_own_rate_never_raises_the_outcome(students, name):
    s = students[name]
    b = outcome.recent(s.baseline, s.outcome_rate)
    outs = [outcome.recent(_after(s, {"frequency": f}), s.outcome_rate) for f in FREQUENCIES_ABOVE]
    assert all(o <= b + 1e-9 for o in outs), (name, b, outs)
    assert outs[-1] < 0.8 * b  # ten times the posts: the work starves


def test_posting_once_a_week_costs_the_novelist_at_most_ten_percent():
    # Cora: "limited my posts to once a week while I rested and evaluated my status."
    run = _cli("whatif", "--demo", "novelist", "--set", "frequency=0.142857")
    assert run["delta"]["outcome"] >= -0.10 * run["baseline"]["outcome"]["per_week"]
    assert run["delta"]["opaque"] < -5  # while the black box sinks


def test_the_novelists_once_a_week_summer_holds_her_sales_then_raises_them(students):
    """Her own summer of 2026 (June to August, once a week): the opaque score "dropped like a lead weight inside
    of a week" (Cora), the book sales hold within 10% while it lasts and are higher after it than before."""
    s = students["novelist"]
    week = outcome.weekly(s.baseline, s.outcome_rate)
    before = week["2026-04-06":"2026-05-25"].mean()
    during = week["2026-06-01":"2026-08-24"]
    after = week["2026-09-07":"2026-10-19"].mean()
    assert during.min() >= 0.9 * before
    assert after > before
    sc = opaque.score_series(s.baseline)["score"]
    assert sc["2026-06-08"] < sc["2026-05-31"] - 3


@pytest.mark.parametrize("name", WRITERS + ("broadcaster",))
def test_reposting_more_never_raises_the_outcome(students, name):
    s = students[name]
    b = outcome.recent(s.baseline, s.outcome_rate)
    own = float(s.baseline.daily["repost"].sum() / s.baseline.daily[["original", "reply", "repost", "quote"]].sum().sum())
    shares = [x for x in (0.2, 0.4, 0.6, 0.8, 1.0) if x > own]
    outs = [outcome.recent(_after(s, {"repost_share": x}), s.outcome_rate) for x in shares]
    assert all(o <= b + 1e-9 for o in outs), (name, b, outs)
    assert all(a >= c - 1e-9 for a, c in zip(outs, outs[1:]))  # and the more reposts, the less


@pytest.mark.parametrize("bought", (100, 1_000, 10_000, 100_000))
def test_bought_followers_never_move_the_outcome(students, bought):
    for name in ("novelist", "broadcaster", "midsize_pro"):
        s = students[name]
        assert outcome.recent(_after(s, {"bought_followers": bought}), s.outcome_rate) == \
            pytest.approx(outcome.recent(s.baseline, s.outcome_rate))


def test_a_week_off_costs_at_most_two_percent_and_an_audience_away_lowers_it(students):
    for name, s in students.items():
        b = outcome.recent(s.baseline, s.outcome_rate)
        if b <= 0:
            continue  # the bot sells nothing to begin with
        assert outcome.recent(_after(s, {"break_weeks": 1}), s.outcome_rate) >= 0.98 * b, name
        aways = [outcome.recent(_after(s, {"audience_away": w}), s.outcome_rate) for w in (1, 2, 4)]
        assert aways[0] < b and aways[1] < aways[0] + 1e-9 and aways[2] < aways[1] + 1e-9, (name, b, aways)


def test_the_outcome_is_read_over_the_scores_window():
    run = _cli("whatif", "--demo", "novelist", "--set", "break_weeks=4", "--set", "break_start=2026-03-02",
               "--at", "2026-03-29")
    out = run["baseline"]["outcome"]
    assert (out["from"], out["to"]) == ("2026-03-02", "2026-03-29") and run["date"] == "2026-03-29"
    # the break weeks themselves: spent on the book, they cost the sales little
    assert run["delta"]["outcome"] >= -0.05 * out["per_week"]


def test_done_when_figures_of_issue_21():
    for f in ("1.5", "2", "3", "5", "10"):
        assert _cli("whatif", "--demo", "novelist", "--set", f"frequency={f}")["delta"]["outcome"] <= 0, f
    for change in ("frequency=1.5", "repost_share=0.8"):
        assert _cli("whatif", "--demo", "broadcaster", "--set", change)["delta"]["outcome"] <= 0, change
    one_week = _cli("whatif", "--demo", "novelist", "--set", "break_weeks=1")
    assert one_week["delta"]["outcome"] >= -0.02 * one_week["baseline"]["outcome"]["per_week"]
    assert _cli("whatif", "--demo", "novelist", "--set", "audience_away=2")["delta"]["outcome"] < 0


def _cli(*argv):
    import contextlib
    import io

    from cloutlab import cli

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main([*argv, "--json"]) == 0
    return json.loads(buf.getvalue())
