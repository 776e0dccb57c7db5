"""Drawing the third lens, the Empire Avenue-style share price, on Scores over time and in the What-if lab.

Pages call one function each; the numbers come from cloutlab.market (pure), the sentences from market.story.
"""

from __future__ import annotations

import streamlit as st

from cloutlab.present import charts, citations, events
from cloutlab import market, whatif
from cloutlab.market import story
from cloutlab.scores.inputs import ScoreInput
from cloutlab.scores.missing import NOT_IN_EXPORT
from cloutlab.present.text import md_escape, signed
from cloutlab.ui.page import metric
from cloutlab.ui.plot import chart

_TITLE = "A third lens: an Empire Avenue-style share price"
_HOW = ("Empire Avenue (2010-2015) let people buy and sell shares of each other with a virtual currency, eaves. "
        "Every night it re-priced each account from its activity, audience and engagement on up to five networks; "
        "every buy nudged the price up and every sell down; holders earned a dividend a day. The formula was never "
        "published: Methodology lists what the record says and what we assumed.")


def _notes(path) -> None:
    if not path.attrs.get("reactions_known", True):
        st.info("This export carries no reaction counts: the Network Scores leave engagement out (not measured, not "
                "zero) and the dividend counts activity and audience only, so it is an underestimate.")
    if not path.attrs.get("audience_known", True):
        st.caption(f"Followers are {NOT_IN_EXPORT}: the audience part is not measured and is left out of the "
                   "Network Scores.")
    gaps = path.attrs.get("unmeasured") or {}
    if gaps:
        st.caption(f"{NOT_IN_EXPORT.capitalize()}, so not measured (never counted as 0) and left out of that network's score: "
                   + "; ".join(f"{p}: {', '.join(parts)}" for p, parts in gaps.items()) + ".")


def scores_section(inp: ScoreInput, marks=()) -> None:
    """The price over time beside the opaque score and the composite, with its story in a sentence."""
    path = market.price_path(inp)
    now, week = path.iloc[-1], path["price"].iloc[max(len(path) - 8, 0)]
    st.subheader(_TITLE)
    st.caption(_HOW)
    a, b, c = st.columns(3)
    metric(a, "Share price (eaves)", f"{now['price']:,.2f}", f"{signed(now['price'] - week, '{:+,.2f}')} in 7 days")
    b.metric("Dividend a share, a day", f"{now['dividend']:.3f}", f"{100 * now['yield']:.2f}% yield", delta_color="off",
             delta_arrow="off")
    c.metric("Shares outstanding", f"{now['shares_outstanding']:,.0f}",
             f"{100 * now['social_share']:.0f}% of the price is social", delta_color="off", delta_arrow="off")
    chart(st, charts.score_lines_spec({"share price": path["price"], "social part (nightly re-price)": path["social"]},
                                       "Share price (Empire Avenue-style)", "Eaves", marks,
                                       dashed=("social part (nightly re-price)",)), "scores_market_chart")
    st.markdown(story.path_story(path))
    _notes(path)


def _now(name, compute):
    return compute()


def whatif_section(c, scenario, base=None, memo=_now, marks=None) -> None:
    """Baseline and what-if price paths, the change on the last day, and why the record says it moves so.
    `base`: the baseline's path when the caller has it cached (it does not change with the sliders).
    `memo(name, compute)`: where the caller keeps this scenario's paths and chart (default: computed now).
    `marks`: the what-if's events when the caller has them (default: found here)."""
    base = market.price_path(c.baseline) if base is None else base
    what = memo("price_path", lambda: market.price_path(c.what_if))
    p0, p1 = float(base["price"].iloc[-1]), float(what["price"].iloc[-1])
    last = c.baseline.days[-1].date()
    st.subheader("The share price (Empire Avenue-style)")
    left, right = st.columns(2)
    still = abs(p1 - p0) < 0.005
    metric(left, f"Share price on {last} (eaves)", f"{p1:,.2f}", signed(p1 - p0, "{:+,.2f}"))
    d0, d1 = float(base["dividend"].iloc[-1]), float(what["dividend"].iloc[-1])
    metric(right, "Dividend a share, a day", f"{d1:.3f}", signed(d1 - d0, "{:+.3f}"))
    resolved = whatif.resolve(scenario, c.baseline.days[0].date(), last)
    lines = [f"The share price {'did not move' if still else 'rose' if p1 > p0 else 'fell'} ({p0:,.2f} to {p1:,.2f} eaves)."]
    lines += story.whatif_reasons(resolved)
    if resolved.break_weeks and resolved.break_start:
        frozen = memo("price_path_vacation", lambda: market.price_path(
            c.what_if, vacation=market.Vacation(resolved.break_start, 7 * resolved.break_weeks)))
        pv = float(frozen["price"].iloc[-1])
        lines.append(f"In Vacation Mode (up to four weeks a year, B13) the social part would stay frozen and the "
                     f"average dividend would be paid: {pv:,.2f} eaves on {last}.")
    st.markdown("\n".join(f"- {s}" for s in lines))
    chart(st, memo("price_chart", lambda: charts.score_lines_spec(
        {"baseline": base["price"], "what-if": what["price"]}, "Share price: baseline and what-if", "Eaves",
        events.events(c.what_if) if marks is None else marks, dashed=("baseline",))), "wi_market_chart")
    _notes(what)


def _cite(a) -> str:
    from cloutlab.market import record

    links = "; ".join(citations.ea_link(record.SOURCES[s]) for s in a.sources)
    return f"- {md_escape(a.text)}" + (f" ({links})" if links else "")


def methodology_section() -> None:
    """The market's mechanics and assumptions, each with its sources (the Methodology page)."""
    from cloutlab.market import exchange, model, networks, record

    st.header("The share price (Empire Avenue-style)")
    st.markdown(
        "A third way a number about people goes wrong: a price driven by what others expect others to pay. "
        "Empire Avenue never published its formula, so this is a model of what its record says, computed from "
        "the same daily activity as both scores. Confirmed sources are Empire Avenue's own blog, FAQ, API output "
        "or executives; the others are players' blogs.")
    st.subheader("What the record says")
    st.markdown("\n".join(_cite(a) for a in record.MECHANICS))
    st.subheader("How we compute it")
    st.latex(r"\text{price} = \underbrace{%.2f \sum_{\text{top 5 networks}} \text{Network Score}}_{\text{social, re-set nightly}}"
             r" + \underbrace{%.0f \ln\left(1 + \frac{\text{shares outstanding}}{%s}\right)}_{\text{trading, moved by each buy and sell}}"
             % (model.SOCIAL_PER_POINT, exchange.TRADE_SCALE, f"{exchange.DEPTH:,.0f}"))
    st.latex(r"\text{dividend a share} = %.1f \sum_{\text{top 5}} \text{activity} \times (0.3 + \text{engagement})"
             r" \times \text{Network Score} \quad (\text{each as a share of } 100)" % model.DIVIDEND_SCALE)
    st.markdown(
        f"Each Network Score is the mean of its measured parts, each out of 100 on a log scale over a "
        f"{networks.SMOOTH_DAYS}-day average: activity (items a day, at most {networks.ITEMS_CAP} counted), "
        "audience (followers known at export time, bought ones at a tenth) and engagement (reactions received).")
    st.subheader("What we assumed (the record's unknowns)")
    st.markdown("\n".join(_cite(a) for a in record.ASSUMPTIONS))
