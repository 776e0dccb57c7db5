"""Importing at size (issues 23 and 26): the incoming rows are read once, the store's checks say the same
things from the stored rows, and an import into a database file runs under a capped DuckDB cache that is
restored afterwards. The figures themselves (10M tweets under 2 GB, 60 s) come from bench/import_bench.py."""

import duckdb
import pytest

from cloutlab import schema, store
from cloutlab.errors import StoreError
from cloutlab.importers import x_sql
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
