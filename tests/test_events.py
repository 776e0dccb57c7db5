"""Chart marks (cloutlab.present.events): quiet spells found in the daily frame, and every event inside the data's
range, oldest first, each citing a record in cloutlab.present.citations (issue 13). The dates of Klout's updates and of
the July 2012 Twitter outage are the record's (docs/klout-record.md sections 1.5 and 1.7)."""

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from cloutlab.present import events, citations as sources
from cloutlab.scores.hidden import HIDDEN

from helpers import synthetic_input

SOURCE_IDS = {s.id for s in sources.SOURCES}


def _daily(items: list[int], start: str = "2025-01-06", platform: str = "x") -> pd.DataFrame:
    return pd.DataFrame({"platform": platform, "day": pd.date_range(start, periods=len(items), freq="D"),
                         "items": items})


def _day(n: int, start: str = "2025-01-06") -> pd.Timestamp:
    return pd.Timestamp(start) + pd.Timedelta(days=n)


# quiet_spells ----------------------------------------------------------------------------------------------
def test_a_quiet_week_is_one_spell_from_its_first_to_its_last_quiet_day():
    assert events.quiet_spells(_daily([1] * 5 + [0] * 10 + [1] * 5)) == [(_day(5), _day(14))]


def test_fewer_quiet_days_than_min_days_are_no_spell():
    assert events.quiet_spells(_daily([1] * 5 + [0] * 6 + [1] * 5)) == []
    assert events.quiet_spells(_daily([1] * 5 + [0] * 6 + [1] * 5), min_days=6) == [(_day(5), _day(10))]


def test_quiet_runs_a_few_active_days_apart_are_one_spell():
    """Weekly posting through a summer is one quiet summer, not a pile of quiet weeks."""
    daily = _daily([1] * 3 + ([0] * 6 + [1]) * 4 + [0] * 6 + [1] * 3)
    assert events.quiet_spells(daily) == [(_day(3), _day(3 + 7 * 4 + 5))]
    apart = _daily([1] * 3 + [0] * 5 + [1] * 4 + [0] * 5 + [1] * 3)  # 4 active days: more than `bridge`
    assert events.quiet_spells(apart) == []
    assert events.quiet_spells(apart, bridge=4) == [(_day(3), _day(16))]


def test_a_day_is_quiet_only_when_every_platform_is():
    x = _daily([1] * 3 + [0] * 10 + [1] * 3)
    masto = _daily([0] * 8 + [1] + [0] * 7, platform="mastodon")  # active on day 8 only
    assert events.quiet_spells(pd.concat([x, masto])) == [(_day(3), _day(12))]  # 5 + 4 quiet, bridged over day 8
    masto_busy = _daily([1] * 16, platform="mastodon")
    assert events.quiet_spells(pd.concat([x, masto_busy])) == []


def test_a_steady_account_has_no_quiet_spell():
    assert events.quiet_spells(synthetic_input(per_day=20).daily) == []


# events ----------------------------------------------------------------------------------------------------
def _veteran(**kw):
    """Two busy years through both Klout updates and the outage, with a break in the summer of 2012."""
    return synthetic_input(per_day=20, start="2011-03-01", days=670, breaks=(("2012-05-01", "2012-06-15"),), **kw)


def test_updates_outage_and_quiet_spells_inside_the_range_oldest_first():
    found = events.events(_veteran())
    assert [(e.kind, e.start) for e in found] == [
        ("update", pd.Timestamp("2011-10-26")), ("quiet", pd.Timestamp("2012-05-01")),
        ("outage", pd.Timestamp("2012-07-27")), ("update", pd.Timestamp("2012-08-14"))]
    assert [e.start.date() for e in found if e.kind == "update"] == [era.start for era in HIDDEN.eras[1:]]
    assert found[2].start.date() == HIDDEN.outage_day
    labels = [e.label for e in found]
    assert labels == ["Klout update 26 Oct 2011", "quiet May-Jun 2012", "Twitter outage", "Klout update 14 Aug 2012"]
    assert found[1].end == pd.Timestamp("2012-06-15") and all(e.end is None for e in found if e.kind != "quiet")


def test_every_event_cites_a_source_of_the_record():
    assert set(events.EVENT_SOURCES.values()) <= SOURCE_IDS
    inp = _veteran(platform="x")
    inp = dataclasses.replace(inp, bought=((dt.date(2011, 6, 1), 10_000),),
                       unlinked=(("x", dt.date(2012, 1, 2)),), relinked=(("x", dt.date(2012, 1, 3)),))
    found = events.events(inp)
    assert {e.kind for e in found} == {"update", "quiet", "outage", "bought", "unlink"}
    assert all(e.source in SOURCE_IDS for e in found), [(e.label, e.source) for e in found]
    assert [e.source for e in found if e.kind == "update"] == ["klout_2011_update", "klout_2012_update"]


def test_nothing_outside_the_data_is_marked():
    """A 2025 account lived through no Klout update and no 2012 outage; levers dated outside are dropped."""
    inp = synthetic_input(per_day=20, start="2025-01-01", days=120)
    assert events.events(inp) == []
    inp = dataclasses.replace(inp, bought=((dt.date(2024, 1, 1), 500), (dt.date(2025, 2, 1), 0)),
                       unlinked=(("x", dt.date(2026, 1, 1)),))
    assert events.events(inp) == []  # before the data, zero bought, after the data


def test_lever_labels():
    inp = synthetic_input(per_day=20, start="2025-01-01", days=120)
    inp = dataclasses.replace(inp, bought=((dt.date(2025, 2, 1), 10_000),),
                       unlinked=(("facebook", dt.date(2025, 3, 1)),), relinked=(("facebook", dt.date(2025, 3, 2)),))
    assert [(e.kind, e.label, e.start.date()) for e in events.events(inp)] == [
        ("bought", "+10,000 bought followers", dt.date(2025, 2, 1)),
        ("unlink", "facebook unlinked", dt.date(2025, 3, 1)),
        ("unlink", "facebook relinked", dt.date(2025, 3, 2))]


@pytest.mark.parametrize("days, label", [(7, "quiet 7 days"), (14, "quiet 14 days"), (15, "quiet Feb-Feb 2025"),
                                         (42, "quiet Feb-Mar 2025")])
def test_a_short_spell_counts_days_a_long_one_names_months(days, label):
    last = (dt.date(2025, 2, 3) + dt.timedelta(days=days - 1)).isoformat()
    inp = synthetic_input(per_day=20, start="2025-01-01", days=120, breaks=(("2025-02-03", last),))
    assert [e.label for e in events.events(inp)] == [label]
