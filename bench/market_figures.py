"""The share price lens in figures (issue 17): every persona's price path (start, first-week peak, sag, end)
and what each what-if lever and each market-round game did to the price. Not a speed test: a record of the
model's behaviour for the closing note. Run: .venv/bin/python bench/market_figures.py"""

from cloutlab import activity, store, whatif
from cloutlab.store import demo
from cloutlab.market import model
from cloutlab.market import round as mr
from cloutlab.scores import inputs

LEVERS = {"break 1 week": {"break_weeks": 1}, "break 4 weeks": {"break_weeks": 4},
          "10,000 bought followers": {"bought_followers": 10_000}, "ring of 30": {"ring_size": 30, "ring_reactions": 30},
          "post 2x": {"frequency": 2.0}, "unlink x": {"unlink": "x"}}


def main() -> None:
    con = store.connect()
    demo.load_all(con)
    inps = {n: inputs.from_store(con, p.keys, seed=f"demo:{n}") for n, p in demo.PERSONAS.items()}
    print("persona: start -> day-1 buys -> first re-price -> early peak -> sag low | all-time peak | end (eaves), dividend, yield")
    for n, inp in inps.items():
        path = model.price_path(inp)
        s, first = model.path_figures(path), path.iloc[0]
        early = path["price"].iloc[:4].max()
        sag = path["price"].iloc[4:21].min()
        last = path.iloc[-1]
        print(f"  {n}: {s['start']:.0f} -> {first['after_trades']:.1f} -> {first['price']:.1f} -> {early:.1f} -> {sag:.1f}"
              f" | {s['peak']:.1f} on {s['peak_on']} | {s['end']:.2f}, {last['dividend']:.3f}/share, {100 * last['yield']:.2f}%/day")
    print("what-if levers, price on the last day (baseline -> what-if):")
    for n in ("novelist", "conversationalist", "bot"):
        inp = inps[n]
        prep = whatif.prepare(activity.posts_table(con, demo.PERSONAS[n].keys))
        base = model.price_path(inp)["price"].iloc[-1]
        moved = []
        for label, kw in LEVERS.items():
            sc = whatif.resolve(whatif.Scenario(**kw), inp.days[0].date(), inp.days[-1].date())
            p = model.price_path(whatif.simulate(prep, inp.followers, sc, inp.seed))["price"].iloc[-1]
            moved.append(f"{label} {p - base:+.2f}")
        print(f"  {n} ({base:.2f}): " + "; ".join(moved))
    players = [mr.Player(f"demo:{n}", n, inps[n], g, demo.PERSONAS[n].outcome_rate, demo.PERSONAS[n].outcome)
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
