"""Cancel (issue 26, item 4): an import cancelled midway, in every format, leaves the database exactly as it
was, and says so in one sentence; progress counts the bytes read against the members to read."""

import threading

import pytest

from cloutlab import store
from cloutlab.importers import import_path, progress
from cloutlab.importers.progress import Cancelled, Progress

GOOD = ['bluesky_car', 'csv_alt_headers', 'csv_bom_crlf', 'csv_cp1252', 'fb_2018_zip', 'fb_2020_wrapped_zip',
        'fb_2022_zip', 'fb_2023_zip', 'fb_2024_folder', 'gplus_html_zip', 'gplus_json_zip', 'ig_2022_zip',
        'ig_2025_folder', 'legacy_csv10_folder', 'legacy_csv9_zip', 'legacy_js_zip', 'li_2018_zip',
        'li_excel_folder', 'li_zip', 'mastodon_targz', 'mastodon_zip', 'x_2019_zip', 'x_folder', 'x_nested_zip',
        'x_odd_parts_zip', 'x_zip']


class Counting(Progress):
    """Counts the cancel checks; cancels itself at check number `at` (0: never)."""

    def __init__(self, at: int = 0):
        super().__init__()
        self.at, self.checks = at, 0
        self._count = threading.Lock()

    def check(self) -> None:
        with self._count:
            self.checks += 1
            if self.at and self.checks >= self.at:
                self.event.set()
        super().check()


def _snapshot(con) -> dict:
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1").fetchall()]
    return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}


def _import(con, path, p: Progress):
    with progress.tracking(p):
        return import_path(con, path)


@pytest.mark.parametrize("key", GOOD)
def test_cancel_midway_leaves_the_database_as_it_was(export_fixtures, key):
    path = export_fixtures[key]
    counted = Counting()
    _import(store.connect(), path, counted)  # how many checks a whole import makes
    assert counted.checks >= 1
    con = store.connect()
    import_path(con, export_fixtures["csv_alt_headers" if key != "csv_alt_headers" else "x_zip"])
    import_path(con, path)  # the same account already there: a cancelled merge must not touch it either
    before = _snapshot(con)
    with pytest.raises(Cancelled) as caught:
        _import(con, path, Counting(at=max(1, counted.checks // 2)))
    assert "\n" not in str(caught.value) and "nothing of it was stored" in str(caught.value)
    assert _snapshot(con) == before
    assert import_path(con, path)["items"] > 0  # and the database still takes imports


def test_progress_counts_what_is_read(export_fixtures):
    p = Progress()
    summary = _import(store.connect(), export_fixtures["x_zip"], p)
    snap = p.snapshot()
    assert summary["items"] > 0 and snap["total"] > 0 and snap["files"] >= 2
    assert snap["done"] >= snap["total"] * 0.5 and snap["rate"] > 0


def test_cancel_interrupts_a_running_query_on_the_import_cursor(export_fixtures):
    con = store.connect()
    p = Progress()
    cur = con.cursor()
    p.cons.append(cur)
    p.cancel()  # cancelled before it starts: the first read stops it
    with pytest.raises(Cancelled):
        _import(cur, export_fixtures["x_zip"], p)
    assert _snapshot(con) == _snapshot(store.connect())
