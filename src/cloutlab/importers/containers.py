"""One read-only view over the containers exports arrive in: a zip, an unzipped folder, or a tar(.gz).

Importers ask a Container for member names and streams; they never open the zip, folder or tar themselves, so the
safety checks (paths, sizes, private files) live here once. Names are relative posix paths.
"""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile
from pathlib import Path
from typing import BinaryIO

from cloutlab.errors import CloutlabError
from cloutlab.importers.archive_guard import (
    READ_ERRORS,
    Budget,
    CountingReader,
    Limits,
    check_declared_sizes,
    check_member_name,
    damaged,
    guard_private,
    is_private,
)

# Operating-system litter that re-zipping adds; never part of an export.
_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db")


def _junk(name: str) -> bool:
    return name.startswith(_JUNK[0]) or name.rsplit("/", 1)[-1] in _JUNK[1:]


class Container:
    """Base: subclasses fill `_sizes` (name -> declared size) and implement `_open_raw`."""

    def __init__(self, label: str, stem: str, limits: Limits):
        self.label, self.stem, self.limits = label, stem, limits
        self.budget = Budget(label, limits)
        self._sizes: dict[str, int] = {}

    def names(self) -> list[str]:
        return list(self._sizes)

    def has(self, name: str) -> bool:
        return name in self._sizes

    def size(self, name: str) -> int:
        return self._sizes[name]

    def open(self, name: str) -> CountingReader:
        guard_private(name)
        if self.budget.progress is not None:
            self.budget.progress.opened()
        return CountingReader(self._open_raw(name), name, self.budget, cap=self._cap(name))

    def _cap(self, name: str) -> int | None:
        return None

    def _open_raw(self, name: str) -> BinaryIO:
        raise NotImplementedError

    def read_bytes(self, name: str) -> bytes:
        """A whole member, for the small files parsed in Python (bounded by Limits.max_json_bytes)."""
        if self.size(name) > self.limits.max_json_bytes:
            raise CloutlabError(
                f"{self.label}: {name} is {self.size(name) / (1 << 20):,.0f} MB, too big to read in one piece; "
                "raise the limit if the export is genuine."
            )
        with self.open(name) as stream:
            return stream.read()

    def read_json(self, name: str, text: bytes | None = None):
        """Parse a member as JSON, naming the file and the position when it is malformed."""
        data = self.read_bytes(name) if text is None else text
        try:
            return json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise CloutlabError(f"{self.label}: {name} is not UTF-8 text (byte {exc.start}); download the export again.") from None
        except RecursionError:
            raise CloutlabError(
                f"{self.label}: {name} nests its data far deeper than any export does (a damaged or hostile file); "
                "download the export again."
            ) from None
        except json.JSONDecodeError as exc:
            raise CloutlabError(
                f"{self.label}: {name} is not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
                "the file was damaged or edited: download the export again."
            ) from None

    def close(self) -> None:
        pass


class ZipContainer(Container):
    def __init__(self, file: str | Path | BinaryIO, label: str, stem: str, limits: Limits):
        super().__init__(label, stem, limits)
        try:
            self._zip = zipfile.ZipFile(file)
            infos = [i for i in self._zip.infolist() if not i.is_dir()]
        except (*READ_ERRORS, RuntimeError) as exc:
            raise CloutlabError(
                f"{label} is not a readable zip file ({str(exc)[:80]}): it may be truncated or damaged, "
                "download it again."
            ) from None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = check_member_name(label, info.filename)
            if not name or _junk(name):
                continue
            if name in self._infos:
                # Two entries of one name: zipfile would silently read the last, another tool the first.
                raise CloutlabError(
                    f"{label} holds two different files named {name[:80]}, which no export does (the archive was "
                    "tampered with or badly re-zipped); cloutlab refuses it: download the export again."
                )
            if info.flag_bits & 0x1:
                raise CloutlabError(
                    f"{label} is encrypted (password-protected, {name[:60]} first); cloutlab cannot read it. "
                    "Unzip it with its password and import the folder, or download the export again."
                )
            self._infos[name] = info
        check_declared_sizes(label, list(self._infos.values()), limits)
        self._sizes = {n: i.file_size for n, i in self._infos.items()}

    def _cap(self, name: str) -> int | None:
        return self._infos[name].file_size

    def _open_raw(self, name: str) -> BinaryIO:
        try:
            return self._zip.open(self._infos[name])
        except (*READ_ERRORS, RuntimeError, NotImplementedError) as exc:
            raise CloutlabError(damaged(self.label, name, exc)) from None

    def close(self) -> None:
        self._zip.close()


class FolderContainer(Container):
    def __init__(self, root: Path, limits: Limits):
        super().__init__(root.name or str(root), root.name, limits)
        self._root = root.resolve()
        for dirpath, dirs, files in os.walk(self._root):
            dirs[:] = [d for d in dirs if not is_private(d)]  # no need to even list DM media
            for fname in files:
                path = Path(dirpath, fname)
                name = path.relative_to(self._root).as_posix()
                if _junk(name) or not path.is_file():
                    continue
                if not path.resolve().is_relative_to(self._root):
                    check_member_name(self.label, "../" + name)  # a symlink out of the folder: refuse
                self._sizes[name] = path.stat().st_size

    def _open_raw(self, name: str) -> BinaryIO:
        try:
            return open(self._root / name, "rb")
        except OSError as exc:
            raise CloutlabError(damaged(self.label, name, exc)) from None


class _RatioGuard:
    """Counts inflated bytes of a whole .tar.gz: a gzip stream declares no sizes, so only counting can tell."""

    def __init__(self, raw: BinaryIO, packed: int, label: str, limits: Limits):
        self._raw, self._packed, self._label, self._limits, self._seen = raw, max(packed, 1), label, limits, 0

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        self._seen += len(data)
        lim = self._limits
        if self._seen > lim.ratio_floor_bytes and self._seen > lim.max_ratio * self._packed:
            raise CloutlabError(f"{self._label} looks like an archive bomb (it inflates far more than any export); cloutlab refuses it.")
        return data


class TarContainer(Container):
    """Older Mastodon servers send a .tar.gz. Tar has no index, so one streaming pass keeps the JSON members."""

    _KEEP = (".json", ".js", ".csv")

    def __init__(self, file: BinaryIO, packed: int, label: str, stem: str, limits: Limits):
        super().__init__(label, stem, limits)
        self._data: dict[str, bytes] = {}
        try:
            guard = _RatioGuard(file, packed, label, limits)
            with tarfile.open(fileobj=guard, mode="r|*") as tar:  # type: ignore[arg-type]
                for member in tar:
                    self._take(tar, member)
        except (*READ_ERRORS, tarfile.TarError) as exc:
            raise CloutlabError(f"{label} is not a readable tar archive ({str(exc)[:80]}): download it again.") from None

    def _take(self, tar: tarfile.TarFile, member: tarfile.TarInfo) -> None:
        if not member.isfile():
            return  # links and devices: nothing an export needs, and links could point anywhere
        name = check_member_name(self.label, member.name)
        if not name or _junk(name):
            return
        if name in self._sizes:
            raise CloutlabError(f"{self.label} holds two files named {name[:80]}, which no export does; cloutlab refuses it: "
                                "download the export again.")
        self.budget.spend(member.size)
        self._sizes[name] = member.size
        if name.endswith(self._KEEP) and not is_private(name):
            stream = tar.extractfile(member)
            self._data[name] = stream.read() if stream else b""

    def _open_raw(self, name: str) -> BinaryIO:
        if name not in self._data:
            raise CloutlabError(f"{self.label}: {name} cannot be read from a tar archive; unpack it and import the folder.")
        return io.BytesIO(self._data[name])
