"""Home: the chosen dataset at a glance."""

import streamlit as st

from cloutlab import charts, weekly
from cloutlab.scores import summary
from cloutlab.text import md_escape
from cloutlab.ui import data
from cloutlab.ui.page import ensure_app

ensure_app()

ds = data.current()
st.title("cloutlab")
st.markdown(
    "An opaque, Klout-style influence score beside transparent metrics from the same activity. "
    "Pick a dataset in the sidebar, or import your own export."
)
daily = data.daily(ds)
info = weekly.summary(daily)
st.subheader(md_escape(ds.label))

now = summary.score_object(data.score_input(ds), data.posts(ds), opaque_series=data.opaque_series(ds),
                           composite=data.composite_series(ds), metrics=data.metrics_series(ds, 28))
left, right = st.columns(2)
o, c = now["opaque"], now["transparent"]["composite"]
left.metric("Opaque score (Klout-like, 1-100)", f"{o['score']:.2f}", f"{o['slope']:+.2f} in 7 days")
left.caption(f"Style: {o['style']}. Influential about: {', '.join(map(md_escape, o['topics'][:5])) or 'nothing yet'}. "
             "Nobody outside can say why.")
right.metric("Transparent composite (Kred-like, 1-1000)", "n/a" if c is None else f"{c:,.0f}")
right.caption("Points for every reply, repost, quote and like received, each one listed with its post.")
st.page_link("pages/scores.py", label="Both scores over time", icon=":material/monitoring:")

st.markdown(f"**Activity, {now['date']}**")
cols = st.columns(4)
cols[0].metric("Items posted", f"{info['items']:,}")
cols[1].metric("Original posts", f"{info['original']:,}")
cols[2].metric("Replies", f"{info['reply']:,}")
cols[3].metric("Reposts", f"{info['repost']:,}")
cols = st.columns(4)
cols[0].metric("First post", f"{info['first']:%Y-%m-%d}" if info["first"] is not None else "none")
cols[1].metric("Last post", f"{info['last']:%Y-%m-%d}" if info["last"] is not None else "none")
lpp = info["likes_per_post"]
cols[2].metric("Likes per original post", "not in this export" if lpp is None else f"{lpp:,.1f}")
rpp = info["reposts_per_post"]
cols[3].metric("Reposts per original post", "not in this export" if rpp is None else f"{rpp:,.1f}")

st.plotly_chart(charts.items_per_week(weekly.items_per_week(daily)), key="home_items_chart")
