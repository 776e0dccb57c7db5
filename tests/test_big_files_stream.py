"""The files that grow with years (issue 26, item 3): Facebook and Instagram posts and comments files streamed
item by item (json_items), the rows of those, of Google+ and of the Mastodon outbox kept in Arrow batches that
spill to an unnamed file and are sorted by DuckDB (spool). Same rows, same order, same sentences as the whole
read (the memory itself: tests/test_big_files_memory.py)."""

from __future__ import annotations

import functools
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
from helpers import LazyStore

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
        con = LazyStore()  # most examples are refused before anything is stored: no DuckDB opened for those
        summary = import_bytes(con, name, data)
        assert con.opened
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


# ---------------------------------------------------------------- the CSV importers, streamed == read whole
# tests/whole_reads.py holds the importers' reading as it was (decoded and parsed whole): the oracle.
CSV_FIXTURES = ["csv_bom_crlf", "csv_cp1252", "csv_alt_headers", "bad_garbage_csv", "bad_huge_field", "bad_dates_csv",
                "bad_empty_file"]


def _both(monkeypatch, fmt: str, old, run):
    """run() with the streamed importer, then with the whole read: both outcomes (import result or sentence)."""
    from cloutlab import importers

    def outcome():
        try:
            return run()
        except CloutlabError as exc:
            return str(exc)

    streamed = outcome()
    with monkeypatch.context() as m:
        m.setitem(importers.LOADERS, fmt, lambda con, inp: importers.store_parsed(con, old(inp)))
        whole = outcome()
    return streamed, whole


def _import_file(path):
    return lambda: _stored(path)


@pytest.mark.parametrize("key", CSV_FIXTURES)
def test_a_streamed_generic_csv_gives_what_the_whole_read_gave(export_fixtures, monkeypatch, key):
    import whole_reads

    streamed, whole = _both(monkeypatch, "csv", whole_reads.csv_parse, _import_file(export_fixtures[key]))
    assert streamed == whole


CELL = st.one_of(st.sampled_from(["", " ", "2021-03-04T05:06:07Z", "2021-03-04 05:06", "1614834367", "yesterday",
                                  "0001-01-01T00:00:00+01:00", "@ana", "ana", "bo", "12", "-3", "1,234", "RT @x: hi",
                                  "reply", "quote", "x", '"', "a\nb", "caf\u00e9", "\u00ff\u00fe", "\u20ac", "\r\n"]),
                 st.text(max_size=6))
HEADER = st.lists(st.sampled_from(["timestamp", "date", "text", "Content", "likes", "reposts", "replies", "kind",
                                   "account", "handle", "id", "post_id", "other"]), min_size=0, max_size=6)
CSV_TWISTS = [lambda b: b, lambda b: b"\xef\xbb\xbf" + b, lambda b: b + b"\x81\xff", lambda b: b.replace(b"\n", b"\r\n"),
              lambda b: b + b'\n2021-01-01,"never closed', lambda b: b[: len(b) // 2], lambda b: b"\xff" + b,
              lambda b: b.replace(b"\n", b"\r")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(header=HEADER, rows=st.lists(st.lists(CELL, max_size=7), max_size=8), twist=st.sampled_from(range(len(CSV_TWISTS))),
       encoding=st.sampled_from(["utf-8", "cp1252", "latin-1"]), repeat=st.integers(0, 3))
def test_any_generic_csv_streams_to_what_the_whole_read_gave(monkeypatch, header, rows, twist, encoding, repeat):
    """Rows repeated (ids derived from content, numbered -2, -3), several accounts, a bad timestamp, a bad byte
    anywhere (read again as Windows-1252, then Latin-1), an unclosed quote after any of those: same result."""
    import csv as csvmod
    import io

    import whole_reads

    out = io.StringIO()
    w = csvmod.writer(out, lineterminator="\n")
    w.writerow(header)
    for r in rows + rows[:1] * repeat:
        w.writerow(r)
    data = CSV_TWISTS[twist](out.getvalue().encode(encoding, "replace"))
    run = functools.partial(_outcome, "posts.csv", data)
    streamed, whole = _both(monkeypatch, "csv", whole_reads.csv_parse, run)
    assert streamed == whole


def test_a_generic_csv_spilled_to_disk_gives_the_rows_kept_in_memory(export_fixtures, monkeypatch, tmp_path):
    """Batches of one row: ids derived and numbered by DuckDB from the spilled file, the account named late."""
    import whole_reads

    lines = ["timestamp,text,likes,account"] + [f"2021-03-0{1 + i % 5}T00:00:00Z,post {i % 3},{i}," for i in range(12)]
    lines[7] += "@ana"
    path = tmp_path / "posts.csv"
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(spool, "BATCH", 1)
    streamed, whole = _both(monkeypatch, "csv", whole_reads.csv_parse, _import_file(path))
    assert streamed == whole and streamed[0]["account"] == "ana" and streamed[0]["items"] == 12


def test_a_generic_csv_is_never_read_whole(tmp_path, monkeypatch):
    """From its path, the file is opened as a stream; no read() of it all, nor of more than a chunk at a time."""
    import builtins

    path = tmp_path / "posts.csv"
    path.write_text("timestamp,text\n" + "".join(f"2021-03-04T05:{i % 60:02d}:00Z,post {i}\n" for i in range(20_000)))
    reads, real_open = [], builtins.open

    class Spy:
        def __init__(self, fh):
            self.fh = fh

        def read(self, n=-1):
            reads.append(n)
            return self.fh.read(n)

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    def spy_open(file, mode="r", *args, **kwargs):
        fh = real_open(file, mode, *args, **kwargs)
        return Spy(fh) if str(file) == str(path) and "b" in mode else fh

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail(f"{self} read whole"))
    summary, _ = _stored(path)
    assert summary["items"] == 20_000
    assert reads and all(0 < n <= 1 << 16 for n in reads), reads[:5]


@pytest.mark.parametrize("module, key", [*(("linkedin", k) for k in ("li_zip", "li_2018_zip", "li_excel_folder",
                                                                       "bad_li_nothing")),
                                          *(("x_legacy", k) for k in ("legacy_js_zip", "legacy_csv9_zip",
                                                                      "legacy_csv10_folder"))])
@pytest.mark.parametrize("batch", [None, 1])
def test_a_streamed_linkedin_or_legacy_export_gives_what_the_whole_read_gave(export_fixtures, monkeypatch, module, key,
                                                                             batch):
    import whole_reads

    if batch:
        monkeypatch.setattr(spool, "BATCH", batch)
    oracle = getattr(whole_reads, f"{module}_parse")
    streamed, whole = _both(monkeypatch, module, oracle, _import_file(export_fixtures[key]))
    assert streamed == whole


LI_LINK = st.sampled_from(["https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1",
                           "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1-2", "https://x.org/urn:li:share:1-1",
                           "https://www.linkedin.com/feed/update/urn:li:activity:2", "", "https://e.org/a"])
LI_TEXT = st.one_of(st.sampled_from(["", "hi #tag", '"quoted""\n""second"', 'He said \\"yes\\"', "caf\u00e9", "a\rb",
                                     "a\x85b", "\u2028", '"never closed', "line\nmore words"]), st.text(max_size=6))
LI_DATE = st.sampled_from(["2021-03-04 09:10:11", "2021-03-05 09:10:11", "2017/06/08 08:15:44 UTC", "04 Mar 2021",
                           "18-Jun-24", "2021-03-04 09:10:11", "2024-01-02 03:04:05"] * 4 + ["2021-02-30 01:02:03", "soon", ""])


def _li_csv(header: str, rows, sep: str = ",") -> str:
    import csv as csvmod
    import io

    out = io.StringIO()
    w = csvmod.writer(out, delimiter=sep, lineterminator="\n")
    for r in rows:
        w.writerow(r)
    return header + out.getvalue()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(shares=st.lists(st.tuples(LI_DATE, LI_LINK, LI_TEXT, LI_LINK), max_size=6),
       comments=st.lists(st.tuples(LI_DATE, LI_LINK, LI_TEXT), max_size=5), repeat=st.integers(0, 2),
       notes=st.sampled_from(["", "Notes:\nWhen exporting, some data may be missing.\n\n", "x\x0cy\n"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]), bad=st.sampled_from([b"", b"\x81\xff", b"\xff"]),
       connections=st.sampled_from([None, "First Name,Last Name\nBo,Chen\n", "nobody\n", 'First Name\n"' + "x" * 200]))
def test_any_linkedin_export_streams_to_what_the_whole_read_gave(monkeypatch, shares, comments, repeat, notes, encoding,
                                                                 bad, connections):
    """Notes before the header (or no header found), UTF-16 with tabs, a byte that is not UTF-8 anywhere (read
    again as Windows-1252), repeated shares, dates that do not exist, unclosed quotes: same result."""
    import whole_reads

    sep = "\t" if encoding == "utf-16" else ","
    share_rows = [(d, link, text, shared, "", "MEMBER_NETWORK") for d, link, text, shared in shares]
    files = {"Shares.csv": (notes + _li_csv(sep.join(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl",
                                                      "Visibility"]) + "\n", share_rows + share_rows[:1] * repeat, sep)),
             "Comments.csv": "Date,Link,Message\n" + "".join(f"{d},{link},{text}\n" for d, link, text in comments),
             "Reactions.csv": "Date,Type,Link\n2021-03-09 08:00:00,LIKE,https://e.org/1\n"}
    if connections is not None:
        files["Connections.csv"] = notes + connections
    data = {k: v.encode(encoding, "replace") for k, v in files.items()}
    end = -2 if encoding == "utf-16" else -1  # the bad bytes in the last cell, before its line break (UTF-16: after)
    data["Shares.csv"] = (data["Shares.csv"] + bad if encoding == "utf-16" or not data["Shares.csv"].endswith(b"\n")
                          else data["Shares.csv"][:end] + bad + data["Shares.csv"][end:])
    run = functools.partial(_outcome, "Basic_LinkedInDataExport.zip", mh.zip_bytes(data))
    streamed, whole = _both(monkeypatch, "linkedin", whole_reads.linkedin_parse, run)
    assert streamed == whole




XL_CELL = st.one_of(st.sampled_from(["", "1", "99", "42", "2012-12-19 14:29:39 +0000", "Wed Dec 19 14:29:39 +0000 2012",
                                     "2012-12-19", "yesterday", "RT @bo: hi", "@old_timer me", "@bo hi #t", "&amp;lt;",
                                     "https://twitter.com/bo/status/1", '<a href="x">Web</a>', "caf\u00e9", "a\nb"]),
                    st.text(max_size=5))
XL_HEADER = ["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp", "source", "text",
             "retweeted_status_id", "expanded_urls"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(XL_CELL, min_size=4, max_size=9), max_size=6), drop=st.sampled_from([None, "text", "other"]),
       twist=st.sampled_from(range(len(CSV_TWISTS))), where=st.sampled_from(["file", "zip"]), bad_at=st.integers(0, 3))
def test_any_legacy_tweets_csv_streams_to_what_the_whole_read_gave(monkeypatch, rows, drop, twist, where, bad_at):
    """Missing columns, bad dates, short and long rows, a byte that is not UTF-8 anywhere (its position named as
    the whole decode named it), an unclosed quote: same result, on its own or in an archive."""
    import csv as csvmod
    import io

    import whole_reads

    out = io.StringIO()
    w = csvmod.writer(out, quoting=csvmod.QUOTE_ALL, lineterminator="\n")
    w.writerow([c for c in XL_HEADER if c != drop])
    for r in rows:
        w.writerow(r)
    data = CSV_TWISTS[twist](out.getvalue().encode())
    if bad_at and len(data) > 10:
        cut = len(data) * bad_at // 4
        data = data[:cut] + b"\xe2\x82" + data[cut:]  # a character cut short, inside the file
    if where == "zip":
        name, data = "tweets-2013.zip", mh.zip_bytes({"tweets.csv": data, "data/js/user_details.js":
                                                     b'var user_details = {"screen_name": "old_timer", "id": "42"}'})
    else:
        name = "tweets.csv"
    run = functools.partial(_outcome, name, data)
    streamed, whole = _both(monkeypatch, "x_legacy", whole_reads.x_legacy_parse, run)
    assert streamed == whole
