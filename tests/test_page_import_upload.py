"""Uploads imported without a second copy (issue 26, item 2): set down in the browser's own folder in chunks and
imported from there (never UploadedFile.getvalue()), removed afterwards; under CLOUTLAB_NO_DISK read in place
from Streamlit's buffer, nothing written; the cap and its reason stated on the page."""

import io
import os
import stat
import sys
from pathlib import Path

import pytest
from streamlit.runtime.uploaded_file_manager import UploadedFile
from streamlit.testing.v1 import AppTest

from cloutlab import store
from cloutlab.importers import import_bytes, import_file
from helpers import dataframe_with

APP = str(Path(__file__).resolve().parents[1] / "app.py")
GOOD = ("x_zip", "mastodon_zip", "mastodon_targz", "bluesky_car", "legacy_js_zip")


@pytest.fixture
def no_getvalue(monkeypatch):
    """UploadedFile.getvalue() called from the app (not from AppTest's own plumbing) fails the test."""
    real = UploadedFile.getvalue

    def refuse(self):
        caller = sys._getframe(1).f_code.co_filename
        if "streamlit" not in caller.split(os.sep)[-4:-1] and "site-packages" not in caller:
            raise AssertionError(f"getvalue() from {caller} copies the whole upload a second time")
        return real(self)

    monkeypatch.setattr(UploadedFile, "getvalue", refuse)


def _upload(at: AppTest, *paths: Path) -> AppTest:
    at.file_uploader(key="uploads").set_value([(p.name, p.read_bytes(), "application/octet-stream") for p in paths]).run()
    at.button(key="import_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _import_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/import.py").run()
    assert not at.exception
    return at


def test_import_file_equals_import_bytes(export_fixtures):
    for key in GOOD:
        p = export_fixtures[key]
        assert import_file(store.connect(), p.name, io.BytesIO(p.read_bytes())) == \
            import_bytes(store.connect(), p.name, p.read_bytes()), key


def test_upload_is_spooled_then_removed_never_copied(export_fixtures, tmp_path, monkeypatch, no_getvalue):
    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    stale = None
    at = _upload(_import_page(), *(export_fixtures[k] for k in GOOD))
    assert not at.error, [e.value for e in at.error]
    assert len(dataframe_with(at, "platform", "followers").value) == len(GOOD)
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".wal")) == ["imports.duckdb"]
    for p in folder.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p
    # A part a killed server left behind (its process is gone) is removed at the next upload.
    stale = folder / "upload-999999999-00ff.part"
    stale.write_bytes(b"PK")
    _upload(at, export_fixtures["x_zip"])
    assert not stale.exists()


def test_wrong_upload_still_one_sentence_and_nothing_left(export_fixtures, tmp_path, monkeypatch, no_getvalue):
    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    at = _upload(_import_page(), export_fixtures["x_zip"], export_fixtures["bad_truncated"], export_fixtures["bad_random_json"])
    errors = [e.value for e in at.error]
    assert len(errors) == 2 and all("\n" not in e for e in errors), errors
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_no_disk_upload_writes_nothing(export_fixtures, tmp_path, monkeypatch, no_getvalue):
    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLOUTLAB_NO_DISK", "1")
    at = _upload(_import_page(), *(export_fixtures[k] for k in GOOD))
    assert not at.error, [e.value for e in at.error]
    assert len(dataframe_with(at, "platform", "followers").value) == len(GOOD)
    assert not (tmp_path / "data").exists()
    assert any("writes nothing to disk" in c.value for c in at.caption)


def test_cap_and_its_reason_on_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUTLAB_DATA_DIR", str(tmp_path))
    at = _import_page()
    said = [c.value for c in at.caption if c.value.startswith("Uploads up to")]
    assert len(said) == 1 and ("GB" in said[0] or "MB" in said[0]) and "set down" in said[0], said
