import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_data / st.cache_resource are process-global: AppTest instances share them."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
