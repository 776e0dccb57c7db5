"""URL fuzzing of every page (issue 24): any value in any query parameter the app reads (the dataset, the
persona, a class, presenter mode, every What-if field) gives no exception, and nothing of it is drawn as
markdown, HTML, an image or a link (tests/app_output.py's oracle, over every string the page sent).

Values are built from the pieces attacks are made of (markdown and HTML openers, links to another host,
Streamlit's :red[] and :material: directives, maths, line breaks, quotes, formulas) mixed with values the
app takes (persona names, numbers, dates, far and impossible ones), so the fuzzer also reaches the code
behind a valid parameter. Modest example counts: the whole file runs in well under a minute.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from app_output import assert_inert
from cloutlab.whatif.scenario import FIELDS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ("pages/home.py", "pages/import.py", "pages/scores.py", "pages/whatif.py", "pages/stories.py",
         "pages/gaming.py", "pages/methodology.py")
PARAMS = ("persona", "dataset", "class", "present", *FIELDS)
MARK, HOST = "zqx", "127.0.0.2"

PIECES = [MARK, "![", "](", ")", "[", "]", f"http://{HOST}/", f"https://{HOST}/p", f"www.{HOST}", f"<img src=http://{HOST}/i>",
          f"<a href='http://{HOST}/a'>", "</a>", "<", ">", "**", "_", "`", ":red[", "]", ":material/home:", "$", "\\",
          "&lt;", "&#60;", "%3C", " ", "\n", "'", '"', "=1+1", "@", f"me@{HOST}", "javascript:alert(1)", "<script>",
          "~~", "#", "|", "- ", "1. ", "> ", "\x00", "\u202e", "é", "😀"]
TAKEN = ["novelist", "bot", "demo:novelist", "import:x:ada", "import:all", "x", "mastodon", "1", "0", "-1", "2.5",
         "1e308", "nan", "inf", "100000", "2000-01-01", "2026-10-01", "2026-09-01", "9999-12-31", "0001-01-01",
         "novelist.reply_readers~bot.bot", "novelist.nope", "true", ""]

# Each hostile value carries at least one live construct (a link, an image, HTML, emphasis, a directive)
# somewhere among random pieces, so every example attacks; each parameter is present or not at random.
LIVE = [f"![{MARK}](http://{HOST}/x.png)", f"[{MARK}](http://{HOST}/l)", f"<img src=http://{HOST}/i.png>{MARK}",
        f"<a href='http://{HOST}/a'>{MARK}</a>", f"http://{HOST}/auto", f"www.{HOST}/w", f"**{MARK}**", f"_{MARK}_",
        f":red[{MARK}]", f"${MARK}$", f"`{MARK}`", f"[{MARK}]: http://{HOST}/ref", f"<http://{HOST}/angle>"]
hostile = st.builds(lambda live, before, after: "".join(before) + live + "".join(after), st.sampled_from(LIVE),
                    st.lists(st.sampled_from(PIECES), max_size=4), st.lists(st.sampled_from(PIECES), max_size=4))
value = st.one_of(hostile, hostile, st.sampled_from(TAKEN), st.text(max_size=12))
query = st.fixed_dictionaries({}, optional={name: value for name in PARAMS})


@settings(max_examples=16, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(PAGES), params=query)
def test_any_query_on_any_page_is_drawn_as_text(page, params):
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, (params, [e.value for e in at.exception])
    at.switch_page(page).run()
    assert not at.exception, (page, params, [e.value for e in at.exception])
    assert_inert(at, MARK, HOST, f"{page} {params}")
