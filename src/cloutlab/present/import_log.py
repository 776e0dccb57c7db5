"""The import log as a table for the Import page: few, readable columns, so it fits its width."""

from __future__ import annotations

import pandas as pd

from cloutlab.present.text import md_escape
from cloutlab.scores.missing import NOT_IN_EXPORT

COLUMNS = ["file", "platform", "account", "items", "original", "replies", "self_replies", "reposts", "quotes",
           "first", "last", "followers", "following", "engagement_fields"]


def account_name(platform: str, account: str, display_name: str | None = None, handle: str | None = None) -> str:
    """How a person recognises the account: the handle where the export has one. A Bluesky repository
    names only its DID (the handle lives outside the export), so the profile's display name leads and the
    DID is shortened."""
    if handle:
        return handle.lstrip("@")
    if account.startswith("did:"):
        short = account if len(account) <= 20 else f"{account[:14]}…{account[-4:]}"
        return f"{display_name} ({short})" if display_name else short
    return account  # X and Mastodon name accounts by their handle already


def _count(v) -> str:
    return NOT_IN_EXPORT if v is None or pd.isna(v) else f"{int(v):,}"


def _date(v) -> str:
    return "" if v is None or pd.isna(v) else f"{pd.Timestamp(v):%Y-%m-%d}"


def log_table(log: list[dict], names: dict[tuple[str, str], str] | None = None) -> pd.DataFrame:
    """One row per import; unknown follower counts read NOT_IN_EXPORT. `names` maps (platform,
    account) to a display name (from the accounts table), used for accounts known only by an id."""
    names = names or {}
    rows = []
    for e in log:
        rows.append({
            "file": e["file"], "account": account_name(e["platform"], e["account"], names.get((e["platform"], e["account"])),
                                                       e.get("handle")),
            "platform": e["platform"], "items": f"{e['items']:,}",
            "period": f"{_date(e.get('first'))} to {_date(e.get('last'))}", "followers": _count(e.get("followers")),
        })  # what the items are and which counts the export carries: in the import's box below the table
    return pd.DataFrame(rows)


def warnings_markdown(entry: dict, names: dict | None = None) -> str:
    """Every warning of one import as one list (one box per import, not one box per sentence)."""
    who = account_name(entry["platform"], entry["account"], (names or {}).get((entry["platform"], entry["account"])),
                       entry.get("handle"))
    n = len(entry["warnings"])
    kinds = (f"{entry.get('original', 0):,} posts, {entry.get('replies', 0):,} replies, "
             f"{entry.get('reposts', 0):,} reposts, {entry.get('quotes', 0):,} quotes")
    counts = ", ".join(entry.get("engagement_fields") or []) or "none"
    lines = [f"**{md_escape(entry['file'])}** ({md_escape(who)}, {md_escape(entry['platform'])}): "
             f"{md_escape(kinds)}; counts carried: {md_escape(counts)}. "
             + (f"{n} note{'s' if n != 1 else ''}:" if n else "No notes.")]
    lines += [f"- {md_escape(w)}" for w in entry["warnings"]]
    return "\n".join(lines)
