"""Small builders shared by the unit tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cloutlab import schema


def posts_frame(rows: list[dict], platform: str = "x", account: str = "alice") -> pd.DataFrame:
    """A canonical posts frame from partial rows (unspecified columns get neutral values)."""
    full = []
    for i, r in enumerate(rows):
        base = {c: None for c in schema.column_names(schema.POSTS)}
        base.update(platform=platform, account=account, post_id=str(i), kind="original", is_self_reply=False,
                    mentions=[], hashtags=[], urls=[], text=f"post {i}")
        base.update(r)
        if isinstance(base["created_at"], str):
            base["created_at"] = dt.datetime.fromisoformat(base["created_at"])
        full.append(base)
    frame = pd.DataFrame(full, columns=schema.column_names(schema.POSTS))
    for c in schema.ENGAGEMENT_FIELDS:
        frame[c] = frame[c].astype("Int32")
    return frame


def synthetic_input(per_day=2.0, rpp=2.0, followers=300, reply_share=0.25, repost_share=0.1, days=365,
                    start="2025-01-01", seed=1, breaks=(), label="synthetic", platform="x"):
    """A ScoreInput for a steady synthetic account: Poisson items per day, reactions per own post as given.

    breaks: (from, to) date strings (inclusive) with no activity.
    """
    from cloutlab.activity import COUNT_COLUMNS
    from cloutlab.scores.inputs import ScoreInput

    rng = np.random.default_rng(seed)
    day = pd.date_range(start, periods=days, freq="D")
    items = rng.poisson(per_day, days)
    repost = rng.binomial(items, repost_share)
    reply = rng.binomial(items - repost, reply_share / max(1 - repost_share, 1e-9))
    original = items - repost - reply
    own = original + reply
    frame = pd.DataFrame({c: np.zeros(days, dtype="int64") for c in COUNT_COLUMNS})
    frame.insert(0, "day", day)
    frame.insert(0, "platform", platform)
    frame["items"], frame["original"], frame["reply"], frame["repost"] = items, original, reply, repost
    frame["replies_sent"] = reply
    frame["mentioned_accounts"] = reply
    frame["mentions_sent"] = reply
    likes = rng.poisson(own * rpp * 0.7)
    frame["likes_received"] = pd.array(likes, dtype="Int64")
    frame["reposts_received"] = pd.array(rng.poisson(own * rpp * 0.3), dtype="Int64")
    frame["replies_received"] = pd.array([pd.NA] * days, dtype="Int64")
    frame["quotes_received"] = pd.array([pd.NA] * days, dtype="Int64")
    for lo, hi in breaks:  # zeroed after drawing, so the days outside a break are identical to the baseline's
        off = (day >= lo) & (day <= hi)
        for c in (*COUNT_COLUMNS, "likes_received", "reposts_received"):
            frame.loc[off, c] = 0
    return ScoreInput(daily=frame, followers={platform: followers}, seed=label)


def ten_years_input():
    """A ScoreInput of 3,650 days (2015 on) with Poisson counts of every kind and every received count known:
    the large input of tests/test_transparent.py and of bench/timings_bench.py, which times it."""
    from cloutlab import activity
    from cloutlab.scores.inputs import ScoreInput

    rng = np.random.default_rng(0)
    days = pd.date_range("2015-01-01", periods=3650, freq="D")
    frame = pd.DataFrame({c: rng.poisson(3, len(days)) for c in activity.COUNT_COLUMNS})
    frame.insert(0, "day", days)
    frame.insert(0, "platform", "x")
    for c in activity.RECEIVED:
        frame[c] = pd.array(rng.poisson(5, len(days)), dtype="Int64")
    return ScoreInput(daily=frame, followers={"x": 1000})


def run_cli(*argv):
    """`python -m cloutlab *argv`, in this process: cloutlab.cli.main with stdout and stderr captured.

    Returns a subprocess.CompletedProcess (returncode, stdout, stderr), so a test reads the same whether it
    runs the command in process (fast, the default) or as a real process (a few end-to-end checks). An
    argparse SystemExit (--help) becomes its exit code, as it would for a process."""
    import contextlib
    import io
    import subprocess

    from cloutlab import cli

    args = [str(a) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(args)
        except SystemExit as exc:  # as the interpreter does: an int is the code, a text goes to stderr as 1
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=err)
    return subprocess.CompletedProcess(["cloutlab", *args], code, out.getvalue(), err.getvalue())


def assert_import_summary(summary: dict, keys: tuple, expected: dict) -> None:
    """The import summary's contract (tests/test_importers.py and test_importers_networks.py): its keys in
    order, the expected figures, one-sentence warnings, and a warning exactly when no count is carried."""
    assert tuple(summary) == keys
    assert {k: v for k, v in summary.items() if k != "warnings"} == expected
    assert all(isinstance(w, str) and w.endswith(".") and "\n" not in w for w in summary["warnings"])
    assert any("no reaction counts" in w for w in summary["warnings"]) == (not summary["engagement_fields"])


def metric(at, label: str):
    """The one st.metric on an AppTest page whose label starts with `label`. st.metric takes no key in
    Streamlit 1.67, so a test finds it by what it says, never by its position among the page's metrics."""
    found = [m for m in at.metric if m.label.startswith(label)]
    assert len(found) == 1, (label, [m.label for m in at.metric])
    return found[0]


def dataframe_with(at, *columns: str):
    """The one st.dataframe on an AppTest page that has all these columns. A table's key reaches AppTest
    only when the table is selectable, so a test finds it by what it shows, never by its position."""
    found = [d for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, (columns, [list(d.value.columns) for d in at.dataframe])
    return found[0]


def novelist_comparison(frequency: float = 2.0):
    """The novelist's baseline against posting `frequency` times as often: the comparison the report and the
    comparison figures are drawn from."""
    from cloutlab import activity, store, whatif
    from cloutlab.scores import inputs
    from cloutlab.store import demo
    from cloutlab.whatif import compare

    con = store.connect()
    keys = demo.load_persona(con, "novelist")
    base = inputs.from_store(con, keys, seed="demo:novelist")
    prep = whatif.prepare(activity.posts_table(con, keys))
    what = whatif.simulate(prep, base.followers, whatif.Scenario(frequency=frequency), base.seed)
    return compare.compare(base, what)


def copy_links(at) -> dict[str, str]:
    """The Copy link boxes an AppTest run drew (ui.links.copy_field): {box label: link}, unescaped."""
    import html
    import re

    found = {}
    for h in at.html:
        for label, value in re.findall(r'<textarea readonly [^>]*aria-label="([^"]*)">([^<]*)</textarea>', h.value):
            found[html.unescape(label)] = html.unescape(value)
    return found


class LazyStore:
    """store.connect() (in memory), opened when the code under test first uses it. For a fuzzer's import into a
    new store: most examples are refused before anything is stored, and a new DuckDB costs about 14 ms of CPU to
    open and 3 to close, more than the import's whole reading. Everything is the store's own (attributes and
    methods are the real connection's); `opened` says whether it was."""

    def __init__(self):
        self._con = None

    @property
    def opened(self) -> bool:
        return self._con is not None

    def __getattr__(self, name):
        if self._con is None:
            from cloutlab import store

            self._con = store.connect()
        return getattr(self._con, name)


def charts(at) -> list[dict]:
    """The figures (plotly's dict form) of every chart an AppTest run drew, in page order (ui/plot.py)."""
    from cloutlab.ui.plot import figure_of

    return [f for f in (figure_of(e.proto) for e in at.get("bidi_component")) if f is not None]
