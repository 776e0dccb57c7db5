"""The Bluesky CAR read as a stream (issue 26, item 3) gives exactly what the whole read gave: the same rows,
account and warnings, or the same sentence, on the fixtures and on repositories and damage hypothesis draws.
The oracle is the importer as it was (tests/bluesky_whole.py, the file in memory and every block decoded)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import duckdb
import libipld
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import bluesky_whole
import make_fixtures as mf
import make_hostile as mh
from cloutlab.importers import bluesky, progress, spool
from cloutlab.importers.car_check import verify_car
from cloutlab.importers.detect import Input, from_path, from_stream
from cloutlab.importers.archive_guard import DEFAULT_LIMITS

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _rows(posts) -> list[dict]:
    if isinstance(posts, spool.SpooledFile):
        con = duckdb.connect()
        try:
            rows = posts.relation(con).to_arrow_table().to_pylist()
            return [{k: v for k, v in r.items() if k != spool.SEQ} for r in rows]  # (the store reads columns by name)
        finally:
            con.close()
    return posts.to_pylist()


def outcome(parse, inp) -> tuple:
    """What a parse gives, comparable: the Parsed's parts, or the exception's type and sentence."""
    try:
        p = parse(inp)
    except Exception as exc:  # noqa: BLE001 - the comparison is of any outcome, error or not
        return ("error", type(exc).__name__, str(exc))
    return ("ok", p.account, _rows(p.posts), p.label, p.fmt, p.engagement, p.warnings)


def both(data: bytes, label: str = "repo.car") -> tuple[tuple, tuple]:
    old = outcome(bluesky_whole.parse, Input("bluesky", label, "repo", data=data))
    new = outcome(bluesky.parse, Input("bluesky", label, "repo", opener=lambda: io.BytesIO(data)))
    return old, new


def test_the_fixtures_read_the_same(export_fixtures, tmp_path):
    paths = [export_fixtures["bluesky_car"], export_fixtures["bad_car"], SAMPLES / "repo.car", tmp_path / "cycle.car",
             tmp_path / "tampered.car"]
    paths[3].write_bytes(mh.bluesky_cycle())
    paths[4].write_bytes(mh.bluesky_tampered())
    for path in paths:
        data = path.read_bytes()
        old, new = both(data, path.name)
        assert new == old, path
        inp = from_path(path, DEFAULT_LIMITS)  # and from the file itself, as the CLI reads it
        assert inp.data is None and outcome(bluesky.parse, inp) == old
        with open(path, "rb") as fh:  # an upload held as a file object (import_file)
            assert outcome(bluesky.parse, from_stream(path.name, fh, DEFAULT_LIMITS)) == old
            assert not fh.closed  # the caller's to close
    assert both(mf.bluesky_car())[1][0] == "ok"


def test_rows_past_one_batch_are_the_same_from_the_spool_file(monkeypatch):
    monkeypatch.setattr(spool, "BATCH", 3)  # 5 posts and 2 reposts: three batches, on disk from the second
    old, new = both(mf.bluesky_car())
    assert new == old and len(new[2]) == 7


# ---------------------------------------------------------------- drawn repositories and damage
def _section(cid: bytes, block: bytes) -> bytes:
    return mf.varint(len(cid) + len(block)) + cid + block


def build(records: dict[str, dict], extra: list[tuple[bytes, bytes]], header: bytes | None = None) -> bytes:
    """A CAR over `records` (as make_hostile.bluesky_car), then the `extra` (cid, block) sections."""
    blocks, items = [], []
    for key, record in sorted(records.items()):
        block = libipld.encode_dag_cbor(record)
        blocks.append(block)
        items.append((key, mf.cid_of(block)))
    root = mf.mst_node(items, max(mf.mst_depth(k) for k, _ in items), blocks) if items else None
    commit = libipld.encode_dag_cbor({"did": mf.DID, "version": 3, "data": root, "rev": mf.tid(1), "prev": None,
                                      "sig": b"\x00" * 64})
    if header is None:
        header = libipld.encode_dag_cbor({"version": 1, "roots": [mf.cid_of(commit)]})
    out = bytearray(mf.varint(len(header)) + header)
    for block in [commit, *blocks]:
        out += _section(mf.cid_of(block), block)
    for cid, block in extra:
        out += _section(cid, block)
    return bytes(out)


def _cidv0(block: bytes) -> bytes:
    return b"\x12\x20" + hashlib.sha256(block).digest()


def _raw_cid(block: bytes) -> bytes:
    return bytes([0x01, 0x55, 0x12, 0x20]) + hashlib.sha256(block).digest()


TEXT = st.one_of(st.text(max_size=40), st.sampled_from(["hi @me.bsky.social", "@me.bsky.social", "@<b>", ""]))
WHEN = st.one_of(st.sampled_from(["2023-03-28T10:00:00Z", "2024-02-29T23:59:59.999+02:00", "", "yesterday"]),
                 st.integers(-5, 5), st.none())
VALUE = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=5), st.lists(st.integers(0, 3), max_size=2),
                  st.dictionaries(st.sampled_from(["uri", "did", "byteStart"]), st.integers(0, 9), max_size=2))


@st.composite
def facet(draw):
    start = draw(st.integers(0, 20))
    kind = draw(st.sampled_from(["#mention", "#tag", "#link"]))
    feature = {"$type": f"app.bsky.richtext.facet{kind}", "did": draw(st.sampled_from([mf.DID, mf.OTHER])),
               "tag": "t", "uri": "https://e.org"}
    index = draw(st.one_of(st.just({"byteStart": start, "byteEnd": start + draw(st.integers(0, 20))}), VALUE))
    return draw(st.one_of(st.just({"index": index, "features": [feature]}), VALUE))


@st.composite
def record(draw, collection: str):
    rec: dict = {"$type": collection}
    if draw(st.booleans()):
        rec["createdAt"] = draw(WHEN)
    if collection == "app.bsky.feed.post":
        rec["text"] = draw(st.one_of(TEXT, VALUE))
        if draw(st.booleans()):
            rec["facets"] = draw(st.one_of(st.lists(facet(), max_size=3), VALUE))
        if draw(st.booleans()):
            uri = draw(st.sampled_from([f"at://{mf.DID}/app.bsky.feed.post/3k", f"at://{mf.OTHER}/app.bsky.feed.post/3k", "x"]))
            rec["reply"] = draw(st.one_of(st.just({"parent": {"uri": uri}}), VALUE))
        if draw(st.booleans()):
            rec["embed"] = draw(st.one_of(st.just({"$type": "app.bsky.embed.record"}), VALUE))
        if draw(st.booleans()):
            rec["langs"] = draw(st.one_of(st.just(["en"]), VALUE))
    elif collection == "app.bsky.actor.profile":
        rec["displayName"] = draw(st.one_of(st.none(), st.text(max_size=8)))
        if draw(st.booleans()):
            rec["handle"] = draw(st.sampled_from(["@me.bsky.social", "me.example", "<x>", ""]))
    return rec


COLLECTIONS = ["app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.feed.like", "app.bsky.graph.follow",
               "app.bsky.actor.profile", "app.bsky.feed.threadgate"]


@st.composite
def repository(draw):
    records = {}
    for _ in range(draw(st.integers(0, 12))):
        collection = draw(st.sampled_from(COLLECTIONS))
        rkey = draw(st.one_of(st.just(mf.tid(draw(st.integers(1, 2**50)))), st.sampled_from(["self", "abc", "x" * 13])))
        records[f"{collection}/{rkey}"] = draw(record(collection))
    return records


def _damage(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["none", "none", "flip", "cut", "junk"]))
    if kind == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1:]
    if kind == "cut":
        return data[: draw(st.integers(1, max(1, len(data) - 1)))]
    if kind == "junk":
        return data + draw(st.binary(min_size=1, max_size=12))
    return data


@st.composite
def car(draw):
    records = draw(repository())
    extra: list[tuple[bytes, bytes]] = []
    good = libipld.encode_dag_cbor({"$type": "app.bsky.feed.post", "text": "stray", "createdAt": "2020-01-01T00:00:00Z"})
    for kind in draw(st.lists(st.sampled_from(["stray", "dup", "not cbor", "trailing", "cidv0", "raw codec", "deep",
                                               "empty", "two values"]), max_size=2)):
        block = {"stray": good, "dup": good, "not cbor": b"\xff\xfe\x00", "trailing": good + b"\x00",
                 "deep": b"\x81" * 3000 + b"\x80", "empty": b"", "two values": good + good}.get(kind, good)
        cid = _cidv0(block) if kind == "cidv0" else _raw_cid(block) if kind == "raw codec" else mf.cid_of(block)
        extra.append((cid, block))
    header = draw(st.sampled_from([None, None, None, "no roots", "version 2", "header trailing", "not a map",
                                   "root not a cid", "root a list"]))
    header_bytes = None
    if header is not None:
        value = {"no roots": {"version": 1, "roots": []}, "version 2": {"version": 2, "roots": [b"x"]},
                 "not a map": [1], "root not a cid": {"version": 1, "roots": ["bafy"]},
                 "root a list": {"version": 1, "roots": [[1]]}}.get(header, {"version": 1, "roots": [b"x"]})
        header_bytes = libipld.encode_dag_cbor(value) + (b"\x00" if header == "header trailing" else b"")
    return _damage(draw, build(records, extra, header_bytes))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=car())
def test_drawn_repositories_and_damage_read_the_same(data):
    old, new = both(data)
    assert new == old


def test_a_bad_record_is_said_after_a_damaged_tree_further_on():
    """The whole read listed every record before building rows: a malformed key anywhere in the tree is named
    first, even after a post whose date is unreadable."""
    bad = libipld.encode_dag_cbor({"$type": "app.bsky.feed.post", "text": "no date"})
    node = libipld.encode_dag_cbor({"l": None, "e": [{"p": 0, "k": b"app.bsky.feed.post/abc", "v": mf.cid_of(bad), "t": None},
                                                     {"p": 99, "k": b"x", "v": mf.cid_of(bad), "t": None}]})
    commit = libipld.encode_dag_cbor({"did": mf.DID, "version": 3, "data": mf.cid_of(node), "rev": mf.tid(1), "prev": None,
                                      "sig": b"\x00" * 64})
    data = mh.car([commit, node, bad], mf.cid_of(commit))
    old, new = both(data)
    assert new == old and "malformed" in new[2]
    node = libipld.encode_dag_cbor({"l": None, "e": [{"p": 0, "k": b"app.bsky.feed.post/abc", "v": mf.cid_of(bad), "t": None}]})
    commit = libipld.encode_dag_cbor({"did": mf.DID, "version": 3, "data": mf.cid_of(node), "rev": mf.tid(1), "prev": None,
                                      "sig": b"\x00" * 64})
    old, new = both(mh.car([commit, node, bad], mf.cid_of(commit)))
    assert new == old and "no readable date" in new[2]


def test_likes_are_never_decoded_and_progress_counts_the_file(monkeypatch):
    """Only the tree's nodes and the records parse reads are decoded from the file after the checking pass."""
    data = mf.bluesky_car()
    decoded = []
    real = bluesky.libipld.decode_dag_cbor

    class Spy:
        def __getattr__(self, name):
            return getattr(bluesky_whole.libipld, name)

        @staticmethod
        def decode_dag_cbor(block):
            value = real(block)
            decoded.append(value)
            return value

    monkeypatch.setattr(bluesky, "libipld", Spy())
    p = progress.Progress()
    with progress.tracking(p):
        parsed = bluesky.parse(Input("bluesky", "repo.car", "repo", opener=lambda: io.BytesIO(data)))
    assert parsed.posts.num_rows == 7 and parsed.account["following"] == 4
    assert p.snapshot()["total"] == len(data) and p.snapshot()["done"] == len(data)
    blocks = verify_car(data, "repo.car")  # every block (commit, records, nodes, a duplicate, a stray one), checked
    later = decoded[blocks + 1:]  # after the header: what the walk read
    assert not any(isinstance(v, dict) and v.get("$type") == "app.bsky.feed.like" for v in later)
    assert sum(isinstance(v, dict) and v.get("$type") == "app.bsky.feed.post" for v in later) == 5


@pytest.mark.parametrize("name", ["verify_car", "scan"])
def test_the_checker_reads_a_stream_as_the_whole_bytes(name):
    """car_check.scan (the stream) refuses what verify_car refused, in the same words, at the same block."""
    from cloutlab.importers import car_check

    data = mf.bluesky_car()
    for cut in range(0, len(data), 7):
        for damaged in (data[:cut], data[:cut] + b"\x12", data[:cut] + bytes([data[cut] ^ 1]) + data[cut + 1:]):
            try:
                expected = bluesky_whole.verify_car(damaged, "r.car")
            except Exception as exc:  # noqa: BLE001 - compared below, whatever it is
                expected = str(exc)
            try:
                if name == "verify_car":
                    got = car_check.verify_car(damaged, "r.car")
                else:
                    got = sum(1 for _ in car_check.scan(io.BytesIO(damaged), len(damaged), "r.car"))
            except Exception as exc:  # noqa: BLE001 - compared below, whatever it is
                got = str(exc)
            assert got == expected, cut
