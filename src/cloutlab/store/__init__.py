"""The DuckDB store: canonical tables, one transaction per account write.

The app keeps each browser's imports in its own file database (ui/persist.py; in memory with
CLOUTLAB_NO_DISK=1) and the demo personas in one in-memory database; `--db FILE` gives the command line a
file database that persists imports. `--db` must be a DuckDB database of cloutlab's or a new path
(store/guard.py says why).

Writing an account that is already stored MERGES by post id (posts of both exports kept; where both hold
a post, the newer export's row and counts win) and says so in a warning; `replace=True` replaces the
account's rows instead. Every write is all-or-nothing, and what an export cannot mean is cleaned on the way
in (store/clean.py): impossible dates left out, negative counts stored as missing, oversized text cut.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from typing import Any

import duckdb

from cloutlab import schema
from cloutlab.disk import no_disk
from cloutlab.store import clean
from cloutlab.store.guard import check_file, check_tables, raw_connect
from cloutlab.errors import CloutlabError, StoreError

_INCOMING = "_incoming_posts"
_OLD = "_stored_posts"


def connect(path: str | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open an in-memory database (path None) or a cloutlab file database, with the canonical tables created.

    A path holding anything but a cloutlab database (CSV, Parquet, JSON, SQLite, another application's
    DuckDB file, a damaged file, a FIFO or device) is refused with one sentence, and left exactly as it was.
    read_only=True (score, whatif, cohort, export) opens the file without writing to it, so a read-only file
    or folder is read; its tables must then exist already.
    """
    if path:
        new = check_file(path, writing=not read_only)
        if read_only and new:
            raise CloutlabError(f"{path} holds no accounts yet; import an export first: python -m cloutlab import PATH --db {path}")
    try:
        con = raw_connect(path, read_only=read_only and bool(path))
    except duckdb.Error as exc:
        raise CloutlabError(describe_open_error(path, exc)) from None
    try:
        if path:
            check_tables(con, path)
        if read_only and path:
            _check_complete(con, path)
        else:
            for stmt in schema.create_statements():
                con.execute(stmt)
        if not path and no_disk():  # an in-memory database spills to ./.tmp when memory runs short: not here
            con.execute("SET temp_directory = ''")
    except BaseException:
        con.close()
        raise
    return con


def _check_complete(con: duckdb.DuckDBPyConnection, path: str) -> None:
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
    if not {schema.POSTS, schema.ACCOUNTS, schema.IMPORTS} <= have:
        raise CloutlabError(f"{path} holds no accounts yet; import an export first: python -m cloutlab import PATH --db {path}")


def describe_open_error(path: str | None, exc: BaseException) -> str:
    text = str(exc).split("\n")[0]
    if "lock" in text.lower():
        return f"The database {path} is in use by another program; close it and try again."
    if "No space left" in text:
        return f"The disk holding {path} is full; free some space and try again."
    if "Permission denied" in text or "Read-only file system" in text:
        return (f"The database {path} cannot be opened for writing by this user (permission denied); score, cohort "
                "and export can read it, or give --db a file you can write.")
    return (f"Could not open the database {path}: it is damaged or not a DuckDB database ({text[:120]}); "
            "give --db a new file name.")


@contextlib.contextmanager
def opened(path: str | None):
    """connect(path) for one command; if the command fails and it created the file, the file is removed."""
    new = bool(path) and not os.path.exists(path)
    con = connect(path)
    try:
        yield con
    except BaseException:
        con.close()
        if new:
            for leftover in (path, f"{path}.wal"):
                with contextlib.suppress(OSError):
                    os.remove(leftover)
        raise
    con.close()


def _register_incoming(con: duckdb.DuckDBPyConnection, posts: Any) -> None:
    """Expose the incoming rows as a view, whatever they arrive as (pandas, Arrow, a DuckDB relation, or rows in a
    file only DuckDB reads, such as importers.spool.SpooledFile: anything with relation(con))."""
    if hasattr(posts, "relation"):
        posts = posts.relation(con)
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
    replace: bool = False,
) -> dict[str, Any]:
    """Store one account's `posts` in a single transaction and record the import.

    `account` holds the `accounts` columns (platform and account required). `posts` is a pandas frame,
    an Arrow table or a DuckDB relation with the `posts` columns, or anything whose batches(con) yields
    those one after another (an X archive's tweet files, staged a batch at a time). An account already stored is merged by
    post id (see the module docstring) unless `replace`. Returns the `imports` row written (its `warnings`
    include what the store did: merged, dates left out, counts cleared). On any failure the database is
    exactly as it was, and a StoreError (a CloutlabError) says why.
    """
    platform, name = account["platform"], account["account"]
    warnings = list(warnings)
    account = clean.account_fields(account, warnings)
    post_cols = schema.column_names(schema.POSTS)
    quoted = ", ".join(f'"{c}"' for c in post_cols)
    key = [platform, name]
    where = "platform = ? AND account = ?"
    con.execute("BEGIN TRANSACTION")
    try:
        stored = con.execute(f"SELECT count(*) FROM {schema.POSTS} WHERE {where}", key).fetchone()[0]
        old_account = con.execute(f"SELECT * FROM {schema.ACCOUNTS} WHERE {where}", key).fetchone()
        merging = not replace and (stored or old_account)
        if merging:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_OLD} AS SELECT * FROM {schema.POSTS} WHERE {where}", key)
        con.execute(f"DELETE FROM {schema.POSTS} WHERE {where}", key)
        con.execute(f"DELETE FROM {schema.ACCOUNTS} WHERE {where}", key)
        inserted = 0
        for batch in posts.batches(con) if hasattr(posts, "batches") else [posts]:  # an X archive comes in batches
            _register_incoming(con, batch)
            inserted += con.execute(f"INSERT INTO {schema.POSTS} ({quoted}) SELECT {quoted} FROM {_INCOMING}").fetchall()[0][0]
        _check_owner(con, platform, name, inserted)
        if merging:
            account = _merge(con, account, old_account, stored, warnings)
        clean.clean_posts(con, platform, name, account, warnings)
        _check_not_empty(con, platform, name, warnings)
        acct_cols = schema.column_names(schema.ACCOUNTS)
        con.execute(f"INSERT INTO {schema.ACCOUNTS} VALUES ({', '.join('?' for _ in acct_cols)})",
                    [account.get(c) for c in acct_cols])
        record = _check_and_record(con, platform, name, source_file, fmt, list(engagement_fields), warnings)
        con.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        if isinstance(exc, duckdb.InterruptException):
            raise KeyboardInterrupt from None
        if isinstance(exc, duckdb.Error):
            raise write_error(platform, name, exc) from None
        raise
    finally:
        _unregister_incoming(con)
    return record


def write_error(platform: str, name: str, exc: BaseException) -> StoreError:
    """A DuckDB failure while writing, as one sentence; reading_rows when it is not the disk, memory or file."""
    text = str(exc).split("\n")[0]
    if "No space left" in text or "disk is full" in text.lower():
        return StoreError("The disk is full (DuckDB could not write the database or its temporary files); free some "
                          "space and import again: nothing was stored.")
    if isinstance(exc, (duckdb.IOException, duckdb.FatalException, duckdb.InternalException)) and not _staged(text):
        return StoreError(f"The database could not be read or written ({text[:120]}); it may be damaged: import into a "
                          "new --db file. Nothing was stored.")
    if "out of memory" in text.lower():
        return StoreError("There is not enough memory to store this export; close other programs or use a machine with "
                          "more memory.")
    return StoreError(f"Could not store {platform} account {name}: {text}", reading_rows=True)


def _staged(text: str) -> bool:
    """The failure names a staged file (on disk, or in memory under CLOUTLAB_NO_DISK), not the database."""
    return "cloutlab-stage-" in text or "/proc/self/fd/" in text


def _check_not_empty(con, platform: str, name: str, warnings: list[str]) -> None:
    """An account whose posts were all left out is not stored: every page and command needs a post to score."""
    if con.execute(f"SELECT count(*) FROM {schema.POSTS} WHERE platform = ? AND account = ?", [platform, name]).fetchone()[0]:
        return
    why = next((w for w in reversed(warnings) if "left out" in w), "none could be stored")
    raise StoreError(f"Nothing was imported: every post of {platform} account {name} was left out ({why.rstrip('.')}); "
                     "check that this is the right export, or download it again.")


def _check_owner(con, platform: str, name: str, inserted: int) -> None:
    """Every row just inserted is this account's. Counted in `posts` (which held none of its rows before the
    insert), not in the incoming view: an X archive's view is its whole JSON, which a second read parses again."""
    mine = con.execute(f"SELECT count(*) FROM {schema.POSTS} WHERE platform = ? AND account = ?", [platform, name]).fetchone()[0]
    wrong = inserted - mine
    if wrong:
        raise StoreError(f"Internal error: {wrong} incoming rows do not belong to {platform} account {name}.")


def _merge(con, account: dict[str, Any], old_account: tuple | None, stored: int, warnings: list[str]) -> dict[str, Any]:
    """Put the stored posts back beside the new ones; where both hold a post id, the newer export's row stays."""
    acct_cols = schema.column_names(schema.ACCOUNTS)
    old = dict(zip(acct_cols, old_account)) if old_account else {}
    new_rows, new_last = con.execute(f"SELECT count(*), max(created_at) FROM {schema.POSTS} WHERE platform = ? AND account = ?",
                                     [account["platform"], account["account"]]).fetchone()
    old_last, overlap = con.execute(
        f"SELECT max(created_at), count(*) FILTER (post_id IN (SELECT post_id FROM {schema.POSTS} "
        f"WHERE platform = $1 AND account = $2)) FROM {_OLD}", [account["platform"], account["account"]]).fetchone()
    old_date = old.get("exported_at") or old_last
    new_date = account.get("exported_at") or new_last
    old_newer = old_date is not None and (new_date is None or old_date > new_date)
    if old_newer:
        con.execute(f"DELETE FROM {schema.POSTS} WHERE platform = $1 AND account = $2 AND post_id IN (SELECT post_id FROM {_OLD})",
                    [account["platform"], account["account"]])
        con.execute(f"INSERT INTO {schema.POSTS} SELECT * FROM {_OLD}")
    else:
        con.execute(f"INSERT INTO {schema.POSTS} SELECT * FROM {_OLD} WHERE post_id NOT IN "
                    f"(SELECT post_id FROM {schema.POSTS} WHERE platform = $1 AND account = $2)",
                    [account["platform"], account["account"]])
    con.execute(f"DROP TABLE {_OLD}")
    newer, older = (old, account) if old_newer else (account, old)
    merged = {c: newer.get(c) if newer.get(c) is not None else older.get(c) for c in acct_cols}
    total = new_rows + stored - overlap
    warnings.append(
        f"{account['platform']} account {account['account']} was already stored, so this export was merged with it "
        f"by post id: {new_rows:,} posts here, {stored:,} stored, {overlap:,} in both (their counts come from the "
        f"{'stored' if old_newer else 'new'} export, the newer one), {total:,} posts now; to replace the stored posts "
        "instead, import with --replace."
    )
    return merged


def _unregister_incoming(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.unregister(_INCOMING)
    except duckdb.Error:
        pass
    with contextlib.suppress(duckdb.Error):
        con.execute(f"DROP VIEW IF EXISTS {_INCOMING}")
        con.execute(f"DROP TABLE IF EXISTS {_OLD}")


def _check_and_record(con, platform, name, source_file, fmt, engagement_fields, warnings) -> dict[str, Any]:
    """Validate what was just inserted (inside the transaction) and append the `imports` row."""
    (items, original, replies, self_replies, reposts, quotes, first, last, bad_kind) = con.execute(
        f"""SELECT count(*), count(*) FILTER (kind = 'original'), count(*) FILTER (kind = 'reply'),
                   count(*) FILTER (kind = 'reply' AND is_self_reply), count(*) FILTER (kind = 'repost'),
                   count(*) FILTER (kind = 'quote'), min(created_at), max(created_at),
                   count(*) FILTER (kind NOT IN {schema.KINDS})
            FROM {schema.POSTS} WHERE platform = $1 AND account = $2""",
        [platform, name],
    ).fetchone()
    # Ids held more than once, and how many extra rows they make: grouped by the ids' 64-bit hashes first
    # (3M tweet ids: +210 MB and 1.1 s, where count(DISTINCT post_id) beside a grouping by id took +360 MB and
    # 3.8 s), then only the ids whose hash repeats grouped exactly, so a collision is never a repeated id.
    dupe_id, dupes = con.execute(
        f"""SELECT any_value(post_id), coalesce(sum(n - 1), 0) FROM (
              SELECT post_id, count(*) AS n FROM {schema.POSTS}
              WHERE platform = $1 AND account = $2 AND hash(post_id) IN (
                SELECT h FROM (SELECT hash(post_id) AS h FROM {schema.POSTS} WHERE platform = $1 AND account = $2
                               GROUP BY h HAVING count(*) > 1))
              GROUP BY post_id HAVING count(*) > 1)""",
        [platform, name],
    ).fetchone()
    if bad_kind:
        raise StoreError(f"{bad_kind} rows have a kind other than {', '.join(schema.KINDS)}.")
    if dupes:
        raise StoreError(f"{dupes} {'post shares' if dupes == 1 else 'posts share'} an id with another post of "
                         f"the same account (for example id {str(dupe_id)[:40]}); the export looks damaged.",
                         duplicate_id=str(dupe_id))
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


def account_keys(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Every stored account's (platform, account), in that order: the one query the command line, the
    app's dataset list and the cohort read."""
    rows = con.execute(f"SELECT platform, account FROM {schema.ACCOUNTS} ORDER BY platform, account").fetchall()
    return [(str(p), str(a)) for p, a in rows]


def keys_with_posts(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """The (platform, account) pairs that have at least one post (an account row alone cannot be scored)."""
    return {(str(p), str(a)) for p, a in con.execute(f"SELECT DISTINCT platform, account FROM {schema.POSTS}").fetchall()}


def accounts(con: duckdb.DuckDBPyConnection):
    """Every stored account with its item count and date range (a pandas frame, one row per account)."""
    return con.execute(
        f"""SELECT a.*, count(p.post_id) AS items, min(p.created_at) AS first_at, max(p.created_at) AS last_at
            FROM {schema.ACCOUNTS} a LEFT JOIN {schema.POSTS} p USING (platform, account)
            GROUP BY ALL ORDER BY a.platform, a.account"""
    ).df()


def display_names(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str | None]:
    """(platform, account) -> the display name the export gave (None where it gave none)."""
    rows = con.execute(f"SELECT platform, account, display_name FROM {schema.ACCOUNTS}").fetchall()
    return {(platform, account): name for platform, account, name in rows}
