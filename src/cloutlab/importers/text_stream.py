"""CSV and text files read as a stream of lines, never as one string (issue 26, item 3).

text_lines gives the lines of a binary stream decoded as `data.decode(encoding, errors)` would decode the whole
file, split where io.StringIO(text, newline="") splits them (at \\r\\n, \\r and \\n, ends kept): the chunks
csv.reader was fed when the whole text was read, so it gives the same rows and the same errors. Memory follows
one line (io.TextIOWrapper decodes 64 KB at a time, in C). A decoding error comes out while the lines are read,
wherever the bad byte is; decode_error says it as the whole decode did (same positions), reading once more.
"""

from __future__ import annotations

import codecs
import io
from typing import Any, BinaryIO

CHUNK = 1 << 16


class _Raw(io.RawIOBase):
    """Any object with read(n) (a zip member's CountingReader, an open file, a BytesIO) as a raw stream for
    io.BufferedReader, after `head` (bytes already read from it). Closing it leaves the stream open: its opener
    closes it."""

    def __init__(self, stream: Any, head: bytes = b""):
        self.stream, self.head = stream, head

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            data, self.head = self.head[: len(buffer)], self.head[len(buffer):]
        else:
            data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def text_lines(stream: Any, encoding: str, errors: str = "strict", head: bytes = b"") -> io.TextIOWrapper:
    """The text of `head` then the stream, iterated line by line (UnicodeDecodeError when a byte does not decode)."""
    return io.TextIOWrapper(io.BufferedReader(_Raw(stream, head), CHUNK), encoding=encoding, errors=errors, newline="")


def drain(lines: io.TextIOWrapper) -> None:
    """Decode the rest of the stream, keeping none of it: a bad byte further on raises UnicodeDecodeError."""
    while lines.read(CHUNK):
        pass


def decode_error(stream: BinaryIO, encoding: str) -> str | None:
    """str() of the UnicodeDecodeError that `stream.read().decode(encoding)` raises, decoded chunk by chunk (the
    same positions: counted from the file's start, after the mark utf-8-sig drops); None if it decodes. For utf-8
    and utf-8-sig only."""
    data = b""
    while len(data) < len(codecs.BOM_UTF8) and (more := stream.read(CHUNK)):
        data += more
    if encoding == "utf-8-sig":  # the mark dropped: the whole decode counts from after it
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
        data = data or stream.read(CHUNK)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    fed = 0  # bytes given to the decoder before this chunk
    while True:
        held, _ = decoder.getstate()  # bytes of an unfinished character
        try:
            decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            start = fed - len(held) + exc.start
            end = start + exc.end - exc.start
            if end == start + 1:
                return (f"'{exc.encoding}' codec can't decode byte 0x{exc.object[exc.start]:02x} in position {start}: "
                        f"{exc.reason}")
            return f"'{exc.encoding}' codec can't decode bytes in position {start}-{end - 1}: {exc.reason}"
        if not data:
            return None
        fed += len(data)
        data = stream.read(CHUNK)

