"""Shared by the Facebook, LinkedIn, Instagram and Google+ importers (docs/export-formats-2.md).

These exports are found by path suffix, never by a fixed root (people re-zip with a wrapper folder, Facebook
nests paths oddly); Facebook and Instagram JSON strings are mojibake (UTF-8 bytes written as \\u00XX code
points) and are repaired one string at a time; private files (messages, login and IP records, address
books) are never opened, and the refusals name the platform and the file that was expected.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pyarrow as pa

from cloutlab.errors import CloutlabError
from cloutlab.importers.archive_guard import is_private
from cloutlab.importers.common import POSTS_ARROW
from cloutlab.schema import NOT_IN_EXPORT

NO_RECEIVED = ("{platform} exports carry no reactions received (no likes, comments or shares on your posts), so "
               f"the metrics that need them show '{NOT_IN_EXPORT}'; Klout read these counts through "
               "{platform}'s API, which an export cannot.")


def find(names: list[str], pattern: re.Pattern[str]) -> list[str]:
    """Member names matching `pattern` (searched anywhere in the path), private files never included,
    sorted by the part number they carry (so the order of parts in the zip does not matter)."""
    found = [n for n in names if pattern.search(n) and not is_private(n)]
    return sorted(found, key=_part_key)


def _part_key(name: str) -> tuple:
    match = re.search(r"_(\d+)\.\w+$", name)
    return (name.rsplit("/", 1)[-1].split("_")[0], int(match[1]) if match else 0, name)


def fix_text(value: str) -> str:
    """Undo Facebook/Instagram mojibake: latin-1 encode, UTF-8 decode; left as is where that fails (a
    character above U+00FF cannot be mojibake; bytes that are not UTF-8 were never encoded that way)."""
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def fix_all(value: Any) -> Any:
    """fix_text on every string of a parsed JSON value (keys included), recursively."""
    if isinstance(value, str):
        return fix_text(value)
    if isinstance(value, list):
        return [fix_all(v) for v in value]
    if isinstance(value, dict):
        return {fix_text(k): fix_all(v) for k, v in value.items()}
    return value


def fix_object(obj: dict) -> dict:
    """json object_hook: fix_text on the object's strings while parsing (one pass, no second walk)."""
    for key, value in obj.items():
        cls = value.__class__
        if cls is str:
            if not value.isascii():
                obj[key] = fix_text(value)
        elif cls is list and value and any(v.__class__ is str for v in value):
            obj[key] = [fix_text(v) if v.__class__ is str else v for v in value]
    if not "".join(obj).isascii():
        obj = {fix_text(k): v for k, v in obj.items()}
    return obj


def read_fixed(src, name: str) -> Any:
    """A JSON member with every string repaired (fix_text); malformed files get read_json's sentence."""
    data = src.read_bytes(name)
    try:
        value = json.loads(data.decode("utf-8-sig"), object_hook=fix_object)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return src.read_json(name, data)  # raises the one-sentence CloutlabError naming file and position
    return fix_all(value) if not isinstance(value, dict) and _has_strings(value) else value


def _has_strings(value: Any) -> bool:
    """A top-level list holding strings directly (objects inside were fixed by the hook)."""
    return isinstance(value, str) or (isinstance(value, list) and any(isinstance(v, (str, list)) for v in value))


_SHORT = 10_000  # as common.post_row: no id, name or link is longer
_NAMES = POSTS_ARROW.names


def row(**fields: Any) -> dict[str, Any]:
    """A `posts` row like common.post_row, for the importers here whose values are already typed (they
    check every JSON value they take): 100,000 Facebook posts build in a third of the time."""
    out = dict.fromkeys(_NAMES)
    out.update(mentions=[], hashtags=[], urls=[], is_self_reply=False)
    out.update(fields)
    for name in ("post_id", "reply_to_account"):
        if out[name] is not None and len(out[name]) > _SHORT:
            out[name] = out[name][:_SHORT]
    for name in ("mentions", "hashtags", "urls"):
        if out[name]:
            out[name] = [v[:_SHORT] for v in out[name] if isinstance(v, str)]
    return out


def table(rows: list[dict[str, Any]]) -> pa.Table:
    """The rows as an Arrow `posts` table, built column by column (faster than from_pylist)."""
    return pa.Table.from_pydict({n: [r[n] for r in rows] for n in _NAMES}, schema=POSTS_ARROW)


def unix_utc(value: Any) -> dt.datetime | None:
    """Unix seconds (int, float or digits) as a naive UTC datetime; None when absent or unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, (int, float)) or value <= 0:
        return None
    try:
        return dt.datetime.fromtimestamp(value, dt.timezone.utc).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")  # not inside an HTML entity such as &#39;


def hashtags(text: str | None) -> list[str]:
    """The #words of a post's text (the four networks' exports carry no hashtag list of their own)."""
    return _HASHTAG.findall(text or "")


def as_list(value: Any) -> list:
    """A JSON value where a list is expected: the list, else empty (a damaged or edited file)."""
    return value if isinstance(value, list) else []


def items_of(data: Any, *keys: str) -> list:
    """The list of a wrapper (`{"status_updates": [...]}`, `{"x": {"activity_log_data": [...]}}`) or a bare list."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in keys:
            if key in data:
                inner = data[key]
                if isinstance(inner, dict):
                    inner = inner.get("activity_log_data", next((v for v in inner.values() if isinstance(v, list)), []))
                return inner if isinstance(inner, list) else []
    return []


def unique_ids(rows: list[dict[str, Any]]) -> list[str]:
    """Store identical items once, then give rows whose post_id still repeats a stable suffix (-2, -3, ...),
    in their sorted order. Returns the warning that says how many repeats were dropped (none: []).

    Why both: these exports carry no post id (or one a re-zipped part repeats), so an item read twice (the
    same part under both folder layouts, or twice in one file) gave 100 posts for 50 (issue 24); two
    different items of one second are still two posts."""
    seen: set = set()
    kept = []
    for row in rows:
        key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in row.items())
        if key not in seen:
            seen.add(key)
            kept.append(row)
    repeats = len(rows) - len(kept)
    rows[:] = kept
    counts: dict[str, int] = {}
    for row in rows:
        n = counts.get(row["post_id"], 0) + 1
        counts[row["post_id"]] = n
        if n > 1:
            row["post_id"] = f"{row['post_id']}-{n}"
    return repeats_warning(repeats)


def repeats_warning(repeats: int) -> list[str]:
    if not repeats:
        return []
    return [f"{repeats:,} item{'s' if repeats != 1 else ''} appeared more than once in the export, identical (the same "
            f"post in two files, or twice in one); {'each was' if repeats != 1 else 'it was'} stored once."]


def short_span_warning(rows: list[dict[str, Any]], platform: str) -> list[str]:
    """JSON exports do not record the date range the person asked for; a short span may be that window."""
    if not rows:
        return []
    dates = [r["created_at"] for r in rows]
    return span_warning(min(dates), max(dates), platform)


def span_warning(first: dt.datetime | None, last: dt.datetime | None, platform: str) -> list[str]:
    if first is None or last is None:
        return []
    span = (last - first).days
    if span >= 92:
        return []
    return [f"This {platform} export covers only {span + 1} day{'s' if span else ''} of posts; if you asked for "
            "a date range when you requested it, the rest is not in it."]


# What each platform's export must hold, for refusals that name what they expected.
EXPECTED = {
    "Facebook": "posts/your_posts_1.json (or your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json)",
    "LinkedIn": "Shares.csv or Connections.csv",
    "Instagram": "content/posts_1.json (or your_instagram_activity/media/posts_1.json)",
    "Google+": "Takeout/Google+ Stream/Posts/*.html or .json; a Takeout part may hold only photos",
}
_FACEBOOK_HTML = re.compile(
    r"(^|/)(posts/your_posts(_\d+)?|your_posts__check_ins__photos_and_videos_\d+|"
    r"profile_information/profile_information|html/timeline)\.html?$", re.IGNORECASE)
_INSTAGRAM_HTML = re.compile(r"(^|/)(content|your_instagram_activity/media)/posts_\d+\.html$")
_HINTS = (
    ("Facebook", re.compile(r"(^|/)facebook-[^/]*$|(^|/)(your_facebook_activity|your_activity_across_facebook|"
                            r"friends_and_followers|likes_and_reactions)/", re.IGNORECASE)),
    ("Instagram", re.compile(r"(^|/)instagram-[^/]*$|(^|/)(your_instagram_activity|followers_and_following)/|"
                             r"(^|/)start_here\.html$", re.IGNORECASE)),
    ("Google+", re.compile(r"(^|/)[^/]*google\+[^/]*/", re.IGNORECASE)),
    ("LinkedIn", re.compile(r"(^|/)(Profile|Positions|Skills|Invitations|Member_Follows|Company Follows|Reactions)\.csv$|"
                            r"linkedin", re.IGNORECASE)),
)


def refuse(label: str, names: list[str]) -> None:
    """Raise a CloutlabError naming the platform when `names` look like one of these exports with none of
    the files cloutlab reads; return quietly when they do not look like any of them."""
    if any(_FACEBOOK_HTML.search(n) for n in names):
        raise CloutlabError(
            f"{label} is a Facebook export in HTML format, which cloutlab cannot read: request a JSON copy "
            "(Facebook > Settings > Download your information > Format: JSON) and import that.")
    # Instagram HTML: its posts pages, or a root start_here.html beside ads_information/ (I6).
    start_here = any(n.rsplit("/", 1)[-1] == "start_here.html" for n in names)
    if any(_INSTAGRAM_HTML.search(n) for n in names) or (start_here and any("ads_information/" in n for n in names)):
        raise CloutlabError(
            f"{label} is an Instagram export in HTML format, which cloutlab cannot read: request a copy in JSON "
            "(Instagram > Your activity > Download your information > Format: JSON) and import that.")
    probes = [label, *names]
    for platform, pattern in _HINTS:
        if any(pattern.search(n) for n in probes):
            raise CloutlabError(
                f"{label} looks like {'an' if platform[0] in 'AEIOU' else 'a'} {platform} export but holds none of the files cloutlab reads "
                f"(expected {EXPECTED[platform]}); " + ("import the Takeout part that holds the posts folder."
                                                        if platform == "Google+" else
                                                        "request a new copy that includes your posts."))


_LINKEDIN_FILES = ("shares.csv", "connections.csv", "comments.csv")


def is_linkedin_csv(name: str, head: bytes) -> bool:
    """A LinkedIn CSV uploaded on its own: its file name, or the Shares header (any year's spelling)."""
    if name.lower().rsplit("/", 1)[-1] in _LINKEDIN_FILES:
        return True
    text = head.decode("utf-16", "ignore") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head.decode("utf-8", "ignore")
    first = text.lstrip("\ufeff").split("\n", 1)[0].lower().replace('"', "")
    return "sharelink" in first or "share link" in first


def single_source(name: str, opener, size: int, limits):
    """A one-file Container, so a lone Shares.csv goes through the same LinkedIn importer as the zip; opener()
    gives the file's bytes as a new stream each time (read in place, never held whole)."""
    from cloutlab.importers.containers import Container

    class _One(Container):
        def __init__(self) -> None:
            super().__init__(name, name.rsplit(".", 1)[0], limits)
            self._sizes = {name: size}

        def _open_raw(self, member: str):
            return opener()

    return _One()
