"""cloutlab: a transparent look at opaque influence scores (pure library: no streamlit here)."""

__version__ = "0.1.0"
