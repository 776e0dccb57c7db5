"""The Gaming lab as a lesson: the class in the link, predict-then-reveal, a step-by-step walk-through,
the slope charts, the black box as a waterfall, and the printable worksheet. The page calls these in order."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cloutlab.present import charts_class, urls
from cloutlab.whatif import classroom, gaming
from cloutlab.scores import blackbox
from cloutlab.store.datasets import persona_of
from cloutlab.present.text import md_escape
from cloutlab.ui.state import Keys
from cloutlab.ui import a11y, data, links
from cloutlab.ui.plot import chart

SEEDED, REVEALED, STEP = Keys.GL_SEEDED, Keys.GL_REVEALED, Keys.GL_STEP

# (measure to rank by, what to say). Only what the charts on screen show.
STEPS = (
    ("opaque", "**Rank by the opaque score.** Look at the slope chart of changes: the bot and the engagement "
               "ring climb on the black box; bought followers barely move it. Klout did the same: a spam bot "
               "reached 57, and 10,000 bought followers changed nothing."),
    ("applause_rate", "**Rank by applause rate.** Per post, the bot earns almost nothing. The ring's likes all come "
                      "from the same thirty accounts: the black box counts each repeat less, a plain count does not."),
    # Not conversation rate (replies received per post): X and Mastodon exports carry no reply counts, so
    # it ranked nobody in the default class (issue 21). Reposts received are in every export but Bluesky's.
    ("amplification_rate", "**Rank by amplification rate.** Reposts received per post: gaming does not make anyone "
                           "share your posts. The ring's likes and the bought followers add no reposts, posting "
                           "ten times more spreads the same reposts thinner, and the bot's shouting draws almost "
                           "none."),
    ("outcome", "**Rank by outcome** (percent of each student's own start). Book sales and sign-ups follow "
                "genuine replies and reposts: gaming leaves them flat or lower, replying to readers helps."),
    ("opaque", "**Open the black box** below. Each strategy pulled a different lever. Once people aim at the "
               "number, it stops telling you who has influence: Goodhart's law."),
)


def seed_from_link(options: dict, default: list[str]) -> list[str]:
    """Before the student picker is drawn: a shared link's ?class= restores students and strategies
    (once per session); otherwise the default line-up. Returns notes on what the link could not restore."""
    notes: list[str] = []
    if not st.session_state.get(SEEDED):
        st.session_state[SEEDED] = True
        personas = {persona_of(k) for k in options if persona_of(k)}
        picks, notes = classroom.class_from_query(st.query_params.get(classroom.PARAM, ""), personas, gaming.STRATEGIES)
        if picks:
            st.session_state[Keys.GL_STUDENTS] = list(picks)
            for sid, strategy in picks.items():
                st.session_state[Keys.gl_strategy(sid)] = strategy
    st.session_state.setdefault(Keys.GL_STUDENTS, default)
    st.session_state[Keys.GL_STUDENTS] = [s for s in st.session_state[Keys.GL_STUDENTS] if s in options]
    return notes


def sync_link(picks: dict[str, str]) -> None:
    """Keep ?class= equal to the class on screen, so the address bar is always the link to share."""
    value = classroom.class_to_query(picks)
    if st.query_params.get(classroom.PARAM, "") != value:
        if value:
            st.query_params[classroom.PARAM] = value
        else:
            del st.query_params[classroom.PARAM]


def class_link(picks: dict[str, str]) -> str:
    """The link that restores this class (its demo students and their strategies) on the Gaming lab."""
    value = classroom.class_to_query(picks)
    return urls.page_url(links.base(), "gaming", {classroom.PARAM: value} if value else {})


def copy_link(picks: dict[str, str]) -> None:
    """The link on show, with a Copy link button."""
    st.markdown("**Copy link** to this class:")
    links.copy_field(class_link(picks), "this class")
    if not all(persona_of(sid) for sid in picks):
        st.caption("Imported students stay in this browser tab: the link carries the demo personas only.")


def predict_gate(picks: dict[str, str], labels: dict[str, str]) -> bool:
    """'Predict, then reveal': with the toggle on, the results stay hidden until the class has guessed
    each student's black-box rank and pressed Reveal. Returns True when the results may be shown."""
    if not st.toggle("Predict, then reveal", key=Keys.GL_PREDICT,
                     help="Hide the results until the class has guessed the ranks."):
        return True
    setup = tuple(picks.items())
    if st.session_state.get(REVEALED) == setup:
        return True
    st.markdown("**Predict.** Where will each student rank on the black-box score after their strategy "
                "(1 = top)? Write it on the worksheet or enter it here, then reveal.")
    cols = st.columns(min(len(picks), 3))
    for i, sid in enumerate(picks):
        cols[i % len(cols)].selectbox(md_escape(labels[sid]), list(range(1, len(picks) + 1)), key=Keys.gl_guess(sid))
    if st.button("Reveal the results", type="primary", key="gl_reveal_button"):
        st.session_state[REVEALED] = setup
        st.rerun()
    return False


def guesses_vs_ranks(board: pd.DataFrame, picks: dict[str, str], labels: dict[str, str]) -> None:
    """After a reveal: each guess beside the real rank."""
    if not st.session_state.get(Keys.GL_PREDICT):
        return
    rank = dict(zip(board["student"], board["rank_opaque"]))
    rows = [{"Student": labels[sid], "Your guess": st.session_state.get(Keys.gl_guess(sid)),
             "Actual rank": rank.get(labels[sid])} for sid in picks]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="gl_guesses")


def _go(step: int, ranked: dict[str, int]) -> None:
    st.session_state[STEP] = step
    st.session_state[Keys.GL_MEASURE] = classroom.step_measure(STEPS[step][0], ranked)


def _start_steps(ranked: dict[str, int]) -> None:
    if st.session_state.get(Keys.GL_STEPWISE):
        _go(0, ranked)


def walkthrough(board: pd.DataFrame) -> None:
    """A step-by-step mode (one step at a time, the ranking follows the step) or the whole list. A step
    whose measure the class on screen cannot rank ranks by a fallback, and says so (step_measure)."""
    ranked = classroom.ranked_counts(board, gaming.MEASURES)
    if st.toggle("Step-by-step walk-through", key=Keys.GL_STEPWISE, on_change=_start_steps, args=(ranked,),
                 help="One step at a time; each step ranks by the measure it talks about."):
        step = min(st.session_state.get(STEP, 0), len(STEPS) - 1)
        own = STEPS[step][0]
        used = classroom.step_measure(own, ranked)
        if used != own and st.session_state.get(Keys.GL_MEASURE) == own:  # the class changed under this step
            st.session_state[Keys.GL_MEASURE] = used
        st.info(f"Step {step + 1} of {len(STEPS)}. {STEPS[step][1]}")
        if used != own:
            st.caption(f"Fewer than two students in this class have a {gaming.MEASURE_NAMES[own].lower()} (the "
                       f"table says why), so this step ranks by {gaming.MEASURE_NAMES[used].lower()} instead.")
        a, b, _ = st.columns([1, 1, 3])
        a.button("Previous step", key="gl_prev", disabled=step == 0, on_click=_go, args=(step - 1, ranked))
        b.button("Next step", key="gl_next", disabled=step == len(STEPS) - 1, on_click=_go, args=(step + 1, ranked))
    else:
        with st.expander("A five-minute walk-through for the class", expanded=False):
            st.markdown("\n".join(f"{i + 1}. {text}" for i, (_, text) in enumerate(STEPS)))


def ranked_table(board: pd.DataFrame, measure: str) -> pd.DataFrame:
    """gaming.table with 'Places moved' in words: a student whose own number did not change is marked."""
    shown = gaming.table(board, measure)
    order = ", ".join(f"{r} {s}" for r, s in enumerate(shown["Student"], start=1))
    a11y.announce(f"Ranked by {gaming.MEASURE_NAMES[measure]}: {order}.", "gaming")
    if "Places moved" in shown.columns:
        by = board.set_index("student")
        shown["Places moved"] = [moved if moved == "" else  # "": unranked, the value is not in the export
                                 classroom.moved_reason(int(moved), by.loc[s, f"{measure}_before"], by.loc[s, measure])
                                 for s, moved in zip(shown["Student"], shown["Places moved"])]
    return shown


def _short(column: str) -> str:
    """A header that fits a narrow column (the full name is the column's help)."""
    if column.startswith("Rank ("):
        return "Rank"
    if column.endswith(" before"):
        return "Before"
    if column.endswith(" after"):
        return "After"
    if "better than" in column:
        return "Better than %"
    if column.startswith("Outcome change"):
        return "Change %"
    return column


def board_columns(shown: pd.DataFrame) -> dict:
    """Column widths that fit the leaderboard in the page: names 190 px, numbers small with short headers
    (the measure is the one chosen in "Rank by"; hovering a header gives its full name)."""
    config = {}
    for c in shown.columns:
        if c in ("Student", "Strategy", "Outcome unit"):
            config[c] = st.column_config.Column(width=165)
        elif c == "Why no value":  # issue 10: the reason a value is missing, in full
            config[c] = st.column_config.Column(width="large")
        elif c != "Places moved" and shown[c].map(lambda v: isinstance(v, str)).any():  # NOT_IN_EXPORT
            config[c] = st.column_config.Column(_short(c), width="medium", help=c)  # and "not ranked" in full
        elif c == "Places moved":
            config[c] = st.column_config.Column(width="small", help="Places gained (+) or lost (-). 'others moved': "
                                                "this student's own number did not change; others passed them.")
        else:
            config[c] = st.column_config.Column(_short(c), width="small", help=c)
    return config


def change_charts(board: pd.DataFrame) -> None:
    """Slope charts of what changed for each student, in percent of their own start."""
    chart(st, charts_class.change_slopes(board, {"opaque": "Black-box score", "outcome": "Outcome"}), "gl_change_chart")
    st.caption("Each line starts at the student's own number (0%). The black box rises for some strategies "
               "while the outcome, in each student's own units (books, tickets, visits), does not.")


def _period(era: str) -> str:
    """A short column name for an era ("2011-10-26 update" -> "from Oct 2011")."""
    day = pd.to_datetime(era.split(" ", 1)[0], errors="coerce")
    return "launch" if pd.isna(day) else f"{day:%b %Y}"


def black_box(options: dict, picks: dict[str, str], chosen: list[str]) -> None:
    """Open the black box for one student: a waterfall of points per lever, the hidden weights beside it."""
    if not st.toggle("Show how the black box adds up each score, and its hidden weights", key="gl_reveal"):
        return
    who = st.selectbox("Student", chosen, format_func=lambda k: options[k].label, key="gl_reveal_student")
    ds = options[who]
    strategy = gaming.STRATEGIES[picks[who]]
    explained = classroom.explain_after(data.prepared(ds), data.score_input(ds), strategy.changes)
    steps = blackbox.waterfall(explained)
    left, right = st.columns([3, 2])
    chart(left, charts_class.waterfall(steps, f"{ds.label.split(': ', 1)[-1]} after '{strategy.name}'"), "gl_waterfall")
    right.markdown("**The hidden weights** (how much each lever counts, per period):")
    weights = blackbox.plain_weights()
    # An HTML table: it wraps the lever names and always fits the column (a data grid cut the last era off).
    right.table(weights.rename(columns=_period).map("{:.2f}".format))
    right.caption("Klout never showed this. With it, you can see which lever each strategy pulled.")
    with st.expander("Details for the curious (the statistics)"):
        before = blackbox.explain(data.score_input(ds))
        st.markdown(
            f"Era in force: **{explained['era']}**. Raw score (sum of weight x value) {before['raw']:.2f} before, "
            f"{explained['raw']:.2f} after. The curve maps raw scores to 1-100 against a reference population "
            f"(middle mu = {explained['mu']:.2f}, spread sigma = {explained['sigma']:.2f}); each lever is credited "
            "with the points the curve gains when it is added, in the order listed, so the bars add up exactly.")
        st.dataframe(explained["features"], hide_index=True, key="gl_features")
        st.dataframe(blackbox.hidden_weights().reset_index(), hide_index=True, key="gl_hidden_weights")


def worksheet(picks: dict[str, str], labels: dict[str, str]) -> None:
    sheet = classroom.worksheet_html([(labels[s], gaming.STRATEGIES[k].name) for s, k in picks.items()],
                                     class_link(picks), [text.replace("**", "") for _, text in STEPS])
    st.download_button("Download the worksheet (one printable page, HTML)", sheet, "cloutlab-worksheet.html",
                       "text/html", key="gl_worksheet", on_click="ignore")
