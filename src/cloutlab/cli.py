"""The command line (DESIGN section 7). Its commands, JSON keys and exit codes are a contract: extend, never rename.

Every failure is exit 2 and one line `cloutlab: error: <what is wrong and what to do>` on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .errors import CloutlabError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + error on two lines; the contract wants one
        raise CloutlabError(f"{message} (see python -m cloutlab {self._sub_hint()}--help)")

    def _sub_hint(self) -> str:
        parts = self.prog.split()
        return f"{parts[-1]} " if len(parts) > 1 and parts[-1] != "cloutlab" else ""


def _emit(obj, as_json: bool, text: str) -> None:
    print(json.dumps(obj, default=str) if as_json else text)


def cmd_demo(args) -> int:
    from .demo import PERSONAS

    if not args.list:
        raise CloutlabError("say what to do: python -m cloutlab demo --list")
    print("\n".join(PERSONAS))
    return 0


def cmd_import(args) -> int:
    from . import store
    from .importers import import_path

    con = store.connect(args.db)
    try:
        summary = import_path(con, args.path)
    finally:
        con.close()
    text = (
        f"Imported {summary['items']:,} items of {summary['platform']} account {summary['account']} "
        f"({summary['first']} to {summary['last']})."
        + "".join(f"\nwarning: {w}" for w in summary["warnings"])
    )
    _emit(summary, args.json, text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cloutlab", description="See how influence scores work and how they can be gamed.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("import", help="import an export (X/Twitter zip or folder, legacy archive, Mastodon zip, Bluesky .car, CSV)")
    p.add_argument("path")
    p.add_argument("--db", help="DuckDB file to keep the import in (default: in memory, nothing kept)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("demo", help="the built-in demo personas")
    p.add_argument("--list", action="store_true", help="print one persona name a line")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except CloutlabError as exc:
        print(f"cloutlab: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cloutlab: error: interrupted", file=sys.stderr)
        return 2
