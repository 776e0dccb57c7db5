"""What-if lab: move a behaviour slider, watch both scores react; the URL keeps the scenario."""

import streamlit as st

from cloutlab.present import comparison, events, report
from cloutlab.whatif import compare, outcome
from cloutlab.scores import population
from cloutlab.scores.windows import METRICS_DAYS
from cloutlab import whatif
from cloutlab.errors import CloutlabError
from cloutlab.present.text import md_escape
from cloutlab.ui.state import Keys
from cloutlab.ui import data, links, market_view
from cloutlab.ui import whatif_controls as controls
from cloutlab.ui import a11y, presenter
from cloutlab.ui.page import ensure_app, metric
from cloutlab.ui.plot import chart

ensure_app()

ds = data.current()
st.title("What-if lab")
st.caption(f"{md_escape(ds.label)}. Change behaviour, then compare the black box with the transparent numbers.")
presenter.on()  # presenter mode (?present=1): sliders, deltas and both charts on one projector screen
prep, baseline = data.prepared(ds), data.score_input(ds)
first, last = baseline.days[0].date(), baseline.days[-1].date()
for note in controls.seed_from_link(first, last, baseline.platforms):
    st.warning(md_escape(note))
rate, unit = data.outcome_rate(ds)
base = data.scored(ds)


def _scored(scenario):
    """What a scenario computes, kept per scenario in this session (data.per_scenario): a slider moved
    back, or a rerun that changed nothing, reuses it."""
    what = whatif.simulate(prep, baseline.followers, scenario, baseline.seed)
    c = compare.compare(base, what)
    return what, c, compare.sentences(c), compare.headline(c, rate), events.events(what)


def _score_charts(c, marks) -> dict:
    return {"opaque": comparison.spec(c, "opaque", marks),
            "composite": None if c.composite_base.isna().all() else comparison.spec(c, "composite", marks)}


@st.fragment
def lab():
    controls_slot, results_slot = presenter.layout()  # two columns in presenter mode
    with controls_slot:
        scenario = controls.draw(first, last, baseline.platforms)
    controls.sync_link(scenario, ds.persona)
    presenter.keep_in_link()
    try:
        what, c, said, head, marks = data.per_scenario((ds.id, scenario, "scored"), lambda: _scored(scenario))
    except CloutlabError as exc:
        st.error(md_escape(str(exc)))
        return
    a11y.announce(f"{said['opaque']} {said['composite']}", "whatif")  # read out by screen readers
    if results_slot is not None:
        presenter.results(results_slot, c, said, head, last, unit, marks, controls_slot,
                          memo=lambda name, fn: data.per_scenario((ds.id, scenario, name), fn))
        what.forget()
        return
    shown = comparison.deltas(head, {"opaque": f"Opaque score on {last}", "composite": "Transparent composite",
                                     "outcome": f"Outcome: {unit}, the {outcome.WINDOW_WEEKS} weeks to {last}"})
    for col, d in zip(st.columns(3), shown):
        if d.change is None:  # missing is never 0 or 1: no number, no delta (the reason is in the sentence below)
            col.metric(d.label, d.value)
            continue
        metric(col, d.label, d.value, d.change)
    o0, o1 = head["opaque"]
    st.caption(f"Opaque score: better than {population.percentile(o0, last):.0f}% of accounts on {last} as it is, "
               f"{population.percentile(o1, last):.0f}% in this what-if.")  # issue 13: where a score stands
    st.markdown(f"- {said['opaque']}\n- {said['composite']}")
    figures = data.per_scenario((ds.id, scenario, "charts"), lambda: _score_charts(c, marks))
    left, right = st.columns(2)
    chart(left, figures["opaque"], "wi_opaque_chart")
    if figures["composite"] is None:
        right.info("No composite chart: this export gives it nothing to draw (see why above).")
    else:
        chart(right, figures["composite"], "wi_composite_chart")
    market_view.whatif_section(c, scenario, data.price_path(ds),  # the third lens: the share price, baseline and what-if
                               memo=lambda name, fn: data.per_scenario((ds.id, scenario, name), fn), marks=marks)
    st.subheader(f"Key transparent metrics ({METRICS_DAYS}-day window)")
    st.markdown("\n".join(f"- {said[k]}" for k in compare.HEADLINE_METRICS))
    pick = st.selectbox("Metric to plot", compare.HEADLINE_METRICS, key=Keys.WI_METRIC,
                        format_func=lambda k: compare.transparent.METRICS[k].name)
    if c.metrics_base[pick].isna().all() and c.metrics_what[pick].isna().all():
        st.info(md_escape(said[pick]))  # missing from the export: no empty chart standing in for it
    else:
        chart(st, data.per_scenario((ds.id, scenario, "metric", pick), lambda: comparison.spec(c, pick, marks)),
              "wi_metric_chart")
    # Built only when clicked (callables): the HTML embeds plotly.js and is a few megabytes. A click reruns
    # nothing (on_click="ignore"): a rerun cost the room CPU and could cancel the download it started.
    d1, d2 = st.columns(2)
    d1.download_button("Download the report (HTML, works offline)", key="wi_report_html", mime="text/html",
                       data=lambda: report.whatif_html(ds.label, whatif.to_query(scenario), c, said, marks),
                       file_name="cloutlab-whatif-report.html", on_click="ignore")
    d2.download_button("Download daily scores and metrics (CSV)", key="wi_report_csv", mime="text/csv",
                       data=lambda: report.whatif_csv(c), file_name="cloutlab-whatif-daily.csv", on_click="ignore")
    links.copy_box("whatif", "this exact view (the dataset and every slider)")  # inside: follows the sliders
    what.forget()  # this scenario's results are kept (per_scenario); the arrays they were computed from need not be


lab()
