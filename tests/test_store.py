import duckdb
import pytest

from cloutlab import store
from cloutlab.errors import CloutlabError

from helpers import posts_frame

ALICE = {"platform": "x", "account": "alice", "followers": 10, "following": 5}


def _three():
    return posts_frame([
        {"created_at": "2024-01-01 10:00", "likes": 3},
        {"created_at": "2024-01-02 10:00", "kind": "reply", "is_self_reply": True},
        {"created_at": "2024-01-03 10:00", "kind": "repost"},
    ])


def _snapshot(con):
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("posts", "accounts", "imports")}


def test_write_records_counts():
    con = store.connect()
    rec = store.write_account(con, ALICE, _three(), source_file="a.zip", fmt="x", warnings=["w"])
    assert (rec["items"], rec["original"], rec["replies"], rec["self_replies"], rec["reposts"]) == (3, 1, 1, 1, 1)
    assert str(rec["first_at"]) == "2024-01-01 10:00:00" and str(rec["last_at"]) == "2024-01-03 10:00:00"
    assert con.execute("SELECT warnings FROM imports").fetchone()[0] == ["w"]


def test_second_write_replaces_not_duplicates():
    # Issue 11: replacing is explicit now (import --replace); the default merges (next test).
    con = store.connect()
    store.write_account(con, ALICE, _three())
    store.write_account(con, ALICE, _three().iloc[:2], replace=True)
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1


def test_second_write_merges_by_post_id_and_says_so():
    con = store.connect()
    store.write_account(con, ALICE, _three())
    rec = store.write_account(con, ALICE, _three().iloc[:2])
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1
    assert any("merged" in w and "3 posts now" in w for w in rec["warnings"])


def test_other_accounts_untouched_by_replace():
    con = store.connect()
    store.write_account(con, ALICE, _three())
    store.write_account(con, {"platform": "x", "account": "bob"}, posts_frame([{"created_at": "2024-02-01"}], account="bob"))
    store.write_account(con, ALICE, _three())
    assert con.execute("SELECT account, count(*) FROM posts GROUP BY 1 ORDER BY 1").fetchall() == [("alice", 3), ("bob", 1)]


@pytest.mark.parametrize("damage", ["duplicate_id", "bad_kind", "null_time"])
def test_failure_leaves_database_as_it_was(damage):
    con = store.connect()
    store.write_account(con, ALICE, _three())
    before = _snapshot(con)
    bad = _three()
    if damage == "duplicate_id":
        bad.loc[1, "post_id"] = bad.loc[0, "post_id"]
    elif damage == "bad_kind":
        bad.loc[1, "kind"] = "story"
    else:
        bad["created_at"] = bad["created_at"].astype(object)
        bad.loc[1, "created_at"] = None
    with pytest.raises(CloutlabError) as err:
        store.write_account(con, ALICE, bad)
    assert "\n" not in str(err.value)
    assert _snapshot(con) == before


def test_file_database_persists(tmp_path):
    path = str(tmp_path / "c.duckdb")
    con = store.connect(path)
    store.write_account(con, ALICE, _three())
    con.close()
    again = store.connect(path)
    assert again.execute("SELECT count(*) FROM posts").fetchone()[0] == 3


def test_unopenable_database_is_one_sentence(tmp_path):
    with pytest.raises(CloutlabError):
        store.connect(str(tmp_path / "missing-dir" / "x.duckdb"))


def test_arrow_and_relation_inputs():
    con = store.connect()
    import pyarrow as pa

    store.write_account(con, ALICE, pa.Table.from_pandas(_three(), preserve_index=False))
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 3
    rel = duckdb.connect().from_arrow(pa.Table.from_pandas(_three().iloc[:1], preserve_index=False))
    assert isinstance(rel, duckdb.DuckDBPyRelation)
