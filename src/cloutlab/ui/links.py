"""Honest links (issue 10): every page's URL names its dataset, and a link to data this browser does not
have says so instead of silently showing other data.

A demo persona is `?persona=NAME` (the documented link form); an import is `?dataset=import:PLATFORM:ACCOUNT`.
An import lives only in the browser that made it, so a link to one, opened elsewhere, falls back to the
default persona with a note that names what is missing; the rest of the link (a What-if scenario) is
applied to the persona, so the same experiment can still be seen.
"""

from __future__ import annotations

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


def copy_box(page: str, what: str) -> None:
    """A visible Copy link control: the link in a code box (its copy button works where the clipboard API
    does; the text can always be selected by hand, e.g. on http://localhost without clipboard permission)."""
    st.markdown(f"**Copy link** to {what} (the copy button is at the box's right end):")
    st.code(share_url(page), language=None, wrap_lines=True)
