"""The Gaming lab's market round: the class buys and sells each other's shares for four weeks (Empire
Avenue-style), with the record's classic games as strategies; a leaderboard by price beside the black box,
the transparent composite and the simulated real outcome. The page calls draw(chosen) once."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cloutlab.present import charts, citations
from cloutlab.market import record
from cloutlab.store.datasets import DatasetId, persona_of
from cloutlab.present.text import md_escape
from cloutlab.market import round as market_round
from cloutlab.ui import data
from cloutlab.ui.state import Keys
from cloutlab.ui.plot import chart

MIN_CLASS = 7  # at least six (the issue); seven gives every game a player with the default line-up


def _class(chosen: list[str]) -> list[str]:
    """The chosen students, topped up with demo personas to a class of at least MIN_CLASS."""
    ids = [sid for sid in chosen if market_round.can_play(data.score_input(data.datasets()[sid]))]
    suggested = [str(DatasetId.demo(n)) for n in market_round.SUGGESTED]  # personas with a game of their own first
    for sid in sorted(data.datasets(), key=lambda k: k not in suggested):
        if len(ids) >= MIN_CLASS:
            break
        if persona_of(sid) and sid not in ids:
            ids.append(sid)
    return ids


def _play(picks: tuple[tuple[str, str], ...]) -> dict:
    """The round for (dataset id, game) pairs (shared by every session when all players are demo personas)."""
    def compute():
        options = data.datasets()
        players = []
        for sid, game in picks:
            ds = options[sid]
            rate, unit = data.outcome_rate(ds)
            players.append(market_round.Player(sid, ds.label.split(": ", 1)[-1], data.score_input(ds), game, rate, unit))
        return market_round.play(players)

    return data.cached(("market_round", picks), compute, shared=all(persona_of(sid) for sid, _ in picks))


def _price_table(board: pd.DataFrame) -> pd.DataFrame:
    cols = {"rank_price": "By price", "rank_opaque": "By black box", "rank_composite": "By composite",
            "rank_outcome": "By outcome", "student": "Student", "game": "Game"}
    out = board[list(cols)].rename(columns=cols)
    out["Price, start to end"] = [f"{a:,.2f} to {b:,.2f}" for a, b in zip(board["price_start"], board["price"])]
    return out


def _behind(board: pd.DataFrame) -> pd.DataFrame:
    cols = {"student": "Student", "opaque": "Opaque score", "composite": "Composite", "outcome": "Outcome a week",
            "outcome_unit": "Outcome unit", "net_worth": "Net worth (eaves)"}
    return board[list(cols)].rename(columns=cols).round(2)


def _effects(board: pd.DataFrame) -> pd.DataFrame:
    """What each game did to its own player's price: the game itself (missions), then the class's trades."""
    return pd.DataFrame({
        "Student": board["student"],
        "Price without the game": board["price_without_game"].round(2),
        "With the game": board["price_without_class"].round(2),
        "With the class's trades": board["price"].round(2),
        "Dividends earned": board["dividends_earned"].round(0),
        "Likes paid for": board["likes_paid"],
    })


def draw(chosen: list[str]) -> None:
    """The whole round in one expander."""
    with st.expander("Market round: buy and sell each other's shares (Empire Avenue-style)", expanded=False):
        ids = _class(chosen)
        options = data.datasets()
        left_out = [options[sid].label for sid in chosen if sid not in ids]
        if left_out:
            st.caption(f"Left out of the market round: {md_escape(', '.join(left_out))} (fewer than "
                       f"{market_round.ROUND_DAYS + 1} days of data: one day before the round and its four weeks).")
        st.markdown(
            f"A class of {len(ids)} trades shares of each other for four weeks, each with a game from the record, on "
            f"top of the simulated market of their own data. Everyone starts with "
            f"{market_round.START_CASH:,.0f} eaves; buyers pay 5% commission; nobody may hold more than 200 shares "
            "of one account. Who ends on top, by price, by the black box, by the composite, and by what really "
            "happened?")
        games = list(market_round.GAMES)
        cols = st.columns(3)
        for i, sid in enumerate(ids):
            key = Keys.mr_game(sid)
            st.session_state.setdefault(key, market_round.SUGGESTED.get(persona_of(sid), "as_is"))
            cols[i % 3].selectbox(md_escape(options[sid].label), games, key=key,
                                  format_func=lambda k: market_round.GAMES[k].name)
        result = _play(tuple((sid, st.session_state[Keys.mr_game(sid)]) for sid in ids))
        board = result["board"]
        st.markdown("**Leaderboard: ranks by share price, by the black box, by the composite and by the outcome**")
        st.dataframe(_price_table(board), hide_index=True, key="mr_board")
        st.markdown(f"**The lesson.** {md_escape(market_round.lesson(board))}")  # it names the students
        st.dataframe(_behind(board), hide_index=True, key="mr_behind")
        prices = result["prices"]
        lines = [go.Scatter(x=prices.index, y=prices[c].to_numpy(), name=c, mode="lines",
                            line=dict(color=charts.OKABE_ITO[i % len(charts.OKABE_ITO)], width=3))
                 for i, c in enumerate(prices)]
        chart(st, charts.figure(lines, "Share prices during the round", "Day of the round", "Eaves", height=480,
                                legend=dict(orientation="v", x=1.02, y=1, xanchor="left"),
                                margin=dict(l=60, r=20, t=60, b=50)), "mr_price_chart")
        st.markdown("**What each game did to its player's price**")
        st.dataframe(_effects(board), hide_index=True, key="mr_effects")
        st.markdown("**The games in the record**")
        for key in dict.fromkeys(board["game_key"]):
            g = market_round.GAMES[key]
            links = "; ".join(citations.ea_link(record.SOURCES[s]) for s in g.sources)
            st.markdown(f"- **{g.name}.** {g.record} {links}")
        trades = result["trades"]
        if len(trades):
            st.caption(f"{len(trades)} trades; the background traders do not react to the class's trades, and each "
                       "student plays the last four weeks of their own data.")
            st.dataframe(trades, hide_index=True, key="mr_trades", height=220)
