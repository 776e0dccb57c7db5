"""The sample exports in data/samples are exactly what the fixture generator writes, and they import."""

from pathlib import Path

import pytest

from cloutlab import store
from cloutlab.importers import import_path

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
SOURCE = {"twitter-2021-03-05-ada.zip": "x_zip", "archive-20220701-grace.zip": "mastodon_zip",
          "repo.car": "bluesky_car", "posts.csv": "csv_bom_crlf"}


@pytest.mark.parametrize("name", sorted(SOURCE))
def test_sample_matches_the_generator_and_imports(name, export_fixtures):
    key = SOURCE[name]
    assert key in export_fixtures, sorted(export_fixtures)
    assert (SAMPLES / name).read_bytes() == export_fixtures[key].read_bytes()
    summary = import_path(store.connect(), SAMPLES / name)
    assert summary["items"] > 0
