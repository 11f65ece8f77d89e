"""Download buttons for tables: CSV and XLSX bytes come from ``capacity.export`` (pure, tested there)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from capacity.export import to_csv_bytes, to_xlsx_bytes
from ui.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(
    frame: pd.DataFrame,
    *,
    basename: str,
    key: str,
    headers: Mapping[str, str] | None = None,
    source_ids: Sequence[str] = (),
    notes: Sequence[str] = (),
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
) -> None:
    """A CSV and an XLSX button side by side; the XLSX carries a "Bron" sheet with the sources.

    The bytes are built eagerly: a deferred ``data`` callable cannot live in serialisable session
    state (``runner.enforceSerializableSessionState``), and a 342-row workbook takes milliseconds.
    """
    left, right = st.columns(2)
    left.download_button(
        t("export.csv", "Download CSV", en="Download CSV"),
        data=to_csv_bytes(frame, headers),
        file_name=f"{basename}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        width="stretch",
    )
    sheets = {"Gegevens": frame, **(extra_sheets or {})}
    right.download_button(
        t("export.xlsx", "Download Excel (XLSX)", en="Download Excel (XLSX)"),
        data=to_xlsx_bytes(sheets, headers, source_ids=source_ids, notes=notes),
        file_name=f"{basename}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        width="stretch",
    )


def json_download(text: str, *, file_name: str, key: str, label: str | None = None) -> None:
    """Download a JSON document (e.g. the scenario) without rerunning the page."""
    st.download_button(
        label or t("export.json", "Download scenario (JSON)", en="Download scenario (JSON)"),
        data=text.encode("utf-8"),
        file_name=file_name,
        mime="application/json",
        key=key,
        on_click="ignore",
    )
