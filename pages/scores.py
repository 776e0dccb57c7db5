"""Scores over time: the opaque score and the transparent composite side by side, the metrics below."""

import streamlit as st

from cloutlab.present import charts, events
from cloutlab.scores import summary, transparent
from cloutlab.scores.missing import NOT_IN_EXPORT
from cloutlab.scores.windows import SCORE_DAYS
from cloutlab.present.text import csv_safe, md_escape
from cloutlab.ui import data, market_view
from cloutlab.ui.state import Keys
from cloutlab.ui.page import ensure_app, metric
from cloutlab.ui.plot import chart

ensure_app()

ds = data.current()
st.title("Scores over time")
st.caption(md_escape(ds.label))
inp, posts = data.score_input(ds), data.posts(ds)
# The two scores do not depend on the metrics window (data.scored caches them apart): the top of the page reads
# the default window, and only the metrics section below follows the slider.
scored = data.scored(ds)
opaque, composite = scored.opaque, scored.composite
now = summary.score_object(inp, posts, scored=scored)
marks = events.events(inp)
if note := summary.end_note(inp):  # several accounts ending on different days: say which day is scored
    st.caption(md_escape(note))

left, right = st.columns(2)
with left:
    o = now["opaque"]
    metric(st, "Opaque score (Klout-like, 1-100)", f"{o['score']:.2f}", f"{o['slope']:+.2f} in 7 days")
    st.caption(f"Better than {o['percentile']:.0f}% of accounts on {now['date']}.")  # issue 13: where it stands
    st.markdown(f"**Style:** {o['style']}  \n**Influential about:** {', '.join(map(md_escape, o['topics'])) or 'nothing yet'}")
    sub, people = o["subscores"], o["true_reach_people"]  # issue 21: True Reach is people, as Klout first gave it
    reach_said = f"about {people:,} people" if people is not None else md_escape(summary.reason_of(now, "true_reach_people"))
    st.markdown(f"**Subscores:** True Reach {sub['true_reach']:.1f} ({reach_said}), Amplification "
                f"{sub['amplification']:.1f}, Network {sub['network']:.1f}")
    st.caption(f"True Reach in people: the real followers estimated to have reacted in the last {SCORE_DAYS} days (bought "
               "ones never react). Klout said it was usually much smaller than the follower count, about a tenth.")
    st.caption("How is it computed? That is the point: you cannot see it. The Gaming lab can open the box.")
with right:
    c = now["transparent"]["composite"]
    c_why = summary.reason_of(now, "composite")  # why it is missing, or which exports it counts
    st.metric("Transparent composite (Kred-like, 1-1000)", NOT_IN_EXPORT if c is None else f"{c:,.0f}")
    st.markdown(md_escape(c_why) if c_why else "Every point is listed in the ledger below, with the post that earned it.")
    st.caption(f"Points for replies, reposts, quotes and likes received, summed over {SCORE_DAYS} days, on a published "
               "log curve.")
left, right = st.columns(2)
chart(left, charts.score_lines_spec({"opaque score": opaque["score"]}, "Opaque score", "Score (1-100)",
                                     marks, y_range=[0, 100]), "scores_opaque_chart")
if c is None:  # no flat line at 1 standing in for a number the export cannot give
    right.info("No composite chart: this export gives it nothing to draw (see why above).")
else:
    chart(right, charts.score_lines_spec({"composite": composite}, "Transparent composite", "Score (1-1000)",
                                          marks, y_range=[0, 1000]), "scores_composite_chart")
market_view.scores_section(inp, marks)  # the third lens: an Empire Avenue-style share price

if opaque["followers_imputed"].iloc[-1]:
    st.info("This export does not say how many followers you have: the opaque model imputes an audience "
            "from the reactions you receive, as a reverse-engineering study suggests.")
for said in now["opaque"].get("assumptions", []):  # issue 14: a network whose export has no reactions received
    st.info(md_escape(said))

st.subheader("Ledger: every point, with the post that earned it")
statement = data.ledger_statement(ds)
if c is None:
    st.markdown(f"**Points received: {NOT_IN_EXPORT}.** Only points given (your replies, reposts and mentions) "
                "can be listed; they do not count, as with Kred's Influence.")
else:
    received = summary.points_received(statement)
    st.markdown(f"**{received:,} points received** in the last {SCORE_DAYS} days: that is the composite's input. "
                "Points given (your replies, reposts and mentions) are listed but do not count, as with Kred's "
                "Influence.")
st.dataframe(statement, hide_index=True, key="scores_ledger_table", height=300)
st.download_button("Download the ledger (CSV)", key="scores_ledger_csv", mime="text/csv", file_name="cloutlab-ledger.csv",
                   on_click="ignore",  # a download needs no rerun
                   data=lambda: csv_safe(statement).to_csv(index=False).encode())  # post text: no cell runs as a formula

@st.fragment
def metrics_section() -> None:
    """The metrics window's slider reruns this section alone: the scores, the share price and the ledger above
    do not depend on it, and redrawing them (a few hundred ledger rows, three charts) was most of a move's cost
    in the browser and on the server (issue 23)."""
    st.subheader("Transparent metrics")
    st.slider("Rolling window (days)", 7, SCORE_DAYS, key=Keys.WINDOW,  # up to the score's own window
              help="The metrics sum over this many days up to each date.")
    window = st.session_state[Keys.WINDOW]
    metrics = data.scored(ds, window).metrics
    table = summary.metrics_table(inp, posts, window=window, metrics=metrics)
    st.dataframe(table.drop(columns="key"), hide_index=True, key="scores_metrics_table",
                 column_config={"value": st.column_config.TextColumn(width="large")})
    chosen = st.selectbox("Plot a metric over time", list(transparent.METRICS), key="scores_metric_pick",
                          format_func=lambda k: transparent.METRICS[k].name)
    m = transparent.METRICS[chosen]
    st.latex(m.formula)
    series = metrics[chosen]
    if series.notna().any():
        chart(st, charts.score_lines_spec({m.name: series}, f"{m.name} ({window}-day window)",
                                           m.unit, marks), "scores_metric_chart")
    else:
        st.info(md_escape(table.set_index("key").loc[chosen, "value"]))


metrics_section()
