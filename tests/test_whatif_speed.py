"""The fast paths of a What-if slider move give what the plain ones gave (issue 23)."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from cloutlab.present import charts
from cloutlab.whatif import sums


def _sorted_distinct(keys, n_ids, n_cells):
    keys = np.sort(keys)
    first = np.ones(len(keys), bool)
    first[1:] = keys[1:] != keys[:-1]
    return np.bincount(keys[first] // n_ids, minlength=n_cells)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 400), st.integers(1, 60), st.data())
def test_distinct_by_direct_addressing_equals_the_sort(n_cells, n_ids, data):
    keys = np.array(data.draw(st.lists(st.integers(0, n_cells * n_ids - 1), max_size=500)), np.int64)
    got = sums.distinct(keys, n_ids, n_cells)
    assert got.dtype == np.int64 and np.array_equal(got, _sorted_distinct(keys, n_ids, n_cells))


def test_distinct_beyond_the_direct_space_still_sorts(monkeypatch):
    monkeypatch.setattr(sums, "DIRECT_KEYS", 10)
    keys = np.array([5, 5, 3, 17, 17, 17, 0], np.int64)
    assert np.array_equal(sums.distinct(keys, 4, 5), _sorted_distinct(keys, 4, 5))


def _series(days: int) -> pd.Series:
    index = pd.date_range("2016-11-01", periods=days, freq="D")
    return pd.Series(np.sin(np.arange(days) / 30.0), index=index)


def test_a_daily_line_is_sent_as_a_start_and_a_step():
    s = _series(730)
    trace = charts.score_lines({"score": s}, "t", "y").data[0]
    assert trace.x is None and trace.x0 == "2016-11-01" and trace.dx == 86_400_000
    assert np.array_equal(trace.y, s.to_numpy())


def test_a_ten_year_line_is_thinned_and_still_ends_on_the_last_day():
    s = _series(3652)
    trace = charts.score_lines({"score": s}, "t", "y").data[0]
    k = trace.dx // 86_400_000
    assert len(trace.y) <= charts.MAX_POINTS and k == 3
    last = pd.Timestamp(trace.x0) + pd.Timedelta(days=k * (len(trace.y) - 1))
    assert last == s.index[-1] and trace.y[-1] == s.iloc[-1]


def test_a_line_with_gaps_keeps_its_dates():
    s = _series(10).drop(pd.Timestamp("2016-11-04"))
    trace = charts.score_lines({"score": s}, "t", "y").data[0]
    assert len(trace.x) == 9 and trace.x0 is None


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000), st.floats(0, 1), st.integers(0, 4000), st.integers(0, 2**32 - 1))
def test_choosing_along_the_sorted_priorities_equals_the_partition(n, share, count, seed):
    from cloutlab.whatif import transforms as tr

    rng = np.random.default_rng(seed)
    priority = rng.permutation(n) / n + rng.random() / (4 * n)  # distinct, as the golden-ratio sequence is
    dr = tr.Draws(priority, np.zeros(n, np.int8), rng.random(n), np.zeros(n, np.int32),
                  np.argsort(priority, kind="stable").astype(np.int32))
    movable = rng.random(n) < share
    assert np.array_equal(tr._choose_among(dr, movable, count), tr._choose(dr, np.flatnonzero(movable), count))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000), st.floats(0, 1), st.integers(-2, 4000), st.integers(0, 2**32 - 1))
def test_choosing_by_priority_buckets_equals_the_partition(n, share, count, seed):
    from cloutlab.whatif import transforms as tr

    rng = np.random.default_rng(seed)
    # distinct priorities, some sharing a bucket (clustered): the count can end inside a crowded bucket
    priority = np.sort(rng.random(n)) ** rng.choice([1, 40])
    priority = np.unique(priority)[rng.permutation(len(np.unique(priority)))]
    dr = tr.ranked(tr.Draws(priority, np.zeros(len(priority), np.int8), rng.random(len(priority)),
                            np.zeros(len(priority), np.int32)))
    movable = rng.random(len(priority)) < share
    assert np.array_equal(tr._choose_among(dr, movable, count),
                          tr._choose(dr, np.flatnonzero(movable), max(count, 0)))
