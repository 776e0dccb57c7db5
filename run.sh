#!/usr/bin/env bash
# One entry point for a fresh machine:  bash run.sh app  |  bash run.sh room  |  bash run.sh test  |  bash run.sh bench
# Creates .venv on first use and installs exactly the pinned requirements.
set -euo pipefail
cd "$(dirname "$0")"

venv() {
  local reqs=$1
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  # Skip the pip run when the requirements have not changed since the last install.
  local stamp=".venv/.installed-$(cat "$reqs" requirements.txt pyproject.toml | sha1sum | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    .venv/bin/pip install -q --disable-pip-version-check -r "$reqs" 2>&1 | grep -v "is ignored" || true
    .venv/bin/python -c "import cloutlab, streamlit, duckdb" # fail loudly if the install did not take
    touch "$stamp"
  fi
}

chromium_present() { command -v chromium >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ]; }

case "${1:-app}" in
  app)
    venv requirements.txt
    shift || true
    # `streamlit run app.py "$@"`, with the default demo data built while the server starts (issue 23).
    exec .venv/bin/python -m cloutlab.ui.warm "$@"
    ;;
  room)
    # A workshop on every core (issue 23): one Streamlit process per core behind Debian's nginx, each browser
    # pinned to its process by a cookie. Options: --workers N --address 0.0.0.0 --port 8501 (README).
    venv requirements.txt
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx >/dev/null
    fi
    shift || true
    exec .venv/bin/python -m cloutlab.room "$@"
    ;;
  test)
    venv requirements-dev.txt
    if ! chromium_present; then
      # The browser tests drive Debian's chromium (Playwright cannot download its own browser here).
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    fi
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
      # The room tests (tests/test_room.py) run `run.sh room`'s reverse proxy: Debian's nginx, on 127.0.0.1.
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx >/dev/null
    fi
    if ! command -v java >/dev/null 2>&1; then
      # The Spark cohort tests run PySpark, whose JVM is Debian's Java 17 (nothing downloaded at run time).
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    fi
    shift || true
    # One worker per core (pytest-xdist). loadscope keeps each test file on one worker, so a file's module
    # fixtures (a Spark session, a Parquet export) are built once; each worker's browser tests get their
    # own streamlit server on a free port. Files are handed out in tests/conftest.py's order, longest
    # first (--no-loadscope-reorder: xdist would put the files of one long test last). Anything after
    # `test` is passed on: -m "not browser and not spark and not scale" is the fast tier, -n 0 runs in one process.
    exec .venv/bin/python -m pytest -q -n auto --dist loadscope --no-loadscope-reorder "$@"
    ;;
  bench)
    venv requirements-dev.txt
    shift || true
    for b in bench/*_bench.py; do .venv/bin/python "$b" "$@"; done
    ;;
  *)
    echo "usage: bash run.sh app|room|test|bench" >&2; exit 2 ;;
esac
