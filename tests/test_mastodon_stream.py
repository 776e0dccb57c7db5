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
