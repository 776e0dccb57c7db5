"""What an export cannot mean, cleaned on the way into the store (every importer, one place).

- Dates before the platform existed, or after the export was made (or tomorrow, when the export does not
  say when it was made), are left out with a warning that counts them: one tweet dated 9999 otherwise
  makes every day grid span eight thousand years.
- Counts that are not non-negative whole numbers are stored as missing (NULL), with a warning. Importers
  mark a count that was present but unreadable with -1 (see importers.common.as_count), so this one rule
  covers both.
- Post text longer than FIELD_LIMIT characters is cut to it, with a warning.
- Account fields: followers/following that are not counts, and dates outside the plausible range, become
  missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cloutlab import platforms, schema

FIELD_LIMIT = 1_000_000  # characters in one text field; no post is longer (the CSV importer's limit too)
INT_MAX = 2**31 - 1  # counts are INTEGER columns

# The day each platform opened to the public (or its first posts): nothing can be older.
PLATFORM_START = {p.key: p.start for p in platforms.REGISTRY if p.start is not None}
EARLIEST = dt.datetime(1997, 1, 1)  # a CSV's platform is unknown: before the first social networks


def floor(platform: str) -> dt.datetime:
    return PLATFORM_START.get(platform, EARLIEST)


def ceiling(account: dict[str, Any]) -> dt.datetime:
    """The latest plausible post: the export's date (plus a day of time zones) when it says, else tomorrow."""
    tomorrow = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(days=1)
    made = account.get("exported_at")
    if isinstance(made, dt.datetime) and floor(account["platform"]) < made <= tomorrow + dt.timedelta(days=365):
        return made + dt.timedelta(days=1)
    return tomorrow


def count_value(value: Any) -> int | None:
    """A non-negative whole number below INT_MAX, or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= INT_MAX else None


def account_fields(account: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The accounts row with counts and dates it cannot mean made missing (warning once per field)."""
    out = dict(account)
    for field in ("followers", "following"):
        value = out.get(field)
        if value is not None and count_value(value) is None:
            out[field] = None
            warnings.append(f"The export gives {field} as {str(value)[:30]!r}, which is not a count, so it is stored as missing.")
    low = floor(out["platform"])
    for field in ("created_at", "exported_at"):
        value = out.get(field)
        if value is not None and (not isinstance(value, dt.datetime) or not low <= value <= dt.datetime(2200, 1, 1)):
            out[field] = None
            warnings.append(f"The export's {field.replace('_', ' ')} ({str(value)[:30]}) cannot be right, so it is stored as missing.")
    for field in ("display_name",):
        value = out.get(field)
        if value is not None:
            out[field] = str(value)[:1000]
    return out


def clean_posts(con, platform: str, name: str, account: dict[str, Any], warnings: list[str]) -> None:
    """Inside the store's transaction: the rules above on this account's rows."""
    key = [platform, name]
    acct = "platform = ? AND account = ?"
    low, high = floor(platform), ceiling(account)
    early, late = con.execute(
        f"SELECT count(*) FILTER (created_at < ?), count(*) FILTER (created_at > ?) FROM {schema.POSTS} WHERE {acct}",
        [low, high, *key]).fetchone()
    if early or late:
        con.execute(f"DELETE FROM {schema.POSTS} WHERE {acct} AND (created_at < ? OR created_at > ?)", [*key, low, high])
        said = []
        if early:
            said.append(f"{early:,} dated before {platform} existed ({low:%Y-%m-%d})")
        if late:
            said.append(f"{late:,} dated after the export was made ({high:%Y-%m-%d})")
        warnings.append(f"{early + late:,} post{'s' if early + late != 1 else ''} with impossible dates "
                        f"{'were' if early + late != 1 else 'was'} left out: {' and '.join(said)}.")
    fields = schema.ENGAGEMENT_FIELDS
    bad = con.execute(
        f"SELECT count(*) FROM {schema.POSTS} WHERE {acct} AND ({' OR '.join(f'{f} < 0' for f in fields)})", key).fetchone()[0]
    if bad:
        sets = ", ".join(f"{f} = CASE WHEN {f} < 0 THEN NULL ELSE {f} END" for f in fields)
        con.execute(f"UPDATE {schema.POSTS} SET {sets} WHERE {acct} AND ({' OR '.join(f'{f} < 0' for f in fields)})", key)
        warnings.append(f"{bad:,} post{'s have' if bad != 1 else ' has'} counts that are not whole numbers of zero or "
                        "more; those counts are stored as missing.")
    long_text = con.execute(f"SELECT count(*) FROM {schema.POSTS} WHERE {acct} AND length(text) > {FIELD_LIMIT}", key).fetchone()[0]
    if long_text:
        con.execute(f"UPDATE {schema.POSTS} SET text = left(text, {FIELD_LIMIT}) WHERE {acct} AND length(text) > {FIELD_LIMIT}", key)
        warnings.append(f"{long_text:,} post{'s' if long_text != 1 else ''} had more than {FIELD_LIMIT:,} characters of "
                        f"text, which no post has; {'they were' if long_text != 1 else 'it was'} cut to that length.")
