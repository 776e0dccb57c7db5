"""Transparent metrics (docs/DESIGN.md section 5): a registry of plain, published formulas with their limits.

Two bases, kept apart on purpose. Daily metrics are rolling-window sums over the daily activity frame,
summed across platforms. The t-factor needs each post's own repost count, which the daily frame has
already added up, so it is computed from the posts table (`t_factor_series`) and only appears in
`metrics_series` when the posts are passed in.

Unknown is never 0. A received count a platform's export lacks contributes to neither side of a rate (its
posts leave the denominator too, or a Mastodon account would dilute X's applause rate), and a metric no
platform can feed is NaN, with the reason from `availability`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.missing import exports_carry, not_in_export
from cloutlab.scores.windows import METRICS_DAYS
from cloutlab.activity import RECEIVED

_WHAT = {"likes_received": "like counts", "reposts_received": "repost counts", "replies_received": "reply counts",
         "quotes_received": "quote counts", "reactions": "reaction counts", "followers": "follower count"}


@dataclass(frozen=True)
class Metric:
    """One published metric. `formula` is LaTeX for st.latex; `needs` names received counts (the
    frame's RECEIVED columns, or "reactions" for any of them), "followers", or "posts" (the per-post
    table)."""

    key: str
    name: str
    definition: str
    formula: str
    inputs: tuple[str, ...]
    unit: str
    gaming: str
    blind_spot: str
    needs: tuple[str, ...]
    compute: Callable[[_Window], np.ndarray] | None = field(default=None, repr=False, compare=False)
    sources: tuple[str, ...] = ()
    basis: str = "daily"  # "daily" (the activity frame) or "posts" (the per-post table)


def _roll(x: np.ndarray, w: int) -> np.ndarray:
    """Trailing w-day sums along the last axis (partial at the start), by cumulative sums: O(days)."""
    cs = np.cumsum(x, axis=-1)
    out = cs.copy()
    out[..., w:] -= cs[..., :-w]
    return out


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.full(np.shape(num), np.nan), where=np.asarray(den) > 0)


class _Window:
    """Rolling sums of one ScoreInput, kept per platform so unknown counts can be left out."""

    def __init__(self, inp: ScoreInput, window: int):
        self.inp, self.w, self.days = inp, window, inp.days
        self.platforms = inp.platforms
        self._at = inp.kept("platform_day_rows", lambda: (self._platform_of_rows(), inp.day_rows()))
        self.span = np.minimum(np.arange(1, len(self.days) + 1), window)  # days of data in each window
        self._grids: dict = {}  # per column its grid; ("known", column) and "has_followers" too

    def _platform_of_rows(self) -> np.ndarray:
        """Each row's platform, as its position in self.platforms (from the rows inp keeps per platform:
        a string index of the frame's platforms was most of building a window)."""
        at = np.full(len(self.inp.daily), -1, np.intp)
        for i, p in enumerate(self.platforms):
            at[self.inp.rows_of(p)] = i
        return at

    def grid(self, col: str) -> np.ndarray:
        """(platforms, days) floats; NaN where the export lacks the count. A what-if's ring likes are
        already inside `likes_received` (ring_likes only marks them), so they count like any like."""
        if col not in self._grids:
            g = np.zeros((len(self.platforms), len(self.days)))
            g[self._at] = self.inp.daily_column(col)
            self._grids[col] = g
        return self._grids[col]

    def known(self, col: str) -> np.ndarray:
        """Per platform: does its export carry `col` (kept: every metric's reason and rate asks; read-only)."""
        key = ("known", col)
        if key not in self._grids:
            self._grids[key] = k = ~np.isnan(self.grid(col)).all(axis=1)
            k.flags.writeable = False
        return self._grids[key]

    def has_followers(self) -> np.ndarray:
        """Per platform: does its export say its followers (kept, read-only)."""
        if "has_followers" not in self._grids:
            self._grids["has_followers"] = h = np.array([self.inp.followers.get(p) is not None
                                                         for p in self.platforms], dtype=bool)
            h.flags.writeable = False
        return self._grids["has_followers"]

    def total(self, col: str) -> np.ndarray:
        return _roll(np.nansum(self.grid(col), axis=0), self.w)

    def per_week(self, col: str) -> np.ndarray:
        return self.total(col) * 7.0 / self.span

    def share(self, num: str, den: str) -> np.ndarray:
        return _div(self.total(num), self.total(den))

    def followers(self, on: np.ndarray) -> np.ndarray:
        """Followers of platforms `on` each day, bought ones added from their date; NaN if none known."""
        known = [self.inp.followers[p] for p, ok in zip(self.platforms, on) if ok]
        if not known:
            return np.full(len(self.days), np.nan)
        base = np.full(len(self.days), float(sum(known)))
        for when, n in self.inp.bought:
            base += np.where(self.days >= pd.Timestamp(when), float(n), 0.0)
        return base

    def rate(self, col: str, per_1k: bool = False) -> np.ndarray:
        """Received `col` per original post, over the platforms whose export carries `col`."""
        on = self.known(col) & (self.has_followers() if per_1k else True)
        own = self.grid("original")[on] + self.grid("quote")[on]
        r = _div(_roll(np.nan_to_num(self.grid(col)[on]).sum(axis=0), self.w), _roll(own.sum(axis=0), self.w))
        return r / self.followers(on) * 1000.0 if per_1k else r

    def reactions_per_1k(self) -> np.ndarray:
        on = np.any([self.known(c) for c in RECEIVED], axis=0) & self.has_followers()
        got = sum(np.nan_to_num(self.grid(c)[on]) for c in RECEIVED).sum(axis=0)
        return _roll(got, self.w) * 7.0 / self.span / self.followers(on) * 1000.0

    def audience(self) -> np.ndarray:
        return self.followers(self.has_followers())

    def consistency(self) -> np.ndarray:
        """Share of the window's whole weeks (7-day blocks ending on the day) with at least one item."""
        s7, idx = _roll(np.nansum(self.grid("items"), axis=0), 7), np.arange(len(self.days))
        active, counted = np.zeros(len(idx)), np.zeros(len(idx))
        for k in range(self.w // 7):
            end = idx - 7 * k
            ok = end >= 6  # the block lies inside the data
            counted += ok
            active[ok] += s7[end[ok]] > 0
        return _div(active, counted)


_SUM = r"\sum_{\text{window}}"
_OWN = r"(\text{original} + \text{quote})"
_VOLUME_GAMING = "Post more: volume costs nothing, and a scheduler or a bot makes it limitless."
_KINDS = (  # (key, frame column, name, definition)
    ("items_per_week", "items", "Items per week", "Everything you authored per week, reposts included"),
    ("posts_per_week", "original", "Original posts per week",
     "Posts per week that are neither replies, reposts nor quotes"),
    ("replies_per_week", "reply", "Replies per week", "Replies you posted per week, your own threads included"),
    ("reposts_per_week", "repost", "Reposts per week", "Reposts of other people's posts per week"),
    ("quotes_per_week", "quote", "Quotes per week", "Quote posts (a repost with your comment) per week"),
)
_RATES = (  # (key stem, received column, its word, name, what Kaushik called it)
    ("conversation", "replies_received", "replies", "Conversation rate", "replies received"),
    ("amplification", "reposts_received", "reposts", "Amplification rate", "reposts received"),
    ("applause", "likes_received", "likes", "Applause rate", "likes received (an engagement ring's likes included)"),
)


def _kind_metric(key: str, col: str, name: str, what: str) -> Metric:
    return Metric(
        key, name, f"{what}, averaged over the window.",
        rf"\text{{{name.lower()}}} = \frac{{7}}{{w}} {_SUM} \text{{{col}}}",
        (col,), "per week", _VOLUME_GAMING,
        "Says nothing about whether anyone read, liked or answered any of it.",
        (), lambda s, c=col: s.per_week(c), ("twitalyzer",))


def _rate_metric(stem: str, col: str, word: str, name: str, what: str, per_1k: bool) -> Metric:
    key = f"{stem}_per_1k" if per_1k else f"{stem}_rate"
    scale = r" \times \frac{1000}{\text{followers}}" if per_1k else ""
    return Metric(
        key, f"{name} per 1,000 followers" if per_1k else name,
        f"Average {what} per original post{', per 1,000 followers' if per_1k else ''}.",
        rf"\frac{{{_SUM} \text{{{word} received}}}}{{{_SUM} {_OWN}}}{scale}",
        (col, "original", "quote") + (("followers",) if per_1k else ()),
        f"{word} per post" + (" per 1,000 followers" if per_1k else ""),
        "Post less and only your best: the rate rises when weak posts go. Rings and bought reactions "
        "raise the numerator; unlike Klout, no reactor counts for less for reacting a lot.",
        "Reactions to replies count in the numerator while only original posts and quotes divide (daily "
        "totals cannot tell which post drew them); counts are totals at export time, with no reactor names "
        "or impressions." + (" Followers are known only at export time, so older "
                                            "windows divide by today's audience." if per_1k else ""),
        (col, "followers") if per_1k else (col,),
        lambda s, c=col, p=per_1k: s.rate(c, p), ("kaushik", "tsm_relative") + (() if per_1k else ("klout_ratio",)))


METRICS: dict[str, Metric] = {m.key: m for m in (
    *(_kind_metric(*k) for k in _KINDS),
    Metric("conversation_share", "Conversation share",
           "The share of your items that are replies to other people (threads with yourself excluded).",
           rf"\frac{{{_SUM} \text{{replies to others}}}}{{{_SUM} \text{{items}}}}",
           ("replies_sent", "items"), "share of items (0 to 1)",
           "Reply to anyone about anything: a reply bot at strangers scores near 1.",
           "Cannot tell a conversation from a one-way reply nobody answered.", (),
           lambda s: s.share("replies_sent", "items")),
    Metric("generosity", "Generosity",
           "The share of your items that pass on other people's posts (Twitalyzer's generosity).",
           rf"\frac{{{_SUM} \text{{reposts}}}}{{{_SUM} \text{{items}}}}",
           ("repost", "items"), "share of items (0 to 1)",
           "Repost everything: a feed that only reposts scores 1 without reading a word.",
           "Cannot tell thoughtful curation from indiscriminate reposting.", (),
           lambda s: s.share("repost", "items"), ("twitalyzer",)),
    Metric("consistency", "Consistency",
           "The share of whole weeks in the window in which you posted at least once.",
           r"\frac{\#\{\text{weeks in window with items} > 0\}}{\lfloor w / 7 \rfloor}",
           ("items",), "share of weeks (0 to 1)",
           "One scheduled post a week keeps it at 1.",
           "One post and a hundred posts make the same active week.", (),
           lambda s: s.consistency()),
    *(_rate_metric(*r, per_1k=False) for r in _RATES),
    *(_rate_metric(*r, per_1k=True) for r in _RATES),
    Metric("audience", "Audience", "Followers on the day, as the export tells them (bought ones included).",
           r"\text{followers} + \text{bought followers since their date}",
           ("followers",), "followers",
           "Buy followers: 10,000 cost little and appear here at once.",
           "Exports give one follower count at export time, not a history, and not who is real.",
           ("followers",), lambda s: s.audience(), ("ignite_bought",)),
    Metric("reactions_per_1k", "Reactions per 1,000 followers",
           "Reactions received per week, per 1,000 followers (every count the export carries).",
           rf"\frac{{7}}{{w}} {_SUM} (\text{{likes}} + \text{{reposts}} + \text{{replies}} + \text{{quotes}})"
           r" \times \frac{1000}{\text{followers}}",
           RECEIVED + ("followers",), "reactions per week per 1,000 followers",
           "Join an engagement ring: its reactions count like anyone's. Buying followers lowers it.",
           "Adds unlike things (a like and a reply count the same) and mixes whichever counts each "
           "export carries; Twitter's own engagement rate divides by impressions, which no export has.",
           ("reactions", "followers"), lambda s: s.reactions_per_1k(), ("twitter_engagement",)),
    Metric("t_factor", "Repost t-factor",
           "The largest t such that t of your posts in the window have at least t reposts each.",
           r"t = \max\{t : \#\{\text{posts in window with reposts} \ge t\} \ge t\}",
           ("post_id", "created_at", "kind", "reposts"), "posts",
           "Hard to spike: it needs many posts that each draw reposts, but a ring reposting every post "
           "lifts it.",
           "Uses each post's total at export time, whenever the reposts came; ignores likes and replies.",
           ("reposts_received", "posts"), None, ("t_factor",), basis="posts"),
)}
DAILY_KEYS = tuple(k for k, m in METRICS.items() if m.basis == "daily")


def as_pandas(posts, columns: list[str]) -> pd.DataFrame:
    """`columns` of a posts table given as pandas or Arrow (absent optional columns are skipped)."""
    if isinstance(posts, pd.DataFrame):
        return posts[[c for c in columns if c in posts.columns]].copy()
    return posts.select([c for c in columns if c in posts.column_names]).to_pandas()


def t_factor(reposts_per_post) -> int:
    """The t-factor of some posts: the largest t such that t of them have at least t reposts each.

    Input: repost counts, one per post (NaN entries, unknown counts, are left out). Output: an integer
    from 0 to the number of known counts. Bornmann and Haunschild (2015) applied the h-index to tweets.
    """
    a = np.asarray(reposts_per_post, dtype=float)
    ranked = np.sort(a[~np.isnan(a)])[::-1]
    # In descending order, ranked[i] >= i + 1 holds for a prefix only; its length is t.
    return int(np.count_nonzero(ranked >= np.arange(1, len(ranked) + 1)))


def t_factor_series(posts, window: int = METRICS_DAYS) -> pd.Series:
    """The t-factor of the posts (originals, quotes and replies; not reposts) created in each trailing
    `window`-day window, for every day from the first to the last post. NaN throughout when no post
    has a known repost count. Counts are totals at export time, not as of each day."""
    frame = as_pandas(posts, ["created_at", "kind", "reposts"])
    if frame.empty:
        return pd.Series(dtype=float, name="t_factor")
    day = frame["created_at"].dt.floor("D")
    days = pd.DatetimeIndex(np.arange(day.min().to_datetime64(), day.max().to_datetime64() + np.timedelta64(1, "D"),
                                      np.timedelta64(1, "D")), name="day")
    known = frame["reposts"].notna().to_numpy()
    if not known.any():  # the export carries no repost counts (no own posts would be a t of 0)
        return pd.Series(np.nan, index=days, name="t_factor")
    own = frame["kind"].ne("repost").to_numpy() & known
    at, reposts = days.get_indexer(day[own]), frame["reposts"].to_numpy(dtype=float, na_value=np.nan)[own]
    out, t = np.zeros(len(days)), 1
    # #posts with >= t reposts only falls as t rises, so the first t that fails a day fails it for good.
    while (ok := _roll(np.bincount(at[reposts >= t], minlength=len(days)), window) >= t).any():
        out[ok], t = t, t + 1
    return pd.Series(out, index=days, name="t_factor")


def _reason(m: Metric, s: _Window, has_posts: bool) -> str | None:
    on = np.ones(len(s.platforms), dtype=bool)
    for need in (n for n in m.needs if n in _WHAT and n != "followers"):
        known = np.any([s.known(c) for c in RECEIVED], axis=0) if need == "reactions" else s.known(need)
        if not np.any(known):
            return not_in_export(f"{exports_carry(s.platforms)} no {_WHAT[need]}")
        on &= known
    if "followers" in m.needs and not (on & s.has_followers()).any():
        return not_in_export(f"{exports_carry([p for p, k in zip(s.platforms, on) if k])} no follower count")
    if "posts" in m.needs and not has_posts:
        return "computed from each post's own repost count, which the daily totals cannot tell: needs the posts table"
    return None


def _checked(inp: ScoreInput, window: int) -> _Window:
    if not isinstance(window, (int, np.integer)) or window < 7:
        raise ValueError(f"window must be a whole number of days, at least 7 (got {window!r})")
    return _Window(inp, int(window))


def availability(inp: ScoreInput, posts=None) -> dict[str, str | None]:
    """Per metric key: None if this dataset can feed it, else the reason, e.g. missing.not_in_export("the
    Mastodon and Bluesky exports carry no like counts"). Pass `posts` to make the t-factor computable."""
    s = _Window(inp, 7)
    return {k: _reason(m, s, posts is not None) for k, m in METRICS.items()}


def metrics_series(inp: ScoreInput, window: int = METRICS_DAYS, posts=None) -> pd.DataFrame:
    """Every metric on every day of `inp`, over a trailing window of `window` days (at least 7).

    Index: day (every day of the frame). Columns: one per key of METRICS, floats in the metric's unit.
    NaN where the metric is unavailable (see `availability`) or undefined (nothing to divide by in the
    window). The t-factor column is NaN unless `posts` (the posts table behind `inp`) is given.
    Vectorised rolling sums: a 10-year frame takes a few milliseconds.
    """
    s = _checked(inp, window)
    out = {}
    for key, m in METRICS.items():
        if _reason(m, s, posts is not None) is not None:
            out[key] = np.full(len(s.days), np.nan)
        elif m.basis == "posts":
            out[key] = t_factor_series(posts, s.w).reindex(s.days).to_numpy(dtype=float)
        else:
            out[key] = m.compute(s)
    index = s.days.rename("day")
    values = list(out.values())
    if all(isinstance(v, np.ndarray) and v.dtype == np.float64 and v.shape == (len(index),) for v in values):
        # One float block at once: from a dict of columns pandas checks and stacks each one (a millisecond
        # of every What-if move); the frame is the same, block for block.
        return pd.DataFrame(np.column_stack(values) if values else np.empty((len(index), 0)), index=index,
                            columns=list(out))
    return pd.DataFrame(out, index=index)


def metrics_at(inp: ScoreInput, day=None, window: int = METRICS_DAYS, posts=None) -> dict[str, float | None]:
    """Every metric on `day` (default: the last day): a float, or None where there is no value (not in
    this export, or nothing to divide by in the window); never 0 for unknown. ValueError if `day` is
    outside the data."""
    return metrics_on(metrics_series(inp, window, posts), inp, day)


def metrics_on(table: pd.DataFrame, inp: ScoreInput, day=None) -> dict[str, float | None]:
    """A metrics_series table's values on `day` of `inp` (default: the last day); None where none."""
    if table.empty:
        return {k: None for k in METRICS}
    return {k: None if np.isnan(v) else float(v) for k, v in table.loc[inp.day(day)].items()}
