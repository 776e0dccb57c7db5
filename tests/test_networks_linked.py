"""Issue 14: a persona with Facebook linked, unlink and relink (larock_unlink in cloutlab.present.citations: "Disconnecting
Facebook: -2.69; reconnecting Facebook the next day: +2.81"), and an X archive plus a Facebook export of the
same person scored as one person with two linked networks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from cloutlab import activity, store, whatif
from cloutlab.store import demo
from cloutlab.present import citations as sources
from cloutlab.errors import CloutlabError
from cloutlab.importers import import_path
from cloutlab.scores import assumptions, inputs, opaque
from helpers import metric
from make_fixtures import write_zip

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PERSONA = "networker_fb"
UNLINK = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def persona():
    con = store.connect()
    keys = demo.load_persona(con, PERSONA)
    base = inputs.from_store(con, keys, seed=f"demo:{PERSONA}")
    prep = whatif.prepare(activity.posts_table(con, keys))
    return con, keys, base, prep, opaque.score_series(base)["score"]


def _score(persona, scenario):
    _, _, base, prep, _ = persona
    return opaque.score_series(whatif.simulate(prep, base.followers, scenario, base.seed))["score"]


def test_the_persona_links_facebook_with_the_counts_klout_read(persona):
    con, keys, base, _, _ = persona
    assert ("facebook", "nadia.haddad") in keys and PERSONA in demo.PERSONAS
    # Klout read these through Facebook's API; a Facebook export has none (see importers/facebook.py)
    assert con.execute("SELECT count(likes) > 0 AND count(replies) > 0 FROM posts WHERE platform = 'facebook'").fetchone()[0]
    assert con.execute("SELECT sum(followers) FROM accounts WHERE platform = 'facebook'").fetchone()[0] == 1000
    assert assumptions.assumptions(base) == []  # every linked network of the persona has its counts
    assert any(s.id == "larock_unlink" for s in sources.SOURCES)


def test_unlinking_facebook_drops_a_few_points_within_days(persona):
    base = persona[4]
    after = _score(persona, whatif.Scenario(unlink="facebook", unlink_at=UNLINK))
    drop = (after - base).loc[str(UNLINK):str(UNLINK + dt.timedelta(days=3))]
    assert ((drop < -1.0) & (drop > -8.0)).all(), drop  # the record: -2.69
    assert (after - base).loc[: str(UNLINK - dt.timedelta(days=1))].abs().max() == 0


def test_relinking_the_next_day_brings_the_score_back(persona):
    base = persona[4]
    unlinked = _score(persona, whatif.Scenario(unlink="facebook", unlink_at=UNLINK))
    relinked = _score(persona, whatif.Scenario(unlink="facebook", unlink_at=UNLINK, relink_at=UNLINK + dt.timedelta(days=1)))
    assert relinked.loc[str(UNLINK)] == unlinked.loc[str(UNLINK)] < base.loc[str(UNLINK)]  # the day it was off
    # Relinked on UNLINK + 1; Klout's email: re-scored "over the next 24-48 hours" (issue 21), so the history
    # comes back over two days and is all back 48 hours after the relink.
    done = UNLINK + dt.timedelta(days=3)
    back = relinked.loc[str(done):] - base.loc[str(done):]
    assert back.abs().max() < 1e-9  # the whole history is read again: the record's +2.81
    ramp = (relinked - base).loc[str(UNLINK):str(done)]
    assert (ramp.diff().iloc[1:] > 0).all() and (ramp.iloc[:3] < 0).all()  # part of the way, then more
    assert relinked.loc[str(done)] - relinked.loc[str(UNLINK)] > 1.0


_CACHE: dict = {}


def _cached() -> dict:
    """The persona's baseline, built once for the property test's examples."""
    if not _CACHE:
        con = store.connect()
        keys = demo.load_persona(con, PERSONA)
        base = inputs.from_store(con, keys, seed=f"demo:{PERSONA}")
        _CACHE.update(base=base, prep=whatif.prepare(activity.posts_table(con, keys)),
                      score=opaque.score_series(base)["score"])
    return _CACHE


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 60), st.integers(1, 20))
def test_relinked_network_scores_as_if_never_unlinked(unlink_ago, gap):
    c = _cached()
    unlink = demo.END - dt.timedelta(days=unlink_ago + gap)
    relink = unlink + dt.timedelta(days=gap)
    s = whatif.Scenario(unlink="facebook", unlink_at=unlink, relink_at=relink)
    got = opaque.score_series(whatif.simulate(c["prep"], c["base"].followers, s, c["base"].seed))["score"]
    back = relink + dt.timedelta(days=2)  # re-scored over 24-48 hours (issue 21)
    assert ((got - c["score"]).loc[str(back):].abs() < 1e-9).all()  # (nothing to check when relinked at the end)
    assert (got - c["score"]).loc[str(unlink):str(back - dt.timedelta(days=1))].max() < 0


def test_relink_at_is_a_whatif_key_and_a_link_parameter():
    s = whatif.parse_set(["unlink=facebook", "unlink_at=2026-10-01", "relink_at=2026-10-02"])
    assert s.relink_at == dt.date(2026, 10, 2)
    assert whatif.to_query(s)["relink_at"] == "2026-10-02" and whatif.from_query(whatif.to_query(s)) == s
    with pytest.raises(CloutlabError, match="relink_at 2026-10-01 must be after unlink_at 2026-10-01"):
        whatif.resolve(s.replace(relink_at=dt.date(2026, 10, 1)), dt.date(2025, 1, 1), dt.date(2026, 10, 31))
    with pytest.raises(CloutlabError, match="relink_at 2027-01-01 is outside the data"):
        whatif.resolve(s.replace(relink_at=dt.date(2027, 1, 1)), dt.date(2025, 1, 1), dt.date(2026, 10, 31))


def test_whatif_cli_unlink_and_relink():
    from helpers import run_cli as run

    out = {}
    for extra in ([], ["--set", "relink_at=2026-10-02"]):
        r = run("whatif", "--demo", PERSONA, "--set", "unlink=facebook", *extra, "--at", "2026-10-04", "--json")
        assert r.returncode == 0, r.stderr
        out[bool(extra)] = json.loads(r.stdout)
    assert out[False]["scenario"]["unlink_at"] == "2026-10-01" and out[False]["delta"]["opaque"] < -1
    assert out[True]["scenario"]["relink_at"] == "2026-10-02" and out[True]["delta"]["opaque"] == 0


def test_presets_on_the_whatif_lab():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state["dataset"] = f"demo:{PERSONA}"
    at.switch_page("pages/whatif.py").run()
    base = float(metric(at, "Opaque score on").value)
    at.selectbox(key="wi_preset").set_value("Unlink Facebook").run()
    assert not at.exception and at.query_params["unlink"] == "facebook"
    assert float(metric(at, "Opaque score on").value) < base  # unlinked a month before the end: still below on the last day
    at.selectbox(key="wi_preset").set_value("Unlink Facebook, relink it the next day").run()
    assert not at.exception
    assert at.query_params["unlink_at"] == "2026-10-01" and at.query_params["relink_at"] == "2026-10-02"
    assert float(metric(at, "Opaque score on").value) == base  # relinked: back on the last day


# ------------------------------------------------------------------ X archive + Facebook export, one person
def _facebook_2021(folder: Path) -> Path:
    """A Facebook export of the X fixture's owner over the same weeks (January to March 2021)."""
    t0 = int(dt.datetime(2021, 1, 4, 12, tzinfo=dt.timezone.utc).timestamp())
    posts = [{"timestamp": t0 + i * 86400 * 3, "title": "Ada updated her status.", "data": [{"post": f"day {i}"}]}
             for i in range(20)]
    files = {"posts/your_posts_1.json": json.dumps(posts).encode(),
             "friends_and_followers/friends.json": json.dumps({"friends_v2": [{"name": f"F{i}", "timestamp": t0} for i in range(40)]}).encode()}
    return write_zip(folder / "facebook-ada.lovelace-2021-03-05-AbCdEfGh.zip", files)


def test_x_and_facebook_exports_score_as_one_person(export_fixtures, tmp_path):
    con = store.connect()
    x = import_path(con, export_fixtures["x_zip"])
    fb = import_path(con, _facebook_2021(tmp_path))
    assert (x["platform"], fb["platform"], fb["account"], fb["followers"]) == ("x", "facebook", "ada.lovelace", 40)
    keys = [("facebook", fb["account"]), ("x", x["account"])]
    both = inputs.from_store(con, keys)
    assert both.platforms == ["facebook", "x"]
    feats = opaque.features(both)
    assert feats.loc["2021-02-07", "networks"] == 1  # two linked networks active in the window
    alone = opaque.score_series(inputs.from_store(con, [("x", x["account"])]))["score"]
    together = opaque.score_series(both)["score"]
    assert together.loc["2021-02-07"] > alone.loc["2021-02-07"]
    # The Facebook export has no reactions received: the score says what it assumed, the metrics say why.
    said = assumptions.assumptions(both)
    assert len(said) == 1 and said[0].startswith("Facebook: the export carries no reactions received")
    unlinked = opaque.score_series(whatif.simulate(whatif.prepare(activity.posts_table(con, keys)), both.followers,
                                                   whatif.Scenario(unlink="facebook", unlink_at=dt.date(2021, 2, 1)),
                                                   both.seed))["score"]
    assert unlinked.loc["2021-02-07"] < together.loc["2021-02-07"]


def test_the_chart_marks_unlink_and_relink(persona):
    from cloutlab.present import events

    _, _, base, prep, _ = persona
    s = whatif.Scenario(unlink="facebook", unlink_at=UNLINK, relink_at=UNLINK + dt.timedelta(days=1))
    labels = [e.label for e in events.events(whatif.simulate(prep, base.followers, s, base.seed))]
    assert "facebook unlinked" in labels and "facebook relinked" in labels


def test_the_import_page_lists_the_new_formats():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/import.py").run()
    text = " ".join(m.value for m in at.markdown)
    for name in ("Facebook", "LinkedIn", "Instagram", "Google+", "request JSON", "not in this export"):
        assert name in text, name


def test_the_scores_page_states_the_assumption():
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state["dataset"] = "demo:celebrity"  # X and Bluesky; Bluesky's repository has no counts
    at.switch_page("pages/scores.py").run()
    assert not at.exception
    assert any(i.value.startswith("Bluesky") and "the export carries no reactions received" in i.value for i in at.info)
