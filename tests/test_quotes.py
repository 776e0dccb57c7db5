"""Every quote the app can show is the person's own words, character for character (issue 21).

A quote is found verbatim in docs/seed-quotes.md (the seeds' words) or docs/klout-record.md (the record);
whitespace is compared as single spaces, since the files wrap lines (and the seed file allows a single space
for Cora's double one). The Stories and Methodology pages are rendered and every span in quote marks is
checked, so a quote typed straight into a page is caught too.
"""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cloutlab.present.quotes import QUOTES
from cloutlab.present import stories

DOCS = Path(__file__).resolve().parents[1] / "docs"
FILES = {name: " ".join((DOCS / name).read_text(encoding="utf-8").split()) for name in ("seed-quotes.md", "klout-record.md")}
# Short fragments quoted inside our own sentences may also come from the Empire Avenue record.
FRAGMENT_FILES = [*FILES.values(), " ".join((DOCS / "empire-avenue-record.md").read_text(encoding="utf-8").split())]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("key", sorted(QUOTES))
def test_every_quote_is_verbatim_in_its_file(key):
    q = QUOTES[key]
    assert _flat(q.text) in FILES[q.record], key


SPEAKER = re.compile(r"(?:^|- |\n)([A-Z][A-Za-z0-9.() ,'-]{1,60}?):\s*(?:\"|\n|$)")
ALIAS = {"a commenter": "Unknown", "Klout": "Klout", "Lynn Fox": "Lynn Fox"}


@pytest.mark.parametrize("key", sorted(QUOTES))
def test_every_quote_is_attributed_as_its_file_attributes_it(key):
    q = QUOTES[key]
    name = q.said_by.split(",")[0].split(" (")[0]
    name = ALIAS.get(name, name)
    if q.record == "seed-quotes.md":  # the speaker is the last "Name:" before the quote ("Cora, the post:")
        raw = (DOCS / q.record).read_text(encoding="utf-8")
        at = " ".join(raw.split()).index(_flat(q.text))
        flat_to_raw = [i for i, c in enumerate(raw) if not c.isspace() or (i and not raw[i - 1].isspace())]
        speakers = SPEAKER.findall(raw[:flat_to_raw[at]])
        assert speakers and speakers[-1].startswith(name.split()[0]), (key, speakers[-1:] or None)
    else:  # the record names the speaker within the same entry, before the quote or as its source after it
        text = FILES[q.record]
        at = text.index(_flat(q.text))
        assert name in text[max(0, at - 400):at + len(q.text) + 400], key


def test_the_seeds_stories_exist():
    """Cora's once-a-week summer, "It's 20", "73 and 41,793", Greta's RTing, the royalty checks, the unlinked
    Facebook and the book deal tied to followers: each a story quoting them."""
    quoted = {q for s in stories.STORIES.values() for q in s.quote_ids}
    for q in ("cora_once_a_week", "anonymous_20", "stewart_73", "greta_rt", "frazier_royalty", "adams_unlinked",
              "tinu_book_deal"):
        assert q in quoted, q


def _quoted_spans(text: str) -> list[str]:
    """Spans between quote marks, paired in order within one element (curly or straight)."""
    spans = re.findall(r"\u201c([^\u201c\u201d]+)\u201d", text)
    straight = text.split('"')
    spans += straight[1::2]
    return [_flat(x) for x in spans if len(x.split()) >= 3]  # one- or two-word terms are names, not quotes


def _shown(at: AppTest) -> list[str]:
    elements = [*at.markdown, *at.caption, *at.info, *at.warning, *at.subheader, *at.header]
    return [str(e.value).replace("\\", "") for e in elements]


@pytest.mark.parametrize("page", ("pages/stories.py", "pages/methodology.py"))
def test_every_quote_a_page_shows_is_in_the_record(page):
    at = AppTest.from_file(str(DOCS.parent / page), default_timeout=120).run()
    assert not at.exception
    spans = [span for element in _shown(at) for span in _quoted_spans(element)]
    assert spans, "the page quotes nobody"
    for span in spans:
        span = span.strip(" .")
        assert any(span in f for f in FRAGMENT_FILES), span
