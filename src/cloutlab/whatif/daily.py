"""The daily activity frame of a plan, in numpy: equal, value for value and dtype for dtype, to
`activity.daily_from_posts(materialize.posts_of(prep, plan))`, in a fraction of the time.

Why not the DuckDB SQL: on 500,000 posts it takes 120 ms of CPU (more on a busy machine), four times the
budget a slider move has for the transforms and the frame together (docs/DESIGN.md section 10), and the posts of a
5x scenario must first be built as a 2.5-million-row Arrow table. Here the frame is the baseline's per-cell
sums (computed once per dataset), less dropped items, plus the change of re-kinded items, plus repeats
moved batch by batch; a break empties whole days; a ring adds per cell. Only distinct accounts mentioned
is recounted, from (cell, mention id) keys. A test pins the equality against the SQL on random scenarios,
so the SQL stays the one definition.

Grid: the SQL's frame runs from the first to the last day of the posts it is given. A what-if is scored
beside its baseline, so `frame_of` keeps the baseline's platforms, days and known counts (a break at the
end leaves quiet days, not a shorter timeline); `grid="data"` reproduces the SQL's own grid instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cloutlab import activity
from cloutlab.whatif.prepared import BATCHES, ORIGINAL, QUOTE, REPLY, REPOST, SELF_REPLY, Prepared
from cloutlab.whatif.sums import Sums, day_mask, distinct, kind_counts, row_sums, weighted
from cloutlab.whatif.transforms import SPREAD_DAYS, Plan

_ELIGIBLE = [ORIGINAL, QUOTE, REPLY, SELF_REPLY]  # what a ring reacts to
SHIFTED_FROM = 4  # more repeats than this are summed by day shift (Sums.shifted), fewer one by one (measured)
_COUNTS = [c for c in activity.COUNT_COLUMNS if c != "mentioned_accounts"] + ["mentioned_accounts"]  # SQL order


def _rows(prep: Prepared, idx: np.ndarray) -> Sums:
    recv = np.zeros((len(prep.recv), len(idx)), prep.recv.dtype)
    for i in prep.counted:
        recv[i] = prep.recv[i][idx]
    return row_sums(prep.cell[idx], prep.n_cells, prep.code[idx], recv, prep.ring[idx], prep.mentions.length[idx],
                    prep.counted)


def _items(prep: Prepared, plan: Plan) -> Sums:
    """Sums of the items kept, as prepared: the baseline's, less the fewer of dropped or kept rows."""
    if plan.keep is None:
        return prep.sums
    dropped = np.flatnonzero(~plan.keep)
    return prep.sums - _rows(prep, dropped) if len(dropped) <= plan.n // 2 else _rows(prep, np.flatnonzero(plan.keep))


def _edits(prep: Prepared, plan: Plan, group: np.ndarray, n_groups: int, live: np.ndarray | slice
           ) -> tuple[Sums, np.ndarray]:
    """What re-kinding changes in the sums of `group`s (cells or batches): new kind and reactions less old,
    one more mention for a drawn reply target; and the (group, mention id) keys of those targets."""
    idx, m = plan.edit_idx[live], prep.mentions
    g, code, pool = group[idx], plan.edit_code[live], plan.edit_pool[live]
    added = (pool >= 0) & (m.length[idx] == 0)
    recv = np.zeros((len(prep.recv), n_groups), np.int64)
    for i in prep.counted:
        recv[i] = weighted(g, n_groups, plan.edit_recv[i][live] - prep.recv[i][idx])
    delta = Sums(kind_counts(g, code, n_groups) - kind_counts(g, prep.code[idx], n_groups),
                 weighted(g, n_groups, added), np.zeros(n_groups, np.int64), recv)
    return delta, g[added] * m.n_ids + m.pool_id[pool[added]]


def _repeats(prep: Prepared, plan: Plan, edits: tuple[Sums, np.ndarray] | None) -> tuple[Sums, list[np.ndarray]]:
    """Sums and mention keys of every repeat: each batch's sums moved to the cell its j-th repeat lands on.
    edits: _edits() per batch, of every edit (None when there are none)."""
    n_batches, n_rep, m = len(plan.copies), len(plan.rep_day), prep.mentions
    base = np.arange(n_batches) // BATCHES // prep.n_days * prep.n_days  # each batch's platform's first cell
    exists = (plan.copies >= np.arange(1, n_rep + 1)[:, None]).ravel()  # repeat j + 1 of b at j * n_batches + b
    b, keys = prep.batch_sums, m.unique_batch_keys
    kinds, mentions = b.kinds, b.mentions
    if edits is not None:  # repeats copy their items as re-kinded
        delta, added = edits
        kinds, mentions, keys = kinds + delta.kinds, mentions + delta.mentions, np.concatenate([keys, added])
    recv = np.zeros((len(prep.recv), n_batches), np.int64)
    for i in prep.counted:  # the batches' reactions, as their repeats draw them (after fatigue)
        recv[i] = weighted(prep.batch, n_batches, plan.scaled[i])
    batches = Sums(kinds, mentions, b.ring, recv)
    if n_rep <= SHIFTED_FROM:  # each repeat's batches moved on their own and added
        cell = (base + plan.rep_day).ravel()  # repeat j + 1 of b lands in cell[j * n_batches + b]
        sums = None
        for j in range(n_rep):
            at = slice(j * n_batches, (j + 1) * n_batches)
            part = batches.moved(cell[at], prep.n_cells, exists[at].astype(np.int64), prep.counted)
            sums = part if sums is None else sums + part
    else:  # how many of each batch's repeats land how many days from it (-SPREAD_DAYS..+SPREAD_DAYS): the
        # batches' sums then move once per shift, at a fixed cost that many repeats make the cheaper
        day = np.arange(n_batches) // BATCHES % prep.n_days
        shift = (plan.rep_day - day + SPREAD_DAYS).ravel()
        flat = np.tile(np.arange(n_batches) * (2 * SPREAD_DAYS + 1), n_rep) + shift
        shifts = np.bincount(flat[exists], minlength=n_batches * (2 * SPREAD_DAYS + 1))
        sums = batches.shifted(shifts.reshape(n_batches, -1), prep.n_cells, SPREAD_DAYS)
    # Every repeat's keys at once ([repeat, key], repeat by repeat as a list of them was): the cell a
    # key's batch lands in, for the repeats that exist.
    key_batch, key_id = keys // m.n_ids, keys % m.n_ids
    live = plan.copies[key_batch] >= np.arange(1, n_rep + 1)[:, None]
    moved = ((base[key_batch] + plan.rep_day[:, key_batch]) * m.n_ids + key_id)[live]
    return sums, [moved]


def _with_ring(prep: Prepared, plan: Plan, sums: Sums) -> Sums:
    eligible = sums.kinds[:, _ELIGIBLE].sum(axis=1)
    if prep.likes_uniform:
        with_likes = eligible * prep.known[np.arange(prep.n_cells) // prep.n_days, 0]
    else:  # likes on some rows of a platform only: count eligible rows that carry likes
        idx = np.flatnonzero(plan.alive(prep))
        idx = idx[np.isin(plan.codes(prep)[idx], _ELIGIBLE) & prep.valid[0, plan.locate(idx)[0]]]
        with_likes = np.bincount(plan.cell(prep, idx), minlength=prep.n_cells)
    recv = sums.recv.copy()
    recv[0] += plan.ring * with_likes
    return Sums(sums.kinds, sums.mentions, sums.ring + plan.ring * eligible, recv)


def _mentioned(prep: Prepared, plan: Plan, extra: list[np.ndarray]) -> np.ndarray:
    """Distinct accounts mentioned per cell: the baseline's when no item was added, dropped or given a
    mention."""
    m = prep.mentions
    if plan.keep is None and not extra:
        return prep.mentioned
    base = m.cell_keys[plan.keep[m.pair_row]] if plan.keep is not None else m.unique_cell_keys
    return distinct(np.concatenate([base, *extra]), m.n_ids, prep.n_cells)


def sums_of(prep: Prepared, plan: Plan) -> tuple[Sums, np.ndarray]:
    """Per-cell sums and distinct accounts mentioned of the plan's posts."""
    sums, extra, per_batch = _items(prep, plan), [], None
    if len(plan.edit_idx) and plan.rep_day is not None:  # every edit is live: the batches' changes, once,
        # give the cells' (a cell is BATCHES batches) and the repeats'
        m = prep.mentions
        per_batch = delta, added = _edits(prep, plan, prep.batch, len(plan.copies), slice(None))
        sums, extra = sums + delta.merged(BATCHES), [added // m.n_ids // BATCHES * m.n_ids + added % m.n_ids]
    elif len(plan.edit_idx):
        live = plan.keep[plan.edit_idx] if plan.keep is not None else slice(None)
        delta, added = _edits(prep, plan, prep.cell, prep.n_cells, live)
        sums, extra = sums + delta, [added]
    if plan.rep_day is not None:
        repeats, keys = _repeats(prep, plan, per_batch)
        sums, extra = sums + repeats, extra + keys
    mentioned = _mentioned(prep, plan, [e for e in extra if len(e)])
    if plan.window:  # a break empties whole days
        sums = sums.without_days(*plan.window, prep.n_days)
        mentioned = np.where(day_mask(prep.n_cells, *plan.window, prep.n_days), 0, mentioned)
    return (_with_ring(prep, plan, sums) if plan.ring else sums), mentioned


def _frame(prep: Prepared, sums: Sums, mentioned: np.ndarray, platforms: np.ndarray, days: np.ndarray,
           known: np.ndarray) -> pd.DataFrame:
    """The frame of the cells of `platforms` (indices) x `days` (offsets from d0), in the SQL's layout."""
    cells = (platforms[:, None] * prep.n_days + days[None, :]).ravel()
    k = sums.kinds[cells]
    counts = {
        "items": k.sum(axis=1), "original": k[:, ORIGINAL], "reply": k[:, REPLY] + k[:, SELF_REPLY],
        "self_reply": k[:, SELF_REPLY], "repost": k[:, REPOST], "quote": k[:, QUOTE], "replies_sent": k[:, REPLY],
        "mentions_sent": sums.mentions[cells], activity.RING: sums.ring[cells],
        "mentioned_accounts": mentioned[cells].astype(np.int64),
    }
    dates = _dates(prep, days)
    out = {
        "platform": _platform_column(prep, platforms, len(days)),
        "day": np.tile(dates, len(platforms)),
        **{name: counts[name] for name in _COUNTS},
    }
    unknown = np.repeat(~known[platforms], len(days), axis=0)  # [cells, 4]
    for i, name in enumerate(activity.RECEIVED):
        values = sums.recv[i][cells]
        out[name] = pd.arrays.IntegerArray(values, unknown[:, i]) if unknown[:, i].any() else values
    return pd.DataFrame(out)


def _dates(prep: Prepared, days: np.ndarray) -> np.ndarray:
    return (np.datetime64(prep.d0, "D") + days).astype("datetime64[us]")


def grid_days(prep: Prepared) -> pd.DatetimeIndex:
    """The days of frame_of's baseline grid, as ScoreInput.days reads them from its frame."""
    return pd.DatetimeIndex(_dates(prep, np.arange(prep.n_days)))


def _platform_column(prep: Prepared, platforms: np.ndarray, n_days: int):
    """The frame's platform column: each platform's name n_days times. The same on every move of the
    baseline grid, so kept with the prepared posts (an immutable Arrow-backed array; building it was a third
    of building the frame)."""
    def build():
        return pd.array(np.repeat(np.array(prep.platforms, dtype=object)[platforms], n_days), dtype="str")
    if len(platforms) != len(prep.platforms) or n_days != prep.n_days:  # grid="data": not the usual one
        return build()
    key = ("frame", "platform column")
    if key not in prep.draws:
        prep.draws[key] = build()
    return prep.draws[key]


def frame_of(prep: Prepared, plan: Plan, grid: str = "baseline") -> pd.DataFrame:
    """The daily frame of the plan's posts; grid "baseline" (default) or "data" (the SQL's grid)."""
    sums, mentioned = sums_of(prep, plan)
    if grid == "baseline":
        return _frame(prep, sums, mentioned, np.arange(len(prep.platforms)), np.arange(prep.n_days), prep.known)
    items = sums.kinds.sum(axis=1).reshape(len(prep.platforms), prep.n_days)
    if not items.any():
        return activity.daily_from_posts(prep.posts.slice(0, 0))
    busy = np.flatnonzero(items.any(axis=0))
    src = np.flatnonzero(plan.alive(prep)) % plan.n
    known = np.stack([np.bincount(prep.plat[src], weights=v, minlength=len(prep.platforms)) > 0
                      for v in np.take(prep.valid, src, axis=1)], axis=1)
    return _frame(prep, sums, mentioned, np.flatnonzero(items.any(axis=1)), np.arange(busy[0], busy[-1] + 1), known)
