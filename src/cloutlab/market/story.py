"""Plain sentences about a price path and a what-if's effect on it, for the pages (pure, testable)."""

from __future__ import annotations

import pandas as pd

from cloutlab.market.model import FLIP_SELL_DAYS


def path_story(path: pd.DataFrame) -> str:
    """Listing, newcomer spike and sag, where it stands now, and how much of the price is social."""
    p = path.dropna(subset=["price"])
    first, early = p.iloc[0], p.iloc[: FLIP_SELL_DAYS.stop + 1]
    peak_day = early["price"].idxmax()
    low = p.loc[peak_day:].iloc[: 30]["price"].min()
    last = p.iloc[-1]
    spam = {k: v for k, v in path.attrs.get("spam", {}).items() if v >= 0.05}
    return (
        f"Listed at {first['open']:.0f} eaves on {p.index[0].date()}. Flippers bought the newcomer at once "
        f"({first['after_trades']:.2f} after the first day's buys, {first['price']:.2f} after the first nightly "
        f"re-price), it peaked at {early['price'].max():.2f} on {peak_day.date()}, and sagged to {low:.2f} as they "
        f"sold; investors buy from its third week. On {p.index[-1].date()} it stands at {last['price']:.2f} "
        f"eaves with {last['shares_outstanding']:,.0f} shares outstanding; {100 * last['social_share']:.0f}% of the "
        f"price is the social part (the rest is trading), and each share pays {last['dividend']:.3f} eaves a day "
        f"({100 * last['yield']:.2f}%)."
        + ("".join(f" Spam penalty on {k}: {100 * v:.0f}% of its activity is posts at strangers or volume nobody "
                   "reacts to, counted at a tenth, and the reactions it draws count for nothing." for k, v in spam.items()))
    )


def whatif_reasons(scenario) -> list[str]:
    """Why each lever of a what-if scenario moves the price the way it does, with the record's sources."""
    out = []
    if scenario.break_weeks:
        out.append("A break shows as a slow dip, not a crash: Network Scores average about a month (B16, U6), "
                   "dividends fall with activity, and the investors' selling runs out because most holders have "
                   "stopped trading (U2, U8).")
    if scenario.frequency != 1:
        out.append("Posting more raises the activity part and the dividend (seven blog posts in a day once added "
                   "+15e, P6), but at most 20 items a day count (U11), and items that draw almost no reactions "
                   "count as spam, a tenth each (B10, B11).")
    if scenario.bought_followers:
        out.append("Bought followers count as low-quality followers (F4, F2), at a tenth of a real one: the audience "
                   "part barely moves.")
    if scenario.ring_reactions:
        out.append("Reactions count in the Network Scores and in the dividend (B11), but a ring's accounts are "
                   "bot-like (F4, F2): each counts as at most one reaction a day, at half a real person's, and "
                   "the likes a spam account's posts draw count for nothing (B10). On a genuine account the "
                   "dividend rises and investors buy; on a spam bot a ring adds little.")
    if scenario.repost_share is not None or scenario.reply_share is not None:
        out.append("Reposts and replies are activity like any item; only the reactions they draw change engagement.")
    if scenario.unlink:
        out.append("An unlinked network leaves the top five that set the price (F5): its social part is gone.")
    return out
