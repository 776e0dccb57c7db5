from hypothesis import given, settings, strategies as st

from cloutlab import activity, schema, store
from cloutlab.store import demo

NAMES = list(demo.PERSONAS)


def test_persona_names_are_the_contract():
    assert NAMES[:7] == ["novelist", "conversationalist", "broadcaster", "celebrity", "follower_buyer", "bot", "veteran_2011"]
    assert {"midsize_pro", "pop_star_2012"} <= set(NAMES)  # issue 13: the levels the stories quote (extension)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from([r for p in demo.PERSONAS.values() for r in p.accounts]))
def test_build_is_deterministic_and_canonical(recipe):
    a, b = demo.build_posts(recipe), demo.build_posts(recipe)
    assert a.equals(b)
    assert a.column_names == schema.column_names(schema.POSTS)
    kinds = set(a.column("kind").to_pylist())
    assert kinds <= set(schema.KINDS)
    created = a.column("created_at").to_numpy()
    assert created.min().astype("datetime64[D]") >= recipe.start and created.max().astype("datetime64[D]") <= recipe.end


def test_all_personas_build_and_store():  # how long it takes: bench/timings_bench.py
    con = store.connect()
    demo.load_all(con)
    # every recipe of every persona (10 in the first seven; issues 13 and 14 added personas)
    assert con.execute("SELECT count(DISTINCT account) FROM accounts").fetchone()[0] == sum(len(p.accounts) for p in demo.PERSONAS.values())


def _daily(name):
    con = store.connect()
    return activity.daily_activity(con, demo.load_persona(con, name))


def test_personas_have_their_character():
    nov = _daily("novelist")
    x = nov[nov["platform"] == "x"].set_index("day")
    spring, summer = x.loc["2026-03-01":"2026-05-31", "items"].mean(), x.loc["2026-06-08":"2026-08-24", "items"].mean()
    assert spring > 1.5 and summer < 0.4  # daily, then about once a week
    bot = _daily("bot")
    assert bot["items"].mean() > 150 and bot["mentioned_accounts"].mean() > 100
    assert bot["likes_received"].sum() / bot["original"].sum() < 0.5
    broad = _daily("broadcaster")
    assert broad["repost"].sum() > 0.6 * broad["items"].sum()
    conv = _daily("conversationalist")
    assert conv["replies_sent"].sum() > 0.6 * conv["items"].sum()
    vet = _daily("veteran_2011")
    assert str(vet["day"].min().date()) == "2011-03-01" and str(vet["day"].max().date()) == "2012-12-31"


def test_weekly_rhythm_and_heavy_tail():
    r = demo.PERSONAS["novelist"].accounts[0]
    t = demo.build_posts(r).to_pandas()
    weekday = t["created_at"].dt.day_of_week
    assert (weekday < 5).mean() > 5 / 7  # more on weekdays
    likes = t.loc[t["kind"] == "original", "likes"].astype(float)
    assert likes.max() > 8 * likes.median()  # a few posts take off
