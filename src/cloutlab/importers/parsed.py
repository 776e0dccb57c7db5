"""What an importer hands back (Parsed), and the one function that stores it (store_parsed).

Importers parse; only store_parsed writes. It stores one account through `store.write_account` in one
transaction (merged by post id, or replaced under `import --replace`) and shapes the summary contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from cloutlab import store
from cloutlab.errors import CloutlabError
from cloutlab.importers import progress
from cloutlab.importers.common import NO_COUNTS, REPLACE, iso_z
from cloutlab.store.clean import count_value


@dataclass(frozen=True)
class Parsed:
    """One export, parsed into canonical rows: nothing stored yet.

    `account` holds the `accounts` columns; `posts` the `posts` rows as an Arrow table, a spool.SpooledFile (the
    rows of a big Facebook, Instagram, Google+ or Mastodon export, in an unnamed Parquet file) or, for the X
    archive only, its staged files read a batch at a time (x_archive.StagedRows); `label` the file name as the
    person knows it; `fmt` the format recorded in `imports`; `engagement` the received counts it carries.
    """

    account: dict[str, Any]
    posts: Any
    label: str
    fmt: str
    engagement: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def has_rows(posts: Any) -> bool:
    """Whether an incoming posts table (pandas, Arrow or a DuckDB relation) holds at least one row. A
    relation is asked for one row only, so a million-tweet archive is not read twice. (DuckDB 2.0's
    relations have no fetchone: the duck-typed test this replaced fell through to len(), which parsed a
    10M-tweet archive whole just to see one row.)"""
    if isinstance(posts, duckdb.DuckDBPyRelation):
        return bool(posts.limit(1).fetchall())
    if hasattr(posts, "has_rows"):  # an X archive's batches (x_archive.StagedRows)
        return posts.has_rows()
    return len(posts) > 0


def store_parsed(con, parsed: Parsed) -> dict[str, Any]:
    """Store one Parsed export (one transaction) and return the summary (keys: importers.SUMMARY_KEYS)."""
    account, engagement, warnings = parsed.account, list(parsed.engagement), list(parsed.warnings)
    if not has_rows(parsed.posts):  # an archive of an account that never posted: say so, store nothing
        raise CloutlabError(f"no posts found in {parsed.label}: it holds no posts, replies or reposts, so nothing "
                            "was imported; check that it is the export of an account that has posted.")
    if not engagement and NO_COUNTS not in warnings:
        warnings = [*warnings, NO_COUNTS]
    progress.check()  # cancelled while parsing: stop before the store's transaction
    record = store.write_account(
        con, account, parsed.posts, source_file=parsed.label, fmt=parsed.fmt, engagement_fields=engagement,
        warnings=warnings, replace=REPLACE.get(),
    )
    warnings = record["warnings"]  # the store adds what it did (merged, dates left out, counts cleared)
    return {
        "platform": account["platform"],
        "account": account["account"],
        "items": record["items"],
        "original": record["original"],
        "replies": record["replies"],
        "self_replies": record["self_replies"],
        "reposts": record["reposts"],
        "quotes": record["quotes"],
        "first": iso_z(record["first_at"]),
        "last": iso_z(record["last_at"]),
        "followers": count_value(account.get("followers")),
        "following": count_value(account.get("following")),
        "engagement_fields": list(engagement),
        "warnings": list(warnings),
    }
