"""Where a score stands: every page that shows the opaque score says what share of accounts it beats on that
date (issue 13: "It's 20. I expect that's not very good"; the average was about 20 and 50+ the 95th
percentile, The Realtime Report and Sean Cooke's deck)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("page", ["pages/home.py", "pages/scores.py", "pages/whatif.py"])
def test_the_percentile_is_beside_the_opaque_score(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.session_state["dataset"] = "demo:midsize_pro"
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert "better than" in captions.lower() and "% of accounts on" in captions
