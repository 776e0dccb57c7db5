"""Class codes, nicknames and anonymous animal names.

A nickname is whatever a student typed: it is cleaned here (no control, format or bidi characters, one
space between words, at most NICK_MAX characters) and, wherever it is drawn, still treated as untrusted text
(escaped in markdown, a plain cell in a table, a formula-proof cell in the CSV).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

# No 0/O, 1/I/L: a code read off a projector at the back of a room is typed without mix-ups.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LEN = 6
_CODE = re.compile(rf"^[{ALPHABET}]{{{CODE_LEN}}}$")
NICK_MAX = 20

ANIMALS = ("Otter", "Heron", "Badger", "Fox", "Lynx", "Puffin", "Gecko", "Hare", "Marten", "Walrus", "Ibis",
           "Koala", "Lemur", "Narwhal", "Ocelot", "Panda", "Quokka", "Raven", "Seal", "Tapir", "Vole", "Wombat",
           "Yak", "Zebra", "Bison", "Crane", "Dingo", "Egret", "Ferret", "Gibbon")


def new_code(taken=()) -> str:
    """A fresh class code, not in `taken` (31^6, about 887 million codes)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LEN))
        if code not in taken:
            return code


def parse_code(text) -> str | None:
    """What a student typed as the code -> the code, or None. Case, spaces and dashes do not matter.
    Only a valid code ever reaches a file name."""
    code = re.sub(r"[\s-]", "", str(text or "")).upper()
    return code if _CODE.match(code) else None


def new_token() -> str:
    """A student's or teacher's secret id (128 bits)."""
    return secrets.token_hex(16)


def clean_nickname(text) -> str:
    """A nickname fit to store: NFKC, no control/format/private/unassigned characters (no bidi overrides, no
    zero-width tricks), whitespace collapsed, at most NICK_MAX characters. "" when nothing is left."""
    text = unicodedata.normalize("NFKC", str(text or ""))[: NICK_MAX * 8]  # bounded work on a huge paste
    kept = "".join(" " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c)[0] != "C")
    return " ".join(kept.split())[:NICK_MAX].strip()


def unique(name: str, taken) -> str:
    """`name`, or `name 2`, `name 3`... when another student of the class has it (case-insensitive)."""
    used = {t.casefold() for t in taken}
    if name.casefold() not in used:
        return name
    n = 2
    while f"{name[: NICK_MAX - 4]} {n}".casefold() in used:
        n += 1
    return f"{name[: NICK_MAX - 4]} {n}"


def animal(taken) -> str:
    """An anonymous animal name no one in the class has yet ("Anonymous Otter", then "Anonymous Otter 2")."""
    used = {t.casefold() for t in taken}
    for a in ANIMALS:
        if f"anonymous {a}".casefold() not in used:
            return f"Anonymous {a}"
    return unique(f"Anonymous {secrets.choice(ANIMALS)}", taken)
