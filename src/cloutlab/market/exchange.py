"""The exchange rules: the price as a social part plus a trading part, a step per share bought or sold,
the buyer's commission, the seller's share and the per-holder cap.

Pure functions on numbers; the nightly model (model.py) and the market round (round.py) both trade here,
so a round can never follow other rules than a dataset's price path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

START_PRICE = 10.0  # every account lists at 10 eaves (B20; U1)
COMMISSION = 0.05  # paid by the buyer on top of the price (F1; A1)
SELLER_KEEPS = 0.5  # our reading of "sellers keep 50%, falling to 10%" (F1; U18)
HOLDER_CAP = 200  # shares of one account per holder, 2011-12 (U10, U17)

# The trading part: A * ln(1 + shares / DEPTH). Calibrated so ~5,600 shares bought on a newcomer's first
# day lift it from 10 to about 26 (U7), and 830 shares move a 677,392-share stock by about 0.09 (A1: +0.17
# on a day of 830 shares traded, with the nightly re-price in it too).
TRADE_SCALE = 65.0
DEPTH = 20_000.0


def trading_part(shares: float) -> float:
    """Eaves of price owed to outstanding shares (0 at none; rises with every share, ever more slowly)."""
    return TRADE_SCALE * math.log1p(max(shares, 0.0) / DEPTH)


def shares_for(part: float) -> float:
    """The outstanding shares whose trading part is `part` (inverse of trading_part; 0 for part <= 0)."""
    return DEPTH * math.expm1(max(part, 0.0) / TRADE_SCALE)


def price(social: float, shares: float) -> float:
    """The quoted price: the social part (re-set nightly) plus the trading part (moved by each trade)."""
    return max(social, 0.01) + trading_part(shares)


@dataclass(frozen=True)
class Fill:
    shares: int  # shares that changed hands (after the cap and what the seller had)
    price: float  # the price per share paid (the price before the trade)
    cash: float  # cash that moved: the buyer pays price x shares x 1.05; the seller receives price x shares x 0.5
    price_after: float


def buy(social: float, outstanding: float, held: int, wanted: int, cash: float, cap: int = HOLDER_CAP) -> Fill:
    """A holder holding `held` shares buys up to `wanted` more: at most up to the cap and what the cash buys,
    commission included. Buying never lowers the price."""
    p = price(social, outstanding)
    n = max(0, min(int(wanted), cap - int(held), int(cash // (p * (1 + COMMISSION))) if p > 0 else 0))
    return Fill(n, p, n * p * (1 + COMMISSION), price(social, outstanding + n))


def sell(social: float, outstanding: float, held: int, wanted: int, keeps: float = SELLER_KEEPS) -> Fill:
    """A holder sells up to `wanted` of the `held` shares; the seller receives `keeps` of the price."""
    p = price(social, outstanding)
    n = max(0, min(int(wanted), int(held), int(outstanding)))
    return Fill(n, p, n * p * keeps, price(social, outstanding - n))
