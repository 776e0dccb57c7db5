"""The what-if scenario: a frozen dataclass of slider values, and its three spellings.

The field names are a command-line contract (`python -m cloutlab whatif --set KEY=VALUE`, docs/DESIGN.md section 7)
and the URL contract of a shared link (`?persona=novelist&break_weeks=1`): extend, never rename.
`parse_set` is strict (the CLI refuses a typo); `from_query` is tolerant (a hand-edited link still opens,
with a note per value it had to clamp or drop).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cloutlab import platforms
from cloutlab.errors import CloutlabError

# Default dates, counted back from the data's last day (resolve()): a break covers the last N weeks (the
# "what if I take a week off now?" of a workshop, whose effect shows on the end date), bought followers
# arrive two months before the end, a network is unlinked a month before, so each effect shows there.
BOUGHT_BEFORE_END = dt.timedelta(days=60)
UNLINK_BEFORE_END = dt.timedelta(days=30)


@dataclass(frozen=True)
class _Spec:
    kind: str  # number | int | date | platform
    lo: float = 0
    hi: float = 0
    optional: bool = False  # None is allowed and means "unchanged" / "not set"
    switch: str | None = None  # a date: the field that turns its feature on (the date means nothing while it is off)

    def allowed(self, name: str) -> str:
        none = ", or empty for unchanged" if self.kind == "number" and self.optional else ""
        if self.kind == "number":
            return f"{name} must be a number from {self.lo:g} to {self.hi:g}{none}"
        if self.kind == "int":
            return f"{name} must be a whole number from {self.lo:,} to {self.hi:,}"
        if self.kind == "date":
            return f"{name} must be a date written YYYY-MM-DD"
        return f"{name} must be one of {', '.join(platforms.KEYS)}"


MAX_RING = 10_000
SPECS: dict[str, _Spec] = {
    "frequency": _Spec("number", 0, 10),  # the What-if slider shows 0 to 5; the Gaming lab plays 10
    "break_weeks": _Spec("int", 0, 52),
    "break_start": _Spec("date", optional=True, switch="break_weeks"),
    "repost_share": _Spec("number", 0, 1, optional=True),
    "reply_share": _Spec("number", 0, 1, optional=True),
    "bought_followers": _Spec("int", 0, 1_000_000_000),
    "bought_at": _Spec("date", optional=True, switch="bought_followers"),
    "ring_size": _Spec("int", 0, MAX_RING),
    "ring_reactions": _Spec("int", 0, MAX_RING),  # and at most ring_size: one like per ring account
    "unlink": _Spec("platform", optional=True),
    "unlink_at": _Spec("date", optional=True, switch="unlink"),
    "relink_at": _Spec("date", optional=True, switch="unlink"),  # issue 14: the unlinked network linked again (after unlink_at)
    "audience_away": _Spec("int", 0, 52),  # issue 13: weeks posting as usual while reactions fall
    "audience_away_start": _Spec("date", optional=True, switch="audience_away"),
    "seed": _Spec("int", 0, 2**63 - 1),
}


@dataclass(frozen=True)
class Scenario:
    """Slider values of one what-if; the default changes nothing.

    frequency: posting multiplier, 0 to 10 (below 1 drops posts at random, above 1 adds repeats).
    break_weeks, break_start: no items at all in [break_start, break_start + 7 * break_weeks days).
    repost_share, reply_share: target share of items that are reposts / replies to others (None: as is).
    bought_followers, bought_at: followers that arrive on that date and never react.
    ring_size, ring_reactions: an engagement ring of ring_size accounts adding ring_reactions likes to every
        original, quote and reply (ring_reactions <= ring_size: each account likes a post at most once).
    unlink, unlink_at: the platform whose network is unlinked from the opaque score from that date.
    relink_at: the unlinked network is linked again from that date (None: never); its history comes back over
        two days (opaque.link_mask: Klout re-scored "over the next 24-48 hours").
    audience_away, audience_away_start: weeks in which the person posts as usual but only
        audience.AWAY_SHARE of the usual reactions arrive (a convention, Christmas week).
    seed: the random draws of the transforms (which posts are dropped, repeated or re-kinded).
    Dates left None get defaults near the data's end in resolve().
    """

    frequency: float = 1.0
    break_weeks: int = 0
    break_start: dt.date | None = None
    repost_share: float | None = None
    reply_share: float | None = None
    bought_followers: int = 0
    bought_at: dt.date | None = None
    ring_size: int = 0
    ring_reactions: int = 0
    unlink: str | None = None
    unlink_at: dt.date | None = None
    relink_at: dt.date | None = None
    audience_away: int = 0
    audience_away_start: dt.date | None = None
    seed: int = 0

    def __post_init__(self):
        for name, spec in SPECS.items():
            object.__setattr__(self, name, _checked(name, spec, getattr(self, name)))
        if self.ring_reactions > self.ring_size:
            raise CloutlabError(
                f"ring_reactions ({self.ring_reactions}) cannot exceed ring_size ({self.ring_size}): "
                "each account in the ring likes a post at most once."
            )

    @classmethod
    def identity(cls) -> Scenario:
        return cls()

    @property
    def is_identity(self) -> bool:
        """True when the scenario changes nothing (dates of switched-off features and the seed do not count)."""
        return (self.frequency == 1 and self.break_weeks == 0 and self.repost_share is None
                and self.reply_share is None and self.bought_followers == 0 and self.ring_reactions == 0
                and self.unlink is None and self.audience_away == 0)

    def replace(self, **changes) -> Scenario:
        return dataclasses.replace(self, **changes)


def _checked(name: str, spec: _Spec, value):
    """The value normalised (int -> float for numbers, datetime -> date), or a CloutlabError."""
    if value is None and spec.optional:
        return None
    bad = CloutlabError(f"{spec.allowed(name)}, got {value!r}.")
    if spec.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if not isinstance(value, dt.date):
            raise bad
        return value
    if spec.kind == "platform":
        if value not in platforms.KEYS:
            raise bad
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad
    if spec.kind == "int" and not isinstance(value, int):
        raise bad
    if math.isnan(value) or not spec.lo <= value <= spec.hi:
        raise bad
    return float(value) if spec.kind == "number" else int(value)


FIELDS = tuple(f.name for f in dataclasses.fields(Scenario))
_DEFAULT = Scenario()


def _parse(name: str, spec: _Spec, text: str):
    """A field's value from its text (CLI or URL); ValueError when it does not parse."""
    text = text.strip()
    if spec.optional and text.lower() in ("", "none"):
        return None
    if spec.kind == "date":
        return dt.date.fromisoformat(text)
    if spec.kind == "platform":
        return text.lower()
    if spec.kind == "int":
        return int(text.replace("_", "").replace(",", ""))
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _format(value) -> str:
    if isinstance(value, float):
        text = repr(value)  # the shortest text that reads back to the same float: exact round trip
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_set(items: Iterable[str]) -> Scenario:
    """A Scenario from `--set KEY=VALUE` items (later items win); a typo is a one-line CloutlabError."""
    values = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep:
            raise CloutlabError(f"--set expects KEY=VALUE, got {item!r}: for example --set frequency=2.")
        if key not in SPECS:
            raise CloutlabError(f"Unknown what-if key {key!r} in --set {item}: use one of {', '.join(FIELDS)}.")
        try:
            values[key] = _parse(key, SPECS[key], text)
        except ValueError:
            raise CloutlabError(f"{SPECS[key].allowed(key)}, got {text!r} in --set {item}.") from None
    return Scenario(**values)


def to_query(scenario: Scenario) -> dict[str, str]:
    """URL query parameters for the fields that differ from the default (from_query reads them back exactly)."""
    return {
        name: _format(getattr(scenario, name))
        for name in FIELDS
        if getattr(scenario, name) != getattr(_DEFAULT, name)
    }


def from_query(mapping: Mapping[str, object], notes: list[str] | None = None) -> Scenario:
    """A Scenario from URL query parameters, tolerant of hand edits.

    Keys that are not Scenario fields are ignored (a link also carries e.g. `persona`). A number out of
    range is clamped and a value that does not parse is dropped (the field keeps its default); either way
    one sentence is appended to `notes` when given. Never raises for a bad value.
    """
    notes = notes if notes is not None else []
    values = {}
    for key, raw in mapping.items():
        if key not in SPECS:
            continue
        text = raw[-1] if isinstance(raw, (list, tuple)) and raw else raw  # repeated key: the last wins
        value = _tolerant(key, SPECS[key], str(text), notes)
        if value is not _DROP:
            values[key] = value
    if values.get("ring_reactions", 0) > values.get("ring_size", 0):
        notes.append(f"ring_reactions was lowered to ring_size ({values.get('ring_size', 0)}): each account "
                     "in the ring likes a post at most once.")
        values["ring_reactions"] = values.get("ring_size", 0)
    return Scenario(**values)


_DROP = object()


def _tolerant(key: str, spec: _Spec, text: str, notes: list[str]):
    try:
        value = _parse(key, spec, text)
    except ValueError:
        notes.append(f"Ignored {key}={text!r} from the link: {spec.allowed(key)}.")
        return _DROP
    if spec.kind in ("number", "int") and value is not None and not spec.lo <= value <= spec.hi:
        clamped = min(max(value, spec.lo), spec.hi)
        notes.append(f"{key}={text} is out of range and was set to {_format(clamped)}: {spec.allowed(key)}.")
        return type(value)(clamped)
    if spec.kind == "platform" and value is not None and value not in platforms.KEYS:
        notes.append(f"Ignored {key}={text!r} from the link: {spec.allowed(key)}.")
        return _DROP
    return value


def as_dict(scenario: Scenario) -> dict[str, object]:
    """Every field, JSON-ready (dates as ISO text): the `scenario` object of `whatif --json`."""
    return {name: (v.isoformat() if isinstance(v, dt.date) else v)
            for name, v in ((n, getattr(scenario, n)) for n in FIELDS)}


def resolve(scenario: Scenario, first_day: dt.date, last_day: dt.date) -> Scenario:
    """The scenario with the dates of its active features filled from the data, and every date checked.

    A date left None becomes a point near the end: the break covers the data's last break_weeks weeks;
    BOUGHT_BEFORE_END and UNLINK_BEFORE_END before last_day; never before first_day. A given date outside
    [first_day, last_day] is an error.
    """
    def default(offset: dt.timedelta) -> dt.date:
        return max(first_day, last_day - offset)

    changes = {}
    for name, active, offset in (
        ("break_start", scenario.break_weeks > 0, dt.timedelta(weeks=scenario.break_weeks, days=-1)),
        ("bought_at", scenario.bought_followers > 0, BOUGHT_BEFORE_END),
        ("unlink_at", scenario.unlink is not None, UNLINK_BEFORE_END),
        ("relink_at", False, UNLINK_BEFORE_END),  # no default: never relinked unless given
        ("audience_away_start", scenario.audience_away > 0, dt.timedelta(weeks=scenario.audience_away, days=-1)),
    ):
        when = getattr(scenario, name)
        if when is None and active:
            changes[name] = default(offset)
        elif when is not None and not first_day <= when <= last_day:
            raise CloutlabError(f"{name} {when} is outside the data ({first_day} to {last_day}): "
                                "choose a date in that range.")
    resolved = dataclasses.replace(scenario, **changes) if changes else scenario
    if resolved.unlink is not None and resolved.relink_at is not None and resolved.relink_at <= resolved.unlink_at:
        raise CloutlabError(f"relink_at {resolved.relink_at} must be after unlink_at {resolved.unlink_at}: "
                            "a network is linked again after it was unlinked.")
    return resolved
