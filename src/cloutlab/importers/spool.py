"""Posts rows of the exports that grow with years, kept off the Python heap (issue 26, item 3).

A Python dict per row costs about ten times the row's Arrow columns: 300,000 Facebook posts held as dicts and
sorted in Python peaked near 1 GB however the file was read. A RowSpool takes rows one at a time and turns
every BATCH of them into an Arrow record batch; from the second batch on they go to a Parquet file that has
no name in any folder (O_TMPFILE; an anonymous memory file under CLOUTLAB_NO_DISK), so memory holds about one
batch whatever the export's size, and nothing is left on disk however the process ends. finish() sorts and
de-duplicates: one batch in DuckDB as it is; rows on disk without DuckDB ever sorting or grouping whole rows
(_sorted_file: fixed-width keys and hashes sorted and grouped, the rows then dealt out in that order, so memory
follows 8 bytes a row, not the texts; it spills what it can to a private staging folder), and gives the store either
a small Arrow table or a SpooledFile, the sorted Parquet file that the store's DuckDB reads batch by batch
(a pyarrow dataset read ahead 16 batches: 100 MB more); the file is closed, and its disk freed, when nothing
refers to it any more.

Each row carries its arrival number (SEQ): sorting on (key..., SEQ) is Python's stable sort, and rows of a
file read twice (streamed, then whole after all) are dropped by their numbers (drop_since). A spool made with
derived=True (the generic CSV's) marks the rows whose post id is made from their content (DERIVED): finish()
numbers those ids that repeat, -2, -3... in arrival order (csv_generic's rule), so no counter of every id seen
stays in memory.
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
from cloutlab.store.guard import raw_connect, scratch

BATCH = 20_000
SEQ = "_seq"
SCHEMA = POSTS_ARROW.append(pa.field(SEQ, pa.int64()))
DERIVED = "_derived"  # True: the row's post id was made from its content, numbered when it repeats
_WITH_DERIVED = SCHEMA.append(pa.field(DERIVED, pa.bool_()))
_NAMES = POSTS_ARROW.names
# No memory limit on DuckDB: 2.0 spills a sort or GROUP BY of long texts poorly (150,000 posts of 1.5 KB ran out of a
# 320 MB limit, and so did a sort of their keys alone, 100 MB), and an import that worked must not fail. So the rows
# on disk are never sorted whole (_sorted_file): what DuckDB sorts is fixed-width. One thread: two doubled its memory.


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
    def __init__(self, batch: int | None = None, *, defer_errors: bool = True, derived: bool = False):
        self.batch = batch or BATCH
        self.derived = derived  # rows may be marked DERIVED (their ids numbered when they repeat)
        self.schema = _WITH_DERIVED if derived else SCHEMA
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
        if self.derived:
            columns[DERIVED] = [r.get(DERIVED, False) for r in rows]
        self.seq += len(rows)
        try:
            batch = pa.RecordBatch.from_pydict(columns, schema=self.schema)
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
            self._writer = pq.ParquetWriter(path, self.schema, compression="lz4")
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
        (networks.unique_ids' rule); `account` fills the account column (known only after the last row); in a
        derived spool, the post ids of rows marked DERIVED that repeat numbered -2, -3... in arrival order."""
        try:
            self._flush()
            if self.failed is not None:
                return Spooled(None, 0, 0, None, None, self.failed)
            if order or dedupe or account is not None or self.dropped or (self.derived and self._renumber()):
                return self._query(order, dedupe, account)
            if self._fd is None:  # arrival order, all in memory: the batches as they are
                return _stats(pa.Table.from_batches(self.batches, SCHEMA).drop_columns([SEQ]))
            if self._writer is not None:  # arrival order, on disk: the file as it is
                self._writer.close()
                self._writer = None
            fd, self._fd = self._fd, None
            return _on_disk(fd)
        finally:
            self.close()
            # Arrow's allocator (mimalloc) keeps what the batches used: given back before the store reads the rows
            # (FB 300,000 posts: the store began 30 MB lower and peaked 47 MB lower).
            pa.default_memory_pool().release_unused()

    def _renumber(self) -> bool:
        """Whether any DERIVED id repeats (a 2 GB CSV whose ids do not is its spilled file as it is, unsorted)."""
        if self._writer is None:
            return True  # one batch in memory: _query numbers it, cheaply
        self._writer.close()
        self._writer = None
        with _private(True) as con:
            return bool(con.execute(f"SELECT count(*) FROM ({_derived_repeats(f'read_parquet({_fd_path(self._fd)!r})')})"
                                    ).fetchall()[0][0])

    def _query(self, order: tuple[str, ...], dedupe: bool, account: str | None) -> Spooled:
        """Identical rows kept once (the first arrival kept), the post ids still repeated numbered in sorted order,
        one sort. Rows in memory (one batch): three DuckDB steps over them. Rows on disk: _sorted_file, which
        never sorts whole rows (DuckDB 2.0 did not spill a sort of long texts: 150,000 posts of 1.5 KB ran out
        of a 320 MB limit) but works out each row's rank from its keys, then deals the rows out in that order."""
        keep = " AND ".join(f"NOT ({SEQ} >= {a} AND {SEQ} < {b})" for a, b in self.dropped) or "true"
        if self._writer is not None or self._fd is not None:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            return _sorted_file(self._fd, self.seq, keep, order, dedupe, account, self.schema)
        cols = ", ".join(f'"{n}"' for n in _NAMES)
        rows = f"SELECT * FROM spool_rows WHERE {keep}"
        if account is not None:
            rows = f"SELECT * REPLACE ($account AS account) FROM ({rows})"
        key = ", ".join([*order, SEQ])
        params = {"account": account} if account is not None else None
        out = cols
        with _private(False) as con:
            con.register("spool_rows", pa.Table.from_batches(self.batches, self.schema))
            self.batches = []
            total = con.execute(f"SELECT count(*) FROM ({rows})", params).fetchall()[0][0]
            kept = f"({rows})"
            if self.derived:
                numbered = (f"SELECT {SEQ}, row_number() OVER (PARTITION BY post_id ORDER BY {SEQ}) AS _n FROM {kept} "
                            f"WHERE {DERIVED} AND post_id IN ({_derived_repeats(kept)})")
                kept = f"(SELECT * FROM {kept} LEFT JOIN ({numbered}) USING ({SEQ}))"
                out = cols.replace('"post_id"', "CASE WHEN _n > 1 THEN post_id || '-' || _n ELSE post_id END AS post_id")
            if dedupe:
                con.execute(f"CREATE TEMP TABLE spool_kept AS SELECT {cols}, min({SEQ}) AS {SEQ} FROM ({rows}) GROUP BY ALL",
                            params)
                kept, params = "spool_kept", None
                repeated = f"SELECT post_id FROM {kept} GROUP BY post_id HAVING count(*) > 1"
                numbered = (f"SELECT {SEQ}, row_number() OVER (PARTITION BY post_id ORDER BY {key}) AS _n FROM {kept} "
                            f"WHERE post_id IN ({repeated})")
                kept = f"(SELECT * FROM {kept} LEFT JOIN ({numbered}) USING ({SEQ}))"
                out = cols.replace('"post_id"', "CASE WHEN _n > 1 THEN post_id || '-' || _n ELSE post_id END AS post_id")
            # Renamed in the output only: the sort is on the ids as read (networks.unique_ids sorts, then numbers),
            # and a bare name in ORDER BY would mean the output's renamed column.
            key = ", ".join(f'k."{t}"' if t.isidentifier() else t for t in [*order, SEQ])
            table = con.sql(f"SELECT {out} FROM {kept} AS k ORDER BY {key}", params=params).to_arrow_table().cast(POSTS_ARROW)
            return _stats(table, total - table.num_rows)


_FIXED = ("TIMESTAMP", "INTEGER", "BIGINT", "BOOLEAN", "DATE", "DOUBLE")
DEAL_BYTES = 8 << 20  # rows (their Parquet size) dealt out at a time, and held in one bucket
PREFIX = 16  # characters of a text key sorted in the first pass; rows alike so far are sorted again, whole


def _fd_path(fd: int) -> str:
    return f"/proc/self/fd/{fd}"


def _derived_repeats(rows: str) -> str:
    """The post ids of rows marked DERIVED that repeat among them (grouped by hash first: a few candidates)."""
    cand = (f"SELECT post_id FROM {rows} WHERE {DERIVED} AND hash(post_id) IN "
            f"(SELECT hash(post_id) FROM {rows} WHERE {DERIVED} GROUP BY 1 HAVING count(*) > 1)")
    return f"SELECT post_id FROM ({cand}) GROUP BY post_id HAVING count(*) > 1"


def _sorted_file(fd: int, count: int, keep: str, order: tuple[str, ...], dedupe: bool, account: str | None,
                 schema: pa.Schema = SCHEMA) -> Spooled:
    """The rows of the spool's Parquet file (`fd`, SEQ 0..count-1), the same as _query's three steps give, in a new
    unnamed Parquet file. What DuckDB sorts or groups is a few fixed-width columns per row, never the texts:
    - identical rows: the rows' hashes grouped; only rows whose hash repeats compared whole (a few, in an export);
    - repeated post ids: the same, by the post id's hash; the rows of an id repeated numbered in sorted order;
    - the order: the keys up to the first long text, that text's first PREFIX characters, then SEQ (fixed width);
      rows equal on all of that sorted again by the whole key (the few that share a time, a kind and a beginning);
    - the rows are then dealt out in that order (_deal): memory holds a batch and a bucket of rows.
    The SEQ of each row's place in the output (a numpy array, 8 bytes a row) is all that grows with the rows."""
    import numpy as np

    cols = ", ".join(f'"{n}"' for n in _NAMES)
    source = f"read_parquet('/proc/self/fd/{fd}')"
    rows = f"SELECT * FROM {source} WHERE {keep}"
    if account is not None:
        rows = f"SELECT * REPLACE ($account AS account) FROM ({rows})"
    params = {"account": account} if account is not None else None
    key = ", ".join([*order, SEQ])
    dropped = renamed = None
    with _private(True) as con:
        total = con.execute(f"SELECT count(*) FROM ({rows})", params).fetchall()[0][0]
        kept = f"({rows})"
        if dedupe:
            # Identical rows: a repeated hash first, then the candidates whole (GROUP BY ALL's rule: NULLs alike).
            cand = f"SELECT * FROM {kept} WHERE hash({cols}) IN (SELECT hash({cols}) FROM {kept} GROUP BY 1 HAVING count(*) > 1)"
            dropped = con.sql(f"SELECT {SEQ} FROM (SELECT {SEQ}, row_number() OVER (PARTITION BY {cols} ORDER BY {SEQ}) AS _r "
                              f"FROM ({cand})) WHERE _r > 1", params=params).to_arrow_table()
            con.register("spool_dropped", dropped)
            kept = f"(SELECT * FROM {kept} ANTI JOIN spool_dropped USING ({SEQ}))"
            # Post ids still repeated: numbered in sorted order, the first left as it is.
            cand = (f"SELECT * FROM {kept} WHERE hash(post_id) IN "
                    f"(SELECT hash(post_id) FROM {kept} GROUP BY 1 HAVING count(*) > 1)")
            renamed = con.sql(f"SELECT {SEQ}, post_id || '-' || _n AS _new FROM (SELECT {SEQ}, post_id, row_number() OVER "
                              f"(PARTITION BY post_id ORDER BY {key}) AS _n FROM ({cand})) WHERE _n > 1",
                              params=params).to_arrow_table()
            # The new ids are written as the rows are dealt out (_deal): the order is the ids' as read (networks.
            # unique_ids sorts, then numbers).
        if DERIVED in schema.names:  # ids made from content: repeats numbered in arrival order
            renamed = con.sql(f"SELECT {SEQ}, post_id || '-' || _n AS _new FROM (SELECT {SEQ}, post_id, row_number() OVER "
                              f"(PARTITION BY post_id ORDER BY {SEQ}) AS _n FROM {kept} WHERE {DERIVED} AND post_id IN "
                              f"({_derived_repeats(kept)})) WHERE _n > 1", params=params).to_arrow_table()
        seqs = _order(con, kept, params, order) if order else None
        if seqs is None:  # arrival order
            seqs = np.concatenate([b.column(0).to_numpy() for b in con.sql(f"SELECT {SEQ} FROM {kept} ORDER BY {SEQ}",
                                                                             params=params).to_arrow_reader(BATCH)]
                                  or [np.empty(0, np.int64)])
        rank = np.full(count, -1, dtype=np.int64)
        rank[seqs] = np.arange(len(seqs), dtype=np.int64)
        rows_out = len(seqs)
        del seqs
        new_ids = dict(zip(renamed.column(SEQ).to_pylist(), renamed.column("_new").to_pylist())) if renamed is not None else {}
        out = _deal(con, fd, rank, rows_out, new_ids, account, schema)
    done = _on_disk(out)
    return Spooled(done.posts, done.rows, total - done.rows, done.first, done.last)


def _order(con, kept: str, params, order: tuple[str, ...]):
    """The SEQ of the rows of `kept` sorted by (order..., SEQ), as a numpy array, without sorting long texts
    (_sorted_file): a first sort by fixed-width keys, then the rows still tied sorted again, whole."""
    import numpy as np

    types = [str(t) for t in con.sql(f"SELECT {', '.join(order)} FROM {kept}", params=params).types]
    texts = [e for e, t in zip(order, types) if t == "VARCHAR"]
    longest = con.execute(f"SELECT {', '.join(f'max(length({e}))' for e in texts)} FROM {kept}",
                          params).fetchall()[0] if texts else ()
    longest = dict(zip(texts, longest))
    first, exact = [], True
    for e, t in zip(order, types):
        if t in _FIXED:
            first.append(e)
        elif t == "VARCHAR" and (longest[e] or 0) <= PREFIX:  # short (a kind): as it is
            first.append(e)
        elif t == "VARCHAR":
            first.append(f"substr({e}, 1, {PREFIX})")
            exact = False
            break
        else:
            exact = False
            break
    if exact:  # the keys themselves are short: one sort
        first = list(order)
    # The keys computed first, in a projection of their own: a window over `kept` itself held every column.
    head = ", ".join(f"_k{i}" for i in range(len(first))) or "NULL"
    keys = ", ".join(f"{e} AS _k{i}" for i, e in enumerate(first))
    ranked = con.sql(f"SELECT {SEQ}, count(*) OVER (PARTITION BY {head}) > 1 AS _tied FROM (SELECT {SEQ}, {keys} FROM {kept}) "
                     f"ORDER BY {head}, {SEQ}", params=params)
    seqs, tied = [], []
    for batch in ranked.to_arrow_reader(BATCH):
        progress.check()
        seqs.append(batch.column(0).to_numpy())
        tied.append(batch.column(1).to_numpy(zero_copy_only=False))
    if not seqs:
        return np.empty(0, np.int64)
    seqs, tied = np.concatenate(seqs), np.concatenate(tied)
    if exact or not tied.any():
        return seqs
    con.register("spool_tied", pa.table({SEQ: seqs[tied]}))
    again = con.sql(f"SELECT {SEQ} FROM {kept} SEMI JOIN spool_tied USING ({SEQ}) ORDER BY {', '.join([*order, SEQ])}",
                    params=params)
    # The tied rows are grouped as the first sort grouped them (its keys are a coarser form of the whole key),
    # so the whole sort of all of them, in turn, fills their places.
    seqs[tied] = np.concatenate([b.column(0).to_numpy() for b in again.to_arrow_reader(BATCH)])
    return seqs


def _deal(con, fd: int, rank, rows: int, new_ids: dict[int, str], account: str | None, schema: pa.Schema = SCHEMA) -> int:
    """The rows of the Parquet file `fd` whose rank is >= 0 (rank[SEQ]), in rank order, into a new unnamed Parquet
    file (POSTS_ARROW): one pass deals each batch out to buckets of BATCH consecutive ranks (Arrow IPC pieces in an
    unnamed file), then each bucket is read back, sorted in memory and written. Returns the new file's fd.
    Batches and buckets hold about DEAL_BYTES of rows (by the file's mean row size): long texts, fewer rows."""
    import numpy as np
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(f"/proc/self/fd/{fd}").metadata
    row_bytes = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)) / max(meta.num_rows, 1)
    size = max(1, min(BATCH, int(DEAL_BYTES / max(row_bytes, 1))))
    buckets = max(1, -(-rows // size))
    pieces: list[list[tuple[int, int]]] = [[] for _ in range(buckets)]
    dealt = schema.append(pa.field("_rank", pa.int64()))
    tmp, _ = _anonymous_file()
    out, path = _anonymous_file()
    try:
        with os.fdopen(os.dup(tmp), "wb") as spill:
            # DuckDB's reader, batch by batch: pyarrow's held about ten of the file's row groups at once (mimalloc)
            for batch in con.sql(f"SELECT * FROM read_parquet('/proc/self/fd/{fd}')").to_arrow_reader(size):
                progress.check()
                r = rank[batch.column(SEQ).to_numpy()]
                at = np.nonzero(r >= 0)[0]
                if not len(at):
                    continue
                bucket = r[at] // size
                by = np.argsort(bucket, kind="stable")
                at, bucket = at[by], bucket[by]
                part = pa.RecordBatch.from_arrays([*batch.take(pa.array(at)).columns, pa.array(r[at])], schema=dealt)
                bounds = np.searchsorted(bucket, np.arange(buckets + 1))
                for k in np.nonzero(np.diff(bounds))[0]:
                    data = part.slice(bounds[k], bounds[k + 1] - bounds[k]).serialize()
                    pieces[k].append((spill.tell(), data.size))
                    spill.write(data)
        with pq.ParquetWriter(path, POSTS_ARROW, compression="lz4") as writer:
            for k in range(buckets):
                progress.check()
                table = pa.Table.from_batches([pa.ipc.read_record_batch(pa.py_buffer(os.pread(tmp, n, at)), dealt)
                                               for at, n in pieces[k]], dealt)
                table = table.take(pc.sort_indices(table.column("_rank")))
                if new_ids and pc.any(pc.is_in(table.column(SEQ), value_set=pa.array(list(new_ids), pa.int64()))).as_py():
                    ids = table.column("post_id").to_pylist()
                    for i, seq in enumerate(table.column(SEQ).to_pylist()):
                        if seq in new_ids:
                            ids[i] = new_ids[seq]
                    table = table.set_column(table.schema.get_field_index("post_id"), "post_id", pa.array(ids, pa.string()))
                if account is not None:
                    table = table.set_column(table.schema.get_field_index("account"), "account",
                                             pa.array([account] * table.num_rows, pa.string()))
                writer.write_table(table.select(list(_NAMES)).cast(POSTS_ARROW))
    except BaseException:
        os.close(out)
        raise
    finally:
        os.close(tmp)
    return out


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
        con = scratch(temp_directory="")  # a count and two dates: never a spill (CLOUTLAB_NO_DISK)
        try:
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
        if spilled:
            spill = stack.enter_context(staging.staging_dir()) if not no_disk() else ""
            con = raw_connect()
            stack.callback(con.close)  # before the staging folder goes (the stack unwinds last in, first out)
            con.execute(f"SET temp_directory = '{spill}'")
            if spill:
                con.execute("SET threads = 1")
        else:
            con = scratch(temp_directory="")  # never spills: the rows are in memory
            stack.callback(con.close)
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
