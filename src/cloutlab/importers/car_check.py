"""Check every block of a Bluesky CAR against its CID before anything is decoded (tampered text refused).

A CAR v1 is a varint-prefixed DAG-CBOR header, then sections `varint(len) CID block`. A CID names its
block by hash: CIDv1 is varint version, varint codec, then a multihash (varint code, varint length, digest);
a CIDv0 is a bare sha2-256 multihash (0x12 0x20 + 32 bytes). Sha2-256 (code 0x12) is what atproto uses;
a block named by a hash this module does not know is refused too, rather than trusted unchecked.

Helper (stable name): verify_car(data, label) -> number of blocks checked.
"""

from __future__ import annotations

import hashlib

from cloutlab.errors import CloutlabError

SHA256 = 0x12
MAX_BLOCKS = 5_000_000  # far more than any personal repository (records + tree nodes)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def verify_car(data: bytes, label: str) -> int:
    """Raise a CloutlabError naming the first block whose bytes do not hash to its CID."""
    def damaged(why: str) -> CloutlabError:
        return CloutlabError(f"{label} is not a readable Bluesky repository ({why}); export it again from Settings.")

    try:
        size, pos = _varint(data, 0)
        pos += size
        count = 0
        while pos < len(data):
            size, start = _varint(data, pos)
            end = start + size
            if size == 0 or end > len(data):
                raise damaged("a block runs past the end of the file")
            if data[start] == 0x12 and data[start + 1] == 0x20:  # CIDv0
                code, length, digest_at = SHA256, 32, start + 2
            else:
                version, p = _varint(data, start)
                if version != 1:
                    raise damaged(f"a block has a CID of version {version}")
                _codec, p = _varint(data, p)
                code, p = _varint(data, p)
                length, digest_at = _varint(data, p)
            block_at = digest_at + length
            if block_at > end:
                raise damaged("a block's CID runs past the block")
            if code != SHA256 or length != 32:
                raise CloutlabError(f"{label} names a block by a hash cloutlab cannot check (multihash 0x{code:x}); "
                                    "export the repository again from Settings.")
            if hashlib.sha256(data[block_at:end]).digest() != data[digest_at:block_at]:
                raise CloutlabError(
                    f"{label} has a block whose content does not match its CID (block {count + 1:,}): the file was "
                    "altered after Bluesky wrote it; cloutlab refuses it. Export the repository again from Settings."
                )
            count += 1
            if count > MAX_BLOCKS:
                raise damaged(f"more than {MAX_BLOCKS:,} blocks")
            pos = end
    except (ValueError, IndexError):
        raise damaged("it is cut short or not a CAR file") from None
    return count
