"""cloutlab.whatif: scenarios, their spellings, the transforms, and the fast frame against the SQL one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from cloutlab import activity, platforms, schema, store, whatif
from cloutlab.store import demo
from cloutlab.errors import CloutlabError
from cloutlab.scores.inputs import from_store
from cloutlab.whatif import daily, materialize, transforms
from cloutlab.whatif.scenario import SPECS

# ---------------------------------------------------------------------------------------------- fixtures
START = np.datetime64("2024-01-01T00:00:00", "us")
MENTIONS = ["Bob", "bob", "carol", "ÄNNE", "änne", "Σίσυφος", "σίσυφος", "straße", "dave_x", None]
TARGETS = ["bob", "carol", "erin"]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def random_posts(seed: int, n: int, days: int, platforms=("x", "mastodon"), kinds=schema.KINDS) -> pa.Table:
    """n canonical posts over `days` days: x carries likes, reposts, replies (quotes NULL), mastodon no
    counts; mentions in mixed case and non-ASCII, with NULL lists, empty lists and NULL elements."""
    rng = np.random.default_rng(seed)
    plat = np.array(platforms)[rng.integers(0, len(platforms), n)]
    created = np.sort(START + rng.integers(0, days * 86_400, n).astype("timedelta64[s]"))
    mix = np.array([0.45, 0.3, 0.15, 0.1, 0.05][: len(kinds)])
    kind = np.array(kinds)[rng.choice(len(kinds), n, p=mix / mix.sum())]
    self_reply = (kind == "reply") & (rng.random(n) < 0.3)
    mentions = [None if r < 0.03 else [] if r < 0.5 else [MENTIONS[i] for i in rng.integers(0, 10, rng.integers(1, 4))]
                for r in rng.random(n)]  # a NULL list, an empty one, or 1 to 3 names (NULL elements too)
    reply_to = [("me" if s else TARGETS[i % 3]) if k == "reply" else None
                for i, (k, s) in enumerate(zip(kind, self_reply))]

    def counts(mean: float, carried: bool):
        return pa.array(rng.poisson(mean, n).astype("int32"), mask=(plat != "x") | (not carried))

    return pa.table({
        "platform": plat, "account": np.where(plat == "x", "me", "me@masto.social"),
        "post_id": [f"p{i}" for i in range(n)], "created_at": pa.array(created),
        "kind": kind, "is_self_reply": self_reply, "text": [f"post {i}" for i in range(n)],
        "lang": ["en"] * n, "reply_to_account": pa.array(reply_to, pa.string()),
        "mentions": pa.array(mentions, pa.list_(pa.string())),
        "hashtags": pa.array([[]] * n, pa.list_(pa.string())), "urls": pa.array([[]] * n, pa.list_(pa.string())),
        "likes": counts(6.0, True), "reposts": counts(1.5, True), "replies": counts(0.8, True),
        "quotes": counts(0.0, False), "source": ["test"] * n,
    })


def _day(t: pa.Table, i: int = 0) -> dt.date:
    return t.column("created_at")[i].as_py().date()


@st.composite
def posts_and_scenario(draw, max_n=300):
    """A random posts table and a random scenario whose dates fall inside the data."""
    days = draw(st.integers(1, 120))
    posts = random_posts(draw(st.integers(0, 2**32)), draw(st.integers(1, max_n)), days)
    first, last = _day(posts, 0), _day(posts, -1)
    span = (last - first).days
    date = st.one_of(st.none(), st.integers(0, span).map(lambda d: first + dt.timedelta(days=d)))
    ring = draw(st.integers(0, 30))
    scenario = whatif.Scenario(
        frequency=draw(st.sampled_from([1.0, 0.0, 0.3, 0.8, 1.5, 2.0, 3.7, 5.0])),
        break_weeks=draw(st.integers(0, 3)), break_start=draw(date),
        repost_share=draw(st.none() | st.floats(0, 1)), reply_share=draw(st.none() | st.floats(0, 1)),
        ring_size=ring, ring_reactions=draw(st.integers(0, ring)), seed=draw(st.integers(0, 2**20)),
    )
    return posts, scenario


def _sql_frame(posts: pa.Table) -> pd.DataFrame:
    return activity.daily_from_posts(posts)


# ---------------------------------------------------------------------------------------------- scenario
def test_defaults_and_identity():
    s = whatif.Scenario()
    assert s == whatif.Scenario.identity() and s.is_identity
    assert (s.frequency, s.break_weeks, s.bought_followers, s.ring_size, s.seed) == (1.0, 0, 0, 0, 0)
    assert whatif.FIELDS == ("frequency", "break_weeks", "break_start", "repost_share", "reply_share", "bought_followers",
                             "bought_at", "ring_size", "ring_reactions", "unlink", "unlink_at", "relink_at",
                             "audience_away", "audience_away_start", "seed")  # relink_at: issue 14; audience_away: 13
    # dates of switched-off features, the seed, or a ring that never reacts change nothing
    assert whatif.Scenario(break_start=dt.date(2024, 1, 1), seed=7, ring_size=5).is_identity
    assert not whatif.Scenario(bought_followers=1).is_identity


@pytest.mark.parametrize("changes", [
    {"frequency": 10.5}, {"frequency": -1}, {"frequency": float("nan")}, {"frequency": "2"}, {"break_weeks": 53},
    {"break_weeks": 1.5}, {"break_weeks": True}, {"repost_share": 1.2}, {"reply_share": -0.1},
    {"bought_followers": -5}, {"ring_size": 3, "ring_reactions": 4}, {"unlink": "myspace"},
    {"break_start": "2024-01-01"},
])
def test_bad_values_are_one_sentence_errors(changes):
    with pytest.raises(CloutlabError) as err:
        whatif.Scenario(**changes)
    message = str(err.value)
    assert "\n" not in message and message.endswith(".") and next(iter(changes)) in message


def test_parse_set():
    s = whatif.parse_set(["frequency=2", "break_weeks=1", "break_start=2024-02-01", "repost_share=0.5",
                          "unlink=Mastodon", "bought_followers=10,000", "ring_size=5", "ring_reactions=5"])
    assert s == whatif.Scenario(frequency=2, break_weeks=1, break_start=dt.date(2024, 2, 1), repost_share=0.5,
                                unlink="mastodon", bought_followers=10_000, ring_size=5, ring_reactions=5)
    assert whatif.parse_set(["frequency=2", "frequency=3"]).frequency == 3  # the later wins


@pytest.mark.parametrize("item, names", [
    ("freqency=2", ["freqency", "frequency"]), ("frequency", ["KEY=VALUE"]),
    ("frequency=abc", ["frequency", "0 to 10"]),
    ("frequency=11", ["frequency", "0 to 10"]), ("break_weeks=1.5", ["break_weeks", "0 to 52"]),
    ("break_start=tomorrow", ["break_start", "YYYY-MM-DD"]), ("repost_share=2", ["repost_share", "0 to 1"]),
    ("unlink=myspace", ["unlink", "x, mastodon"]), ("ring_reactions=3", ["ring_reactions", "ring_size"]),
    ("frequency=inf", ["frequency"]),
])
def test_parse_set_rejects_with_one_line(item, names):
    with pytest.raises(CloutlabError) as err:
        whatif.parse_set([item])
    message = str(err.value)
    assert "\n" not in message and all(name in message for name in names)


@st.composite
def scenarios(draw):
    date = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
    ring = draw(st.integers(0, SPECS["ring_size"].hi))
    return whatif.Scenario(
        frequency=draw(st.floats(0, 5)), break_weeks=draw(st.integers(0, 52)), break_start=draw(date),
        repost_share=draw(st.none() | st.floats(0, 1)), reply_share=draw(st.none() | st.floats(0, 1)),
        bought_followers=draw(st.integers(0, 10**9)), bought_at=draw(date), ring_size=ring,
        ring_reactions=draw(st.integers(0, ring)), unlink=draw(st.none() | st.sampled_from(platforms.KEYS)),
        unlink_at=draw(date), relink_at=draw(date), seed=draw(st.integers(0, 2**63 - 1)),
    )


@settings(max_examples=300)
@given(scenarios())
def test_query_round_trip_is_exact(s):
    query = whatif.to_query(s)
    assert all(isinstance(v, str) for v in query.values())
    assert whatif.from_query(query) == s
    assert whatif.parse_set([f"{k}={v}" for k, v in query.items()]) == s  # the CLI reads the same text
    assert set(query) == {f for f in whatif.FIELDS if getattr(s, f) != getattr(whatif.Scenario(), f)}


def test_from_query_is_tolerant_and_says_why():
    notes: list[str] = []
    s = whatif.from_query({"persona": "novelist", "frequency": "19", "break_weeks": "two", "repost_share": ["0.1", "0.4"],
                           "unlink": "myspace", "ring_size": "3", "ring_reactions": "8"}, notes)
    assert s == whatif.Scenario(frequency=10, repost_share=0.4, ring_size=3, ring_reactions=3)
    assert len(notes) == 4 and all("\n" not in n for n in notes)
    assert any("frequency" in n and "10" in n for n in notes) and any("break_weeks" in n for n in notes)
    assert whatif.from_query({}) == whatif.Scenario()


def test_resolve_fills_dates_of_active_features_only():
    first, last = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    s = whatif.resolve(whatif.Scenario(break_weeks=1, bought_followers=10, unlink="x"), first, last)
    assert s.break_start == last - dt.timedelta(days=6)  # the break covers the data's last week
    four = whatif.resolve(whatif.Scenario(break_weeks=4), first, last)
    assert four.break_start + dt.timedelta(weeks=4) == last + dt.timedelta(days=1)
    assert s.bought_at == last - dt.timedelta(days=60) and s.unlink_at == last - dt.timedelta(days=30)
    assert whatif.resolve(whatif.Scenario(), first, last) == whatif.Scenario()
    short = whatif.resolve(whatif.Scenario(break_weeks=1), first, first + dt.timedelta(days=5))
    assert short.break_start == first  # never before the data
    with pytest.raises(CloutlabError, match="outside the data"):
        whatif.resolve(whatif.Scenario(break_weeks=1, break_start=dt.date(2025, 3, 1)), first, last)


def test_as_dict_is_json_ready():
    d = whatif.as_dict(whatif.Scenario(break_weeks=1, break_start=dt.date(2024, 2, 1)))
    assert list(d) == list(whatif.FIELDS) and d["break_start"] == "2024-02-01" and d["unlink"] is None


# ---------------------------------------------------------------------------------------------- engine
@FAST
@given(posts_and_scenario())
def test_fast_frame_equals_the_sql_frame_of_the_transformed_posts(case):
    posts, scenario = case
    prep = whatif.prepare(posts)
    s = whatif.resolve(scenario, prep.first_date, prep.last_date)
    plan = transforms.plan_of(prep, s)
    transformed = whatif.apply(prep, s)
    pd.testing.assert_frame_equal(daily.frame_of(prep, plan, grid="data"), _sql_frame(transformed))


@FAST
@given(posts_and_scenario())
def test_simulate_keeps_the_baseline_grid(case):
    posts, scenario = case
    prep = whatif.prepare(posts)
    got = whatif.simulate(prep, {"x": 100, "mastodon": None}, scenario, "me").daily
    base = prep.baseline
    pd.testing.assert_frame_equal(got[["platform", "day"]], base[["platform", "day"]])
    sql = _sql_frame(whatif.apply(prep, scenario))
    merged = got.merge(sql, on=["platform", "day"], how="left", suffixes=("", "_sql"), indicator=True)
    inside = merged["_merge"] == "both"
    for c in activity.COUNT_COLUMNS:
        assert (merged.loc[inside, c] == merged.loc[inside, c + "_sql"]).all()
        assert (merged.loc[~inside, c] == 0).all()  # days the transformed posts no longer reach are quiet


def test_baseline_frame_equals_the_stored_one():
    posts = random_posts(1, 800, 90)
    con = store.connect()
    for platform in ("x", "mastodon"):
        part = posts.filter(pc.equal(posts.column("platform"), platform))
        store.write_account(con, {"platform": platform, "account": part.column("account")[0].as_py()}, part)
    keys = [("mastodon", "me@masto.social"), ("x", "me")]
    baseline = from_store(con, keys, seed="me")
    got = whatif.simulate(activity.posts_table(con, keys), baseline.followers, whatif.Scenario(), baseline.seed)
    pd.testing.assert_frame_equal(got.daily, baseline.daily)
    again = whatif.simulate(whatif.prepare(activity.posts_table(con, keys)), baseline.followers,
                            whatif.Scenario(seed=3), baseline.seed)
    pd.testing.assert_frame_equal(again.daily, baseline.daily)
    assert (got.bought, got.unlinked, got.ring_size, got.seed) == ((), (), 0, baseline.seed)
    # The app hands prepare() the store's frame instead of building the numpy one again: the same what-ifs.
    handed = whatif.prepare(activity.posts_table(con, keys), baseline=baseline.daily)
    for s in (whatif.Scenario(), whatif.Scenario(frequency=2.5, reply_share=0.4, break_weeks=2, ring_size=5,
                                                 ring_reactions=3)):
        pd.testing.assert_frame_equal(whatif.simulate(handed, baseline.followers, s, baseline.seed).daily,
                                      whatif.simulate(whatif.prepare(activity.posts_table(con, keys)),
                                                      baseline.followers, s, baseline.seed).daily)


@FAST
@given(st.integers(0, 2**32), st.integers(1, 400))
def test_identity_is_exact(seed, n):
    posts = random_posts(seed, n, 60)
    for s in (whatif.Scenario(), whatif.Scenario(seed=seed, ring_size=3, break_start=_day(posts))):
        assert whatif.apply(posts, s).equals(posts)
        pd.testing.assert_frame_equal(whatif.simulate(posts, {}, s, "id").daily, _sql_frame(posts))


@FAST
@given(st.integers(0, 2**32), st.integers(1, 400), st.integers(0, 80), st.integers(1, 4))
def test_break_removes_exactly_its_window(seed, n, offset, weeks):
    posts = random_posts(seed, n, 90)
    start = _day(posts) + dt.timedelta(days=offset)
    assume(start <= _day(posts, -1))
    out = whatif.apply(posts, whatif.Scenario(break_weeks=weeks, break_start=start))
    day = pc.cast(posts.column("created_at"), pa.date32()).to_numpy(zero_copy_only=False).astype("datetime64[D]")
    lo = np.datetime64(start)
    outside = (day < lo) | (day >= lo + np.timedelta64(7 * weeks, "D"))
    assert out.equals(posts.filter(pa.array(outside)))


def _big() -> pa.Table:
    return random_posts(11, 20_000, 365, platforms=("x",))


@pytest.mark.parametrize("k", [0.25, 0.5, 0.9, 1.5, 2.0, 3.3, 5.0])
def test_frequency_scales_item_counts_by_k(k):
    posts = _big()
    out = whatif.apply(posts, whatif.Scenario(frequency=k, seed=5))
    assert out.num_rows == pytest.approx(k * posts.num_rows, rel=0.03)
    ids = set(out.column("post_id").to_pylist())
    originals = set(posts.column("post_id").to_pylist())
    if k < 1:
        assert ids <= originals  # thinning never adds
    else:
        assert originals <= ids  # repeats never remove an item
        first = out.slice(0, posts.num_rows)
        assert first.equals(posts)  # the items themselves, untouched, come first


def test_repeats_stay_near_their_source_inside_the_span_with_fatigue():
    posts = _big()
    k = 3.0
    out = whatif.apply(posts, whatif.Scenario(frequency=k, seed=2))
    reps = out.slice(posts.num_rows)
    source = pc.utf8_replace_slice(reps.column("post_id"), 0, 0, "")  # ids are <source>~<n>
    src_ids = pc.list_element(pc.split_pattern(reps.column("post_id"), "~"), 0)
    by_id = {p: i for i, p in enumerate(posts.column("post_id").to_pylist())}
    src = np.array([by_id[p] for p in src_ids.to_pylist()])
    shift = (reps.column("created_at").to_numpy() - posts.column("created_at").to_numpy()[src]).astype("timedelta64[s]")
    assert (np.abs(shift) <= np.timedelta64(3, "D")).all() and (shift % np.timedelta64(1, "D") == 0).all()
    created = out.column("created_at").to_numpy()
    assert created.min() >= posts.column("created_at").to_numpy().min().astype("datetime64[D]")
    assert created.max() < posts.column("created_at").to_numpy().max().astype("datetime64[D]") + np.timedelta64(1, "D")
    assert pc.all(pc.equal(reps.column("kind"), posts.column("kind").take(pa.array(src)))).as_py()
    likes_src = posts.column("likes").to_numpy()[src].sum()
    assert reps.column("likes").to_numpy().sum() == pytest.approx(likes_src * k ** -0.5, rel=0.02)
    assert len(source) == reps.num_rows


def test_bought_followers_change_only_the_audience():
    posts = random_posts(4, 500, 200)
    s = whatif.Scenario(bought_followers=10_000, bought_at=_day(posts, 100))
    got = whatif.simulate(posts, {"x": 250, "mastodon": None}, s, "me")
    assert whatif.apply(posts, s) is posts
    pd.testing.assert_frame_equal(got.daily, _sql_frame(posts))
    assert got.bought == ((_day(posts, 100), 10_000),) and got.followers == {"x": 250, "mastodon": None}
    assert (got.unlinked, got.ring_size) == ((), 0)


def test_unlink_is_recorded_and_checked_against_the_data():
    posts = random_posts(4, 200, 100)
    got = whatif.simulate(posts, {}, whatif.Scenario(unlink="mastodon"), "me")
    assert got.unlinked == (("mastodon", _day(posts, -1) - dt.timedelta(days=30)),)
    pd.testing.assert_frame_equal(got.daily, _sql_frame(posts))  # the person's activity did not change
    with pytest.raises(CloutlabError, match="no bluesky account"):
        whatif.simulate(posts, {}, whatif.Scenario(unlink="bluesky"), "me")


def test_ring_adds_likes_to_everything_but_reposts():
    posts = random_posts(8, 600, 60)
    out = whatif.apply(posts, whatif.Scenario(ring_size=12, ring_reactions=7))
    ring = out.column("ring_likes").to_numpy()
    reposts = out.column("kind").to_numpy(zero_copy_only=False) == "repost"
    assert (ring[reposts] == 0).all() and (ring[~reposts] == 7).all()
    before, after = posts.column("likes"), out.column("likes")
    assert pc.equal(pc.is_null(before), pc.is_null(after)).to_numpy(zero_copy_only=False).all()  # unknown stays unknown
    gained = pc.fill_null(pc.subtract(after, before), 0).to_numpy()
    x = out.column("platform").to_numpy(zero_copy_only=False) == "x"
    assert (gained[x & ~reposts] == 7).all() and (gained[reposts] == 0).all()
    assert whatif.simulate(posts, {}, whatif.Scenario(ring_size=12, ring_reactions=7), "me").ring_size == 12


@pytest.mark.parametrize("share", [0.0, 0.05, 0.33, 0.5, 0.9, 1.0])
def test_shares_hit_their_targets(share):
    posts = random_posts(21, 3000, 120)
    n = posts.num_rows
    kinds = whatif.apply(posts, whatif.Scenario(repost_share=share)).column("kind").to_numpy(zero_copy_only=False)
    assert abs((kinds == "repost").mean() - share) <= 1 / n
    out = whatif.apply(posts, whatif.Scenario(reply_share=share * 0.9))
    to_others = pc.and_(pc.equal(out.column("kind"), "reply"), pc.invert(out.column("is_self_reply")))
    assert abs(pc.sum(to_others).as_py() / n - share * 0.9) <= 1 / n
    both = whatif.apply(posts, whatif.Scenario(repost_share=share / 2, reply_share=0.4))
    kinds = both.column("kind").to_numpy(zero_copy_only=False)
    assert abs((kinds == "repost").mean() - share / 2) <= 1 / n  # reply share does not undo the repost share
    to_others = pc.and_(pc.equal(both.column("kind"), "reply"), pc.invert(both.column("is_self_reply")))
    assert abs(pc.sum(to_others).as_py() / n - min(0.4, 1 - share / 2)) <= 1 / n


def test_frequency_keeps_the_share():
    posts = random_posts(22, 2000, 120)
    out = whatif.apply(posts, whatif.Scenario(repost_share=0.3, frequency=3))  # whole-number frequency: exact
    assert out.num_rows == 3 * posts.num_rows
    assert pc.sum(pc.equal(out.column("kind"), "repost")).as_py() == 3 * round(0.3 * posts.num_rows)
    out = whatif.apply(posts, whatif.Scenario(repost_share=0.3, frequency=0.6))
    assert pc.mean(pc.cast(pc.equal(out.column("kind"), "repost"), pa.int8())).as_py() == pytest.approx(0.3, abs=0.03)


def test_rekinded_items_are_plausible():
    posts = random_posts(5, 2000, 100)
    out = whatif.apply(posts, whatif.Scenario(reply_share=0.8, seed=1))
    was_reply = pc.and_(pc.equal(posts.column("kind"), "reply"), pc.invert(posts.column("is_self_reply")))
    is_reply = pc.and_(pc.equal(out.column("kind"), "reply"), pc.invert(out.column("is_self_reply")))
    new = out.filter(pc.and_(is_reply, pc.invert(was_reply)))  # same rows in the same order: no repeats
    assert new.num_rows > 0.4 * posts.num_rows
    assert pc.all(pc.is_valid(new.column("reply_to_account"))).as_py()  # every new reply addresses someone
    assert pc.min(pc.list_value_length(new.column("mentions"))).as_py() >= 1  # ... whom it mentions
    first = pc.list_element(new.column("mentions"), 0)
    named = pc.is_valid(first)
    assert pc.all(pc.equal(new.column("reply_to_account").filter(named), first.filter(named))).as_py()
    out = whatif.apply(posts, whatif.Scenario(repost_share=0.9))
    new = out.filter(pc.and_(pc.equal(out.column("kind"), "repost"), pc.not_equal(posts.column("kind"), "repost")))
    assert new.num_rows > 0.5 * posts.num_rows
    assert pc.max(new.column("likes")).as_py() == 0  # reactions to a repost are its author's
    assert pc.all(pc.is_null(new.column("reply_to_account"))).as_py()


@FAST
@given(posts_and_scenario(max_n=150))
def test_transforms_are_deterministic_for_a_seed(case):
    posts, s = case
    assert whatif.apply(posts, s).equals(whatif.apply(posts, s))
    assert whatif.apply(whatif.prepare(posts), s).equals(whatif.apply(posts, s))


def test_transforms_differ_across_seeds():
    posts = random_posts(3, 1000, 60)
    for changes in ({"frequency": 0.5}, {"frequency": 2.5}, {"repost_share": 0.5}, {"reply_share": 0.7}):
        a = whatif.apply(posts, whatif.Scenario(seed=1, **changes))
        b = whatif.apply(posts, whatif.Scenario(seed=2, **changes))
        assert not a.equals(b), changes


def test_transforms_compose():
    posts = random_posts(6, 500, 60)
    once = whatif.apply(posts, whatif.Scenario(frequency=2, ring_size=4, ring_reactions=2))
    twice = whatif.apply(once, whatif.Scenario(frequency=0.5, ring_size=4, ring_reactions=3, seed=1))
    assert len(twice.column("post_id").unique()) == twice.num_rows
    ring = twice.column("ring_likes").to_numpy()
    assert set(np.unique(ring)) <= {0, 5}
    prep = whatif.prepare(once)
    s = whatif.Scenario(frequency=1.5, repost_share=0.2, ring_size=3, ring_reactions=3)
    pd.testing.assert_frame_equal(daily.frame_of(prep, transforms.plan_of(prep, s), grid="data"),
                                  _sql_frame(whatif.apply(once, s)))


def test_unknown_kinds_are_counted_and_left_alone():
    posts = random_posts(9, 400, 30, kinds=("original", "reply", "repost", "quote", "poll"))
    s = whatif.Scenario(frequency=1.5, repost_share=0.5, reply_share=0.3, ring_size=2, ring_reactions=1)
    prep = whatif.prepare(posts)
    out = whatif.apply(prep, s)
    polls = [pc.sum(pc.equal(t.column("kind"), "poll")).as_py() for t in (posts, out)]
    assert polls[1] >= polls[0]  # repeated, never re-kinded
    plan = transforms.plan_of(prep, whatif.resolve(s, prep.first_date, prep.last_date))
    pd.testing.assert_frame_equal(daily.frame_of(prep, plan, grid="data"), _sql_frame(out))


def test_empty_posts_are_a_clear_error():
    with pytest.raises(CloutlabError, match="no posts"):
        whatif.simulate(random_posts(1, 5, 3).slice(0, 0), {}, whatif.Scenario(), "me")


def test_demo_personas_run_every_slider():
    con = store.connect()
    keys = demo.load_persona(con, "novelist")
    posts = activity.posts_table(con, keys)
    prep = whatif.prepare(posts)
    s = whatif.parse_set(["frequency=2", "break_weeks=1", "repost_share=0.2", "reply_share=0.3",
                          "bought_followers=10000", "ring_size=20", "ring_reactions=10", "unlink=mastodon"])
    got = whatif.simulate(prep, {"x": 4200, "mastodon": None}, s, "novelist")
    assert len(got.daily) == len(prep.baseline)
    assert got.daily["items"].sum() > prep.baseline["items"].sum()


def test_an_audience_away_beside_a_ring_never_makes_reactions_negative():
    """The ring's likes ride inside likes; away scales both alike, so organic likes stay >= 0 (a log1p of a
    negative number was NaN in the opaque score's per-post part)."""
    import warnings

    from helpers import synthetic_input

    from cloutlab.scores import opaque
    from cloutlab.whatif.audience import away

    inp = synthetic_input(2, 3, 500, days=120)
    d = inp.daily.copy()
    d["ring_likes"] = 7
    d["likes_received"] = d["likes_received"].astype("Int64") + 7
    gone = away(d, d["day"].iloc[60].date(), 3)
    assert ((gone["likes_received"].astype(float) - gone["ring_likes"].astype(float)) >= 0).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        scores = opaque.score_series(dataclasses.replace(inp, daily=gone, ring_size=5))
    assert scores["score"].notna().all()


@FAST
@given(posts_and_scenario(), st.sampled_from([1.5, 2.0, 3.7, 5.0, 7.3, 10.0]))
def test_repeats_summed_by_day_shift_equal_the_sql_frame_and_the_repeat_by_repeat_sums(case, k):
    posts, scenario = case
    prep = whatif.prepare(posts)
    plan = transforms.plan_of(prep, whatif.resolve(dataclasses.replace(scenario, frequency=k),
                                                   prep.first_date, prep.last_date))
    frames = []
    for shifted_from in (0, 99):  # every repeat count one way, then the other
        old, daily.SHIFTED_FROM = daily.SHIFTED_FROM, shifted_from
        try:
            frames.append(daily.frame_of(prep, plan, grid="data"))
        finally:
            daily.SHIFTED_FROM = old
    pd.testing.assert_frame_equal(frames[0], frames[1])
    pd.testing.assert_frame_equal(frames[0], _sql_frame(materialize.posts_of(prep, plan)))
