import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_data / st.cache_resource are process-global: AppTest instances share them."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(scope="session")
def export_fixtures(tmp_path_factory):
    """Every generated export fixture (good and bad), written once per test session: {name: Path}."""
    from make_fixtures import build_all

    return build_all(tmp_path_factory.mktemp("exports"))
