"""Posts turned once into numpy columns, so a slider move costs array arithmetic, not a DuckDB pass.

A `Prepared` holds what the transforms and the fast daily frame need: (platform, day) cells, kind codes,
received counts with their validity, mentions as integer ids of their lower-cased text (the frame counts
distinct `lower(mention)`), and the baseline's per-cell sums and frame. The UI keeps one per dataset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cloutlab import schema
from cloutlab.activity import RING
from cloutlab.whatif.sums import N_CODES, Sums, distinct, row_sums

US_PER_DAY = 86_400_000_000
_EPOCH = dt.date(1970, 1, 1)
RECEIVED = schema.ENGAGEMENT_FIELDS  # the posts' received counts (the frame's activity.RECEIVED, in order)
# Kind codes. Replies are split by is_self_reply because the frame counts the two apart; OTHER is a kind
# outside schema.KINDS, which the frame counts in `items` only and the transforms never touch.
ORIGINAL, REPLY, SELF_REPLY, REPOST, QUOTE, OTHER = range(N_CODES)
CODE_KIND = ("original", "reply", "reply", "repost", "quote")
# Where the person has no reply targets of their own, new replies go to these stand-in accounts.
STAND_INS = tuple(f"reader_{i:02d}" for i in range(1, 21))


BATCHES = 7  # a day's items are cut, in time order, into this many batches that repeat together (transforms.py)
DONOR_SPAN = 8  # a re-kinded item borrows the reactions of one of the 8 originals posted just before it


@dataclass(frozen=True, eq=False)
class Prepared:
    posts: pa.Table
    platforms: tuple[str, ...]  # sorted, as the frame orders them
    plat: np.ndarray  # int8 index into platforms, per row
    day: np.ndarray  # int32 days since d0, per row
    d0: int  # first day with data, days since 1970-01-01
    n_days: int
    cell: np.ndarray  # intp plat * n_days + day, per row
    batch: np.ndarray  # intp cell * BATCHES + which seventh of its cell's items (in time order) it is in
    code: np.ndarray  # int8 kind code, per row
    recv: np.ndarray  # int32 [4, n]: likes, reposts, replies, quotes received (0 where NULL)
    valid: np.ndarray  # bool [4, n]: the count is present on the row
    known: np.ndarray  # bool [n_platforms, 4]: the platform's export carries that count at all
    likes_uniform: bool  # on each platform, likes are on every row or on none (a ring's likes need no row pass)
    ring: np.ndarray  # int64 per row (0 when the posts carry no ring_likes column)
    mentions: Mentions
    donors: Donors
    sums: Sums  # per cell, of every row
    batch_sums: Sums  # per batch, of every row
    mentioned: np.ndarray  # distinct accounts mentioned per cell
    baseline: pd.DataFrame | None = None  # the daily frame (whatif.prepare fills it)
    # Random draws a transform makes per row whatever its slider's value, kept after the first scenario
    # that needs them (transforms.share_draws): drawing them anew took 7 ms per share slider per move.
    draws: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return self.posts.num_rows

    @property
    def counted(self) -> np.ndarray:
        """The received counts some platform's export carries (the others are NULL everywhere)."""
        return np.flatnonzero(self.known.any(axis=0))

    @property
    def n_cells(self) -> int:
        return len(self.platforms) * self.n_days

    @property
    def first_date(self) -> dt.date:
        return _EPOCH + dt.timedelta(days=self.d0)

    @property
    def last_date(self) -> dt.date:
        return _EPOCH + dt.timedelta(days=self.d0 + self.n_days - 1)


@dataclass(frozen=True, eq=False)
class Mentions:
    """Mentions as ids of their lower-cased text (the frame counts distinct lower(mention) per day)."""

    off: np.ndarray  # int64 [n + 1]: row i's mentions are id[off[i]:off[i + 1]]
    id: np.ndarray  # int64; -1 for a NULL element
    n_ids: int
    length: np.ndarray  # int64 mentions per row
    pair_row: np.ndarray  # int64 per non-NULL mention: its row
    cell_keys: np.ndarray  # int64 per non-NULL mention: cell * n_ids + id
    unique_cell_keys: np.ndarray  # sorted distinct cell_keys
    unique_batch_keys: np.ndarray  # sorted distinct batch * n_ids + id
    target: pa.Array  # per row: the first mention (a new reply addresses them), NULL if none
    has_target: np.ndarray  # bool: target is not NULL
    pool: pa.Array  # reply targets to draw from for rows that mention no one
    pool_id: np.ndarray  # int64 id of lower(pool[i])


@dataclass(frozen=True, eq=False)
class Donors:
    """Rows whose reactions a re-kinded item borrows: per platform its originals (or, lacking any, its
    non-repost items), in time order."""

    rows: np.ndarray  # int64, sorted by (platform, created_at)
    rank: np.ndarray  # int64 per row: index in `rows` of the first donor of its platform at or after it
    lo: np.ndarray  # int64 per platform: its donors are rows[lo[p]:hi[p]]
    hi: np.ndarray


def _np(col: pa.ChunkedArray | pa.Array, fill=0) -> np.ndarray:
    return pc.fill_null(col, fill).to_numpy(zero_copy_only=False)


def _codes(kind: pa.ChunkedArray, self_reply: np.ndarray) -> np.ndarray:
    idx = _np(pc.index_in(kind, pa.array(schema.KINDS)), -1)
    code = np.array([ORIGINAL, REPLY, REPOST, QUOTE, OTHER], np.int8)[idx]
    code[(code == REPLY) & self_reply] = SELF_REPLY
    return code


def _mentions(posts: pa.Table, code: np.ndarray, cell: np.ndarray, batch: np.ndarray) -> Mentions:
    lists = posts.column("mentions").combine_chunks()
    lists = lists.cast(pa.list_(pa.string())) if lists.type.value_type != pa.string() else lists
    length = _np(pc.list_value_length(lists)).astype(np.int64)
    flat = pc.list_flatten(lists)
    pool = _pool(posts, code)
    enc = pc.utf8_lower(pa.concat_arrays([flat, pool])).dictionary_encode()  # one id space for both
    ids = _np(enc.indices, -1).astype(np.int64)
    off = np.zeros(len(length) + 1, np.int64)
    np.cumsum(length, out=off[1:])
    has = length > 0
    target = flat.take(pa.array(np.where(has, off[:-1], 0), mask=~has)).cast(pa.string())
    n_ids, m_id = len(enc.dictionary), ids[: len(flat)]
    pair_row = np.repeat(np.arange(len(length)), length)[m_id >= 0]
    named = m_id[m_id >= 0]
    cell_keys = cell[pair_row] * n_ids + named
    return Mentions(off, m_id, n_ids, length, pair_row, cell_keys, np.unique(cell_keys),
                    np.unique(batch[pair_row] * n_ids + named), target, _np(pc.is_valid(target), False),
                    pool, ids[len(flat):])


def _pool(posts: pa.Table, code: np.ndarray) -> pa.Array:
    """Accounts the person replies to (as often as they do); else stand-ins."""
    to = posts.column("reply_to_account").combine_chunks().filter(pa.array(code == REPLY)).drop_null()
    return to.cast(pa.string()) if len(to) else pa.array(STAND_INS)


def _donors(plat: np.ndarray, key: np.ndarray, code: np.ndarray, n_plat: int) -> Donors:
    is_donor = code == ORIGINAL
    no_originals = np.bincount(plat[is_donor], minlength=n_plat) == 0
    is_donor |= no_originals[plat] & np.isin(code, (REPLY, SELF_REPLY, QUOTE))
    rows = np.flatnonzero(is_donor)
    rows = rows[np.argsort(key[rows], kind="stable")]
    bounds = np.searchsorted(key[rows], np.arange(n_plat + 1, dtype=np.int64) << 56)
    return Donors(rows, np.searchsorted(key[rows], key), bounds[:-1], bounds[1:])


def _batches(cell: np.ndarray, when: np.ndarray) -> np.ndarray:
    """Each row's batch: its cell, cut in time order into BATCHES runs of consecutive items (a thread of
    self-replies stays together). `when` sorts rows by (platform, time), hence by cell."""
    order = np.argsort(when, kind="stable")
    sorted_cell = cell[order]
    first = np.searchsorted(sorted_cell, sorted_cell)
    count = np.searchsorted(sorted_cell, sorted_cell, side="right") - first
    chunk = np.empty(len(cell), np.intp)
    chunk[order] = (np.arange(len(cell)) - first) * BATCHES // count
    return cell * BATCHES + chunk


def _received(posts: pa.Table, plat: np.ndarray, n_plat: int):
    recv = np.stack([_np(posts.column(c)).astype(np.int32) for c in RECEIVED])
    valid = np.stack([_np(pc.is_valid(posts.column(c)), False) for c in RECEIVED])
    rows = np.bincount(plat, minlength=n_plat)
    present = np.stack([np.bincount(plat, weights=v, minlength=n_plat) for v in valid], axis=1)
    return recv, valid, present > 0, bool(np.all((present[:, 0] == 0) | (present[:, 0] == rows)))


def _platforms(posts: pa.Table) -> tuple[tuple[str, ...], np.ndarray]:
    enc = posts.column("platform").combine_chunks().cast(pa.string()).dictionary_encode()
    names = enc.dictionary.to_pylist()
    rank = np.argsort(np.argsort(names))  # the frame lists platforms sorted; codes follow that order
    return tuple(sorted(names)), rank.astype(np.int8)[_np(enc.indices)]


def prepare(posts: pa.Table) -> Prepared:
    """Numpy columns of `posts` (canonical columns, optionally ring_likes); needs at least one row."""
    platforms, plat = _platforms(posts)
    micros = _np(posts.column("created_at").cast(pa.timestamp("us")).cast(pa.int64()))
    day_abs = np.floor_divide(micros, US_PER_DAY)
    d0, n_days = int(day_abs.min()), int(day_abs.max() - day_abs.min()) + 1
    day = (day_abs - d0).astype(np.int32)
    cell = plat.astype(np.intp) * n_days + day
    when = (plat.astype(np.int64) << 56) + (micros - micros.min())  # (platform, time) in one sortable int
    batch = _batches(cell, when)
    code = _codes(posts.column("kind"), _np(posts.column("is_self_reply"), False).astype(bool))
    recv, valid, known, likes_uniform = _received(posts, plat, len(platforms))
    ring = _np(posts.column(RING)).astype(np.int64) if RING in posts.column_names else np.zeros(len(day), np.int64)
    mentions = _mentions(posts, code, cell, batch)
    n_cells = len(platforms) * n_days
    return Prepared(
        posts=posts, platforms=platforms, plat=plat, day=day, d0=d0, n_days=n_days, cell=cell, batch=batch,
        code=code, recv=recv, valid=valid, known=known, likes_uniform=likes_uniform, ring=ring,
        mentions=mentions, donors=_donors(plat, when, code, len(platforms)),
        sums=row_sums(cell, n_cells, code, recv, ring, mentions.length),
        batch_sums=row_sums(batch, n_cells * BATCHES, code, recv, ring, mentions.length),
        mentioned=distinct(mentions.unique_cell_keys, mentions.n_ids, n_cells),
    )
