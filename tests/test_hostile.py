"""Hostile and unlucky input (issue 11): nothing lost, nothing leaked, nothing hangs, never a traceback.

Every case of the issue's "Why" is built by tests/make_hostile.py (or here, for the tiny ones) and each
test names its case. The property tests at the end put wrong types, huge and negative numbers and deep
nesting into the fields of every format.
"""

from __future__ import annotations

import errno
import json
import math
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

import make_hostile as mh
from cloutlab import cli, schema, store
from cloutlab.errors import CloutlabError
from cloutlab.importers import import_path
from cloutlab.importers.bluesky import walk_mst

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return mh.build_all(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(autouse=True)
def _keep_sigterm():
    before = signal.getsignal(signal.SIGTERM)  # cli.main turns SIGTERM into Ctrl-C; give pytest its own back
    yield
    signal.signal(signal.SIGTERM, before)


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(code: int, err: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("cloutlab: error: "), err
    assert "Traceback" not in err
    return lines[0]


def snapshot(path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("posts", "accounts")}
    finally:
        con.close()


# ---------------------------------------------------------------- nothing lost
@pytest.mark.parametrize("kind", ["notes.csv", "data.json", "table.parquet", "app.sqlite", "other.duckdb"])
def test_db_that_is_not_cloutlabs_is_refused_and_untouched(capsys, hostile, kind):
    """Why: `import X --db notes.csv` printed 'Imported' and stored nothing; SQLite tried a download;
    another app's DuckDB file got cloutlab's tables added."""
    db = hostile[f"db_{kind}"]
    before = db.read_bytes()
    code, out, err = run(capsys, "import", hostile["x_2022"], "--db", db)
    line = one_error_line(code, err)
    assert "not a cloutlab database" in line and "nothing was changed" in line
    assert db.read_bytes() == before and out == ""
    if kind == "app.sqlite":
        assert "SQLite" in line


def test_every_connection_has_extension_autoload_off(tmp_path):
    """Why: a SQLite file given as --db made DuckDB try to download an extension."""
    for con in (store.connect(), store.connect(str(tmp_path / "c.duckdb"))):
        assert con.execute("SELECT current_setting('autoinstall_known_extensions'), "
                           "current_setting('autoload_known_extensions')").fetchone() == (False, False)


def test_second_export_of_an_account_merges(capsys, hostile, tmp_path):
    """Why: a 2012 archive imported after a 2022 archive of the same account took it from 3,000 posts to
    1,500, silently. Here: 30 posts (2022) then 31 (2012), 11 ids in both -> 50, and a sentence."""
    db = tmp_path / "m.duckdb"
    assert run(capsys, "import", hostile["x_2022"], "--db", db)[0] == 0
    code, out, _ = run(capsys, "import", hostile["legacy_2012"], "--db", db, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["items"] == 50
    assert any("merged" in w and "11 in both" in w and "50 posts now" in w for w in summary["warnings"])
    # Counts come from the newer export (2022 archive generated 2022-07-01): id 25 keeps its like.
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(f"SELECT likes, text FROM posts WHERE post_id = '{1_400_000_000_000_000_000 + 25}'").fetchone() == (1, "post 25")
    con.close()
    code, out, _ = run(capsys, "import", hostile["legacy_2012"], "--db", db, "--replace", "--json")
    assert code == 0 and json.loads(out)["items"] == 31


def test_zip_with_two_entries_of_one_name_is_refused(capsys, hostile):
    """Why: a zip with two data/account.js entries silently used the last (the account became another)."""
    line = one_error_line(*run(capsys, "import", hostile["twin"])[::2])
    assert "two different files named data/account.js" in line


def test_failed_import_into_a_new_path_leaves_no_file(capsys, hostile, tmp_path):
    """Why: a failed import into a new --db path left an empty 268 KB database behind."""
    db = tmp_path / "new.duckdb"
    one_error_line(*run(capsys, "import", hostile["twin"], "--db", db)[::2])
    assert not db.exists() and not Path(f"{db}.wal").exists()


# ---------------------------------------------------------------- nothing leaked
def test_markdown_and_plotly_text_are_inert():
    """Why: hashtags reached 'Influential about' as live markdown (an image fetched, a live link) and an
    account name holding <a href> became a live link in the Gaming lab's plotly chart."""
    import plotly.graph_objects as go

    from cloutlab.present import charts
    from cloutlab.present.text import md_escape

    escaped = md_escape(mh.HOSTILE_TAG)
    assert "](" not in escaped and "![" not in escaped
    fig = charts.figure([go.Scatter(x=[mh.HOSTILE_NAME, "b"], y=[1, 2], text=[mh.HOSTILE_NAME, ""], name=mh.HOSTILE_NAME,
                                    hovertext=mh.HOSTILE_NAME)], mh.HOSTILE_NAME, "x", "y")
    shown = json.dumps(fig.to_plotly_json())
    assert "<a" not in shown and "<img" not in shown and "&lt;a href" in shown


def test_scores_page_topics_are_escaped(hostile):
    """The Scores page's 'Influential about' line, with a hashtag that is a markdown image."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/import.py").run()
    path = hostile["hostile_names"]
    at.file_uploader(key="uploads").set_value([(path.name, path.read_bytes(), "application/zip")]).run()
    at.button(key="import_button").click().run()
    at.switch_page("pages/scores.py").run()
    assert not at.exception, [e.value for e in at.exception]
    line = next(m.value for m in at.markdown if "Influential about" in m.value)
    assert "127" in line and "![" not in line and "](" not in line


def test_csv_downloads_neutralise_formulas():
    """Why: the Gaming lab's leaderboard.csv wrote =1+2+cmd|' -C calc'!A0 as is (CSV injection, OWASP)."""
    import pandas as pd

    from cloutlab.present import report
    from cloutlab.present.text import csv_safe

    frame = pd.DataFrame({"Student": [mh.FORMULA, "+x", "-y", "@z", "\tq", "ok"], "Score": [1.0, -2.0, 3, 4, 5, 6]})
    text = csv_safe(frame).to_csv(index=False)
    assert "\n'=1+2" in text and "\n'+x" in text and "\n'@z" in text and ",-2.0" in text
    assert "'=1+2" in report.csv_bytes(frame.set_index("Student")).decode()
    assert "csv_safe(gaming.table" in (ROOT / "pages" / "gaming.py").read_text()


def test_app_listens_on_this_machine_and_hides_tracebacks():
    """Why: `bash run.sh app` listened on every interface and exception boxes showed tracebacks."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["showErrorDetails"] == "none"
    assert "--server.address 0.0.0.0" in (ROOT / "README.md").read_text()


def test_stale_staging_folders_are_removed(tmp_path):
    """Why: a killed import left the person's tweets as plain JSON staging files in the temporary folder."""
    from cloutlab.importers import staging

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{staging.PREFIX}{dead.pid}-abc"
    (stale / "tweets-0.json").parent.mkdir()
    (stale / "tweets-0.json").write_text("[]")
    mine = tmp_path / f"{staging.PREFIX}{os.getpid()}-def"
    mine.mkdir()
    assert staging.clean_stale(str(tmp_path)) == 1
    assert not stale.exists() and mine.exists()


def test_sigterm_during_import_removes_staging_files(tmp_path):
    """A SIGTERM while the tweets are staged: exit 2, one line, and no staging folder left."""
    big = mh.x_zip(tmp_path, "big.zip", mh.x_files_alike(range(1, 60_000), "x" * 2000, "Mon Jan 03 09:00:00 +0000 2022"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "cloutlab", "import", str(big)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp.glob("*/*.json")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    if proc.returncode != 0:  # (a fast machine may finish first: then there was nothing to interrupt)
        assert proc.returncode == 2 and err.strip().splitlines()[-1].startswith("cloutlab: error: interrupted")
    assert list(tmp.iterdir()) == []


# ---------------------------------------------------------------- nothing hangs
def test_mst_that_points_to_itself_stops(capsys, hostile):
    """Why: a Bluesky CAR whose MST points to itself looped forever (one core at 100%, memory growing)."""
    started = time.monotonic()
    line = one_error_line(*run(capsys, "import", hostile["mst_cycle"])[::2])
    assert "does not match its CID" in line
    blocks = {b"n": {"l": b"n", "e": []}}
    with pytest.raises(CloutlabError, match="loops back"):
        list(walk_mst(blocks, b"n"))
    chain = {f"{i}".encode(): {"l": f"{i + 1}".encode(), "e": []} for i in range(500)}
    with pytest.raises(CloutlabError, match="impossibly deep"):
        list(walk_mst(chain, b"0"))
    print(f"mst cycle refused in {time.monotonic() - started:.2f} s")


def test_year_9999_is_left_out_and_scores_agree(capsys, hostile, tmp_path):
    """Why: one tweet dated 9999 made `score` take 21.6 s and 1.8 GB and `cohort` disagree with `score`."""
    db = tmp_path / "y.duckdb"
    code, out, _ = run(capsys, "import", hostile["year_9999"], "--db", db, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["items"] == 2 and summary["last"].startswith("2022-01-04")
    assert any("1 post with impossible dates was left out" in w for w in summary["warnings"])
    code, out, _ = run(capsys, "score", "--db", db, "--json")
    score = json.loads(out)
    code2, out2, _ = run(capsys, "cohort", "--db", db, "--json")
    assert code == code2 == 0
    assert json.loads(out2)[0]["score"] == score["opaque"]["score"]


def test_dates_before_the_platform_are_left_out(tmp_path, capsys):
    path = mh.csv_file(tmp_path, "old.csv", [("1970-01-02T00:00:00Z", "epoch"), ("2020-01-01T00:00:00Z", "fine")])
    code, out, _ = run(capsys, "import", path, "--json")
    summary = json.loads(out)
    assert summary["items"] == 1 and any("before csv existed" in w for w in summary["warnings"])


def test_a_huge_mastodon_post_is_refused(tmp_path, capsys):
    """Why: a single 500 MB Mastodon post was accepted (3.7 GB of memory). Here 2 MB, over the 1 MB limit."""
    path = mh.mastodon_zip(tmp_path, obj_patch={"content": "<p>" + "a" * 2_000_000 + "</p>"})
    line = one_error_line(*run(capsys, "import", path)[::2])
    assert "over cloutlab's limit of 1 MB" in line


# ---------------------------------------------------------------- never a traceback
@pytest.mark.parametrize("case", ["deep_data/account.js", "deep_data/manifest.js", "deep_data/follower.js", "deep_outbox"])
def test_deep_nesting_is_one_line(capsys, hostile, case):
    """Why: JSON nested 100,000 deep raised RecursionError."""
    line = one_error_line(*run(capsys, "import", hostile[case])[::2])
    assert "nests its data far deeper" in line


def test_huge_mastodon_count_is_missing_with_a_warning(capsys, hostile):
    """Why: a Mastodon totalItems of 99999999999 raised ArrowInvalid."""
    code, out, _ = run(capsys, "import", hostile["masto_huge_total"], "--json")
    assert code == 0 and any("not whole numbers" in w for w in json.loads(out)["warnings"])


def test_bad_counts_are_missing_and_json_is_valid(capsys, hostile, tmp_path):
    """Why: -5, '3.7', '0x10' were stored as -5, 4 and 16; score gave NaN and --json printed a bare NaN."""
    db = tmp_path / "c.duckdb"
    code, out, _ = run(capsys, "import", hostile["bad_counts"], "--db", db, "--json")
    assert code == 0 and any("4 posts have counts" in w for w in json.loads(out)["warnings"])
    con = duckdb.connect(str(db), read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT likes FROM posts").fetchall() if r[0] is not None) == [7]
    con.close()
    code, out, _ = run(capsys, "score", "--db", db, "--json")
    json.loads(out, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    cohort = json.loads(run(capsys, "cohort", "--db", db, "--json")[1], parse_constant=lambda c: pytest.fail(c))
    assert cohort[0]["score"] == json.loads(out)["opaque"]["score"]


def test_strict_json_never_prints_nan():
    from cloutlab.cli_errors import strict_json

    text = strict_json({"a": math.nan, "b": [math.inf, 1.5], "c": __import__("numpy").float64("nan")})
    assert json.loads(text) == {"a": None, "b": [None, 1.5], "c": None}


def test_two_csv_files_never_share_post_ids(capsys, tmp_path):
    """Why: two ordinary CSV imports shown together crashed Scores over time (both gave `row-N` ids)."""
    db = tmp_path / "two.duckdb"
    rows = [("2023-01-0%dT10:00:00Z" % d, "same text") for d in range(1, 5)]
    for name in ("alice.csv", "bob.csv"):
        assert run(capsys, "import", mh.csv_file(tmp_path, name, rows), "--db", db)[0] == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(DISTINCT post_id), count(*) FROM posts").fetchone() == (8, 8)
    con.close()
    code, out, err = run(capsys, "score", "--db", db, "--json")
    assert code == 0, err
    from cloutlab import activity
    from cloutlab.scores import inputs

    con = store.connect(str(db))
    keys = [tuple(r) for r in con.execute("SELECT platform, account FROM accounts").fetchall()]
    frame = activity.posts_table(con, keys).to_pandas()
    assert frame.set_index("post_id").index.is_unique
    inputs.from_store(con, keys, seed="t")


def test_duplicate_tweet_id_across_parts_is_named(capsys, hostile):
    """Why: a duplicate tweet id across parts was refused without naming the id or the files."""
    line = one_error_line(*run(capsys, "import", hostile["dup_parts"])[::2])
    assert "1400000000000000003" in line and "data/tweets.js and data/tweets-part1.js" in line


def test_encrypted_zip_is_named_as_such(capsys, hostile):
    """Why: an encrypted zip was called 'damaged' with a Python repr in the message."""
    line = one_error_line(*run(capsys, "import", hostile["encrypted"])[::2])
    assert "encrypted" in line and "RuntimeError" not in line


def test_tampered_car_block_is_refused(capsys, hostile):
    """Why: a CAR block whose content did not match its CID was imported as is (tampered text stored)."""
    line = one_error_line(*run(capsys, "import", hostile["car_tampered"])[::2])
    assert "does not match its CID" in line


def _stored_db(tmp_path, capsys, hostile) -> Path:
    db = tmp_path / "keep.duckdb"
    assert run(capsys, "import", hostile["x_2022"], "--db", db)[0] == 0
    return db


def test_ctrl_c_during_the_insert_rolls_back(capsys, hostile, tmp_path, monkeypatch):
    """Why: Ctrl-C during the insert printed a traceback."""
    db = _stored_db(tmp_path, capsys, hostile)
    before = snapshot(db)
    from cloutlab.store import clean

    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(clean, "clean_posts", interrupt)
    line = one_error_line(*run(capsys, "import", hostile["legacy_2012"], "--db", db)[::2])
    assert "interrupted" in line and snapshot(db) == before


def test_full_temporary_folder_is_named(capsys, hostile, monkeypatch):
    """Why: a full temporary folder gave a traceback, and a full disk was blamed on the export."""
    from cloutlab.importers import x_stage

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(x_stage, "stage", full)
    line = one_error_line(*run(capsys, "import", hostile["x_2022"])[::2])
    assert "disk is full" in line and "download the export again" not in line


def test_full_disk_at_commit_is_named_and_rolls_back(hostile, tmp_path, capsys):
    """Why: a full disk at COMMIT gave a traceback."""
    db = _stored_db(tmp_path, capsys, hostile)
    before = snapshot(db)
    real = store.connect(str(db))

    class FullDisk:  # the connection, except that COMMIT finds the disk full
        def __getattr__(self, name):
            return getattr(real, name)

        def execute(self, sql, *args):
            if sql == "COMMIT":
                raise duckdb.IOException('Could not write file "keep.duckdb": No space left on device')
            return real.execute(sql, *args)

    with pytest.raises(CloutlabError, match="disk is full") as err:
        import_path(FullDisk(), hostile["legacy_2012"])
    assert "\n" not in str(err.value)
    real.close()
    assert snapshot(db) == before


def test_truncated_database_is_one_line(capsys, hostile, tmp_path):
    """Why: a truncated database file gave a traceback."""
    db = _stored_db(tmp_path, capsys, hostile)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    for args in (["score", "--db", db], ["cohort", "--db", db], ["import", hostile["x_2022"], "--db", db]):
        line = one_error_line(*run(capsys, *args)[::2])
        assert "damaged" in line or "not a cloutlab database" in line


def test_memory_message_does_not_send_cli_users_to_the_cli(monkeypatch, hostile):
    """Why: the memory-limit message said 'use the command line' to someone already using it."""
    from cloutlab import importers

    def oom(con, inp):
        raise MemoryError

    monkeypatch.setitem(importers.LOADERS, "x", oom)
    with pytest.raises(CloutlabError) as err:
        import_path(store.connect(), hostile["x_2022"])
    assert "memory" in str(err.value) and "command line" not in str(err.value)


def test_any_unexpected_error_is_one_line(capsys, monkeypatch):
    def boom(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "cmd_demo", boom)
    line = one_error_line(*run(capsys, "demo", "--list")[::2])
    assert "ZeroDivisionError" in line


# ---------------------------------------------------------------- properties: any value in any field

DEEP = "__DEEP__"  # replaced by JSON nested 50,000 deep after dumping (json.dumps itself would recurse)
JSON_VALUES = hs.one_of(
    hs.none(), hs.booleans(), hs.integers(-(2**70), 2**70), hs.floats(allow_nan=True, allow_infinity=True),
    hs.text(max_size=20), hs.sampled_from(["-5", "3.7", "0x10", "99999999999", "", "9999-12-31T00:00:00Z", DEEP]),
    hs.lists(hs.integers(), max_size=3), hs.dictionaries(hs.text(max_size=5), hs.integers(), max_size=2),
)
CBOR_VALUES = hs.one_of(
    hs.none(), hs.booleans(), hs.integers(-(2**63), 2**63 - 1), hs.text(max_size=20), hs.binary(max_size=8),
    hs.sampled_from(["-5", "9999-12-31T00:00:00Z", "1970-01-01T00:00:00Z"]),
    hs.lists(hs.integers(0, 9), max_size=3), hs.dictionaries(hs.text(max_size=5), hs.integers(0, 9), max_size=2),
)
PROPS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


def _deep(data: bytes) -> bytes:
    return data.replace(json.dumps(DEEP).encode(), mh.deep_json(50_000))


def _check_import(path) -> None:
    """Either a clean import (counts missing or >= 0, dates plausible) or one sentence and nothing changed."""
    con = store.connect()
    import_path(con, mh.csv_file(path.parent, "bystander.csv", [("2020-01-01T00:00:00Z", "kept")]))
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("posts", "accounts")}
    try:
        import_path(con, path)
    except CloutlabError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 600, str(exc)
        assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("posts", "accounts")} == before
        return
    fields = " OR ".join(f"{f} < 0" for f in schema.ENGAGEMENT_FIELDS)
    assert con.execute(f"SELECT count(*) FROM posts WHERE {fields} OR created_at > now() + INTERVAL 2 DAY "
                       "OR created_at < TIMESTAMP '1997-01-01'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM accounts WHERE followers < 0 OR following < 0").fetchone()[0] == 0


@PROPS
@given(field=hs.sampled_from(["favorite_count", "retweet_count", "created_at", "full_text", "id_str", "entities",
                              "in_reply_to_status_id_str", "in_reply_to_screen_name", "lang", "source"]),
       value=JSON_VALUES, where=hs.sampled_from(["tweet", "account", "manifest"]))
def test_x_takes_any_value_in_any_field(tmp_path_factory, field, value, where):
    import make_fixtures as mf

    folder = tmp_path_factory.mktemp("xprop")
    ts = mh.tweets(range(1, 4))
    extra = None
    if where == "tweet":
        ts[0][field] = value
    elif where == "account":
        extra = {{"favorite_count": "username", "retweet_count": "createdAt", "created_at": "accountDisplayName"}.get(field, "accountId"): value}
    files = mh.x_files(ts, account_extra=extra)
    if where == "manifest":
        man = json.loads(files["data/manifest.js"].split(b"=", 1)[1])
        man[{"favorite_count": "userInfo", "retweet_count": "archiveInfo"}.get(field, "dataTypes")] = value
        files["data/manifest.js"] = b"window.__THAR_CONFIG = " + json.dumps(man).encode()
    files = {k: _deep(v) for k, v in files.items()}
    _check_import(mf.write_zip(folder / "x.zip", files))


@PROPS
@given(field=hs.sampled_from(["content", "published", "tag", "likes", "shares", "inReplyTo", "id", "contentMap", "to",
                              "act.published", "act.object", "act.type", "actor.preferredUsername", "actor.name",
                              "actor.id", "likes.totalItems"]), value=JSON_VALUES)
def test_mastodon_takes_any_value_in_any_field(tmp_path_factory, field, value):
    import make_fixtures as mf

    folder = tmp_path_factory.mktemp("mprop")
    files = mf.mastodon_files(old=False)
    box, actor = json.loads(files["outbox.json"]), json.loads(files["actor.json"])
    act = box["orderedItems"][0]
    if field.startswith("act."):
        act[field[4:]] = value
    elif field.startswith("actor."):
        actor[field[6:]] = value
    elif field == "likes.totalItems":
        act["object"]["likes"]["totalItems"] = value
    else:
        act["object"][field] = value
    files["outbox.json"], files["actor.json"] = _deep(json.dumps(box).encode()), _deep(json.dumps(actor).encode())
    _check_import(mf.write_zip(folder / "m.zip", files))


@PROPS
@given(field=hs.sampled_from(["text", "createdAt", "reply", "embed", "facets", "langs", "profile.displayName",
                              "profile.createdAt"]), value=CBOR_VALUES)
def test_bluesky_takes_any_value_in_any_field(tmp_path_factory, field, value):
    import make_fixtures as mf

    records = mf.bluesky_records()
    if field.startswith("profile."):
        records["app.bsky.actor.profile/self"][field[8:]] = value
    else:
        records[sorted(k for k in records if k.startswith("app.bsky.feed.post/"))[0]][field] = value
    path = tmp_path_factory.mktemp("bprop") / "repo.car"
    path.write_bytes(mh.bluesky_car(records))
    _check_import(path)


@PROPS
@given(cells=hs.lists(hs.tuples(hs.one_of(hs.text(max_size=25), hs.sampled_from(["9999-12-31", "1970-01-01", "2021-05-01"])),
                                hs.one_of(hs.text(max_size=10), hs.sampled_from(["-5", "3.7", "0x10", "99999999999", "1e3"]))),
                      min_size=1, max_size=4))
def test_csv_takes_any_cell(tmp_path_factory, cells):
    import csv as csvmod
    import io

    out = io.StringIO()
    w = csvmod.writer(out)
    w.writerow(["timestamp", "text", "likes"])
    for when, likes in cells:
        w.writerow([when, "t", likes])
    path = tmp_path_factory.mktemp("cprop") / "posts.csv"
    path.write_text(out.getvalue())
    _check_import(path)


@PROPS
@given(field=hs.sampled_from(["id_str", "text", "created_at", "entities", "in_reply_to_screen_name", "source",
                              "user_details"]), value=JSON_VALUES)
def test_legacy_takes_any_value_in_any_field(tmp_path_factory, field, value):
    import make_fixtures as mf

    files = mf.legacy_files(None, with_js=True)
    if field == "user_details":
        files["data/js/user_details.js"] = b"var user_details = " + json.dumps({"screen_name": value}).encode()
    else:
        name = sorted(n for n in files if n.startswith("data/js/tweets/"))[0]
        head, body = files[name].split(b"=", 1)
        tweets = json.loads(body)
        tweets[0][field] = value
        files[name] = head + b"= " + json.dumps(tweets).encode()
    files = {k: _deep(v) for k, v in files.items()}
    _check_import(mf.write_zip(tmp_path_factory.mktemp("lprop") / "legacy.zip", files))


def _cli_import(folder, value, run) -> int:
    """Import an X archive whose first tweet's date and second tweet's likes are `value` with `run` (in process
    or a real process): exit 0, or exit 2 with one line and the --db file unchanged (never made)."""
    ts = mh.tweets(range(1, 3))
    ts[1]["favorite_count"] = value
    ts[0]["created_at"] = value
    path = mh.x_zip(folder, "x.zip", {k: _deep(v) for k, v in mh.x_files(ts, owner="prop").items()})
    db = folder / "p.duckdb"
    r = run("import", str(path), "--db", str(db))
    assert "Traceback" not in r.stderr
    if r.returncode:
        one_error_line(r.returncode, r.stderr)
        assert not db.exists()
    else:
        assert snapshot(db)["accounts"]
    return r.returncode


@PROPS
@given(value=JSON_VALUES)
def test_cli_exit_code_is_0_or_2_with_one_line(tmp_path_factory, value):
    """The same through the command line, in process (helpers.run_cli: cli.main, a SystemExit read as the
    interpreter reads it; an exception escaping main fails the test outright)."""
    from helpers import run_cli

    _cli_import(tmp_path_factory.mktemp("cliprop"), value, run_cli)


@pytest.mark.parametrize("value, code", [("9999-12-31T00:00:00Z", 0), (DEEP, 2)])
def test_cli_exit_code_is_0_or_2_with_one_line_in_a_real_process(tmp_path, value, code):
    """The property above, end to end in `python -m cloutlab` for one accepted and one refused value."""
    def run(*args):
        return subprocess.run([sys.executable, "-m", "cloutlab", *args], capture_output=True, text=True, cwd=ROOT,
                              timeout=120)

    assert _cli_import(tmp_path, value, run) == code
