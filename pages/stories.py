"""Stories: the claims of the people this project comes from, replayed on the personas, one click each."""

import pandas as pd
import streamlit as st

from cloutlab.present import citations as sources, stories, urls
from cloutlab.present.text import md_escape
from cloutlab.ui.state import Keys
from cloutlab.ui import data
from cloutlab.ui.page import ensure_app

ensure_app()

st.title("Stories")
st.caption("Each story replays the words of a person from the record on a built-in persona. Press Replay to compute its figures.")


def _played(key: str) -> dict:
    """A story's figures: demo data only, so computed once per process for every session (the app's one
    cache, data.cached)."""
    def compute():
        return {k: v for k, v in stories.play(key).items() if k != "story"}

    with st.spinner("Replaying..."):
        return data.cached(("story", key), compute, shared=True)


def _figures(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    if table["before"].isna().all():
        table = table.drop(columns="before").rename(columns={"after": "value"})
    return table.rename(columns={"figure": "Figure", "before": "Before", "after": "After", "value": "Value",
                                 "unit": "Unit"})


for story in stories.STORIES.values():
    with st.container(border=True):
        st.subheader(story.title)
        st.markdown(md_escape(story.narrative))
        for q in story.quotes:  # verbatim, with who said it and where (cloutlab.present.quotes)
            st.markdown(f"> \u201c{md_escape(q.text)}\u201d  \n> {md_escape(q.said_by)}, *{md_escape(q.where)}*")
        if story.record:
            st.markdown(f"**The record:** {md_escape(story.record)}")
        st.markdown("Sources: " + "; ".join(sources.BY_ID[s].link() for s in story.sources))
        if st.button("Replay", key=f"story_{story.key}"):
            st.session_state[Keys.story_shown(story.key)] = True
        if st.session_state.get(Keys.story_shown(story.key)):
            r = _played(story.key)
            st.dataframe(_figures(r["rows"]), hide_index=True, key=f"story_table_{story.key}")
            st.caption(f"Opaque score {r['after']:.2f} on {r['day']}: better than {r['percentile_after']:.0f}% of "
                       "accounts on that date.")
            if r.get("query"):
                st.markdown(f"[Open this in the What-if lab]({urls.page_link('whatif', r['query'])})")
