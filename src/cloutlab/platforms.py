"""The platforms, each described once (issue 22): every list of platforms, every platform name in a sentence,
every start date, which received counts an export carries, whether Klout read them through the API, and
which files of an export are private, are read from REGISTRY.

Sources: docs/export-formats.md (X, Mastodon, Bluesky, CSV) and docs/export-formats-2.md (Facebook, LinkedIn,
Instagram, Google+; E7, E8, F4, H for the counts and the private files), docs/klout-record.md (the networks
Klout read through their APIs).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cloutlab.schema import ENGAGEMENT_FIELDS


@dataclass(frozen=True)
class Platform:
    """One platform. `counts`: the received counts its export can carry (an older export may carry fewer:
    Mastodon before 4.3, the legacy Twitter archive; the data says which it has, activity.carried).
    `klout_api`: Klout scored the network and read its reactions received through the API, which an export
    cannot. `private`: patterns of the files of its export never opened (private messages, login and IP
    records, address books, identity checks), each matched at the start of any path segment, any case."""

    key: str  # as in the tables and in `python -m cloutlab import --json`
    name: str  # how a sentence names it
    start: dt.datetime | None  # the day it opened to the public (or its first posts): nothing is older
    counts: tuple[str, ...]
    klout_api: bool
    private: tuple[str, ...] = ()
    archive: str = "zip"  # what its export comes as ("" for a plain file: the CSV)
    called: str = ""  # how the Import page names its export, when not `name`
    # What its export can and cannot show, in a sentence or three (our importers' findings, not a cited
    # claim): the Methodology page lists these; transparent.availability gives the same facts per dataset.
    limits: str = ""

    @property
    def export(self) -> str:
        return self.called or self.name


REGISTRY: tuple[Platform, ...] = (
    Platform("x", "X", dt.datetime(2006, 3, 21), ("likes", "reposts"), True,
             private=(r"direct[-_]messages?",), called="X/Twitter",  # direct-messages.js, -group, -headers, _media/
             limits="Likes and reposts per post, but no reply or quote counts; followers only as one number at "
                    "export time (the length of follower.js), never a history. The 2012 legacy archive carries "
                    "no counts at all."),
    Platform("mastodon", "Mastodon", dt.datetime(2016, 3, 16), ("likes", "reposts"), False,
             limits="Archives from servers of about version 4.3 on carry each post's likes (favourites) and "
                    "boosts; older archives carry no counts received. Never reply counts, never a follower count."),
    # The app opened in February 2023; developers posted through 2022.
    Platform("bluesky", "Bluesky", dt.datetime(2022, 1, 1), (), False, archive=".car",
             limits="The repository holds only your own records: no counts received, no followers."),
    Platform("csv", "CSV", None, ENGAGEMENT_FIELDS, False, archive=""),  # any count it has a column for
    Platform("facebook", "Facebook", dt.datetime(2004, 2, 4), (), True,
             private=(r"messages(/|$)", r"security_and_login_information(/|$)", r"your_address_books",
                      r"login_and_account_creation(/|$)", r"account_history(/|$)"),
             limits="Your posts (every layout since 2018: status updates, shares, photos, check-ins, with or "
                    "without text), comments you wrote, friends and followers by name, and (2018-2020) posts "
                    "friends wrote on your timeline. No likes, comments or shares received, no post ids, no "
                    "impressions: Klout read those through Facebook's API. HTML-format exports cannot be read: "
                    "request JSON."),
    Platform("linkedin", "LinkedIn", dt.datetime(2003, 5, 5), (), True,
             private=(r"messages\.csv$", r"logins?\.csv$", r"verifications?(/|$)"),
             limits="Shares.csv (your posts), Comments.csv (comments you wrote) and Connections.csv (your "
                    "audience, with dates). No reactions or comments received and no follower count."),
    Platform("instagram", "Instagram", dt.datetime(2010, 10, 6), (), True,
             private=(r"messages(/|$)", r"login_and_account_creation(/|$)", r"account_history(/|$)"),
             limits="Your posts with captions and times, comments you wrote, and followers with follow dates. "
                    "No likes or comments received."),
    Platform("googleplus", "Google+", dt.datetime(2011, 6, 28), ("likes", "reposts", "replies"), True,
             limits="Takeout posts (HTML or JSON) with who +1'd, who reshared and the comments received, but not "
                    "when the +1s and reshares came; no follower list (circles were a separate product)."),
)
BY_KEY: dict[str, Platform] = {p.key: p for p in REGISTRY}

KEYS: tuple[str, ...] = tuple(p.key for p in REGISTRY)
NAMES: dict[str, str] = {p.key: p.name for p in REGISTRY}
# The networks Klout read through their APIs.
KLOUT_API: frozenset[str] = frozenset(p.key for p in REGISTRY if p.klout_api)

# One pattern for every platform's private files: an archive's platform is not known before its files are
# listed, so every read is checked against all of them (importers/archive_guard.is_private).
PRIVATE = re.compile("(^|/)(" + "|".join(sorted({r for p in REGISTRY for r in p.private})) + ")", re.IGNORECASE)


def name(key: str) -> str:
    """How a sentence names the platform `key` (the key itself for one the registry does not know)."""
    return NAMES.get(key, key)


def _listed(said: list[str], last: str) -> str:
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + last + said[-1]


def names(keys, last: str = " and ") -> str:
    """"Facebook, LinkedIn and Instagram": the platforms `keys` named in a sentence."""
    return _listed([name(k) for k in keys], last)


def exports() -> str:
    """"X/Twitter, Mastodon, ... or Google+": every platform whose export is an archive, as the Import page
    names them (for "not an ... export")."""
    return _listed([p.export for p in REGISTRY if p.archive], " or ")


def formats() -> str:
    """Every export cloutlab reads, by what it comes as: "X/Twitter, ... or Google+ zip, Bluesky .car, CSV"."""
    zipped = [p.export for p in REGISTRY if p.archive == "zip"]
    return ", ".join([_listed(zipped, " or ") + " zip", *(f"{p.export} {p.archive}".strip() for p in REGISTRY
                                                          if p.archive != "zip")])
