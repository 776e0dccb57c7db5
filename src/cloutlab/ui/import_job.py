"""An import running in a worker thread, with a progress bar and a Cancel button (issue 26, item 4).

A blocking import left the page a spinner with no way out: a click during it only queues a rerun. So the
imports run in a thread (on their own cursor, so a cancel interrupts only their query), and the script polls
their Progress every 0.25 s, redrawing the bar. A click on Cancel interrupts that polling (Streamlit's fast
reruns); the rerun finds the job in session_state, sets its Event (the import stops at its next read, or its
DuckDB query is interrupted) and waits for the thread, which ends within a second. Any other rerun also
re-attaches to the running job. The store writes in one transaction, so a cancelled import leaves the
database exactly as it was. AppTest runs the same way: the click's run waits for the thread to end.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

import streamlit as st

from cloutlab.errors import CloutlabError
from cloutlab.importers import progress
from cloutlab.importers.progress import CANCELLED, Progress
from cloutlab.present.text import md_escape

JOB = "import_job"
POLL = 0.25
_LOG = logging.getLogger(__name__)


@dataclass
class Job:
    tasks: list[tuple[str, Callable[[Any], dict]]]
    event: threading.Event = field(default_factory=threading.Event)
    results: list[tuple[str, dict | None, str | None]] = field(default_factory=list)
    label: str = ""
    progress: Progress | None = None
    thread: threading.Thread | None = None

    def cancel(self) -> None:
        self.event.set()
        if self.progress is not None:
            self.progress.cancel()


def start(con, tasks: list[tuple[str, Callable[[Any], dict]]]) -> Job:
    """Run `tasks` (label, run(cursor) -> summary), one after the other, in a worker thread on a new cursor of `con`."""
    job = Job(tasks)
    cur = con.cursor()  # the worker's own: interrupting it leaves the pages' queries alone

    def work() -> None:
        try:
            for label, run in tasks:
                if job.event.is_set():
                    job.results.append((label, None, CANCELLED))
                    continue
                p = Progress(job.event)
                p.cons.append(cur)
                job.label, job.progress = label, p
                try:
                    with progress.tracking(p):
                        job.results.append((label, run(cur), None))
                except CloutlabError as exc:
                    job.results.append((label, None, str(exc)))
                except KeyboardInterrupt:
                    job.results.append((label, None, CANCELLED if job.event.is_set() else
                                        f"{label}: the import was interrupted; nothing of it was stored."))
                except Exception:  # noqa: BLE001 - a sentence on the page, the trace in the server log
                    _LOG.exception("import of %s failed", label)
                    job.results.append((label, None, f"{label} could not be imported (an unexpected error, "
                                                     "written to the server's log); nothing of it was stored."))
        finally:
            cur.close()

    job.thread = threading.Thread(target=work, name="cloutlab-import", daemon=True)
    st.session_state[JOB] = job
    job.thread.start()
    return job


def running() -> Job | None:
    return st.session_state.get(JOB)


def describe(job: Job) -> tuple[float, str]:
    """The bar's fraction and its text: bytes read of the total, files opened, rate and time left."""
    p = job.progress
    if p is None:
        return 0.0, "Starting..."
    s = p.snapshot()
    mb = 1 << 20
    parts = [f"{md_escape(job.label)}: {s['done'] / mb:,.1f} MB read"]
    if s["total"]:
        parts[0] += f" of {s['total'] / mb:,.1f} MB"
    parts.append(f"{s['files']:,} files")
    parts.append(f"{s['rate'] / mb:,.1f} MB/s")
    if s["left"] is not None:
        parts.append(f"about {s['left']:,.0f} s left")
    elif s["total"] and s["done"] >= s["total"]:
        parts.append("writing to the database")
    return (s["fraction"] or 0.0), ", ".join(parts)


def wait(job: Job) -> list[tuple[str, dict | None, str | None]]:
    """Draw the bar and the Cancel button (in a status box) until the job ends; its results (label, summary, error)."""
    names = ", ".join(md_escape(label) for label, _run in job.tasks[:3]) + (" and more" if len(job.tasks) > 3 else "")
    with st.status(f"Importing {names}...", expanded=True):
        if st.button("Cancel import", key="cancel_import", icon=":material/cancel:"):
            job.cancel()
        bar = st.progress(0.0, text="Starting...")
        while job.thread is not None and job.thread.is_alive():
            fraction, text = describe(job)
            bar.progress(min(max(fraction, 0.0), 1.0), text=text)
            job.thread.join(POLL)
    st.session_state.pop(JOB, None)
    return job.results
