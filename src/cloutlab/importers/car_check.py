"""Check every block of a Bluesky CAR against its CID before anything is decoded (tampered text refused).

A CAR v1 is a varint-prefixed DAG-CBOR header, then sections `varint(len) CID block`. A CID names its
block by hash: CIDv1 is varint version, varint codec, then a multihash (varint code, varint length, digest);
a CIDv0 is a bare sha2-256 multihash (0x12 0x20 + 32 bytes). Sha2-256 (code 0x12) is what atproto uses;
a block named by a hash this module does not know is refused too, rather than trusted unchecked.

The file is read forward once, in chunks (scan): memory holds one block, not the file (issue 26, item 3).

Helpers (stable names): verify_car(data, label) -> number of blocks checked; scan(stream, size, label)
yields (offset of the section, CID, block) of every block as it is checked, raising as verify_car does;
varint(data, pos) -> (value, position after it).
"""

from __future__ import annotations

import hashlib
import io
from typing import BinaryIO, Callable, Iterator

from cloutlab.errors import CloutlabError

SHA256 = 0x12
MAX_BLOCKS = 5_000_000  # far more than any personal repository (records + tree nodes)
CHUNK = 1 << 20
# A section's length varint and its CID's four varints take at most 10 bytes each (a longer one is refused):
# every test on a section's head reads within this many bytes of the section's start.
_HEAD = 64


def varint(data: bytes, pos: int) -> tuple[int, int]:
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


class Window:
    """Bytes of a stream read forward in chunks: get(a, b) gives the file's bytes [a, b), b at most the size,
    a never before the last a asked for (what lies before it is let go)."""

    def __init__(self, stream: BinaryIO, size: int, on_read: Callable[[int], None] | None = None):
        self.stream, self.size, self.on_read = stream, size, on_read
        self.buf, self.base = b"", 0

    def get(self, a: int, b: int) -> bytes:
        b = min(b, self.size)
        if b > self.base + len(self.buf):
            parts = [self.buf[a - self.base:]]
            self.base, have = a, len(parts[0])
            want = max(CHUNK, b - a - have)
            while a + have < b:
                chunk = self.stream.read(want)
                if not chunk:
                    raise ValueError("the file ended early")  # it shrank since its size was taken
                if self.on_read is not None:
                    self.on_read(len(chunk))
                parts.append(chunk)
                have += len(chunk)
                want = b - a - have
            self.buf = b"".join(parts)
        return self.buf[a - self.base: b - self.base]


def scan(stream: BinaryIO, size: int, label: str, on_read: Callable[[int], None] | None = None
         ) -> Iterator[tuple[int, bytes, bytes]]:
    """(section offset, CID bytes, block bytes) of every block of the CAR in `stream` (its first `size` bytes,
    read from the current position, which is offset 0), each checked against its CID before it is given;
    the first block that fails raises the CloutlabError verify_car gives for the whole file."""
    def damaged(why: str) -> CloutlabError:
        return CloutlabError(f"{label} is not a readable Bluesky repository ({why}); export it again from Settings.")

    w = Window(stream, size, on_read)
    try:
        header, pos = varint(w.get(0, _HEAD), 0)
        pos += header
        count = 0
        while pos < size:
            head = w.get(pos, pos + _HEAD)  # to the end of the file when it is nearer: a varint past it is cut short
            length, s = varint(head, 0)
            start = pos + s
            end = start + length
            if length == 0 or end > size:
                raise damaged("a block runs past the end of the file")
            if head[s] == 0x12 and head[s + 1] == 0x20:  # CIDv0
                code, digest_len, digest_at = SHA256, 32, s + 2
            else:
                version, p = varint(head, s)
                if version != 1:
                    raise damaged(f"a block has a CID of version {version}")
                _codec, p = varint(head, p)
                code, p = varint(head, p)
                digest_len, digest_at = varint(head, p)
            block_at = pos + digest_at + digest_len
            if block_at > end:
                raise damaged("a block's CID runs past the block")
            if code != SHA256 or digest_len != 32:
                raise CloutlabError(f"{label} names a block by a hash cloutlab cannot check (multihash 0x{code:x}); "
                                    "export the repository again from Settings.")
            section = w.get(start, end)
            cid, block = section[: block_at - start], section[block_at - start:]
            if hashlib.sha256(block).digest() != cid[-32:]:
                raise CloutlabError(
                    f"{label} has a block whose content does not match its CID (block {count + 1:,}): the file was "
                    "altered after Bluesky wrote it; cloutlab refuses it. Export the repository again from Settings."
                )
            count += 1
            if count > MAX_BLOCKS:
                raise damaged(f"more than {MAX_BLOCKS:,} blocks")
            yield pos, cid, block
            pos = end
    except (ValueError, IndexError):
        raise damaged("it is cut short or not a CAR file") from None


def verify_car(data: bytes, label: str) -> int:
    """Raise a CloutlabError naming the first block whose bytes do not hash to its CID."""
    return sum(1 for _ in scan(io.BytesIO(data), len(data), label))
