"""What-if benchmark (docs/DESIGN.md section 10): recompute both scores for a scenario on 500,000 posts over 10
years in at most 50 ms (median). The what-if's own part (transforms + daily frame) aims at 30 ms.

    .venv/bin/python bench/whatif_bench.py [--posts 500000] [--runs 25] [--sql]

Builds a deterministic account with demo.build_posts (an X account and a smaller Mastodon one, ten years),
prepares it once as the app does per dataset, then per scenario times, median of --runs:
- whatif: whatif.simulate on the Prepared posts (transforms + daily frame + ScoreInput);
- scores: scores.opaque.score_series + scores.ledger.composite_series on that ScoreInput;
- total: both, the figure the 50 ms target is about.
Each figure is "wall / cpu": the median wall-clock time, and the median CPU time of this process, which is
what the wall time would be on an idle machine (the work is single-threaded numpy). The machine these were
written on is shared, so the load average is printed beside the table.
--sql adds, for comparison, the SQL route: whatif.apply (Arrow posts) + activity.daily_from_posts (DuckDB),
with fewer runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import time

import pyarrow as pa

from cloutlab import activity, whatif
from cloutlab.store import demo
from cloutlab.scores import ledger, opaque

END = dt.date(2026, 10, 31)
START = END - dt.timedelta(days=3652)
SCENARIOS = {
    "identity": [],
    "frequency=0.5": ["frequency=0.5"],
    "frequency=2": ["frequency=2"],
    "frequency=5": ["frequency=5"],
    "frequency=10 (Gaming lab only)": ["frequency=10"],
    "break 1 week": ["break_weeks=1"],
    "break 8 weeks": ["break_weeks=8"],
    "repost_share=0.5": ["repost_share=0.5"],
    "reply_share=0.6": ["reply_share=0.6"],
    "ring 20 x 10": ["ring_size=20", "ring_reactions=10"],
    "bought 10,000": ["bought_followers=10000"],
    "unlink mastodon": ["unlink=mastodon"],
    "all at once": ["frequency=2", "break_weeks=2", "repost_share=0.3", "reply_share=0.4", "ring_size=20",
                    "ring_reactions=10", "bought_followers=10000", "unlink=mastodon"],
}


def build(n_posts: int) -> tuple[pa.Table, dict[str, int | None]]:
    """About n_posts posts over ten years: 90% on X (reactions known), 10% on Mastodon (none known)."""
    days = (END - START).days + 1
    per_day = n_posts / days / 0.9588  # build_posts' weekday and mood factors average about 0.96 over ten years
    x = demo.AccountRecipe("x", "bench_x", "Bench", 50_000, 900, 0.9 * per_day, (0.55, 0.3, 0.1, 0.05),
                           9.0, 2.2, 1.4, interests=("books", "coffee", "editing"),
                           reply_to=("bea", "marco", "nina", "tom"), start=START, end=END)
    masto = demo.AccountRecipe("mastodon", "bench@m.social", "Bench", None, None, 0.1 * per_day,
                               (0.6, 0.3, 0.1, 0.0), 4.0, 1.5, None, reply_to=("kofi", "lena"), start=START, end=END)
    return pa.concat_tables([demo.build_posts(x), demo.build_posts(masto)]), {"x": 50_000, "mastodon": None}


def median_ms(fn, runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU milliseconds of fn() over `runs` calls, after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def fmt(times: tuple[float, float]) -> str:
    return f"{times[0]:.1f} / {times[1]:.1f}"


def score(inp) -> None:
    opaque.score_series(inp)
    ledger.composite_series(inp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=500_000)
    ap.add_argument("--runs", type=int, default=25)
    ap.add_argument("--sql", action="store_true", help="also time apply + activity.daily_from_posts")
    ap.add_argument("--no-page", action="store_true", help="skip the AppTest page-rerun timing")
    args = ap.parse_args()

    posts, followers = build(args.posts)
    prep = whatif.prepare(posts)
    print(f"{posts.num_rows:,} posts, {prep.first_date} to {prep.last_date}, platforms {', '.join(prep.platforms)}")
    print(f"prepare (once per dataset), ms wall / cpu: {fmt(median_ms(lambda: whatif.prepare(posts), 5))}; "
          f"SQL daily frame of the baseline: {fmt(median_ms(lambda: activity.daily_from_posts(posts), 5))}")
    head = ("| scenario | posts after | whatif ms | scores ms | total ms |" + (" SQL route ms |" if args.sql else ""))
    print("\n" + head + "\n|" + "---|" * (head.count("|") - 1))
    for name, items in SCENARIOS.items():
        s = whatif.parse_set(items)
        inp = whatif.simulate(prep, followers, s, "bench")
        t_whatif = median_ms(lambda: whatif.simulate(prep, followers, s, "bench"), args.runs)
        # A fresh copy each run: a ScoreInput keeps the arrays it was scored from (ScoreInput.kept), and a
        # slider move scores a new one, so timing the same object again would time the kept arrays.
        t_scores = median_ms(lambda: score(dataclasses.replace(inp)), args.runs)
        t_total = median_ms(lambda: score(whatif.simulate(prep, followers, s, "bench")), args.runs)
        row = f"| {name} | {int(inp.daily['items'].sum()):,} | {fmt(t_whatif)} | {fmt(t_scores)} | {fmt(t_total)} |"
        if args.sql:
            row += f" {fmt(median_ms(lambda: activity.daily_from_posts(whatif.apply(prep, s)), 3))} |"
        print(row, flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares this machine)")
    if not args.no_page:
        page_rerun(args.runs)


def page_rerun(runs: int) -> None:
    """The What-if lab rerun after a slider move on demo data, in AppTest (target: at most 300 ms).

    AppTest reruns the whole script (the browser reruns only the fragment), so this is an upper bound.
    """
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parents[1] / "app.py")
    moves = [("wi_frequency", v) for v in (2.0, 0.5, 3.0, 1.0)] + [("wi_break_weeks", v) for v in (1, 4, 0)] + \
            [("wi_bought_followers", v) for v in (10_000, 0)] + [("wi_ring_size", v) for v in (30, 0)]
    for persona in ("novelist", "bot"):
        at = AppTest.from_file(app, default_timeout=120)
        at.query_params["persona"] = persona
        at.run()
        at.switch_page("pages/whatif.py").run()
        times = []
        for i in range(runs):
            key, value = moves[i % len(moves)]
            t0 = time.perf_counter()
            at.slider(key=key).set_value(value).run()
            times.append((time.perf_counter() - t0) * 1000)
            assert not at.exception, [e.value for e in at.exception]
        times.sort()
        print(f"What-if page rerun after a slider move ({persona}, AppTest, {runs} moves): "
              f"median {times[len(times) // 2]:.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms, "
              f"max {times[-1]:.0f} ms")


if __name__ == "__main__":
    main()
