"""Limits and checks that keep a hostile or damaged archive from hurting the machine (docs/DESIGN.md section 11).

Archives are read in place, member by member, never extracted. Two layers guard against archive bombs:
the sizes a zip declares are checked before anything is inflated, and every byte actually produced is
counted while streaming, because declared sizes can lie.
"""

from __future__ import annotations

import math
import re
import threading
import zlib
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from cloutlab.errors import CloutlabError
from cloutlab.platforms import PRIVATE
from cloutlab.importers import progress

_GIB = 1 << 30
_MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Ceilings for one import. Raise them by passing `limits=Limits(...)` to import_path / import_bytes."""

    max_total_bytes: int = 8 * _GIB  # everything inflated from one archive, added up
    max_ratio: float = 200.0  # inflated / compressed, per member...
    ratio_floor_bytes: int = 4 * _MIB  # ...checked only on members bigger than this (small files compress well)
    max_json_bytes: int = 2 * _GIB  # one JSON member parsed in Python (outbox.json, follower.js, ...)
    max_field_bytes: int = 1_000_000  # one CSV field
    # Temporary disk (the X tweet parts staged for DuckDB): this much, plus so much per tweet read so far,
    # checked before each write. A tweet is 2-8 KB of archive JSON; padding or one part listed 80 times is
    # refused before it fills the disk (issue 24: 8.35 GB from a 4.2 MB zip).
    stage_floor_bytes: int = 4 * _MIB
    stage_bytes_per_post: int = 64 << 10


DEFAULT_LIMITS = Limits()

def is_private(name: str) -> bool:
    """True for a private file of any platform's export, at any depth (platforms.PRIVATE, each platform's rules
    in its registry entry): X direct messages and their media folder; Facebook and Instagram messages/;
    LinkedIn messages.csv and Logins.csv; login and IP records, address books, identity checks. The one
    privacy guard: every container lists and opens members through it (docs/DESIGN.md section 11). Every
    platform's rules apply to every archive, since what an archive is is only known from its file names."""
    return bool(PRIVATE.search(name))


def guard_private(name: str) -> None:
    # A bug, not a user error: no importer may ever ask for these, so fail loudly rather than politely.
    if is_private(name):
        raise RuntimeError(f"refusing to open private file {name}")


def check_member_name(label: str, name: str) -> str:
    """The member name as a clean relative posix path, or a CloutlabError if it escapes the archive."""
    path = name.replace("\\", "/")
    parts = path.split("/")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in parts:
        raise CloutlabError(
            f"{label} contains a file whose path leaves the archive ({name[:80]!r}), which only a damaged "
            "or malicious archive does; download the export again from the platform."
        )
    return "/".join(p for p in parts if p not in ("", "."))


def check_declared_sizes(label: str, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse a zip bomb from its central directory, before inflating a single byte."""
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise CloutlabError(too_big(label, total, limits))
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and info.file_size / packed > limits.max_ratio:
            raise CloutlabError(
                f"{label} looks like an archive bomb: {info.filename[:80]} would inflate "
                f"{info.file_size / packed:,.0f} times ({info.file_size / _MIB:,.0f} MB); cloutlab refuses it. "
                "Use the export exactly as the platform gave it."
            )


def too_big(label: str, size: int, limits: Limits) -> str:
    # The option is named, with a value that would do (issue 23: the command line had no way to raise it).
    return (
        f"{label} would inflate to {size / _GIB:,.1f} GB, over cloutlab's limit of "
        f"{limits.max_total_bytes / _GIB:,.1f} GB; remove the media folders from the archive, or raise the limit "
        f"(command line: import --max-inflate-gb {math.ceil(size / _GIB)})."
    )


class Budget:
    """Bytes inflated so far in one import, shared by the threads that stage tweet files."""

    def __init__(self, label: str, limits: Limits):
        self.label, self.limits, self.used = label, limits, 0
        self._lock = threading.Lock()
        self.progress = progress.current()  # taken here: the staging threads have no context of their own

    def spend(self, n: int) -> None:
        if self.progress is not None:
            self.progress.advance(n)  # raises Cancelled once the import is cancelled
        with self._lock:
            self.used += n
            if self.used > self.limits.max_total_bytes:
                raise CloutlabError(too_big(self.label, self.used, self.limits))


# What a damaged archive raises while a member is inflated.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)


class CountingReader:
    """A read-only stream that charges every inflated byte to a Budget and turns read errors into one sentence."""

    def __init__(self, raw: BinaryIO, member: str, budget: Budget, cap: int | None = None):
        self._raw, self._member, self._budget, self._cap, self._seen = raw, member, budget, cap, 0

    def read(self, n: int = -1) -> bytes:
        try:
            data = self._raw.read(n)
        except READ_ERRORS as exc:
            raise CloutlabError(damaged(self._budget.label, self._member, exc)) from None
        self._seen += len(data)
        self._budget.spend(len(data))
        if self._cap is not None and self._seen > self._cap:
            # A member that inflates past what its header declared: a lying header, treated as a bomb.
            raise CloutlabError(
                f"{self._budget.label}: {self._member} inflates past its declared size, as an archive bomb does; "
                "cloutlab refuses it. Download the export again."
            )
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def damaged(label: str, member: str, exc: BaseException) -> str:
    reason = str(exc).split("\n")[0][:120] or type(exc).__name__
    return f"{label} is damaged: {member} could not be read ({reason}); download the export again."
