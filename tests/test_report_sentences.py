"""The HTML report tells the scenario in sentences, not raw keys (issue 15)."""

from cloutlab.present import report
from cloutlab import whatif


def test_every_slider_reads_as_a_sentence():
    s = whatif.Scenario(frequency=2.0, break_weeks=1, repost_share=0.3, reply_share=0.5, bought_followers=10_000,
                        ring_size=30, ring_reactions=30, unlink="mastodon")
    said = report.scenario_sentences(whatif.to_query(s))
    text = " ".join(said)
    assert "Posts 2 times as often" in text and "break of 1 week with no posts" in text
    assert "30% of their items reposts" in text and "Buys 10,000 followers" in text
    assert "engagement ring of 30 accounts that add 30 likes" in text and "Unlinks their mastodon" in text
    for key in whatif.to_query(s):
        assert key not in text, key  # no raw keys such as ring_size


def test_no_change_and_a_fraction():
    assert report.scenario_sentences({}) == ["No change: the what-if is the person's real activity."]
    assert "Posts 14% as often" in report.scenario_sentences(whatif.to_query(whatif.Scenario(frequency=1 / 7)))[0]
