"""The comparison's plain sentences (compare.sentences and ledger.points_by_action): the opaque side only
says that it moved; the composite says which point-earning actions moved it and by how much; each key metric
says what it did over the window, or why it cannot be computed (missing is never a number, issue 10)."""

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from cloutlab.whatif import compare
from cloutlab.scores import ledger, transparent

from helpers import synthetic_input

BASE = synthetic_input(per_day=3, rpp=2, days=200, seed=1)


def _with(inp, **columns):
    return dataclasses.replace(inp, daily=inp.daily.assign(**columns))


def _said(base, what, window=28):
    return compare.sentences(compare.compare(base, what, window), window)


def test_one_sentence_per_score_and_key_metric():
    said = _said(BASE, BASE)
    assert list(said) == ["opaque", "composite", *compare.HEADLINE_METRICS]
    assert all(isinstance(s, str) and s.endswith(".") for s in said.values())


def test_nothing_changed_says_nothing_moved():
    said = _said(BASE, BASE)
    assert re.fullmatch(r"The opaque score did not move \((\d+\.\d\d) to \1\)\. It cannot tell you why: "
                        r"that is what a black box means\.", said["opaque"]), said["opaque"]
    assert said["composite"].startswith("The composite did not move (")
    assert said["composite"].endswith(": no point-earning reaction changed in the last 90 days.")
    for key in compare.HEADLINE_METRICS:
        m = transparent.METRICS[key]
        assert said[key].startswith(f"{m.name} did not move (") and said[key].endswith(f"{m.unit}, last 28 days)."), said[key]


def test_the_composite_names_the_actions_that_moved_it():
    doubled = _with(BASE, likes_received=BASE.daily["likes_received"] * 2)
    moved = ledger.points_by_action(doubled) - ledger.points_by_action(BASE)
    gained = int(moved["like received"])
    assert gained > 0 and (moved.drop("like received") == 0).all()
    said = _said(BASE, doubled)
    assert said["composite"].startswith("The composite rose (")
    assert f": points received in the last 90 days changed by {gained:+,} (like received {gained:+,} points)." \
        in said["composite"]
    assert said["applause_rate"].startswith("Applause rate rose (")
    assert said["items_per_week"].startswith("Items per week did not move (")  # same posts
    assert said["opaque"].endswith("It cannot tell you why: that is what a black box means.")


def test_several_actions_are_listed_largest_change_first():
    what = _with(BASE, likes_received=BASE.daily["likes_received"] + 1, reposts_received=BASE.daily["reposts_received"] * 0)
    moved = (ledger.points_by_action(what) - ledger.points_by_action(BASE)).loc[lambda s: s != 0]
    assert set(moved.index) == {"like received", "repost received"}
    said = _said(BASE, what)["composite"]
    first, second = sorted(moved.items(), key=lambda kv: -abs(kv[1]))
    assert f"({first[0]} {first[1]:+,} points, {second[0]} {second[1]:+,} points)" in said
    assert f"changed by {int(moved.sum()):+,} (" in said
    assert said.startswith("The composite fell (" if moved.sum() < 0 else "The composite rose (")


def test_a_ring_is_listed_apart_from_the_likes_it_adds():
    ring = np.full(len(BASE.daily), 5)
    what = _with(BASE, ring_likes=ring, likes_received=BASE.daily["likes_received"] + 5)
    window = ledger.Composite().window
    moved = ledger.points_by_action(what) - ledger.points_by_action(BASE)
    assert moved["ring reaction"] == 5 * window and moved["like received"] == 0  # not counted twice
    assert f"(ring reaction {5 * window:+,} points)" in _said(BASE, what)["composite"]


def test_points_by_action_counts_the_composite_window_only():
    window = ledger.Composite().window
    got = ledger.points_by_action(BASE)
    recent = BASE.daily[BASE.daily["day"] > BASE.days[-1] - pd.Timedelta(days=window)]
    assert got["like received"] == int(recent["likes_received"].sum())
    assert got["repost received"] == 10 * int(recent["reposts_received"].sum())
    assert "reply to someone" not in got  # given points are not "received"


def test_no_received_count_says_why_instead_of_a_number():
    blind = _with(synthetic_input(per_day=3, days=200, platform="bluesky"),
                  likes_received=pd.array([pd.NA] * 200, dtype="Int64"),
                  reposts_received=pd.array([pd.NA] * 200, dtype="Int64"))
    said = _said(blind, blind)
    reason = ledger.composite_reason(blind)
    assert reason and said["composite"] == f"The composite cannot be computed: {reason}."
    missing = transparent.availability(blind)
    assert missing["applause_rate"]
    assert said["applause_rate"] == f"Applause rate: {missing['applause_rate']}."
    assert not re.search(r"\b(nan|None)\b", " ".join(said.values()))


@pytest.mark.parametrize("value, shown", [(None, "n/a"), (float("nan"), "n/a"), (1234.4, "1,234"), (12.345, "12.35"),
                                          (-150.0, "-150")])
def test_numbers_in_sentences(value, shown):
    assert compare._num(value) == shown
