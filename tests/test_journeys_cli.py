"""The import and score commands along people's paths (issue 10): a database file named like an SQL alias,
an archive without posts, and a composite that an export cannot feed. The commands run in process
(helpers.run_cli: the same cli.main without a Python start-up of a second each); the refused import of an
archive without posts also runs as a real process, end to end."""

import json
import subprocess
import sys

import pytest

from helpers import run_cli as run
from make_fixtures import write_zip, x_archive_files


def run_process(*args):
    return subprocess.run([sys.executable, "-m", "cloutlab", *map(str, args)], capture_output=True, text=True,
                          timeout=180)


# DuckDB names an attached catalog after the file; every name the X import SQL uses, and a few more.
DB_NAMES = ["t", "ent", "entities", "posts", "raw", "tw", "u", "m", "h", "tweet", "main", "urls", "accounts", "x"]


@pytest.mark.parametrize("name", DB_NAMES)
def test_x_import_works_whatever_the_database_file_is_called(tmp_path, export_fixtures, name):
    db = tmp_path / f"{name}.duckdb"
    r = run("import", str(export_fixtures["x_zip"]), "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["items"] == 10
    r = run("score", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr


def test_an_archive_without_posts_says_so_and_stores_nothing(tmp_path, export_fixtures):
    files = x_archive_files()
    files["data/tweets.js"] = b"window.YTD.tweets.part0 = [ ]"
    files["data/tweets-part1.js"] = b"window.YTD.tweets.part1 = [ ]"
    empty = write_zip(tmp_path / "twitter-empty.zip", files)
    db = tmp_path / "mine.duckdb"
    assert run("import", str(export_fixtures["x_zip"]), "--db", str(db)).returncode == 0
    for r in (run("import", str(empty), "--db", str(db)), run_process("import", empty, "--db", db)):
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("cloutlab: error: no posts found in twitter-empty.zip")
        assert "None" not in r.stderr
    board = json.loads(run("cohort", "--db", str(db), "--json").stdout)
    assert [row["account"] for row in board] == ["ada_lovelace"]  # nothing stored, nothing replaced


@pytest.mark.parametrize("fixture, platform", [("bluesky_car", "Bluesky"), ("mastodon_targz", "Mastodon")])
def test_score_json_gives_a_null_composite_with_a_reason(tmp_path, export_fixtures, fixture, platform):
    db = tmp_path / "c.duckdb"
    assert run("import", str(export_fixtures[fixture]), "--db", str(db)).returncode == 0
    r = run("score", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["transparent"]["composite"] is None
    reasons = obj["transparent"]["reasons"]
    said = [x for x in reasons if x.startswith("composite:")]
    assert len(said) == 1 and platform in said[0] and "not in this" in said[0], reasons
    for key, value in obj["transparent"]["metrics"].items():
        if value is None:
            assert any(x.startswith(f"{key}:") for x in reasons), key
    text = run("score", "--db", str(db)).stdout
    assert "transparent composite: not in this export" in text and "None" not in text


def test_cohort_lists_an_account_without_counts_last_by_composite_and_says_why(tmp_path, export_fixtures):
    db = tmp_path / "mixed.duckdb"
    for name in ("bluesky_car", "x_zip"):
        assert run("import", str(export_fixtures[name]), "--db", str(db)).returncode == 0
    rows = json.loads(run("cohort", "--db", str(db), "--json").stdout)
    sky = next(r for r in rows if r["platform"] == "bluesky")
    x = next(r for r in rows if r["platform"] == "x")
    assert sky["composite"] is None and sky["rank_composite"] is None and "Bluesky" in sky["reasons"][0]
    assert x["rank_composite"] == 1 and x["reasons"] == []
    text = run("cohort", "--db", str(db)).stdout
    assert "NaN" not in text and "<NA>" not in text and "None" not in text and "not in this export" in text
