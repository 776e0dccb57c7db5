"""Methodology: every formula, every source, the limits (docs/DESIGN.md section 9). Reads the registries, draws."""

import streamlit as st

from cloutlab.present import charts_transparent, events, citations as sources
from cloutlab.present.quotes import QUOTES
from cloutlab.whatif import outcome
from cloutlab.scores import ledger, reach, transparent
from cloutlab.scores.missing import NOT_IN_EXPORT
from cloutlab.scores.windows import METRICS_DAYS, SCORE_DAYS
from cloutlab.ui import market_view
from cloutlab.ui.page import ensure_app
from cloutlab.ui.plot import chart

ensure_app()

esc = sources.md_escape  # our prose goes through markdown; escaping keeps a stray * or _ literal
cite = sources.BY_ID

st.title("Methodology")
st.markdown(
    "Two scores are computed from the same activity. The **transparent** side publishes every formula and "
    "every point; the **opaque** side imitates a score that did not. This page holds the first to account "
    "and says what is known, and what is only inferred, about the second."
)

st.header("Transparent metrics")
st.markdown(
    f"Sums run over a rolling window you choose ({METRICS_DAYS} days unless you change it) and over the platforms "
    f"whose export carries the count. A count an export lacks is shown as *{NOT_IN_EXPORT}*, never as 0, "
    "and a platform without it leaves both sides of a rate. Early days use the days there are."
)
for basis, heading in (("daily", "From the daily activity"), ("posts", "From each post's own counts")):
    st.subheader(heading)
    for m in (m for m in transparent.METRICS.values() if m.basis == basis):
        with st.expander(m.name):
            st.markdown(esc(m.definition))
            st.latex(m.formula)
            st.markdown(f"**Unit:** {esc(m.unit)}  \n**Inputs:** `{'`, `'.join(m.inputs)}`")
            st.markdown(f"**How it can be gamed:** {esc(m.gaming)}")
            st.markdown(f"**What it cannot tell:** {esc(m.blind_spot)}")
            if m.needs:
                st.markdown(f"**Needs:** {esc(', '.join(m.needs))} (otherwise it says why it is missing)")
            cited = sources.cited(m.sources)
            st.markdown("**Sources:** " + ("; ".join(s.link() for s in cited) if cited else "our own definition"))

st.header("The transparent composite (Kred-style)")
params = ledger.Composite()
st.markdown(
    f"Kred published what each action was worth ({cite['kred_influence'].link()}; {cite['kred_outreach'].link()}) "
    f"and listed every point in an activity statement ({cite['kred_statement'].link()}). We do the same: each point "
    "appears in the ledger beside the post that earned it, so any change can be traced to rows. As in "
    "Kred, what others do for you (**received**) is kept apart from what you do for them (**given**, "
    f"Kred's Outreach); the composite counts **{esc(', '.join(params.sides))}** points over "
    f"**{params.window} days**."
)
st.dataframe(ledger.points_table(), hide_index=True, key="method_points_table")
st.latex(ledger.formula(params))
st.markdown(
    "Each tenfold increase in points adds the same amount to the score, so the higher the score, the more "
    "points the next step costs, as Kred said of its own curve. Zero points score 1. Unlike Kred, the curve "
    "is fixed rather than pinned to the most influential account, so your score does not move when others "
    "do. A count an export lacks earns nothing and is listed as unknown."
)
chart(st, charts_transparent.composite_curve(ledger.composite_curve(params)), "method_curve_chart")

st.header("The opaque score")
st.markdown(
    "It imitates what the record says Klout did, not how Klout did it: Klout never published its model. "
    f"A float from 1 to 100 graded on a curve against other users, about 20 on average "
    f"({cite['klout_primer'].link()}; {cite['average_20'].link()}), 50 and above about the 95th percentile "
    f"({cite['cooke_deck'].link()}); a rolling {SCORE_DAYS}-day window weighted to "
    f"recent days ({cite['klout_window'].link()}), whose amplification part drops within days of a break "
    f"({cite['lettink_break'].link()}); reactions per post rather than raw volume, each repeat reactor "
    f"counting less ({cite['klout_ratio'].link()}); activity and mentions a bot can farm "
    f"({cite['borg_bot'].link()}; {cite['turner_feed'].link()}); a small weight on followers, so bought "
    f"ones barely move it ({cite['ignite_bought'].link()}); mentions of you by others, which keep a famous "
    f"account's score up while it is silent (modelled from real followers: no export carries them; "
    f"{cite['klout_measured'].link()}); occasional overnight moves of a few points with no change in "
    f"behaviour ({cite['geeb10_jolt'].link()}); and algorithm updates that moved many scores: on 26 October "
    f"2011 a majority held or rose while some fell, by about 20 points or more as users reported it (73 to "
    f"53, 63 to 39: {cite['klout_2011_update'].link()}; here accounts with reach but little engagement fall "
    f"10 to 20 and a very few more), on 14 "
    f"August 2012 most rose ({cite['klout_2012_update'].link()}) and the only perfect 100 fell to 92 "
    f"({cite['bieber_92'].link()}). A Twitter outage on 27 July 2012 dents that day "
    f"({cite['outage_2012'].link()})."
)
st.markdown(
    "Its log-like mapping from activity to score is **inferred**, not documented: a reverse-engineering "
    f"study found the log of followers or retweets explained most of the variation ({cite['golliher'].link()}). "
    "Its weights are hidden on purpose and shown only when a teacher opens the black box in the Gaming lab."
)
st.subheader("Where a score stands")
st.markdown(
    "Every opaque score is shown with the share of a simulated reference population it beats on that date "
    "(*better than 68% of accounts*). The population is graded so its median is about 20 and about one "
    f"account in twenty scores 50 or more on every date ({cite['average_20'].link()}; {cite['cooke_deck'].link()}); "
    "`python -m cloutlab population --at DATE` prints its median, 95th percentile and share at 50+."
)
st.subheader("True Reach in people")
st.markdown(
    "Klout said True Reach measured how many people you influence, \"generally much smaller than your follower "
    f"count (think like 10%)\" ({cite['klout_primer'].link()}), and its early API gave it as a count. Beside the "
    "1-100 subscore the app shows that count, estimated from what an export carries, since no export names the "
    f"people who react: the R reactions received in the last {SCORE_DAYS} days (likes, reposts, replies, quotes) spread "
    "over the F real followers, a few of whom react often and most rarely, as participation online goes. "
    f"Bought followers never react, so they are not among F ({cite['ignite_bought'].link()}); an engagement "
    "ring adds its own members at most. The spread's shape, k = "
    f"{reach.SHAPE:g}, is **our choice**, calibrated so that an ordinary account reaches about a tenth of its "
    f"followers. An export without followers or without reactions received has no count: *{NOT_IN_EXPORT}*, "
    "never 0."
)
st.latex(rf"\text{{people}} = F \left(1 - \left(1 + \frac{{R_{{{SCORE_DAYS}}}}}{{k F}}\right)^{{-k}}\right)")
st.subheader("Events drawn on the charts")
st.markdown("\n".join(f"- **{esc(label)}:** {cite[src].link()}" for label, src in (
    ("Klout update 26 Oct 2011", events.EVENT_SOURCES["2011-10-26"]),
    ("Klout update 14 Aug 2012", events.EVENT_SOURCES["2012-08-14"]),
    ("Twitter outage 27 Jul 2012", events.EVENT_SOURCES["outage"]),
    (f"Quiet spells (the {SCORE_DAYS}-day window)", events.EVENT_SOURCES["quiet"]),
    ("A network unlinked or relinked", events.EVENT_SOURCES["unlink"]),
    ("Bought followers", events.EVENT_SOURCES["bought"]))))
st.subheader("The simulated outcome")
st.markdown(
    "The outcome (book sales, tickets, visits) is **our modelling choice**, not a record: a number that "
    f"gaming cannot buy, so that Goodhart's law can be seen ({cite['goodhart'].link()}). It is built from what "
    "the people this project comes from said, in their own words:"
)
for q in (QUOTES[k] for k in outcome.SEEDS):
    st.markdown(f"> \u201c{esc(q.text)}\u201d  \n> {esc(q.said_by)}, *{esc(q.where)}*")
st.markdown(
    "So the outcome follows the work first and the real readers reached second. Posting time comes out of a "
    "40-hour week that the work and its promotion share; the work term is 1 at the 90/10 advice (36 hours of "
    "work) and falls with the square of the hours left, since an hour online also breaks the focus of the "
    "rest. Replies, quotes and likes from real people add readers, with diminishing returns; reposts received "
    "reach no one new, an engagement ring's likes and bought followers add nothing. A week off barely moves "
    "it; posting once a week for a season gives the work its hours back, so gaming never raises it. It is "
    f"read over the {outcome.WINDOW_PROSE} ending on the day the scores are read."
)
st.latex(outcome.FORMULA)
st.markdown(esc(outcome.TIME_BUDGET))

market_view.methodology_section()  # the third lens: the share price, its record and assumptions

st.header("What an export can and cannot show")
for platform, limit in sources.EXPORT_LIMITS:
    st.markdown(f"**{esc(platform)}:** {esc(limit)}")
st.markdown(f"Why publish all this: {esc(cite['goodhart'].claim)} ({cite['goodhart'].link()})")

st.header("Sources")
st.caption("Claims in our words; each links to where it was read. Unconfirmed claims are left out.")
# A list rather than a table: the claims are sentences, and a table cut them off.
st.markdown("\n".join(f"- {esc(src.claim)} ({src.link()})" for src in sources.SOURCES))
