"""The transforms of a what-if, as a plan over the prepared rows (numpy only, seeded, in a fixed order).

A `Plan` describes the transformed posts over a virtual row space: row j * n + r is prepared row r itself
(j = 0) or its j-th repeat. It holds sparse edits of items (kind, reactions, reply target of re-kinded
items, which their repeats inherit), which items are kept, the repeats per batch, and the break window;
`alive()` and `codes()` are built from these on demand. `materialize.posts_of` turns a plan into an Arrow
posts table; `daily.frame_of` turns it into the daily frame from per-cell sums. Both read the same plan,
so they cannot disagree (a test pins it).

Order (ORDER below): what the person posts, then how much, then when not, then who reacts. Each stage has
its own random stream, so moving one slider never reshuffles another's draws.
1. repost share, then 2. reply share (share of items that are replies to others), over the person's own
   items: a subset is re-kinded so that exactly round(share * items) are of that kind. Which items go first
   is fixed per item whatever the share (common random numbers, `Draws`: a golden-ratio sequence over time
   from a seeded start), so a larger share re-kinds every item a smaller one did and more, spread evenly
   over time: the slider cannot reverse by the luck of one draw (issue 13). Raising
   the repost share turns non-reposts into reposts; lowering it turns reposts into originals. Raising the
   reply share turns originals, quotes, self-replies (and reposts, unless repost_share is also set) into
   replies to others; lowering it turns replies into originals. A re-kinded item takes the reactions of one
   of the 8 originals of its platform posted just before it, drawn at random (its "donor": a repost has no
   reactions of its own to scale, and the donor's audience is the one of that time), times a factor for its
   new kind: original 1, reply to others 0.25 (a reply mostly reaches the thread; the demo personas use the
   same ratio), repost 0 (reactions to a repost belong to its author). Exception: an original, quote or
   self-reply that becomes a reply to others keeps its own reactions, times 0.25 (1 for a self-reply), so
   raising the reply share can only lower the reactions. A new reply addresses the first
   account the item already mentions, else one drawn from the accounts the person replies to (stand-ins if
   none), who is then also its only mention. Other mentions and the text are kept. Frequency and a break
   then keep the share on average (exactly, for a whole-number frequency and no break).
3. frequency k: k < 1 keeps each item with probability k. k > 1 repeats items in batches: a day's items
   (per platform) are cut in time order into 7 runs of consecutive items (so a thread stays together);
   every batch gets floor(k - 1) repeats and one more with probability frac(k - 1) (rather than
   Poisson(k - 1) per item: the slider should read as "k times the items", not add noise of its own).
   Each repeat of a batch lands on one day drawn uniformly from the batch's day -3..+3 (mirrored back
   inside the data's span, so the timeline never grows), keeping each item's time of day, kind and text,
   with a new post_id (`<post_id>~<n>`). Batches rather than single items are what keep a 5x scenario on
   500,000 posts within the time budget: the frame is then built from per-batch sums. Fatigue: a repeat's reactions are its source's times k^-1/2 (rounded once per
   item, so all repeats of an item draw the same). Modelling assumption, not a measured constant: an
   audience's attention is finite, so twice the posts do not draw twice the reactions; the total rises
   like k^1/2 while reactions per post fall.
4. break: every item (repeats included) in [break_start, break_start + 7 * break_weeks days) is removed.
5. engagement ring, over the whole history (the scenario has no ring date; the CLI contract fixes its
   fields): every original, quote and reply gets ring_reactions extra likes (where likes are known) and
   the same number in a `ring_likes` column, so a score can apply its unique-reactor rule with
   ring_size. Reposts get none.
Bought followers and an unlinked (or relinked) network change the audience only (simulate() records them in ScoreInput):
the person's activity did not change, so the posts and the transparent metrics do not move.
Scaled counts use stochastic rounding (floor(x * f + u), u uniform): integers, unbiased, and far cheaper
than binomial draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np

from cloutlab.whatif.prepared import (
    BATCHES,
    DONOR_SPAN,
    ORIGINAL,
    OTHER,
    QUOTE,
    REPLY,
    REPOST,
    SELF_REPLY,
    Prepared,
)
from cloutlab.whatif.scenario import Scenario

SPREAD_DAYS = 3  # repeats land within +-3 days of their batch's day
REPLY_FACTOR = 0.25  # reactions of a reply to others, relative to an original
KIND_FACTOR = {ORIGINAL: 1.0, REPLY: REPLY_FACTOR, REPOST: 0.0}
MAX_REPEATS = 9  # frequency is at most 10 (scenario.SPECS): at most 9 repeats of a batch
PHI = (np.sqrt(5.0) - 1.0) / 2.0  # the golden ratio's fraction: the most evenly spread sequence
ORDER = ("repost_share", "reply_share", "frequency", "break", "ring")
_EPOCH = dt.date(1970, 1, 1)


def _empty(*shape):
    return field(default_factory=lambda: np.zeros(shape or (0,), np.int64))


@dataclass(frozen=True, eq=False)
class Plan:
    n: int  # prepared rows; row j * n + r is row r itself (j = 0) or its j-th repeat
    keep: np.ndarray | None = None  # bool [n]: items kept by frequency < 1 (None: all)
    copies: np.ndarray | None = None  # int64 [batches]: repeats of each batch (frequency > 1)
    rep_day: np.ndarray | None = None  # int32 [max repeats, batches]: day offset of each repeat of a batch
    scaled: np.ndarray | None = None  # int32 [4, n]: reactions of every repeat of an item (edits, fatigue)
    window: tuple[int, int] | None = None  # break [lo, hi) in day offsets
    edit_idx: np.ndarray = _empty()  # re-kinded items (prepared rows), sorted; their repeats follow them
    edit_code: np.ndarray = _empty()
    edit_recv: np.ndarray = _empty(4, 0)
    edit_pool: np.ndarray = _empty()  # Prepared.mentions.pool index of a drawn reply target, or -1
    ring: int = 0  # ring reactions on every original, quote and reply

    @property
    def size(self) -> int:
        return self.n * (1 + (0 if self.rep_day is None else len(self.rep_day)))

    def locate(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(prepared row, repeat number) of rows `idx`, sorted ascending (every caller's rows are): a
        repeat number is constant over a run, so boundaries replace a division."""
        if self.rep_day is None:
            return idx, np.zeros(len(idx), np.int64)
        bounds = np.searchsorted(idx, self.n * np.arange(len(self.rep_day) + 2))
        j = np.repeat(np.arange(len(self.rep_day) + 1), np.diff(bounds))
        return idx - j * self.n, j

    def day(self, prep: Prepared, idx: np.ndarray) -> np.ndarray:
        """Day offset of rows `idx` (sorted)."""
        r, j = self.locate(idx)
        day = prep.day[r]
        rep = np.flatnonzero(j)
        if len(rep):  # a repeat lands where its batch's j-th repeat does (1-D gather: faster than 2-D)
            day[rep] = self.rep_day.ravel()[(j[rep] - 1) * self.rep_day.shape[1] + prep.batch[r[rep]]]
        return day

    def days(self, prep: Prepared) -> np.ndarray:
        """Day offset of every row."""
        repeats = [] if self.rep_day is None else [landing[prep.batch] for landing in self.rep_day]
        return np.concatenate([prep.day, *repeats])

    def cell(self, prep: Prepared, idx: np.ndarray) -> np.ndarray:
        """(platform, day) cell of rows `idx` (sorted)."""
        if self.rep_day is None:
            return prep.cell[idx]
        return prep.plat[self.locate(idx)[0]].astype(np.intp) * prep.n_days + self.day(prep, idx)

    def alive(self, prep: Prepared) -> np.ndarray:
        """Whether each row is in the transformed posts: kept, a repeat its batch has, outside the break."""
        alive = np.ones(self.n, bool) if self.keep is None else self.keep.copy()
        if self.rep_day is not None:
            n_rep = np.arange(1, len(self.rep_day) + 1)[:, None]
            alive = np.concatenate([alive, (self.copies[prep.batch] >= n_rep).ravel()])
        if self.window:
            day = self.days(prep)
            alive &= (day < self.window[0]) | (day >= self.window[1])
        return alive

    def item_codes(self, prep: Prepared) -> np.ndarray:
        """Kind code of every item after the edits."""
        codes = prep.code.copy()
        codes[self.edit_idx] = self.edit_code
        return codes

    def codes(self, prep: Prepared) -> np.ndarray:
        """Kind code of every row: a repeat has its item's."""
        return np.tile(self.item_codes(prep), self.size // self.n)

    def item_recv(self, prep: Prepared, i: int) -> np.ndarray:
        """Received count i of every item after the edits."""
        values = prep.recv[i].copy()
        values[self.edit_idx] = self.edit_recv[i]
        return values


def _rng(seed: int, stage: str) -> np.random.Generator:
    return np.random.default_rng([seed, ORDER.index(stage)])


def _scaled(counts: np.ndarray, factor: float, u: np.ndarray) -> np.ndarray:
    """Stochastic rounding of counts * factor (one uniform per row, shared by the four counts)."""
    if factor == 0:
        return np.zeros_like(counts)
    x = np.multiply(counts, factor, dtype=np.float64)  # the same operations in place: two fewer arrays
    x += u
    return np.floor(x, out=x).astype(counts.dtype)


def frequency_draws(prep: Prepared, seed: int, more: bool) -> tuple[np.ndarray, ...]:
    """The frequency stage's draws, which do not depend on k (only on whether it is above 1), made once per
    dataset and seed and kept on `prep`: (keep,) below 1; (extra, landing, u) above."""
    key = (seed, "frequency", more)
    if key not in prep.draws:
        rng = _rng(seed, "frequency")
        if more:
            n_batches = prep.n_cells * BATCHES
            extra = rng.random(n_batches)
            landing = rng.integers(-SPREAD_DAYS, SPREAD_DAYS + 1, (MAX_REPEATS, n_batches)).astype(np.int8)
            prep.draws[key] = (extra, landing, rng.random(prep.n))
        else:
            prep.draws[key] = (rng.random(prep.n),)
    return prep.draws[key]


def _landing_days(prep: Prepared, seed: int, landing: np.ndarray) -> np.ndarray:
    """The day every possible repeat of every batch lands on (int32 [MAX_REPEATS, batches], read-only), kept
    with the draws: a move takes the first ceil(k - 1) rows, each computed on its own, so the rows are
    those a smaller array would give."""
    key = (seed, "frequency", "days")
    if key not in prep.draws:
        day = np.arange(prep.n_cells * BATCHES) // BATCHES % prep.n_days
        to = day + landing
        to = np.where((to < 0) | (to >= prep.n_days), 2 * day - to, to)  # mirrored back inside the span
        to = np.clip(to, 0, prep.n_days - 1).astype(np.int32)  # a span shorter than a week: clamped
        to.flags.writeable = False
        prep.draws[key] = to
    return prep.draws[key]


def frequency(plan: Plan, prep: Prepared, k: float, seed: int) -> Plan:
    """Items kept (k < 1) or repeated by batch with fatigue (k > 1): module doc, stage 3."""
    if k == 1:
        return plan
    if k < 1:
        return replace(plan, keep=frequency_draws(prep, seed, False)[0] < k)
    # Common random numbers: the same draws for every k (shapes fixed by the largest k), so a larger k keeps
    # every repeat of a smaller one and adds more: the slider's effect cannot reverse by chance.
    extra, landing, u = frequency_draws(prep, seed, True)
    whole, frac = int(k - 1), (k - 1) - int(k - 1)
    copies = whole + (extra < frac)
    to = _landing_days(prep, seed, landing)[: int(np.ceil(k - 1))]
    scaled = np.zeros_like(prep.recv)
    for i in prep.counted:  # a count no export carries stays 0 (NULL)
        scaled[i] = _scaled(prep.recv[i], k ** -0.5, u)
        scaled[i][plan.edit_idx] = _scaled(plan.edit_recv[i], k ** -0.5, u[plan.edit_idx])  # re-kinded items
    return replace(plan, copies=copies, rep_day=to, scaled=scaled)


def break_window(plan: Plan, prep: Prepared, start_day: dt.date, weeks: int) -> Plan:
    """No item, repeats included, on the break's days (applied where rows are read: alive(), daily.py)."""
    if weeks == 0:
        return plan
    lo = (start_day - _EPOCH).days - prep.d0
    return replace(plan, window=(lo, lo + 7 * weeks))


@dataclass(frozen=True, eq=False)
class Draws:
    """A share stage's random numbers, one per prepared row, drawn once whatever the share (common random
    numbers): which rows are re-kinded first, which donor each borrows from, its rounding, its reply target.
    A larger share then re-kinds every row a smaller one did and more, so the slider cannot reverse by chance."""

    priority: np.ndarray  # float [n]: rows are re-kinded lowest first
    donor: np.ndarray  # int [n]: which of the DONOR_SPAN originals before the row it borrows from
    u: np.ndarray  # float [n]: stochastic rounding
    pool: np.ndarray  # int [n]: a drawn reply target (Prepared.mentions.pool index)
    order: np.ndarray | None = None  # rows by ascending priority (share_draws: sorted once per dataset)
    bucket: np.ndarray | None = None  # uint16 [n]: floor(priority * BUCKETS), with order (ranked())
    starts: np.ndarray | None = None  # int64 [BUCKETS + 1]: bucket b's rows are order[starts[b]:starts[b + 1]]


def draws(prep: Prepared, rng: np.random.Generator) -> Draws:
    """The stage's draws. Priority: the golden-ratio sequence along each row's batch (its platform, day and
    seventh of the day, in time order) from a seeded start, so the rows re-kinded first are spread evenly over
    time for any count; a second irrational step separates the rows of one batch (no sort: a slider move
    has a time budget)."""
    start = rng.random()
    step = np.modf(prep.batch * PHI + np.arange(prep.n) * (np.sqrt(2.0) - 1.0) + start)[0]
    return Draws(step, rng.integers(0, DONOR_SPAN, prep.n), rng.random(prep.n),
                 rng.integers(0, max(len(prep.mentions.pool), 1), prep.n))


def share_draws(prep: Prepared, seed: int, stage: str) -> Draws:
    """draws() for a share stage, made once per dataset, seed and stage and then kept on `prep` (they do not
    depend on the share). Stored narrow (donor int8, pool int32: the same values), 22 bytes a row."""
    key = (seed, stage)
    if key not in prep.draws:
        dr = draws(prep, _rng(seed, stage))
        pool = dr.pool.astype(np.int32) if len(prep.mentions.pool) < 2**31 else dr.pool
        # The rows in priority order, sorted once: a move then picks the first `count` movable rows along
        # it in linear time, where a partition of the candidates' priorities took most of a share move.
        prep.draws[key] = ranked(Draws(dr.priority, dr.donor.astype(np.int8), dr.u, pool))
    return prep.draws[key]


BUCKETS = 1 << 16  # priority buckets of _choose_among: a few rows each on 500,000 posts


def ranked(dr: Draws) -> Draws:
    """The draws with their rows sorted by priority once, and bucketed by priority (priorities are in [0, 1))."""
    order = np.argsort(dr.priority, kind="stable").astype(np.int32 if len(dr.priority) < 2**31 else np.int64)
    bucket = np.floor(dr.priority * BUCKETS).astype(np.uint16)
    starts = np.searchsorted(bucket[order], np.arange(BUCKETS + 1))
    return replace(dr, order=order, bucket=bucket, starts=starts)


def _borrowed(prep: Prepared, src: np.ndarray, code: int, dr: Draws) -> np.ndarray:
    """Reactions for rows of prepared rows `src` turned into kind `code`: a donor's, times the kind's factor."""
    recv = np.zeros((len(prep.recv), len(src)), np.int32)
    factor, d, plat = KIND_FACTOR[code], prep.donors, prep.plat[src]
    if factor == 0 or not len(d.rows):
        return recv
    lo, hi = d.lo[plat], d.hi[plat]
    pick = np.clip(d.rank[src] - 1 - dr.donor[src], lo, np.maximum(hi - 1, lo))
    donor = d.rows[np.minimum(pick, len(d.rows) - 1)]
    u = dr.u[src] if factor != 1 else None
    has_donor = hi > lo
    for i in prep.counted:  # a count no export carries stays 0 (NULL)
        got = prep.recv[i][donor]
        got = got if u is None else _scaled(got, factor, u)
        recv[i] = got * (prep.valid[i][src] & has_donor)  # a count this row's export lacks stays NULL
    return recv


_OWN = np.isin(np.arange(OTHER + 1), (ORIGINAL, QUOTE, SELF_REPLY))  # by kind code: keeps its own reactions as a reply
_OWN_FACTOR = np.where(np.arange(OTHER + 1) == SELF_REPLY, 1.0, REPLY_FACTOR)  # ... times this


def _edited_at(plan: Plan, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows `rows` (sorted): whether each has an edit, and where in the edits it is or would go."""
    at = np.searchsorted(plan.edit_idx, rows)
    if not len(plan.edit_idx):
        return np.zeros(len(rows), bool), at
    return plan.edit_idx[np.minimum(at, len(plan.edit_idx) - 1)] == rows, at


def _item_values(hit: np.ndarray, at: np.ndarray, rows: np.ndarray, base: np.ndarray, edited) -> np.ndarray:
    """An item column after the edits (`base` per prepared row, `edited` per edit) at rows `rows`, with
    _edited_at's (hit, at): read at the rows only, not built for every item."""
    values = base[rows]
    values[hit] = edited[at[hit]]
    return values


def _rekind(plan: Plan, prep: Prepared, rows: np.ndarray, code: int, dr: Draws) -> Plan:
    """The plan with items `rows` (sorted) re-kinded to `code`, with borrowed reactions (module doc)."""
    if not len(rows):
        return plan
    hit, at = _edited_at(plan, rows)  # one search of the edits, for the values below and the merge
    if code == REPLY:  # an item with reactions of its own keeps them, scaled to a reply's (issue 13: a
        # borrowed donor's could be larger than the item's own, and the slider then reversed by chance)
        now = _item_values(hit, at, rows, prep.code, plan.edit_code)
        own, factor = _OWN[now], _OWN_FACTOR[now]  # a self-reply already draws a reply's share
        other = ~own
        recv, borrowed, u = np.zeros((len(prep.recv), len(rows)), np.int32), _borrowed(prep, rows[other], code, dr), dr.u[rows]
        for i in prep.counted:  # only the rows that borrow ask for a donor; field by field (2-D masks are slow)
            x = np.multiply(_item_values(hit, at, rows, prep.recv[i], plan.edit_recv[i]), factor)
            x += u  # floor(values * factor + u), in place
            recv[i] = np.floor(x, out=x)
            recv[i][other] = borrowed[i]
    else:
        recv = _borrowed(prep, rows, code, dr)
    drawn = (code == REPLY) & ~prep.mentions.has_target[rows]
    pool = np.where(drawn, dr.pool[rows], -1)
    codes = np.full(len(rows), code, np.int8)
    if not len(plan.edit_idx):
        return replace(plan, edit_idx=rows, edit_code=codes, edit_recv=recv, edit_pool=pool)
    # A row re-kinded twice keeps its last edit. The old edits kept and the new are two sorted runs of distinct
    # rows: a new one lands at its index plus the count of old ones kept before it (a merge, no sort).
    kept = np.ones(len(plan.edit_idx), bool)
    kept[at[hit]] = False
    to_new = np.arange(len(rows)) + at - (np.cumsum(hit) - hit)  # old rows kept before it: at, less replaced
    is_new = np.zeros(int(kept.sum()) + len(rows), bool)
    is_new[to_new] = True
    to_old = np.flatnonzero(~is_new)

    def merged(old, new):
        if old.ndim == 2:  # row by row: fancy indexing along the last axis of a 2-D array is slow
            return np.stack([merged(o, nw) for o, nw in zip(old, new)])
        out = np.empty(len(to_old) + len(new), old.dtype)
        out[to_old], out[to_new] = old[kept], new
        return out
    return replace(plan, edit_idx=merged(plan.edit_idx, rows), edit_code=merged(plan.edit_code, codes),
                   edit_recv=merged(plan.edit_recv, recv), edit_pool=merged(plan.edit_pool, pool))


def _choose_among(dr: Draws, movable: np.ndarray, count: int) -> np.ndarray:
    """The `count` rows of lowest priority where `movable` (bool [n]) holds, in row order."""
    if dr.order is None:
        return _choose(dr, np.flatnonzero(movable), count)
    if dr.bucket is not None:  # movable rows counted per priority bucket: whole buckets below the one the
        # count ends in, and that one's first rows along the order (a few rows: no pass over the whole order)
        # (weights, not dr.bucket[movable]: a boolean compress of 500,000 rows cost twice the whole count)
        cum = np.cumsum(np.bincount(dr.bucket, weights=movable, minlength=BUCKETS)).astype(np.int64)
        if count >= cum[-1]:
            return np.flatnonzero(movable)
        if count <= 0:
            return np.zeros(0, np.int64)
        last = int(np.searchsorted(cum, count))
        rest = dr.order[dr.starts[last]:dr.starts[last + 1]]
        chosen = movable & (dr.bucket < last)
        chosen[rest[movable[rest]][: count - (cum[last - 1] if last else 0)]] = True
        return np.flatnonzero(chosen)
    picked = dr.order[movable[dr.order]]  # movable rows, lowest priority first
    if count >= len(picked):
        return np.flatnonzero(movable)
    chosen = np.zeros(len(movable), bool)
    chosen[picked[: max(count, 0)]] = True
    return np.flatnonzero(chosen)


def _choose(dr: Draws, candidates: np.ndarray, count: int) -> np.ndarray:
    """The `count` candidates of lowest priority, in order (sorted rows make the gathers that follow
    sequential)."""
    if count >= len(candidates):
        return candidates
    chosen = np.zeros(len(candidates), bool)
    if count > 0:  # the `count` lowest priorities, in linear time (priorities are distinct floats)
        chosen[np.argpartition(dr.priority[candidates], count - 1)[:count]] = True
    return candidates[chosen]


def _target(share: float, items: int) -> int:
    return int(np.floor(share * items + 0.5))


def _reach_share(plan: Plan, prep: Prepared, kind: int, share: float, movable: np.ndarray, is_kind: np.ndarray,
                 items: int, dr: Draws) -> Plan:
    """Re-kind rows so that `kind` makes round(share * items) of the items: movable rows in, or some out."""
    have, want = int(is_kind.sum()), _target(share, items)
    if want > have:
        return _rekind(plan, prep, _choose_among(dr, movable, want - have), kind, dr)
    if want < have:
        return _rekind(plan, prep, _choose_among(dr, is_kind, have - want), ORIGINAL, dr)
    return plan


def shares(plan: Plan, prep: Prepared, s: Scenario) -> Plan:
    """Repost share, then reply share (replies to others), over the person's own items."""
    items = plan.n
    if s.repost_share is not None:
        codes = plan.item_codes(prep)
        is_repost = codes == REPOST
        movable = ~is_repost & (codes != OTHER)
        plan = _reach_share(plan, prep, REPOST, s.repost_share, movable, is_repost, items,
                            share_draws(prep, s.seed, "repost_share"))
    if s.reply_share is not None:
        codes = plan.item_codes(prep)
        is_reply = codes == REPLY
        movable = ~is_reply & (codes != OTHER)
        if s.repost_share is not None:  # keep the repost share just reached
            movable &= codes != REPOST
        plan = _reach_share(plan, prep, REPLY, s.reply_share, movable, is_reply, items,
                            share_draws(prep, s.seed, "reply_share"))
    return plan


def plan_of(prep: Prepared, s: Scenario) -> Plan:
    """Every transform of a resolved scenario, in ORDER."""
    plan = shares(Plan(prep.n), prep, s)
    plan = frequency(plan, prep, s.frequency, s.seed)
    if s.break_weeks:
        plan = break_window(plan, prep, s.break_start, s.break_weeks)
    return replace(plan, ring=s.ring_reactions)  # applied where the rows are read: daily.py, materialize.py
