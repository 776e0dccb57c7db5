"""cloutlab: `streamlit run app.py`. Builds the navigation and the sidebar dataset picker; pages draw."""

import streamlit as st

from cloutlab.ui.a11y import focus_ring
from cloutlab.ui.sidebar import dataset_picker
from cloutlab.ui import persist, session_end, warm
from cloutlab.ui.state import init_state

# An emoji favicon is inline; a :material/: one would be fetched from the internet (we run offline).
st.set_page_config(page_title="cloutlab", page_icon="📈", layout="wide")
warm.start()  # the default demo dataset built in the background, once per process (issue 23)
persist.owner_only()  # imports are private: every file the server creates is owner-only (issue 24)
init_state()
session_end.register()  # a closed tab's data is released when Streamlit drops its session (issue 11)
focus_ring()  # a visible focus ring on every control, every page

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/import.py", title="Import", icon=":material/upload_file:"),
    st.Page("pages/scores.py", title="Scores over time", icon=":material/monitoring:"),
    st.Page("pages/whatif.py", title="What-if lab", icon=":material/tune:"),
    st.Page("pages/stories.py", title="Stories", icon=":material/auto_stories:"),  # issue 13
    st.Page("pages/gaming.py", title="Gaming lab", icon=":material/school:"),
    st.Page("pages/live.py", title="Live class", icon=":material/cast_for_education:"),  # issue 25: the projector
    st.Page("pages/join.py", title="Join a class", icon=":material/phone_iphone:"),  # issue 25: students
    st.Page("pages/methodology.py", title="Methodology", icon=":material/menu_book:"),
]
nav = st.navigation(PAGES)
dataset_picker()
nav.run()
