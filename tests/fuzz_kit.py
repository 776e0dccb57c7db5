"""Shared by the hostile-input regression tests and the parser fuzzers (issue 24): parse an export in
memory, and check that a parser's time grows linearly with its input.

Why a ratio and not a time: the project measures speed in bench/, never by a clock in a test. A ratio of
the time at 4n to the time at n says "super-linear" whatever the machine's speed: linear work gives about 4,
quadratic about 16. The medians of a few runs and a generous ceiling keep a loaded machine from tripping it.
"""

from __future__ import annotations

import statistics
import time
from typing import Callable

from cloutlab.errors import CloutlabError
from cloutlab.importers import PARSERS, staging
from cloutlab.importers.archive_guard import DEFAULT_LIMITS, Limits
from cloutlab.importers.detect import from_bytes

GROWTH_CEILING = 9.0  # time(4n) / time(n): linear is ~4, quadratic ~16


def parse_bytes(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS):
    """Parse an export given as bytes with the importer detection picks (nothing stored): Parsed, or raises."""
    inp = from_bytes(name, data, limits)
    try:
        if inp.fmt == "x":  # the X archive stages its parts for DuckDB: parse by importing into memory
            from cloutlab import store
            from cloutlab.importers import import_bytes

            return import_bytes(store.connect(), name, data, limits=limits)
        return PARSERS[inp.fmt](inp)
    finally:
        inp.close()


def outcome(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """'ok', or the CloutlabError's one line: any other exception propagates (and fails the caller)."""
    try:
        parse_bytes(name, data, limits)
        return "ok"
    except CloutlabError as exc:
        return str(exc)


def _median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def growth(make: Callable[[int], bytes], run: Callable[[bytes], object], n: int, runs: int = 3) -> float:
    """time(run(make(4n))) / time(run(make(n))), medians of `runs` runs, after one warm-up run."""
    small, big = make(n), make(4 * n)
    run(small)
    return _median_time(lambda: run(big), runs) / max(_median_time(lambda: run(small), runs), 1e-4)


def staged_now() -> list[str]:
    """Staging folders of this process that still exist (an import must leave none)."""
    import os
    import tempfile

    prefix = f"{staging.PREFIX}{os.getpid()}-"
    return [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(prefix)]
