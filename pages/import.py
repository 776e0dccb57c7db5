"""Import: a person's own export, into this session's private database."""

import streamlit as st

from cloutlab import store
from cloutlab.errors import CloutlabError
from cloutlab.importers import import_path
from cloutlab.importers.local_path import check_path
from cloutlab.importers.progress import CANCELLED
from cloutlab.present.text import md_escape
from cloutlab.present.import_log import log_table, warnings_markdown
from cloutlab.present import import_formats
from cloutlab.store.datasets import DatasetId
from cloutlab.ui import data
from cloutlab.ui import import_job, kept, local_import, persist, upload_spool
from cloutlab.ui.state import Keys, data_changed, import_con, select_dataset, session_con
from cloutlab.ui.page import ensure_app

ensure_app()
CANCEL_NOTES = "import_cancel_notes"
st.session_state.setdefault(CANCEL_NOTES, [])
EMPTY = ("No post of this export could be kept (see the notes above), so it has nothing to score and is not "
         "offered in the sidebar.")

data.current()
st.title("Import your export")
st.markdown(
    "Drop the archive you downloaded from the platform: an **X/Twitter archive** (zip, current or 2012-era), "
    "a **Mastodon archive** (zip or tar.gz), a **Bluesky repository** (`.car`), or a **CSV** with "
    "`timestamp,text,likes,reposts,replies`. You can import several, for example your X and Mastodon "
    "accounts, and look at them together."
)
st.markdown(import_formats.NETWORKS_MD)
st.caption(
    "Private: the file is read in this app on this machine (where it is kept: see below). "
    "Direct messages are never opened. For archives bigger than the upload limit below, use Import from this "
    "computer (when the app runs on your own machine) or the command line: "
    "`python -m cloutlab import archive.zip --db my.duckdb`, then `python -m cloutlab score --db my.duckdb`. "
    "No export at hand? Try the small synthetic ones in `data/samples/`."
)



def _record(label: str, summary: dict | None, error: str | None) -> None:
    """One import's outcome: the summary logged, or its one sentence kept for the page."""
    if summary is None:
        if error == CANCELLED:
            st.session_state[CANCEL_NOTES].append(f"{label}: {error}")
        else:
            st.session_state[Keys.IMPORT_ERRORS].append(error if label in error else f"{label}: {error}")
        return
    if not summary["items"]:  # every post was left out: nothing to score, so not offered in the sidebar
        summary = {**summary, "warnings": [*summary["warnings"], EMPTY]}
    else:
        select_dataset(str(DatasetId.imported(summary["platform"], summary["account"])))
    st.session_state[Keys.IMPORT_LOG].append({"file": label, **summary})


def _start(tasks) -> None:
    try:
        con = import_con()
    except CloutlabError as exc:  # this browser's file cannot take imports: one sentence per file
        for label, _run in tasks:
            _record(label, None, str(exc))
        return
    import_job.start(con, tasks)


def _done() -> None:
    persist.after_import()
    data_changed()
    st.rerun()


# No type= filter: a wrong file gets our one-sentence explanation rather than the browser's refusal.
files = st.file_uploader("Export files", accept_multiple_files=True, key=Keys.UPLOADS)
st.caption(upload_spool.cap_sentence())
if files and st.button("Import", type="primary", key="import_button"):
    # never getvalue(): a second copy of the whole upload
    spool = upload_spool.folder()
    _start([(f.name, lambda cur, f=f: upload_spool.import_upload(cur, f, spool)) for f in files])

typed = local_import.chosen_path()  # None unless served on this machine only and its button pressed
if typed is not None:
    try:
        where = check_path(typed)
    except CloutlabError as exc:
        st.session_state[Keys.IMPORT_ERRORS].append(str(exc))
    else:
        local_import.remember(where)
        _start([(where.name or str(where), lambda cur: import_path(cur, where))])

if (job := import_job.running()) is not None:  # started above, or still running when a click reran the page
    for outcome in import_job.wait(job):
        _record(*outcome)
    _done()

for message in st.session_state.pop(CANCEL_NOTES, []):
    st.info(md_escape(message))
st.session_state[CANCEL_NOTES] = []
for message in st.session_state[Keys.IMPORT_ERRORS]:
    st.error(md_escape(message))
st.session_state[Keys.IMPORT_ERRORS] = []

log = st.session_state[Keys.IMPORT_LOG]
if not log:
    if not kept.section():  # after a reload: what this browser kept, where, and a button to delete it
        st.info("Nothing imported yet. The demo personas in the sidebar work without any upload.")
        kept.where()
    st.stop()

st.subheader("Imported in this session")
names = store.display_names(session_con().cursor())
st.dataframe(log_table(log, names), hide_index=True, key="import_log_table", width="stretch",
             column_config={"file": st.column_config.TextColumn(width=190), "account": st.column_config.TextColumn(width=200),
                            "period": st.column_config.TextColumn(width=180)})
for entry in log:  # one box per import: what it holds, then its notes as a list
    (st.warning if entry["warnings"] else st.info)(warnings_markdown(entry, names))
st.page_link("pages/scores.py", label="See the scores of your import", icon=":material/monitoring:")
kept.section()
