"""The figures of issue 13's "Why" list, measured with the library (run before and after a model change).

    .venv/bin/python bench/story_figures.py
"""


import numpy as np

from cloutlab import activity, store, whatif
from cloutlab.store import demo
from cloutlab.store.datasets import DatasetId
from cloutlab.whatif import outcome
from cloutlab.scores import population
from cloutlab.scores import inputs, opaque, style

con = store.connect()
demo.load_all(con)


def persona(name):
    p = demo.PERSONAS[name]
    inp = inputs.from_store(con, p.keys, seed=DatasetId.demo(name).seed)
    return p, inp, whatif.prepare(activity.posts_table(con, p.keys))


def last(inp):
    return float(opaque.score_series(inp)["score"].iloc[-1])


p, nov, prep = persona("novelist")
for label, changes in (("baseline", {}), ("10x posting", {"frequency": 10.0}), ("13 weeks off", {"break_weeks": 13})):
    w = whatif.simulate(prep, nov.followers, whatif.Scenario(**changes), nov.seed)
    print(f"novelist outcome {label}: {outcome.recent(w, p.outcome_rate):.1f} {p.outcome}; opaque {last(w):.2f}")

pop = population.simulate(10_000, seed=7)
for day in ("2011-06-01", "2011-10-25", "2011-10-26", "2012-03-01", "2012-08-13", "2012-08-14", "2026-01-15"):
    s = population.scores(pop, day)
    print(f"population {day}: median {np.median(s):.1f}, p95 {np.percentile(s, 95):.1f}, 50+ {np.mean(s >= 50):.1%}")
a, b = population.scores(pop, "2011-10-25"), population.scores(pop, "2011-10-26")
d = b - a
print(f"2011-10-26: share falling {np.mean(d < 0):.0%}, within 2 or up {np.mean(d >= -2):.0%}, "
      f"falling 10-20 {np.mean((d <= -10) & (d >= -20)):.1%}, median change {np.median(d):+.1f}")
print(f"after 2012-08-14 max population score {population.scores(pop, '2012-08-20').max():.1f}")

for name, changes in (("novelist", "repost_share"), ("novelist", "reply_share")):
    p, inp, prep = persona(name)
    base = last(inp)
    vals = []
    for v in (0.1, 0.3, 0.5, 0.7, 0.9):
        w = whatif.simulate(prep, inp.followers, whatif.Scenario(**{changes: v}), inp.seed)
        vals.append(f"{v:.0%}: {last(w) - base:+.2f}")
    print(f"{name} {changes} effect at end: " + ", ".join(vals))

for name in ("bot", "conversationalist", "celebrity", "veteran_2011", "novelist"):
    p, inp, prep = persona(name)
    s = opaque.score_series(inp)
    print(f"{name}: score {s['score'].iloc[-1]:.1f}, network {s['network'].iloc[-1]:.1f}, "
          f"style {style.style_series(inp.daily, s).iloc[-1]}")
p, cel, prep = persona("celebrity")
w = whatif.simulate(prep, cel.followers, whatif.Scenario(break_weeks=13), cel.seed)
print(f"celebrity after 13 weeks off: {last(w):.1f}")
jit = opaque.jitter(DatasetId.demo("novelist").seed, cel.days)
print(f"max |day jitter| {np.abs(jit).max():.2f}; days with |jitter| >= 2: {np.mean(np.abs(jit) >= 2):.1%}")
s = opaque.score_series(persona("veteran_2011")[1])
print(f"veteran_2011 on 2012-03-01: {s.loc['2012-03-01','score']:.1f}")
print("personas:", ", ".join(demo.PERSONAS))
