"""The command line (docs/DESIGN.md section 7). Its commands, JSON keys and exit codes are a contract: extend,
never rename.

Every failure is exit 2 and one line `cloutlab: error: <what is wrong and what to do>` on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence

from cloutlab import platforms
from cloutlab.errors import CloutlabError
from cloutlab.scores.windows import SCORE_DAYS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + error on two lines; the contract wants one
        raise CloutlabError(f"{message} (see python -m cloutlab {self._sub_hint()}--help)")

    def _sub_hint(self) -> str:
        parts = self.prog.split()
        return f"{parts[-1]} " if len(parts) > 1 and parts[-1] != "cloutlab" else ""


_WARNINGS: list[str] = []


def warn(lines) -> None:
    """Warnings of a reading command (rows of a store or export left out): printed one line each on stderr
    after the command succeeds (a failure stays one line)."""
    _WARNINGS.extend(lines)


def _emit(obj, as_json: bool, text: str) -> None:
    from cloutlab.cli_errors import strict_json, terminal_safe  # no bare NaN: JSON output is strictly valid

    # Text: names and warnings come from files, so control characters are made visible line by line (JSON
    # escapes them itself).
    print(strict_json(obj) if as_json else "\n".join(terminal_safe(line) for line in text.split("\n")))


def cmd_demo(args) -> int:
    from cloutlab.store.demo import PERSONAS

    if not args.list:
        raise CloutlabError("say what to do: python -m cloutlab demo --list")
    print("\n".join(PERSONAS))
    return 0


def cmd_import(args) -> int:
    from cloutlab import store
    from cloutlab.importers import import_path

    from cloutlab.importers.archive_guard import DEFAULT_LIMITS

    limits = DEFAULT_LIMITS
    if args.max_inflate_gb is not None:  # a genuine export bigger than the default ceiling (issue 23)
        limits = dataclasses.replace(limits, max_total_bytes=int(args.max_inflate_gb * (1 << 30)))
    with store.opened(args.db) as con:  # a failed import into a new --db path leaves no file
        summary = import_path(con, args.path, replace=args.replace, limits=limits)
    from cloutlab.cli_errors import terminal_safe  # the account name and warnings come from the file

    text = (
        f"Imported {summary['items']:,} items of {summary['platform']} account {terminal_safe(summary['account'])} "
        f"({summary['first']} to {summary['last']})."
        + "".join(f"\nwarning: {terminal_safe(w)}" for w in summary["warnings"])
    )
    _emit(summary, args.json, text)
    return 0


def _gigabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 1024:  # NaN fails too
        raise argparse.ArgumentTypeError(f"{text!r} is not a size in GB between 0 and 1024, like 12")
    return value


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-05-01") from None


def load_dataset(args):
    """(ScoreInput, posts frame) for --demo PERSONA or --db FILE [--account NAME]."""
    from cloutlab.cli_errors import terminal_safe
    from cloutlab import activity, store
    from cloutlab.store import demo
    from cloutlab.store.datasets import DatasetId, import_datasets
    from cloutlab.scores import inputs

    if args.demo and args.db:
        raise CloutlabError("choose one dataset: --demo PERSONA or --db FILE, not both")
    if args.demo:
        if args.demo not in demo.PERSONAS:
            raise CloutlabError(f"unknown persona {args.demo!r}; python -m cloutlab demo --list shows them")
        con = store.connect()
        keys, seed = demo.load_persona(con, args.demo), DatasetId.demo(args.demo).seed
    elif args.db:
        import os

        if not os.path.exists(args.db):
            raise CloutlabError(f"no database at {args.db}; import an export first: python -m cloutlab import PATH --db {args.db}")
        con = store.connect(args.db, read_only=True)  # reading only: a read-only file or folder is fine
        from cloutlab.store import read_check

        warn(read_check.guard_store(con, args.db))  # rows another program wrote are checked as on import
        keys = store.account_keys(con)
        if args.account:
            keys = [k for k in keys if k[1] == args.account]
            if not keys:
                raise CloutlabError(f"no account {terminal_safe(args.account)!r} in {args.db}")
        if not keys:
            raise CloutlabError(f"{args.db} holds no accounts yet; import an export first")
        keys = [k for k in keys if k in store.keys_with_posts(con)]  # an account stored without posts: nothing to score
        if not keys:
            who = f"account {terminal_safe(args.account)!r}" if args.account else "any account"
            raise CloutlabError(f"{args.db} holds no posts for {who} (they were all left out or never stored); "
                                "import the export again, or choose another account")
        seed = import_datasets(keys)[0].seed
    else:
        raise CloutlabError("say which data to score: --demo PERSONA or --db FILE")
    inp = inputs.from_store(con, keys, seed=seed)
    return inp, activity.posts_table(con, keys).to_pandas()


def _check_day(inp, at):
    try:
        return inp.day(at)
    except ValueError as exc:
        raise CloutlabError(str(exc)) from None


def _market(inp, day) -> dict:
    """The Empire Avenue-style share price on `day` (cloutlab.market): price, dividend, shares_outstanding."""
    from cloutlab import market

    return market.market_object(market.price_path(inp), day)


def _or_why(transparent: dict, key: str, value) -> str:
    """A value, or the reason it is missing (never "None")."""
    if value is not None:
        return str(value)
    return next((r.why for r in transparent.get("reasons", []) if r.key == key), "not available")


def _reach_text(o: dict) -> str:
    """True Reach as a number of people (issue 21), or why the export cannot give it."""
    people = o.get("true_reach_people")
    if people is not None:
        return f"about {people:,} people: real followers who reacted in {SCORE_DAYS} days, estimated"
    return "people: " + _or_why({"reasons": o.get("reasons", [])}, "true_reach_people", None)


def _score_text(obj: dict) -> str:
    o, t = obj["opaque"], obj["transparent"]
    lines = [
        f"{obj['date']}: opaque score {o['score']:.2f} (7-day slope {o['slope']:+.2f}), style {o['style']}",
        f"  better than {o['percentile']:.0f}% of accounts on that date",
        "  subscores: " + ", ".join(f"{k} {v:.1f}" + (f" ({_reach_text(o)})" if k == "true_reach" else "")
                                    for k, v in o["subscores"].items()),
        f"  influential about: {', '.join(o['topics']) or 'nothing'}",
        *(f"  assumed: {said}" for said in o.get("assumptions", [])),  # issue 14
        f"  transparent composite: {_or_why(t, 'composite', t['composite'])}",
    ]
    lines += [f"  {k}: {_or_why(t, k, v)}" for k, v in t["metrics"].items()]
    if obj.get("market"):
        m = obj["market"]
        lines.append(f"  share price: {m['price']} eaves, dividend {m['dividend']} a share, "
                     f"{m['shares_outstanding']} shares outstanding" if m["price"] is not None else "  share price: not listed yet")
    return "\n".join(lines)


def cmd_score(args) -> int:
    from cloutlab.scores.summary import score_object

    inp, posts = load_dataset(args)
    obj = score_object(inp, posts, _check_day(inp, args.at))
    obj["market"] = _market(inp, obj["date"])
    _emit(obj, args.json, _score_text(obj))
    return 0


def _outcome_rate(args) -> tuple[float, str]:
    """(rate, unit) of the simulated outcome: the persona's, or a generic one for a database."""
    from cloutlab.store import demo

    if args.demo:
        p = demo.PERSONAS[args.demo]
        return p.outcome_rate, p.outcome
    return 1.0, "engaged people per week"


def cmd_whatif(args) -> int:
    from cloutlab.whatif import outcome
    from cloutlab import whatif
    from cloutlab.scores.summary import score_object

    scenario = whatif.parse_set(args.set or [])
    inp, posts = load_dataset(args)
    prep = whatif.prepare(pa_table(posts))
    resolved = whatif.resolve(scenario, inp.days[0].date(), inp.days[-1].date())
    what = whatif.simulate(prep, inp.followers, resolved, inp.seed)
    day = _check_day(inp, args.at)
    base = score_object(inp, posts, day)
    after = score_object(what, whatif.apply(prep, resolved).to_pandas(), day)
    base["market"], after["market"] = _market(inp, day), _market(what, day)  # the share price (cloutlab.market)
    delta = {
        "opaque": round(after["opaque"]["score"] - base["opaque"]["score"], 2),
        "market": None if None in (base["market"]["price"], after["market"]["price"])
        else round(after["market"]["price"] - base["market"]["price"], 2),  # the price change, eaves
        "composite": None if None in (base["transparent"]["composite"], after["transparent"]["composite"])
        else after["transparent"]["composite"] - base["transparent"]["composite"],
    }
    rate, unit = _outcome_rate(args)  # the simulated outcome over outcome.WINDOW_WEEKS ending on the scores' day
    first, last = outcome.window(inp, day)
    for obj_, inp_ in ((base, inp), (after, what)):
        obj_["outcome"] = {"per_week": round(outcome.recent(inp_, rate, at=day), 4), "unit": unit,
                           "from": first.isoformat(), "to": last.isoformat()}
    delta["outcome"] = round(after["outcome"]["per_week"] - base["outcome"]["per_week"], 4)
    obj = {"date": base["date"], "scenario": whatif.as_dict(resolved), "baseline": base, "what_if": after,
           "delta": delta}
    text = (f"{obj['date']}: opaque {base['opaque']['score']:.2f} -> {after['opaque']['score']:.2f} "
            f"({delta['opaque']:+.2f}); composite {base['transparent']['composite']} -> "
            f"{after['transparent']['composite']}; outcome {base['outcome']['per_week']:,.2f} -> "
            f"{after['outcome']['per_week']:,.2f} {unit} ({first} to {last})\nscenario: {whatif.to_query(resolved)}")
    _emit(obj, args.json, text)
    return 0


def pa_table(posts):
    import pyarrow as pa

    return pa.Table.from_pandas(posts, preserve_index=False)


def cmd_cohort(args) -> int:
    import os

    from cloutlab import cohort, store

    if args.parquet or args.engine != "duckdb" or args.master:  # a Parquet export, on DuckDB or Spark (issue 16)
        from cloutlab.cohort import run

        board, warnings = run.from_parquet(args)
        warn(warnings)
    else:
        if args.db and not os.path.exists(args.db):
            raise CloutlabError(f"no database at {args.db}; import exports first: python -m cloutlab import PATH --db {args.db}")
        con = store.connect(args.db, read_only=bool(args.db))
        if args.db:
            from cloutlab.store import read_check

            warn(read_check.guard_store(con, args.db))
        if not args.db:
            from cloutlab.store import demo

            demo.load_all(con)  # without a database, the leaderboard of the demo personas' accounts
        board = cohort.leaderboard(con, at=args.at)
    from cloutlab.cli_errors import terminal_safe

    shown = board.assign(account=[terminal_safe(a) for a in board["account"]],
                         platform=[terminal_safe(p) for p in board["platform"]])
    text = cohort.text_table(shown)  # missing values in words, never NaN; names as inert text
    _emit(cohort.to_records(board), args.json, text)
    return 0


def cmd_export(args) -> int:
    from cloutlab.cohort import run

    summary, warnings = run.export(args)
    warn(warnings)
    _emit(summary, args.json, run.export_text(summary))
    return 0


def cmd_population(args) -> int:
    """The reference population the opaque score is graded against, on a date (default: today's era)."""
    import datetime as dt

    from cloutlab.scores import population

    day = args.at or dt.date.today()
    obj = {"date": day.isoformat(), **population.stats(day)}
    text = (f"{obj['date']}: median {obj['median']:.1f}, 95th percentile {obj['p95']:.1f}, "
            f"{100 * obj['share_50_plus']:.1f}% score 50 or more")
    _emit(obj, args.json, text)
    return 0


def _dataset_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="DuckDB file written by `import --db`")
    p.add_argument("--account", help="only this account of the database (default: all its accounts together)")
    p.add_argument("--demo", metavar="PERSONA", help="a built-in persona (see `demo --list`)")
    p.add_argument("--at", type=_date, help="the date to report (default: the last day with data)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cloutlab", description="See how influence scores work and how they can be gamed.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("import", help=f"import an export ({platforms.formats()}; an unzipped folder too)")
    p.add_argument("path")
    p.add_argument("--db", help="DuckDB file to keep the import in (default: in memory, nothing kept)")
    p.add_argument("--replace", action="store_true",
                   help="replace an account already stored (default: merge this export with it by post id)")
    p.add_argument("--max-inflate-gb", type=_gigabytes, metavar="N",
                   help="let the archive inflate to N GB in all (default 8: larger is refused as a likely archive bomb)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("score", help="both scores on a date")
    _dataset_args(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("whatif", help="both scores under a what-if scenario, against the baseline")
    _dataset_args(p)
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="a scenario field, e.g. frequency=2, break_weeks=1, bought_followers=10000 (repeatable)")
    p.set_defaults(func=cmd_whatif)

    p = sub.add_parser("cohort", help="the leaderboard of every stored account, scored in one DuckDB pass")
    p.add_argument("--db", help="DuckDB file written by `import --db` (default: the demo personas' accounts)")
    p.add_argument("--at", type=_date, help="score every account on this date (default: each one's last day)")
    p.add_argument("--json", action="store_true", help="print a JSON list of rows")
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                   help="where the scoring runs (default duckdb; spark reads a Parquet export, see `export`)")
    p.add_argument("--parquet", metavar="DIR", help="a folder written by `export --parquet` (instead of --db)")
    p.add_argument("--master", metavar="URL", help="the Spark master, e.g. spark://host:7077 (default: local[*])")
    p.set_defaults(func=cmd_cohort)

    p = sub.add_parser("export", help="the stored tables as Parquet files, bucketed by account, for other engines")
    p.add_argument("--db", help="DuckDB file written by `import --db` (default: the demo personas' accounts)")
    p.add_argument("--parquet", metavar="DIR", required=True, help="a new or empty folder to write")
    p.add_argument("--buckets", type=int, default=8, help="hash buckets of (platform, account) (default 8)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("population", help="the reference population's median, 95th percentile and share at 50+")
    p.add_argument("--at", type=_date, help="the date (default: today)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_population)

    p = sub.add_parser("demo", help="the built-in demo personas")
    p.add_argument("--list", action="store_true", help="print one persona name a line")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from cloutlab.cli_errors import install_sigterm

    install_sigterm()
    from cloutlab.importers import staging

    staging.clean_stale()  # a killed import's staged tweets go at the next start of any command (issue 24)
    _WARNINGS.clear()
    try:
        args = build_parser().parse_args(argv)
        code = args.func(args)
        from cloutlab.cli_errors import terminal_safe

        for line in _WARNINGS:
            print(f"cloutlab: warning: {terminal_safe(line)}", file=sys.stderr)
        return code
    except CloutlabError as exc:
        from cloutlab.cli_errors import terminal_safe

        print(f"cloutlab: error: {terminal_safe(exc)}", file=sys.stderr)  # one line, nothing a terminal obeys
        return 2
    except BrokenPipeError:  # `... | head`: the reader left; nothing more to say
        sys.stderr.close()
        return 0
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - never a traceback: one sentence naming the cause
        from cloutlab.cli_errors import describe, terminal_safe

        print(f"cloutlab: error: {terminal_safe(describe(exc))}", file=sys.stderr)
        return 2
