"""Accessibility helpers shared by every page: a focus ring you can see from the back of a room, and a
live region that reads a changed result to a screen reader.

The ring is one stylesheet injected once per run from app.py. Streamlit hides the real <input> of a
checkbox, toggle or radio behind a drawn one, so the ring goes on the label holding the focused input;
select boxes get it on the whole box.
"""

from __future__ import annotations

import html

import streamlit as st

RING = "#0072B2"  # Okabe-Ito blue: contrast above 3:1 on white, as WCAG 2.2 asks of a focus indicator

_CSS = f"""<style>
[data-testid="stApp"] *:focus-visible {{ outline: 3px solid {RING} !important; outline-offset: 2px !important; }}
[data-testid="stApp"] label:has(input:focus-visible),
[data-testid="stApp"] [data-baseweb="select"]:has(input:focus-visible) > div,
[data-testid="stApp"] [data-testid="stFileUploaderDropzone"]:focus-within {{
  outline: 3px solid {RING} !important; outline-offset: 2px !important; border-radius: 4px; }}
[data-testid="stApp"] input[type="range"]:focus-visible {{ outline: 3px solid {RING} !important; outline-offset: 4px !important; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; }}  /* less empty space: more in view on a projector */
.cl-sr-only {{ position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }}
</style>"""


def focus_ring() -> None:
    """Inject the stylesheet (a style-only st.html takes no room on the page)."""
    st.html(_CSS)


def announce(text: str, key: str = "result") -> None:
    """A polite live region holding `text`: when a rerun changes it, a screen reader reads it out."""
    st.html(f'<div class="cl-sr-only cl-live-{html.escape(key)}" role="status" aria-live="polite" '
            f'aria-atomic="true">{html.escape(text)}</div>')
