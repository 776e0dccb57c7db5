"""A plan as an Arrow posts table: the source rows taken, then the columns a transform changed rewritten."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cloutlab.whatif.prepared import CODE_KIND, ORIGINAL, QUOTE, RECEIVED, REPLY, RING, SELF_REPLY, Prepared
from cloutlab.whatif.transforms import Plan

_UNITS_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _set(table: pa.Table, name: str, values: pa.Array | pa.ChunkedArray) -> pa.Table:
    i = table.schema.get_field_index(name)
    field = table.schema.field(i)
    return table.set_column(i, field, values.cast(field.type))


@dataclass(frozen=True)
class _Rows:
    """The plan's alive rows, one entry per output post."""

    src: np.ndarray
    shift: np.ndarray  # days added to the source's time
    copy_no: np.ndarray
    code: np.ndarray
    recv: np.ndarray  # [4, m]
    ring: np.ndarray
    rekind: np.ndarray
    to_pool: np.ndarray

    @property
    def m(self) -> int:
        return len(self.src)


def _rows(prep: Prepared, plan: Plan) -> _Rows:
    idx = np.flatnonzero(plan.alive(prep))  # the items themselves first, then first repeats, ...
    src, copy_no = plan.locate(idx)
    recv = np.zeros((len(prep.recv), len(idx)), np.int64)
    for i in prep.counted:
        own = plan.item_recv(prep, i)[src]
        recv[i] = own if plan.scaled is None else np.where(copy_no > 0, plan.scaled[i][src], own)
    edited, pool = np.zeros(plan.n, bool), np.full(plan.n, -1)
    edited[plan.edit_idx], pool[plan.edit_idx] = True, plan.edit_pool  # repeats inherit their item's edit
    code = plan.item_codes(prep)[src]
    ring = prep.ring[src].copy()
    if plan.ring:
        eligible = np.isin(code, (ORIGINAL, QUOTE, REPLY, SELF_REPLY)) * plan.ring
        ring += eligible
        recv[0] += eligible * prep.valid[0, src]  # likes, where the export carries likes
    shift = plan.day(prep, idx) - prep.day[src]
    return _Rows(src, shift, copy_no, code, recv, ring, edited[src], pool[src])


def _post_ids(table: pa.Table, rows: _Rows) -> pa.Table:
    """A repeat's post_id is its source's with `~<n>` appended: new, unique and traceable."""
    repeat = pa.array(rows.copy_no > 0)
    ids = table.column("post_id")
    numbered = pc.binary_join_element_wise(ids.cast(pa.string()), pa.array(rows.copy_no).cast(pa.string()), "~")
    return _set(table, "post_id", pc.if_else(repeat, numbered, ids))


def _created(table: pa.Table, rows: _Rows) -> pa.Table:
    col = table.column("created_at")
    units = col.cast(pa.int64()).to_numpy() + rows.shift.astype(np.int64) * _UNITS_PER_DAY[col.type.unit]
    return _set(table, "created_at", pa.array(units).cast(col.type))


def _rekinded(table: pa.Table, prep: Prepared, rows: _Rows) -> pa.Table:
    """Kind, self-reply flag, reply target and (for a new reply that mentioned no one) mentions."""
    rek = pa.array(rows.rekind)
    kinds = pa.array(CODE_KIND).take(pa.array(np.minimum(rows.code, len(CODE_KIND) - 1)))
    table = _set(table, "kind", pc.if_else(rek, kinds, table.column("kind")))
    table = _set(table, "is_self_reply", pc.if_else(rek, False, table.column("is_self_reply")))
    drawn = rows.to_pool >= 0
    pooled = prep.mentions.pool.take(pa.array(np.where(drawn, rows.to_pool, 0), mask=~drawn))
    target = pc.if_else(pa.array(drawn), pooled, prep.mentions.target.take(pa.array(rows.src)))
    new_reply = pa.array(rows.rekind & (rows.code == REPLY))
    to = pc.if_else(new_reply, target, pc.if_else(rek, pa.scalar(None, pa.string()),
                                                  table.column("reply_to_account").cast(pa.string())))
    table = _set(table, "reply_to_account", to)
    mentions = table.column("mentions").combine_chunks()
    added = drawn & (np.nan_to_num(pc.list_value_length(mentions).to_numpy(zero_copy_only=False)) == 0)
    if added.any():
        offsets = pa.array(np.arange(rows.m + 1, dtype=np.int32))
        alone = pa.ListArray.from_arrays(offsets, pooled.cast(mentions.type.value_type))  # [target] per row
        table = _set(table, "mentions", pc.if_else(pa.array(added), alone.cast(mentions.type), mentions))
    return table


def posts_of(prep: Prepared, plan: Plan) -> pa.Table:
    """The posts a plan describes (a `ring_likes` column only where the plan or the input has one)."""
    rows = _rows(prep, plan)
    table = prep.posts.take(pa.array(rows.src))
    if rows.copy_no.any():
        table = _post_ids(table, rows)
    if rows.shift.any():
        table = _created(table, rows)
    if rows.rekind.any():
        table = _rekinded(table, prep, rows)
    valid = np.take(prep.valid, rows.src, axis=1)
    for i, name in enumerate(RECEIVED):
        table = _set(table, name, pa.array(rows.recv[i], mask=~valid[i]))
    if RING in table.column_names:
        table = _set(table, RING, pa.array(rows.ring))
    elif rows.ring.any():
        table = table.append_column(RING, pa.array(rows.ring))
    return table
