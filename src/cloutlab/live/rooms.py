"""Live classes: one shared DuckDB file per class, written by many Streamlit sessions of one process.

A class is `<folder>/<CODE>.duckdb` (folder: the data folder's `classes/`, owner-only), holding students'
answers only: their nicknames, picks, predictions and judgments. No import, no personal data. DuckDB lets one
process write a file, so every class lives in this server process: one connection per class, and every
read and write goes through that class's lock (a write is a few rows: the lock is held for a millisecond).
With no folder (CLOUTLAB_NO_DISK=1) a class lives in memory and is gone with the process.

The class's state (step, revealed, locked) is also kept in memory with a version number bumped by every
write, so a projector polling twice a second reads the file only when something changed.
A class ends when the teacher ends it (its file is deleted) or a day after it started (`clean_stale`, run
whenever a class is started).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from cloutlab.live import lesson, names

MAX_AGE = 24 * 3600  # seconds a class may live
MAX_STUDENTS = 200  # a room, not a stadium: joining stops there

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS students (id VARCHAR PRIMARY KEY, nickname VARCHAR, joined DOUBLE);
CREATE TABLE IF NOT EXISTS picks (student VARCHAR, persona VARCHAR, strategy VARCHAR, ts DOUBLE);
CREATE TABLE IF NOT EXISTS predictions (student VARCHAR, question VARCHAR, answer VARCHAR, ts DOUBLE);
CREATE TABLE IF NOT EXISTS judgments (student VARCHAR, pair INTEGER, chose VARCHAR, ts DOUBLE);
"""


# Each answer table: its columns, and which of them say whose answer to what (the latest such row counts).
COLUMNS = {"picks": ("student", "persona", "strategy", "ts"), "predictions": ("student", "question", "answer", "ts"),
           "judgments": ("student", "pair", "chose", "ts")}
KEYS = {"picks": 1, "predictions": 2, "judgments": 2}  # the first KEYS[t] columns


class ClassEnded(Exception):
    """The class was ended by the teacher (or expired): nothing more can be written."""


@dataclass
class Snapshot:
    """Everything the projector draws, read in one go under the lock."""
    version: int
    state: dict
    students: dict[str, str]  # id -> nickname, in joining order
    picks: pd.DataFrame  # each student's latest pick: student, persona, strategy, at
    predictions: pd.DataFrame  # each student's latest answer per question: student, question, answer, at
    judgments: pd.DataFrame  # each student's latest choice per pair: student, pair, chose, at


@dataclass
class Room:
    code: str
    file: Path | None
    con: duckdb.DuckDBPyConnection
    state: dict = field(default_factory=dict)
    version: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    nicknames: dict[str, str] = field(default_factory=dict)  # id -> nickname (memory mirror of students)
    ended: bool = False
    last_ts: float = 0.0
    # The latest answer per (student[, question or pair]), mirrored in memory by every write: the projector
    # reads the room twice a second, and three window queries took 15 to 50 ms on a busy machine.
    latest: dict[str, dict[tuple, tuple]] = field(default_factory=lambda: {t: {} for t in COLUMNS})
    # Imports the teacher shared for the judging round: key -> (handle, public numbers and scores), and the
    # pairs they make, after lesson.PAIRS. In memory only: the class file holds students' answers, nothing
    # of anyone's export. Sharing lasts the class (a judgment names its pair by index).
    shared: dict[str, tuple[str, dict]] = field(default_factory=dict)
    extra_pairs: list[tuple[str, str]] = field(default_factory=list)

    def _now(self) -> float:
        """A time that only moves forward in this class, so "the latest answer" is never a tie."""
        self.last_ts = max(time.time(), self.last_ts + 1e-6)
        return self.last_ts

    # ------------------------------------------------------------ writes
    def _write(self, table: str, values: list) -> None:
        with self.lock:
            if self.ended:
                raise ClassEnded(self.code)
            row = (*values, self._now())
            self.con.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", list(row))
            self.latest[table][row[:KEYS[table]]] = row
            self.version += 1

    def set_state(self, **values) -> None:
        with self.lock:
            if self.ended:
                raise ClassEnded(self.code)
            for k, v in values.items():
                self.con.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", [k, str(v)])
                self.state[k] = str(v)
            self.version += 1

    def join(self, nickname: str) -> tuple[str, str]:
        """Add a student: (their secret id, the name the class sees). The nickname is cleaned here; an empty
        one becomes an animal name; a taken one gets a number."""
        with self.lock:
            if self.ended:
                raise ClassEnded(self.code)
            if self.state.get("locked") == "1":
                raise PermissionError("The teacher has closed joining for this class.")
            if len(self.nicknames) >= MAX_STUDENTS:
                raise PermissionError(f"This class is full ({MAX_STUDENTS} students).")
            taken = self.nicknames.values()
            clean = names.clean_nickname(nickname)
            shown = names.unique(clean, taken) if clean else names.animal(taken)
            sid = names.new_token()
            self.con.execute("INSERT INTO students VALUES (?, ?, ?)", [sid, shown, self._now()])
            self.nicknames[sid] = shown
            self.version += 1
            return sid, shown

    def share(self, handle: str, numbers: dict, partner: str) -> str:
        """Add an import to the judging round, paired with the persona `partner`. Returns its key."""
        with self.lock:
            if self.ended:
                raise ClassEnded(self.code)
            key = f"shared:{len(self.shared) + 1}"
            self.shared[key] = (handle, dict(numbers))
            self.extra_pairs.append((key, partner))
            self.version += 1
            return key

    def pairs(self) -> list[tuple[str, str]]:
        return [*lesson.PAIRS, *self.extra_pairs]

    def _student(self, sid: str) -> None:
        if sid not in self.nicknames:
            raise KeyError("not a student of this class")

    def pick(self, sid: str, persona: str, strategy: str) -> None:
        self._student(sid)
        self._write("picks", [sid, persona, strategy])

    def predict(self, sid: str, question: str, answer: str) -> None:
        self._student(sid)
        if self.state.get("step") == f"predict:{question}" and self.state.get("revealed") == "1":
            raise PermissionError("The answer has been revealed: answers are closed.")
        self._write("predictions", [sid, question, answer])

    def judge(self, sid: str, pair: int, chose: str) -> None:
        self._student(sid)
        pairs = self.pairs()
        if not 0 <= int(pair) < len(pairs) or chose not in pairs[int(pair)]:
            raise KeyError("not an account of this pair")
        self._write("judgments", [sid, int(pair), chose])

    # ------------------------------------------------------------ reads
    def _latest(self, table: str, sid: str | None = None) -> pd.DataFrame:
        rows = sorted((r for r in self.latest[table].values() if sid is None or r[0] == sid), key=lambda r: r[-1])
        return pd.DataFrame(rows, columns=list(COLUMNS[table]))

    def snapshot(self) -> Snapshot:
        with self.lock:
            if self.ended:
                raise ClassEnded(self.code)
            return Snapshot(self.version, dict(self.state), dict(self.nicknames), *(self._latest(t) for t in COLUMNS))

    def mine(self, sid: str) -> Snapshot:
        """One student's own answers only (what their phone may show): no other student's name or answer."""
        with self.lock:
            if self.ended:
                raise ClassEnded(self.code)
            return Snapshot(self.version, dict(self.state), {sid: self.nicknames.get(sid, "")},
                            *(self._latest(t, sid) for t in COLUMNS))

    def export(self) -> pd.DataFrame:
        """Every answer of the class, oldest first: nickname, what, item, answer, at (UTC, ISO)."""
        with self.lock:
            if self.ended:
                raise ClassEnded(self.code)
            frame = self.con.execute("""
                SELECT s.nickname, 'pick' AS what, p.persona AS item, p.strategy AS answer, p.ts FROM picks p JOIN students s ON s.id = p.student
                UNION ALL SELECT s.nickname, 'prediction', q.question, q.answer, q.ts FROM predictions q JOIN students s ON s.id = q.student
                UNION ALL SELECT s.nickname, 'judgment', CAST(j.pair AS VARCHAR), j.chose, j.ts FROM judgments j JOIN students s ON s.id = j.student
                ORDER BY ts""").df()
        frame["ts"] = pd.to_datetime(frame["ts"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        return frame.rename(columns={"ts": "at"})


class Registry:
    """Every live class of this process, by code."""

    def __init__(self):
        self.rooms: dict[str, Room] = {}
        self.lock = threading.Lock()

    def create(self, folder: Path | None, owner: str, now: float | None = None) -> Room:
        """Start a class owned by `owner` (the teacher's browser id). Expired classes are cleaned first."""
        now = time.time() if now is None else now
        self.clean_stale(folder, now)
        with self.lock:
            taken = set(self.rooms)
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                folder.chmod(0o700)
                taken |= {f.stem for f in folder.glob("*.duckdb")}
            code = names.new_code(taken)
            room = self._open(folder, code)
            self.rooms[code] = room
        room.set_state(step="play", revealed="0", locked="0", owner=owner, started=repr(now))
        return room

    def _open(self, folder: Path | None, code: str) -> Room:
        file = None if folder is None else folder / f"{code}.duckdb"
        con = duckdb.connect(str(file) if file else ":memory:")
        con.execute(_SCHEMA)
        if file is not None:
            file.chmod(0o600)  # the class's answers: readable by the user running cloutlab only
        room = Room(code, file, con)
        room.state = dict(con.execute("SELECT key, value FROM state").fetchall())
        room.nicknames = dict(con.execute("SELECT id, nickname FROM students ORDER BY joined").fetchall())
        for table, cols in COLUMNS.items():
            for row in con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ts").fetchall():
                room.latest[table][tuple(row[:KEYS[table]])] = tuple(row)
                room.last_ts = max(room.last_ts, row[-1])
        return room

    def get(self, folder: Path | None, code: str | None) -> Room | None:
        """The class with this code, or None. A class file left by an earlier run of the server (a restart
        mid-lesson) is opened again, unless it has expired."""
        code = names.parse_code(code)
        if code is None:
            return None
        with self.lock:
            room = self.rooms.get(code)
            if room is None and folder is not None and (folder / f"{code}.duckdb").is_file():
                room = self._open(folder, code)
                if time.time() - float(room.state.get("started", 0)) > MAX_AGE:
                    room.con.close()
                    _delete(room.file)
                    return None
                self.rooms[code] = room
        if room is not None and room.ended:
            return None
        return room

    def owned_by(self, owner: str) -> list[Room]:
        with self.lock:
            return [r for r in self.rooms.values() if r.state.get("owner") == owner and not r.ended]

    def end(self, room: Room) -> None:
        """End the class: close its connection and delete its file (and DuckDB's write-ahead log)."""
        with room.lock:
            room.ended = True
            room.con.close()
        with self.lock:
            self.rooms.pop(room.code, None)
        _delete(room.file)

    def clean_stale(self, folder: Path | None, now: float | None = None) -> list[str]:
        """End every class started more than MAX_AGE ago, in memory and on disk. Returns their codes."""
        now = time.time() if now is None else now
        gone = []
        with self.lock:
            old = [r for r in self.rooms.values() if now - float(r.state.get("started", now)) > MAX_AGE]
        for room in old:
            self.end(room)
            gone.append(room.code)
        if folder is not None and folder.is_dir():
            for f in folder.glob("*.duckdb"):
                if f.stem not in self.rooms and names.parse_code(f.stem) == f.stem and now - f.stat().st_mtime > MAX_AGE:
                    _delete(f)
                    gone.append(f.stem)
        return gone


def _delete(file: Path | None) -> None:
    if file is not None:
        for f in (file, file.with_name(file.name + ".wal")):
            f.unlink(missing_ok=True)


REGISTRY = Registry()  # the process's classes
