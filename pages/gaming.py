"""Gaming lab: students play strategies; leaderboards by the black box, the transparent metrics and
the outcome show Goodhart's law at work."""

import streamlit as st

from cloutlab import charts, gaming, sources
from cloutlab.scores import blackbox
from cloutlab.ui import data
from cloutlab.ui.gaming_state import MEASURE_LABELS, board_for, everyone_plays, student_options
from cloutlab.ui.page import ensure_app

ensure_app()

st.title("Gaming lab")
st.markdown(
    "> *When a measure becomes a target, it ceases to be a good measure.* (Goodhart's law, as Strathern put it)\n\n"
    "Give each student a strategy. The leaderboard shows who the black box rewards, what the transparent "
    "metrics say really happened, and what it did to a real outcome."
)
options = student_options()
chosen = st.multiselect("Students", list(options), default=[k for k in options if k.startswith("demo:")][:6],
                        format_func=lambda k: options[k].label, key="gl_students")
if not chosen:
    st.info("Pick at least one student.")
    st.stop()

names = list(gaming.STRATEGIES)
st.selectbox("Give everyone the same strategy", ["(each their own)", *names], key="gl_everyone",
             on_change=everyone_plays, args=(chosen,),
             format_func=lambda k: gaming.STRATEGIES[k].name if k in gaming.STRATEGIES else k)
cols = st.columns(3)
for i, sid in enumerate(chosen):
    st.session_state.setdefault(f"gl_strategy_{sid}", gaming.SUGGESTED.get(sid.split(":", 1)[-1], "as_is"))
    cols[i % 3].selectbox(options[sid].label, names, key=f"gl_strategy_{sid}",
                          format_func=lambda k: gaming.STRATEGIES[k].name)
picks = {sid: st.session_state[f"gl_strategy_{sid}"] for sid in chosen}
board = board_for(tuple(picks.items()))

measure = st.radio("Rank by", list(MEASURE_LABELS), format_func=MEASURE_LABELS.get, horizontal=True, key="gl_measure")
shown = gaming.table(board, measure)
narrow = {c: st.column_config.Column(width="small") for c in shown.columns if c not in ("Student", "Strategy")}
st.dataframe(shown, hide_index=True, key="gl_board", column_config=narrow)
st.plotly_chart(charts.rank_changes(board, measure, MEASURE_LABELS[measure]), key="gl_rank_chart")
st.download_button("Download the leaderboard (CSV)", gaming.table(board, None).to_csv(index=False).encode(),
                   "leaderboard.csv", "text/csv", key="gl_csv")

with st.expander("A five-minute walk-through for the class", expanded=False):
    st.markdown(
        "1. **Rank by Opaque score.** The bot and the engagement ring climb; the follower buyer does not move. "
        "Klout behaved the same way: a spam bot reached 57, 10,000 bought followers changed nothing.\n"
        "2. **Rank by Applause rate or Conversation rate.** Per post, the bot earns almost nothing, and the ring's "
        "likes all come from the same thirty accounts (the ledger on the Scores page lists them).\n"
        "3. **Rank by Outcome.** Book sales and sign-ups follow genuine replies and reposts: gaming leaves them "
        "flat or lower, while replying to readers helps.\n"
        "4. **Open the black box.** Each strategy pulled a different lever (activity, engagement, outreach). "
        "Once people aim at the number, it stops telling you who has influence: Goodhart's law."
    )

st.subheader("What the record says about these strategies")
for key in dict.fromkeys(picks.values()):
    s = gaming.STRATEGIES[key]
    links = "; ".join(src.link() for src in sources.cited(s.sources))
    st.markdown(f"**{s.name}.** {sources.md_escape(s.record)} {links}")

st.subheader("Open the black box")
if st.toggle("Show every feature's contribution and the hidden weights", key="gl_reveal"):
    who = st.selectbox("Student", chosen, format_func=lambda k: options[k].label, key="gl_reveal_student")
    shown = gaming.explain_both(data.prepared(options[who]), data.score_input(options[who]),
                                gaming.STRATEGIES[picks[who]])
    st.markdown(f"Era in force: **{shown['era']}**. Raw score {shown['raw_before']:.2f} before, "
                f"{shown['raw_after']:.2f} after; the curve grades {shown['mu']:.2f} as 20 and adds "
                f"{shown['points_per_sigma']:.1f} points per {shown['sigma']:.2f} of raw score.")
    st.dataframe(shown["features"], hide_index=True, key="gl_features")
    st.dataframe(blackbox.hidden_weights().reset_index(), hide_index=True, key="gl_weights")
    st.caption("Klout never showed this. With it, you can see which lever each strategy pulled.")
