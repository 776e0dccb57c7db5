"""The student's page, made for a phone: join with the code (a nickname or an animal name), then the step
the teacher is on: play a strategy, answer a prediction, judge pairs. A phone shows this student's own
answers and nothing any other student typed."""

from __future__ import annotations

import streamlit as st

from cloutlab.live import lesson, names
from cloutlab.live.rooms import ClassEnded, Room
from cloutlab.present.text import md_escape
from cloutlab.scores.missing import NOT_IN_EXPORT
from cloutlab.ui import live_class
from cloutlab.whatif import gaming

WATCH = 2.0  # seconds between two looks at the teacher's step
SEEN = "live_phone_seen"  # the class state this phone last drew


def current() -> tuple[Room, str] | None:
    """(class, student id) this session joined, restored from the link (?code=&me=) after a reload."""
    code, sid = st.session_state.get(live_class.STUDENT, (None, None))
    if sid is None:
        code, sid = st.query_params.get("code"), st.query_params.get("me")
    found = live_class.room(code)
    if found is None or not sid or sid not in found.nicknames:
        st.session_state.pop(live_class.STUDENT, None)
        return None
    st.session_state[live_class.STUDENT] = (found.code, sid)
    if (st.query_params.get("code"), st.query_params.get("me")) != (found.code, sid):
        st.query_params["code"], st.query_params["me"] = found.code, sid  # a reload keeps you in the class
    return found, sid


def join_form() -> tuple[Room, str] | None:
    """The code and a nickname. Returns (class, student id) once joined; the form is then taken away in the
    same run (no second run of the page: joining is the moment a room of phones arrives at once)."""
    box = st.empty()
    with box.container():
        typed = st.query_params.get("code", "")
        if typed and live_class.room(typed) is None:
            st.warning("No class with this code is running: it may have ended. Check the code on the projector.")
        code = st.text_input("Class code", value=names.parse_code(typed) or "", max_chars=12, key="live_code",
                             placeholder="ABC 234")
        nick = st.text_input("Your nickname (or leave it empty for an animal name)", max_chars=names.NICK_MAX,
                             key="live_nick", help="Shown on the projector. No account, nothing else about you.")
        if not st.button("Join", type="primary", key="live_join", width="stretch"):
            return None
        found = live_class.room(code)
        if found is None:
            st.error("No class with this code is running. Check the code on the projector.")
            return None
        try:
            sid, _ = found.join(nick)
        except (PermissionError, ClassEnded) as exc:
            st.error(str(exc) if isinstance(exc, PermissionError) else "This class has ended.")
            return None
        # Kept before the next st call: each one is a point where Streamlit stops this run for a newer event
        # (a phone's Enter and tap on Join arrive together), and a run stopped after join() and before this
        # line left the student on the projector and the phone back at an empty form.
        st.session_state[live_class.STUDENT] = (found.code, sid)
    box.empty()
    st.query_params["code"], st.query_params["me"] = found.code, sid  # a reload keeps you in the class
    return found, sid


@st.fragment(run_every=WATCH)
def watch(code: str) -> None:
    """Redraw the page when the teacher moves on (next step, reveal, end)."""
    found = live_class.room(code)
    state = None if found is None else (found.state.get("step"), found.state.get("revealed"))
    if state != st.session_state.get(SEEN):
        st.rerun(scope="app")


def draw(room: Room, sid: str) -> None:
    try:
        mine = room.mine(sid)
    except ClassEnded:
        live_class.ended_note()
        return
    step, revealed = mine.state.get("step", "play"), mine.state.get("revealed") == "1"
    st.session_state[SEEN] = (mine.state.get("step"), mine.state.get("revealed"))
    st.markdown(f"You are **{md_escape(mine.students[sid])}** in class {room.code}. "
                f"Now: **{lesson.step_title(step)}**")
    watch(room.code)
    if step == "play":
        _play(room, sid, mine)
    elif step == "judge":
        _judge(room, sid, mine)
    else:
        _predict(room, sid, mine, lesson.question_of(step), revealed)


def _play(room: Room, sid: str, mine) -> None:
    order = list(room.nicknames).index(sid) if sid in room.nicknames else 0
    default = lesson.PERSONAS[order % len(lesson.PERSONAS)]  # spread the room over the accounts
    if len(mine.picks):
        default = mine.picks["persona"].iloc[-1]
    persona = st.selectbox("Your account", lesson.PERSONAS, index=lesson.PERSONAS.index(default),
                           format_func=lesson.persona_title, key="live_persona")
    keys = list(gaming.STRATEGIES)
    suggested = gaming.SUGGESTED.get(persona, "as_is")
    strategy = st.selectbox("Your strategy", keys, index=keys.index(suggested), key=f"live_strategy_{persona}",
                            format_func=lambda k: gaming.STRATEGIES[k].name)
    if st.button("Play it", type="primary", key="live_play", width="stretch"):
        row = live_class.row_for(persona, strategy)  # computed here, so the projector only reads it
        room.pick(sid, persona, strategy)
        st.success(f"Played: {lesson.persona_title(persona)} tries '{gaming.STRATEGIES[strategy].name}'. "
                   f"Black box {row['opaque_before']:.1f} -> {row['opaque']:.1f}. Look at the projector!")
    elif len(mine.picks):
        last = mine.picks.iloc[-1]
        st.caption(f"Your pick: {lesson.persona_title(last['persona'])}, "
                   f"'{gaming.STRATEGIES[last['strategy']].name}'. Pick again to change it.")


def _predict(room: Room, sid: str, mine, question: lesson.Question, revealed: bool) -> None:
    st.subheader(question.text)
    given = mine.predictions[mine.predictions["question"] == question.key]["answer"]
    answer = given.iloc[-1] if len(given) else None
    if revealed:
        truth, why = question.truth(live_class.row_for)
        verdict = "You got it." if answer == truth else f"You said: {answer}." if answer else "You did not answer."
        st.success(f"**The answer: {truth}.** {verdict} {why}")
        return
    for i, choice in enumerate(question.choices):
        if st.button(choice, key=f"live_answer_{question.key}_{i}", width="stretch",
                     type="primary" if choice == answer else "secondary"):
            try:
                room.predict(sid, question.key, choice)
            except PermissionError as exc:
                st.warning(str(exc))
                return
            st.rerun()
    st.caption(f"Your answer: {answer}. You can change it until the reveal." if answer else
               "Tap your answer. The projector shows the room's answers, not who gave them.")


def _numbers(room: Room, key: str) -> str:
    n = live_class.numbers(room, key)
    return "  \n".join(f"{label}: " + (NOT_IN_EXPORT if n.get(k) is None else f"{n[k]:,.0f}")
                       for k, label in lesson.PUBLIC.items())


def _judge(room: Room, sid: str, mine) -> None:
    pairs = room.pairs()
    done = set(int(p) for p in mine.judgments["pair"])
    left = [i for i in range(len(pairs)) if i not in done]
    if not left:
        st.success(f"You judged all {len(pairs)} pairs. Look at the projector!")
        return
    i = left[0]
    st.subheader(f"Pair {i + 1} of {len(pairs)}: who is more influential?")
    for key in pairs[i]:
        name = md_escape(live_class.handle(room, key))  # a shared import's name is untrusted text
        with st.container(border=True):
            st.markdown(f"**{name}**  \n{_numbers(room, key)}")
            if st.button(f"{name} is more influential", key=f"live_judge_{i}_{key}", width="stretch"):
                room.judge(sid, i, key)
                st.rerun()
