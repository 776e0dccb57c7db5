"""Shared by the hostile-input regression tests and the parser fuzzers (issue 24): parse an export in
memory, and check that a parser's time grows linearly with its input.

Why a ratio and not a time: the project measures speed in bench/, never by a clock in a test. A ratio of
the time at 4n to the time at n says "super-linear" whatever the machine's speed: linear work gives about 4,
quadratic about 16. The best of a few runs, the collector paused, and a generous ceiling keep a loaded
machine from tripping it.
"""

from __future__ import annotations

import gc
import time
from typing import Callable

from cloutlab.errors import CloutlabError
from cloutlab.importers import PARSERS, staging
from cloutlab.importers.archive_guard import DEFAULT_LIMITS, Limits
from cloutlab.importers.detect import from_bytes

GROWTH_CEILING = 9.0  # time(4n) / time(n): linear is ~4, quadratic ~16


def parse_bytes(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS, store: bool = False):
    """Parse an export given as bytes with the importer detection picks: Parsed (nothing stored), or with
    store=True (and always for the X archive, whose parsing is DuckDB's) the summary of an import into an
    in-memory database. Raises what the importer raises."""
    if store or from_bytes(name, data, limits).fmt == "x":
        from cloutlab import store as store_mod
        from cloutlab.importers import import_bytes

        con = store_mod.connect()
        try:
            return import_bytes(con, name, data, limits=limits)
        finally:
            con.close()
    inp = from_bytes(name, data, limits)
    try:
        return PARSERS[inp.fmt](inp)
    finally:
        inp.close()


def outcome(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS, store: bool = False) -> str:
    """'ok', or the CloutlabError's one line: any other exception propagates (and fails the caller)."""
    try:
        parse_bytes(name, data, limits, store)
        return "ok"
    except CloutlabError as exc:
        return str(exc)


def _best_time(fn: Callable[[], object], runs: int) -> float:
    """The fastest of `runs` runs, the collector paused: the least disturbed by other work on the machine."""
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return min(times)


def same_end(a: object, b: object) -> bool:
    """growth()'s `same` for outcome(): both sizes parsed, or both refused."""
    return (a == "ok") == (b == "ok")


def growth(make: Callable[[int], bytes], run: Callable[[bytes], object], n: int, runs: int = 3,
           min_time: float = 0.05, max_n: int | None = None,
           same: Callable[[object, object], bool] | None = None) -> float:
    """time(run(make(4n))) / time(run(make(n))), best of `runs` runs each, after a warm-up run of each.

    n is doubled (up to max_n) until a run at n takes min_time: a ratio of two times near the clock's
    noise, or of inputs small enough to sit in a CPU cache, says nothing. A ratio over GROWTH_CEILING is
    measured once more and the lower kept: noise does not repeat, a quadratic step does.

    `same(result at n, result at 4n)` says whether the two runs ended the same way. If not (at 4n a size
    check refused what n parsed: a field over its limit, an archive bomb), their times say nothing of growth,
    so n is halved until they do, but not below the n given; a pair that still differs fails."""
    start = n
    while max_n is None or n < max_n:
        data = make(n)
        if _best_time(lambda: run(data), 2) >= min_time:  # best of two: one slow run must not stop the scaling
            break
        n *= 2
    while True:
        small, big = make(n), make(4 * n)
        ends = run(small), run(big)  # also the warm-up: first-run costs (imports, the heap growing) are not the parser's
        if same is None or same(*ends) or n // 2 < start:
            break
        n //= 2
    assert same is None or same(*ends), f"n={n} and 4n end differently ({str(ends[0])[:100]!r}, {str(ends[1])[:100]!r})"

    def ratio() -> float:
        return _best_time(lambda: run(big), runs) / max(_best_time(lambda: run(small), runs), 1e-4)

    first = ratio()
    return first if first < GROWTH_CEILING else min(first, ratio())


def staged_now() -> list[str]:
    """Staging folders of this process that still exist (an import must leave none)."""
    import os
    import tempfile

    prefix = f"{staging.PREFIX}{os.getpid()}-"
    return [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(prefix)]
