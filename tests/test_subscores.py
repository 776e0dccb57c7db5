"""Subscores, styles and day-to-day moves with their documented meaning (issue 13; docs/klout-record.md).

Klout: the score measured "How many people you influence (True Reach); How much you influence them
(Amplification); How influential they are (Network Score)" (Klout Support, "How is the Klout Score
measured?"); Network's inputs were the unique senders, commenters, retweeters and likers and "the influence
of ... retweeters and mentioners" (Megan Berry, Business2Community). A celebrity's audience keeps talking.
Styles: "Celebrity: You can't get any more influential than this" (halfblog). Unexplained overnight moves:
"Last night I had a score of 34, yet this morning it plummeted to a measly 31" (geeb10).
"""

import numpy as np
import pandas as pd
import pytest

from cloutlab import whatif
from cloutlab.scores import inputs, opaque, style


@pytest.fixture(scope="module")
def people(demo_personas):
    d = demo_personas
    return {name: (d.input(name), d.opaque(name), d.prepared(name))
            for name in ("bot", "conversationalist", "celebrity", "veteran_2011", "novelist")}


def test_network_comes_from_who_reacts_not_from_what_you_send(people):
    bot, conv = people["bot"][1].iloc[-1], people["conversationalist"][1].iloc[-1]
    assert bot["network"] < conv["network"]  # before: the bot's Network was 98, from replies it sent


def test_a_celebrity_three_months_silent_stays_above_50(people):
    inp, series, prep = people["celebrity"]
    silent = opaque.score_series(whatif.simulate(prep, inp.followers, whatif.Scenario(break_weeks=13), inp.seed))
    assert silent["score"].iloc[-1] > 50  # before: 6.7, below the bot
    assert silent["score"].iloc[-1] < series["score"].iloc[-1]  # still a gradual decrease (Klout's window)


def test_bought_followers_are_never_talked_about(people):
    inp, series, _ = people["novelist"]
    bought = inputs.ScoreInput(inp.daily, inp.followers, bought=((inp.days[-60].date(), 1_000_000),), seed=inp.seed)
    feats, base = opaque.features(bought), opaque.features(inp)
    assert (feats["talked_about"] == base["talked_about"]).all()


def test_styles_follow_the_score(people):
    for name, (inp, series, _) in people.items():
        names = style.style_series(inp.daily, series)
        low = series["score"].reindex(names.index) < style.INFLUENTIAL
        assert not names[low].isin(list(style.GRID[(False, False)].values())).any(), name
        assert not names[series["score"].reindex(names.index) < style.FAMOUS].eq("Celebrity").any(), name
    assert style.style_series(people["celebrity"][0].daily, people["celebrity"][1]).iloc[-1] == "Celebrity"
    assert style.style_series(people["conversationalist"][0].daily, people["conversationalist"][1]).iloc[-1] == \
        "Conversationalist"


def test_occasional_unexplained_moves_of_2_to_4_points_seeded():
    days = pd.date_range("2020-01-01", "2026-12-31")
    ordinal = days.values.astype("datetime64[D]").astype(np.int64).astype(float)
    for seed in ("demo:novelist", "import:x:alice", ""):
        j = opaque.jitter(seed, days)
        moved = opaque.jolt(ordinal, float(opaque.zlib.crc32(seed.encode()) % 10_000)) != 0
        assert 0.01 <= moved.mean() <= 0.06, seed  # occasional
        assert (np.abs(j[moved]) >= 2 - opaque.HIDDEN.jitter).all() and np.abs(j).max() <= 4.0, seed
        assert (j[moved] > 0).any() and (j[moved] < 0).any(), seed  # up or down
        assert np.abs(j[~moved]).max() <= opaque.HIDDEN.jitter, seed  # otherwise the small daily wobble
        np.testing.assert_array_equal(j, opaque.jitter(seed, days))  # seeded: the same date, the same move
