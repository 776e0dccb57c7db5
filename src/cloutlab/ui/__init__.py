"""The only part of cloutlab that imports streamlit: session-state keys, cached wrappers, shared widgets."""
