"""The teacher's page, made to be projected: the code, the QR code and the join address; the controls
(lock joining, next step, reveal, export, end); and the room, redrawn twice a second by a fragment that
reads the class file only when an answer arrived."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cloutlab.live import address, lesson, tally
from cloutlab.live.rooms import ClassEnded, Room
from cloutlab.present import charts_live, citations
from cloutlab.present.text import md_escape
from cloutlab.ui import links, live_class
from cloutlab.ui.plot import chart

POLL = 0.5  # seconds between two redraws of the room: a pick shows within a second
VIEW = "live_projector_view"  # (code, version) -> what was drawn, and the ranks before the last change
CONFIRM_END = "live_confirm_end"
SHOW_JOIN = "live_show_join"


def _join_base() -> tuple[str, str | None]:
    try:
        url, host = st.context.url, st.context.headers.get("Host")
    except Exception:  # noqa: BLE001 - no request (AppTest)
        url, host = None, None
    return address.join_base(url if isinstance(url, str) else None, host if isinstance(host, str) else None,
                             st.get_option("server.address"), int(st.get_option("server.port")),
                             st.get_option("server.baseUrlPath") or "")


def header(room: Room) -> None:
    """Code, QR code and address, large enough to read from the back of a room; one line once the teacher
    hides them (everyone is in: the room's answers get the screen)."""
    base, warning = _join_base()
    url = address.join_url(base, room.code)
    if not st.session_state.get(SHOW_JOIN, True):
        st.markdown(f"Join: `{url}` (code **{room.code}**)")
        return
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left:
        st.metric("Class code", " ".join(room.code[i:i + 3] for i in (0, 3)))
        st.markdown("Join on your phone: scan the QR code, or open this address and type the code:")
        links.copy_field(url, "join this class", big=True)
        if warning:
            st.warning(warning)
    right.image(address.qr_png(url), caption="Scan to join", width=200)


def controls(room: Room) -> None:
    """The teacher's buttons, in one row under the join box: in reach without scrolling on a 1280x720
    projector (the sidebar's nav and dataset picker pushed them below its fold)."""
    step = room.state.get("step", "play")
    locked = room.state.get("locked") == "1"
    revealed = room.state.get("revealed") == "1"
    cols = st.columns([1, 1, 1, 1.3, 1, 1.5], vertical_alignment="center")
    if cols[0].button("Open joining" if locked else "Lock joining", key="live_lock",
                      help="Nobody new can join while joining is locked."):
        room.set_state(locked="0" if locked else "1")
        st.rerun()
    last = step == lesson.STEPS[-1]
    if cols[1].button("Next step", key="live_next", disabled=last, type="primary"):
        room.set_state(step=lesson.next_step(step), revealed="0")
        st.rerun()
    if cols[2].button("Reveal", key="live_reveal", disabled=step == "play" or revealed):
        room.set_state(revealed="1")
        st.rerun()
    cols[3].download_button("Export CSV", tally.export_csv(room.export()), f"class-{room.code}.csv",
                            "text/csv", key="live_export", on_click="ignore",
                            help="Every answer of the class (nicknames and answers), as CSV")
    if cols[4].button("End class", key="live_end"):
        st.session_state[CONFIRM_END] = True
    cols[5].toggle("Show how to join", value=True, key=SHOW_JOIN,
                   help="Hide the code and QR code once everyone is in: the room's answers get the screen.")
    if st.session_state.get(CONFIRM_END):
        st.warning("Ending the class deletes every answer in it. Export them first if you want to keep them.")
        a, b, _ = st.columns([1.5, 1, 2])
        if a.button("Yes, end it and delete the answers", key="live_end_yes", type="primary"):
            st.session_state.pop(CONFIRM_END, None)
            live_class.end(room)
            st.rerun()
        if b.button("Keep the class", key="live_end_no"):
            st.session_state.pop(CONFIRM_END, None)
            st.rerun()
    live_class.share_imports(room)


def _view(room: Room) -> dict:
    """What the projector draws, recomputed only when the class's version moved since the last poll."""
    view = st.session_state.get(VIEW)
    if view is not None and view["key"] == (room.code, room.version):
        return view
    snap = room.snapshot()
    ranked = tally.board(snap.picks, snap.students, live_class.row_for)
    now = tally.ranks(ranked)
    before = view["ranks"] if view is not None and view["key"][0] == room.code else {}
    changes = tally.moved(before, now) if now != before else (view or {}).get("changes", {})
    view = {"key": (room.code, snap.version), "snap": snap, "table": tally.projector_table(ranked, changes),
            "ranks": now, "changes": changes}
    st.session_state[VIEW] = view
    return view


@st.fragment(run_every=POLL)
def room_view(code: str) -> None:
    """The room as it is now: who joined, then the current step's results."""
    room = live_class.room(code)
    try:
        view = _view(room) if room is not None else None
    except ClassEnded:
        view = None
    if view is None:
        live_class.ended_note()
        return
    snap = view["snap"]
    step = snap.state.get("step", "play")
    revealed = snap.state.get("revealed") == "1"
    names = list(snap.students.values())
    st.markdown(f"**{len(names)} student{'' if len(names) == 1 else 's'}** in the class{' (joining locked)' if snap.state.get('locked') == '1' else ''}. "
                f"Step {lesson.STEPS.index(step) + 1} of {len(lesson.STEPS)}: **{lesson.step_title(step)}**")
    if names:
        st.caption("Just joined: " + ", ".join(md_escape(n) for n in names[-8:][::-1]))
    if step == "play":
        _play(view)
    elif step == "judge":
        _judge(room, snap, revealed)
    else:
        _predict(snap, lesson.question_of(step), revealed)


def _play(view: dict) -> None:
    table = view["table"]
    st.subheader("Leaderboard")
    if table.empty:
        st.info("Waiting for the first pick: on your phone, choose an account and a strategy, then press Play.")
        return
    # Pixel widths that fit the eight columns in a 1280 px projector beside the sidebar: no column hides
    # behind a scroll bar; each header's full meaning is its help.
    col = st.column_config.Column
    st.dataframe(table, hide_index=True, key="live_board", width="stretch", height=min(35 * (len(table) + 1) + 3, 560),
                 column_config={
                     "Rank": col(width=50, help="Rank on the black box (1 = top)"),
                     "Moved": col(width=60, help="Places moved on the black box since the last pick"),
                     "Student": col(width=130), "Account": col(width=110), "Strategy": col(width=190),
                     "Black box": col(width=80, help="The opaque score after the strategy"),
                     "Transparent": col(width=95, help="Rank by the transparent composite"),
                     "Outcome %": col(width=90, help="The real outcome, in percent of the student's own start")})
    st.caption("Ranked by the black box. Transparent: the rank by the transparent composite. Outcome %: each "
               "student's own outcome (books, tickets, visits), in percent of their start.")


def _predict(snap, question: lesson.Question, revealed: bool) -> None:
    st.subheader(question.text)
    counts = tally.answers(snap.predictions, question)
    truth, why = question.truth(live_class.row_for) if revealed else (None, None)
    left, right = st.columns([3, 2])
    chart(left, charts_live.answers(counts, truth, f"The room's answers ({int(counts['Students'].sum())})"),
          "live_answers", config={"displayModeBar": False})
    if revealed:
        right.success(f"**The answer: {md_escape(truth)}.** {md_escape(why)}")
    else:
        right.info("Answer on your phone. The teacher reveals the truth when everyone has answered.")


def _judge(room: Room, snap, revealed: bool) -> None:
    st.subheader("Who is more influential?")
    pairs = room.pairs()
    st.dataframe(tally.pair_votes(snap.judgments, pairs, lambda k: live_class.handle(room, k)), hide_index=True,
                 key="live_pairs")
    if not revealed:
        st.info("Judge each pair on your phone: which account is more influential? The teacher reveals which "
                "numbers agreed with the room.")
        return
    numbers = {k: live_class.numbers(room, k) for pair in pairs for k in pair}
    st.markdown("**How often each number agreed with the class**: the share of your judgments where the "
                "account you chose also had more of it (ties left out), beside the crowd PeerIndex asked in 2013.")
    table = tally.agreement(snap.judgments, numbers, pairs)
    # Words, not "None": a number PeerIndex did not publish, a number no judgment could compare yet.
    table["PeerIndex 2013 crowd %"] = ["" if pd.isna(v) else f"{v:.1f}" for v in table["PeerIndex 2013 crowd %"]]
    table["Agreed with the class %"] = ["no judgment yet" if pd.isna(v) else f"{v:.1f}"
                                        for v in table["Agreed with the class %"]]
    st.dataframe(table, hide_index=True, key="live_agreement", width="stretch")
    src = citations.BY_ID[lesson.PEERINDEX_SOURCE]
    st.caption("PeerIndex 2013: of 5,500 human judgments of which of two Twitter users is more influential, the "
               "share where the one chosen also had more of... " +
               "; ".join(f"{md_escape(k)} {v:.1f}%" for k, v in lesson.PEERINDEX_2013) + f". ({src.link()})")
