"""Home: the chosen dataset at a glance."""

import streamlit as st

from cloutlab.present import charts_html
from cloutlab.activity import weekly
from cloutlab.scores import summary
from cloutlab.scores.missing import NOT_IN_EXPORT
from cloutlab.present.text import md_escape
from cloutlab.ui import data, prefetch
from cloutlab.ui.page import ensure_app, metric

ensure_app()

ds = data.current()
st.title("cloutlab")
st.markdown(
    "An opaque, Klout-style influence score beside transparent metrics from the same activity. "
    "Pick a dataset in the sidebar, or import your own export."
)
daily = data.daily(ds)
info = weekly.totals(daily)
st.subheader(md_escape(ds.label))

now = summary.score_object(data.score_input(ds), data.posts(ds), scored=data.scored(ds))
left, right = st.columns(2)
o, c = now["opaque"], now["transparent"]["composite"]
metric(left, "Opaque score (Klout-like, 1-100)", f"{o['score']:.2f}", f"{o['slope']:+.2f} in 7 days")
left.caption(f"Better than {o['percentile']:.0f}% of accounts on {now['date']}. Style: {o['style']}. Influential about: {', '.join(map(md_escape, o['topics'][:5])) or 'nothing yet'}. "
             "Nobody outside can say why.")
right.metric("Transparent composite (Kred-like, 1-1000)", NOT_IN_EXPORT if c is None else f"{c:,.0f}")
right.caption(md_escape(summary.reason_of(now, "composite")
                        or "Points for every reply, repost, quote and like received, each one listed with its post."))
if note := summary.end_note(data.score_input(ds)):
    st.caption(md_escape(note))
st.page_link("pages/scores.py", label="Both scores over time", icon=":material/monitoring:")
# The chart right under the headline numbers: on a projector it is in view without scrolling.
# Drawn as markup, not Plotly: a fresh browser shows it without first loading Plotly's 4.7 MB script, which
# is then loaded while the browser is idle, for the next page's charts (issue 23).
st.html(charts_html.stacked_weeks(weekly.items_per_week(daily)))
prefetch.plotly_when_idle()

st.markdown("**Activity, all time**")  # totals over every day of the data, not the scored day
cols = st.columns(4)
cols[0].metric("Items posted", f"{info['items']:,}")
cols[1].metric("Original posts", f"{info['original']:,}")
cols[2].metric("Replies", f"{info['reply']:,}")
cols[3].metric("Reposts", f"{info['repost']:,}")
cols = st.columns(4)
cols[0].metric("First post", f"{info['first']:%Y-%m-%d}" if info["first"] is not None else "none")
cols[1].metric("Last post", f"{info['last']:%Y-%m-%d}" if info["last"] is not None else "none")
for col, key, label in ((cols[2], "likes", "Likes per original post"), (cols[3], "reposts", "Reposts per original post")):
    rate, over, without = info[f"{key}_per_post"], info[f"{key}_over"], info[f"{key}_without"]
    if rate is None:  # in full, in words that wrap: a metric box would cut it to "not in this ..."
        col.caption(label)
        col.markdown(f"**{NOT_IN_EXPORT}**: no {key} counts in it.")
        continue
    col.metric(label, f"{rate:,.1f}",
               help=None if over is None else f"Counted over the {', '.join(over)} export(s) only: the others carry no {key}.")
    if over is not None:
        col.caption(f"{', '.join(over)} only: {' and '.join(without)} carr{'ies' if len(without) == 1 else 'y'} "
                    f"no {key}")

