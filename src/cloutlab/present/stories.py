"""The stories, one click each: the words of the people this project comes from, replayed on the personas.

Each story names a persona, what happens to it (a what-if scenario, a level, a pair of dates, the persona's
own once-a-week summer, or a network unlinked and relinked the next day), a two-sentence narrative in our
words, the quotes it replays (cloutlab.present.quotes: verbatim, with who said them) and the record's
sources (cloutlab.present.citations), and computes the figures it produces. What the record measured is
said in our words (`record`), beside the figures, never in quote marks. Pure library: the Stories page draws
them and tests/test_stories.py pins each one's direction and size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from cloutlab import activity, store, whatif
from cloutlab.present.quotes import QUOTES, Quote
from cloutlab.scores import inputs, opaque, population
from cloutlab.store import demo
from cloutlab.store.datasets import DatasetId
from cloutlab.whatif import outcome, steady

SUMMER = (dt.date(2026, 6, 1), dt.date(2026, 8, 31))  # the novelist's once-a-week summer (store/demo.py)
# The unlinked story: Facebook unlinked that day, relinked the next. A day whose baseline is steady (it moves
# 0.35 points from the day before to three days after), so the drop on screen is the unlink's own.
UNLINK_DAY = dt.date(2026, 8, 24)


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    narrative: str  # two sentences: what happens, and what it teaches
    quote_ids: tuple[str, ...]  # keys of present.quotes.QUOTES, shown verbatim
    sources: tuple[str, ...]  # ids in cloutlab.present.citations
    persona: str
    kind: str = "whatif"  # whatif | level | dates | summer | relink | week_off
    changes: dict = field(default_factory=dict)  # a what-if scenario (Scenario fields)
    dates: tuple[str, str] | None = None  # kind "dates": compare the score on two dates
    others: tuple[str, ...] = ()  # kind "level": more personas side by side
    record: str = ""  # what the record measured, in our words (a paraphrase, shown without quote marks)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(QUOTES[q] for q in self.quote_ids)

    @property
    def quote(self) -> str:
        return self.quotes[0].text

    @property
    def said_by(self) -> str:
        return self.quotes[0].said_by


STORIES: dict[str, Story] = {s.key: s for s in (
    Story("lead_weight", "Once a week, and the score drops like a lead weight",
          "Nell posts only once a week for the summer of 2026 to finish her novel, and the black box sinks within "
          "a week. Her book sales hold while she writes and are higher after the summer than before it.",
          ("cora_once_a_week", "cora_lead_weight"), ("klout_window",), "novelist", kind="summer"),
    Story("week_off", "A week at a convention, not tweeting at all",
          "Nell takes one week off on a date when her score is otherwise steady, and the black box loses a few "
          "points within days, amplification first. Her book sales barely move, and the baseline's own move over "
          "the same days is shown beside it.",
          ("adams_convention", "lettink_dived", "klout_short_break"), ("lettink_break", "klout_window"), "novelist",
          kind="week_off", changes={"break_weeks": 1}),
    Story("its_20", "It's 20",
          "Ann looks up her score once and finds 20. That is the middle of the population: about half of all "
          "accounts score lower.", ("anonymous_20",), ("average_20", "klout_primer"), "casual", kind="level"),
    Story("unlinked", "Check if something like Facebook became unlinked",
          "Nadia's Facebook is unlinked on 24 August and relinked the next day, while she posts exactly as before. "
          "The score drops on the day and comes back once Facebook counts again.",
          ("adams_unlinked",), ("larock_unlink",), "networker_fb", kind="relink",
          changes={"unlink": "facebook", "unlink_at": UNLINK_DAY, "relink_at": UNLINK_DAY + dt.timedelta(days=1)},
          record="Thomas LaRock reported that disconnecting Facebook cost him 2.69 points and reconnecting it the "
                 "next day gave back 2.81, a net gain of 0.12; Klout wrote that relinking re-scores an account "
                 "over the next 24 to 48 hours."),
    Story("rt_heavy", "RTing and being RTed",
          "Bea's feed is mostly reposts; posting twice as much lifts the black box. The hours come out of the blog "
          "she no longer has time to write, and its visits fall.",
          ("greta_rt",), ("klout_ratio",), "broadcaster", changes={"frequency": 2.0}),
    Story("royalty", "The number on the royalty checks",
          "Nell posts three times as much: the black box rises. The time comes out of her writing, and her book "
          "sales fall.", ("frazier_royalty", "callan_free_time"), ("goodhart",), "novelist",
          changes={"frequency": 3.0}),
    Story("bought", "Buying 10,000 followers",
          "Felix buys 10,000 followers two months before the end. The black box barely notices and nothing "
          "real changes: bought followers never react.",
          ("fox_little_weight",), ("ignite_bought",), "follower_buyer", changes={"bought_followers": 10_000}),
    Story("book_deal", "A book deal tied to follower count",
          "A publisher ties Nell's book deal to her follower count, so she buys 10,000. The follower count the "
          "contract reads jumps; her score and her book sales do not.",
          ("tinu_book_deal", "tinu_immaterial"), ("ignite_bought", "cha_fallacy"), "novelist",
          changes={"bought_followers": 10_000}),
    Story("mid_size_73", "73 with 41,793 followers",
          "Maya, a journalist with 41,793 followers whose posts draw dozens of replies and reposts, scores in the 70s "
          "like the colleague in the quote. That puts her above nearly every account and says nothing of whether "
          "she knows what she is talking about.",
          ("stewart_73",), ("klout_2011_update", "cooke_deck"), "midsize_pro", kind="level"),
    Story("popularity", "Popularity is not influence",
          "Felix has six times Carlos's followers, yet Carlos, who replies to everyone and draws replies "
          "back, scores higher. Followers say who could listen, not who acts.",
          ("cora_popularity",), ("cha_fallacy",), "follower_buyer", kind="level", others=("conversationalist",)),
    Story("perfect_100", "The perfect score that fell to 92",
          "Jay is the only perfect 100 until Klout's 14 August 2012 update, when his score drops to about 92 "
          "overnight. He did nothing different: the scale was re-graded, and most other scores went up.",
          ("klout_bieber_92",), ("bieber_92", "klout_2012_update"), "pop_star_2012", kind="dates",
          dates=("2012-08-13", "2012-08-14")),
)}


def _load(con, name: str):
    keys = demo.load_persona(con, name)
    base = inputs.from_store(con, keys, seed=DatasetId.demo(name).seed)
    return base, keys


def _followers(inp: inputs.ScoreInput) -> float:
    return float(inp.followers_by_day()[-1])


def _score(inp: inputs.ScoreInput) -> pd.Series:
    return opaque.score_series(inp)["score"]


def _result(story: Story, rows: list[dict], before: float, after: float, day, **more) -> dict:
    day = pd.Timestamp(day).date()
    return {"story": story, "rows": rows, "before": before, "after": after, "day": day,
            "percentile_after": population.percentile(after, day), **more}


def _play_dates(story: Story, base) -> dict:
    s = _score(base)
    a, b = (pd.Timestamp(d) for d in story.dates)
    rows = [{"figure": f"Opaque score ({a.date()} -> {b.date()})", "before": float(s.loc[a]),
             "after": float(s.loc[b]), "unit": "points"},
            {"figure": "Reference population's median", "before": population.stats(a.date())["median"],
             "after": population.stats(b.date())["median"], "unit": "points"}]
    return _result(story, rows, float(s.loc[a]), float(s.loc[b]), b)


def _play_level(story: Story, con, base) -> dict:
    rows = []
    for name in (story.persona, *story.others):
        inp = base if name == story.persona else _load(con, name)[0]
        s = float(_score(inp).iloc[-1])
        label = demo.PERSONAS[name].title
        day = inp.days[-1].date()
        rows += [{"figure": f"{label}: followers", "before": None, "after": _followers(inp), "unit": "followers"},
                 {"figure": f"{label}: opaque score", "before": None, "after": s, "unit": "points"},
                 {"figure": f"{label}: better than", "before": None, "after": population.percentile(s, day),
                  "unit": "% of accounts"}]
    day = base.days[-1].date()
    rows.append({"figure": "Reference population's median that day", "before": None,
                 "after": population.stats(day)["median"], "unit": "points"})
    s = float(_score(base).iloc[-1])
    return _result(story, rows, s, s, day)


def _play_summer(story: Story, base, rate: float, unit: str) -> dict:
    """The persona's own once-a-week summer: the score a week in, the sales before, during and after."""
    s = _score(base)
    first, last = (pd.Timestamp(d) for d in SUMMER)
    eve, week_in = first - pd.Timedelta(days=1), first + pd.Timedelta(days=6)
    week = outcome.weekly(base, rate)
    before = float(week[first - pd.Timedelta(weeks=8):first - pd.Timedelta(days=1)].mean())
    during = float(week[first:last - pd.Timedelta(days=6)].mean())
    after = float(week[last + pd.Timedelta(days=1):base.days[-1] - pd.Timedelta(days=6)].mean())
    rows = [{"figure": f"Opaque score ({eve.date()} -> {week_in.date()}, a week of posting once a week)",
             "before": float(s.loc[eve]), "after": float(s.loc[week_in]), "unit": "points"},
            {"figure": f"Outcome: {unit}, the 8 weeks before -> the summer", "before": round(before, 2),
             "after": round(during, 2), "unit": unit},
            {"figure": f"Outcome: {unit}, the 8 weeks before -> after the summer", "before": round(before, 2),
             "after": round(after, 2), "unit": unit}]
    return _result(story, rows, float(s.loc[eve]), float(s.loc[week_in]), week_in,
                   largest_change=float(s.loc[week_in] - s.loc[eve]), outcome=(before, during),
                   outcome_after=after, query={"persona": story.persona})


def _play_relink(story: Story, base, what) -> dict:
    """Unlinked one day, relinked the next: the score day by day, the baseline beside it."""
    s0, s1 = _score(base), _score(what)
    day = pd.Timestamp(story.changes["unlink_at"])
    rows = []
    for offset, label in ((-1, "the day before"), (0, "unlinked that day"), (1, "relinked that day"),
                          (2, "a day after relinking"), (3, "two days after relinking")):
        d = day + pd.Timedelta(days=offset)
        rows.append({"figure": f"Opaque score on {d.date()} ({label})", "before": float(s0.loc[d]),
                     "after": float(s1.loc[d]), "unit": "points (baseline -> what-if)"})
    eve = day - pd.Timedelta(days=1)
    return _result(story, rows, float(s1.loc[eve]), float(s1.loc[day]), day,
                   drop=float(s1.loc[day] - s0.loc[day]),
                   back=[float(s1.loc[day + pd.Timedelta(days=k)] - s0.loc[day + pd.Timedelta(days=k)]) for k in (1, 2, 3)],
                   query={"persona": story.persona, **whatif.to_query(whatif.Scenario(**story.changes))})


def _play_whatif(story: Story, base, prep, rate: float, unit: str, changes: dict) -> dict:
    what = whatif.simulate(prep, base.followers, whatif.Scenario(**changes), base.seed)
    s0, s1 = _score(base), _score(what)
    day = base.days[-1]
    moves = (s1 - s0).iloc[-30:]
    move = float(moves.loc[moves.abs().idxmax()])  # the largest change over the last month, either way
    o = (outcome.recent(base, rate), outcome.recent(what, rate))
    rows = [
        {"figure": "Opaque score on the last day", "before": float(s0.iloc[-1]), "after": float(s1.iloc[-1]),
         "unit": "points"},
        {"figure": "Largest change of the opaque score in the last 30 days", "before": 0.0, "after": round(move, 2),
         "unit": "points"},
        {"figure": "Followers", "before": _followers(base), "after": _followers(what), "unit": "followers"},
        {"figure": f"Outcome: {unit} (last {outcome.WINDOW_PROSE})", "before": round(o[0], 2), "after": round(o[1], 2),
         "unit": unit},
    ]
    return _result(story, rows, float(s0.iloc[-1]), float(s1.iloc[-1]), day, largest_change=move, outcome=o,
                   query={"persona": story.persona, **whatif.to_query(whatif.Scenario(**changes))})


def _play_week_off(story: Story, base, prep, rate: float, unit: str) -> dict:
    """One week off from a start date whose baseline is steady; the baseline's own move shown beside."""
    s0 = _score(base)
    start = steady.steady_start(base, 1, series=s0)  # a week that has posts, on a steady baseline
    changes = {**story.changes, "break_start": start}
    what = whatif.simulate(prep, base.followers, whatif.Scenario(**changes), base.seed)
    s1 = _score(what)
    first, last = pd.Timestamp(start), pd.Timestamp(start) + pd.Timedelta(days=6)
    span = slice(first, last)
    drop = float((s1 - s0).loc[span].min())
    end = last.date()
    o = (outcome.recent(base, rate, at=end), outcome.recent(what, rate, at=end))
    rows = [{"figure": f"Opaque score on {end} (the last day off)", "before": float(s0.loc[last]),
             "after": float(s1.loc[last]), "unit": "points"},
            {"figure": f"Largest drop below the baseline, {start} to {end}", "before": 0.0, "after": round(drop, 2),
             "unit": "points"},
            {"figure": f"The baseline's own move over the same days ({first.date() - dt.timedelta(days=1)} -> {end})",
             "before": float(s0.loc[first - pd.Timedelta(days=1)]), "after": float(s0.loc[last]), "unit": "points"},
            {"figure": f"Outcome: {unit} (the {outcome.WINDOW_PROSE} to {end})", "before": round(o[0], 2),
             "after": round(o[1], 2), "unit": unit}]
    return _result(story, rows, float(s0.loc[last]), float(s1.loc[last]), last, largest_change=drop, outcome=o,
                   baseline_move=float(s0.loc[last] - s0.loc[first - pd.Timedelta(days=1)]),
                   query={"persona": story.persona, **whatif.to_query(whatif.Scenario(**changes))})


def play(key: str) -> dict:
    """Replay story `key`: {"story", "rows": [{"figure", "before", "after", "unit"}], "before", "after",
    "day", "percentile_after", ...}; before/after are the persona's opaque score (a row's before is None for a
    level)."""
    story = STORIES[key]
    con = store.connect()
    base, keys = _load(con, story.persona)
    persona = demo.PERSONAS[story.persona]
    if story.kind == "dates":
        return _play_dates(story, base)
    if story.kind == "level":
        return _play_level(story, con, base)
    if story.kind == "summer":
        return _play_summer(story, base, persona.outcome_rate, persona.outcome)
    prep = whatif.prepare(activity.posts_table(con, keys))
    if story.kind == "relink":
        what = whatif.simulate(prep, base.followers, whatif.Scenario(**story.changes), base.seed)
        return _play_relink(story, base, what)
    if story.kind == "week_off":
        return _play_week_off(story, base, prep, persona.outcome_rate, persona.outcome)
    return _play_whatif(story, base, prep, persona.outcome_rate, persona.outcome, story.changes)
