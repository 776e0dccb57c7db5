"""Hostile input, round two (issue 24), the importers' and the command line's half: each case of the issue
as a named regression test that failed before its fix. Builders live in tests/make_hostile.py; the
growth check and in-memory parse in tests/fuzz_kit.py. The fuzzers that look for the next round are in
tests/test_fuzz_importers.py.
"""

from __future__ import annotations

import pytest

import make_hostile as mh
from fuzz_kit import GROWTH_CEILING, growth, outcome, parse_bytes


def _parse(name: str):
    return lambda data: parse_bytes(name, data)


# ---------------------------------------------------------------- linear time
def test_facebook_long_title_is_linear():
    """Why: titles were matched by lazy regexes retried from every 'wrote on': a 1 KB zip took 51 s."""
    ratio = growth(mh.fb_long_title, _parse("facebook-ana-2024-01-01.zip"), 3000)
    assert ratio < GROWTH_CEILING, ratio


def test_gplus_unclosed_divs_are_linear():
    """Why: every tag and text scanned the stack of open elements: 40,000 unclosed <div>s took 72 s."""
    ratio = growth(mh.gplus_unclosed_divs, _parse("takeout.zip"), 3000)
    assert ratio < GROWTH_CEILING, ratio


def test_linkedin_comment_line_breaks_are_linear():
    """Why: each unquoted line break copied the comment so far: 5.4 MB took 19.6 s, 10.6 MB over 160 s."""
    ratio = growth(mh.linkedin_comment_lines, _parse("Basic_LinkedInDataExport.zip"), 20_000)
    assert ratio < GROWTH_CEILING, ratio


# ---------------------------------------------------------------- LinkedIn sentences
def test_linkedin_field_over_csv_limit_is_a_sentence():
    """Why: a commentary over 131,072 characters raised csv.Error, shown as 'internal error'."""
    parsed = parse_bytes("li.zip", mh.linkedin_shares('"' + "x" * 200_000 + '"'))
    assert len(parsed.posts) == 1 and parsed.posts.column("text")[0].as_py() == "x" * 200_000
    line = outcome("li.zip", mh.linkedin_shares('"' + "x" * 1_100_000 + '"'))
    assert "Shares.csv has a field over 1,000,000 characters" in line and "download the export again" in line


def test_linkedin_unbalanced_quote_is_a_sentence():
    """Why: a quote never closed swallowed the rest of the file into one field: 'internal error'."""
    line = outcome("li.zip", mh.linkedin_shares('"never closed ' + "word\n" * 250_000))
    assert "never closed" in line and "Shares.csv" in line and "\n" not in line


def test_linkedin_comment_on_a_day_that_does_not_exist_is_a_sentence():
    """Why: 2021-02-30 matched the record pattern, then a None date reached a sort: a TypeError message."""
    line = outcome("li.zip", mh.linkedin_comment_dated("2021-02-30 08:00:00"))
    assert "'2021-02-30 08:00:00', a day that does not exist" in line and "TypeError" not in line
