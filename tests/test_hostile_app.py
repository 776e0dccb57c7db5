"""Hostile input, round two, the app's half (issue 24): links drawn as text, the private data folder, a
damaged or odd session store, empty accounts, and no disk when asked for none.

Each test names the case of the issue it keeps; each failed on the code before the fix (see the commit).
The URL fuzzer is in test_url_fuzz.py; the real-browser test in e2e/test_browser_links.py.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from app_output import assert_inert, drawn

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGES = ("pages/home.py", "pages/import.py", "pages/scores.py", "pages/whatif.py", "pages/stories.py",
         "pages/gaming.py", "pages/methodology.py")
MARK, HOST = "zqx", "127.0.0.2"  # the hostile host: another address, so a leak would be visible and harmless
HOSTILE = (f"![{MARK}](http://{HOST}/x.png) [{MARK}](http://{HOST}/l) <img src=http://{HOST}/i.png>{MARK} "
           f"**{MARK}** http://{HOST}/auto <a href='http://{HOST}/a'>{MARK}</a> :red[{MARK}] ${MARK}$")
CSV = (b"timestamp,text,likes,reposts,replies\n" + b"".join(
    f"2024-03-{d:02d}T10:00:00Z,post {d} =1+1,{d},1,0\n".encode() for d in range(1, 29)))


@pytest.fixture(autouse=True)
def _umask():
    before = os.umask(0o022)  # the app sets 077 for itself; tests start from the usual 022 and get it back
    os.umask(before)
    yield
    os.umask(before)


def start(query: dict | None = None, browser: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if browser:
        at.session_state["_browser_id"] = browser  # a reload of that browser (its cookie)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    visit(at, "pages/import.py")
    at.file_uploader(key="uploads").set_value([(name, data, "application/octet-stream")]).run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """What an escaped markdown sentence reads as."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def every_string(at: AppTest) -> str:
    return "\n".join(t for _, _, t in drawn(at))


# ---------------------------------------------------------------- 1. every input drawn as text
def test_unknown_persona_note_draws_the_link_as_text():
    """Why: /?persona=![p](http://host/x.png) drew the unknown-persona note as markdown, a live image and link."""
    at = start({"persona": f"![p](http://{HOST}/x.png)"})
    note = " ".join(w.value for w in at.warning)
    assert "does not exist" in note and "http://" not in note and "](" not in note
    assert_inert(at, MARK, HOST, "home")
    for page in PAGES[1:]:
        assert_inert(visit(at, page), MARK, HOST, page)


def test_every_parameter_of_every_page_is_text():
    """Markdown, HTML, an image, a link and Streamlit's own :red[] in the dataset, persona, scenario, class
    and presenter parameters at once, on every page."""
    from cloutlab.whatif.scenario import FIELDS

    query = {name: HOSTILE for name in ("persona", "dataset", "class", "present", *FIELDS)}
    for page in PAGES:
        at = start(query)
        assert_inert(visit(at, page), MARK, HOST, page)
    query["dataset"] = f"import:x:{HOSTILE}"  # a link to an import this browser lacks names it
    assert_inert(start(query), MARK, HOST, "dataset import")


def test_whatif_relink_before_the_data_is_refused_in_a_sentence():
    """Why: /whatif?relink_at=2000-01-01 crashed the What-if lab (the CLI refuses the same value cleanly)."""
    for query in ({"relink_at": "2000-01-01"}, {"unlink": "x", "relink_at": "2000-01-01"},
                  {"unlink": "x", "unlink_at": "2026-10-01", "relink_at": "2026-09-01"}):
        at = visit(start(query), "pages/whatif.py")
        said = " ".join(w.value for w in at.warning)
        assert "relink" in said and "does not fit" in said, query
        assert at.metric, query  # the lab is drawn, on no change


def test_market_round_and_lesson_draw_imported_names_as_text():
    """Why: the market round's 'left out' line and its lesson put student names (an import's account name)
    into markdown as they are."""
    name = f"<img src=http://{HOST}/n.png>{MARK}"
    body = b"timestamp,account,text,likes\n" + b"".join(
        f'2024-03-{d:02d}T10:00:00Z,"{name}",hi,{d}\n'.encode() for d in range(1, 4))
    at = upload(start(), "short.csv", body)
    visit(at, "pages/gaming.py")
    ids = [o for o in at.multiselect(key="gl_students").options]
    imported = next(i for i in at.multiselect(key="gl_students").options if MARK in i)
    at.multiselect(key="gl_students").set_value([imported, *[i for i in ids if i.startswith("Demo")][:2]]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Left out of the market round" in c.value for c in at.caption)
    assert_inert(at, MARK, HOST, "gaming")


def test_hostile_account_name_and_post_text_are_text_on_every_page():
    """An import whose account name, post text and hashtags are markdown, HTML and links to another host:
    every page, and every string it sends (labels, notes, charts, tables' neighbours), draws them as text."""
    quoted = HOSTILE.replace('"', '""')
    body = b"timestamp,account,text,likes,reposts,replies\n" + b"".join(
        f'2024-03-{d:02d}T10:00:00Z,"{quoted}","{quoted} #{MARK}tag",{d},1,0\n'.encode() for d in range(1, 29))
    at = upload(start(), "<b>zqx</b>.csv", body)
    assert at.session_state["dataset"] == f"import:csv:{HOSTILE}"  # every page below shows this account
    assert_inert(at, MARK, HOST, "import")
    for page in PAGES:
        assert_inert(visit(at, page), MARK, HOST, page)


# ---------------------------------------------------------------- 2. CSV: the toolbar's off, ours neutralised
def test_table_toolbar_csv_is_off_and_the_ledger_csv_is_neutralised():
    """Why: the tables' own 'Download as CSV' wrote post text such as =1+1 raw (formula injection)."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True
    at = visit(upload(start(), "f.csv", CSV), "pages/scores.py")
    assert any(b.proto.label == "Download the ledger (CSV)" for b in at.get("download_button"))
    from cloutlab.present.text import csv_safe

    statement = next(d.value for d in at.dataframe if "=1+1" in d.value.to_csv())  # the ledger the page offers
    raw, text = statement.to_csv(index=False), csv_safe(statement).to_csv(index=False)
    assert "=1+1" in raw and "'post" not in text
    assert all(not cell.startswith(("=", "+", "-", "@")) for line in text.splitlines() for cell in line.split(","))
    assert "csv_safe(statement)" in (ROOT / "pages" / "scores.py").read_text()


# ---------------------------------------------------------------- 3./4. the private data folder
def test_browser_id_is_never_drawn_and_never_names_a_file(tmp_path, monkeypatch):
    """Why: the Import page printed the browser's secret id (the key to its imports, set as a cookie)."""
    from cloutlab.ui import persist

    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    at = upload(start(), "f.csv", CSV)
    bid = at.session_state["_browser_id"]
    for page in PAGES:
        visit(at, page)
        shown = [t for k, _, t in drawn(at) if bid in t and not (k == "html" and "document.cookie" in t)]
        assert not shown, (page, shown)
    again = visit(start(browser=bid), "pages/import.py")  # after a reload: the kept section
    assert str(persist.path(bid)) in every_string(again) and bid not in every_string(again).replace(
        f"cloutlab_browser={bid}", "")
    assert all(bid not in str(p) for p in tmp_path.rglob("*"))


def test_store_files_are_owner_only_whatever_the_umask_in_a_shared_folder(tmp_path, monkeypatch):
    """Why: with CLOUTLAB_DATA_DIR on a shared folder the write-ahead file was 0644 and another user read
    post text while the app ran."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(shared))
    os.umask(0o022)
    at = upload(start(), "f.csv", CSV)
    upload(at, "g.csv", CSV.replace(b"post", b"more"))
    made = list(shared.rglob("*"))
    assert any(p.name.endswith(".duckdb.wal") for p in made), made  # the write-ahead log, while the app runs
    for p in made:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode & 0o077 == 0, (p, oct(mode))


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all\x00" * 100)


def _foreign(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.close()


def _truncated(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE posts (x INTEGER)")
    con.close()
    path.write_bytes(path.read_bytes()[:5000])


@pytest.mark.parametrize("spoil", [_garbage, _foreign, _truncated], ids=["garbage", "foreign", "truncated"])
def test_damaged_or_foreign_session_database_leaves_every_page_working(tmp_path, monkeypatch, spoil):
    """Why: a damaged or foreign .duckdb at a browser's path broke every page with the generic error box,
    so the 'Delete my imports' button could not be reached."""
    from cloutlab.ui import persist

    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    bid = "ab" * 16
    file = persist.path(bid)
    file.parent.mkdir(mode=0o700)
    spoil(file)
    at = start(browser=bid)
    for page in PAGES:
        visit(at, page)
        assert any("could not be opened" in w.value for w in at.warning), page
    visit(at, "pages/import.py")
    refused = upload(at, "f.csv", CSV)
    assert any("could not be opened" in e.value for e in refused.error)
    at.button(key="forget_imports").click().run()
    assert not at.exception and not file.exists()
    assert not any("could not be opened" in w.value for w in at.warning)
    upload(at, "f.csv", CSV)
    assert at.session_state["dataset"] == "import:csv:f"


def test_imports_kept_under_the_id_before_move_into_the_hashed_folder(tmp_path, monkeypatch):
    """A browser's file from before this change (`<id>.duckdb`, the id as its name) is still this browser's:
    it moves into the folder named by the hash, and no file is named by the id any more."""
    from cloutlab import store
    from cloutlab.importers import import_bytes
    from cloutlab.ui import persist

    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    bid = "0f" * 16
    con = store.connect(str(tmp_path / f"{bid}.duckdb"))
    import_bytes(con, "old.csv", CSV)
    con.close()
    at = visit(start(browser=bid), "pages/import.py")
    assert "Kept for this browser" in [h.value for h in at.subheader]
    assert persist.path(bid).exists() and all(bid not in str(p) for p in tmp_path.rglob("*"))
    at.button(key="forget_imports").click().run()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["file", "/dev/null"])
def test_data_dir_that_is_a_file_gets_a_sentence_and_imports_stay_in_the_tab(tmp_path, monkeypatch, where):
    """Why: CLOUTLAB_DATA_DIR set to a file or /dev/null gave the generic error box on import."""
    target = tmp_path / "a-file" if where == "file" else Path(where)
    if where == "file":
        target.write_text("x")
    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(target))
    at = upload(start(), "f.csv", CSV)
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["dataset"] == "import:csv:f"
    assert any("is a file, not a folder" in w.value for w in at.warning)
    for page in PAGES:
        visit(at, page)


def test_read_only_kept_imports_are_read_not_called_damaged(tmp_path, monkeypatch):
    """Why: a read-only database or data folder was called 'damaged or not a DuckDB database'. (We run as
    root, which may write anything: DuckDB's refusal of a read-only file is played by a stand-in.)"""
    from cloutlab import store
    from cloutlab.errors import CloutlabError
    from cloutlab.ui import persist

    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    bid = "cd" * 16
    at = upload(start(browser=bid), "f.csv", CSV)
    at.session_state["session_con"].close()
    persist._OPEN.pop(str(persist.path(bid))).close()
    real_connect, real_access = store.connect, os.access

    def connect(path=None):
        if path:
            raise CloutlabError(f"Could not open the database {path}: it is damaged or not a DuckDB database "
                                "(IO Error: Cannot open file: Permission denied)")
        return real_connect(path)

    monkeypatch.setattr(persist.store, "connect", connect)
    monkeypatch.setattr(persist.os, "access", lambda p, mode: mode == os.R_OK and real_access(p, mode))
    again = visit(start(browser=bid), "pages/import.py")
    assert not any("damaged" in w.value for w in again.warning)
    assert "Kept for this browser" in [h.value for h in again.subheader]
    upload(again, "g.csv", CSV)
    assert any("read-only" in plain(e.value) for e in again.error), [e.value for e in again.error]
    persist._OPEN.pop(str(persist.path(bid))).close()


# ---------------------------------------------------------------- an empty account
def test_account_whose_posts_were_all_left_out_never_crashes_a_page(tmp_path, monkeypatch):
    """Why: an export whose posts are all dropped stored an empty account; Import, Home, Scores and What-if
    then crashed. The store now refuses it in a sentence (store._check_not_empty); an empty account that an
    older cloutlab kept is still never offered and never crashes a page."""
    import duckdb

    from cloutlab.ui import persist

    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    old = b"timestamp,text,likes,reposts,replies\n1970-01-02T10:00:00Z,hi,1,1,1\n"
    at = upload(start(), "old.csv", old)
    assert any("Nothing was imported: every post of csv account old was left out" in plain(e.value) for e in at.error), \
        [e.value for e in at.error]
    assert at.session_state["dataset"] == "demo:novelist"
    for page in PAGES:
        visit(at, page)
    bid = at.session_state["_browser_id"]
    upload(at, "f.csv", CSV)  # a real account, then the empty one an older version would have kept beside it
    at.session_state["session_con"].close()
    persist._OPEN.pop(str(persist.path(bid))).close()
    con = duckdb.connect(str(persist.path(bid)))
    con.execute("INSERT INTO accounts VALUES ('csv', 'old', NULL, NULL, NULL, NULL, NULL)")
    con.close()
    again = visit(start(browser=bid), "pages/import.py")  # after a reload: the kept list says so
    kept = next(d.value for d in again.dataframe if "period" in d.value)
    assert "no posts kept" in kept["period"].tolist()
    for page in PAGES:  # and the real account beside it still works everywhere
        visit(again, page)
    persist._OPEN.pop(str(persist.path(bid))).close()


# ---------------------------------------------------------------- 5. no disk means no disk
_WATCH = r'''
import ctypes, json, os, struct, sys
sys.path.insert(0, sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
watched = sys.argv[2:]
fd = libc.inotify_init1(os.O_NONBLOCK)
IN_CREATE, IN_MOVED_TO, IN_MODIFY, IN_ONLYDIR = 0x100, 0x80, 0x2, 0
wds = {libc.inotify_add_watch(fd, p.encode(), IN_CREATE | IN_MOVED_TO | IN_MODIFY): p for p in watched}
assert all(w >= 0 for w in wds), "inotify"
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1] + "/../app.py", default_timeout=300).run()
at.switch_page("pages/import.py").run()
files = [(os.path.basename(f), open(f, "rb").read(), "application/octet-stream") for f in os.environ["ARCHIVES"].split(os.pathsep)]
at.file_uploader(key="uploads").set_value(files).run()
before = {p: sorted(os.listdir(p)) for p in watched}
try:
    while os.read(fd, 1 << 16): pass  # what loading the app did is not the import's
except BlockingIOError:
    pass
at.button(key="import_button").click().run()
events = []
try:
    while True:
        buf = os.read(fd, 1 << 16)
        i = 0
        while i < len(buf):
            wd, mask, cookie, n = struct.unpack_from("iIII", buf, i)
            name = buf[i + 16:i + 16 + n].rstrip(b"\0").decode()
            events.append([wds.get(wd), name, mask])
            i += 16 + n
except BlockingIOError:
    pass
print(json.dumps({"events": events, "errors": [e.value for e in at.error], "exc": [e.value for e in at.exception],
                  "items": [s.get("items") for s in at.session_state["import_log"]],
                  "after": {p: sorted(os.listdir(p)) for p in watched}, "before": before}))
'''


def test_no_disk_import_creates_no_file_anywhere(tmp_path, export_fixtures):
    """Why: under CLOUTLAB_NO_DISK=1, importing 100,000 tweets put 91 MB of plain JSON in $TMPDIR. inotify
    watches the temporary folder, the data folder, the home folder and the working folder while the app
    imports an X archive (whose tweets were staged to files), a Mastodon tar.gz and a Bluesky .car: no file is
    created, not even for a moment."""
    import json

    import make_fixtures as mf
    import make_hostile as mh

    archive = mh.x_zip(tmp_path, "big.zip", mh.x_files([mf.x_tweet(n, f"tweet {n} " + "x" * 200,
                                                                   "Mon Jan 03 09:00:00 +0000 2022", likes="3")
                                                        for n in range(1, 20_001)]))
    dirs = {name: tmp_path / name for name in ("tmp", "data", "home", "cwd")}
    for d in dirs.values():
        d.mkdir()
    env = {**os.environ, "CLOUTLAB_NO_DISK": "1", "TMPDIR": str(dirs["tmp"]), "HOME": str(dirs["home"]),
           "CLOUTLAB_DATA_DIR": str(dirs["data"]),
           "ARCHIVES": os.pathsep.join(map(str, (archive, export_fixtures["mastodon_targz"], export_fixtures["bluesky_car"]))),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])}
    proc = subprocess.run([sys.executable, "-c", _WATCH, str(ROOT / "src"), *map(str, dirs.values())],
                          cwd=dirs["cwd"], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not got["exc"] and not got["errors"], got
    assert got["items"][0] == 20_000 and len(got["items"]) == 3 and all(got["items"]), got["items"]
    assert got["events"] == [], got["events"][:10]
    assert got["after"] == got["before"]
