"""What people see: charts, reports, citations and inert text (no streamlit here)."""
