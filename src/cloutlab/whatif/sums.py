"""Per-cell sums of posts, a cell being one (platform, day): the additive part of the daily frame.

The frame is linear in its rows except for distinct accounts mentioned, so a what-if's frame is the
baseline's sums, minus what it removes, plus what it adds, and distinct mentions are recounted from
(cell, mention id) keys. That is what makes a slider move cost milliseconds on 500,000 posts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_CODES = 6  # kind codes, see prepared.py


@dataclass(frozen=True, eq=False)
class Sums:
    kinds: np.ndarray  # int64 [cells, N_CODES]: items by kind code
    mentions: np.ndarray  # int64 [cells]: mentions sent (list lengths, NULL elements included, as len() does)
    ring: np.ndarray  # int64 [cells]: ring reactions carried in the posts
    recv: np.ndarray  # int64 [4, cells]: likes, reposts, replies, quotes received (NULL counted as 0)

    def _zip(self, other: Sums, op) -> Sums:
        return Sums(op(self.kinds, other.kinds), op(self.mentions, other.mentions), op(self.ring, other.ring),
                    op(self.recv, other.recv))

    def __add__(self, other: Sums) -> Sums:
        return self._zip(other, np.add)

    def __sub__(self, other: Sums) -> Sums:
        return self._zip(other, np.subtract)

    def moved(self, cell: np.ndarray, n_cells: int, times: np.ndarray, fields=range(4)) -> Sums:
        """These sums of groups (batches) added up into cells: group i lands in cell[i], times[i] over."""
        def add(values):
            return weighted(cell, n_cells, values * times)
        # One bincount per kind code (the same sums, bin for bin): no (groups x codes) index and weight arrays.
        kinds = np.stack([np.bincount(cell, weights=self.kinds[:, c] * times, minlength=n_cells) for c in range(N_CODES)],
                         axis=1)
        recv = np.zeros((len(self.recv), n_cells), np.int64)
        for i in fields:
            recv[i] = add(self.recv[i])
        ring = add(self.ring) if self.ring.any() else np.zeros(n_cells, np.int64)
        return Sums(kinds.astype(np.int64), add(self.mentions), ring, recv)

    def merged(self, per: int) -> Sums:
        """These sums of groups added up `per` consecutive groups at a time (batches into their cells)."""
        def add(a, axis=1):
            return a.reshape(*a.shape[:axis], -1, per, *a.shape[axis + 1:]).sum(axis=axis + 1)
        return Sums(add(self.kinds, 0), add(self.mentions, 0), add(self.ring, 0), add(self.recv))

    def shifted(self, shifts: np.ndarray, n_cells: int, span: int) -> Sums:
        """These sums of batches (BATCHES consecutive per cell) moved into cells: shifts[b, s] copies of batch b
        land `s - span` cells after its own (a repeat moves its batch by at most `span` days, inside its
        platform's days). In whole numbers, without a bincount per repeat and field (those were most of the
        frequency slider's move at 10x)."""
        fields = np.column_stack([self.kinds, self.mentions, self.ring, self.recv.T]).astype(np.float64)
        per_cell, n_shifts = len(fields) // n_cells, shifts.shape[1]
        # [cell, shift, field]: one small matmul per cell (a bincount per field and shift was slower). In
        # floats, four times faster than numpy's integer matmul and as exact: every product and sum is a
        # whole number far below 2**53 (as in weighted()), so any order of adding gives the same integers.
        got = np.matmul(shifts.reshape(n_cells, per_cell, n_shifts).transpose(0, 2, 1).astype(np.float64),
                        fields.reshape(n_cells, per_cell, -1))
        out = np.zeros((n_cells, fields.shape[1]))
        for s in range(n_shifts):
            d, size = s - span, n_cells - abs(s - span)  # copies land inside their platform's days: no cut
            if size > 0:
                out[max(d, 0):max(d, 0) + size] += got[max(-d, 0):max(-d, 0) + size, s]
        out = out.astype(np.int64)
        k = self.kinds.shape[1]
        return Sums(out[:, :k], out[:, k], out[:, k + 1], np.ascontiguousarray(out[:, k + 2:].T))

    def without_days(self, lo: int, hi: int, n_days: int) -> Sums:
        """The sums with every cell whose day offset is in [lo, hi) emptied (a break removes whole days)."""
        gone = day_mask(len(self.mentions), lo, hi, n_days)
        keep = ~gone
        return Sums(self.kinds * keep[:, None], self.mentions * keep, self.ring * keep, self.recv * keep)


def day_mask(n_cells: int, lo: int, hi: int, n_days: int) -> np.ndarray:
    day = np.arange(n_cells) % n_days
    return (day >= lo) & (day < hi)


def weighted(cell: np.ndarray, n_cells: int, weights: np.ndarray) -> np.ndarray:
    # float64 sums are exact below 2**53, far beyond any day's count
    return np.bincount(cell, weights=weights, minlength=n_cells).astype(np.int64)


def kind_counts(cell: np.ndarray, code: np.ndarray, n_cells: int) -> np.ndarray:
    return np.bincount(cell * N_CODES + code, minlength=n_cells * N_CODES).reshape(n_cells, N_CODES)


def row_sums(cell: np.ndarray, n_cells: int, code: np.ndarray, recv: np.ndarray, ring: np.ndarray,
             mentions: np.ndarray, fields=range(4)) -> Sums:
    """Sums of rows given per row: cell, kind code, received counts [4, rows], ring and mention counts.
    Only the received `fields` are summed (the others are NULL in every row: their sums stay 0)."""
    sums = np.zeros((len(recv), n_cells), np.int64)
    for i in fields:
        sums[i] = weighted(cell, n_cells, recv[i])
    return Sums(
        kinds=kind_counts(cell, code, n_cells),
        mentions=weighted(cell, n_cells, mentions),
        ring=weighted(cell, n_cells, ring) if ring.any() else np.zeros(n_cells, np.int64),
        recv=sums,
    )


DIRECT_KEYS = 1 << 24  # key spaces up to this size are deduplicated by direct addressing (64 MB virtual)


def distinct(keys: np.ndarray, n_ids: int, n_cells: int) -> np.ndarray:
    """Distinct mention ids per cell, from keys cell * n_ids + id (any order, repeats allowed)."""
    if n_cells * n_ids <= DIRECT_KEYS:
        # Linear, no sort (the sort was most of a resampling slider's move on 500,000 posts): each key's
        # slot remembers one position holding it, and exactly that position counts. np.empty is never
        # read where no key wrote, and only the pages the keys touch are ever mapped.
        slot = np.empty(n_cells * n_ids, np.int32 if len(keys) < 2**31 else np.int64)
        at = np.arange(len(keys), dtype=slot.dtype)
        slot[keys] = at
        return np.bincount(keys[slot[keys] == at] // n_ids, minlength=n_cells)
    keys = np.sort(keys)
    first = np.ones(len(keys), bool)
    first[1:] = keys[1:] != keys[:-1]
    return np.bincount(keys[first] // n_ids, minlength=n_cells)
