"""Contract tests over every importer (style habit 10): one suite, every good and every bad fixture.

Fixtures come from tests/make_fixtures.py through the session fixture `export_fixtures` (conftest.py).
"""

from __future__ import annotations

import builtins
import io
import zipfile

import pytest

from cloutlab import schema, store
from cloutlab.errors import CloutlabError
from cloutlab.importers import SUMMARY_KEYS, Limits, import_bytes, import_path
from cloutlab.importers.archive_guard import Budget, CountingReader, is_private
from helpers import assert_import_summary
from make_fixtures import XSS

X = dict(platform="x", account="ada_lovelace", items=10, original=4, replies=2, self_replies=1, reposts=2, quotes=2,
         first="2021-01-04T09:00:00Z", last="2021-03-02T17:30:00Z", followers=3, following=2, engagement_fields=["likes", "reposts"])
LEGACY = dict(platform="x", account="old_timer", items=5, original=2, replies=2, self_replies=1, reposts=1, quotes=0,
              first="2012-11-14T08:00:00Z", last="2012-12-24T18:00:00Z", followers=None, following=None, engagement_fields=[])
EXPECTED = {
    "x_zip": X, "x_folder": X, "x_nested_zip": X, "x_2019_zip": X, "x_odd_parts_zip": X,
    "legacy_js_zip": LEGACY, "legacy_csv9_zip": LEGACY,
    # No user_details.js: the account is named after the folder and self-replies cannot be told.
    "legacy_csv10_folder": {**LEGACY, "account": "old_timer_archive", "self_replies": 0},
    "mastodon_zip": dict(platform="mastodon", account="grace@mastodon.example", items=5, original=2, replies=2, self_replies=1,
                         reposts=1, quotes=0, first="2022-05-01T10:00:00Z", last="2022-06-30T23:59:59Z", followers=None,
                         following=None, engagement_fields=["likes", "reposts"]),
    "mastodon_targz": dict(platform="mastodon", account="grace@mastodon.example", items=3, original=2, replies=0, self_replies=0,
                           reposts=1, quotes=0, first="2022-05-01T10:00:00Z", last="2022-05-03T10:00:00Z", followers=None,
                           following=None, engagement_fields=[]),
    "bluesky_car": dict(platform="bluesky", account="did:plc:abcdefghijklmnopqrstuvwx", items=7, original=2, replies=2, self_replies=1,
                        reposts=2, quotes=1, first="2023-03-28T00:00:00Z", last="2023-03-29T11:00:00Z", followers=None, following=4,
                        engagement_fields=[]),
    "csv_bom_crlf": dict(platform="csv", account="csv_bom_crlf", items=4, original=2, replies=1, self_replies=0, reposts=1, quotes=0,
                         first="2023-01-01T08:00:00Z", last="2023-01-04T11:00:00Z", followers=None, following=None,
                         engagement_fields=["likes", "reposts", "replies"]),
    "csv_cp1252": dict(platform="csv", account="csv_cp1252", items=2, original=2, replies=0, self_replies=0, reposts=0, quotes=0,
                       first="2020-06-01T00:00:00Z", last="2020-06-02T00:00:00Z", followers=None, following=None,
                       engagement_fields=["likes", "reposts"]),
    "csv_alt_headers": dict(platform="csv", account="casey", items=2, original=1, replies=0, self_replies=0, reposts=1, quotes=0,
                            first="2019-07-01T12:00:00Z", last="2019-07-02T12:00:00Z", followers=None, following=None,
                            engagement_fields=["reposts"]),
}
# Bad input -> a fragment its one-sentence message must contain.
BAD = {
    "bad_images": "zip of images", "bad_truncated": "not a readable zip", "bad_corrupt_member": "is damaged: data/tweets.js", "bad_traversal": "leaves the archive",
    "bad_bomb": "archive bomb", "bad_json": "data/tweets-part1.js is not valid JSON", "bad_json_small": "data/account.js is not valid JSON at line 1",
    "bad_missing_part": "tweets-part1.js in its manifest", "bad_empty_zip": "is empty", "bad_garbage": "not an export",
    "bad_garbage_csv": "timestamp and a text column", "bad_huge_field": "field over 1 MB", "bad_random_json": "single JSON file",
    "bad_outbox": "outbox.json is not valid JSON", "bad_car": "not a readable Bluesky repository", "bad_dates_csv": "row 2",
    "bad_empty_file": "is empty",
    # These two fail inside the store's transaction, after the account's old rows were deleted: rollback.
    # Issue 11: a duplicate tweet id is named, with the files holding it.
    "bad_duplicate_ids": "tweet id 1400000000000000001 appears in data/tweets.js and data/tweets-part1.js",
    "bad_x_dates": "data/tweets-part1.js has 1 tweet whose date",
}


def _import(fixtures, name):
    con = store.connect()
    return con, import_path(con, fixtures[name])


def _snapshot(con) -> dict[str, list]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in schema.TABLES}


def test_every_fixture_is_covered(export_fixtures):
    from test_importers_networks import NETWORK_FIXTURES  # issue 14's fixtures have their own suite

    assert set(EXPECTED) | set(BAD) == set(export_fixtures) - NETWORK_FIXTURES


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_summary_contract(export_fixtures, name):
    con, summary = _import(export_fixtures, name)
    assert_import_summary(summary, SUMMARY_KEYS, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_posts_rows_are_canonical(export_fixtures, name):
    con, summary = _import(export_fixtures, name)
    described = con.execute(f"DESCRIBE {schema.POSTS}").fetchall()
    assert [(c[0], c[1]) for c in described] == [(n, t.replace(" NOT NULL", "")) for n, t in schema.POSTS_COLUMNS]
    rows = con.execute("SELECT kind, is_self_reply, post_id, mentions, hashtags, urls, reply_to_account FROM posts").fetchall()
    assert len(rows) == summary["items"] == len({r[2] for r in rows})
    assert {r[0] for r in rows} <= set(schema.KINDS)
    assert all(r[1] is False or r[0] == "reply" for r in rows)  # only replies can be self-replies
    assert all(isinstance(r[c], list) for r in rows for c in (3, 4, 5))
    assert all(r[6] is None for r in rows if r[0] != "reply")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_absent_counts_are_null_never_zero(export_fixtures, name):
    con, summary = _import(export_fixtures, name)
    for field in schema.ENGAGEMENT_FIELDS:
        known = con.execute(f"SELECT count({field}) FROM posts").fetchone()[0]
        assert (known > 0) == (field in summary["engagement_fields"]), field
    # Counts are never invented for boosts and retweets: the archive's "0" there is a placeholder.
    assert con.execute("SELECT count(likes) + count(reposts) FROM posts WHERE kind = 'repost'").fetchone()[0] == 0


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reimport_replaces(export_fixtures, name):
    con, first = _import(export_fixtures, name)
    before = con.execute("SELECT * FROM posts ORDER BY ALL").fetchall()
    again = import_path(con, export_fixtures[name])
    # Issue 11: a second import of a stored account merges by post id and says so; the same export twice
    # keeps exactly the same posts. `replace=True` (import --replace) gives back the first summary exactly.
    assert {k: v for k, v in again.items() if k != "warnings"} == {k: v for k, v in first.items() if k != "warnings"}
    assert any("already stored" in w for w in again["warnings"])
    assert con.execute("SELECT * FROM posts ORDER BY ALL").fetchall() == before
    assert import_path(con, export_fixtures[name], replace=True) == first
    assert con.execute("SELECT * FROM posts ORDER BY ALL").fetchall() == before
    assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 3


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "folder" not in n))
def test_import_bytes_matches_import_path(export_fixtures, name):
    path = export_fixtures[name]
    _, by_path = _import(export_fixtures, name)
    assert import_bytes(store.connect(), path.name, path.read_bytes()) == by_path


def _texts(con) -> dict[str, str]:
    return dict(con.execute("SELECT post_id, text FROM posts").fetchall())


def test_x_text_entities_and_sources(export_fixtures):
    con, _ = _import(export_fixtures, "x_zip")
    texts = list(_texts(con).values())
    assert "Fish & chips <3 #food with @bob https://t.co/abc" in texts
    assert "a literal &lt; stays escaped once" in texts  # decoded exactly once
    assert XSS in texts  # stored as the person wrote it; the UI must show it inert
    row = con.execute("SELECT mentions, hashtags, urls, likes, reposts, replies, source, lang FROM posts WHERE post_id = '1400000000000000001'").fetchone()
    assert row == (["bob"], ["food"], ["https://example.com/fish"], 5, 2, None, "Twitter Web App", "en")
    assert con.execute("SELECT source FROM posts WHERE lang = 'fr'").fetchone()[0] == "Twitter for iPhone"
    acct = con.execute("SELECT display_name, created_at, exported_at FROM accounts").fetchone()
    assert (acct[0], str(acct[1]), str(acct[2])) == ("Ada", "2009-03-04 05:06:07", "2021-03-05 06:07:08")
    assert con.execute("SELECT reply_to_account FROM posts WHERE is_self_reply").fetchone()[0] == "ada_lovelace"


def test_mastodon_html_becomes_plain_text(export_fixtures):
    con, _ = _import(export_fixtures, "mastodon_zip")
    row = con.execute("SELECT text, hashtags, urls, likes, reposts, lang FROM posts WHERE post_id LIKE '%/statuses/1'").fetchone()
    assert row == ("Hello & welcome #intro\n\nsecond\nline https://example.com/page", ["intro"], ["https://example.com/page"], 4, 2, "en")
    assert XSS in _texts(con).values()
    assert "secret" not in " ".join(t or "" for t in _texts(con).values())  # the direct message is not stored at all
    boost = con.execute("SELECT text, likes FROM posts WHERE kind = 'repost'").fetchone()
    assert boost == (None, None)
    assert con.execute("SELECT likes FROM posts WHERE post_id LIKE '%/statuses/6'").fetchone()[0] is None  # no counts on that one


def test_bluesky_facets_use_byte_offsets(export_fixtures):
    con, _ = _import(export_fixtures, "bluesky_car")
    row = con.execute("SELECT mentions, hashtags, urls, post_id FROM posts WHERE text LIKE '🎉%'").fetchone()
    assert row[:3] == (["alice.bsky.social"], ["party"], ["https://example.com"])
    assert row[3].startswith("at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/")
    assert "not in the tree" not in " ".join(t or "" for t in _texts(con).values())  # stray blocks are ignored
    assert con.execute("SELECT display_name FROM accounts").fetchone()[0] == "Blue Sky"


def test_csv_encodings_and_quoting(export_fixtures):
    con, summary = _import(export_fixtures, "csv_cp1252")
    assert "Café – naïve “quotes”" in _texts(con).values()
    assert any("Windows-1252" in w for w in summary["warnings"])
    con, _ = _import(export_fixtures, "csv_bom_crlf")
    assert "Happy new year, all\nsecond line" in _texts(con).values()
    assert con.execute("SELECT likes, reposts, replies FROM posts WHERE kind = 'reply'").fetchone() == (1, None, 0)


def test_legacy_reads_both_csv_column_orders(export_fixtures):
    con, _ = _import(export_fixtures, "legacy_csv9_zip")
    assert 'yes, "quoted"\nand a new line' in " ".join(_texts(con).values())
    assert con.execute("SELECT text FROM posts WHERE post_id = '100'").fetchone()[0] == "Hello & goodbye #first"


def _record_opens(monkeypatch) -> list[str]:
    opened: list[str] = []
    real_zip_open, real_open = zipfile.ZipFile.open, builtins.open

    def zip_open(self, name, *a, **kw):
        opened.append(getattr(name, "filename", name))
        return real_zip_open(self, name, *a, **kw)

    def file_open(file, *a, **kw):
        opened.append(str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "open", zip_open)
    monkeypatch.setattr(builtins, "open", file_open)
    monkeypatch.setattr(io, "open", file_open)
    return opened


@pytest.mark.parametrize("name", ["x_zip", "x_folder", "x_2019_zip", "x_nested_zip"])
def test_direct_messages_are_never_opened(export_fixtures, monkeypatch, name):
    opened = _record_opens(monkeypatch)
    import_path(store.connect(), export_fixtures[name])
    assert any("tweets" in o or "tweet.js" in o for o in opened)  # the recorder works
    assert not [o for o in opened if is_private(o) or "CANARY" in o]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_one_sentence_and_database_unchanged(export_fixtures, name):
    con, _ = _import(export_fixtures, "x_zip")
    before = _snapshot(con)
    with pytest.raises(CloutlabError) as info:
        import_path(con, export_fixtures[name])
    message = str(info.value)
    assert BAD[name] in message
    assert "\n" not in message and len(message) < 400 and "Traceback" not in message and "/tmp" not in message
    assert _snapshot(con) == before


def test_bad_bytes_upload_too(export_fixtures):
    path = export_fixtures["bad_json"]
    con, _ = _import(export_fixtures, "x_zip")
    before = _snapshot(con)
    with pytest.raises(CloutlabError, match="tweets-part1.js"):
        import_bytes(con, path.name, path.read_bytes())
    assert _snapshot(con) == before


def test_total_size_limit_is_configurable(export_fixtures):
    for name in ("x_zip", "x_folder", "mastodon_targz"):
        with pytest.raises(CloutlabError, match="over cloutlab's limit"):
            import_path(store.connect(), export_fixtures[name], limits=Limits(max_total_bytes=2_000))


def test_a_member_longer_than_declared_is_refused():
    budget = Budget("a.zip", Limits())
    reader = CountingReader(io.BytesIO(b"x" * 100), "data/tweets.js", budget, cap=10)
    with pytest.raises(CloutlabError, match="past its declared size"):
        reader.read()


def test_missing_path_is_one_sentence(tmp_path):
    with pytest.raises(CloutlabError, match="no file or folder"):
        import_path(store.connect(), tmp_path / "nope.zip")


def test_connection_settings_are_restored(export_fixtures):
    con = store.connect()
    settings = "SELECT current_setting('enable_progress_bar'), current_setting('preserve_insertion_order')"
    before = con.execute(settings).fetchone()
    import_path(con, export_fixtures["x_zip"])
    with pytest.raises(CloutlabError):
        import_path(con, export_fixtures["bad_json"])
    assert con.execute(settings).fetchone() == before


def test_file_database_keeps_the_import(export_fixtures, tmp_path):
    db = str(tmp_path / "keep.duckdb")
    con = store.connect(db)
    summary = import_path(con, export_fixtures["x_zip"])
    con.close()
    con = store.connect(db)
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == summary["items"]
