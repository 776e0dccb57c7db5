"""The default demo dataset built before the first visitor (issue 23): a cold first chart waited for the
demo database, the persona's scores and the plotting libraries to be built on the first request.

`start()` runs the build once per process in a background thread. `python -m cloutlab.ui.warm [streamlit
run options]` (what `bash run.sh app` runs) starts it beside the server, so the data is ready before anyone
connects; app.py calls it too, so `streamlit run app.py` warms the rest (the What-if lab's simulator form
and share price) from its first session on. The values go into the app's own shared caches (data.py), so a
visitor arriving during the build waits for the same computation instead of starting another.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

_lock = threading.Lock()
_started = False


READY = "cloutlab: demo data ready"  # printed to the server's log when the build is done (benches wait for it)


def _build() -> None:
    t0 = time.perf_counter()
    try:
        import plotly.graph_objects  # noqa: F401 - imported for its import time (about a second, cold)

        from cloutlab.scores import summary
        from cloutlab.store.datasets import demo_datasets
        from cloutlab.ui import data

        ds = next(d for d in demo_datasets() if d.id == data.DEFAULT_DATASET)
        data.scored(ds)  # Home and Scores over time: the score input, posts, both scores
        # Home's headline numbers: their percentile simulates the reference population once per process
        # (population.py), 0.6-1.4 s that the first visitor's first chart waited for.
        summary.score_object(data.score_input(ds), data.posts(ds), scored=data.scored(ds))
        data.prepared(ds)  # the What-if lab
        data.price_path(ds)
        print(f"{READY} ({ds.id}, {time.perf_counter() - t0:.1f} s)", file=sys.stderr, flush=True)
    except Exception:  # a warm-up is an optimisation: the first visitor then builds it
        logging.getLogger(__name__).warning("warm-up of the demo data failed", exc_info=True)


def start() -> None:
    """Build the default demo dataset in a background thread, once per process (not under pytest: a test
    process runs the app many times, with caches of its own)."""
    global _started
    if os.environ.get("PYTEST_CURRENT_TEST") or os.environ.get("CLOUTLAB_NO_WARM"):
        return
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_build, name="cloutlab-warm", daemon=True).start()


ARENAS = "2"  # glibc malloc arenas for the whole server (issue 23, item 6: memory back after sessions end)


def main(argv: list[str]) -> int:
    """`streamlit run app.py ARGV...` in this process, with the warm-up started first.

    On Linux the process first starts itself again with MALLOC_ARENA_MAX set (same process id, same
    arguments): glibc reads it only at start, and by the time session_end.tune_allocators could set it,
    Streamlit's threads had made one arena each (sixteen on two cores), over which every session's freed
    memory was spread and stayed (bench/session_memory_bench.py: 13 of the 25 MB that remained)."""
    if sys.platform == "linux" and "MALLOC_ARENA_MAX" not in os.environ:
        os.execve(sys.executable, [sys.executable, "-m", "cloutlab.ui.warm", *argv],
                  {**os.environ, "MALLOC_ARENA_MAX": ARENAS})
    from streamlit.web import cli

    from cloutlab.ui import warm  # this file runs as __main__: start the copy app.py imports (one build)

    warm.start()
    sys.argv = ["streamlit", "run", "app.py", *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
