"""Gaming lab: students play strategies; leaderboards by the black box, the transparent metrics and
the outcome show Goodhart's law at work."""

import streamlit as st

from cloutlab.present import charts, citations as sources
from cloutlab.whatif import classroom as gaming_class, gaming
from cloutlab.store.datasets import persona_of
from cloutlab.present.text import csv_safe, md_escape
from cloutlab.ui.state import Keys
from cloutlab.ui import classroom, live_class, market_round
from cloutlab.ui.gaming_state import MEASURE_LABELS, board_for, everyone_plays, student_options
from cloutlab.ui.page import ensure_app
from cloutlab.ui.plot import chart

ensure_app()

st.title("Gaming lab")
st.markdown(
    "> *When a measure becomes a target, it ceases to be a good measure.* (Goodhart's law, as Strathern put it)\n\n"
    "Give each student a strategy. The leaderboard shows who the black box rewards, what the transparent "
    "metrics say really happened, and what it did to a real outcome."
)
options = student_options()
for note in classroom.seed_from_link(options, gaming_class.default_class(options)):
    st.warning(md_escape(note))
chosen = st.multiselect("Students", list(options), format_func=lambda k: options[k].label, key=Keys.GL_STUDENTS)
if not chosen:
    st.info("Pick at least one student.")
    st.stop()

names = list(gaming.STRATEGIES)
st.selectbox("Give everyone the same strategy", ["(each their own)", *names], key=Keys.GL_EVERYONE,
             on_change=everyone_plays, args=(chosen,),
             format_func=lambda k: gaming.STRATEGIES[k].name if k in gaming.STRATEGIES else k)
cols = st.columns(3)
for i, sid in enumerate(chosen):
    st.session_state.setdefault(Keys.gl_strategy(sid), gaming.SUGGESTED.get(persona_of(sid), "as_is"))
    cols[i % 3].selectbox(md_escape(options[sid].label), names, key=Keys.gl_strategy(sid),
                          format_func=lambda k: gaming.STRATEGIES[k].name)
picks = {sid: st.session_state[Keys.gl_strategy(sid)] for sid in chosen}
labels = {sid: options[sid].label.split(": ", 1)[-1] for sid in chosen}
classroom.sync_link(picks)
board = board_for(tuple(picks.items()))
classroom.walkthrough(board)  # a step the class cannot rank by ranks by a fallback (issue 21)
revealed = classroom.predict_gate(picks, labels)

if revealed:
    measure = st.radio("Rank by", list(MEASURE_LABELS), format_func=MEASURE_LABELS.get, horizontal=True,
                       key=Keys.GL_MEASURE)
    shown = classroom.ranked_table(board, measure)
    st.dataframe(shown, hide_index=True, key="gl_board", width="stretch", column_config=classroom.board_columns(shown))
    classroom.guesses_vs_ranks(board, picks, labels)
    classroom.change_charts(board)
    if board[f"rank_{measure}"].isna().all():  # nobody has this number: no empty chart of ranks
        st.info(f"Nobody can be ranked by {MEASURE_LABELS[measure]}: the table says why.")
    else:
        chart(st, charts.rank_changes(board, measure, MEASURE_LABELS[measure]), "gl_rank_chart")
    st.download_button("Download the leaderboard (CSV)", csv_safe(gaming.table(board, None)).to_csv(index=False).encode(),
                       "leaderboard.csv", "text/csv", key="gl_csv", on_click="ignore")

st.subheader("What the record says about these strategies")
for key in dict.fromkeys(picks.values()):
    s = gaming.STRATEGIES[key]
    links = "; ".join(src.link() for src in sources.cited(s.sources))
    st.markdown(f"**{s.name}.** {sources.md_escape(s.record)} {links}")

if revealed:
    st.subheader("Open the black box")
    classroom.black_box(options, picks, chosen)

st.subheader("Run it as a lesson")
classroom.copy_link(picks)
classroom.worksheet(picks, labels)
live_class.start_button()  # issue 25: students join from their phones

market_round.draw(chosen)  # the third lens: a market round (Empire Avenue-style)
