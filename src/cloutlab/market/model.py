"""An Empire Avenue-style share price for any dataset: seeded, deterministic, from the daily activity frame.

Each day: simulated traders trade (each share bought nudges the price up, each sold down), then the nightly
re-price sets the social part from the smoothed Network Scores of the top five networks, and every share
earns the day's dividend. The traders are a background of flippers (who buy every newcomer and sell
within two weeks: the spike and sag, U1/U7) and investors (who, from a newcomer's third week, buy towards a
dividend yield of about 0.8% a day, no faster than lifts the price 3% a day, and sell when it falls; half
their shares sit with accounts that stopped trading, U8).
Every number beyond the record is listed in record.ASSUMPTIONS.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.missing import not_in_export
from cloutlab.market import exchange, networks, quality
from cloutlab.market.networks import smooth, top_of

SOCIAL_PER_POINT = 0.35  # eaves per Network Score point over the top five networks (our scale)
DIVIDEND_SCALE = 2.6  # eaves per share per unit of the dividend driver (our scale: yields of 0.3-1.5%/day)
TARGET_YIELD = 0.008  # investors buy below, sell above this price-to-dividend (within U10/U17/A1's 0.36-1.45%)
INVESTOR_PACE = 0.1  # investors close a tenth of the gap to their target a day
STICKY = 0.5  # of the shares investors buy, the part that ends with accounts that stop trading
# Investors wait out a newcomer's first two weeks (they "set a Base Share Price", B20; the flippers' weeks,
# U1), then buy no faster than lifts the price MAX_RISE a day: a thin market (about 3,000 active accounts,
# U8; 830 shares traded in a day, A1) that charged more to buy "Fast Moving" stocks (B7). Hence the spike
# and sag of every newcomer, then a climb over months to what its dividend is worth.
BASE_DAYS = 14
MAX_RISE = 0.03
VACATION_MAX_DAYS = 28  # up to four weeks a year (B13)

# The newcomer rush: (day after listing, shares) bought by flippers at the cap of 200 each, then sold.
FLIP_BUYS = ((0, 28 * exchange.HOLDER_CAP), (1, 8 * exchange.HOLDER_CAP))
FLIP_SELL_DAYS = range(4, 14)

COLUMNS = ("open", "after_trades", "price", "social", "trading", "shares_outstanding", "bought", "sold",
           "dividend", "yield", "social_share", "network_points", "vacation")


@dataclass(frozen=True)
class Vacation:
    start: dt.date
    days: int  # clamped to VACATION_MAX_DAYS


def _index_of(days: pd.DatetimeIndex, when) -> int:
    if when is None:
        return 0
    return int(min(max(days.searchsorted(pd.Timestamp(when)), 0), len(days) - 1))


def price_path(inp: ScoreInput, listed=None, vacation: Vacation | None = None) -> pd.DataFrame:
    """The share price on every day of `inp` from the listing day (default: the first day; rows before it
    are NaN). Columns: COLUMNS (open: the price before the day's trades; after_trades; price: after the
    nightly re-price; social and trading parts; dividend per share; yield = dividend / price)."""
    days = inp.days
    n = len(days)
    start = _index_of(days, listed)
    # Kept on `inp`: the what-if's path and its Vacation Mode path read the same Network Scores.
    params = inp.params(sys.modules[__name__], exchange, networks, quality)
    top = inp.kept(("market_top", start, params), lambda: top_of(inp, start))
    social_t = SOCIAL_PER_POINT * top["network_points"].to_numpy()
    dividend = DIVIDEND_SCALE * top["dividend_driver"].to_numpy()
    on_vacation = np.zeros(n, bool)
    if vacation is not None and vacation.days > 0:
        v0 = _index_of(days, vacation.start)
        v1 = min(n, v0 + min(vacation.days, VACATION_MAX_DAYS))
        if v0 > start:  # frozen social part, the average dividend of the month before (B13)
            on_vacation[v0:v1] = True
            social_t[v0:v1] = social_t[v0 - 1]
            dividend[v0:v1] = dividend[max(start, v0 - 30):v0].mean()
    noise = inp.kept(("market_noise", n), lambda: (1.0 + 0.25 * np.random.default_rng(
        zlib.crc32(f"market:{inp.seed}".encode())).standard_normal(n)).tolist())
    # Plain Python floats in the day loop (the same IEEE arithmetic as numpy's scalars, several times
    # faster): a pandas lookup per day made the path 60 ms of every What-if move, numpy scalars 5 ms.
    network_points = top["network_points"].to_numpy(float).tolist()
    rows = np.full((n, len(COLUMNS)), np.nan)
    first, state = start, (0.0, 0.0, 0.0, exchange.START_PRICE)
    if on_vacation.any():
        # Before the vacation the path is the path without it: resume from that path's state on its first day.
        plain = inp.kept(("market_walk", start, params), lambda: _walk(
            start, start, n, (0.0, 0.0, 0.0, exchange.START_PRICE), (SOCIAL_PER_POINT * top["network_points"].to_numpy()).tolist(),
            (DIVIDEND_SCALE * top["dividend_driver"].to_numpy()).tolist(), noise, network_points, [0.0] * n))
        first = int(np.argmax(on_vacation))
        rows[start:first] = plain[0][:first - start]
        state = tuple(plain[1][first - start].tolist())
        walked = _walk(start, first, n, state, social_t.tolist(), dividend.tolist(), noise, network_points,
                       on_vacation.astype(float).tolist())[0]
    else:
        walked = inp.kept(("market_walk", start, params), lambda: _walk(
            start, start, n, state, social_t.tolist(), dividend.tolist(), noise, network_points, [0.0] * n))[0]
    if len(walked):
        rows[first:] = walked
    held = COLUMNS.index("shares_outstanding")
    rows[:, held] = np.round(rows[:, held])  # as Series.round, before the frame: a column set was 0.3 ms a move
    out = pd.DataFrame(rows, index=days, columns=list(COLUMNS))
    out.attrs.update(top.attrs, listed=days[start].date())
    return out


def _walk(start: int, first: int, n: int, state: tuple, social_l: list, dividend_l: list, noise_l: list,
          network_points: list, away: list) -> tuple[np.ndarray, np.ndarray]:
    """The day loop of price_path from day `first` (listed on day `start`) to the last, from `state`
    (flipper_held, active, sticky, social) at the start of day `first`: (a row of COLUMNS per day, the state
    at the start of each day), as float arrays (compact: a what-if keeps them with its scenario). The
    exchange's price and shares_for written out inline (the same expressions): a call per use was a third
    of the loop. The loop keeps only what carries from day to day; the columns that follow from a day's own
    values (trading, yield, social share, ...) are computed after it for all days at once, with the same
    IEEE operations. Past the flippers' days the loop runs without their checks."""
    flips = dict(FLIP_BUYS)
    flipper_held, active, sticky, social = state  # investors' shares: still trading, or held by accounts that stopped
    flip_out = sum(v for _, v in FLIP_BUYS) / len(FLIP_SELL_DAYS)
    scale, depth, log1p, expm1 = exchange.TRADE_SCALE, exchange.DEPTH, math.log1p, math.expm1
    base_days, pace, sticky_part, rise, target = BASE_DAYS, INVESTOR_PACE, STICKY, MAX_RISE, TARGET_YIELD
    sell_days = FLIP_SELL_DAYS
    # From this day on no flipper buys or sells, and investors trade every day.
    settled = start + max(base_days, sell_days.stop, *(day + 1 for day in flips))
    walked, states = [], []
    for t in range(first, min(settled, n)):
        states.append((flipper_held, active, sticky, social))
        age = t - start
        shares = flipper_held + active + sticky
        opened = max(social, 0.01) + scale * log1p(max(shares, 0.0) / depth)  # exchange.price
        bought = sold = 0.0
        if age in flips:  # flippers rush in
            flipper_held += flips[age]
            bought += flips[age]
        if age in sell_days and flipper_held > 0:
            out = min(flipper_held, flip_out)
            flipper_held -= out
            sold += out
        if age >= base_days:  # investors chase yesterday's dividend yield
            fair = dividend_l[t - 1] / target
            held = flipper_held + active + sticky
            want = pace * (depth * expm1(max(fair - social, 0.0) / scale) - held) * noise_l[t]  # exchange.shares_for
            want = min(want, depth * expm1(max((1 + rise) * opened - social, 0.0) / scale) - held)
            if want > 0:
                active += (1 - sticky_part) * want
                sticky += sticky_part * want
                bought += want
            else:
                out = min(active, -want)
                active -= out
                sold += out
        shares = flipper_held + active + sticky
        after = max(social, 0.01) + scale * log1p(max(shares, 0.0) / depth)
        social = social_l[t]  # the nightly re-price
        close = max(social, 0.01) + scale * log1p(max(shares, 0.0) / depth)
        walked.append((opened, after, close, shares, bought, sold))
    # The same day as above with nothing left of the flippers' part, the builtins min and max written as the
    # comparisons they make (NaN kept as they keep it), and the shares and opening price carried over from
    # the day before: overnight neither changes, so each is the value the day's own expression gives.
    lift = 1 + rise
    if max(first, settled) < n:
        shares = flipper_held + active + sticky
        opened = max(social, 0.01) + scale * log1p(max(shares, 0.0) / depth)
    for t in range(max(first, settled), n):
        states.append((flipper_held, active, sticky, social))
        bought = sold = 0.0
        gap = dividend_l[t - 1] / target - social
        want = pace * (depth * expm1((0.0 if gap < 0.0 else gap) / scale) - shares) * noise_l[t]
        room = lift * opened - social
        cap = depth * expm1((0.0 if room < 0.0 else room) / scale) - shares
        want = cap if cap < want else want
        if want > 0:
            active += (1 - sticky_part) * want
            sticky += sticky_part * want
            bought += want
        else:
            out = -want if -want < active else active
            active -= out
            sold += out
        shares = flipper_held + active + sticky
        trade = scale * log1p((0.0 if shares < 0.0 else shares) / depth)
        after = (0.01 if social < 0.01 else social) + trade
        social = social_l[t]
        close = (0.01 if social < 0.01 else social) + trade
        walked.append((opened, after, close, shares, bought, sold))
        opened = close
    days = slice(first, n)
    part = np.array(walked, float).reshape(-1, 6)
    close, social_a, d = part[:, 2], np.array(social_l[days], float), np.array(dividend_l[days], float)
    rows = np.column_stack([part[:, :3], social_a, close - social_a, part[:, 3:], d, d / close, social_a / close,
                            np.array(network_points[days], float), np.array(away[days], float)])
    return rows.reshape(-1, len(COLUMNS)), np.array(states, float).reshape(-1, 4)


def market_object(path: pd.DataFrame, day) -> dict:
    """The CLI's `market` object on `day`: price, dividend, shares_outstanding (None before listing), plus
    extras (extend, never rename): currency, yield_per_day, social_share, listed_on, dividend_note."""
    row = path.loc[pd.Timestamp(day)]
    listed = not np.isnan(row["price"])

    def num(v, digits=2):
        return round(float(v), digits) if listed and np.isfinite(v) else None

    note = None if path.attrs.get("reactions_known", True) else \
        not_in_export("no reaction counts, so the dividend counts activity and audience only (an underestimate)")
    return {
        "price": num(row["price"]), "dividend": num(row["dividend"], 4),
        "shares_outstanding": int(row["shares_outstanding"]) if listed else None,
        "currency": "eaves", "yield_per_day": num(row["yield"], 5), "social_share": num(row["social_share"], 3),
        "listed_on": str(path.attrs.get("listed")), "dividend_note": note,
    }


def path_figures(path: pd.DataFrame) -> dict[str, float]:
    """Start, peak (and its date), end of a price path, for the pages and the report."""
    p = path["price"].dropna()
    return {"start": float(path["open"].dropna().iloc[0]), "peak": float(p.max()), "peak_on": p.idxmax().date(),
            "end": float(p.iloc[-1]), "low_after_peak": float(p.loc[p.idxmax():].min())}


__all__ = ["price_path", "market_object", "path_figures", "Vacation", "smooth"]
