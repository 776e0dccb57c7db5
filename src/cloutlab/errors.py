"""The one error type that crosses the boundary (CLI, pages)."""


class CloutlabError(Exception):
    """A problem the person can act on. The message is one plain sentence saying what is wrong and what to do.

    Pages catch this type only and show it with st.error; the CLI prints it as `cloutlab: error: ...` and
    exits 2. Anything else is a bug and should be loud.
    """
