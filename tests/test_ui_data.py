"""ui.data: data-layer failures become a Dutch message with the fix, never a traceback."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _missing_data_app() -> None:
    import streamlit as st

    from geodata.paths import DataNotFoundError
    from ui.data import guarded

    def loader() -> None:
        raise DataNotFoundError("No data found.")

    guarded(loader)
    st.write("not reached")


def _checksum_app() -> None:
    import streamlit as st

    from geodata.cache import ChecksumMismatchError
    from ui.data import guarded

    def loader() -> None:
        raise ChecksumMismatchError("sha256 differs for cbs_kwb_2024")

    guarded(loader)
    st.write("not reached")


def test_missing_data_shows_dutch_fix_and_stops():
    at = AppTest.from_function(_missing_data_app).run()
    assert not at.exception
    assert len(at.error) == 1
    msg = at.error[0].value
    assert "CAPACITY_DATA_DIR" in msg and "python -m geodata fetch" in msg and "niet gevonden" in msg
    assert not at.markdown  # the page stopped


def test_checksum_mismatch_names_check_command():
    at = AppTest.from_function(_checksum_app).run()
    assert not at.exception
    assert "python -m geodata check" in at.error[0].value
    assert "beschadigd" in at.error[0].value
