"""Hostile input, round two (issue 24), the importers' and the command line's half: each case of the issue
as a named regression test that failed before its fix. Builders live in tests/make_hostile.py; the
growth check and in-memory parse in tests/fuzz_kit.py. The fuzzers that look for the next round are in
tests/test_fuzz_importers.py.
"""

from __future__ import annotations

import pytest

import make_hostile as mh
from fuzz_kit import GROWTH_CEILING, growth, outcome, parse_bytes, staged_now
from helpers import run_cli


@pytest.fixture(autouse=True)
def _keep_sigterm():
    import signal

    before = signal.getsignal(signal.SIGTERM)  # cli.main turns SIGTERM into Ctrl-C; give pytest its own back
    yield
    signal.signal(signal.SIGTERM, before)


def _parse(name: str):
    return lambda data: outcome(name, data)  # a refusal (an archive bomb at 4n) must be linear too


# ---------------------------------------------------------------- linear time
def test_facebook_long_title_is_linear():
    """Why: titles were matched by lazy regexes retried from every 'wrote on': a 1 KB zip took 51 s."""
    ratio = growth(mh.fb_long_title, _parse("facebook-ana-2024-01-01.zip"), 3000, max_n=3000)
    assert ratio < GROWTH_CEILING, ratio


def test_gplus_unclosed_divs_are_linear():
    """Why: every tag and text scanned the stack of open elements: 40,000 unclosed <div>s took 72 s."""
    ratio = growth(mh.gplus_unclosed_divs, _parse("takeout.zip"), 3000, max_n=3000)
    assert ratio < GROWTH_CEILING, ratio


def test_linkedin_comment_line_breaks_are_linear():
    """Why: each unquoted line break copied the comment so far: 5.4 MB took 19.6 s, 10.6 MB over 160 s."""
    ratio = growth(mh.linkedin_comment_lines, _parse("Basic_LinkedInDataExport.zip"), 20_000, max_n=20_000)
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

    big = mh.x_zip(tmp_path, "big.zip", mh.x_files_alike(range(1, 40_000), "x" * 2000, "Mon Jan 03 09:00:00 +0000 2022"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "cloutlab", "import", str(big)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp.rglob("*.json")) and proc.poll() is None and time.monotonic() < deadline:
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
    # A FIFO could hang the command: it runs in a child process, which a hang fails by timeout; a device or
    # a folder cannot, so those run in process (helpers.run_cli, the same cli.main).
    run = (lambda *args: _cli(*args, timeout=20)) if kind == "fifo" else run_cli
    for command in commands if kind == "fifo" else commands[:2]:
        done = run(*command, "--db", path)
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


# ---------------------------------------------------------------- stores and exports checked when read
def _cli_in(capsys, *args) -> tuple[int, str, str]:
    from cloutlab import cli

    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_pair(tmp_path):
    """(clean, tampered): one X import, and a copy where another program added posts dated year 1 and 9999,
    a post with negative counts and an account with a negative follower count."""
    import shutil

    import duckdb

    clean = tmp_path / "clean.duckdb"
    source = mh.x_zip(tmp_path, "x.zip", mh.x_files(mh.tweets(range(1, 31))))
    from cloutlab import store
    from cloutlab.importers import import_path

    with store.opened(str(clean)) as con:
        import_path(con, source)
    tampered = tmp_path / "tampered.duckdb"
    shutil.copy(clean, tampered)
    con = duckdb.connect(str(tampered))
    row = con.execute("SELECT * FROM posts LIMIT 1").fetchone()
    cols = [d[0] for d in con.description]
    for post_id, when, likes in (("evil-1", "0001-01-01", 5), ("evil-9999", "9999-12-31", 7), ("evil-neg", "2022-01-03 09:30", -50)):
        values = dict(zip(cols, row), post_id=post_id, created_at=when, likes=likes)
        if post_id == "evil-neg":
            values.update(reposts=-3, replies=None)
        con.execute(f"INSERT INTO posts VALUES ({', '.join('?' for _ in cols)})", [values[c] for c in cols])
    con.execute("INSERT INTO accounts VALUES ('x', 'mallory', NULL, NULL, -5, -1, NULL)")
    con.close()
    return clean, tampered


def test_store_with_impossible_dates_and_counts_is_cleaned_when_read(capsys, db_pair):
    """Why: the date rules ran only on import: a database holding posts dated 0001 and 9999 sent score and
    whatif to 1.96 GB and 'not enough memory', and cohort gave it 100.0. Now they read what an import would
    have stored, with a warning. (The negative-count post is left in with its counts missing.)"""
    import json

    clean, tampered = db_pair
    for command in (["score", "--json", "--account", "ada_lovelace"], ["whatif", "--json", "--set", "frequency=2",
                                                                       "--account", "ada_lovelace"]):
        code, want, _ = _cli_in(capsys, *command, "--db", clean)
        code_t, got, err = _cli_in(capsys, *command, "--db", tampered)
        assert code == code_t == 0, err
        assert "2 posts with an impossible date" in err and "1 post with counts that are not whole" in err
        assert json.loads(got)["date"] == json.loads(want)["date"]
    code, got, err = _cli_in(capsys, "cohort", "--json", "--db", tampered)
    board = {r["account"]: r for r in json.loads(got)}
    assert code == 0 and board["ada_lovelace"]["score"] < 100 and board["mallory"]["followers"] is None
    assert "1 account with a follower count or date that cannot be right" in err


def test_parquet_export_with_impossible_rows_is_cleaned_when_read(capsys, db_pair, tmp_path):
    """Why: cohort --parquet trusted Parquet rows: a 9999 date or negative counts gave 100.0."""
    import json
    import shutil

    import duckdb

    clean, tampered = db_pair
    _, want, _ = _cli_in(capsys, "cohort", "--json", "--db", tampered)  # read through the same rules
    out = tmp_path / "pq"
    assert _cli_in(capsys, "export", "--db", clean, "--parquet", out)[0] == 0
    bucket = next((out / "posts").iterdir())
    con = duckdb.connect(str(tampered))
    con.execute(f"COPY (SELECT * FROM posts WHERE post_id LIKE 'evil-%') TO '{bucket / 'evil.parquet'}' (FORMAT parquet)")
    con.close()
    code, got, err = _cli_in(capsys, "cohort", "--json", "--parquet", out)
    assert code == 0 and "2 posts with an impossible date" in err and "1 post with counts that are not whole" in err
    score = {r["account"]: r["score"] for r in json.loads(got)}
    assert score == {r["account"]: r["score"] for r in json.loads(want) if r["account"] == "ada_lovelace"}
    shutil.rmtree(out)


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_foreign_parquet_folder_is_one_sentence(capsys, tmp_path, engine):
    """Why: a Parquet folder of another program's (with a copied manifest) made `cohort --engine spark` print
    a 69 kB Spark log record, then 'internal error'. Its columns are checked before any engine starts."""
    import duckdb

    from cloutlab.store.parquet import MANIFEST, TABLES

    for table in TABLES:
        (tmp_path / table / "bucket=0").mkdir(parents=True)
        duckdb.connect().execute(f"COPY (SELECT 1 AS invoice, 'x' AS customer) TO "
                                 f"'{tmp_path / table / 'bucket=0' / 'a.parquet'}' (FORMAT parquet)")
    (tmp_path / MANIFEST).write_text('{"buckets": 1}')
    code, out, err = _cli_in(capsys, "cohort", "--engine", engine, "--parquet", tmp_path)
    assert code == 2 and err.count("\n") == 1 and len(err) < 400
    assert "is not a cloutlab Parquet export: its posts table has no column platform" in err


def test_export_to_a_folder_named_with_glob_characters_reads_back(capsys, db_pair, tmp_path):
    """Why: `export --parquet 'a*b[1]'` wrote the files, then `cohort --parquet` read the name as a pattern."""
    clean, _ = db_pair
    _, want, _ = _cli_in(capsys, "cohort", "--json", "--db", clean)
    out = tmp_path / "a*b[1]{x}?"
    assert _cli_in(capsys, "export", "--db", clean, "--parquet", out)[0] == 0
    code, got, err = _cli_in(capsys, "cohort", "--json", "--parquet", out)
    assert code == 0 and got == want, err


def test_export_whose_posts_are_all_left_out_stores_nothing(capsys, tmp_path):
    """Why: an export whose posts were all dropped (dates) stored an empty account: Import, Home, Scores and
    What-if crashed, and `score --account` said 'internal error (IndexError ...)'."""
    db = tmp_path / "c.duckdb"
    ok = mh.x_zip(tmp_path, "ok.zip", mh.x_files(mh.tweets(range(1, 5))))
    assert _cli_in(capsys, "import", ok, "--db", db)[0] == 0
    before = mh_snapshot(db)
    late = mh.x_zip(tmp_path, "late.zip", mh.x_files(mh.tweets(range(1, 5), year=9999), owner="latecomer"))
    code, out, err = _cli_in(capsys, "import", late, "--db", db)
    assert code == 2 and err.count("\n") == 1
    assert "Nothing was imported: every post of x account latecomer was left out" in err
    assert mh_snapshot(db) == before


def test_score_of_an_account_without_posts_is_a_sentence(capsys, db_pair):
    """Why: an account row without posts (an older cloutlab stored them) gave 'internal error (IndexError)'."""
    _, tampered = db_pair
    code, out, err = _cli_in(capsys, "score", "--db", tampered, "--account", "mallory")
    assert code == 2 and err.count("\n") == 1 and "holds no posts for account 'mallory'" in err


def mh_snapshot(path) -> dict:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * EXCLUDE (imported_at) FROM {t} ORDER BY ALL").fetchall() if t == "imports"
                else con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("posts", "accounts", "imports")}
    finally:
        con.close()


# ---------------------------------------------------------------- what the terminal prints
ESCAPES = "ada\x1b]0;pwned\x07\x1b[2J\r\nfake line\u202e"


def test_escape_codes_in_account_names_are_not_printed(capsys, tmp_path):
    """Why: `import` and `cohort` printed account names raw: window title, clear screen, fake lines."""
    import json

    db = tmp_path / "c.duckdb"
    source = mh.x_zip(tmp_path, "esc.zip", mh.x_files(mh.tweets(range(1, 5)), owner=ESCAPES))
    code, out, err = _cli_in(capsys, "import", source, "--db", db)
    assert code == 0 and out.count("\n") == out.count("\nwarning: ") + 1
    code, board, err = _cli_in(capsys, "cohort", "--db", db)
    for text in (out, board, err):
        assert not any(c in text for c in "\x1b\x07\r\u202e"), text
    code, got, _ = _cli_in(capsys, "cohort", "--json", "--db", db)
    assert json.loads(got)[0]["account"] == ESCAPES.lstrip("@")  # JSON keeps the name exactly (escaped by JSON)


# ---------------------------------------------------------------- no double counting
@pytest.mark.parametrize("name, files, posts", [
    ("facebook-ana-2024-01-01.zip", mh.fb_repeated(50), 50),
    ("instagram-ana-2024-01-01.zip", mh.ig_both_layouts(20), 20),
])
def test_identical_items_and_parts_are_stored_once(name, files, posts):
    """Why: the same Facebook item or part twice gave 100 posts for 50; an Instagram part under both folder
    layouts gave 30 for 20 (X refuses a duplicate id; the networks double-counted)."""
    from cloutlab import store
    from cloutlab.importers import import_bytes

    summary = import_bytes(store.connect(), name, mh.zip_bytes(files))
    assert summary["items"] == posts
    assert any("appeared more than once in the export, identical" in w and "stored once" in w for w in summary["warnings"])


def test_facebook_zip_inside_a_zip_is_named_as_such():
    """Why: a Facebook zip inside a zip was told to 'request a new copy that includes your posts'."""
    import make_fixtures_networks as mfn

    inner = mh.zip_bytes(mfn.fb_2022())
    line = outcome("outer.zip", mh.zip_bytes({"facebook-ana-2024-01-01.zip": inner}))
    assert line == ("outer.zip holds another archive, facebook-ana-2024-01-01.zip, not the export's own files: it is a "
                    "zip inside a zip. Unzip outer.zip and import facebook-ana-2024-01-01.zip itself.")


def test_linkedin_csv_with_carriage_return_line_ends_is_read():
    """Found by the fuzzer: a bare CR ends a line (old Mac Excel saves CSV so); the rows were fed to csv
    without newline='' and every such file was 'new-line character seen in unquoted field'."""
    shares = ("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\r"
              "2021-03-05 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,Hello,,,MEMBER_NETWORK\r"
              '2021-03-06 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A2,"two\rlines",,,MEMBER_NETWORK\r')
    parsed = parse_bytes("li.zip", mh.zip_bytes({"Shares.csv": shares.encode()}))
    assert parsed.posts.column("text").to_pylist() == ["Hello", "two\rlines"]
