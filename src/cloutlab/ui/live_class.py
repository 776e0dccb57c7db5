"""The live class's shared plumbing for its two pages: where classes live, this session's class (as teacher
or as student), and the library's results for a (persona, strategy), computed once per process."""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from cloutlab.live import lesson, rooms
from cloutlab.live.rooms import REGISTRY, Room
from cloutlab.store.datasets import demo_datasets
from cloutlab.ui import data, persist
from cloutlab.whatif import gaming

TEACHER = "live_teacher_code"  # the code of the class this session teaches
STUDENT = "live_student"  # (code, student id) of the class this session joined
LIVE_PAGE = "pages/live.py"
JOIN_PAGE = "pages/join.py"


def folder() -> Path | None:
    """Where class files go: the data folder's classes/ (None with CLOUTLAB_NO_DISK: in memory)."""
    return persist.data_dir() / "classes" if persist.disk_allowed() else None


_CLEANED = {"done": False}


def room(code: str | None) -> Room | None:
    if not _CLEANED["done"]:  # the first look at a class in this process: classes older than a day go
        _CLEANED["done"] = True
        REGISTRY.clean_stale(folder())
    return REGISTRY.get(folder(), code) if code else None


def start() -> Room:
    """Start a class taught by this browser, and warm the results its students will ask for."""
    made = REGISTRY.create(folder(), persist.browser_id())
    st.session_state[TEACHER] = made.code
    warm()
    return made


_WARM = {"started": False}
_WARM_LOCK = threading.Lock()


def _warm_all() -> None:
    for persona in lesson.PERSONAS:
        for key in gaming.STRATEGIES:
            row_for(persona, key)
    row_for("novelist", lesson.WEEK_OFF.key)
    for pair in lesson.PAIRS:
        for persona in pair:
            judged_numbers(persona)


def warm() -> None:
    """Play every (persona, strategy) once, in the background, while students join: about 90 plays of
    0.3 s each, once per server process (the cache is shared), so that a student's pick then costs
    milliseconds. A student who picks a pair first computes it themselves (the cache makes the other wait)."""
    with _WARM_LOCK:
        if _WARM["started"]:
            return
        _WARM["started"] = True
    threading.Thread(target=_warm_all, name="cloutlab-live-warm", daemon=True).start()


def teacher_room() -> Room | None:
    """The class this session teaches: kept in the session, or found by this browser's id after a reload."""
    found = room(st.session_state.get(TEACHER))
    if found is None:
        owned = REGISTRY.owned_by(persist.browser_id())
        found = max(owned, key=lambda r: float(r.state.get("started", 0)), default=None)
        if found is not None:
            st.session_state[TEACHER] = found.code
    return found


def end(teaching: Room) -> None:
    REGISTRY.end(teaching)
    st.session_state.pop(TEACHER, None)


def start_button() -> None:
    """The Gaming lab's way in: start a class and open its projector page."""
    st.markdown("**Run it live:** students join from their phones with a code or a QR code, play, predict "
                "and judge; the projector shows the whole room.")
    if st.button("Start a live class", key="live_start", icon=":material/cast_for_education:"):
        if teacher_room() is None:
            start()
        st.switch_page(LIVE_PAGE)


def _dataset(persona: str):
    return {d.persona: d for d in demo_datasets()}[persona]


def row_for(persona: str, key: str) -> dict:
    """gaming.play for demo persona `persona` playing `key` (a strategy or lesson.WEEK_OFF): one copy per
    process, so a projector poll never computes, and the first student to pick a pair pays for it once."""
    def compute():
        return gaming.play(_student(_dataset(persona)), lesson.strategy(key))

    return data.cached(("live_row", persona, key), compute, shared=True)


def judged_numbers(persona: str) -> dict:
    """The public numbers and scores of a persona, as the judging round compares them."""
    def compute():
        public = lesson.public_numbers(persona, data.score_input(_dataset(persona)))
        return lesson.judged_numbers(public, row_for(persona, "as_is"))

    return data.cached(("live_numbers", persona), compute, shared=True)


def _student(ds) -> gaming.Student:
    base = data.score_input(ds)
    rate, unit = data.outcome_rate(ds)
    return gaming.Student(ds.id, ds.label.split(": ", 1)[-1], data.prepared(ds), base.followers, base, rate, unit)


def share_imports(teaching: Room) -> None:
    """The teacher's choice of their own imports to add to the judging round (each paired with the persona
    nearest in followers). Only their public numbers and scores go to the class, kept in memory."""
    imports = {k: d for k, d in data.datasets().items() if not d.is_demo}
    done = {handle for handle, _ in teaching.shared.values()}
    offer = [k for k, d in imports.items() if d.label.split(": ", 1)[-1] not in done]
    if not offer:
        return
    chosen = st.sidebar.multiselect("Share an import in the judging round", offer, key="live_share",
                                    format_func=lambda k: imports[k].label,
                                    help="Students judge it beside a persona by its public numbers: followers, "
                                         "posts, reactions received. Nothing else of the export leaves this tab.")
    if chosen and st.sidebar.button("Share", key="live_share_go"):
        personas = {p: judged_numbers(p) for p in lesson.PERSONAS}
        for k in chosen:
            ds = imports[k]
            public = lesson.public_numbers(None, data.score_input(ds))
            row = data.cached(("live_row_import", ds.id), lambda: gaming.play(_student(ds), gaming.STRATEGIES["as_is"]),
                              shared=False)
            numbers = lesson.judged_numbers(public, row)
            teaching.share(ds.label.split(": ", 1)[-1], numbers, lesson.partner(numbers, personas))
        st.session_state.pop("live_share", None)
        st.rerun()


def handle(teaching: Room, key: str) -> str:
    """The name an account of the judging round is shown by (a shared import's is untrusted text)."""
    return teaching.shared[key][0] if key in teaching.shared else lesson.handle(key)


def numbers(teaching: Room, key: str) -> dict:
    return teaching.shared[key][1] if key in teaching.shared else judged_numbers(key)


def ended_note() -> None:
    st.info("This class has ended: its answers are deleted. Thank you for taking part!")


__all__ = ["rooms", "Room"]
