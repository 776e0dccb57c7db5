"""Hostile input, round two (issue 24), the importers' and the command line's half: each case of the issue
as a named regression test that failed before its fix. Builders live in tests/make_hostile.py; the
growth check and in-memory parse in tests/fuzz_kit.py. The fuzzers that look for the next round are in
tests/test_fuzz_importers.py.
"""

from __future__ import annotations

import pytest

import make_hostile as mh
from fuzz_kit import GROWTH_CEILING, growth, outcome, parse_bytes, staged_now


@pytest.fixture(autouse=True)
def _keep_sigterm():
    import signal

    before = signal.getsignal(signal.SIGTERM)  # cli.main turns SIGTERM into Ctrl-C; give pytest its own back
    yield
    signal.signal(signal.SIGTERM, before)


def _parse(name: str):
    return lambda data: parse_bytes(name, data)


# ---------------------------------------------------------------- linear time
def test_facebook_long_title_is_linear():
    """Why: titles were matched by lazy regexes retried from every 'wrote on': a 1 KB zip took 51 s."""
    ratio = growth(mh.fb_long_title, _parse("facebook-ana-2024-01-01.zip"), 3000)
    assert ratio < GROWTH_CEILING, ratio


def test_gplus_unclosed_divs_are_linear():
    """Why: every tag and text scanned the stack of open elements: 40,000 unclosed <div>s took 72 s."""
    ratio = growth(mh.gplus_unclosed_divs, _parse("takeout.zip"), 3000)
    assert ratio < GROWTH_CEILING, ratio


def test_linkedin_comment_line_breaks_are_linear():
    """Why: each unquoted line break copied the comment so far: 5.4 MB took 19.6 s, 10.6 MB over 160 s."""
    ratio = growth(mh.linkedin_comment_lines, _parse("Basic_LinkedInDataExport.zip"), 20_000)
    assert ratio < GROWTH_CEILING, ratio


# ---------------------------------------------------------------- LinkedIn sentences
def test_linkedin_field_over_csv_limit_is_a_sentence():
    """Why: a commentary over 131,072 characters raised csv.Error, shown as 'internal error'."""
    parsed = parse_bytes("li.zip", mh.linkedin_shares('"' + "x" * 200_000 + '"'))
    assert len(parsed.posts) == 1 and parsed.posts.column("text")[0].as_py() == "x" * 200_000
    line = outcome("li.zip", mh.linkedin_shares('"' + "x" * 1_100_000 + '"'))
    assert "Shares.csv has a field over 1,000,000 characters" in line and "download the export again" in line


def test_linkedin_unbalanced_quote_is_a_sentence():
    """Why: a quote never closed swallowed the rest of the file into one field: 'internal error'."""
    line = outcome("li.zip", mh.linkedin_shares('"never closed ' + "word\n" * 250_000))
    assert "never closed" in line and "Shares.csv" in line and "\n" not in line


def test_linkedin_comment_on_a_day_that_does_not_exist_is_a_sentence():
    """Why: 2021-02-30 matched the record pattern, then a None date reached a sort: a TypeError message."""
    line = outcome("li.zip", mh.linkedin_comment_dated("2021-02-30 08:00:00"))
    assert "'2021-02-30 08:00:00', a day that does not exist" in line and "TypeError" not in line


# ---------------------------------------------------------------- temporary disk
@pytest.fixture
def staged_bytes(monkeypatch):
    """Bytes written by os.pwrite (how x_stage fills its staging files) during the test."""
    import os

    written = [0]
    real = os.pwrite

    def counting(fd, data, offset):
        written[0] += len(data)
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", counting)
    return written


def test_many_small_padded_parts_are_refused_before_the_disk_fills(staged_bytes):
    """Why: 1,000 members of 4 MiB (each under the ratio check) in a 4.2 MB zip wrote 8.35 GB to $TMPDIR."""
    from cloutlab.importers.archive_guard import DEFAULT_LIMITS

    data = mh.zip_bytes(mh.x_padded_parts(24))
    line = outcome("padded.zip", data)
    assert "far more to temporary disk than their 0 tweets need" in line and "cloutlab stopped" in line
    assert staged_bytes[0] <= DEFAULT_LIMITS.stage_floor_bytes + (2 << 20), staged_bytes[0]
    assert staged_now() == []


def test_manifest_listing_one_part_many_times_is_refused(staged_bytes):
    """Why: a manifest listing one tweet part 80 times made a 6 MB archive write 7.3 GB before its error."""
    line = outcome("repeat.zip", mh.zip_bytes(mh.x_manifest_listing(["data/tweets.js"] * 80)))
    assert line == ("repeat.zip's manifest lists data/tweets.js 80 times; an archive lists each file once, so it was "
                    "edited: download the export again.")
    assert staged_bytes[0] == 0


def test_manifest_naming_direct_messages_as_tweets_is_a_sentence(monkeypatch):
    """Why: the direct-message file listed as tweets was refused by a RuntimeError ('internal error'); it must
    still never be opened."""
    from cloutlab.importers import containers
    from make_fixtures import CANARY

    opened = []
    real = containers.Container.open
    monkeypatch.setattr(containers.Container, "open", lambda self, name: opened.append(name) or real(self, name))
    files = mh.x_manifest_listing(["data/tweets.js", "data/direct-messages.js"], {"data/direct-messages.js": CANARY})
    line = outcome("dm.zip", mh.zip_bytes(files))
    assert "lists data/direct-messages.js, your private messages, as tweets" in line
    assert not any("direct" in n for n in opened)


def test_a_killed_import_leaves_nothing_after_the_next_command(tmp_path):
    """Why: a SIGKILL during an import left up to 465 MB of staged tweets until the next import; now the next
    start of any command removes them."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import make_fixtures as mf

    big = mh.x_zip(tmp_path, "big.zip", mh.x_files([mf.x_tweet(n, "x" * 2000, "Mon Jan 03 09:00:00 +0000 2022")
                                                    for n in range(1, 40_000)]))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "cloutlab", "import", str(big)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp.glob("*/*.json")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if list(tmp.iterdir()) == []:
        pytest.skip("the import finished before it could be killed")
    done = subprocess.run([sys.executable, "-m", "cloutlab", "demo", "--list"], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0 and list(tmp.iterdir()) == []


def test_ctrl_c_while_duckdb_reads_is_a_sentence(capsys, tmp_path, monkeypatch):
    """Why: Ctrl-C while an X import read gave 'internal error (RuntimeError: Query interrupted)' in 2 of 5 tries."""
    from cloutlab import cli
    from cloutlab.importers import x_archive

    def interrupted(*args, **kwargs):
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr(x_archive, "store_parsed", interrupted)
    path = mh.x_zip(tmp_path, "x.zip", mh.x_files(mh.tweets(range(1, 4))))
    code = cli.main(["import", str(path), "--db", str(tmp_path / "c.duckdb")])
    err = capsys.readouterr().err
    assert code == 2 and err.strip().splitlines() == [
        "cloutlab: error: interrupted; nothing was changed (an import in progress was rolled back)."]
    assert not (tmp_path / "c.duckdb").exists()


# ---------------------------------------------------------------- --db that is not a writable file
def _cli(*args, unprivileged: bool = False, timeout: float = 60):
    """Run the command line in a child process (a hang fails by timeout); unprivileged drops root, for whom
    permission bits mean nothing."""
    import os
    import shutil
    import subprocess
    import sys

    prefix = []
    if unprivileged and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permission bits cannot be tested")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]  # the user nobody
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([*prefix, sys.executable, "-m", "cloutlab", *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd="/")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_db_that_is_not_a_regular_file_is_one_sentence(tmp_path, kind):
    """Why: `--db` naming a FIFO hung forever; a device was 'damaged or not a DuckDB database'."""
    import os

    path = {"fifo": tmp_path / "pipe", "device": "/dev/null", "folder": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    said = {"fifo": "is a named pipe (FIFO), not a database file", "device": "is a device, not a database file",
            "folder": "is a folder, not a database file"}[kind]
    commands = [["import", tmp_path / "none.csv"], ["score"], ["cohort"], ["export", "--parquet", tmp_path / "out"]]
    for command in commands if kind == "fifo" else commands[:2]:
        done = _cli(*command, "--db", path, timeout=20)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1 and said in lines[0], (command, done.stderr)


@pytest.fixture
def read_only_db(tmp_path_factory):
    """A cloutlab database in a folder anyone may enter, then made read-only (file and folder)."""
    import os
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="cloutlab-ro-")
    os.chmod(folder, 0o755)
    db = os.path.join(folder, "c.duckdb")
    source = mh.x_zip(tmp_path_factory.mktemp("x"), "x.zip", mh.x_files(mh.tweets(range(1, 31))))
    assert _cli("import", source, "--db", db).returncode == 0
    os.chmod(db, 0o444)
    os.chmod(folder, 0o555)
    yield db
    os.chmod(folder, 0o755)
    shutil.rmtree(folder)


def test_read_only_database_is_read_by_score_cohort_and_export(read_only_db, tmp_path_factory):
    """Why: a read-only database or data folder was 'damaged or not a DuckDB database', and score, cohort and
    export could not even read it."""
    import os

    import tempfile
    from pathlib import Path

    out = Path(tempfile.mkdtemp(prefix="cloutlab-pq-"))
    os.chmod(out, 0o777)  # the export itself is written by the user nobody
    for command in (["score", "--json"], ["cohort", "--json"], ["whatif", "--set", "frequency=2"],
                    ["export", "--parquet", out / "pq"]):
        done = _cli(*command, "--db", read_only_db, unprivileged=True)
        assert done.returncode == 0 and "damaged" not in done.stderr, (command, done.stderr)
    done = _cli("import", mh.x_zip(tmp_path_factory.mktemp("y"), "y.zip", mh.x_files(mh.tweets(range(40, 45)))),
                "--db", read_only_db, unprivileged=True)
    assert done.returncode == 2 and "is read-only for this user" in done.stderr and "damaged" not in done.stderr
    import shutil

    shutil.rmtree(out)
