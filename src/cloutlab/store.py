"""The DuckDB store: canonical tables, one transaction per account write.

Each browser session gets its own in-memory database; `--db FILE` gives a file database that persists
imports. Writing an account replaces its rows (never duplicates) and is all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from . import schema
from .errors import CloutlabError

_INCOMING = "_incoming_posts"


def connect(path: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open an in-memory database (path None) or a file database, with the canonical tables created."""
    try:
        con = duckdb.connect(path or ":memory:")
    except duckdb.Error as exc:
        raise CloutlabError(f"Could not open the database {path}: {exc}. Check the path and that no other program holds it.") from None
    for stmt in schema.create_statements():
        con.execute(stmt)
    return con


def _register_incoming(con: duckdb.DuckDBPyConnection, posts: Any) -> None:
    """Expose the incoming rows as a view, whatever they arrive as (pandas, Arrow or a DuckDB relation)."""
    if isinstance(posts, duckdb.DuckDBPyRelation):
        posts.create_view(_INCOMING, replace=True)
    else:
        con.register(_INCOMING, posts)




def write_account(
    con: duckdb.DuckDBPyConnection,
    account: dict[str, Any],
    posts: Any,
    *,
    source_file: str | None = None,
    fmt: str | None = None,
    engagement_fields: list[str] | tuple[str, ...] = (),
    warnings: list[str] | tuple[str, ...] = (),
) -> dict[str, Any]:
    """Replace one account's rows with `posts` in a single transaction and record the import.

    `account` holds the `accounts` columns (platform and account required). `posts` is a pandas frame,
    an Arrow table or a DuckDB relation with the `posts` columns. Returns the `imports` row written.
    On any failure the database is exactly as it was, and a CloutlabError says why.
    """
    platform, name = account["platform"], account["account"]
    post_cols = schema.column_names(schema.POSTS)
    acct_cols = schema.column_names(schema.ACCOUNTS)
    quoted = ", ".join(f'"{c}"' for c in post_cols)
    con.execute("BEGIN TRANSACTION")
    try:
        _register_incoming(con, posts)
        con.execute(f"DELETE FROM {schema.POSTS} WHERE platform = ? AND account = ?", [platform, name])
        con.execute(f"DELETE FROM {schema.ACCOUNTS} WHERE platform = ? AND account = ?", [platform, name])
        con.execute(f"INSERT INTO {schema.POSTS} ({quoted}) SELECT {quoted} FROM {_INCOMING}")
        con.execute(
            f"INSERT INTO {schema.ACCOUNTS} VALUES ({', '.join('?' for _ in acct_cols)})",
            [account.get(c) for c in acct_cols],
        )
        record = _check_and_record(con, platform, name, source_file, fmt, list(engagement_fields), list(warnings))
        con.execute("COMMIT")
    except BaseException as exc:
        con.execute("ROLLBACK")
        if isinstance(exc, duckdb.Error):
            raise CloutlabError(f"Could not store {platform} account {name}: {exc}".split("\n")[0]) from None
        raise
    finally:
        _unregister_incoming(con)
    return record


def _unregister_incoming(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.unregister(_INCOMING)
    except duckdb.Error:
        pass
    con.execute(f"DROP VIEW IF EXISTS {_INCOMING}")


def _check_and_record(con, platform, name, source_file, fmt, engagement_fields, warnings) -> dict[str, Any]:
    """Validate what was just inserted (inside the transaction) and append the `imports` row."""
    (items, original, replies, self_replies, reposts, quotes, first, last, bad_kind, dupes, wrong_owner) = con.execute(
        f"""SELECT count(*) FILTER (platform = $1 AND account = $2),
                   count(*) FILTER (platform = $1 AND account = $2 AND kind = 'original'),
                   count(*) FILTER (platform = $1 AND account = $2 AND kind = 'reply'),
                   count(*) FILTER (platform = $1 AND account = $2 AND kind = 'reply' AND is_self_reply),
                   count(*) FILTER (platform = $1 AND account = $2 AND kind = 'repost'),
                   count(*) FILTER (platform = $1 AND account = $2 AND kind = 'quote'),
                   min(created_at) FILTER (platform = $1 AND account = $2),
                   max(created_at) FILTER (platform = $1 AND account = $2),
                   count(*) FILTER (platform = $1 AND account = $2 AND kind NOT IN {schema.KINDS}),
                   count(*) FILTER (platform = $1 AND account = $2)
                     - count(DISTINCT post_id) FILTER (platform = $1 AND account = $2),
                   (SELECT count(*) FROM {_INCOMING} WHERE platform <> $1 OR account <> $2)
            FROM {schema.POSTS}""",
        [platform, name],
    ).fetchone()
    if wrong_owner:
        raise CloutlabError(f"Internal error: {wrong_owner} incoming rows do not belong to {platform} account {name}.")
    if bad_kind:
        raise CloutlabError(f"{bad_kind} rows have a kind other than {', '.join(schema.KINDS)}.")
    if dupes:
        raise CloutlabError(f"{dupes} {'post shares' if dupes == 1 else 'posts share'} an id with another post of "
                            "the same account; the export looks damaged.")
    record = {
        "platform": platform,
        "account": name,
        "source_file": source_file,
        "format": fmt,
        "imported_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
        "items": items,
        "original": original,
        "replies": replies,
        "self_replies": self_replies,
        "reposts": reposts,
        "quotes": quotes,
        "first_at": first,
        "last_at": last,
        "engagement_fields": engagement_fields,
        "warnings": warnings,
    }
    cols = schema.column_names(schema.IMPORTS)
    con.execute(f"INSERT INTO {schema.IMPORTS} VALUES ({', '.join('?' for _ in cols)})", [record[c] for c in cols])
    return record


def accounts(con: duckdb.DuckDBPyConnection):
    """Every stored account with its item count and date range (a pandas frame, one row per account)."""
    return con.execute(
        f"""SELECT a.*, count(p.post_id) AS items, min(p.created_at) AS first_at, max(p.created_at) AS last_at
            FROM {schema.ACCOUNTS} a LEFT JOIN {schema.POSTS} p USING (platform, account)
            GROUP BY ALL ORDER BY a.platform, a.account"""
    ).df()


def latest_imports(con: duckdb.DuckDBPyConnection):
    """The latest `imports` row per account."""
    return con.execute(
        f"""SELECT * FROM {schema.IMPORTS}
            QUALIFY row_number() OVER (PARTITION BY platform, account ORDER BY imported_at DESC) = 1
            ORDER BY platform, account"""
    ).df()
