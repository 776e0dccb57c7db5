"""Importers: one per platform, one output (the canonical tables), one public entry point.

    summary = import_path(con, path)          # a zip, folder, .car, .csv or .tar.gz, as str or Path
    summary = import_bytes(con, name, data)   # an uploaded file's name and bytes; same result
    summary = import_file(con, name, fh)      # an upload as a seekable file object, read in place

Both detect the format, parse (PARSERS: rows and warnings, nothing written), and write the account through
the one writer, parsed.store_parsed (`store.write_account`, one transaction):
on any failure the database is exactly as before and a CloutlabError says, in one sentence, what is
wrong and what to do. The summary is a contract (the CLI prints it as JSON); see SUMMARY_KEYS.
"""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Callable

import pyarrow as pa

from cloutlab.errors import CloutlabError
from cloutlab.importers import bluesky, common, csv_generic, mastodon, progress, staging, x_archive, x_legacy
from cloutlab.importers import facebook, googleplus, instagram, linkedin
from cloutlab.importers.detect import Input, from_bytes, from_path, from_stream
from cloutlab.importers.parsed import Parsed, store_parsed
from cloutlab.importers.archive_guard import DEFAULT_LIMITS, Limits

__all__ = ["import_path", "import_bytes", "import_file", "Limits", "SUMMARY_KEYS", "LOADERS", "PARSERS", "Parsed"]

SUMMARY_KEYS = (
    "platform", "account", "items", "original", "replies", "self_replies", "reposts", "quotes",
    "first", "last", "followers", "following", "engagement_fields", "warnings",
)

# Detected format -> parser(Input) -> Parsed: the rows and warnings of one export, nothing written.
PARSERS: dict[str, Callable[[Input], Parsed]] = {
    "x_legacy": x_legacy.parse,
    "mastodon": mastodon.parse,
    "bluesky": bluesky.parse,
    "csv": csv_generic.parse,
    "facebook": facebook.parse,
    "instagram": instagram.parse,
    "linkedin": linkedin.parse,
    "googleplus": googleplus.parse,
}


def _parse_and_store(parse: Callable[[Input], Parsed]) -> Callable[[Any, Input], dict[str, Any]]:
    return lambda con, inp: store_parsed(con, parse(inp))


# Detected format -> loader(con, Input) -> summary. Every loader stores through parsed.store_parsed (one
# transaction). The X archive stores its staged DuckDB query itself (see x_archive for why), the others
# are their parser followed by the writer.
LOADERS: dict[str, Callable[[Any, Input], dict[str, Any]]] = {
    "x": x_archive.load,
    **{fmt: _parse_and_store(parse) for fmt, parse in PARSERS.items()},
}


def import_path(con, path: str | Path, *, limits: Limits = DEFAULT_LIMITS, replace: bool = False,
                name: str | None = None) -> dict[str, Any]:
    """Import the export at `path` into `con`; returns the summary dict (keys: SUMMARY_KEYS).

    An account already stored is merged by post id (a warning says so); replace=True replaces it instead.
    `name`: the file's name as the person knows it, when `path` is an upload spooled to disk under another name.
    """
    return _run(con, lambda: from_path(path, limits, name), replace)


def import_bytes(con, name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS, replace: bool = False) -> dict[str, Any]:
    """Import an uploaded file given its name and bytes; same result as import_path on that file."""
    return _run(con, lambda: from_bytes(name, data, limits), replace)


def import_file(con, name: str, fh: BinaryIO, *, limits: Limits = DEFAULT_LIMITS, replace: bool = False) -> dict[str, Any]:
    """Import an upload held as a seekable file object, read in place (no second copy); same result."""
    return _run(con, lambda: from_stream(name, fh, limits), replace)


def _run(con, open_input: Callable[[], Input], replace: bool = False) -> dict[str, Any]:
    staging.clean_stale()  # staging files a killed import left behind
    token = common.REPLACE.set(replace)
    label = "the export"
    try:
        inp = open_input()
        label = inp.label
        try:
            return LOADERS[inp.fmt](con, inp)
        finally:
            inp.close()
    except progress.Cancelled:
        raise
    except KeyboardInterrupt:  # the store turns an interrupted query into this (Ctrl-C, or the app's Cancel)
        if progress.current() is not None and progress.current().cancelled:
            raise progress.Cancelled() from None
        raise
    except CloutlabError as exc:
        if progress.current() is not None and progress.current().cancelled:
            raise progress.Cancelled() from None  # a read cut short by the cancel, whatever it said
        raise CloutlabError(_one_line(str(exc))) from None
    except MemoryError:
        raise CloutlabError("There is not enough memory to import this export; close other programs or use a machine "
                            "with more memory.") from None
    except RecursionError:
        raise CloutlabError(f"{label} holds data nested far deeper than any export (a damaged or hostile file); "
                            "download the export again.") from None
    except RuntimeError as exc:  # after RecursionError, its subclass
        if str(exc).startswith("Query interrupted"):  # Ctrl-C while DuckDB read the staged tweets (issue 24)
            if progress.current() is not None and progress.current().cancelled:
                raise progress.Cancelled() from None  # the app's Cancel interrupted the query
            raise KeyboardInterrupt from None
        raise
    except OSError as exc:
        raise CloutlabError(_one_line(describe_os_error(exc, label))) from None
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, OverflowError, pa.ArrowException) as exc:
        # Valid JSON with a value of the wrong type somewhere the importer expected another (an object for a
        # text, a number for a list...): the export was edited or damaged; never a traceback.
        raise CloutlabError(_one_line(
            f"{label} holds a value of the wrong type where cloutlab expected another ({type(exc).__name__}: "
            f"{str(exc)[:100]}); the file was damaged or edited: download the export again.")) from None
    finally:
        common.REPLACE.reset(token)


def describe_os_error(exc: OSError, label: str) -> str:
    """A full disk named as such (not blamed on the export); other I/O errors with the file they concern."""
    if exc.errno == errno.ENOSPC:
        return (f"The disk is full: there was no room for the temporary files of this import (in {tempfile.gettempdir()}); "
                "free some space or set TMPDIR to a bigger disk, then import again. Nothing was stored.")
    where = f" ({exc.filename})" if exc.filename else ""
    return f"Could not read or write a file while importing {label}{where}: {exc.strerror or exc}."


def _one_line(message: str) -> str:
    return " ".join(message.split())
