"""The command line's contract (docs/DESIGN.md section 7). Most tests call cloutlab.cli.main in process
(helpers.run_cli); the three marked "a real process" run `python -m cloutlab` end to end."""

import subprocess
import sys

from cloutlab.store import demo

from helpers import run_cli


def run_process(*args):
    return subprocess.run([sys.executable, "-m", "cloutlab", *args], capture_output=True, text=True, timeout=120)


def test_demo_list_prints_one_persona_a_line():  # a real process
    r = run_process("demo", "--list")
    assert r.returncode == 0
    assert r.stdout.split() == list(demo.PERSONAS)


def test_bad_arguments_are_one_line_exit_2():  # a real process
    for args in (["bogus"], [], ["demo"]):
        r = run_process(*args)
        assert r.returncode == 2
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cloutlab: error: "), r.stderr
        assert "Traceback" not in r.stderr


def test_score_demo_json_contract():  # a real process
    import json

    r = run_process("score", "--demo", "novelist", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert set(obj) == {"date", "opaque", "transparent", "market"}  # market: issue 17's extension (share price)
    assert {"price", "dividend", "shares_outstanding"} <= set(obj["market"])
    # "assumptions" added by issue 14 (an extension: what the score assumes where an export is silent)
    # "percentile" added by issue 13 (an extension: where the score stands in the reference population)
    # "true_reach_people" and "reasons" added by issue 21 (an extension: True Reach as a number of people)
    assert set(obj["opaque"]) == {"score", "slope", "subscores", "style", "topics", "assumptions", "percentile",
                                  "true_reach_people", "reasons"}
    assert set(obj["opaque"]["subscores"]) == {"true_reach", "amplification", "network"}
    assert set(obj["transparent"]) == {"composite", "metrics", "reasons"}  # reasons: issue 10's extension
    assert obj["date"] == "2026-10-31" and 1 <= obj["opaque"]["score"] <= 100
    assert len(obj["opaque"]["topics"]) <= 10


def test_score_at_date_and_errors():
    import json

    r = run_cli("score", "--demo", "veteran_2011", "--at", "2011-10-25", "--json")
    assert json.loads(r.stdout)["date"] == "2011-10-25"
    for args in (["score"], ["score", "--demo", "nobody"], ["score", "--demo", "bot", "--at", "2030-01-01"],
                 ["score", "--demo", "bot", "--at", "soon"], ["score", "--db", "/nonexistent.duckdb"]):
        r = run_cli(*args)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("cloutlab: error: "), (args, r.stderr)


IMPORT_KEYS = {"platform", "account", "items", "original", "replies", "self_replies", "reposts", "quotes", "first",
               "last", "followers", "following", "engagement_fields", "warnings"}


def test_import_json_then_score_from_the_database(export_fixtures, tmp_path):
    import json

    db = str(tmp_path / "me.duckdb")
    r = run_cli("import", str(export_fixtures["x_zip"]), "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert set(summary) == IMPORT_KEYS
    assert summary["platform"] == "x" and summary["first"].endswith("Z")
    r = run_cli("import", str(export_fixtures["mastodon_zip"]), "--db", db, "--json")
    assert json.loads(r.stdout)["followers"] is None
    r = run_cli("score", "--db", db, "--account", summary["account"], "--json")
    assert r.returncode == 0, r.stderr
    assert 1 <= json.loads(r.stdout)["opaque"]["score"] <= 100
    r = run_cli("score", "--db", db, "--json")  # both accounts together
    assert r.returncode == 0, r.stderr


def test_bad_import_is_one_line_and_leaves_the_database(export_fixtures, tmp_path):
    import duckdb

    db = str(tmp_path / "me.duckdb")
    assert run_cli("import", str(export_fixtures["x_zip"]), "--db", db).returncode == 0
    before = duckdb.connect(db).execute("SELECT count(*) FROM posts").fetchone()
    for key in ("bad_bomb", "bad_images", "bad_traversal", "bad_json", "bad_garbage"):
        r = run_cli("import", str(export_fixtures[key]), "--db", db, "--json")
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("cloutlab: error: ") and "Traceback" not in r.stderr
    assert duckdb.connect(db).execute("SELECT count(*) FROM posts").fetchone() == before
    r = run_cli("import", str(tmp_path / "nothing-here.zip"))
    assert r.returncode == 2 and r.stderr.startswith("cloutlab: error: ")


def test_whatif_json_contract():
    import json

    r = run_cli("whatif", "--demo", "novelist", "--set", "break_weeks=1", "--set", "frequency=2", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert set(obj) == {"date", "scenario", "baseline", "what_if", "delta"}
    # The contract extends, never renames (docs/DESIGN.md section 7): later issues add keys (outcome: issue 13).
    assert {"opaque", "composite", "outcome"} <= set(obj["delta"])
    assert obj["scenario"]["frequency"] == 2 and obj["scenario"]["break_weeks"] == 1
    assert obj["scenario"]["break_start"]  # a sensible default date was filled in
    for side in ("baseline", "what_if"):
        assert {"date", "opaque", "transparent", "outcome"} <= set(obj[side])
    assert abs(obj["what_if"]["opaque"]["score"] - obj["baseline"]["opaque"]["score"] - obj["delta"]["opaque"]) < 0.011


def test_whatif_bought_followers_barely_move_the_black_box():
    import json

    obj = json.loads(run_cli("whatif", "--demo", "follower_buyer", "--set", "bought_followers=10000", "--json").stdout)
    assert abs(obj["delta"]["opaque"]) < 1.5 and obj["delta"]["composite"] == 0


def test_whatif_bad_keys_and_values():
    for sets in (["nope=1"], ["frequency=11"], ["frequency=fast"], ["break_start=2001-01-01", "break_weeks=1"],
                 ["unlink=myspace"]):
        r = run_cli("whatif", "--demo", "novelist", *[a for s in sets for a in ("--set", s)])
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("cloutlab: error: "), (sets, r.stderr)


def test_cohort_leaderboard(export_fixtures, tmp_path):
    import json

    rows = json.loads(run_cli("cohort", "--json").stdout)  # the demo personas' accounts
    from cloutlab.store import demo

    assert len(rows) == sum(len(p.accounts) for p in demo.PERSONAS.values()) and rows[0]["rank_opaque"] == 1
    assert {"platform", "account", "date", "score", "composite", "rank_opaque", "rank_composite"} <= set(rows[0])
    assert rows[0]["account"] in ("stella_official", "jay_pop_2012")  # a celebrity on top (issue 13 adds Jay)
    db = str(tmp_path / "c.duckdb")
    run_cli("import", str(export_fixtures["x_zip"]), "--db", db)
    rows = json.loads(run_cli("cohort", "--db", db, "--json").stdout)
    assert len(rows) == 1 and 1 <= rows[0]["score"] <= 100
    r = run_cli("cohort", "--db", str(tmp_path / "missing.duckdb"))
    assert r.returncode == 2 and r.stderr.startswith("cloutlab: error: ")
