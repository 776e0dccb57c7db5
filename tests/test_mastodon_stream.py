"""The Mastodon outbox is streamed item by item (issue 26, item 4): never read whole, same result; anything the
streaming parser will not take is read whole as before (same result or same sentence)."""

import io
import zipfile

import pytest

from cloutlab import store
from cloutlab.importers import import_bytes, import_path
from cloutlab.importers.containers import Container


def test_outbox_never_read_whole(export_fixtures, monkeypatch):
    keys = ("mastodon_zip", "mastodon_targz")
    expected = {k: import_path(store.connect(), export_fixtures[k]) for k in keys}
    real = Container.read_bytes

    def whole(self, name):
        assert not name.endswith("outbox.json"), "the outbox was read in one piece"
        return real(self, name)

    monkeypatch.setattr(Container, "read_bytes", whole)
    for key in keys:
        assert import_path(store.connect(), export_fixtures[key]) == expected[key], key


def _rezip(path, change) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, change(data) if name.endswith("outbox.json") else data)
    return buf.getvalue()


@pytest.mark.parametrize("change", [lambda d: b"\\xef\\xbb\\xbf".decode("unicode_escape").encode("latin-1") + d,
                                    lambda d: d.replace(b'"orderedItems"', b'"orderedItems" ', 1)])
def test_odd_but_valid_outboxes_import_the_same(export_fixtures, change):
    path = export_fixtures["mastodon_zip"]
    expected = import_path(store.connect(), path)
    assert import_bytes(store.connect(), path.name, _rezip(path, change)) == expected


def test_a_damaged_outbox_keeps_its_sentence(export_fixtures):
    from cloutlab.errors import CloutlabError

    path = export_fixtures["mastodon_zip"]
    with pytest.raises(CloutlabError, match="not valid JSON at line"):
        import_bytes(store.connect(), path.name, _rezip(path, lambda d: d[: len(d) // 2]))
    with pytest.raises(CloutlabError, match="not an ActivityPub outbox"):
        import_bytes(store.connect(), path.name, _rezip(path, lambda d: b'{"orderedItems": 5}'))


def test_a_deeply_nested_outbox_is_one_sentence_within_a_memory_cap(tmp_path):
    """ijson keeps a prefix per open level, each as long as its depth: an outbox nested 100,000 deep took over
    20 GB and the kernel killed the process (a test worker, in CI). Now refused in one sentence under 2 GB."""
    import subprocess
    import sys

    import make_hostile as mh

    path = mh.mastodon_zip(tmp_path, outbox=mh.deep_json(), name="deep-outbox.zip")
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
            "from cloutlab.cli import main; sys.exit(main(['import', sys.argv[1]]))")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr[-500:]
    assert "nests its data far deeper" in run.stderr and run.stderr.count("\n") == 1, run.stderr[-500:]
