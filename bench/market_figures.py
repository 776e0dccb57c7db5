"""The share price lens in figures (issues 17 and 21): every persona's price path (start, first-week peak, sag,
end) and spam share, what each what-if lever did to the price, engagement rings of every size on every
persona, and each market-round game. Not a speed test: a record of the model's behaviour for the closing
note. Run: .venv/bin/python bench/market_figures.py"""

from cloutlab import activity, store, whatif
from cloutlab.store import demo
from cloutlab.store.datasets import DatasetId
from cloutlab.market import model, networks
from cloutlab.market import round as mr
from cloutlab.scores import inputs

LEVERS = {"break 1 week": {"break_weeks": 1}, "break 4 weeks": {"break_weeks": 4},
          "10,000 bought followers": {"bought_followers": 10_000}, "ring of 30": {"ring_size": 30, "ring_reactions": 30},
          "post 2x": {"frequency": 2.0}, "unlink x": {"unlink": "x"}}
RINGS = (1, 10, 30, 100, 1000, 10_000)  # ring_size = ring_reactions: every ring account likes every post


def _what_if(con, inp, name, **kw):
    prep = whatif.prepare(activity.posts_table(con, demo.PERSONAS[name].keys))
    sc = whatif.resolve(whatif.Scenario(**kw), inp.days[0].date(), inp.days[-1].date())
    return model.price_path(whatif.simulate(prep, inp.followers, sc, inp.seed))["price"].iloc[-1]


def main() -> None:
    con = store.connect()
    demo.load_all(con)
    inps = {n: inputs.from_store(con, p.keys, seed=DatasetId.demo(n).seed) for n, p in demo.PERSONAS.items()}
    print("persona: start -> day-1 buys -> first re-price -> early peak -> sag low (days 4-20) -> day 21 -> day 60"
          " | all-time peak | end (eaves), dividend, yield; spam share")
    for n, inp in inps.items():
        path = model.price_path(inp)
        s, first = model.path_figures(path), path.iloc[0]
        early = path["price"].iloc[:4].max()
        sag = path["price"].iloc[4:21].min()
        last = path.iloc[-1]
        spam = max(float(f["spam"].iloc[-1]) for f in networks.network_scores(inp).values())
        print(f"  {n}: {s['start']:.0f} -> {first['after_trades']:.1f} -> {first['price']:.1f} -> {early:.1f} -> {sag:.1f}"
              f" -> {path['price'].iloc[21]:.1f} -> {path['price'].iloc[60]:.1f}"
              f" | {s['peak']:.1f} on {s['peak_on']} | {s['end']:.2f}, {last['dividend']:.3f}/share, {100 * last['yield']:.2f}%/day;"
              f" spam {spam:.2f}")
    print("what-if levers, price on the last day (baseline -> what-if):")
    for n in ("novelist", "conversationalist", "bot"):
        inp = inps[n]
        base = model.price_path(inp)["price"].iloc[-1]
        moved = [f"{label} {_what_if(con, inp, n, **kw) - base:+.2f}" for label, kw in LEVERS.items()]
        print(f"  {n} ({base:.2f}): " + "; ".join(moved))
    print("engagement rings (ring_size = ring_reactions = N), change of the last day's price:")
    for n, inp in inps.items():
        base = model.price_path(inp)["price"].iloc[-1]
        gains = [f"{r:,} {_what_if(con, inp, n, ring_size=r, ring_reactions=r) - base:+.2f}" for r in RINGS]
        print(f"  {n} ({base:.2f}): " + "; ".join(gains))
    players = [mr.Player(str(DatasetId.demo(n)), n, inps[n], g, demo.PERSONAS[n].outcome_rate, demo.PERSONAS[n].outcome)
               for n, g in mr.SUGGESTED.items() if n in inps]
    board = mr.play(players)["board"]
    print("market round (default line-up): game: price without game -> with game -> with class trades; net worth; ranks price/box/composite/outcome")
    for _, r in board.iterrows():
        print(f"  {r['student']} [{r['game_key']}]: {r['price_without_game']:.2f} -> {r['price_without_class']:.2f} -> "
              f"{r['price']:.2f}; worth {r['net_worth']:,.0f}; ranks {r['rank_price']}/{r['rank_opaque']}/"
              f"{r['rank_composite']}/{r['rank_outcome']}")
    print("  " + mr.lesson(board))


if __name__ == "__main__":
    main()
