"""`import --max-inflate-gb N` (issue 23): a genuine export bigger than the default inflate ceiling can be
imported from the command line, and the refusal names the option."""

import make_fixtures as mf
import make_hostile as mh
from helpers import run_cli

from cloutlab.importers import archive_guard


def _archive(tmp_path):
    # About 1.3 MB inflated: over a 0.001 GB (1.07 MB) ceiling, far under the default one.
    tweets = [mf.x_tweet(n, "word " * 100, "Mon Jan 03 09:00:00 +0000 2022") for n in range(1, 2200)]
    return mh.x_zip(tmp_path, "big.zip", mh.x_files(tweets))


def test_the_refusal_names_the_option_and_the_option_raises_the_limit(tmp_path):
    path = _archive(tmp_path)
    refused = run_cli("import", str(path), "--max-inflate-gb", "0.001")
    assert refused.returncode == 2 and refused.stdout == ""
    line = refused.stderr.strip()
    assert "\n" not in line and line.startswith("cloutlab: error:") and "--max-inflate-gb 1" in line, line
    assert run_cli("import", str(path), "--max-inflate-gb", "0.01", "--json").returncode == 0
    assert run_cli("import", str(path)).returncode == 0  # the default ceiling (8 GB) holds it


def test_the_default_refusal_says_what_value_would_do():
    text = archive_guard.too_big("x.zip", int(8.5 * (1 << 30)), archive_guard.DEFAULT_LIMITS)
    assert "over cloutlab's limit of 8.0 GB" in text and text.endswith("(command line: import --max-inflate-gb 9).")


def test_a_size_that_is_not_one_is_a_one_line_error(tmp_path):
    for bad in ("abc", "0", "-3", "nan", "5000"):
        r = run_cli("import", str(tmp_path / "x.zip"), "--max-inflate-gb", bad)
        assert r.returncode == 2 and r.stderr.strip().startswith("cloutlab: error:") and "\n" not in r.stderr.strip(), (bad, r.stderr)
