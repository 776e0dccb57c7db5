"""Importers parse; one function writes (issue 12): a parser returns rows and warnings and touches no
database; importers.parsed.store_parsed stores them; the store's failures are a StoreError type."""

import dataclasses
from pathlib import Path

import pytest

from cloutlab import store
from cloutlab.errors import CloutlabError, StoreError
from cloutlab.importers import LOADERS, PARSERS, import_path
from cloutlab.importers.common import read_js
from cloutlab.importers.detect import from_path
from cloutlab.importers.parsed import Parsed, store_parsed
from cloutlab.importers.archive_guard import DEFAULT_LIMITS

from helpers import posts_frame

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_every_format_has_a_loader_and_every_parser_is_one():
    assert set(PARSERS) | {"x"} == set(LOADERS)


@pytest.mark.parametrize("name", ["posts.csv", "repo.car"])
def test_a_parser_writes_nothing_and_store_parsed_gives_the_import_summary(name):
    inp = from_path(SAMPLES / name, DEFAULT_LIMITS)
    try:
        parsed = PARSERS[inp.fmt](inp)  # no connection given: a parser cannot write
    finally:
        inp.close()
    assert isinstance(parsed, Parsed) and parsed.posts.num_rows > 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.fmt = "other"  # type: ignore[misc]
    assert store_parsed(store.connect(), parsed) == import_path(store.connect(), SAMPLES / name)


def test_store_failures_are_a_store_error_with_the_duplicate_id():
    posts = posts_frame([{"created_at": "2024-01-01 10:00"}, {"created_at": "2024-01-02 10:00"}])
    posts["post_id"] = "7"
    con = store.connect()
    with pytest.raises(StoreError) as err:
        store.write_account(con, {"platform": "x", "account": "alice"}, posts)
    assert isinstance(err.value, CloutlabError) and err.value.duplicate_id == "7" and not err.value.reading_rows
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 0


class _Files:
    label = "a.zip"

    def __init__(self, files):
        self.files = files

    def read_bytes(self, name):
        return self.files[name]

    def read_json(self, name, data):
        import json
        return json.loads(data)


def test_one_reader_of_js_assignment_files():
    src = _Files({"a.js": b'window.YTD.account.part0 = [{"x": 1}];', "u.js": b"var user_details = {\"id\": 2}",
                  "late.js": b" " * 5000 + b"= []", "none.js": b"[]"})
    assert read_js(src, "a.js", expected="'window.YTD... ='", within=4096) == [{"x": 1}]
    assert read_js(src, "u.js") == {"id": 2}
    assert read_js(src, "late.js") == []
    with pytest.raises(CloutlabError, match="does not start with 'window.YTD... ='"):
        read_js(src, "late.js", expected="'window.YTD... ='", within=4096)
    with pytest.raises(CloutlabError, match="does not start with an assignment"):
        read_js(src, "none.js")
