"""Posts rows of the exports that grow with years, kept off the Python heap (issue 26, item 3).

A Python dict per row costs about ten times the row's Arrow columns: 300,000 Facebook posts held as dicts and
sorted in Python peaked near 1 GB however the file was read. A RowSpool takes rows one at a time and turns
every BATCH of them into an Arrow record batch; from the second batch on they go to a Parquet file that has
no name in any folder (O_TMPFILE; an anonymous memory file under CLOUTLAB_NO_DISK), so memory holds about one
batch whatever the export's size, and nothing is left on disk however the process ends. finish() sorts and
de-duplicates in DuckDB (its memory follows the rows' compact size there, a third of the Python dicts'; it
spills what it can to a private staging folder), and gives the store either
a small Arrow table or a SpooledFile, the sorted Parquet file that the store's DuckDB reads batch by batch
(a pyarrow dataset read ahead 16 batches: 100 MB more); the file is closed, and its disk freed, when nothing
refers to it any more.

Each row carries its arrival number (SEQ): sorting on (key..., SEQ) is Python's stable sort, and rows of a
file read twice (streamed, then whole after all) are dropped by their numbers (drop_since).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import tempfile
import weakref
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cloutlab.disk import no_disk
from cloutlab.errors import CloutlabError
from cloutlab.importers import progress, staging
from cloutlab.importers.common import POSTS_ARROW

BATCH = 20_000
SEQ = "_seq"
SCHEMA = POSTS_ARROW.append(pa.field(SEQ, pa.int64()))
_NAMES = POSTS_ARROW.names
# No memory limit on the sort: DuckDB 2.0 spills a sort or GROUP BY of long texts poorly (150,000 posts of
# 1.5 KB ran out of a 320 MB limit, a window over them used 650 MB), and an import that worked must not fail.
# One thread: two doubled its memory.


def _anonymous_file() -> tuple[int, str]:
    """A file with no name in any folder: (fd, the path DuckDB and pyarrow open it by)."""
    if no_disk():
        fd = os.memfd_create("cloutlab-spool", os.MFD_CLOEXEC)
    else:
        try:
            fd = os.open(tempfile.gettempdir(), os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600)
        except OSError as exc:  # a file system without O_TMPFILE: a named file, unlinked at once
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
            fd, name = tempfile.mkstemp(prefix=f"{staging.PREFIX}{os.getpid()}-spool-")
            os.unlink(name)
    return fd, f"/proc/self/fd/{fd}"


@dataclass(frozen=True)
class Spooled:
    """The rows, ready for the store: `posts` (Arrow table or dataset), how many, how many identical repeats
    were dropped, and the first and last dates (None when there are no rows)."""

    posts: Any
    rows: int
    repeats: int
    first: dt.datetime | None
    last: dt.datetime | None
    failed: BaseException | None = None

    def table(self) -> Any:
        """The posts for Parsed; a row Arrow refused is raised here, where the whole table used to be built
        (after the importer's other files were read, so their errors come first, as before)."""
        if self.failed is not None:
            raise self.failed
        return self.posts


class RowSpool:
    def __init__(self, batch: int | None = None, *, defer_errors: bool = True):
        self.batch = batch or BATCH
        self.defer_errors = defer_errors  # False: a row Arrow refuses is raised at once (Mastodon always did so)
        self.pending: list[dict[str, Any]] = []
        self.batches: list[pa.RecordBatch] = []  # in memory until a second batch comes
        self.seq = 0  # rows turned into batches so far
        self.dropped: list[tuple[int, int]] = []  # [start, end) ranges of SEQ to leave out
        self.failed: BaseException | None = None  # a row Arrow would not take: raised by Spooled.table()
        self._fd: int | None = None  # the spilled rows' file, from the second batch on
        self._writer: Any = None  # a pyarrow.parquet.ParquetWriter

    def add(self, row: dict[str, Any]) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.batch:
            self._flush()

    def mark(self) -> int:
        return self.seq + len(self.pending)

    def drop_since(self, mark: int) -> None:
        """Leave out every row added since mark() gave `mark` (a file read again whole)."""
        if mark >= self.seq:
            del self.pending[mark - self.seq:]
        else:
            self.dropped.append((mark, self.seq))
            self.pending.clear()

    def _flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows or self.failed is not None:
            return
        columns: dict[str, Any] = {n: [r[n] for r in rows] for n in _NAMES}
        columns[SEQ] = pa.array(range(self.seq, self.seq + len(rows)), pa.int64())
        self.seq += len(rows)
        try:
            batch = pa.RecordBatch.from_pydict(columns, schema=SCHEMA)
        except (pa.ArrowException, ValueError, TypeError, OverflowError) as exc:
            if not self.defer_errors:
                raise
            # The rows were built whole, then converted, before: a row Arrow refuses is said after every
            # error of the items read after it. Keep it for finish(); the remaining rows are not converted.
            self.failed = exc
            return
        del rows, columns
        progress.check()
        if self._writer is None and not self.batches:
            self.batches.append(batch)
            return
        if self._writer is None:
            import pyarrow.parquet as pq

            self._fd, path = _anonymous_file()
            self._writer = pq.ParquetWriter(path, SCHEMA, compression="lz4")
            for held in self.batches:
                self._writer.write_batch(held)
            self.batches = []
        self._writer.write_batch(batch)

    def close(self) -> None:
        """Discard everything (an import abandoned, or read again another way)."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
            self._writer = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.batches, self.pending = [], []

    def finish(self, order: tuple[str, ...] = (), dedupe: bool = False, account: str | None = None) -> Spooled:
        """The rows, sorted by `order` (SQL expressions, then arrival) when given, else in arrival order; with
        dedupe, identical rows kept once and post ids still repeated given a suffix -2, -3... in sorted order
        (networks.unique_ids' rule); `account` fills the account column (known only after the last row)."""
        try:
            self._flush()
            if self.failed is not None:
                return Spooled(None, 0, 0, None, None, self.failed)
            if order or dedupe or account is not None or self.dropped:
                return self._query(order, dedupe, account)
            if self._writer is None:  # arrival order, all in memory: the batches as they are
                return _stats(pa.Table.from_batches(self.batches, SCHEMA).drop_columns([SEQ]))
            self._writer.close()  # arrival order, on disk: the file as it is
            self._writer = None
            fd, self._fd = self._fd, None
            return _on_disk(fd)
        finally:
            self.close()

    def _query(self, order: tuple[str, ...], dedupe: bool, account: str | None) -> Spooled:
        """Three steps that each spill to disk rather than grow (a window over whole rows did not: DuckDB ran out
        of its memory on 150,000 posts of 1.5 KB): identical rows kept once (GROUP BY, the first arrival kept),
        the post ids still repeated numbered in sorted order (a window over those rows only), one sort."""
        spilled = self._writer is not None
        if spilled:
            self._writer.close()
            self._writer = None
        keep = " AND ".join(f"NOT ({SEQ} >= {a} AND {SEQ} < {b})" for a, b in self.dropped) or "true"
        cols = ", ".join(f'"{n}"' for n in _NAMES)
        source = f"read_parquet('/proc/self/fd/{self._fd}')" if spilled else "spool_rows"
        rows = f"SELECT * FROM {source} WHERE {keep}"
        if account is not None:
            rows = f"SELECT * REPLACE ($account AS account) FROM ({rows})"
        key = ", ".join([*order, SEQ])
        params = {"account": account} if account is not None else None
        with _private(spilled) as con, contextlib.ExitStack() as files:
            if not spilled:
                con.register("spool_rows", pa.Table.from_batches(self.batches, SCHEMA))
                self.batches = []
            total = con.execute(f"SELECT count(*) FROM ({rows})", params).fetchall()[0][0]
            kept = f"({rows})"
            if dedupe:
                kept = _materialize(con, f"SELECT {cols}, min({SEQ}) AS {SEQ} FROM ({rows}) GROUP BY ALL", params,
                                    spilled, files)
                params = None
                repeated = f"SELECT post_id FROM {kept} GROUP BY post_id HAVING count(*) > 1"
                numbered = (f"SELECT {SEQ}, row_number() OVER (PARTITION BY post_id ORDER BY {key}) AS _n FROM {kept} "
                            f"WHERE post_id IN ({repeated})")
                kept = (f"(SELECT * REPLACE (CASE WHEN _n > 1 THEN post_id || '-' || _n ELSE post_id END AS post_id) "
                        f"FROM {kept} LEFT JOIN ({numbered}) USING ({SEQ}))")
            final = f"SELECT {cols} FROM {kept} ORDER BY {key}"
            if not spilled:
                table = con.sql(final, params=params).to_arrow_table().cast(POSTS_ARROW)
                return _stats(table, total - table.num_rows)
            fd = _write(con, final, params, POSTS_ARROW)
        done = _on_disk(fd)
        return Spooled(done.posts, done.rows, total - done.rows, done.first, done.last)


def _materialize(con, query: str, params, spilled: bool, files: contextlib.ExitStack) -> str:
    """The query's rows kept for the next steps: a temporary table when few, else an unnamed Parquet file."""
    if not spilled:
        con.execute(f"CREATE TEMP TABLE spool_kept AS {query}", params)
        return "spool_kept"
    fd = _write(con, query, params, SCHEMA)
    files.callback(os.close, fd)
    return f"read_parquet('/proc/self/fd/{fd}')"


def _write(con, query: str, params, schema: pa.Schema) -> int:
    """The query's rows into a new unnamed Parquet file, batch by batch: its fd."""
    import pyarrow.parquet as pq  # here: its file systems cost 100 MB of address space to every import

    fd, path = _anonymous_file()
    try:
        with pq.ParquetWriter(path, schema, compression="lz4") as out:
            for batch in con.sql(query, params=params).to_arrow_reader(BATCH):
                progress.check()
                out.write_batch(batch.cast(schema))
    except BaseException:
        os.close(fd)
        raise
    return fd


class SpooledFile:
    """Posts in an unnamed Parquet file, for the store: it reads them with DuckDB's own Parquet reader (relation),
    batch by batch and in order. The file stays open, so readable, while this object lives."""

    def __init__(self, fd: int, rows: int):
        self.path, self.rows = f"/proc/self/fd/{fd}", rows
        weakref.finalize(self, os.close, fd)

    def __len__(self) -> int:
        return self.rows

    def relation(self, con):
        return con.read_parquet(self.path)


def _on_disk(fd: int) -> Spooled:
    """The rows in the Parquet file open as `fd`."""
    try:
        con = duckdb.connect()
        try:
            con.execute("SET temp_directory = ''")  # a count and two dates: never a spill (CLOUTLAB_NO_DISK)
            n, first, last = con.execute(f"SELECT count(*), min(created_at), max(created_at) FROM "
                                         f"read_parquet('/proc/self/fd/{fd}')").fetchall()[0]
        finally:
            con.close()
    except BaseException:
        os.close(fd)
        raise
    return Spooled(SpooledFile(fd, n), n, 0, first, last)


def _stats(table: pa.Table, repeats: int = 0) -> Spooled:
    dates = table.column("created_at")
    first = pc.min(dates).as_py() if table.num_rows else None
    last = pc.max(dates).as_py() if table.num_rows else None
    return Spooled(table, table.num_rows, repeats, first, last)


@contextlib.contextmanager
def _private(spilled: bool):
    """A DuckDB connection of the spool's own (never the store's), on one thread and spilling to a staging
    folder when the rows are on disk, interrupted by the import's Cancel."""
    with contextlib.ExitStack() as stack:
        spill = stack.enter_context(staging.staging_dir()) if spilled and not no_disk() else ""
        con = duckdb.connect()
        stack.callback(con.close)  # before the staging folder goes (the stack unwinds last in, first out)
        con.execute(f"SET temp_directory = '{spill}'")
        if spill:
            con.execute("SET threads = 1")
        p = progress.current()
        if p is not None:
            p.cons.append(con)
            stack.callback(p.cons.remove, con)
        try:
            yield con
        except duckdb.InterruptException:
            progress.check()
            raise KeyboardInterrupt from None
        except duckdb.Error as exc:
            text = str(exc).split("\n")[0]
            if "No space left" in text or "disk is full" in text.lower():
                raise CloutlabError("The disk is full: there was no room for the temporary files of this import (in "
                                    f"{tempfile.gettempdir()}); free some space or set TMPDIR to a bigger disk, then "
                                    "import again. Nothing was stored.") from None
            raise CloutlabError(f"Could not sort the posts of this export ({text[:160]}); nothing was stored.") from None
