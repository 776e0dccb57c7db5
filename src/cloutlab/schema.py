"""The canonical tables, declared once (docs/DESIGN.md section 4).

Every importer, the demo personas and the what-if simulator produce rows in exactly these shapes, so
nothing downstream can tell an import from a demo. Received counts are NULL where an export does not
carry them: unknown is never 0.
"""

from __future__ import annotations

POSTS = "posts"
ACCOUNTS = "accounts"
IMPORTS = "imports"

KINDS = ("original", "reply", "repost", "quote")
# The platforms (their keys in the tables, names, counts, private files) are described in platforms.py.
ENGAGEMENT_FIELDS = ("likes", "reposts", "replies", "quotes")
# What a number an export cannot give reads instead, everywhere it is shown (never 0, never "None").
NOT_IN_EXPORT = "not in this export"

# (column, DuckDB type). Timestamps are naive TIMESTAMPs holding UTC.
POSTS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("platform", "VARCHAR NOT NULL"),
    ("account", "VARCHAR NOT NULL"),
    ("post_id", "VARCHAR NOT NULL"),
    ("created_at", "TIMESTAMP NOT NULL"),
    ("kind", "VARCHAR NOT NULL"),
    ("is_self_reply", "BOOLEAN NOT NULL"),
    ("text", "VARCHAR"),
    ("lang", "VARCHAR"),
    ("reply_to_account", "VARCHAR"),
    ("mentions", "VARCHAR[]"),
    ("hashtags", "VARCHAR[]"),
    ("urls", "VARCHAR[]"),
    ("likes", "INTEGER"),
    ("reposts", "INTEGER"),
    ("replies", "INTEGER"),
    ("quotes", "INTEGER"),
    ("source", "VARCHAR"),
)

ACCOUNTS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("platform", "VARCHAR NOT NULL"),
    ("account", "VARCHAR NOT NULL"),
    ("display_name", "VARCHAR"),
    ("created_at", "TIMESTAMP"),
    ("followers", "INTEGER"),
    ("following", "INTEGER"),
    ("exported_at", "TIMESTAMP"),
)

IMPORTS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("platform", "VARCHAR NOT NULL"),
    ("account", "VARCHAR NOT NULL"),
    ("source_file", "VARCHAR"),
    ("format", "VARCHAR"),
    ("imported_at", "TIMESTAMP NOT NULL"),
    ("items", "INTEGER NOT NULL"),
    ("original", "INTEGER NOT NULL"),
    ("replies", "INTEGER NOT NULL"),
    ("self_replies", "INTEGER NOT NULL"),
    ("reposts", "INTEGER NOT NULL"),
    ("quotes", "INTEGER NOT NULL"),
    ("first_at", "TIMESTAMP"),
    ("last_at", "TIMESTAMP"),
    ("engagement_fields", "VARCHAR[]"),
    ("warnings", "VARCHAR[]"),
)

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    POSTS: POSTS_COLUMNS,
    ACCOUNTS: ACCOUNTS_COLUMNS,
    IMPORTS: IMPORTS_COLUMNS,
}


def column_names(table: str) -> list[str]:
    """Column names of a canonical table, in declared order."""
    return [name for name, _ in TABLES[table]]


def create_statements() -> list[str]:
    """CREATE TABLE IF NOT EXISTS statements for every canonical table."""
    stmts = []
    for table, cols in TABLES.items():
        body = ", ".join(f'"{name}" {sql_type}' for name, sql_type in cols)
        stmts.append(f"CREATE TABLE IF NOT EXISTS {table} ({body})")
    return stmts
