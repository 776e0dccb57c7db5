"""Server memory after sessions end (issue 23, item 6): the server starts with two glibc malloc arenas.
glibc reads MALLOC_ARENA_MAX only at start; set later, Streamlit's threads had made one arena each and a
session's freed memory stayed spread over them (bench/session_memory_bench.py: 1.11x of before, 1.04x with
two arenas). So `python -m cloutlab.ui.warm` (what `bash run.sh app` runs) starts itself again with it set."""

import os
import sys

import pytest

from cloutlab.ui import warm


class _Exec(Exception):
    pass


def test_the_server_starts_again_with_two_arenas(monkeypatch):
    seen = {}

    def execve(path, args, env):
        seen.update(path=path, args=args, env=env)
        raise _Exec

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(os, "execve", execve)
    from streamlit.web import cli

    monkeypatch.setattr(cli, "main", lambda: 0)  # without the restart: the server would run here
    monkeypatch.setattr(sys, "argv", sys.argv[:])
    with pytest.raises(_Exec):
        warm.main(["--server.port", "8599"])
    assert seen["path"] == sys.executable
    assert seen["args"] == [sys.executable, "-m", "cloutlab.ui.warm", "--server.port", "8599"]
    assert seen["env"]["MALLOC_ARENA_MAX"] == "2"
    assert all(seen["env"][k] == v for k, v in os.environ.items())  # everything else as it was


def test_once_set_it_runs_the_server(monkeypatch):
    ran = []
    monkeypatch.setenv("MALLOC_ARENA_MAX", "2")
    monkeypatch.setattr(os, "execve", lambda *a: pytest.fail("started again"))
    monkeypatch.setattr(warm, "start", lambda: None)
    from streamlit.web import cli

    monkeypatch.setattr(cli, "main", lambda: ran.append(list(sys.argv)) or 0)
    monkeypatch.setattr(sys, "argv", sys.argv[:])
    assert warm.main(["--server.port", "8599"]) == 0
    assert ran == [["streamlit", "run", "app.py", "--server.port", "8599"]]


def test_the_warm_up_builds_what_homes_first_chart_waits_for(monkeypatch, capsys):
    """Issue 23: the first visitor's Home waited 0.6-1.4 s for the reference population behind "better than
    N% of accounts"; the warm-up now builds it with the demo data, before anyone connects."""
    from cloutlab.scores import population
    from cloutlab.ui import warm

    monkeypatch.setattr(population, "_CACHE", {})
    population._sorted_scores.cache_clear()
    warm._build()
    assert warm.READY in capsys.readouterr().err
    assert "feats" in population._CACHE and population._sorted_scores.cache_info().currsize >= 1
