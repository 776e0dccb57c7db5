"""Work out what a person handed us: which container, which platform, and where the export starts inside it.

Detection looks at magic bytes and member names only; it never parses content, so a wrong file is refused
before anything big is read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, ContextManager

from cloutlab import platforms
from cloutlab.errors import CloutlabError
from cloutlab.importers import networks, progress
from cloutlab.importers.archive_guard import is_private
from cloutlab.importers.archive_guard import DEFAULT_LIMITS, Limits
from cloutlab.importers.local_path import check_path
from cloutlab.importers.containers import FolderContainer, Container, TarContainer, ZipContainer

WHAT_TO_UPLOAD = "Upload the archive zip you downloaded from the platform's settings."

# Marker files per platform, anywhere below an optional enclosing folder (people re-zip the unzipped folder).
_MARKERS = (
    ("x", re.compile(r"^(?P<root>(?:.+/)?)data/(?:tweets?(?:-part\d+)?|manifest|account)\.js$")),
    ("x_legacy", re.compile(r"^(?P<root>(?:.+/)?)(?:data/js/tweets/\d{4}_\d{2}\.js|tweets\.csv|data/js/user_details\.js)$")),
    ("mastodon", re.compile(r"^(?P<root>(?:.+/)?)outbox\.json$")),
    # docs/export-formats-2.md: Facebook's posts files in all four JSON layouts, Instagram's posts parts,
    # LinkedIn's flat CSVs, and Google+ post files under a (localized) "Google+" Takeout folder.
    ("facebook", re.compile(r"^(?P<root>(?:.+/)?)(?:posts/your_posts(?:_\d+)?|(?:.+/)?posts/your_posts__check_ins__photos_and_videos_\d+)\.json$")),
    ("instagram", re.compile(r"^(?P<root>(?:.+/)?)(?:content|your_instagram_activity/media)/posts_\d+\.json$")),
    ("linkedin", re.compile(r"^(?P<root>(?:.+/)?)(?:shares|connections)\.csv$", re.IGNORECASE)),
    ("googleplus", re.compile(r"^(?P<root>(?:.+/)?)(?![^/]*communit)[^/]*google\+[^/]*/(?!activitylog/)[^/]+/[^/]+\.(?:json|html?)$", re.IGNORECASE)),
)
_IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".tif", ".tiff", ".svg", ".mp4", ".mov")


@dataclass
class Input:
    """A recognised export: its format, and either a container (source, root), a single file's bytes, or (a
    Bluesky .car, a CSV, a lone Facebook posts file or LinkedIn CSV: read as streams) a way to open the file:
    open_file() gives a new seekable binary file, at its first byte, each time."""

    fmt: str  # x | x_legacy | mastodon | bluesky | csv | facebook | instagram | linkedin | googleplus
    label: str  # the file name as the person knows it, for messages
    stem: str  # the file name without extension: a last-resort account name
    source: Container | None = None
    root: str = ""
    data: bytes | None = None
    limits: Limits = DEFAULT_LIMITS
    opener: Callable[[], ContextManager[BinaryIO]] | None = None

    def open_file(self) -> ContextManager[BinaryIO]:
        if self.opener is not None:
            return self.opener()
        return io.BytesIO(self.data or b"")

    def close(self) -> None:
        if self.source is not None:
            self.source.close()


class _Borrowed(io.RawIOBase):
    """A caller's seekable file (an upload's buffer), read from its start and left open: it is the caller's.
    Each keeps its own position, so two may read the one file at once."""

    def __init__(self, fh: BinaryIO):
        self.fh, self.pos = fh, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.fh.seek(0, io.SEEK_END)}[whence]
        self.pos = base + offset
        return self.pos

    def tell(self) -> int:
        return self.pos

    def readinto(self, buffer) -> int:
        self.fh.seek(self.pos)
        data = self.fh.read(len(buffer))
        buffer[: len(data)] = data
        self.pos += len(data)
        return len(data)


def from_path(path: str | Path, limits: Limits, name: str | None = None) -> Input:
    """The export at `path`, checked first (local_path.check_path: a device, a FIFO... one sentence each).
    `name`: the name the person knows the file by, when `path` is a spooled upload (its name decides .car, .csv)."""
    p = check_path(path)
    if p.is_dir():
        return _classify(FolderContainer(p, limits))
    name = Path(name).name if name else p.name
    _not_private(name)  # before a byte of it is read
    with open(p, "rb") as fh:
        head = fh.read(512)
    if _is_zip(head):
        return _classify(ZipContainer(p, name, _stem(name), limits))
    if _is_tar(name, head):
        with open(p, "rb") as fh:
            return _classify(TarContainer(fh, p.stat().st_size, name, _stem(name), limits))
    if p.stat().st_size > limits.max_json_bytes:  # the limit single files had when parsed whole (now streamed)
        raise CloutlabError(
            f"{name} is {p.stat().st_size / (1 << 30):,.1f} GB, too big for a single-file export; "
            "check that it is the right file, or raise the limit."
        )
    return _single(name, head, limits, lambda: open(p, "rb"), p.stat().st_size)


def from_bytes(name: str, data: bytes, limits: Limits) -> Input:
    name = Path(name or "upload").name
    _not_private(name)
    head = data[:512]
    if _is_zip(head):
        return _classify(ZipContainer(io.BytesIO(data), name, _stem(name), limits))
    if _is_tar(name, head):
        return _classify(TarContainer(io.BytesIO(data), len(data), name, _stem(name), limits))
    return _single(name, head, limits, lambda: io.BytesIO(data), len(data))


def from_stream(name: str, fh: BinaryIO, limits: Limits) -> Input:
    """An upload held as a seekable file object (Streamlit's own buffer under CLOUTLAB_NO_DISK): a zip or tar is
    read through it in place, never copied into a second buffer, and so is a single file."""
    name = Path(name or "upload").name
    _not_private(name)
    fh.seek(0)
    head = fh.read(512)
    size = fh.seek(0, io.SEEK_END)
    fh.seek(0)
    if _is_zip(head):
        return _classify(ZipContainer(fh, name, _stem(name), limits))
    if _is_tar(name, head):
        return _classify(TarContainer(fh, size, name, _stem(name), limits))
    if size > limits.max_json_bytes:
        raise CloutlabError(f"{name} is {size / (1 << 30):,.1f} GB, too big for a single-file export; "
                            "check that it is the right file, or raise the limit.")
    return _single(name, head, limits, lambda: _Borrowed(fh), size)  # the caller's to close


def _not_private(name: str) -> None:
    """A private file given on its own (a LinkedIn messages.csv, an X direct-messages.js) is refused unread,
    by the same guard every archive member passes."""
    if is_private(name):
        raise CloutlabError(f"{name[:80]} is a private file (messages or login records), which cloutlab never opens; "
                            "import the whole export instead: its private files are left unread.")


def _stem(name: str) -> str:
    for suffix in (".tar.gz", ".tgz", ".zip", ".tar", ".car", ".csv", ".txt", ".tsv"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return Path(name).stem


def _is_zip(head: bytes) -> bool:
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _is_tar(name: str, head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b" or head[257:262] == b"ustar" or name.lower().endswith((".tar", ".tgz", ".tar.gz"))


def _is_car(name: str, head: bytes) -> bool:
    # A CAR starts with a varint length and a DAG-CBOR map holding "roots" and "version".
    return name.lower().endswith(".car") or (b"roots" in head[:40] and b"version" in head[:40] and head[1:2] == b"\xa2")


def _single(name: str, head: bytes, limits: Limits, opener: Callable[[], ContextManager[BinaryIO]], size: int) -> Input:
    """A file on its own: `opener()` a new stream of it each time (a .car, a CSV, a lone Facebook posts file or
    LinkedIn CSV: read as streams by their importers, never held whole)."""
    lower = name.lower()
    if not head:
        raise CloutlabError(f"{name} is empty (0 bytes); download the export again.")
    if _is_car(name, head):
        return Input("bluesky", name, _stem(name), limits=limits, opener=opener)  # streamed (bluesky._load)
    if re.fullmatch(r"your_posts(_\d+)?\.json|your_posts__check_ins__photos_and_videos_\d+\.json", lower):
        # A Facebook posts file uploaded on its own (one part): the same importer as the whole export.
        return Input("facebook", name, _stem(name), source=networks.single_source(name, opener, size, limits), limits=limits)
    if lower.endswith((".json", ".js")):
        raise CloutlabError(
            f"{name} is a single JSON file, not a whole {platforms.exports()} export. {WHAT_TO_UPLOAD}"
        )
    if lower.endswith(".csv") and networks.is_linkedin_csv(name, head):  # Shares.csv and friends, on their own
        return Input("linkedin", name, _stem(name), source=networks.single_source(name, opener, size, limits), limits=limits)
    if lower.endswith((".csv", ".txt", ".tsv")) or _looks_like_text(head):
        with opener() as fh:
            start = fh.read(2000)
        fmt = "x_legacy" if _is_legacy_csv(start) else "csv"
        return Input(fmt, name, _stem(name), limits=limits, opener=opener)
    raise CloutlabError(
        f"{name} is not an export cloutlab knows ({platforms.formats()}). {WHAT_TO_UPLOAD}"
    )


def _looks_like_text(head: bytes) -> bool:
    return b"\x00" not in head and b"," in head.split(b"\n", 1)[0]


def _is_legacy_csv(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].lower()
    return b"tweet_id" in first and b"in_reply_to_status_id" in first


def _classify(source: Container) -> Input:
    names = source.names()
    if not names:
        source.close()
        raise CloutlabError(f"{source.label} is empty: it holds no files. Download the export again.")
    for fmt, pattern in _MARKERS:
        roots = [m["root"] for n in names if (m := pattern.match(n)) and not is_private(n)]
        if roots:
            if (p := progress.current()) is not None:  # what will be read: every member but media and private ones
                p.set_total(sum(source.size(n) for n in names if not n.lower().endswith(_IMAGES) and not is_private(n)))
            return Input(fmt, source.label, source.stem, source=source, root=min(roots, key=len), limits=source.limits)
    source.close()
    if all(n.lower().endswith(_IMAGES) for n in names):
        kind = "zip" if isinstance(source, ZipContainer) else "folder" if isinstance(source, FolderContainer) else "archive"
        raise CloutlabError(
            f"{source.label} looks like a {kind} of images, not an {platforms.exports()} export. {WHAT_TO_UPLOAD}"
        )
    inner = [n for n in names if n.lower().endswith((".zip", ".tar.gz", ".tgz"))]
    if inner and len(inner) >= len(names) / 2:  # mostly archives: the export zipped again (a zip inside a zip)
        raise CloutlabError(
            f"{source.label} holds another archive, {inner[0][:80]}{f' (and {len(inner) - 1:,} more)' if len(inner) > 1 else ''}, "
            f"not the export's own files: it is a zip inside a zip. Unzip {source.label} and import "
            f"{inner[0].rsplit('/', 1)[-1][:80]} itself.")
    networks.refuse(source.label, names)  # a Facebook (HTML), LinkedIn or Instagram export without our files
    raise CloutlabError(
        f"{source.label} holds none of the files of an {platforms.exports()} export (no data/tweets.js, "
        f"outbox.json or tweets.csv). {WHAT_TO_UPLOAD}"
    )
