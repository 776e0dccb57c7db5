"""A market round for a class: students buy and sell each other's shares for four weeks, each with a strategy
from the record's classic games, on top of the background market of their own datasets (model.price_path).

The games (docs/empire-avenue-record.md section 3): flipping a newcomer (U1, U13), a reciprocal "max/match"
buying club (U14), a buy-back bot that buys one share of everyone and buys back its holders (A2), and paid
missions for likes (B12, U5). The leaderboard ranks the class by share price beside the black box, the
transparent composite and the simulated real outcome (cloutlab.whatif.outcome, called, never copied).

Simplifications (said on the page): the background traders do not react to the class's trades; each
student plays the last four weeks of their own data; every student starts with START_CASH eaves.
"""

from __future__ import annotations

import dataclasses
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cloutlab.activity import RING
from cloutlab.whatif import outcome
from cloutlab.scores import ledger, opaque
from cloutlab.scores.inputs import ScoreInput
from cloutlab.market import exchange
from cloutlab.market.model import price_path

ROUND_DAYS = 28
START_CASH = 20_000.0  # eaves each student starts with (our assumption; the record gives no figure)
MISSION_MIN_PRICE = 30.0  # running a mission needed a 30e price (U5)
MISSION_LIKES = 10  # paid likes per post of one's own while the mission runs
MISSION_COST = 1.0  # eaves per like paid to the completers (our assumption)


@dataclass(frozen=True)
class Game:
    key: str
    name: str
    record: str
    sources: tuple[str, ...]


GAMES: dict[str, Game] = {g.key: g for g in (
    Game("as_is", "Hold cash (control)", "Does nothing: the control group.", ()),
    Game("newcomer", "Join today (list at 10 eaves)", "A newcomer lists at 10e and is bought by flippers at once.",
         ("B20", "U7")),
    Game("dividend", "Buy the best dividend yield", "Buys whoever pays the most dividend per eave, and holds.",
         ("B10", "U10")),
    Game("flip", "Flip the newcomer", "Buys the newcomer to the cap on day one, sells once the price stops rising.",
         ("U1", "U13")),
    Game("club", "Reciprocal buying club (max/match)", "Members buy each other to the cap and match whoever buys them.",
         ("U14",)),
    Game("bot", "Buy-back bot", "Buys one share of everyone, then buys back 70% of what each holder holds of it.",
         ("A2", "U14")),
    Game("missions", "Pay missions for likes", f"Pays {MISSION_COST:g} eave a like for {MISSION_LIKES} likes on each "
         "post, if its price is at least 30e.", ("B12", "U5")),
)}

# A starting line-up (persona -> game), so the first screen already tells the story.
SUGGESTED = {"novelist": "newcomer", "conversationalist": "club", "broadcaster": "club", "celebrity": "dividend",
             "follower_buyer": "missions", "bot": "bot", "veteran_2011": "flip"}


@dataclass(frozen=True)
class Player:
    id: str
    label: str
    baseline: ScoreInput
    game: str = "as_is"
    outcome_rate: float = 1.0
    outcome_unit: str = "engaged people per week"


def can_play(inp: ScoreInput) -> bool:
    """A student needs a day before the round plus its four weeks of data."""
    return len(inp.days) > ROUND_DAYS


def with_paid_likes(inp: ScoreInput, start, per_post: int = MISSION_LIKES) -> tuple[ScoreInput, float]:
    """The input with `per_post` paid likes on every original, reply and quote from `start` on (where the export
    counts likes), marked as ring likes from many different people; and the likes paid for."""
    d = inp.daily.copy()
    on = (d["day"] >= pd.Timestamp(start)) & d["likes_received"].notna()
    extra = np.where(on, per_post * (d["original"] + d["reply"] + d["quote"]).to_numpy(float), 0.0)
    d["likes_received"] = (d["likes_received"].astype("Float64") + extra).round().astype("Int64")
    ring = d[RING].to_numpy(float) if RING in d else np.zeros(len(d))
    d[RING] = (ring + extra).astype("int64")
    # Missions reach many completers: a large "ring", so neither the black box's repeat-reactor rule nor the
    # market's one-reaction-a-day-per-ring-account rule bites; the market still counts each like at half.
    return dataclasses.replace(inp, daily=d, ring_size=max(inp.ring_size, 1000)), float(extra.sum())


@dataclass
class _Stock:
    social: np.ndarray  # per round day, after the nightly re-price
    dividend: np.ndarray
    background: np.ndarray  # shares held by the background traders
    opening_social: float  # the social part in force on the round's first morning
    opening_background: float  # and the background's shares then
    class_shares: float = 0.0

    def quote(self, t: int, night: bool = True) -> tuple[float, float]:
        """(social part in force, outstanding shares) during day t (before its re-price) or after its night."""
        if night:
            return self.social[t], self.background[t] + self.class_shares
        # The class trades at the open: before the background traders' trades of that day.
        if t == 0:
            return self.opening_social, self.opening_background + self.class_shares
        return self.social[t - 1], self.background[t - 1] + self.class_shares


def _stock(path: pd.DataFrame, newcomer: bool) -> _Stock:
    tail = path.iloc[-ROUND_DAYS:]
    before = path.iloc[-ROUND_DAYS - 1]
    opening = (exchange.START_PRICE, 0.0) if newcomer else (float(before["social"]), float(before["shares_outstanding"]))
    return _Stock(tail["social"].to_numpy(float), tail["dividend"].to_numpy(float),
                  tail["shares_outstanding"].to_numpy(float), *opening)


def play(players: list[Player], seed: int = 0) -> dict:
    """Run the round. Returns {"board": one row per player, "trades": every fill, "prices": price per day}."""
    short = [p.label for p in players if not can_play(p.baseline)]
    if short:
        raise ValueError(f"fewer than {ROUND_DAYS + 1} days of data: {', '.join(short)}")
    n = len(players)
    played, paid, base_paths = [], [], []
    for p in players:
        start = p.baseline.days[-ROUND_DAYS]
        listed = start if p.game == "newcomer" else None
        base = price_path(p.baseline, listed=listed)
        inp, likes = p.baseline, 0.0
        if p.game == "missions" and base["price"].loc[start] >= MISSION_MIN_PRICE:
            inp, likes = with_paid_likes(p.baseline, start)
        played.append(inp)
        paid.append(likes)
        base_paths.append((base, price_path(inp, listed=listed) if inp is not p.baseline else base))
    stocks = [_stock(path, p.game == "newcomer") for p, (_, path) in zip(players, base_paths)]
    held = np.zeros((n, n))  # held[i, j]: shares student i holds of student j
    cash = np.full(n, START_CASH) - np.array(paid) * MISSION_COST
    earned = np.zeros(n)
    trades, prices = [], np.zeros((ROUND_DAYS, n))
    # From each player's jitter seed, not its id: the id's spelling may change, the round must not.
    rng = np.random.default_rng(seed or zlib.crc32("|".join(f"{p.baseline.seed}={p.game}" for p in players).encode()))
    peak_seen = np.zeros(n)
    newcomers = [j for j, p in enumerate(players) if p.game == "newcomer"]

    def trade(t, i, j, wanted, why):
        if i == j or wanted == 0:
            return
        social, out = stocks[j].quote(t, night=False)
        if wanted > 0:
            f = exchange.buy(social, out, int(held[i, j]), wanted, cash[i])
            cash[i] -= f.cash
            held[i, j] += f.shares
            stocks[j].class_shares += f.shares
        else:
            f = exchange.sell(social, out, int(held[i, j]), -wanted)
            cash[i] += f.cash
            held[i, j] -= f.shares
            stocks[j].class_shares -= f.shares
        if f.shares:
            trades.append({"day": t + 1, "who": players[i].label, "side": "buys" if wanted > 0 else "sells",
                           "stock": players[j].label, "shares": f.shares * (1 if wanted > 0 else -1),
                           "price": round(f.price, 2), "price_after": round(f.price_after, 2), "why": why})

    for t in range(ROUND_DAYS):
        for i in rng.permutation(n):
            game = players[i].game
            others = [j for j in range(n) if j != i]
            if game == "dividend":
                quotes = {j: stocks[j].dividend[max(t - 1, 0)] / exchange.price(*stocks[j].quote(t, night=False))
                          for j in others if held[i, j] < exchange.HOLDER_CAP}
                if quotes:
                    j = max(quotes, key=quotes.get)
                    budget = 0.25 * cash[i] / exchange.price(*stocks[j].quote(t, night=False))
                    trade(t, i, j, int(budget), "best yield")
            elif game == "flip":
                targets = newcomers or [min(others, key=lambda j: exchange.price(*stocks[j].quote(t, night=False)))]
                for j in targets:
                    now = exchange.price(*stocks[j].quote(t, night=False))
                    peak_seen[j] = max(peak_seen[j], now)
                    if t <= 1:
                        trade(t, i, j, exchange.HOLDER_CAP, "flip: buy the newcomer")
                    elif held[i, j] and (now < peak_seen[j] or t >= 10):
                        trade(t, i, j, -int(held[i, j]), "flip: sell once it stops rising")
            elif game == "club":
                for j in others:
                    if players[j].game == "club":
                        trade(t, i, j, exchange.HOLDER_CAP, "club: max a member")
                    elif held[j, i] > held[i, j]:
                        trade(t, i, j, int(held[j, i] - held[i, j]), "club: match a buyer")
            elif game == "bot":
                for j in others:
                    if t == 0:
                        trade(t, i, j, 1, "bot: one share of everyone")
                    elif held[j, i] > 0:
                        want = min(int(0.7 * held[j, i]), exchange.HOLDER_CAP) - int(held[i, j])
                        trade(t, i, j, max(want, 0), "bot: buy back a holder")
        for j in range(n):  # the night: re-price, then dividends to every holder
            prices[t, j] = exchange.price(*stocks[j].quote(t))
        pay = held @ np.array([s.dividend[t] for s in stocks])
        cash += pay
        earned += pay
    return _board(players, played, base_paths, stocks, held, cash, earned, paid, prices, trades)


def _board(players, played, base_paths, stocks, held, cash, earned, paid, prices, trades) -> dict:
    worth = cash + held @ prices[-1]
    rows = []
    for j, p in enumerate(players):
        base, path = base_paths[j]
        inp = played[j]
        rows.append({
            "student": p.label, "game": GAMES[p.game].name, "game_key": p.game,
            "price_start": exchange.START_PRICE if p.game == "newcomer" else float(path["price"].iloc[-ROUND_DAYS - 1]),
            "price": float(prices[-1, j]),
            "price_without_class": float(path["price"].iloc[-1]),
            "price_without_game": float(base["price"].iloc[-1]),
            "class_shares": int(stocks[j].class_shares),
            "net_worth": float(worth[j]), "dividends_earned": float(earned[j]), "likes_paid": int(paid[j]),
            "opaque": float(opaque.score_series(inp)["score"].iloc[-1]),
            "composite": ledger.composite_at(inp),
            "outcome": outcome.recent(inp, p.outcome_rate), "outcome_unit": p.outcome_unit,
        })
    board = pd.DataFrame(rows)
    for m in ("price", "opaque", "composite", "outcome", "net_worth"):
        board[f"rank_{m}"] = board[m].astype(float).rank(ascending=False, method="min", na_option="bottom").astype(int)
    index = pd.RangeIndex(1, ROUND_DAYS + 1, name="day")
    return {"board": board.sort_values("rank_price").reset_index(drop=True), "trades": pd.DataFrame(trades),
            "prices": pd.DataFrame(prices, index=index, columns=[p.label for p in players])}


FOLLOWS = 0.8  # a rank correlation at or above this counts as "follows the outcome"


def agreement(board: pd.DataFrame) -> dict[str, float]:
    """Spearman rank correlation of each ranking with the outcome's (1: same order, 0: unrelated, -1: reversed)."""
    out = {}
    for m in ("price", "opaque", "composite"):
        a, b = board[f"rank_{m}"].astype(float), board["rank_outcome"].astype(float)
        out[m] = float(a.corr(b, method="pearson")) if a.std() > 0 and b.std() > 0 else float("nan")
    return out


def lesson(board: pd.DataFrame) -> str:
    """The closing sentence: do the three rankings agree, and does any follow the outcome?"""
    tops = {m: board.loc[board[f"rank_{m}"] == 1, "student"].iloc[0] for m in ("price", "opaque", "composite", "outcome")}
    same = (board["rank_price"] == board["rank_opaque"]).all() and (board["rank_opaque"] == board["rank_composite"]).all()
    agree = agreement(board)
    return (f"Top by share price: {tops['price']}; by the black box: {tops['opaque']}; by the transparent "
            f"composite: {tops['composite']}; by the simulated real outcome: {tops['outcome']}. "
            + ("The three rankings agree here. " if same else "The three rankings disagree. ")
            + "Rank agreement with the outcome (1 = same order, 0 = unrelated): "
            + ", ".join(f"{k} {v:+.2f}" for k, v in (("price", agree["price"]), ("black box", agree["opaque"]),
                                                    ("composite", agree["composite"]))) + ". "
            + ("None of the three follows the simulated real outcome: a price follows what others expect others "
               "to pay, a score what its makers chose to count." if max(agree.values(), default=0) < FOLLOWS else
               "Here one ranking happens to follow the outcome closely; change the games and watch it drift."))
