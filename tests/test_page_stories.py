"""The Stories page: every story listed with its narrative, quote and source; one click replays it (issue 13)."""

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import dataframe_with

from cloutlab.present import citations as sources
from cloutlab.present import stories

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


def test_a_replay_is_kept_in_the_app_s_one_cache(monkeypatch):
    """Why: the page kept its own st.cache_data beside ui/data.py's cache (issue 22), so clearing the app's
    data or reading what it holds missed the stories. A replay is computed once for every session."""
    st.cache_resource.clear()  # the file's first test replayed it already
    calls = []
    real = stories.play
    monkeypatch.setattr(stories, "play", lambda key: calls.append(key) or real(key))
    for _ in range(2):  # two sessions
        at = AppTest.from_file(str(ROOT / "pages" / "stories.py"), default_timeout=120).run()
        at.button(key="story_perfect_100").click().run()
        assert not at.exception, [e.value for e in at.exception]
    assert calls == ["perfect_100"]
    caches = [p.relative_to(ROOT) for p in (*ROOT.glob("pages/*.py"), *ROOT.glob("src/cloutlab/**/*.py"))
              if "st.cache_data" in p.read_text() or "st.cache_resource" in p.read_text()]
    assert caches == [Path("src/cloutlab/ui/data.py")]
