"""What `--db FILE` may be: a DuckDB database of cloutlab's, or a path where none exists yet.

Why: DuckDB 2.0 happily "opens" a CSV, Parquet or JSON file as a view over an in-memory database (an import
then reports success and keeps nothing), tries to download the sqlite extension for a SQLite file, and adds
cloutlab's tables to another application's database. So the file is recognised by its first bytes before
DuckDB sees it, and its tables are checked before anything is created in it.

Helpers (stable names, reused by other importers and the CLI):
    SAFE_CONFIG                 DuckDB settings for every connection: no extension download or auto-load
    check_file(path, writing)   CloutlabError unless path is absent, empty or a DuckDB file (writable if writing)
    check_tables(con, path)     CloutlabError if the database holds tables that are not cloutlab's
    raw_connect(path=None)      duckdb.connect with SAFE_CONFIG
    scratch()                   a new connection to one in-memory database of the process's, SAFE_CONFIG
"""

from __future__ import annotations

import os
import stat
import threading

import duckdb

from cloutlab.errors import CloutlabError

# Extensions are code fetched from the internet and loaded into this process: never implicitly.
SAFE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

# First bytes of files people plausibly pass by mistake -> what to call them.
_MAGIC = (
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"PK\x03\x04", "a zip file"),
    (b"\x1f\x8b", "a gzip file"),
    (b"ORC", "an ORC file"),
    (b"ARROW1", "an Arrow file"),
    (b"\x89HDF", "an HDF5 file"),
)


def raw_connect(path: str | None = None, **kwargs) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with extension auto-install and auto-load off (the one way to open DuckDB here)."""
    config = {**SAFE_CONFIG, **kwargs.pop("config", {})}
    return duckdb.connect(path or ":memory:", config=config, **kwargs)


_SCRATCH: dict[tuple[int, str | None], duckdb.DuckDBPyConnection] = {}  # by pid (a forked child opens its own)
_SCRATCH_LOCK = threading.Lock()


def scratch(temp_directory: str | None = None) -> duckdb.DuckDBPyConnection:
    """A new connection (cursor) to one in-memory DuckDB kept for the process, opened by raw_connect: for a query
    over Python data that needs no database of its own. A new DuckDB costs about 14 ms of CPU registering its
    built-in functions, more than such a query; a cursor costs microseconds and has its own registered tables,
    temporary tables and interrupt, freed when it is closed. Nothing may change the database's settings:
    temp_directory is set when the database is opened, one database per value ('' never spills to disk)."""
    key = (os.getpid(), temp_directory)
    with _SCRATCH_LOCK:
        base = _SCRATCH.get(key)
        if base is None:
            for other in [k for k in _SCRATCH if k[0] != key[0]]:  # a forked child's copies of its parent's
                del _SCRATCH[other]
            base = raw_connect()
            if temp_directory is not None:
                base.execute(f"SET temp_directory = '{temp_directory.replace(chr(39), chr(39) * 2)}'")
            _SCRATCH[key] = base
        return base.cursor()


def describe(head: bytes, path: str) -> str | None:
    """None for a DuckDB file, else what the file looks like (for the refusal sentence)."""
    if head[8:12] == b"DUCK":
        return None
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    text = head.lstrip()[:1]
    if text in (b"{", b"["):
        return "a JSON file"
    if head and b"\x00" not in head:
        return "a text file (CSV or similar)"
    ext = os.path.splitext(path)[1]
    return f"a {ext} file" if ext else "a file of another kind"


def check_file(path: str, writing: bool = True) -> bool:
    """True if `path` is a new database (absent or empty); raise unless it is a DuckDB file. Never blocks: a
    FIFO, a device or a socket is refused from its stat before anything opens it (a FIFO hung forever)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if writing:
            _check_folder(path)
        return True
    except OSError as exc:
        raise CloutlabError(f"Could not read the database {path} ({exc.strerror}); check the path and its permissions.") from None
    if stat.S_ISDIR(st.st_mode):
        raise CloutlabError(f"{path} is a folder, not a database file; give a file name such as cloutlab.duckdb.")
    if not stat.S_ISREG(st.st_mode):
        raise CloutlabError(f"{path} is {_special(st.st_mode)}, not a database file; give --db a file name such as "
                            "cloutlab.duckdb.")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # O_NONBLOCK: swapped for a FIFO since stat
        try:
            head = os.read(fd, 64)
        finally:
            os.close(fd)
    except OSError as exc:
        raise CloutlabError(f"Could not read the database {path} ({exc.strerror}); check the path and its permissions.") from None
    if not head:
        if writing:
            _check_writable(path)
        return True
    what = describe(head, path)
    if what is None and len(head) < 12:
        what = "a truncated file"
    if what:
        raise CloutlabError(
            f"{path} is {what}, not a cloutlab database; nothing was changed. Give --db a new file name "
            "(such as cloutlab.duckdb) or a database cloutlab wrote."
        )
    if writing:
        _check_writable(path)
    return False


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _folder(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def _check_folder(path: str) -> None:
    folder = _folder(path)
    if not os.path.isdir(folder):
        raise CloutlabError(f"There is no folder {folder} to create the database {os.path.basename(path)} in; "
                            "create it first or give --db another path.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CloutlabError(f"The folder {folder} is read-only for this user, so cloutlab cannot create {path} in it; "
                            "give --db a path in a folder you can write.")


def _check_writable(path: str) -> None:
    """An import writes the file and a .wal beside it: both need write access (root has it whatever the bits)."""
    if not os.access(path, os.W_OK):
        where = "the file"
    elif not os.access(_folder(path), os.W_OK | os.X_OK):
        where = "its folder"
    else:
        return
    raise CloutlabError(f"{path} is read-only for this user ({where}), so nothing can be imported into it; score, cohort "
                        "and export can still read it. Give --db a file you can write to import.")


_OURS = ("posts", "accounts", "imports")


def check_tables(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Refuse a DuckDB file that holds tables or views other than cloutlab's (another application's data)."""
    names = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal"
    ).fetchall()}
    foreign = sorted(names - set(_OURS))
    from cloutlab import schema  # a table of ours with other columns is someone else's too

    for table in names & set(_OURS):
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ? "
            "ORDER BY column_index", [table]).fetchall()]
        if cols != schema.column_names(table):
            foreign.append(table)
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise CloutlabError(
            f"{path} is another application's DuckDB database (it holds {shown}), not a cloutlab database; "
            "nothing was changed. Give --db a new file name such as cloutlab.duckdb."
        )
