"""Download buttons for tables: CSV and XLSX bytes come from ``capacity.export`` (pure, tested there)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from capacity.export import to_csv_bytes, to_xlsx_bytes
from capacity.provenance import provenance_lines
from capacity.scenario_compute import RESULT_COLUMNS
from ui.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_DECIMALS = 2  # float columns without a registered precision: never more than the screen shows


def shown_decimals() -> dict[str, int]:
    """Decimals of every allocation-table column as the Richtgetal page shows them, by internal name
    and by Dutch header (extra sheets arrive with Dutch headers); from ``RESULT_COLUMNS``."""
    out: dict[str, int] = {}
    for col, (nl, _en, places) in RESULT_COLUMNS.items():
        if places >= 0:
            out[col] = out[nl] = places
    return out


def table_downloads(
    frame: pd.DataFrame,
    *,
    basename: str,
    key: str,
    headers: Mapping[str, str] | None = None,
    source_ids: Sequence[str] = (),
    notes: Sequence[str] = (),
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    decimals: Mapping[str, int] | None = None,
    default_decimals: int = DEFAULT_DECIMALS,
) -> None:
    """A CSV and an XLSX button side by side; the XLSX carries a "Bron" sheet with the sources, the CSV
    a ``#`` header comment with the method version and the data files' sha256 (``capacity.provenance``).

    Numbers are rounded to what the pages show (:func:`shown_decimals`, overridden by ``decimals``;
    other float columns to ``default_decimals``) and stay numbers.

    The bytes are built only when the user clicks (a callable ``data``: Streamlit keeps it in its media
    file manager, not in session state, and runs it on a separate thread), so a rerun never pays for
    openpyxl: building a 342-row workbook costs ~0.1 s, a Prognose table of thousands of rows seconds.
    """
    places = {**shown_decimals(), **(decimals or {})}
    left, right = st.columns(2)
    left.download_button(
        t("export.csv"),
        data=lambda: to_csv_bytes(
            frame,
            headers,
            decimals=places,
            default_decimals=default_decimals,
            comments=provenance_lines(source_ids),
        ),
        file_name=f"{basename}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        width="stretch",
    )
    sheets = {"Gegevens": frame, **(extra_sheets or {})}
    right.download_button(
        t("export.xlsx"),
        data=lambda: to_xlsx_bytes(
            sheets, headers, source_ids=source_ids, notes=notes, decimals=places, default_decimals=default_decimals
        ),
        file_name=f"{basename}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        width="stretch",
    )


def json_download(text: str, *, file_name: str, key: str, label: str | None = None) -> None:
    """Download a JSON document (e.g. the scenario) without rerunning the page."""
    st.download_button(
        label or t("export.json"),
        data=text.encode("utf-8"),
        file_name=file_name,
        mime="application/json",
        key=key,
        on_click="ignore",
    )
