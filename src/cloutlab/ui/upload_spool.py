"""Uploads imported without a second copy (issue 26, item 2).

Streamlit holds an upload in the server's memory while it is in the uploader; `getvalue()` made a second full
copy for the importer (a 900 MB upload cost about 2 GB, per tab). Instead the upload is set down in chunks
(UploadedFile.read(CHUNK)) into this browser's own folder, owner-only, and imported from there as a path; the
file is removed when the import ends, however it ends, and one left by a killed server is removed at the next
upload. Under CLOUTLAB_NO_DISK (or a data folder that cannot hold files) nothing is written: the importer
reads Streamlit's own buffer in place (importers.import_file).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

from streamlit import config

from cloutlab.errors import CloutlabError
from cloutlab.importers import import_file, import_path
from cloutlab.importers.staging import pid_alive
from cloutlab.ui import persist

CHUNK = 8 << 20  # 8 MB: a few writes per second on any disk, a bounded buffer
_PART = re.compile(r"^upload-(\d+)-[0-9a-f]+\.part$")


def cap_bytes() -> int:
    """Streamlit's upload cap (server.maxUploadSize, in MB)."""
    return int(config.get_option("server.maxUploadSize")) << 20


def free_bytes() -> int | None:
    """Free space where uploads are set down (the data folder, or its nearest existing parent)."""
    place = persist.data_dir()
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        return shutil.disk_usage(place).free
    except OSError:
        return None


def cap_sentence() -> str:
    """The upload cap and its reason, as the Import page states it."""
    cap = cap_bytes()
    if not persist.disk_allowed():
        return (f"Uploads up to {_size(cap)}: this server writes nothing to disk, so an upload is read from the "
                "server's memory, which it fills while it arrives.")
    free = free_bytes()
    if free is not None and free < cap:
        return (f"Uploads up to {_size(free)}, the free space on the disk that holds this browser's folder: an "
                f"upload is set down there, then imported (the server's own limit is {_size(cap)}).")
    return (f"Uploads up to {_size(cap)} (the server's limit, server.maxUploadSize): Streamlit holds an upload in "
            "the server's memory while it arrives; it is then set down in this browser's folder and imported "
            "from there, never copied again.")


def _size(n: int) -> str:
    return f"{n / (1 << 30):,.1f} GB" if n >= 1 << 30 else f"{n / (1 << 20):,.0f} MB"


def _clean_stale(folder: Path) -> None:
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = _PART.match(entry.name)
            if m and not pid_alive(int(m.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def folder() -> Path | None:
    """Where uploads are set down (persist.spool_folder); asked in the script's thread, which has the session."""
    return persist.spool_folder()


def import_upload(con, upload, folder: Path | None) -> dict[str, Any]:
    """Import one Streamlit UploadedFile (any seekable binary file object with .name) into `con`, set down in
    `folder` first (None: read in place). Safe in a worker thread: it touches no session state."""
    if folder is None:
        return import_file(con, upload.name, upload)
    _clean_stale(folder)
    part = folder / f"upload-{os.getpid()}-{secrets.token_hex(8)}.part"
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            upload.seek(0)
            while chunk := upload.read(CHUNK):
                _write_all(fd, chunk)
        finally:
            os.close(fd)
        upload.seek(0)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        if exc.errno == errno.ENOSPC:
            raise CloutlabError(f"The disk holding this browser's folder ({folder}) is full: the upload could not be "
                                "set down there; free some space, or import the file from this computer.") from None
        raise CloutlabError(f"The upload could not be set down in this browser's folder ({folder}): "
                            f"{exc.strerror or exc}.") from None
    try:
        return import_path(con, part, name=upload.name)
    finally:
        with contextlib.suppress(OSError):
            part.unlink()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
