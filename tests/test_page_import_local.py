"""Import from this computer (issue 26, item 1): a path read in place, offered only when the app listens on this
machine alone; every wrong path one sentence."""

import os
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from cloutlab.errors import CloutlabError
from cloutlab.importers.local_path import check_path, is_loopback, recent_files, recent_folders
from helpers import dataframe_with

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def address():
    """Set streamlit's server.address for one test (AppTest runs in this process), restored afterwards."""
    before = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", before)


def _import_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/import.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _by_path(at: AppTest, path) -> AppTest:
    at.text_input(key="local_path").set_value(str(path)).run()
    at.button(key="import_path_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("value", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "LOCALHOST "])
def test_loopback_addresses(value):
    assert is_loopback(value)


# An empty address makes Streamlit listen on every interface (the repository's config says 127.0.0.1): fail
# closed, since the path box would read this machine's files for anyone who can reach it.
@pytest.mark.parametrize("value", ["", None, "0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_network_addresses(value):
    assert not is_loopback(value)


def test_zip_and_folder_imported_from_their_paths(export_fixtures, address):
    address("127.0.0.1")
    at = _by_path(_import_page(), export_fixtures["x_zip"])
    at = _by_path(at, export_fixtures["mastodon_zip"])
    log = dataframe_with(at, "platform", "followers").value
    assert list(log["platform"]) == ["x", "mastodon"]
    assert not at.error, [e.value for e in at.error]


def test_path_import_equals_upload(export_fixtures, tmp_path):
    from cloutlab import store
    from cloutlab.importers import import_bytes, import_path

    for key in ("x_zip", "x_folder", "mastodon_targz", "bluesky_car"):
        p = export_fixtures[key]
        by_path = import_path(store.connect(), p)
        if p.is_file():
            assert by_path == import_bytes(store.connect(), p.name, p.read_bytes())
        assert by_path["items"] > 0


def test_served_to_a_network_the_path_option_is_absent(address):
    address("0.0.0.0")
    at = _import_page()
    assert not [t for t in at.text_input if t.key == "local_path"]
    assert not [b for b in at.button if b.key == "import_path_button"]
    said = [i.value for i in at.info if "Import from this computer is off" in i.value]
    assert len(said) == 1 and "serving the room" in said[0] and "\n" not in said[0]


def _wrong_paths(tmp_path: Path) -> dict[str, tuple[str, str]]:
    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    wrong = tmp_path / "notes"
    wrong.mkdir()
    (wrong / "shopping.txt").write_text("eggs\n")
    return {
        "missing": (str(tmp_path / "nope.zip"), "There is no file or folder"),
        "device": ("/dev/null", "is a device"),
        "fifo": (str(fifo), "named pipe (FIFO)"),
        "wrong folder": (str(wrong), "holds none of the files"),
        "empty": ("   ", "Type the path"),
    }


def test_wrong_paths_one_sentence_each_on_the_page(export_fixtures, tmp_path, address):
    address("127.0.0.1")
    at = _by_path(_import_page(), export_fixtures["x_zip"])
    for kind, (path, words) in _wrong_paths(tmp_path).items():
        at = _by_path(at, path)
        errors = [e.value.replace("\\", "") for e in at.error]  # drawn escaped (inert text)
        assert len(errors) == 1 and words in errors[0], (kind, errors)
        assert "\n" not in errors[0] and len(errors[0]) < 400, (kind, errors)
        assert len(dataframe_with(at, "platform", "followers").value) == 1  # the X import is still there


def test_wrong_paths_checked_before_opening(tmp_path):
    for kind, (path, words) in _wrong_paths(tmp_path).items():
        if kind == "wrong folder":
            continue  # a folder is accepted by the check; the importer names what it lacks
        with pytest.raises(CloutlabError, match=words.replace("(", r"\(").replace(")", r"\)")):
            check_path(path)


def test_a_folder_far_bigger_than_an_export_is_refused(tmp_path, monkeypatch):
    import cloutlab.importers.local_path as lp

    monkeypatch.setattr(lp, "MAX_FOLDER_FILES", 5)
    for i in range(3):
        (tmp_path / f"d{i}").mkdir()
        for j in range(3):
            (tmp_path / f"d{i}" / f"f{j}").write_text("x")
    with pytest.raises(CloutlabError, match="far more than any export"):
        check_path(tmp_path)


def test_recent_files_from_downloads(tmp_path, export_fixtures, monkeypatch, address):
    address("127.0.0.1")
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    target = home / "Downloads" / "my-archive.zip"
    target.write_bytes(export_fixtures["x_zip"].read_bytes())
    (home / "Downloads" / "photo.jpg").write_bytes(b"\xff\xd8")
    assert recent_files(recent_folders(home=home)) == [target]
    monkeypatch.setenv("HOME", str(home))
    at = _import_page()
    box = at.selectbox(key="local_recent")
    assert list(box.options) == [str(target)]
    box.set_value(str(target)).run()
    at.button(key="import_path_button").click().run()
    assert not at.exception
    assert list(dataframe_with(at, "platform", "followers").value["platform"]) == ["x"]
