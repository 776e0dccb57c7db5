"""The one error type that crosses the boundary (CLI, pages)."""


class CloutlabError(Exception):
    """A problem the person can act on. The message is one plain sentence saying what is wrong and what to do.

    Pages catch this type only and show it with st.error; the CLI prints it as `cloutlab: error: ...` and
    exits 2. Anything else is a bug and should be loud.
    """


class StoreError(CloutlabError):
    """The store could not write an account; nothing was stored (store.write_account raises it).

    Importers tell its causes apart by these fields, never by the message's text:
    `reading_rows` is True when DuckDB failed on the incoming rows themselves (not the disk, memory or the
    database file), so an importer may look for the file at fault; `duplicate_id` is the id two incoming
    posts share when that is the cause.
    """

    def __init__(self, message: str, *, reading_rows: bool = False, duplicate_id: str | None = None):
        super().__init__(message)
        self.reading_rows = reading_rows
        self.duplicate_id = duplicate_id
