"""Importing at size (issues 23 and 26): the incoming rows are read once, the store's checks say the same
things from the stored rows, an import into a database file runs under a capped DuckDB cache that is
restored afterwards, and an X archive's tweet files are staged a batch at a time. The figures themselves
(10M tweets under 2 GB, 60 s) come from bench/import_bench.py."""

import os

import duckdb
import make_fixtures as mf
import pytest

from cloutlab import schema, store
from cloutlab.errors import CloutlabError, StoreError
from cloutlab.importers import import_path, x_sql, x_stage
from cloutlab.importers.parsed import Parsed, has_rows, store_parsed

from helpers import posts_frame

ALICE = {"platform": "x", "account": "alice"}


def _counted_relation(con, n: int, seen: dict):
    """n canonical posts as a DuckDB relation whose every row read calls back into Python (as an X archive's
    rows are parsed from its JSON again on every read)."""

    def tick(i: int) -> int:
        seen["rows"] += 1
        return i

    con.create_function("tick", tick, [int], int, side_effects=True)
    values = {"platform": "'x'", "account": "'alice'", "post_id": "i::VARCHAR",
              "created_at": "TIMESTAMP '2024-01-01' + to_seconds(i)", "kind": "'original'", "is_self_reply": "false",
              "text": "'hi'", "mentions": "[]::VARCHAR[]", "hashtags": "[]::VARCHAR[]", "urls": "[]::VARCHAR[]"}
    cols = ", ".join(f"{values.get(name, f'NULL::{kind.split()[0]}')} AS {name}" for name, kind in schema.POSTS_COLUMNS)
    return con.sql(f"SELECT {cols} FROM range({n}) t(i) WHERE tick(i) >= 0")  # a filter: no read can skip it


def test_store_parsed_reads_a_relations_rows_once():
    # It read them three times: has_rows counted them all (len(): DuckDB 2.0's relations have no fetchone),
    # and the owner check counted them again after the insert. For 10M tweets that is two more JSON parses.
    con, seen, n = store.connect(), {"rows": 0}, 200_000
    summary = store_parsed(con, Parsed(ALICE, _counted_relation(con, n, seen), "a.zip", "x"))
    assert summary["items"] == n
    assert seen["rows"] < 1.2 * n, seen


def test_has_rows_on_a_relation():
    con = store.connect()
    assert has_rows(con.sql("SELECT 1 AS a")) and not has_rows(con.sql("SELECT 1 AS a WHERE false"))


def test_rows_of_another_account_are_still_refused():
    rows = posts_frame([{"created_at": "2024-01-01 10:00"}, {"created_at": "2024-01-02 10:00"}])
    rows.loc[1, "account"] = "bob"
    con = store.connect()
    with pytest.raises(StoreError, match="Internal error: 1 incoming rows do not belong to x account alice"):
        store.write_account(con, ALICE, rows)
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 0


def test_repeated_ids_are_counted_as_before():
    rows = posts_frame([{"created_at": f"2024-01-0{d} 10:00"} for d in range(1, 7)])
    rows["post_id"] = ["1", "1", "1", "2", "2", "3"]  # 3 extra rows: count(*) - count(DISTINCT post_id)
    with pytest.raises(StoreError, match="^3 posts share an id with another post") as err:
        store.write_account(store.connect(), ALICE, rows)
    assert err.value.duplicate_id in ("1", "2")


def _limit(con) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_a_file_import_caps_duckdbs_cache_and_restores_it(tmp_path):
    con = store.connect(str(tmp_path / "c.duckdb"))
    default = _limit(con)
    con.execute("SET threads = 2")
    with x_sql.import_settings(con.cursor()):  # the app imports on a cursor: the limit is the database's
        assert _limit(con) == "512.0 MiB"
    assert _limit(con) == default
    con.execute("SET threads = 4")
    with x_sql.import_settings(con):
        assert _limit(con) == "1.0 GiB"  # 256 MB a thread: the JSON reader's buffers are per thread
    con.execute("SET memory_limit = '300MB'")  # a lower limit someone set stays as it is
    with x_sql.import_settings(con):
        assert _limit(con) == "286.1 MiB"
    assert _limit(con) == "286.1 MiB"


def test_an_in_memory_import_keeps_duckdbs_cache():
    # Its rows can live nowhere else, so a cap would only make DuckDB spill them to ./.tmp.
    con = store.connect()
    default = _limit(con)
    with x_sql.import_settings(con):
        assert _limit(con) == default
    assert _limit(con) == default


def test_a_cap_duckdb_cannot_meet_leaves_the_import_uncapped(tmp_path):
    # SET memory_limit fails when more than the cap is pinned (another tab's query on the same file): the
    # import goes on under the old limit rather than failing.
    con = store.connect(str(tmp_path / "c.duckdb"))
    default = _limit(con)

    class Refusing:
        def execute(self, query, *args):
            if query.startswith("SET memory_limit"):
                raise duckdb.OutOfMemoryException("could not free up enough memory for the new limit")
            return con.execute(query, *args)

    with x_sql.import_settings(Refusing()):
        assert _limit(con) == default
    assert _limit(con) == default


def _staging_each_batch(monkeypatch) -> list[list[str]]:
    """Every part its own batch; for each batch staged, what its staging folder holds at that moment."""
    monkeypatch.setattr(x_stage, "BATCH_BYTES", 1)
    seen, real = [], x_stage.stage

    def stage(src, parts, folder, budget=None):
        seen.append(sorted(os.listdir(os.path.dirname(folder))))
        return real(src, parts, folder, budget)

    monkeypatch.setattr(x_stage, "stage", stage)
    return seen


def _posts(con):
    return con.execute("SELECT * FROM posts ORDER BY post_id").fetchall()


@pytest.mark.parametrize("odd", [False, True])  # odd: three parts, the middle one empty, a BOM and a ';'
def test_an_archive_staged_a_batch_at_a_time_imports_the_same(tmp_path, monkeypatch, odd):
    # 10M tweets staged at once wrote 9 GB to temporary disk; a batch at a time, one batch is there at once.
    path = mf.write_zip(tmp_path / "x.zip", mf.x_archive_files(odd=odd))
    whole = store.connect()
    expected = import_path(whole, path)
    seen = _staging_each_batch(monkeypatch)
    parted = store.connect()
    assert import_path(parted, path) == expected
    assert _posts(parted) == _posts(whole)
    assert seen == [[f"batch{i}"] for i in range(3 if odd else 2)]  # each batch removed before the next


def test_batches_without_posts_are_skipped_and_each_batch_read_once(tmp_path, monkeypatch):
    files = mf.x_archive_files()
    files["data/tweets.js"] = mf.ytd("tweets", [])  # the first part holds no tweet: the second has 4
    path = mf.write_zip(tmp_path / "x.zip", files)
    seen = _staging_each_batch(monkeypatch)
    assert import_path(store.connect(), path)["items"] == 4
    assert len(seen) == 2


def test_an_archive_whose_batches_hold_no_posts_says_so(tmp_path, monkeypatch):
    files = mf.x_archive_files()
    files["data/tweets.js"] = mf.ytd("tweets", [])
    files["data/tweets-part1.js"] = mf.ytd("tweets", []).replace(b"part0 =", b"part1 =")
    path = mf.write_zip(tmp_path / "x.zip", files)
    with pytest.raises(CloutlabError) as whole:
        import_path(store.connect(), path)
    _staging_each_batch(monkeypatch)
    with pytest.raises(CloutlabError) as parted:
        import_path(store.connect(), path)
    assert str(parted.value) == str(whole.value) and str(whole.value).startswith("no posts found in x.zip")
