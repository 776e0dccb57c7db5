"""Cached leaderboards for the Gaming lab."""

from __future__ import annotations

import streamlit as st

from cloutlab.whatif import gaming
from cloutlab.store.datasets import Dataset, persona_of
from cloutlab.ui import data
from cloutlab.ui.state import Keys

MEASURE_LABELS = gaming.MEASURE_NAMES


def student_options() -> dict[str, Dataset]:
    """Every dataset that can be a student: the personas and this session's imports."""
    return data.datasets()


def _student(ds: Dataset) -> gaming.Student:
    rate, unit = data.outcome_rate(ds)
    base = data.score_input(ds)
    return gaming.Student(ds.id, ds.label.split(": ", 1)[-1], data.prepared(ds), base.followers, base, rate, unit)


def board_for(picks: tuple[tuple[str, str], ...]):
    """The leaderboard for (dataset id, strategy key) pairs. A class of demo personas is the same for every
    session (shared); one with an import is this session's."""
    def compute():
        options = data.datasets()
        return gaming.rank([gaming.play(_student(options[sid]), gaming.STRATEGIES[strategy]) for sid, strategy in picks])

    return data.cached(("gaming_board", picks), compute, shared=all(persona_of(sid) for sid, _ in picks))


def everyone_plays(chosen: list[str]) -> None:
    """on_change of "Give everyone the same strategy": set every student's picker."""
    strategy = st.session_state.get(Keys.GL_EVERYONE)
    if strategy in gaming.STRATEGIES:
        for sid in chosen:
            st.session_state[Keys.gl_strategy(sid)] = strategy
