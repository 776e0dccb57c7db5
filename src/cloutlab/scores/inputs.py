"""What every score is computed from: the daily activity frame plus audience facts and what-if context."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ScoreInput:
    """Inputs of both scores for one dataset (baseline or a what-if).

    daily: the activity frame (activity.daily_activity / daily_from_posts), one row per (platform, day).
    followers: per platform, followers known at export time (None: the export does not say).
    bought: bought followers as (date, count): they follow from that date and never react.
    unlinked: (platform, date): the network is unlinked from the opaque score from that date on.
    relinked: (platform, date): an unlinked network is linked again from that date on (its history back).
    ring_size: accounts in an engagement ring whose likes are in the frame's ring_likes column.
    seed: a stable identity for the opaque model's day-to-day jitter (the dataset id).
    """

    daily: pd.DataFrame
    followers: dict[str, int | None] = field(default_factory=dict)
    bought: tuple[tuple[dt.date, int], ...] = ()
    unlinked: tuple[tuple[str, dt.date], ...] = ()
    ring_size: int = 0
    seed: str = ""
    relinked: tuple[tuple[str, dt.date], ...] = ()

    def kept(self, key, compute):
        """`compute()`, kept on this object: every score, the share price and the sentences of one slider
        move read the same days and platform frames a dozen times over (a quarter of a move's CPU was
        rebuilding them). ScoreInput is frozen and `daily` is never changed in place once scored, so what
        is kept cannot go stale; it lives and dies with the object."""
        memo = self.__dict__.setdefault("_kept_memo", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def on_grid(self, days: pd.DatetimeIndex, platforms: list[str]) -> ScoreInput:
        """Say how `daily` was built, so the days and rows every score reads are kept as that layout gives
        them instead of read back from the frame (a tenth of scoring a What-if move on 500,000 posts): a
        row for every one of `days` (distinct, ascending) for each of `platforms`, platform after platform,
        and no other row (whatif.daily's frames). Returns this object."""
        n = len(days)
        memo = self.__dict__.setdefault("_kept_memo", {})
        memo["days"] = days
        memo["platforms"] = sorted(platforms)
        memo["day_rows"] = at = np.tile(np.arange(n), len(platforms))
        at.flags.writeable = False
        for i, p in enumerate(platforms):
            memo[("platform_rows", p)] = (np.arange(i * n, (i + 1) * n), np.arange(n))
        return self

    @staticmethod
    def params(*modules) -> tuple:
        """The upper-case settings of `modules`, for a kept() key of what they shape: a test (or a study)
        that sets one gets a fresh value, never one kept from before."""
        return tuple((m.__name__, k, repr(v)) for m in modules for k, v in vars(m).items() if k.isupper())

    def forget(self) -> None:
        """Drop what kept() holds: a what-if's results are kept per scenario (ui.data.per_scenario) with
        this object, and its columns and walks are needed only while they are computed."""
        self.__dict__.pop("_kept_memo", None)

    @property
    def days(self) -> pd.DatetimeIndex:
        """Every day covered, oldest first."""
        return self.kept("days", lambda: pd.DatetimeIndex(np.sort(self.daily["day"].unique())))

    def day(self, at=None) -> pd.Timestamp:
        """`at` as a day of the data (default: the last day). The one check of a day every score's "on
        this day" goes through: ValueError naming the data's span when `at` is outside it."""
        days = self.days
        if at is None:
            return days[-1]
        when = pd.Timestamp(at)
        if when not in days:
            raise ValueError(f"{when:%Y-%m-%d} is outside the data ({days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d})")
        return when

    @property
    def platforms(self) -> list[str]:
        return list(self.kept("platforms", lambda: sorted(self.daily["platform"].unique())))

    def followers_by_day(self) -> np.ndarray:
        """Followers on each day (float; NaN where no platform's export tells), bought ones included."""
        days = self.days
        known = [v for v in self.followers.values() if v is not None]
        base = np.full(len(days), float(sum(known)) if known else np.nan)
        for when, n in self.bought:
            extra = np.where(days >= pd.Timestamp(when), float(n), 0.0)
            base = np.where(np.isnan(base), extra, base + extra) if n else base
        return base

    def real_followers_by_day(self) -> np.ndarray:
        """Followers on each day without the bought ones (NaN where no platform's export tells): bought
        followers never react and never mention anyone."""
        known = [v for v in self.followers.values() if v is not None]
        return np.full(len(self.days), float(sum(known)) if known else np.nan)

    def platform_frame(self, platform: str) -> pd.DataFrame:
        """The frame's rows for one platform, indexed by day (every day present). Shared by every caller
        (kept on this object): read it, never change it in place."""
        def build():
            d = self.daily
            names = d["platform"]
            if names.is_monotonic_increasing:  # frames come grouped by platform: a slice, not a boolean mask
                part = d.iloc[int(names.searchsorted(platform, "left")):int(names.searchsorted(platform, "right"))]
            else:
                part = d[names == platform]
            return part.set_index("day").reindex(self.days, fill_value=0)

        return self.kept(("platform_frame", platform), build)

    def day_rows(self) -> np.ndarray:
        """Each row of daily's position in days, kept on this object (read-only)."""
        def build():
            at = self.days.get_indexer(self.daily["day"])
            at.flags.writeable = False
            return at

        return self.kept("day_rows", build)

    def daily_column(self, name: str) -> np.ndarray:
        """daily[name] as floats (NaN where the export lacks the count), kept on this object. Read-only:
        the composite, the metrics and the outcome of one slider move all read the same columns."""
        def build():
            col = self.daily[name]
            if isinstance(col.dtype, np.dtype) and col.dtype.kind in "iub":  # no missing value to look for
                values = col.to_numpy().astype(float)  # (a copy: never a view of the frame)
            else:
                values = col.to_numpy(dtype=float, na_value=np.nan)
            values.flags.writeable = False
            return values

        return self.kept(("daily_column", name), build)

    def column(self, platform: str, name: str) -> np.ndarray | None:
        """platform_frame(platform)[name] as floats (NaN where the export lacks the count; 0 on a day the
        platform has no row, as the frame fills it), kept on this object; None when the frame has no such
        column. Read-only. Built from daily_column without the frame: the frame's boolean mask, index and
        reindex were the largest part of scoring a slider move."""
        def build():
            if name not in self.daily:
                return None
            rows, at = self.kept(("platform_rows", platform), lambda: self._rows_of(platform))
            if at is None:  # a day twice for one platform: the frame's reindex says what is wrong
                f = self.platform_frame(platform)
                values = f[name].to_numpy(dtype=float, na_value=np.nan)
            else:
                values = np.zeros(len(self.days))
                values[at] = self.daily_column(name)[rows]
            values.flags.writeable = False
            return values

        return self.kept(("column", platform, name), build)

    def rows_of(self, platform: str) -> np.ndarray:
        """The rows of daily for `platform` (positions, in frame order), kept on this object. Read-only."""
        return self.kept(("platform_rows", platform), lambda: self._rows_of(platform))[0]

    def _rows_of(self, platform: str) -> tuple[np.ndarray, np.ndarray | None]:
        """(rows of daily for `platform`, each row's position in days); None for positions when a day repeats."""
        names = self.kept("platform_names", lambda: self.daily["platform"].to_numpy())  # once, not per platform
        rows = np.flatnonzero(names == platform)
        at = self.day_rows()[rows]
        # Days in rising order cannot repeat (frames come so): only other orders need the sort.
        unique = bool((np.diff(at) > 0).all()) or len(np.unique(at)) == len(at)
        return rows, (at if unique else None)


def followers_map(audience: pd.DataFrame) -> dict[str, int | None]:
    """activity.audience() rows as {platform: followers or None}."""
    return {p: (None if pd.isna(f) else int(f)) for p, f in zip(audience["platform"], audience["followers"])}


def from_store(con, accounts, seed: str = "") -> ScoreInput:
    """The baseline ScoreInput of stored accounts."""
    from cloutlab import activity

    return ScoreInput(
        daily=activity.daily_activity(con, accounts),
        followers=followers_map(activity.audience(con, accounts)),
        seed=seed or "+".join(f"{p}:{a}" for p, a in accounts),
    )
