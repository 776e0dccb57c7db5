"""The stories, one click each: the claims of the people this project comes from, replayed on the personas.

Each story names a persona, a what-if scenario (or a pair of dates, for an algorithm update), a two-sentence
narrative, the quote it replays with its source (docs/klout-record.md, via cloutlab.present.citations), and computes the
figures it produces. Pure library: the Stories page draws them and tests/test_stories.py pins each one's
direction and size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from cloutlab import activity, store, whatif
from cloutlab.store import demo
from cloutlab.whatif import outcome
from cloutlab.scores import population
from cloutlab.scores import inputs, opaque


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    narrative: str  # two sentences: what happens, and what it teaches
    quote: str
    said_by: str  # who said it, as the record has it
    sources: tuple[str, ...]  # ids in cloutlab.present.citations
    persona: str
    changes: dict = field(default_factory=dict)  # a what-if scenario (Scenario fields)
    dates: tuple[str, str] | None = None  # instead of a scenario: compare the score on two dates
    others: tuple[str, ...] = ()  # more personas to show side by side


STORIES: dict[str, Story] = {s.key: s for s in (
    Story("lead_weight", "A week off, and the score drops like a lead weight",
          "Nell takes one week off and the black box loses several points within days, amplification first. "
          "Her book sales barely move: the readers she built are still there.",
          "As soon as I stopped tweeting, even though it was for only 2 days, my Klout score dived.",
          "Anita Lettink", ("lettink_break", "klout_window"), "novelist", {"break_weeks": 1}),
    Story("unlinked", "Check if something like Facebook became unlinked",
          "Nadia's Facebook is unlinked a month before the end: the score falls a few points although she "
          "posts exactly as before. Klout said fluctuations are normal when networks are added or removed.",
          "Disconnecting Facebook: -2.69. Reconnecting Facebook the next day: +2.81.",
          "Thomas LaRock", ("larock_unlink",), "networker_fb", {"unlink": "facebook"}),
    Story("rt_heavy", "Retweet all day and the score rises",
          "Bea's feed is mostly reposts of other people's links; posting three times as much lifts the black "
          "box. Reactions per post of her own fall, and her blog visits do not rise.",
          "An automated feed went from a Klout score of 1 to 35 in 30 days, with no human interaction.",
          "Jeff Turner", ("turner_feed", "borg_bot"), "broadcaster", {"frequency": 3.0}),
    Story("bought", "Buying 10,000 followers",
          "Felix buys 10,000 followers two months before the end. The black box barely notices and nothing "
          "real changes: bought followers never react.",
          "Klout gives very little weight to how many Twitter followers you have.",
          "Klout PR, to Ignite Social Media", ("ignite_bought",), "follower_buyer", {"bought_followers": 10_000}),
    Story("book_deal", "A book deal tied to follower count",
          "A publisher asks Nell for five times her followers before it signs her, so she buys 10,000. The "
          "follower count the contract reads jumps; her score and her book sales do not.",
          "Follower count is not a useful metric of influence. It is a tiny component.",
          "Klout marketing", ("ignite_bought", "cha_fallacy"), "novelist", {"bought_followers": 10_000}),
    Story("mid_size_73", "73 with 41,793 followers",
          "Maya, a journalist with 45,000 followers whose posts draw dozens of replies and reposts, scores in "
          "the 70s. That puts her above nearly every account in the reference population.",
          "My score went from 73 down to 53. 20 point drop.",
          "Timothy Whalin, after the 26 October 2011 update", ("klout_2011_update", "cooke_deck"), "midsize_pro"),
    Story("popularity", "Popularity is not influence",
          "Felix has six times Carlos's followers, yet Carlos, who replies to everyone and draws replies "
          "back, scores higher. Followers say who could listen, not who acts.",
          "Popular users who have high indegree are not necessarily influential in terms of spawning retweets "
          "or mentions.", "Cha, Haddadi, Benevenuto and Gummadi (ICWSM 2010)", ("cha_fallacy",),
          "follower_buyer", others=("conversationalist",)),
    Story("perfect_100", "The perfect score that fell to 92",
          "Jay is the only perfect 100 until Klout's 14 August 2012 update, when his score drops to about 92 "
          "overnight. He did nothing different: the scale was re-graded, and most other scores went up.",
          "Previously, Justin had the distinction of being the only person with a perfect 100 Klout Score. "
          "With this update, his Score drops from 100 to 92.", "Klout, quoted by my-15minutes",
          ("bieber_92", "klout_2012_update"), "pop_star_2012", dates=("2012-08-13", "2012-08-14")),
)}


def _load(con, name: str):
    keys = demo.load_persona(con, name)
    base = inputs.from_store(con, keys, seed=f"demo:{name}")
    return base, keys


def _followers(inp: inputs.ScoreInput) -> float:
    return float(inp.followers_by_day()[-1])


def play(key: str) -> dict:
    """Replay story `key`: {"story", "rows": [{"figure", "before", "after", "unit"}], "before", "after",
    "day", "percentile_after"}; before/after are the persona's opaque score (a row's before is None for a level)."""
    story = STORIES[key]
    con = store.connect()
    base, keys = _load(con, story.persona)
    rate = demo.PERSONAS[story.persona].outcome_rate
    unit = demo.PERSONAS[story.persona].outcome
    if story.dates:
        s = opaque.score_series(base)["score"]
        a, b = (pd.Timestamp(d) for d in story.dates)
        rows = [{"figure": f"Opaque score ({a.date()} -> {b.date()})", "before": float(s.loc[a]),
                 "after": float(s.loc[b]), "unit": "points"},
                {"figure": "Reference population's median", "before": population.stats(a.date())["median"],
                 "after": population.stats(b.date())["median"], "unit": "points"}]
        return {"story": story, "rows": rows, "before": float(s.loc[a]), "after": float(s.loc[b]), "day": b.date(),
                "percentile_after": population.percentile(float(s.loc[b]), b.date())}
    if not story.changes:  # a level, possibly beside other personas
        rows = []
        for name in (story.persona, *story.others):
            inp = base if name == story.persona else _load(con, name)[0]
            s = float(opaque.score_series(inp)["score"].iloc[-1])
            label = demo.PERSONAS[name].title
            rows += [{"figure": f"{label}: followers", "before": None, "after": _followers(inp), "unit": "followers"},
                     {"figure": f"{label}: opaque score", "before": None, "after": s, "unit": "points"},
                     {"figure": f"{label}: better than", "before": None,
                      "after": population.percentile(s, inp.days[-1].date()), "unit": "% of accounts"}]
        s = float(opaque.score_series(base)["score"].iloc[-1])
        return {"story": story, "rows": rows, "before": s, "after": s, "day": base.days[-1].date(),
                "percentile_after": population.percentile(s, base.days[-1].date())}
    prep = whatif.prepare(activity.posts_table(con, keys))
    what = whatif.simulate(prep, base.followers, whatif.Scenario(**story.changes), base.seed)
    s0, s1 = (opaque.score_series(x)["score"] for x in (base, what))
    day = base.days[-1]
    moves = (s1 - s0).iloc[-30:]
    move = float(moves.loc[moves.abs().idxmax()])  # the largest change over the last month, either way
    rows = [
        {"figure": "Opaque score on the last day", "before": float(s0.iloc[-1]), "after": float(s1.iloc[-1]),
         "unit": "points"},
        {"figure": "Largest change of the opaque score in the last 30 days", "before": 0.0, "after": round(move, 2),
         "unit": "points"},
        {"figure": "Followers", "before": _followers(base), "after": _followers(what), "unit": "followers"},
        {"figure": f"Outcome: {unit}", "before": round(outcome.recent(base, rate), 2),
         "after": round(outcome.recent(what, rate), 2), "unit": unit},
    ]
    return {"story": story, "rows": rows, "before": float(s0.iloc[-1]), "after": float(s1.iloc[-1]),
            "day": day.date(), "largest_change": move,
            "outcome": (outcome.recent(base, rate), outcome.recent(what, rate)), "percentile_after": population.percentile(float(s1.iloc[-1]), day.date()),
            "query": {"persona": story.persona, **whatif.to_query(whatif.Scenario(**story.changes))}}

