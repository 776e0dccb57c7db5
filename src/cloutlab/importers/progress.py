"""How far an import has got, and a way to stop it (issue 26, item 4).

A Progress counts the bytes the importer inflates or reads (every member read goes through archive_guard's
Budget, which charges it here) against the total of the members it will read (the sizes in the zip's
directory or the folder's listing, media left out: the importers never open them). Cancelling sets an Event:
the next read raises Cancelled, the writer checks it before its transaction (parsed.store_parsed), and a
DuckDB query already running on the import's own cursor is interrupted. The store writes in one transaction,
so a cancelled import leaves the database exactly as it was.

The Progress of the running import is found through a ContextVar set by tracking(); a Budget takes it when
its container is opened, so the staging threads it spawns count into the same Progress.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from typing import Any

from cloutlab.errors import CloutlabError

CANCELLED = "Import cancelled: nothing of it was stored, the imports already there are unchanged."


class Cancelled(CloutlabError):
    def __init__(self) -> None:
        super().__init__(CANCELLED)


class Progress:
    def __init__(self, event: threading.Event | None = None):
        self.event = event or threading.Event()
        self.total = 0  # bytes the import will read, 0 while unknown
        self.done = 0
        self.files = 0
        self.started = time.monotonic()
        self.cons: list[Any] = []  # DuckDB cursors to interrupt on cancel
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    def check(self) -> None:
        if self.event.is_set():
            raise Cancelled()

    def set_total(self, n: int) -> None:
        self.total = max(int(n), 0)

    def advance(self, n: int) -> None:
        self.check()
        with self._lock:
            self.done += n

    def opened(self) -> None:
        self.check()
        with self._lock:
            self.files += 1

    def cancel(self) -> None:
        self.event.set()
        for con in list(self.cons):
            with contextlib.suppress(Exception):  # a cursor already closed: nothing to interrupt
                con.interrupt()

    def snapshot(self) -> dict[str, float | None]:
        """done, total, fraction (None while the total is unknown), bytes per second, seconds left, files."""
        elapsed = max(time.monotonic() - self.started, 1e-6)
        done, total = self.done, self.total
        rate = done / elapsed
        fraction = min(done / total, 1.0) if total else None
        left = (total - done) / rate if total and rate > 0 and done < total else None
        return {"done": done, "total": total, "fraction": fraction, "rate": rate, "left": left,
                "files": self.files, "elapsed": elapsed}


_CURRENT: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("cloutlab_progress", default=None)


def current() -> Progress | None:
    return _CURRENT.get()


@contextlib.contextmanager
def tracking(progress: Progress):
    token = _CURRENT.set(progress)
    try:
        yield progress
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Raise Cancelled if the running import was cancelled (a no-op outside tracking())."""
    p = _CURRENT.get()
    if p is not None:
        p.check()
