"""Issue 14 in the browser: a shared link unlinks Facebook on the networker_fb persona (the score drops) or
unlinks and relinks it the next day (back to no change); a Facebook export imports from the Import page."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import expect

import e2e_kit as kit

LINK = "/whatif?persona=networker_fb&unlink=facebook&unlink_at=2026-10-01"


def _opaque_delta(page) -> str:
    metric = page.get_by_test_id("stMetric").first
    return metric.get_by_test_id("stMetricDelta").inner_text().strip()


def test_unlink_then_relink_facebook_from_a_link(page):
    kit.goto(page, LINK, "What-if lab")
    kit.wait_idle(page)
    assert _opaque_delta(page).startswith("-"), _opaque_delta(page)
    kit.goto(page, LINK + "&relink_at=2026-10-02", "What-if lab")
    kit.wait_idle(page)
    expect(page.get_by_role("spinbutton", name="day, Relinked on (empty: never)")).to_have_attribute("aria-valuenow", "2")
    expect(page).to_have_url(re.compile(r"[?&]relink_at=2026-10-02\b"))
    assert _opaque_delta(page) == "+0.00", _opaque_delta(page)
    kit.assert_clean(page, "/whatif relink")


def test_a_facebook_export_imports(page, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from make_fixtures_networks import build

    fixtures = build(tmp_path)
    kit.goto(page, "/import", "Import your export")
    kit.import_files(page, [fixtures["fb_2018_zip"]])
    expect(page.get_by_text("not in this export").first).to_be_visible()
    kit.assert_clean(page, "/import facebook")
