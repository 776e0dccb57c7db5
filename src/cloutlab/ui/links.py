"""Honest links (issue 10): every page's URL names its dataset, and a link to data this browser does not
have says so instead of silently showing other data.

A demo persona is `?persona=NAME` (the documented link form); an import is `?dataset=import:PLATFORM:ACCOUNT`.
An import lives only in the browser that made it, so a link to one, opened elsewhere, falls back to the
default persona with a note that names what is missing; the rest of the link (a What-if scenario) is
applied to the persona, so the same experiment can still be seen.
"""

from __future__ import annotations

import html

import streamlit as st

from cloutlab.present import urls
from cloutlab.store.datasets import Dataset, DatasetId, account_of, is_import
from cloutlab.ui.keys import Keys

PERSONA, DATASET = "persona", "dataset"
NOTE, APPLIED = Keys.LINK_NOTE, Keys.LINK_APPLIED


def params_of(ds: Dataset) -> dict[str, str]:
    """The query parameters that name `ds`."""
    return {PERSONA: ds.persona} if ds.is_demo else {DATASET: ds.id}


def wanted_dataset(options: dict[str, Dataset]) -> tuple[str | None, str | None]:
    """(dataset id the link asks for and this browser has, or None; a note when it asks for one it lacks)."""
    persona, dataset = st.query_params.get(PERSONA), st.query_params.get(DATASET)
    if dataset:
        if dataset in options:
            return dataset, None
        kind = "an import" if is_import(dataset) else "a dataset"
        key = account_of(dataset)
        name = f"{key[1]} on {key[0]}" if key else dataset
        return None, (f"This link was made on {kind} ({name}) that is not in this browser: imports stay in the "
                      "browser that made them. The same view is shown on a demo persona instead; pick another "
                      "in the sidebar, or import the export here.")
    if persona:
        if (wanted := str(DatasetId.demo(persona))) in options:
            return wanted, None
        return None, f"This link names a persona ({persona}) that does not exist; showing a demo persona instead."
    return None, None


def sync(ds: Dataset) -> None:
    """Put `ds` into the URL (changing only the dataset parameters), so every page's link carries it."""
    want = params_of(ds)
    for key in (PERSONA, DATASET):
        if key not in want and key in st.query_params:
            del st.query_params[key]
    for key, value in want.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def base() -> str:
    """The app's address as this browser reached it (present.urls.base_url)."""
    try:
        request = st.context.url
    except Exception:  # noqa: BLE001 - AppTest has no request URL
        request = None
    return urls.base_url(request)


def share_url(page: str) -> str:
    """The full link to `page` with the current query parameters (what the address bar shows)."""
    return urls.page_url(base(), page, st.query_params.to_dict())


_COPY_CSS = """<style>
.cl-copy { display: flex; gap: .4rem; align-items: center; margin: .2rem 0 .4rem; }
.cl-copy button { font-weight: 600; padding: .3rem .8rem; border-radius: .5rem; border: 0; background: #0072B2;
  color: #fff; cursor: pointer; white-space: nowrap; }
.cl-copy textarea { flex: 1; min-width: 0; font-size: .85rem; font-family: monospace; padding: .3rem;
  border: 1px solid #999; border-radius: .3rem; resize: none; overflow: hidden; }
.cl-copy.cl-big button { font-size: 1.25rem; font-weight: 700; padding: .45rem 1rem; }
.cl-copy.cl-big textarea { font-size: 1rem; }
</style>"""


def copy_field(url: str, name: str, big: bool = False) -> None:
    """A Copy link button beside the link itself, in a read-only box ("Link to {name}"; the link is the box's
    text, never an attribute of a tag) that can always be selected by hand (http://localhost may have no clipboard permission). Not st.code: the first code box of
    a page loads a syntax highlighter for every language, 350-490 ms of the browser's CPU on each load of the
    What-if and Gaming pages, to show one URL. `big`: sized for a projector."""
    js = ("const i=this.parentNode.querySelector('textarea');i.select();"
          "(navigator.clipboard?navigator.clipboard.writeText(i.value):Promise.reject())"
          ".catch(()=>document.execCommand('copy'));this.textContent='Copied';")
    label = html.escape(f"Link to {name}")
    st.html(f'{_COPY_CSS}<div class="cl-copy{" cl-big" if big else ""}"><button type="button" '
            f'onclick="{html.escape(js)}" aria-label="Copy link to {html.escape(name)}">Copy link</button>'
            f'<textarea readonly rows="1" wrap="off" aria-label="{label}">{html.escape(url)}</textarea></div>',
            unsafe_allow_javascript=True)


def copy_box(page: str, what: str) -> None:
    """A visible Copy link control for `page` with the current query (what the address bar shows)."""
    copy_field(share_url(page), what)
