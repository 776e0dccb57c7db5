"""The SQL that turns staged X tweet arrays into canonical `posts` rows, parsed and shaped by DuckDB.

Kinds, in order of precedence:
- repost: the text starts with `RT @` (the 2019+ archive has no retweeted_status object, docs/export-formats.md A);
- reply: `in_reply_to_status_id(_str)` is present; a self-reply when it answers the owner's own account id
  or screen name (a thread);
- quote: a heuristic, since the archive has no quoted_status: one of the tweet's expanded URLs points at a
  tweet (`twitter.com/<user>/status/<id>` or `x.com/...`). A plain link to someone's tweet is counted as
  a quote too, which is what a quote tweet looks like in the archive anyway;
- original: everything else.
A retweet's favorite_count / retweet_count are always "0" placeholders, not reactions to this person, so
they are stored as NULL.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import duckdb

from cloutlab.importers.common import STATUS_URL_PATTERN
from cloutlab.importers.x_stage import Staged

# Only the fields cloutlab uses; DuckDB skips the rest of each object without building it.
_TWEET = (
    "STRUCT(id_str VARCHAR, id VARCHAR, full_text VARCHAR, \"text\" VARCHAR, created_at VARCHAR, favorite_count VARCHAR, "
    "retweet_count VARCHAR, lang VARCHAR, source VARCHAR, in_reply_to_status_id_str VARCHAR, "
    "in_reply_to_status_id VARCHAR, in_reply_to_screen_name VARCHAR, in_reply_to_user_id_str VARCHAR, "
    "in_reply_to_user_id VARCHAR, entities STRUCT(hashtags STRUCT(\"text\" VARCHAR)[], "
    "user_mentions STRUCT(screen_name VARCHAR)[], urls STRUCT(expanded_url VARCHAR)[]))"
)


def lit(value: str | None) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _reader(staged: Staged) -> str:
    """One staged file as a column `t` of tweet structs. Explicit columns and a one-row sample: no detection pass."""
    options = f"format='array', auto_detect=false, sample_size=1, columns={{{'tweet' if staged.wrapped else 't'}: {lit(_TWEET)}}}"
    if staged.wrapped:
        return f"SELECT tweet AS t FROM read_json({lit(staged.path)}, {options})"
    return f"SELECT t FROM read_json({lit(staged.path)}, records=false, {options})"  # each element is the struct


def _count(column: str) -> str:
    """Digits only (a whole number of zero or more that fits INTEGER); anything else present is -1, which the
    store stores as missing with a warning. try_cast alone read '3.7' as 4, '-5' as -5 and '0x10' as 16."""
    return (f"CASE WHEN {column} IS NULL THEN NULL WHEN regexp_full_match({column}, '[0-9]{{1,9}}') "
            f"THEN try_cast({column} AS INTEGER) ELSE -1 END")


def posts_query(staged: list[Staged], owner: str, owner_id: str | None) -> str:
    # No name here has three parts (`t.entities.urls`): DuckDB would try it as catalog.table.column, and an
    # attached database file named t.duckdb (its catalog is "t") captured it. Two-part names cannot name a
    # catalog, so `entities` is lifted into its own column `ent` first.
    raw = " UNION ALL ".join(_reader(f) for f in staged) or f"SELECT NULL::{_TWEET} AS t WHERE false"
    return f"""
    WITH raw AS ({raw}),
    tw AS (
      SELECT t, t.entities AS ent, coalesce(t.id_str, t.id) AS post_id, coalesce(t.full_text, t."text") AS body,
             CASE WHEN starts_with(coalesce(t.full_text, t."text"), 'RT @') THEN 'repost'
                  WHEN coalesce(t.in_reply_to_status_id_str, t.in_reply_to_status_id) IS NOT NULL THEN 'reply'
                  WHEN len(list_filter((t.entities).urls, lambda u: regexp_matches(u.expanded_url, {lit('(?i)' + STATUS_URL_PATTERN)}))) > 0
                  THEN 'quote' ELSE 'original' END AS kind
      FROM raw WHERE t IS NOT NULL AND coalesce(t.id_str, t.id) IS NOT NULL
    )
    SELECT 'x' AS platform, {lit(owner)} AS account, post_id,
      coalesce(try_strptime(t.created_at, '%a %b %d %H:%M:%S +0000 %Y'),  -- always UTC in practice: the cheap path
               timezone('UTC', coalesce(try_strptime(t.created_at, '%a %b %d %H:%M:%S %z %Y'),
                                        try_cast(t.created_at AS TIMESTAMPTZ)))) AS created_at,
      kind,
      kind = 'reply' AND coalesce(coalesce(t.in_reply_to_user_id_str, t.in_reply_to_user_id) = {lit(owner_id)}
                                  OR lower(t.in_reply_to_screen_name) = lower({lit(owner)}), false) AS is_self_reply,
      CASE WHEN contains(body, '&') THEN replace(replace(replace(body, '&lt;', '<'), '&gt;', '>'), '&amp;', '&') ELSE body END AS text,
      t.lang AS lang,
      CASE WHEN kind = 'reply' THEN t.in_reply_to_screen_name END AS reply_to_account,
      coalesce(list_filter(list_transform(ent.user_mentions, lambda m: m.screen_name), lambda v: v IS NOT NULL), []) AS mentions,
      coalesce(list_filter(list_transform(ent.hashtags, lambda h: h."text"), lambda v: v IS NOT NULL), []) AS hashtags,
      coalesce(list_filter(list_transform(ent.urls, lambda u: u.expanded_url), lambda v: v IS NOT NULL), []) AS urls,
      CASE WHEN kind <> 'repost' THEN {_count('t.favorite_count')} END AS likes,
      CASE WHEN kind <> 'repost' THEN {_count('t.retweet_count')} END AS reposts,
      NULL::INTEGER AS replies,
      NULL::INTEGER AS quotes,
      CASE WHEN contains(t.source, '>')  -- the link text of <a href=...>Client</a>; split_part is 3x cheaper than a regex
           THEN split_part(split_part(t.source, '>', 2), '<', 1) ELSE t.source END AS source
    FROM tw
    """


# Connection settings for the length of one import, restored afterwards:
# - no progress bar: DuckDB prints it on stdout, where `python -m cloutlab import --json` answers;
# - rows may land in any order (they carry their own timestamps), which lets DuckDB insert on every core
#   instead of one (1.2 s instead of 1.8 s for a million tweets here).
_IMPORT_SETTINGS = {"enable_progress_bar": "false", "preserve_insertion_order": "false"}
# Into a database file, DuckDB's cache is capped for the import (issues 23 and 26): the rows it writes are
# on disk already, and left at its default (80% of the machine's memory) it kept every block it wrote, so its
# peak grew with the archive. Under the cap it drops written blocks and spills its own work to the file's
# temporary folder: 3M tweets peaked at 559 MB under 1 GB, 445 MB under 512 MB, 362 MB under 256 MB (CPU
# +5%). The JSON reader holds buffers per thread, so the cap grows with DuckDB's threads. An in-memory
# database is left alone: its rows can live nowhere else.
FILE_MEMORY_MB = 512
FILE_MEMORY_MB_PER_THREAD = 256


def _on_disk(con) -> bool:
    """A database file with somewhere to spill (DuckDB's default: a folder beside it). Each result here is
    fetched whole: a streamed one left unfinished makes DuckDB 2.0 refuse the import's next query."""
    return con.execute("SELECT coalesce(path, '') <> '' AND current_setting('temp_directory') <> '' FROM duckdb_databases() "
                       "WHERE database_name = current_database()").fetchall()[0][0]


@contextmanager
def import_settings(con):
    before = {k: con.execute(f"SELECT current_setting('{k}')").fetchall()[0][0] for k in _IMPORT_SETTINGS}
    for key, value in _IMPORT_SETTINGS.items():
        con.execute(f"SET {key} = {value}")
    try:
        if _on_disk(con):
            _cap_memory(con, before)
        yield
    finally:
        for key, value in before.items():
            con.execute(f"RESET {key}")  # the default exactly, where it was (a size reads back rounded: '18.8 GiB')
            if con.execute(f"SELECT current_setting('{key}')").fetchall()[0][0] != value:
                con.execute(f"SET {key} = {_literal(value)}")


def _cap_memory(con, before: dict) -> None:
    """Lower DuckDB's memory limit for the import (never raise it), noting the old one in `before`."""
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    cap = f"{max(FILE_MEMORY_MB, FILE_MEMORY_MB_PER_THREAD * threads)}MiB"
    old = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    if _bytes(old) <= _bytes(cap):
        return  # a lower limit set by someone else stays
    try:
        con.execute(f"SET memory_limit = '{cap}'")
    except duckdb.Error:
        return  # more than the cap is in use and cannot be let go (another tab's query): import uncapped
    before["memory_limit"] = old


_UNITS = {"": 1, "BYTE": 1, "BYTES": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40}


def _bytes(size: str) -> float:
    """DuckDB's way of writing a size ('18.8 GiB', '1GB') in bytes; unreadable reads as no limit."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]*)\s*", size)
    try:
        return float(match[1]) * _UNITS[match[2].upper()]
    except (TypeError, ValueError, KeyError):
        return float("inf")


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return lit(str(value))


_MALFORMED = re.compile(r'in record/value (?P<rec>\d+): (?P<why>[^.\n]*)')


def explain(message: str, label: str, member: str) -> str:
    """Name the archive member DuckDB choked on, instead of a temporary file the person never saw."""
    match = _MALFORMED.search(message)
    if match:
        return (
            f"{label}: {member} is not valid JSON near tweet {int(match['rec']):,} ({match['why'].strip()}); "
            "the file was damaged or edited: download the export again."
        )
    reason = re.sub(r'"?(/[^"\s]*cloutlab-[^"\s]*|/proc/self/fd/\d+)"?', member, message.split("\n")[0])
    return f"{label}: {member} could not be read as X tweets ({reason[:160]}); download the export again."


def check_query(staged: Staged) -> str:
    """Parse and shape one staged file; returns how many tweets have no readable date (errors if malformed)."""
    return f"SELECT count(*) FILTER (created_at IS NULL) FROM ({posts_query([staged], '', None)})"
