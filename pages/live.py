"""Live class (issue 25): the teacher's page, for the projector. Students join on pages/join.py."""

import streamlit as st

from cloutlab.ui import live_class, live_projector
from cloutlab.ui.page import ensure_app

ensure_app()

st.title("Live class")
room = live_class.teacher_room()
if room is None:
    st.markdown("Students join from their phones with a code or a QR code, without an account. Each plays a "
                "strategy, predicts, and judges who is more influential; this screen shows the whole room. The "
                "class keeps only their answers, and is deleted when you end it (or after a day).")
    if st.button("Start a live class", type="primary", key="live_start_here"):
        live_class.start()
        st.rerun()
    st.stop()
live_projector.header(room)
live_projector.controls(room)
live_projector.room_view(room.code)
