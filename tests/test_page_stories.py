"""The Stories page: every story listed with its narrative, quote and source; one click replays it (issue 13)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from helpers import dataframe_with

from cloutlab.present import citations as sources
from cloutlab.whatif import stories

ROOT = Path(__file__).resolve().parents[1]


def test_every_story_is_listed_and_replays_with_one_click():
    at = AppTest.from_file(str(ROOT / "pages" / "stories.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    titles = [s.value for s in at.subheader]
    assert titles == [s.title for s in stories.STORIES.values()]
    text = "\n".join(m.value for m in at.markdown)
    for s in stories.STORIES.values():
        assert all(sources.BY_ID[src].url in text for src in s.sources), s.key
    at.button(key="story_perfect_100").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = dataframe_with(at, "Figure", "Before", "After").value
    assert table["Before"].iloc[0] == 100 and 90 <= table["After"].iloc[0] <= 94
    assert any("better than" in c.value for c in at.caption)
