"""Contract suite over the Facebook, LinkedIn, Instagram and Google+ fixtures (issue 14,
docs/export-formats-2.md): exact counts per layout, NULL received counts where the export has none,
mojibake repaired, inert text, refusals that name the platform, private files never opened.

Fixtures come from tests/make_fixtures_networks.py through make_fixtures.build_all (`export_fixtures`).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from cloutlab import schema, store
from cloutlab.errors import CloutlabError
from cloutlab.importers import SUMMARY_KEYS, import_bytes, import_path
from cloutlab.importers.archive_guard import is_private
from cloutlab.importers.networks import fix_text
from helpers import assert_import_summary
from make_fixtures import XSS

_FB = dict(platform="facebook", items=10, original=6, replies=3, self_replies=1, reposts=1, quotes=0,
           first="2012-01-01T12:00:00Z", last="2012-01-12T12:00:00Z", engagement_fields=[])
# Localized titles (Spanish, German): a post on a friend's wall cannot be told, so it stays an original.
_FB_LOCAL = {**_FB, "original": 7, "replies": 2}
_LI = dict(platform="linkedin", followers=None, following=None, engagement_fields=[], self_replies=0, quotes=0)
_IG = dict(platform="instagram", account="ana.lima", self_replies=0, reposts=0, quotes=0, engagement_fields=[])
_GP = dict(platform="googleplus", account="Ana Lima", replies=0, self_replies=0, followers=None, following=None,
           engagement_fields=["likes", "reposts", "replies"])
EXPECTED = {
    # friends (3) and followers (2, one of them a friend) counted once by name
    "fb_2018_zip": {**_FB, "account": "ana.lima", "followers": 4, "following": 1},
    "fb_2020_wrapped_zip": {**_FB_LOCAL, "account": "analima", "followers": 2, "following": None},
    "fb_2022_zip": {**_FB_LOCAL, "account": "analima", "followers": 3, "following": 1},
    "fb_2023_zip": {**_FB, "account": "analima", "followers": 3, "following": 2},
    # + a group post (2022+ keep them in groups/group_posts_and_comments.json)
    "fb_2024_folder": {**_FB, "account": "ana.lima", "items": 11, "original": 7, "followers": 5, "following": None},
    "li_zip": {**_LI, "account": "Basic_LinkedInDataExport_03-05-2025", "items": 6, "original": 3, "replies": 2,
               "reposts": 1, "first": "2021-03-04T09:10:11Z", "last": "2021-04-01T12:00:00Z", "followers": 3},
    "li_2018_zip": {**_LI, "account": "LinkedInDataExport_2018", "items": 2, "original": 2, "replies": 0, "reposts": 0,
                    "first": "2017-06-08T08:15:44Z", "last": "2017-07-01T10:00:00Z", "followers": 1},
    "li_excel_folder": {**_LI, "account": "linkedin_resaved", "items": 1, "original": 1, "replies": 0, "reposts": 0,
                        "first": "2024-06-18T09:00:00Z", "last": "2024-06-18T09:00:00Z", "followers": 2},
    "ig_2022_zip": {**_IG, "items": 4, "original": 3, "replies": 1, "first": "2019-05-04T20:00:00Z",
                    "last": "2019-07-01T16:53:20Z", "followers": 4, "following": 1},
    "ig_2025_folder": {**_IG, "items": 3, "original": 2, "replies": 1, "first": "2025-01-04T14:13:20Z",
                       "last": "2025-01-05T18:00:00Z", "followers": 1, "following": None},
    "gplus_html_zip": {**_GP, "items": 3, "original": 1, "reposts": 1, "quotes": 1, "first": "2012-05-01T18:30:00Z",
                       "last": "2012-05-03T18:30:00Z"},
    "gplus_json_zip": {**_GP, "items": 3, "original": 2, "reposts": 1, "quotes": 0, "first": "2012-05-01T18:30:00Z",
                       "last": "2019-03-31T02:00:00Z"},
}
BAD = {
    "bad_fb_html": "Facebook export in HTML format, which cloutlab cannot read: request a JSON copy",
    "bad_fb_2017_html": "Facebook export in HTML format, which cloutlab cannot read: request a JSON copy",
    "bad_gplus_media_only": "looks like a Google+ export but holds none of the files cloutlab reads (expected Takeout/Google+ Stream/Posts",
    "bad_fb_nothing": "looks like a Facebook export but holds none of the files cloutlab reads (expected posts/your_posts_1.json",
    "bad_li_nothing": "looks like a LinkedIn export but holds none of the files cloutlab reads (expected Shares.csv",
    "bad_ig_html": "Instagram export in HTML format, which cloutlab cannot read: request a copy in JSON",
    "bad_ig_nothing": "looks like an Instagram export but holds none of the files cloutlab reads (expected content/posts_1.json",
}
NETWORK_FIXTURES = set(EXPECTED) | set(BAD)


def _import(fixtures, name):
    con = store.connect()
    return con, import_path(con, fixtures[name])


def test_every_network_fixture_is_covered(export_fixtures):
    from make_fixtures_networks import build

    assert set(build(export_fixtures["x_zip"].parent / "again")) == NETWORK_FIXTURES
    assert NETWORK_FIXTURES <= set(export_fixtures)  # make_fixtures.build_all builds them too


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_summary_contract(export_fixtures, name):
    con, summary = _import(export_fixtures, name)
    assert_import_summary(summary, SUMMARY_KEYS, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rows_are_canonical_and_counts_null_never_zero(export_fixtures, name):
    con, summary = _import(export_fixtures, name)
    rows = con.execute("SELECT kind, is_self_reply, post_id, reply_to_account FROM posts").fetchall()
    assert len(rows) == summary["items"] == len({r[2] for r in rows})
    assert {r[0] for r in rows} <= set(schema.KINDS)
    assert all(r[1] is False or r[0] == "reply" for r in rows)
    assert all(r[3] is None for r in rows if r[0] != "reply")
    for field in schema.ENGAGEMENT_FIELDS:
        known = con.execute(f"SELECT count({field}) FROM posts").fetchone()[0]
        assert (known > 0) == (field in summary["engagement_fields"]), field
    assert con.execute("SELECT count(likes) + count(reposts) FROM posts WHERE kind = 'repost'").fetchone()[0] == 0
    stored = con.execute("SELECT engagement_fields FROM imports").fetchone()[0]
    assert stored == summary["engagement_fields"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reimport_keeps_the_same_posts(export_fixtures, name):
    con, first = _import(export_fixtures, name)
    before = con.execute("SELECT * FROM posts ORDER BY ALL").fetchall()
    import_path(con, export_fixtures[name])
    assert con.execute("SELECT * FROM posts ORDER BY ALL").fetchall() == before


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "folder" not in n))
def test_import_bytes_matches_import_path(export_fixtures, name):
    path = export_fixtures[name]
    _, by_path = _import(export_fixtures, name)
    assert import_bytes(store.connect(), path.name, path.read_bytes()) == by_path


def _texts(con) -> list[str]:
    return [t for (t,) in con.execute("SELECT text FROM posts WHERE text IS NOT NULL").fetchall()]


@pytest.mark.parametrize("name", ["fb_2018_zip", "fb_2020_wrapped_zip", "fb_2022_zip", "fb_2023_zip", "fb_2024_folder"])
def test_facebook_every_item_once_mojibake_repaired_text_inert(export_fixtures, name):
    con, _ = _import(export_fixtures, name)
    texts = _texts(con)
    assert "Café at noon #coffee" in texts and "Très bien" in texts  # \u00c3\u00a9 repaired
    assert "100 °C → naïve" in texts  # not mojibake: left exactly as written
    assert XSS in texts  # stored as written; pages show it inert
    assert not any("\u00c3" in t for t in texts)
    # 4 of 8 posts have no text (a link, a photo, a check-in, a share): each is still one item
    assert con.execute("SELECT count(*) FROM posts WHERE text IS NULL AND post_id LIKE 'fb:%'").fetchone()[0] == 4
    assert con.execute("SELECT kind FROM posts WHERE post_id = 'fb:1325851200'").fetchone()[0] == "repost"
    assert con.execute("SELECT urls FROM posts WHERE post_id = 'fb:1325592000'").fetchone()[0] == ["http://example.org/a"]
    assert con.execute("SELECT mentions FROM posts WHERE post_id = 'fb:1325419200'").fetchone()[0] == ["Bo Chen"]
    assert con.execute("SELECT count(*) FROM posts WHERE likes IS NOT NULL OR replies IS NOT NULL").fetchone()[0] == 0


def test_facebook_group_posts_and_reactions_given(export_fixtures):
    con, summary = _import(export_fixtures, "fb_2024_folder")
    assert con.execute("SELECT kind, text FROM posts WHERE post_id LIKE 'fb-group:%'").fetchall() == [("original", "Bread #sourdough")]
    assert any("3 reactions you gave" in w for w in summary["warnings"])
    _, summary = _import(export_fixtures, "fb_2018_zip")  # {"reactions": [...]} in likes_and_reactions/posts_and_comments.json
    assert any("1 reaction you gave" in w for w in summary["warnings"])


def test_facebook_wall_posts_by_others_and_english_wall_rule(export_fixtures):
    con, summary = _import(export_fixtures, "fb_2018_zip")
    assert any("Friends wrote 2 posts on your timeline" in w for w in summary["warnings"])
    assert con.execute("SELECT reply_to_account FROM posts WHERE post_id = 'fb:1325937600'").fetchone()[0] == "Bo Chen"
    _, summary = _import(export_fixtures, "fb_2020_wrapped_zip")  # {"activity_log_data": [...]} wrapper
    assert any("Friends wrote 1 post on your timeline" in w for w in summary["warnings"])


def test_facebook_parts_in_any_order_give_the_same_posts(export_fixtures):
    rows = {}
    for name in ("fb_2018_zip", "fb_2023_zip", "fb_2024_folder"):
        con, _ = _import(export_fixtures, name)
        rows[name] = con.execute("SELECT post_id, created_at, kind, text FROM posts WHERE post_id NOT LIKE 'fb-group:%' "
                                 "ORDER BY ALL").fetchall()
    assert rows["fb_2018_zip"] == rows["fb_2023_zip"] == rows["fb_2024_folder"]
    con, _ = _import(export_fixtures, "fb_2024_folder")
    acct = con.execute("SELECT display_name, created_at FROM accounts").fetchone()
    assert acct[0] == "Ana Lima" and str(acct[1]) == "2010-11-27 12:00:00"


def test_mojibake_repair_rules():
    assert fix_text("Caf\u00c3\u00a9") == "Café"
    assert fix_text("\u00f0\u009f\u0091\u008d") == "👍"
    assert fix_text("café") == "café"  # a real é (not UTF-8 bytes): repair fails, left as is
    assert fix_text("naïve →") == "naïve →"  # a character above U+00FF: cannot be mojibake


def test_linkedin_quirks(export_fixtures):
    con, summary = _import(export_fixtures, "li_zip")
    texts = _texts(con)
    assert "First line.\n\nSecond line." in texts  # each line quoted on its own
    assert 'He said "yes", then left' in texts  # backslash-escaped quotes
    assert "first line\nsecond line without quotes" in texts  # an unquoted line break
    assert XSS in texts
    assert con.execute("SELECT post_id FROM posts WHERE kind = 'repost'").fetchone()[0] == "urn:li:share:6000000000000000003"
    assert any("2 reactions you gave" in w for w in summary["warnings"])
    con, _ = _import(export_fixtures, "li_2018_zip")
    assert "Hello from 2017 – café" in _texts(con)  # UTF-16, tab-separated


def test_instagram_captions_and_followers(export_fixtures):
    con, _ = _import(export_fixtures, "ig_2022_zip")
    assert {"Sunset 🌅 #beach", "Two shots", "Bravo 👏"} <= set(_texts(con))
    carousel = con.execute("SELECT created_at FROM posts WHERE text = 'Two shots'").fetchone()[0]
    assert str(carousel) == "2019-06-08 13:20:02"  # the carousel's own time, not its first photo's


def test_googleplus_received_counts(export_fixtures):
    for name, post in (("gplus_html_zip", "Post1"), ("gplus_json_zip", "A1")):
        con, _ = _import(export_fixtures, name)
        row = con.execute("SELECT likes, reposts, replies FROM posts WHERE post_id LIKE ?", [f"%/posts/{post}"]).fetchone()
        assert row == (2, 1, 1)  # the owner's own comment is not a comment received
    con, _ = _import(export_fixtures, "gplus_html_zip")
    assert f"My take: {XSS}" in _texts(con)
    con, _ = _import(export_fixtures, "gplus_json_zip")
    when = con.execute("SELECT created_at FROM posts WHERE post_id LIKE '%/A2'").fetchone()[0]
    assert str(when) == "2013-01-02 11:00:00"  # -0300 local offset to UTC


@pytest.mark.parametrize("name", sorted(BAD))
def test_refusals_name_the_platform_and_keep_the_database(export_fixtures, name):
    con, _ = _import(export_fixtures, "fb_2018_zip")
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in schema.TABLES}
    with pytest.raises(CloutlabError) as info:
        import_path(con, export_fixtures[name])
    assert BAD[name] in str(info.value) and "\n" not in str(info.value)
    assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in schema.TABLES} == before


@pytest.mark.parametrize("name", sorted([*EXPECTED, *BAD]))
def test_private_files_are_never_opened(export_fixtures, monkeypatch, name):
    from test_importers import _record_opens

    opened = _record_opens(monkeypatch)
    try:
        import_path(store.connect(), export_fixtures[name])
    except CloutlabError:
        pass
    assert not [o for o in opened if is_private(o) or "CANARY" in o or "messages" in o.lower()]
    if name in EXPECTED:
        assert opened  # the recorder works


def test_private_paths():
    for path in ("messages/inbox/bo_1/message_1.json", "your_facebook_activity/messages/inbox/x/message_1.json",
                 "messages.csv", "Logins.csv", "security_and_login_information/account_activity.json",
                 "about_you/your_address_books.json", "your_instagram_activity/messages/inbox/a/message_1.json"):
        assert is_private(path), path
    assert not is_private("posts/your_posts_1.json")


def test_takeout_parts_in_any_order_give_the_same_posts(export_fixtures, tmp_path):
    """Takeout splits big archives into -001.zip, -002.zip: each part imports, a later one merges by post id."""
    from make_fixtures import write_zip
    from make_fixtures_networks import gplus_json_files

    files = gplus_json_files()
    posts = sorted(n for n in files if n.endswith(".json") and "ActivityLog" not in n)
    one = write_zip(tmp_path / "takeout-001.zip", {n: files[n] for n in posts[:1]})
    two = write_zip(tmp_path / "takeout-002.zip", {n: files[n] for n in files if n not in posts[:1]})
    got = []
    for order in ((one, two), (two, one)):
        con = store.connect()
        for part in order:
            import_path(con, part)
        got.append(con.execute("SELECT post_id, created_at, kind, likes, reposts, replies FROM posts ORDER BY ALL").fetchall())
    assert got[0] == got[1] and len(got[0]) == 3


def test_a_lone_linkedin_csv_imports_too(export_fixtures, tmp_path):
    import zipfile

    for fixture, member in (("li_zip", "Shares.csv"), ("li_2018_zip", "LinkedInDataExport_2018/Shares.csv")):
        with zipfile.ZipFile(export_fixtures[fixture]) as zf:
            (tmp_path / "Shares.csv").write_bytes(zf.read(member))
        con = store.connect()
        summary = import_path(con, tmp_path / "Shares.csv")
        assert (summary["platform"], summary["account"]) == ("linkedin", "linkedin")
        assert summary["items"] == {"li_zip": 4, "li_2018_zip": 2}[fixture]
        path = tmp_path / "Shares.csv"
        assert import_bytes(store.connect(), path.name, path.read_bytes()) == summary


@settings(max_examples=200, deadline=None)
@given(hst.text())
def test_mojibake_repair_undoes_facebooks_encoding(text):
    """docs/export-formats-2.md E8: every string Facebook writes is its UTF-8 bytes as code points; repair
    restores it."""
    assert fix_text(text.encode("utf-8").decode("latin-1")) == text


def test_a_lone_facebook_posts_file_imports_too(export_fixtures, tmp_path):
    import zipfile

    with zipfile.ZipFile(export_fixtures["fb_2022_zip"]) as zf:
        (tmp_path / "your_posts_1.json").write_bytes(zf.read("posts/your_posts_1.json"))
    summary = import_path(store.connect(), tmp_path / "your_posts_1.json")
    assert (summary["platform"], summary["account"], summary["items"], summary["followers"]) == ("facebook", "facebook", 8, None)


def test_wrong_json_types_never_a_traceback(tmp_path):
    """Values of the wrong type (an edited or damaged file) are skipped, never a crash or a wrong count."""
    import json

    from make_fixtures import write_zip

    odd = [{"timestamp": 1325419200, "title": 123, "data": "text", "attachments": 5, "tags": {"a": 1}},
           {"timestamp": 1325505600, "data": [{"post": ["not", "text"]}, {"post": "kept"}], "attachments": [{"data": {"x": 1}}]}]
    path = write_zip(tmp_path / "facebook-odd-2020-01-01-AbCdEfGh.zip", {
        "posts/your_posts_1.json": json.dumps(odd).encode(),
        "profile_information/profile_information.json": json.dumps({"profile_v2": "oops"}).encode(),
        "friends/friends.json": json.dumps({"friends": "none"}).encode()})
    con = store.connect()
    summary = import_path(con, path)
    assert (summary["items"], summary["account"], summary["followers"]) == (2, "odd", 0)
    assert con.execute("SELECT text FROM posts ORDER BY created_at").fetchall() == [(None,), ("kept",)]
    post = {"url": "https://plus.google.com/x/posts/1", "creationTime": "2012-05-01 18:30:00+0000",
            "author": "not an object", "content": "hi", "plusOnes": "abc", "reshares": 7, "comments": [{"author": "x"}, 5]}
    path = write_zip(tmp_path / "takeout-odd.zip", {"Takeout/Google+ Stream/Posts/a.json": json.dumps(post).encode()})
    con = store.connect()
    import_path(con, path)
    # no list of +1s or reshares: 0 known; a comment whose author cannot be told from the post's is not counted
    assert con.execute("SELECT likes, reposts, replies FROM posts").fetchone() == (0, 0, 0)


@pytest.mark.parametrize("odd", ["<![ b", "<![x b", "<![CDATA[x]]>"])
def test_a_google_plus_page_with_a_declaration_html_parser_cannot_scan_still_imports(odd):
    """Found by the fuzzer: a "<![" html.parser cannot scan raised AssertionError out of the Google+ reader
    (a traceback, not a sentence). The page is read as a browser would, the "<!" as text (common.read_html)."""
    import io
    import zipfile

    from make_fixtures_networks import gplus_html

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Takeout/Google+ Stream/Posts/odd.html", gplus_html(1, f"before {odd} after"))
    con = store.connect()
    summary = import_bytes(con, "takeout-odd.zip", buf.getvalue())
    assert summary["items"] == 1 and summary["platform"] == "googleplus"
    text = con.execute("SELECT text FROM posts").fetchone()[0]
    assert text.startswith("before ") and text.endswith(" after"), text
