"""A path typed on the Import page ("Import from this computer", issue 26): when it is safe to offer, and
what it points at, checked before anything is opened.

Offered only when the app listens on this machine alone: served to a network, a path field would let anyone
in the room read files of the machine serving it. A path is checked like every other input, one sentence per
kind of wrong: nothing there, a device, a named pipe (opening one blocks until someone writes), a socket,
something unreadable, or a folder far bigger than any export (a home folder, /).
"""

from __future__ import annotations

import ipaddress
import os
import stat
from pathlib import Path

from cloutlab.errors import CloutlabError

# An X archive with years of photos holds tens of thousands of files; a folder with many more is not an export
# but a home folder or a disk, and walking it would take minutes.
MAX_FOLDER_FILES = 200_000
RECENT = ("Downloads", "Desktop", "Documents")
SUFFIXES = (".zip", ".car", ".csv", ".tar.gz", ".tgz", ".tar", ".json")


def is_loopback(address: str | None) -> bool:
    """True when a server bound to `address` is reachable from this machine only (the default, 127.0.0.1).
    An empty address is not: Streamlit then listens on every interface."""
    text = (address or "").strip().lower()
    if not text:
        return False
    try:
        return ipaddress.ip_address(text.strip("[]")).is_loopback
    except ValueError:
        return text == "localhost"


def check_path(text: str | os.PathLike) -> Path:
    """The export at `text` (a zip, folder, .car, .csv or Takeout part), or CloutlabError in one sentence."""
    raw = os.fspath(text).strip() if not isinstance(text, str) else text.strip()
    if not raw:
        raise CloutlabError("Type the path of an export on this computer (a zip, a folder, a .car or a .csv).")
    if "\x00" in raw:
        raise CloutlabError("That path holds a NUL character, which no file name can; check the path.")
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):  # a line break or escape code: no export is named so
        raise CloutlabError("That path holds a line break or a control character; check the path.")
    try:
        p = Path(raw).expanduser()
    except RuntimeError:  # "~name" of a user this machine does not have
        raise CloutlabError("That path starts with ~ and a user this computer does not know; check the path.") from None
    try:
        info = os.stat(p)
    except (FileNotFoundError, NotADirectoryError):
        raise CloutlabError(f"There is no file or folder at {p}; check the path.") from None
    except PermissionError:
        raise CloutlabError(f"{p} cannot be read (permission denied); copy the export somewhere you can read.") from None
    except OSError as exc:
        raise CloutlabError(f"{p} cannot be read ({exc.strerror or exc}); check the path.") from None
    mode = info.st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise CloutlabError(f"{p} is a device, not an export file; give the path of the zip or folder you downloaded.")
    if stat.S_ISFIFO(mode):
        raise CloutlabError(f"{p} is a named pipe (FIFO), not an export file; give the path of the zip or folder you downloaded.")
    if stat.S_ISSOCK(mode):
        raise CloutlabError(f"{p} is a socket, not an export file; give the path of the zip or folder you downloaded.")
    if stat.S_ISDIR(mode):
        if not os.access(p, os.R_OK | os.X_OK):
            raise CloutlabError(f"The folder {p} cannot be read (permission denied); copy the export somewhere you can read.")
        _check_folder_size(p)
        return p
    if not stat.S_ISREG(mode):
        raise CloutlabError(f"{p} is not a regular file or folder; give the path of the zip or folder you downloaded.")
    if not os.access(p, os.R_OK):
        raise CloutlabError(f"{p} cannot be read (permission denied); copy the export somewhere you can read.")
    return p


def _check_folder_size(p: Path) -> None:
    seen = 0
    for _dirpath, _dirs, files in os.walk(p):
        seen += len(files)
        if seen > MAX_FOLDER_FILES:
            raise CloutlabError(
                f"The folder {p} holds more than {MAX_FOLDER_FILES:,} files, far more than any export: it is not an "
                "export's folder; give the folder you unzipped the export into (the one holding data/ or outbox.json).")


def recent_folders(home: Path | None = None, seen: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Folders a person's export is likely in: those of paths imported before, then ~/Downloads and friends."""
    home = home or Path.home()
    out: list[Path] = []
    for cand in [*(Path(s) for s in seen), *(home / name for name in RECENT)]:
        if cand.is_dir() and cand not in out:
            out.append(cand)
    return out


def recent_files(folders: list[Path], limit: int = 40) -> list[Path]:
    """Export-like files directly in `folders` (no walk), newest first; unreadable folders are skipped."""
    found: list[tuple[float, Path]] = []
    for folder in folders:
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.name.lower().endswith(SUFFIXES) and entry.is_file():
                        found.append((entry.stat().st_mtime, Path(entry.path)))
        except OSError:
            continue
    found.sort(key=lambda t: -t[0])
    return [p for _t, p in found[:limit]]
