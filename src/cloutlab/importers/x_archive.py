"""X/Twitter account archive, 2019 and later (docs/export-formats.md section A).

Speed is the point here: a million tweets is about 1 GB of pretty-printed JSON, too slow for any Python
parser. So each tweet file is streamed out of the archive, minus its `window.YTD... =` line, into a
private temporary file (never the whole archive), and DuckDB parses and shapes it in one SQL pass that
inserts straight into `posts` inside the store's transaction. Tweet files are staged a batch (about 1 GB)
at a time, each batch removed once inserted, so temporary disk holds one batch however big the archive.
So this importer alone does not return rows (building them in Python would lose that speed): load hands
a Parsed holding those batches (StagedRows) to the one writer, parsed.store_parsed, itself. Small files
(account, followers, manifest) are parsed in Python.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import duckdb

from cloutlab import platforms
from cloutlab.errors import CloutlabError, StoreError
from cloutlab.importers import common, staging, x_sql, x_stage
from cloutlab.importers.common import parse_iso
from cloutlab.importers.detect import Input
from cloutlab.importers.parsed import Parsed, store_parsed
from cloutlab.importers.archive_guard import is_private
from cloutlab.importers.containers import Container

# Files that contain "tweet" in their name but are not the live timeline (docs/export-formats.md A).
IGNORED = ("deleted-tweets.js", "note-tweet.js", "community-tweet.js")
_PART = re.compile(r"data/(tweets?)(?:-part(\d+))?\.js$")


def load(con, inp: Input) -> dict[str, Any]:
    """Parse and store an X archive: the one importer that cannot hand back its rows (see the module docstring).

    Its posts are a DuckDB relation over staged files that exist only inside this function, and a write
    that fails must then be traced to the archive member at fault (_locate, _name_duplicate), so the staging
    folder has to outlive the write. It still goes through the one writer, parsed.store_parsed.
    """
    src, root = inp.source, inp.root
    manifest = _manifest(src, root)
    account, warnings = _account(src, root, manifest, inp.stem)
    parts = [x_stage.probe(src, name) for name in tweet_parts(src, root, manifest)]
    with staging.staging_dir() as tmp:  # mkdtemp: readable by this user only; removed however the import ends
        rows = StagedRows(con, src, parts, tmp, account["account"], account.pop("_id", None))
        try:
            with x_sql.import_settings(con):
                return store_parsed(con, Parsed(account, rows, inp.label, "x_archive", platforms.BY_KEY["x"].counts,
                                                tuple(warnings)))
        except duckdb.Error as exc:  # raised while binding, before the store's transaction
            raise CloutlabError(_locate(con, src, parts, tmp, str(exc))) from None
        except StoreError as exc:
            if exc.duplicate_id is not None and len(parts) > 1:
                raise CloutlabError(_name_duplicate(con, src, parts, tmp, exc.duplicate_id, str(exc))) from None
            if not exc.reading_rows:  # the store's own checks (disk, memory, database file) speak for themselves
                raise
            raise CloutlabError(_locate(con, src, parts, tmp, str(exc))) from None


class StagedRows:
    """An archive's posts, staged and read a batch of tweet files at a time (x_stage.batches): what the store
    inserts, batch after batch, in its one transaction. Only one batch is on disk at any moment."""

    def __init__(self, con, src: Container, parts: list[x_stage.Part], tmp: str, owner: str, owner_id: str | None):
        self.con, self.src, self.tmp, self.owner, self.owner_id = con, src, tmp, owner, owner_id
        self.groups, self.budget = x_stage.batches(parts), x_stage.disk_budget(src)
        self.first, self.at, self.folder, self.query = 0, -1, None, ""

    def _stage(self, i: int) -> str:
        if self.at != i:
            if self.folder:
                staging.drop(self.folder)
            self.folder, self.at = staging.subfolder(self.tmp, f"batch{i}"), i
            staged = x_stage.stage(self.src, self.groups[i], self.folder, self.budget)
            self.query = x_sql.posts_query(staged, self.owner, self.owner_id)
        return self.query

    def has_rows(self) -> bool:
        """Whether any batch holds a post: batches are staged until one does, and those without are skipped
        (they add nothing), so the first one with a post is read once, by batches()."""
        for i in range(len(self.groups)):
            if self.con.sql(self._stage(i)).limit(1).fetchall():
                self.first = i
                return True
        return False

    def batches(self, con):
        for i in range(self.first, len(self.groups)):
            yield con.sql(self._stage(i))


def _name_duplicate(con, src: Container, parts: list[x_stage.Part], tmp: str, dup: str, message: str) -> str:
    """A tweet id twice: say which files hold it (each part read alone: a slow path, errors only)."""
    holders = []
    for i, part in enumerate(parts):
        folder = staging.subfolder(tmp, f"dup{i}")
        query = x_sql.posts_query(x_stage.stage(src, [part], folder), "", None)
        found = con.execute(f"SELECT count(*) FROM ({query}) WHERE post_id = ?", [dup]).fetchone()[0]
        holders += [part.member] * found
    if not holders:
        return message
    where = " and ".join(dict.fromkeys(holders)) if len(set(holders)) > 1 else f"{holders[0]} ({len(holders)} times)"
    return (f"{src.label}: tweet id {dup} appears in {where}; an archive holds each tweet once, so it was damaged "
            "or edited: download the export again.")


def _locate(con, src: Container, parts: list[x_stage.Part], tmp: str, message: str) -> str:
    """The combined read failed: check each part alone to name the file at fault (a slow path, errors only)."""
    for i, part in enumerate(parts):
        folder = staging.subfolder(tmp, f"check{i}")
        try:
            undated = con.execute(x_sql.check_query(x_stage.stage(src, [part], folder)[0])).fetchone()[0]
        except duckdb.Error as exc:
            return x_sql.explain(str(exc), src.label, part.member)
        if undated:
            return (f"{src.label}: {part.member} has {undated:,} tweet{'s' if undated > 1 else ''} whose date cloutlab "
                    "cannot read; the file was damaged or edited: download the export again.")
    return x_sql.explain(message, src.label, "the tweet files")


def read_js(src: Container, name: str) -> Any:
    """A `window.YTD.<type>.partN = <json>` file (or manifest's `window.__THAR_CONFIG = {...}`) as Python data."""
    return common.read_js(src, name, expected="'window.YTD... ='", within=4096)


def _manifest(src: Container, root: str) -> dict[str, Any]:
    name = root + "data/manifest.js"
    if not src.has(name):
        return {}
    value = read_js(src, name)
    return value if isinstance(value, dict) else {}


def tweet_parts(src: Container, root: str, manifest: dict[str, Any]) -> list[str]:
    """Every tweet file, in part order. The manifest is the authority when present: it lists every part."""
    types = manifest.get("dataTypes") or {}
    listed = [f.get("fileName", "") for key in ("tweets", "tweet") for f in (types.get(key) or {}).get("files") or []]
    if listed:
        names = [root + n.lstrip("./") for n in listed if n]
        _check_listed(src, root, names, "tweets")
        missing = [n for n in names if not src.has(n)]
        if missing:
            raise CloutlabError(
                f"{src.label} lists {missing[0][len(root):]} in its manifest but the file is missing; "
                "the download may be incomplete: download the export again."
            )
        return names
    found = []
    for name in src.names():
        match = _PART.match(name[len(root):]) if name.startswith(root) else None
        if match and name.rsplit("/", 1)[-1] not in IGNORED:
            found.append((match.group(1), int(match.group(2) or 0), name))
    return [name for *_, name in sorted(found)]


def _check_listed(src: Container, root: str, names: list[str], kind: str) -> None:
    """A manifest lists each file once, and never a private one as data: refuse an edited one in a sentence
    (one part listed 80 times staged 7.3 GB; the direct-message file listed as tweets was a RuntimeError)."""
    for name in names:
        if is_private(name):
            raise CloutlabError(
                f"{src.label}'s manifest lists {name[len(root):][:80]}, your private messages, as {kind}; cloutlab never "
                "opens private messages, so the manifest was edited: download the export again.")
    repeated = next((n for n, k in Counter(names).items() if k > 1), None)
    if repeated is not None:
        raise CloutlabError(
            f"{src.label}'s manifest lists {repeated[len(root):][:80]} {names.count(repeated)} times; an archive lists "
            "each file once, so it was edited: download the export again.")


def _account(src: Container, root: str, manifest: dict[str, Any], stem: str) -> tuple[dict[str, Any], list[str]]:
    user = manifest.get("userInfo") or {}
    info: dict[str, Any] = {}
    if src.has(root + "data/account.js"):
        rows = read_js(src, root + "data/account.js")
        info = (rows[0].get("account") or {}) if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
    warnings = []
    username = info.get("username") or user.get("userName")
    if not username:
        username = stem
        warnings.append(f"The archive does not name its account, so it was stored as {stem!r} (the file name).")
    followers = _count_list(src, root, "follower", manifest)
    following = _count_list(src, root, "following", manifest)
    if followers is None:
        warnings.append("This archive has no follower.js, so the audience size is unknown.")
    archive_info = manifest.get("archiveInfo") or {}
    if str(archive_info.get("isPartialArchive", "")).lower() == "true":
        warnings.append("This is a partial archive: X left some data out, so counts may be incomplete.")
    warnings.append("X archives carry likes and reposts received but not replies or quotes received.")
    account = {
        "platform": "x",
        "account": username.lstrip("@"),
        "display_name": info.get("accountDisplayName") or user.get("displayName"),
        "created_at": parse_iso(info.get("createdAt", "")),
        "followers": followers,
        "following": following,
        "exported_at": parse_iso(archive_info.get("generationDate", "")),
        "_id": info.get("accountId") or user.get("accountId"),  # for self-replies; not a stored column
    }
    return account, warnings


def _count_list(src: Container, root: str, kind: str, manifest: dict[str, Any]) -> int | None:
    """Length of follower.js / following.js (all parts): the audience at export time, the only one known."""
    listed = [f.get("fileName", "") for f in ((manifest.get("dataTypes") or {}).get(kind) or {}).get("files") or []]
    pattern = re.compile(rf"data/{kind}(?:-part\d+)?\.js$")
    listed = [root + n.lstrip("./") for n in listed if isinstance(n, str) and n]
    _check_listed(src, root, listed, kind)
    names = listed or [n for n in src.names() if pattern.fullmatch(n[len(root):])]
    names = [n for n in names if src.has(n)]
    if not names:
        return None
    return sum(len(value) for n in names if isinstance(value := read_js(src, n), list))
