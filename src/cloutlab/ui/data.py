"""Cached access to datasets. Demo personas live in one shared, read-only database built once per process;
a person's imports live in their own session database and are cached per session only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from cloutlab import activity
from cloutlab import schema, store
from cloutlab.store import demo
from cloutlab.scores.windows import METRICS_DAYS
from cloutlab.store.datasets import Dataset, DatasetId, demo_datasets, import_datasets
from cloutlab.ui.state import Keys, session_con

DEFAULT_DATASET = str(DatasetId.demo("novelist"))


class _DemoDB:
    """The demo personas' in-memory database, shared by every session. Each persona is written the first
    time any session asks for it: building all ten up front was over a second of the first page's wait,
    for a page that shows one."""

    def __init__(self):
        from cloutlab import store

        self.con = store.connect()
        self.loaded: set[str] = set()
        self.lock = threading.Lock()  # one writer; a second session wanting the same persona waits for it

    def cursor(self, persona: str) -> duckdb.DuckDBPyConnection:
        """A cursor once `persona` is in the database."""
        if persona not in self.loaded:
            with self.lock:
                if persona not in self.loaded:
                    demo.load_persona(self.con.cursor(), persona)  # 0.05 to 0.5 s
                    self.loaded.add(persona)
        return self.con.cursor()


@st.cache_resource(show_spinner=False)
def demo_db() -> _DemoDB:
    return _DemoDB()


def imported_accounts() -> list[tuple[str, str]]:
    """The imported accounts that hold posts: one whose posts were all left out (impossible dates) has
    nothing to score, and every page would have an empty day range to draw (issue 24)."""
    con = session_con().cursor()  # the connection itself may still be busy with a run Streamlit stopped
    with_posts = set(con.execute(f"SELECT DISTINCT platform, account FROM {schema.POSTS}").fetchall())
    return [key for key in store.account_keys(con) if key in with_posts]


def datasets() -> dict[str, Dataset]:
    """Every dataset this session can pick: its imports first, then the demo personas."""
    found = import_datasets(imported_accounts()) + demo_datasets()
    return {d.id: d for d in found}


def current() -> Dataset:
    """The dataset chosen in the sidebar (falls back to the default persona). A pending choice (set by
    the Import page) is settled here, so pages work even when run without the sidebar (AppTest)."""
    options = datasets()
    pending = st.session_state.pop(Keys.PENDING_DATASET, None)
    if pending in options:
        st.session_state[Keys.DATASET] = pending
        if "persona" in st.query_params:
            del st.query_params["persona"]
    if st.session_state.get(Keys.DATASET) not in options:
        st.session_state[Keys.DATASET] = DEFAULT_DATASET
    return options[st.session_state[Keys.DATASET]]


def connection(ds: Dataset) -> duckdb.DuckDBPyConnection:
    """A cursor on the database holding `ds` (cursors keep DuckDB safe across Streamlit's threads)."""
    return demo_db().cursor(ds.persona) if ds.is_demo else session_con().cursor()


@st.cache_resource(show_spinner=False, max_entries=1024)
def _shared(key: tuple, _compute: Callable[[], Any]) -> Any:
    """Results that are the same for every session (demo data): Streamlit's own cache, computed once per
    process and key (it makes a second session wanting the same key wait instead of computing it again)."""
    return _compute()


_SESSION_LIMIT = 64  # entries kept per session before its cache starts afresh


def cached(key: tuple, compute: Callable[[], Any], *, shared: bool) -> Any:
    """The one cache of the app's data. shared: the value depends on demo data only (one copy per process);
    else it may read this session's imports, and is kept in this session only, until its data changes
    (state.data_changed: an import or deleting the imports)."""
    if shared:
        return _shared(key, compute)
    memo = st.session_state.setdefault(Keys.CACHE, {})
    key = (*key, st.session_state.get(Keys.DATA_VERSION, 0))
    if key not in memo:
        if len(memo) > _SESSION_LIMIT:
            memo.clear()
        memo[key] = compute()
    return memo[key]


SCENARIOS_KEPT = 24  # per session: a few scenarios' results and figures (a slider moved back and forth)


def per_scenario(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` kept in this session under `key` (dataset id, scenario, part), least recently used
    first out. A slider moved back to a value it had, or a rerun that changed nothing (another widget,
    the presenter toggle), then costs the server no scoring and no figure building. Cleared with the
    session's data (state.data_changed) and released with the session."""
    memo = st.session_state.setdefault(Keys.SCENARIOS, {})
    key = (*key, st.session_state.get(Keys.DATA_VERSION, 0))
    if key in memo:
        memo[key] = memo.pop(key)  # now the most recent
        return memo[key]
    value = compute()
    memo[key] = value
    while len(memo) > SCENARIOS_KEPT:
        del memo[next(iter(memo))]
    return value


def _compute(ds: Dataset, name: str, fn: Callable[[duckdb.DuckDBPyConnection], Any], *args) -> Any:
    """`fn(con)` for dataset `ds`, cached under (ds, name, *args)."""
    def compute():
        with connection(ds) as con:
            return fn(con)

    return cached((ds.id, name, *args), compute, shared=ds.is_demo)


def daily(ds: Dataset) -> pd.DataFrame:
    """The daily activity frame of `ds` (the one its scores read)."""
    return score_input(ds).daily


def audience(ds: Dataset) -> pd.DataFrame:
    """Followers per platform as known at export time."""
    with connection(ds) as con:
        return activity.audience(con, ds.accounts)


def score_input(ds: Dataset):
    """The baseline ScoreInput of `ds`."""
    from cloutlab.scores import inputs

    return _compute(ds, "input", lambda con: inputs.from_store(con, ds.accounts, seed=ds.seed))


def posts(ds: Dataset) -> pd.DataFrame:
    """The posts of `ds` as a pandas frame (topics, the ledger, the t-factor)."""
    return _compute(ds, "posts", lambda con: activity.posts_table(con, ds.accounts).to_pandas())


def scored(ds: Dataset, window: int = METRICS_DAYS):
    """`ds` scored for a metrics window (scores/scored.py), the value pages and comparisons read whole. The
    opaque score and the composite do not depend on the window: cached apart, so a window change
    recomputes the metrics only."""
    from cloutlab.scores import ledger, opaque
    from cloutlab.scores.scored import score

    inp = score_input(ds)
    return _compute(ds, "scored", lambda con: score(
        inp, window, posts(ds),
        opaque_series=_compute(ds, "opaque", lambda con: opaque.score_series(inp)),
        composite=_compute(ds, "composite", lambda con: ledger.composite_series(inp))), window)


def price_path(ds: Dataset) -> pd.DataFrame:
    """The baseline share price path of `ds` (cloutlab.market), built once: every slider move reuses it."""
    from cloutlab import market

    return _compute(ds, "price_path", lambda con: market.price_path(score_input(ds)))


def prepared(ds: Dataset):
    """The what-if simulator's prepared form of `ds` (built once, reused on every slider move)."""
    from cloutlab import whatif

    return _compute(ds, "prepared", lambda con: whatif.prepare(activity.posts_table(con, ds.accounts),
                                                               baseline=score_input(ds).daily))


def outcome_rate(ds: Dataset) -> tuple[float, str]:
    """(rate, unit) of the simulated outcome: the persona's, or a generic one for imports."""
    if ds.is_demo:
        p = demo.PERSONAS[ds.persona]
        return p.outcome_rate, p.outcome
    return 1.0, "engaged people per week"


def ledger_statement(ds: Dataset) -> pd.DataFrame:
    """Every point of the composite's last window, with its post (the Scores page's ledger)."""
    from cloutlab.scores import summary

    return _compute(ds, "ledger", lambda con: summary.ledger_statement(posts(ds)))
