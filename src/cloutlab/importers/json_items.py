"""The items of a Facebook or Instagram list file, streamed one at a time (issue 26, item 3).

A posts or comments file is a bare list (`[...]`, the layout since 2020) or a list under a wrapper key
(`{"comments_v2": [...]}`); it grows with the years. spool_items reads it with ijson, item by item, each item
repaired as networks.read_fixed repairs it (the mojibake hook on every object, bottom-up), and hands the rows
to a RowSpool: memory follows one item, not the file. The result is exactly networks.items_of(read_fixed(...))'s:
anything the streaming reader would not take the same way (a byte-order mark, NaN, damage, two wrapper keys,
a wrapper holding an object, a top-level list holding strings, nesting past MAX_DEPTH) is read whole as before,
giving the same rows or the same sentence. An item that fails (a missing timestamp) is said only once the rest
of the file is known to be valid JSON, as the whole read did: a damaged file is named as damaged first.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import ijson
import ijson.backends.yajl2_c

from cloutlab.importers.networks import fix_object, items_of, read_fixed
from cloutlab.importers.spool import RowSpool

# ijson's C parser (yajl) lexes a token again from its start each time a read ends inside it, so one string
# spanning k reads costs k times its length: 4 MB reads keep any string a real export holds (and the fuzzers'
# 1M-character fields, 2-6 MB escaped) within one or two reads. A 64 KB read made a 2 MB field of escaped
# quotes take 9 times as long as a 0.5 MB one (tests/test_fuzz_importers.py's linear-growth check).
READ_BYTES = 4 << 20
MAX_DEPTH = 512  # a real export nests about 10 deep; ijson's prefixes grow with depth (mastodon.MAX_DEPTH)
_ITEMS = "i"  # the wrapper key, renamed: no other key of the file can give the items' prefix


class _NotStreamable(Exception):
    pass


_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


class Surrogates(ValueError):
    pass


class SurrogateCheck:
    """A stream that refuses (Surrogates) a \\uD800-\\uDFFF escape: ijson turns a lone one into '?' where
    json.loads keeps it (and then refuses the value), so such a file is read whole. Real exports write emoji
    as UTF-8 or as mojibake, never as escaped surrogate pairs; a pair read whole gives the same text."""

    def __init__(self, stream):
        self.stream, self.tail = stream, b""

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        if _SURROGATE.search(self.tail + data[:8]) or _SURROGATE.search(data):
            raise Surrogates
        self.tail = data[-8:]
        return data


def spool_items(src, name: str, keys: tuple[str, ...], make: Callable[[dict], Any], spool: RowSpool) -> None:
    """make(item) for every object item of `name` (the list under the first of `keys`, or the bare list) into
    `spool`, None results left out."""
    mark = spool.mark()
    try:
        failed = _streamed(src, name, keys, make, spool)
    except _NotStreamable:
        spool.drop_since(mark)
        for item in items_of(read_fixed(src, name), *keys):
            if isinstance(item, dict) and (row := make(item)) is not None:
                spool.add(row)
        return
    if failed is not None:
        raise failed


def count_items(src, name: str, keys: tuple[str, ...]) -> int:
    """len(items_of(read_fixed(src, name), *keys)), streamed: the lists only counted (reactions given, wall
    posts, followers) grow with the years too."""
    counted = [0]

    def count(_item: Any) -> None:
        counted[0] += 1

    try:
        _streamed(src, name, keys, count, None, every=True)
    except _NotStreamable:
        return len(items_of(read_fixed(src, name), *keys))
    return counted[0]


def _streamed(src, name: str, keys: tuple[str, ...], make: Callable[[Any], Any], spool: RowSpool | None,
              every: bool = False):
    """Stream the items; returns the first item's failure (raised once the file is known valid), or None.

    One Python loop over the C parser's events checks what only the whole read gives the same way
    (_NotStreamable) and renames the top-level keys (the wrapper to _ITEMS, the others to "o", so no key can
    forge the items' prefix) and those of a wrapper's object ({"key": {"activity_log_data": [...]}}, 2020: to
    "a", the others to "z"; a wrapper's list is sent as that shape); ijson's C coroutines build the items. every: make() sees every item
    as parsed (to count them), not only the objects, repaired."""
    failed, built = None, ijson.utils.sendable_list()
    depth, top, key, found, sink = 0, None, None, False, None
    inner, logged, other_list = None, False, False  # inside {"key": {...}}: its key, activity_log_data seen, a list seen
    try:
        with src.open(name) as stream:
            for event, value in ijson.basic_parse(SurrogateCheck(stream), use_float=True, buf_size=READ_BYTES):
                after = None
                if event == "start_map" or event == "start_array":
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _NotStreamable  # the whole read names it (nested far deeper than any export)
                    if depth == 1:
                        top = event
                    elif depth == 2:
                        if top == "start_array" and event == "start_array":
                            raise _NotStreamable  # a list in the list: read_fixed repairs such a file differently
                        if top == "start_map" and key == _ITEMS and event == "start_array":
                            # {"key": [...]} sent as {"key": {"a": [...]}}: one prefix for both wrappers
                            sink.send(("start_map", None))
                            sink.send(("map_key", "a"))
                    elif depth == 3 and key == _ITEMS and top == "start_map" and inner is not None:
                        if inner == "a" and event == "start_map":
                            raise _NotStreamable  # {"key": {"activity_log_data": {...}}}: no items, said whole
                        other_list = other_list or (inner == "z" and event == "start_array")
                elif event == "end_map" or event == "end_array":
                    depth -= 1
                    if depth == 1 and key == _ITEMS and top == "start_map" and event == "end_array" and inner is None:
                        after = ("end_map", None)
                elif depth == 1:
                    if event == "map_key":
                        if value in keys:
                            if found:  # two wrapper keys, or one twice: the whole read's rules decide
                                raise _NotStreamable
                            found, value = True, _ITEMS
                        else:
                            value = "o"
                        key = value
                    elif top == "start_array" and event == "string":
                        raise _NotStreamable  # a string in the list: read_fixed repairs such a file differently
                elif depth == 2 and key == _ITEMS and event == "map_key":  # {"key": {"activity_log_data": [...]}}
                    if value == "activity_log_data":
                        if logged:
                            raise _NotStreamable
                        logged = True
                    inner = value = "a" if value == "activity_log_data" else "z"
                if sink is None:
                    prefix = "item" if event == "start_array" else f"{_ITEMS}.a.item"
                    sink = ijson.backends.yajl2_c.parse_basecoro(ijson.backends.yajl2_c.items_basecoro(built, prefix))
                sink.send((event, value))
                if after is not None:
                    sink.send(after)
                if built:
                    for item in built:
                        if failed is not None or (item.__class__ is not dict and not every):
                            continue
                        try:
                            row = make(item if every else _hooked(item))
                        except RecursionError:
                            raise _NotStreamable from None
                        except Exception as exc:  # said after the rest of the file parses (the whole read's order)
                            if _is_cancel(exc):
                                raise
                            failed = exc
                            continue
                        if row is not None:
                            spool.add(row)
                    del built[:]
    except (ijson.JSONError, ValueError, UnicodeDecodeError, RecursionError):
        raise _NotStreamable from None
    if sink is None or (other_list and not logged):
        raise _NotStreamable  # an empty file (the whole read names it); {"key": {"x": [...]}} (items_of's rule)
    return failed


def _is_cancel(exc: BaseException) -> bool:
    from cloutlab.importers.progress import Cancelled

    return isinstance(exc, Cancelled)


def _hooked(value: Any) -> Any:
    """What json.loads(object_hook=fix_object) gives: every object repaired bottom-up, lists as they are
    (the item is ijson's own, so it is repaired in place)."""
    cls = value.__class__
    if cls is dict:
        for k, v in value.items():
            if v.__class__ is dict or v.__class__ is list:
                value[k] = _hooked(v)
        return fix_object(value)
    if cls is list:
        return [_hooked(v) if v.__class__ is dict or v.__class__ is list else v for v in value]
    return value
