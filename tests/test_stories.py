"""Each story replays its claim in the direction and size the record gives (issues 13 and 21; the quotes are the
people's own words, docs/seed-quotes.md and docs/klout-record.md, and the sources are cited via
cloutlab.present.citations)."""

import pytest

from cloutlab.present import citations as sources
from cloutlab.present import stories


@pytest.fixture(scope="module")
def played():
    return {k: stories.play(k) for k in stories.STORIES}


def _row(result, start):
    return next(r for r in result["rows"] if r["figure"].startswith(start))


def test_every_story_has_two_sentences_a_quote_and_a_recorded_source():
    for s in stories.STORIES.values():
        assert s.narrative.count(". ") + s.narrative.count("! ") == 1 and s.narrative.endswith("."), s.key
        assert s.quote and s.said_by and s.sources and s.quotes, s.key
        assert all(src in sources.BY_ID for src in s.sources), s.key


# Cora: "limited my posts to once a week" and her score "dropped like a lead weight inside of a week"; the
# seeds' lesson: the writing was starved, not the readership (sales hold, then rise once the novel is done).
def test_lead_weight(played):
    r = played["lead_weight"]
    assert r["largest_change"] <= -3
    before, after = r["outcome"]
    assert abs(after - before) <= 0.1 * before
    assert r["outcome_after"] > before


# Linda Maye Adams: "I always see my score drop after a convention because I'm not tweeting at all." Klout: a
# short break "won't have a major impact"; Lettink: it "dived". A drop of a few points, on a steady baseline.
def test_week_off(played):
    r = played["week_off"]
    assert -12 <= r["largest_change"] <= -3
    assert abs(r["baseline_move"]) < abs(r["largest_change"])  # the drop is the break's, not the baseline's
    before, after = r["outcome"]
    assert after >= 0.98 * before


# Anonymous: "It's 20. I expect that's not very good" (docs/seed-quotes.md); Klout: the average is "around 20".
def test_its_20(played):
    r = played["its_20"]
    assert 18 <= r["after"] <= 22 and 40 <= r["percentile_after"] <= 60


# Sunny Frazier: "The only number I'm interested in is the ones on the royalty checks."
def test_royalty(played):
    r = played["royalty"]
    assert r["after"] > r["before"] and r["outcome"][1] < r["outcome"][0]


# LaRock: unlinking Facebook cost 2.69 points; relinking the next day gave back 2.81 (net +0.12).
def test_unlinked(played):
    r = played["unlinked"]
    assert 1 <= r["before"] - r["after"] <= 8
    assert -3.5 <= r["drop"] <= -2.0  # the record: -2.69 on the day (the baseline is steady that day)
    assert r["back"][0] < r["back"][1] < r["back"][2] + 1e-9  # Klout: re-scored "over the next 24-48 hours"
    assert abs(r["back"][1]) < 1 and abs(r["back"][-1]) <= 0.5  # the next day within a fraction of a point
# Greta: "You do a lot of RTing, get RTed you get a high Klout score. So what? It doesn't even equate to blog
# visits, let alone book sales."
def test_rt_heavy(played):
    r = played["rt_heavy"]
    assert r["after"] >= r["before"] + 3
    assert r["outcome"][1] <= r["outcome"][0]


# Ignite: 10,000 bought followers, Klout flat at 66-67.
def test_bought(played):
    r = played["bought"]
    assert abs(r["after"] - r["before"]) < 1.5
    assert _row(r, "Followers")["after"] == _row(r, "Followers")["before"] + 10_000
    assert r["outcome"][1] == r["outcome"][0]


# Klout marketing: follower count is "a tiny component"; the contract reads a number that means nothing.
def test_book_deal(played):
    r = played["book_deal"]
    followers = _row(r, "Followers")
    assert followers["after"] >= 5 * followers["before"]
    assert abs(r["after"] - r["before"]) < 1.5 and r["outcome"][1] == r["outcome"][0]


# Jodi Lea Stewart: "With a Klout score of 73 and a Twitter following of 41,793 tweeps"; 50+ is about the 95th
# percentile (Cooke).
def test_mid_size_73(played):
    r = played["mid_size_73"]
    assert 70 <= r["after"] <= 80 and 40_000 <= _row(r, "Maya")["after"] <= 50_000
    assert _row(r, "Maya")["after"] == 41_793
    assert r["percentile_after"] >= 95


# Cora: "Popularity is not influence and influence is not popularity"; Cha et al. measured the same.
def test_popularity_is_not_influence(played):
    rows = {row["figure"]: row["after"] for row in played["popularity"]["rows"]}
    felix, carlos = "Felix, who bought 10,000 followers", "Carlos, who replies to everyone"
    assert rows[f"{felix}: followers"] > 5 * rows[f"{carlos}: followers"]
    assert rows[f"{carlos}: opaque score"] > rows[f"{felix}: opaque score"]


# my-15minutes: "his Score drops from 100 to 92"; SocialMediaToday: most users went up.
def test_perfect_100(played):
    r = played["perfect_100"]
    assert r["before"] == 100 and 90 <= r["after"] <= 94
    median = _row(r, "Reference population")
    assert median["after"] > median["before"]
