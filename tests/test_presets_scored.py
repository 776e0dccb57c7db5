"""The one list of classic cases (whatif/presets.py) and the scored value (scores/scored.py)."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from cloutlab import activity, whatif
from cloutlab.scores import ledger, opaque, scored, transparent
from cloutlab.whatif import gaming, presets
from helpers import synthetic_input


def test_every_case_is_listed_once_and_is_a_valid_scenario():
    assert len({p.key for p in presets.ALL}) == len({p.name for p in presets.ALL}) == len(presets.ALL)
    for p in presets.ALL:
        assert set(p.labs) <= {presets.WHATIF, presets.GAMING} and p.labs, p.key
        changes = {k: v for k, v in p.changes.items() if k != "relink_after_days"}
        whatif.Scenario(**changes)  # raises on a field or value the simulator does not take


def test_both_labs_read_the_same_case_for_what_they_share():
    from cloutlab.ui.whatif_controls import PRESETS

    shared = [p for p in presets.ALL if set(p.labs) == {presets.WHATIF, presets.GAMING}]
    assert {p.key for p in shared} >= {"repost_all", "buy_followers", "ring", "summer_break"}
    for p in shared:
        assert PRESETS[p.name] is p.changes and gaming.STRATEGIES[p.key] is p
    # The Gaming lab's keys travel in ?class= links: never renamed.
    assert set(gaming.STRATEGIES) == {"as_is", "post_more", "repost_all", "bot", "buy_followers", "ring",
                                      "reply_readers", "summer_break"}


def test_scored_holds_the_series_each_score_gives_and_reads_a_day_as_they_do():
    inp = synthetic_input(days=120)
    s = scored.score(inp, 28)
    pd.testing.assert_frame_equal(s.opaque, opaque.score_series(inp))
    pd.testing.assert_series_equal(s.composite, ledger.composite_series(inp))
    pd.testing.assert_frame_equal(s.metrics, transparent.metrics_series(inp, 28))
    day = inp.days[60]
    assert s.composite_on(day) == ledger.composite_at(inp, day)
    assert s.metrics_on(day) == transparent.metrics_at(inp, day, 28)
    assert s.composite_on() == ledger.composite_at(inp)
    with pytest.raises(ValueError, match="outside the data"):
        s.metrics_on(inp.days[-1] + pd.Timedelta(days=1))


def test_a_missing_composite_is_none_never_a_number():
    inp = synthetic_input(days=60)
    blind = dataclasses.replace(inp, daily=inp.daily.assign(**{c: pd.array([pd.NA] * len(inp.daily), "Int64")
                                                               for c in activity.RECEIVED}))
    s = scored.score(blind)
    assert s.composite.isna().all() and s.composite_on() is None
    assert all(v is None or not np.isnan(v) for v in s.metrics_on().values())


def test_a_dataset_id_is_read_in_one_place():
    from cloutlab.store.datasets import account_of, persona_of

    assert persona_of("demo:novelist") == "novelist" and persona_of("import:x:ada") is None
    assert account_of("import:bluesky:did:plc:abc") == ("bluesky", "did:plc:abc")  # a DID holds ':'
    assert account_of("import:all") is None and account_of("demo:bot") is None and account_of("import:x:") is None
