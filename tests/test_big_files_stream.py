"""The files that grow with years (issue 26, item 3): Facebook and Instagram posts and comments files streamed
item by item (json_items), the rows of those, of Google+ and of the Mastodon outbox kept in Arrow batches that
spill to an unnamed file and are sorted by DuckDB (spool). Same rows, same order, same sentences as the whole
read (the memory itself: tests/test_big_files_memory.py)."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import make_fixtures_networks as mfn
import make_hostile as mh
from cloutlab import store
from cloutlab.errors import CloutlabError
from cloutlab.importers import import_bytes, import_path, json_items, spool
from cloutlab.importers.containers import Container

NETWORKS = ["fb_2018_zip", "fb_2020_wrapped_zip", "fb_2022_zip", "fb_2023_zip", "fb_2024_folder", "ig_2022_zip",
            "ig_2025_folder", "gplus_html_zip", "gplus_json_zip", "mastodon_zip", "mastodon_targz"]


def _stored(path):
    con = store.connect()
    summary = import_path(con, path)
    return summary, con.execute("SELECT * FROM posts").fetchall()  # in the order the store received them


@pytest.mark.parametrize("key", NETWORKS)
def test_rows_spilled_to_disk_are_the_rows_kept_in_memory(export_fixtures, monkeypatch, key):
    """A batch of one row: every export spills from its second row on and is sorted by DuckDB from the file."""
    expected = _stored(export_fixtures[key])
    monkeypatch.setattr(spool, "BATCH", 1)
    assert _stored(export_fixtures[key]) == expected


@pytest.mark.parametrize("key", ["fb_2018_zip", "fb_2020_wrapped_zip", "fb_2022_zip", "fb_2023_zip", "fb_2024_folder",
                                 "ig_2022_zip", "ig_2025_folder"])
def test_posts_and_comments_files_are_never_read_whole(export_fixtures, monkeypatch, key):
    expected = _stored(export_fixtures[key])
    real, whole = Container.read_bytes, []

    def spy(self, name):
        whole.append(name)
        return real(self, name)

    monkeypatch.setattr(Container, "read_bytes", spy)
    assert _stored(export_fixtures[key]) == expected
    grown = [n for n in whole if any(k in n for k in ("your_posts", "posts_", "comments", "group_posts"))]
    assert not grown, grown


# ---------------------------------------------------------------- streamed == read whole, whatever the file
def _item(i: int, extra: dict | None = None) -> dict:
    return {**mfn.fb_item(i, "Ana Lima updated her status.", f"post {i}"), **(extra or {})}


ITEM = st.builds(_item, st.integers(0, 3), st.dictionaries(
    st.sampled_from(["title", "data", "tags", "timestamp", "attachments", "caf\u00c3\u00a9"]),
    st.one_of(st.none(), st.integers(-2, 2_000_000_000), st.text(max_size=8), st.just("Ana wrote on Bo's timeline."),
              st.just([{"post": "caf\u00c3\u00a9 #tag"}]), st.just([{"name": "B\u00c3\u00b6"}]), st.just([[1]])),
    max_size=2))
VALUE = st.one_of(ITEM, st.integers(), st.text(max_size=5), st.none(), st.lists(ITEM, max_size=2))
WRAPPERS = ["status_updates", "posts", "other", "status_updates.item", "comments_v2", "wall_posts_sent_to_you"]
DOC = st.one_of(
    st.lists(VALUE, max_size=5),
    st.lists(st.tuples(st.sampled_from(WRAPPERS), st.one_of(st.lists(VALUE, max_size=4), VALUE,
                                                           st.dictionaries(st.sampled_from(["activity_log_data", "x"]),
                                                                           st.lists(ITEM, max_size=2), max_size=1))),
             max_size=3),
    VALUE,
)
TWISTS = [lambda t: t, lambda t: "\ufeff" + t, lambda t: t[: len(t) * 2 // 3], lambda t: t + " junk",
          lambda t: t.replace('"post 1"', '"\\ud800"'), lambda t: t.replace('"post 1"', '"\\ud83d\\ude00"'),
          lambda t: t.replace("1600", "NaN, \"x\": 1600", 1), lambda t: "[" * 600 + t + "]" * 600]


def _doc_text(doc) -> str:
    if isinstance(doc, list) and doc and all(isinstance(d, tuple) for d in doc):  # an object, keys possibly twice
        return "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in doc) + "}"
    return json.dumps(doc)


def _outcome(name: str, data: bytes):
    try:
        con = store.connect()
        summary = import_bytes(con, name, data)
        return summary, con.execute("SELECT * FROM posts").fetchall()
    except CloutlabError as exc:
        return str(exc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=DOC, twist=st.sampled_from(range(len(TWISTS))), where=st.sampled_from(["posts", "comments", "instagram"]))
def test_a_streamed_list_file_gives_what_the_whole_read_gives(monkeypatch, doc, twist, where):
    text = TWISTS[twist](_doc_text(doc))
    raw = text.encode("utf-8", "surrogatepass")
    good = json.dumps([_item(7)]).encode()
    wall = raw.replace(b"status_updates", b"wall_posts_sent_to_you") if where == "posts" else b"[]"
    if where == "instagram":
        name = "instagram-ana-2024-01-01.zip"
        files = {"content/posts_1.json": raw.replace(b'"timestamp"', b'"creation_timestamp"').replace(b"status_updates", b"ig_posts")}
    else:
        name = "facebook-ana-2024-01-01.zip"
        files = {"posts/your_posts_1.json": raw if where == "posts" else good,
                 "comments_and_reactions/comments.json": raw.replace(b"status_updates", b"comments_v2") if where == "comments"
                 else json.dumps({"comments_v2": [{"timestamp": 1600000000, "title": "Ana commented on Bo's post.",
                                                  "data": [{"comment": {"comment": "hi"}}]}]}).encode(),
                 "posts/other_people's_posts_to_your_timeline.json": wall}
    data = mh.zip_bytes(files)
    streamed = _outcome(name, data)
    with monkeypatch.context() as m:
        m.setattr(json_items, "_streamed", lambda *a, **k: (_ for _ in ()).throw(json_items._NotStreamable()))
        assert _outcome(name, data) == streamed


def test_spilled_rows_touch_no_disk_under_no_disk(export_fixtures, monkeypatch):
    """CLOUTLAB_NO_DISK=1: the spool's file is an anonymous memory file, and its sort never spills."""
    expected = _stored(export_fixtures["fb_2022_zip"])
    real_open = os.open

    def no_files(path, flags, *args, **kwargs):
        assert not flags & os.O_TMPFILE and not flags & os.O_CREAT, path
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setenv("CLOUTLAB_NO_DISK", "1")
    monkeypatch.setattr(spool, "BATCH", 1)
    monkeypatch.setattr(os, "open", no_files)
    monkeypatch.setattr(spool.tempfile, "mkstemp", lambda *a, **k: pytest.fail("a named spool file"))
    assert _stored(export_fixtures["fb_2022_zip"]) == expected
