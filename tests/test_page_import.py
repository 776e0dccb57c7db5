from pathlib import Path

from streamlit.testing.v1 import AppTest

from helpers import dataframe_with, metric

APP = str(Path(__file__).resolve().parents[1] / "app.py")


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


def test_empty_state_points_to_the_demo():
    at = _import_page()
    assert any("Nothing imported yet" in i.value for i in at.info), [i.value for i in at.info]


def test_x_and_mastodon_together(export_fixtures):
    at = _upload(_import_page(), export_fixtures["x_zip"], export_fixtures["mastodon_zip"])
    log = dataframe_with(at, "platform", "followers").value
    assert list(log["platform"]) == ["x", "mastodon"]
    assert log.loc[1, "followers"] == "not in this export"
    assert any("direct message" in w.value for w in at.warning)
    assert at.session_state["dataset"] == "import:mastodon:" + log.loc[1, "account"]
    at.run()  # the sidebar now offers both accounts and the combined dataset
    assert not at.exception


def test_bad_files_get_one_sentence_and_keep_what_was_loaded(export_fixtures):
    at = _upload(_import_page(), export_fixtures["x_zip"])
    bad = sorted(k for k, p in export_fixtures.items() if k.startswith("bad_") and p.is_file())
    assert len(bad) >= 10, sorted(export_fixtures)
    _upload(at, *(export_fixtures[k] for k in bad))
    errors = [e.value for e in at.error]
    assert len(errors) == len(bad)
    assert all("\n" not in e and len(e) < 400 for e in errors)
    assert len(dataframe_with(at, "platform", "followers").value) == 1  # the X import is still there


def test_imported_account_scores(export_fixtures):
    at = _upload(_import_page(), export_fixtures["x_zip"])
    at.switch_page("pages/scores.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert 1 <= float(metric(at, "Opaque score").value) <= 100
