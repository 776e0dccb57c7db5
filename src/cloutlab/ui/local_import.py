"""The Import page's "Import from this computer" (issue 26): a path read in place, offered only when the app
listens on this machine alone (streamlit's server.address is a loopback address, the default)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from streamlit import config

from cloutlab.importers.local_path import is_loopback, recent_files, recent_folders

SEEN = "local_import_folders"  # session_state: folders of paths imported from, offered again
NETWORK_SENTENCE = ("Import from this computer is off because this app is served to a network (server.address "
                    "{address}): a path typed here would read files of the machine serving the room, so upload "
                    "your export instead.")


def server_address() -> str:
    # Behind `bash run.sh room` each process listens on 127.0.0.1 but the room is served where nginx listens.
    return os.environ.get("CLOUTLAB_ROOM_ADDRESS") or str(config.get_option("server.address") or "")


def offered() -> bool:
    return is_loopback(server_address())


def chosen_path() -> str | None:
    """Draw the path field and the recent files; the path to import when its button is pressed, else None.
    Served to a network: one sentence instead, and no field."""
    if not offered():
        st.info(NETWORK_SENTENCE.format(address=server_address()))
        return None
    st.subheader("Import from this computer")
    st.caption("This app runs on this computer, so it can read the export where it is: no upload, no copy "
               "in memory, no size limit. A zip, an unzipped folder, a Bluesky `.car`, a `.csv` or a Takeout part.")
    seen = st.session_state.setdefault(SEEN, [])
    folders = recent_folders(seen=seen)
    files = recent_files(folders)
    hint = (f"Pick a file from {', '.join(str(f) for f in folders[:3])}" if files
            else "No export-like file in your Downloads, Desktop or Documents folder")
    picked = st.selectbox("Recent files", [str(p) for p in files], index=None, key="local_recent",
                          placeholder=hint, disabled=not files)
    typed = st.text_input("Path on this computer", key="local_path", placeholder="~/Downloads/twitter-archive.zip")
    if not st.button("Import from this computer", key="import_path_button"):
        return None
    chosen = (typed or "").strip() or (picked or "")
    return chosen


def remember(path: Path) -> None:
    folder = str(path.expanduser().resolve().parent)  # where its siblings (other exports) are
    seen = st.session_state.setdefault(SEEN, [])
    if folder not in seen:
        seen.insert(0, folder)
