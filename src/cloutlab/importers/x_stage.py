"""Stage X tweet files for DuckDB: the parts streamed into a few plain JSON array files, never the whole archive.

Why a few files: DuckDB 2.0's JSON reader spends about twice the CPU and memory on five 190 MB array files
as on one file of the same bytes (measured), yet reads one array file on one thread only; so the parts
are spread over one file per core. Why in place: each part is copied to a fixed offset of a pre-sized
file, its `window.YTD.tweets.partN = [` line and closing `]` overwritten with spaces (valid JSON
whitespace), so parts inflate in parallel threads (zlib releases the GIL) and nothing is copied twice.
Layout of a file: `[` part `,` part ... `]`; a separator slot stays a space next to an empty part.
"""

from __future__ import annotations

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cloutlab.errors import CloutlabError
from cloutlab.importers import staging
from cloutlab.importers.containers import Container

_CHUNK = 1 << 20
_WS = b" \t\r\n"
_WRAPPED = re.compile(rb'^\s*\[\s*\{\s*"tweet"\s*:')
# Every tweet has one created_at key; inside a JSON string the quotes would be escaped, so this counts tweets.
_POST_KEY = b'"created_at"'


@dataclass(frozen=True)
class Part:
    member: str
    size: int  # inflated size, as declared by the container
    wrapped: bool  # items are {"tweet": {...}}; very early 2019 archives put the fields at the top level


@dataclass(frozen=True)
class Staged:
    path: str
    members: tuple[str, ...]
    wrapped: bool


def probe(src: Container, member: str) -> Part:
    """Check the `window.YTD... = [` start and see which item shape the part uses, reading only its head."""
    with src.open(member) as stream:
        head = stream.read(64 << 10)
    cut = head.find(b"=", 0, 4096)
    body = head[cut + 1 :].lstrip(_WS) if cut >= 0 else b""
    if not body.startswith(b"["):
        raise CloutlabError(
            f"{src.label}: {member} is not a list of tweets after its 'window.YTD... =' line; "
            "the file was damaged or edited: download the export again."
        )
    return Part(member, src.size(member), bool(_WRAPPED.match(body[:4096])))


# Tweets staged at once: an archive's parts are staged, read and removed a batch at a time, so temporary disk
# holds one batch, not the archive (10M tweets are 9 GB of JSON), and a batch removed within seconds is
# mostly never written out of the page cache (the 9 GB written at once were, and slowed the import by a third).
BATCH_BYTES = 1 << 30


def batches(parts: list[Part], limit: int | None = None) -> list[list[Part]]:
    """Consecutive parts in groups of at most `limit` (BATCH_BYTES) inflated bytes, a bigger part alone; [[]] for none."""
    limit = BATCH_BYTES if limit is None else limit
    out: list[list[Part]] = [[]]
    size = 0
    for part in parts:
        if out[-1] and size + part.size > limit:
            out.append([])
            size = 0
        out[-1].append(part)
        size += part.size
    return out


def disk_budget(src: Container) -> "_DiskBudget":
    """One budget for every stage() call of an import, so batches share the rule (bytes against tweets)."""
    return _DiskBudget(src)


def stage(src: Container, parts: list[Part], folder: str, budget: "_DiskBudget | None" = None) -> list[Staged]:
    """Parts grouped by item shape and spread over one file per core, all inflated by one thread pool."""
    workers = max(1, os.cpu_count() or 2)
    bins: list[_Bin] = []
    for wrapped in (True, False):
        group = sorted((p for p in parts if p.wrapped is wrapped), key=lambda p: -p.size)
        shelf = [_Bin(os.path.join(folder, f"tweets-{len(bins) + i}.json"), wrapped) for i in range(min(workers, len(group)))]
        for part in group:  # biggest first onto the emptiest file: balanced files, balanced DuckDB threads
            min(shelf, key=lambda b: b.size).add(part)
        bins.extend(shelf)
    jobs = [(b, part, offset) for b in bins for part, offset in zip(b.parts, b.offsets)]
    budget = budget or _DiskBudget(src)
    try:
        for b in bins:
            b.open()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            filled = list(pool.map(lambda job: _fill(src, job[1], job[0].fd, job[2], budget), jobs))
        for b in bins:
            b.close_array([f for (owner, _, _), f in zip(jobs, filled) if owner is b])
    finally:
        for b in bins:
            b.release()
    return [Staged(b.path, tuple(p.member for p in b.parts), b.wrapped) for b in bins]


class _Bin:
    """One staged file: `[` part `,` part ... `]`, each part at a fixed offset with a one-byte slot after it."""

    def __init__(self, path: str, wrapped: bool):
        self.path, self.wrapped, self.parts, self.offsets, self.size, self.fd = path, wrapped, [], [], 1, -1

    def add(self, part: Part) -> None:
        self.parts.append(part)
        self.offsets.append(self.size)
        self.size += part.size + 1

    def open(self) -> None:
        self.fd, self.path = staging.new_file(self.path)  # on disk 0600, or in memory under CLOUTLAB_NO_DISK
        os.ftruncate(self.fd, self.size)

    def close_array(self, nonempty: list[bool]) -> None:
        os.pwrite(self.fd, b"[", 0)
        for part, offset in zip(self.parts, self.offsets):
            os.pwrite(self.fd, b" ", offset + part.size)  # every slot a space...
        os.pwrite(self.fd, b"]", self.size - 1)  # ...the last one closes the array...
        seen = False
        for offset, full in zip(self.offsets, nonempty):
            if full and seen:
                os.pwrite(self.fd, b",", offset - 1)  # ...and the one before each later non-empty part separates
            seen = seen or full

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


class _DiskBudget:
    """Bytes staged against tweets seen, over every part of one stage() call (the threads share it)."""

    def __init__(self, src: Container):
        self.label, self.limits, self.bytes, self.posts = src.label, src.limits, 0, 0
        self._lock = threading.Lock()

    def charge(self, piece: bytes, member: str) -> None:
        """Called before `piece` is written: refuse it if the disk used would outgrow the tweets read."""
        found = piece.count(_POST_KEY)
        with self._lock:
            self.posts += found
            self.bytes += len(piece)
            allowed = self.limits.stage_floor_bytes + self.limits.stage_bytes_per_post * self.posts
            if self.bytes > allowed:
                raise CloutlabError(
                    f"{self.label}: its tweet files ({member} and others) would write far more to temporary disk than "
                    f"their {self.posts:,} tweets need (over {self.bytes >> 20:,} MB so far), as padding or a file listed "
                    "many times does; cloutlab stopped before filling the disk. Download the export again.")


def _fill(src: Container, part: Part, fd: int, offset: int, budget: _DiskBudget) -> bool:
    """Copy one part to its slot, blanking its prefix and closing bracket. True if it holds any item."""
    state = {"pos": offset, "nonempty": None}

    def put(piece: bytes) -> None:
        budget.charge(piece, part.member)
        if state["nonempty"] is None and (text := piece.lstrip(_WS)):
            state["nonempty"] = not text.startswith(b"]")
        os.pwrite(fd, piece, state["pos"])
        state["pos"] += len(piece)

    with src.open(part.member) as stream:
        head = stream.read(_CHUNK)
        start = head.index(b"[", head.find(b"=", 0, 4096) + 1) + 1  # probe() checked both are there
        tail = b" " * start + head[start:]
        while chunk := stream.read(_CHUNK):
            put(tail[:-64])
            tail = tail[-64:] + chunk
    put(_blank_close(tail, src.label, part.member))
    if state["pos"] - offset != part.size:
        raise CloutlabError(f"{src.label}: {part.member} is not the size the archive declares; it is damaged: download the export again.")
    return bool(state["nonempty"])


def _blank_close(tail: bytes, label: str, member: str) -> bytes:
    """The end of a part with its closing `]` (and anything after it: spaces, a stray `;`) blanked."""
    close = tail.rfind(b"]")
    if close < 0 or tail[close + 1 :].strip(_WS + b";"):
        raise CloutlabError(f"{label}: {member} is cut short (no closing ']'); download the export again.")
    return tail[:close] + b" " * (len(tail) - close)
