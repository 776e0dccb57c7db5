"""Event labels never overlap (issue 15): checked on the rendered figure's label boxes, estimated from the
annotations' positions and font size, for the biggest real-format export we generate (an X archive of
three years of bursty posting: dozens of quiet spells), on a phone-width and a projector-width plot."""

from __future__ import annotations

import random
import time

import pytest

from make_fixtures import write_zip, x_archive_files, x_tweet, ytd

from cloutlab.present import chart_labels, charts, events
from cloutlab import store
from cloutlab.importers import import_path
from cloutlab.scores import inputs


def bursty_archive(folder, years: int = 3, seed: int = 7):
    """An X archive (2019+ layout, same files as the small fixture) whose owner posts in bursts of a few
    days separated by gaps of 1 to 6 weeks."""
    rng = random.Random(seed)
    t, n, tweets = 1_420_000_000, 0, []  # from January 2015
    end = t + years * 365 * 86400
    while t < end:
        for _ in range(rng.randint(2, 10)):  # a burst: a few days, a few posts a day
            for _ in range(rng.randint(1, 4)):
                n += 1
                when = time.strftime("%a %b %d %H:%M:%S +0000 %Y", time.gmtime(t + rng.randint(0, 80_000)))
                tweets.append({"tweet": x_tweet(n, f"post number {n} about books", when, likes=str(rng.randint(0, 30)),
                                                rts=str(rng.randint(0, 5)))})
            t += 86400
        t += rng.randint(7, 45) * 86400  # then quiet
    files = x_archive_files()
    files.pop("data/manifest.js")
    files.pop("data/tweets-part1.js")
    files["data/tweets.js"] = ytd("tweets", tweets)
    return write_zip(folder / "twitter-bursty.zip", files)


@pytest.fixture(scope="module")
def bursty_input(tmp_path_factory):
    con = store.connect()
    summary = import_path(con, bursty_archive(tmp_path_factory.mktemp("bursty")))
    return inputs.from_store(con, [(summary["platform"], summary["account"])], seed="bursty")


def _figure(inp, big=False):
    from cloutlab.scores import opaque

    return charts.score_lines({"score": opaque.score_series(inp)["score"]}, "Opaque score", "Score (1-100)",
                              events.events(inp), [0, 100], big=big)


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("width", [chart_labels.MIN_PLOT_PX, 600, 1200])
def test_no_two_labels_overlap_on_the_biggest_real_fixture(bursty_input, width, big):
    marks = events.events(bursty_input)
    assert sum(e.kind == "quiet" for e in marks) >= 20, "the fixture should have dozens of quiet spells"
    fig = _figure(bursty_input, big)
    boxes = chart_labels.figure_boxes(fig, width)
    assert boxes, "some labels are shown"
    for i, a in enumerate(boxes):
        assert a[0] >= -1 and a[2] <= width + 1 or width > chart_labels.MIN_PLOT_PX, ("label off the plot", a)
        for b in boxes[i + 1:]:
            assert not chart_labels.overlaps(a, b), (a, b)


def test_every_event_is_in_the_hover(bursty_input):
    """Labels thinned out for room are not lost: every event's words are in the hover trace."""
    marks = events.events(bursty_input)
    fig = _figure(bursty_input)
    hover = [t for t in fig.data if t.name == "events"]
    assert len(hover) == 1 and len(hover[0].hovertext) == len(marks)
    assert len(fig.layout.annotations) < len(marks)  # thinned


def test_demo_labels_do_not_crowd(demo_personas):
    from cloutlab.store.datasets import demo_datasets

    for ds in demo_datasets():
        inp = demo_personas.input(ds.persona)  # from_store(con, ds.accounts, seed=ds.id), the session's
        boxes = chart_labels.figure_boxes(_figure(inp))
        for i, a in enumerate(boxes):
            assert all(not chart_labels.overlaps(a, b) for b in boxes[i + 1:]), ds.id
