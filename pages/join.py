"""Join a class (issue 25): the student's page, on a phone. The teacher's projector is pages/live.py."""

import streamlit as st

from cloutlab.ui import live_phone
from cloutlab.ui.page import ensure_app

ensure_app()

st.title("Join a class")
joined = live_phone.current() or live_phone.join_form()
if joined is not None:
    live_phone.draw(*joined)
