"""Fuzzers of every importer (issue 24): tests that look for the next round of hostile input themselves.

Every parser in src/cloutlab/importers (the X archive, the legacy archive, Mastodon, Bluesky, CSV, Facebook,
Instagram, LinkedIn, Google+) gets a hostile value drawn by hypothesis in the field people write (post
text, titles, captions, cells, HTML) as adversarial shapes: long and repeated strings, quotes and line
breaks, markup, control characters, odd encodings, repeated items and deep nesting. Three properties:

- any shape: the import succeeds or ends in one clean sentence (a CloutlabError of one line); anything
  else (a TypeError, a RuntimeError, a hang) fails;
- linear: a shape repeated n and 4n times, parsed, takes about 4 times as long (the ratio's ceiling is
  fuzz_kit.GROWTH_CEILING; quadratic would be 16), and its peak Python memory grows no faster either;
- bounded temporary disk: an import writes to temporary storage no more than its budget, and leaves
  nothing behind.

The examples are few and small (max_examples, deadline=None): all of them run in well under a minute.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import make_fixtures as mf
import make_fixtures_networks as mfn
import make_hostile as mh
from fuzz_kit import GROWTH_CEILING, growth, outcome, same_end, staged_now
from cloutlab.importers.archive_guard import DEFAULT_LIMITS

# ---------------------------------------------------------------- shapes
UNITS = ['"', '""', '\\"', "\\", "'", "\n", "\r\n", "\r", ",", "\t", ";", "<div>", "</div>", "<br>", "<a href='/posts/1'>",
         "</a>", '<div class="main-content">', "&#", "&amp;", "#tag", "@user", "wrote on ", "shared ", "'s timeline",
         "commented on ", "[", "]", "{", "}", "\x00", "\x1b[2J", "\u202e", "é", "Ã©", "😀", "\ufeff", "=1+1", "x" * 50,
         "2021-02-30 08:00:00,https://www.linkedin.com/x,", "window.YTD.tweets.part0 = ["]
UNIT = st.sampled_from(UNITS)
SHAPE = st.one_of(
    st.lists(UNIT, max_size=40).map("".join),  # a mix of everything
    st.builds(lambda u, k: u * k, UNIT, st.integers(1, 3000)),  # one thing repeated
    st.text(max_size=60),  # anything hypothesis thinks of
)
ENCODING = st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1", "broken"])


def encode(text: str, encoding: str) -> bytes:
    if encoding == "broken":  # bytes that are no encoding's: a lone continuation byte and a bad lead byte
        raw = text.encode("utf-8", "surrogatepass")
        return raw[: len(raw) // 2] + b"\x80\xff\xc3" + raw[len(raw) // 2:]
    return text.encode(encoding, "replace" if encoding == "latin-1" else "surrogatepass")


def deep(depth: int = 20_000) -> str:
    return "[" * depth + "]" * depth


# ---------------------------------------------------------------- one builder per importer: (file name, bytes)
def x_archive(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    ts = mh.tweets(range(1, 4))
    ts[0]["full_text"] = value
    if dup:
        ts.append(dict(ts[0]))
    files = mh.x_files(ts)
    if nested:
        files["data/tweets.js"] = b"window.YTD.tweets.part0 = " + deep().encode()
    elif encoding != "utf-8":
        files["data/tweets.js"] = encode(files["data/tweets.js"].decode(), encoding)
    return "x.zip", mh.zip_bytes(files)


def x_legacy(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "retweeted_status_id",
                "retweeted_status_user_id", "timestamp", "source", "text", "expanded_urls"])
    rows = [[str(100 + n), "", "", "", "", f"2012-05-0{1 + n} 10:00:00 +0000", "", f"old {n}", ""] for n in range(3)]
    rows[0][7] = value
    for r in rows + (rows[:1] if dup else []):
        w.writerow(r)
    text = out.getvalue() + (value if nested else "")  # and the value raw after the last row
    return "tweets.csv", encode(text, encoding)


def mastodon(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    files = mf.mastodon_files(old=False)
    box = json.loads(files["outbox.json"])
    box["orderedItems"][0]["object"]["content"] = value
    if dup:
        box["orderedItems"].append(box["orderedItems"][0])
    text = json.dumps(box, ensure_ascii=False)
    if nested:
        text = text.replace('"orderedItems":', '"orderedItems": ' + deep() + ', "x":', 1)
    files["outbox.json"] = encode(text, encoding)
    return "masto.zip", mh.zip_bytes(files)


def bluesky(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    records = mf.bluesky_records()
    first = sorted(k for k in records if k.startswith("app.bsky.feed.post/"))[0]
    records[first]["text"] = value.encode("utf-8", "replace").decode("utf-8") if encoding == "utf-8" else encode(value, encoding)
    if nested:
        records[first]["facets"] = json.loads("[" * 200 + "]" * 200)
    return "repo.car", mh.bluesky_car(records)


def csv_generic(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["timestamp", "text", "likes"])
    rows = [["2022-01-0%d 10:00" % (n + 1), f"post {n}", "1"] for n in range(3)]
    rows[0][1] = value
    for r in rows + (rows[:1] if dup else []):
        w.writerow(r)
    return "posts.csv", encode(out.getvalue() + (value if nested else ""), encoding)


def facebook(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    items = [mfn.fb_item(n, value if n == 0 else "Ana Lima updated her status.", value if n == 1 else f"post {n}")
             for n in range(3)]
    text = json.dumps(items + (items[:1] if dup else []))
    if nested:
        text = "[" + deep() + "," + text[1:]
    return "facebook-ana-2024-01-01.zip", mh.zip_bytes({"posts/your_posts_1.json": encode(text, encoding)})


def instagram(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    items = [{"media": [{"uri": f"media/posts/{n}.jpg", "creation_timestamp": 1650000000 + n * 86400, "title": value}]}
             for n in range(3)]
    text = json.dumps(items + (items[:1] if dup else []))
    if nested:
        text = "[" + deep() + "," + text[1:]
    return "instagram-ana-2024-01-01.zip", mh.zip_bytes({"content/posts_1.json": encode(text, encoding)})


def linkedin(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    share = f"2021-03-05 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,{value},,,MEMBER_NETWORK\n"
    shares = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n" + share * (2 if dup else 1)
    comments = f"Date,Link,Message\n2021-03-08 08:00:00,https://www.linkedin.com/x,{value}\n"
    files = {"Shares.csv": encode(shares, encoding), "Comments.csv": encode(comments, encoding),
             "Connections.csv": b"First Name,Last Name\nBo,Chen\n"}
    if nested:
        files["Connections.csv"] = encode(value, encoding)
    return "Basic_LinkedInDataExport.zip", mh.zip_bytes(files)


def googleplus(value: str, dup: bool, encoding: str, nested: bool) -> tuple[str, bytes]:
    base = "Takeout/Google+ Stream/Posts/"
    page = mfn.gplus_html(1, value).decode()  # the value as raw HTML inside the post's content
    files = {f"{base}a.html": encode(page, encoding)}
    if dup:
        files[f"{base}b.html"] = files[f"{base}a.html"]
    post = {"url": "https://plus.google.com/+Ana/posts/J1", "creationTime": "2012-05-01 11:30:00+0000",
            "author": {"displayName": "Ana", "resourceName": "users/1"}, "content": value}
    text = json.dumps(post)
    files[f"{base}j.json"] = encode(deep() if nested else text, encoding)
    return "takeout-20190301.zip", mh.zip_bytes(files)


BUILDERS = {"x_archive": x_archive, "x_legacy": x_legacy, "mastodon": mastodon, "bluesky": bluesky,
            "csv_generic": csv_generic, "facebook": facebook, "instagram": instagram, "linkedin": linkedin,
            "googleplus": googleplus}


def test_every_importer_module_is_fuzzed():
    """A new importer module gets a builder here, or this fails."""
    from pathlib import Path

    import cloutlab.importers as pkg

    # Not parsers of an export: local_path checks a typed path (fuzzed below), progress counts bytes read;
    # spool and json_items are the Facebook, Instagram, Google+ and Mastodon parsers' (fuzzed through them),
    # text_stream the CSV parsers' (generic, LinkedIn, legacy tweets.csv: fuzzed through them).
    helpers = {"__init__", "archive_guard", "car_check", "common", "containers", "detect", "networks", "parsed",
               "staging", "x_sql", "x_stage", "local_path", "progress", "spool", "json_items", "text_stream"}
    modules = {p.stem for p in Path(pkg.__file__).parent.glob("*.py")} - helpers
    assert modules == set(BUILDERS)


def assert_clean(name: str, data: bytes) -> str:
    """Success, or one sentence: never another exception, never 'internal error', never a second line."""
    line = outcome(name, data, store=True)
    assert line == "ok" or (line and "\n" not in line and "internal error" not in line.lower()
                            and "Traceback" not in line), line
    assert staged_now() == []  # nothing staged outlives its import
    return line


FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
@FUZZ
@given(value=SHAPE, dup=st.booleans(), encoding=ENCODING, nested=st.booleans())
def test_any_shape_is_imported_or_one_sentence(fmt, value, dup, encoding, nested):
    assert_clean(*BUILDERS[fmt](value, dup, encoding, nested))


# ---------------------------------------------------------------- linear time, memory and temporary disk
# Quotes, line breaks, markup, nesting and a title phrase at once: the shapes of issue 24's quadratic steps.
MIXED = '"\n<div>[{wrote on #a \\"'
MAX_CHARS = 1 << 20  # the value at 4n stays near 1M characters: the size checks refuse longer fields early


def _peak_memory(run, data: bytes) -> int:
    tracemalloc.start()
    try:
        run(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def check_growth(fmt: str, unit: str) -> None:
    """The unit repeated n and 4n times in the field: time ratio under GROWTH_CEILING (quadratic is 16),
    peak Python memory under 6 times (linear is 4, plus the fixed part)."""
    name = BUILDERS[fmt](unit, False, "utf-8", False)[0]
    make = lambda k: BUILDERS[fmt](unit * k, False, "utf-8", False)[1]  # noqa: E731 - read beside run
    run = lambda data: outcome(name, data)  # noqa: E731 - a refusal must be linear too
    n = max(1, 2_000 // len(unit))
    # Both sizes parsed, or both refused: a parse at n against a size check's early refusal at 4n would pass
    # whatever the parser's growth
    ratio = growth(make, run, n, max_n=MAX_CHARS // 4 // len(unit), same=same_end)
    assert ratio < GROWTH_CEILING, (fmt, unit, ratio)
    small, big = _peak_memory(run, make(n)), _peak_memory(run, make(4 * n))
    assert big < 6 * small + (8 << 20), (fmt, unit, small, big)


def _refusing_past(limit: int):
    """A fake parser, linear in its input, that refuses an input longer than `limit` before reading it, as
    the size checks do; make(k) is k bytes."""
    seen: list[int] = []

    def run(data: bytes) -> str:
        seen.append(len(data))
        if len(data) > limit:
            return "refused: too big"
        sum(data)  # linear work
        return "ok"

    return (lambda k: b"x" * k), run, seen


def test_growth_never_compares_a_parse_with_a_refusal():
    """The ratio of a full parse at n and an early refusal at 4n is small whatever the parser does: growth()
    halves n until both sizes end the same way, so the times it compares are of the same work."""
    make, run, seen = _refusing_past(300_000)
    growth(make, run, 1_000, runs=1, min_time=1.0, max_n=200_000, same=same_end)
    compared = seen[-2:]  # the last two runs are the timed ones (4n, then n)
    assert compared[0] == 4 * compared[1] <= 300_000, compared  # the 4n it timed was parsed, not refused
    assert max(seen) > 300_000  # it did try the larger pair first


def test_growth_fails_when_even_the_smallest_pair_ends_differently():
    make, run, _ = _refusing_past(3_000)  # n = 1,000 parses, 4n is refused
    with pytest.raises(AssertionError, match="end differently"):
        growth(make, run, 1_000, runs=1, min_time=1.0, max_n=2_000, same=same_end)


@pytest.mark.scale
@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_time_and_memory_grow_linearly_on_mixed_shapes(fmt):
    check_growth(fmt, MIXED)


@pytest.mark.scale
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fmt=st.sampled_from(sorted(BUILDERS)), unit=st.lists(UNIT, min_size=1, max_size=4).map("".join))
def test_time_and_memory_grow_linearly_on_drawn_shapes(fmt, unit):
    check_growth(fmt, unit)


@pytest.fixture
def pwrite_bytes(monkeypatch):
    written = [0]
    real = os.pwrite

    def counting(fd, data, offset):
        written[0] += len(data)
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", counting)
    return written


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(parts=st.integers(1, 12), repeat=st.integers(1, 4), pad=st.integers(0, 3 << 20), value=SHAPE)
def test_temporary_disk_stays_within_budget(pwrite_bytes, parts, repeat, pad, value):
    """X parts staged for DuckDB: padded, repeated in the manifest, or odd: the bytes written to temporary
    disk never pass the budget (a floor plus so much per tweet read), and nothing is left behind."""
    pwrite_bytes[0] = 0
    body = {}
    for i in range(parts):
        ts = mh.tweets(range(1 + 10 * i, 4 + 10 * i))
        ts[0]["full_text"] = value
        text = mf.ytd("tweets", [{"tweet": t} for t in ts]).replace(b"part0", f"part{i}".encode())
        body[f"data/tweets-part{i}.js"] = text[:-1] + b" " * pad + b"]"
    files = mh.x_manifest_listing([n for n in body for _ in range(repeat)], body)
    assert_clean("x.zip", mh.zip_bytes(files))
    tweets = 3 * parts * repeat
    assert pwrite_bytes[0] <= DEFAULT_LIMITS.stage_floor_bytes + DEFAULT_LIMITS.stage_bytes_per_post * tweets + (1 << 20)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_a_typed_path_is_an_export_or_one_sentence(text):
    """The Import page's "path on this computer" box: any string gives a path or one sentence (issue 26)."""
    from cloutlab.errors import CloutlabError
    from cloutlab.importers import local_path

    try:
        local_path.check_path(text)
    except CloutlabError as exc:
        said = str(exc)
        assert said and "\n" not in said and "internal error" not in said.lower()
