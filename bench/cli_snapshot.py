"""Same behaviour before and after a change: the command line's JSON for every persona, to one file, and a
comparison of two such files.

    .venv/bin/python bench/cli_snapshot.py OUT.json           # take a snapshot of this tree
    .venv/bin/python bench/cli_snapshot.py --compare A.json B.json

A snapshot runs, in process (cloutlab.cli.main), `score --json` and `whatif --json` for every demo persona
under SCENARIOS, and `cohort --json` once: 101 outputs with their exit codes. To check a refactor, take one
on the old commit (a `git worktree` of it, with this script's path) and one on the new, then compare:
every output must be equal. Outputs that differ only in their `topics` are listed apart: before 2026-12
tied topics came in hash-seed order (now by name), so an older snapshot can differ there, at a tie, and
nowhere else. The exit code is 1 when anything else differs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys

SCENARIOS = [[], ["break_weeks=1"], ["frequency=2"], ["frequency=0.5", "reply_share=0.3"],
             ["ring_size=30", "ring_reactions=30"], ["bought_followers=10000"], ["repost_share=1.0"],
             ["reply_share=0.6", "frequency=2"], ["audience_away=1"], ["unlink=facebook"]]


def _run(main, argv: list[str]) -> dict:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def snapshot() -> dict[str, dict]:
    from cloutlab.cli import main
    from cloutlab.store.demo import PERSONAS

    taken = {}
    for persona in PERSONAS:
        taken[f"score {persona}"] = _run(main, ["score", "--demo", persona, "--json"])
        for sets in SCENARIOS:
            argv = ["whatif", "--demo", persona, "--json", *(a for kv in sets for a in ("--set", kv))]
            taken[" ".join(argv)] = _run(main, argv)
    taken["cohort"] = _run(main, ["cohort", "--json"])
    return taken


def _without_topics(value):
    if isinstance(value, dict):
        return {k: _without_topics(v) for k, v in value.items() if k != "topics"}
    if isinstance(value, list):
        return [_without_topics(v) for v in value]
    return value


def _parsed(entry: dict, topics: bool = True):
    try:
        out = json.loads(entry["out"])
    except ValueError:  # not JSON (an error: the sentence is on stderr)
        out = entry["out"]
    return entry["code"], entry.get("err", ""), out if topics else _without_topics(out)


def compare(a: dict, b: dict) -> tuple[list[str], list[str]]:
    """(commands whose exit code, error or JSON differ beyond topics, or that only one snapshot ran;
    commands that differ in their topics only)."""
    other = sorted(k for k in a.keys() | b.keys()
                   if k not in a or k not in b or _parsed(a[k], False) != _parsed(b[k], False))
    topics = sorted(k for k in a.keys() & b.keys() if k not in other and _parsed(a[k]) != _parsed(b[k]))
    return other, topics


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", help="write a snapshot of this tree here")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two snapshots")
    args = ap.parse_args()
    if args.compare:
        a, b = (json.load(open(p)) for p in args.compare)
        other, topics = compare(a, b)
        print(f"{len(a)} and {len(b)} outputs; {len(other)} differ" + "".join(f"\n  {k}" for k in other))
        print(f"{len(topics)} differ in their topics only" + "".join(f"\n  {k}" for k in topics))
        return 1 if other else 0
    if not args.out:
        ap.error("say where to write the snapshot, or --compare A B")
    taken = snapshot()
    json.dump(taken, open(args.out, "w"), indent=1, sort_keys=True)
    print(f"{len(taken)} outputs written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
