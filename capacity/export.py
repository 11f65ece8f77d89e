"""Pure exporters: tables to CSV and XLSX bytes, safe to open in Excel, with their sources attached.

CSV/formula injection: a spreadsheet treats a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return as a formula (OWASP "CSV Injection"). Text cells starting with one of those get a
leading apostrophe; numbers are never touched, so they stay numbers (also negative ones). In XLSX,
text cells are written with the string data type, so openpyxl never turns them into formulas.

Defaults suit Dutch Excel: CSV with ``;`` as separator and ``,`` as decimal mark, UTF-8 with BOM.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from geodata.sources import get_source

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
DATA_SHEET = "Gegevens"
SOURCE_SHEET = "Bron"
_SHEET_NAME_MAX = 31  # Excel limit


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe; leave the rest."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise every text cell, the column headers and the index labels; numeric columns untouched."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(neutralise).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    if not pd.api.types.is_numeric_dtype(out.index):
        out.index = out.index.map(neutralise)
    return out


def _relabel(frame: pd.DataFrame, headers: Mapping[str, str] | None, index: bool) -> pd.DataFrame:
    out = frame.reset_index() if index else frame.copy()
    if headers:
        out = out.rename(columns=dict(headers))
    return out


def to_csv_bytes(
    frame: pd.DataFrame,
    headers: Mapping[str, str] | None = None,
    *,
    index: bool = True,
    sep: str = ";",
    decimal: str = ",",
    encoding: str = "utf-8-sig",
) -> bytes:
    """CSV for Dutch Excel (``;`` and decimal comma) with formula-like text neutralised.

    ``headers`` renames columns (e.g. to Dutch labels); the index becomes the first column when
    ``index`` is true.
    """
    if sep == decimal:
        raise ValueError("separator and decimal mark must differ")
    table = neutralise_frame(_relabel(frame, headers, index))
    return table.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n").encode(encoding)


def source_rows(source_ids: Iterable[str]) -> list[tuple[str, str, str, str, str, str, str]]:
    """(id, titel, uitgever, licentie, peildatum, url, sha256) for every source, from the registry."""
    rows = []
    for sid in dict.fromkeys(source_ids):
        s = get_source(sid)
        url = s.upstream_url or (s.official_urls[0] if s.official_urls else "")
        rows.append((s.id, s.title, s.publisher, s.licence, s.peildatum_label, url, s.sha256))
    return rows


SOURCE_HEADERS = ("Bron-id", "Titel", "Uitgever", "Licentie", "Peildatum", "URL", "SHA-256")


def _cell_value(value: object) -> object:
    """Plain Python scalars for openpyxl; NaN becomes an empty cell, numpy numbers become numbers."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _text_cell(ws, value: str, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if font is not None:
        cell.font = font
    return cell


def _write_rows(ws, header: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[int]) -> None:
    """Header in bold, then the rows; text as text cells, numbers as plain numbers (write-only sheet)."""
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(w, 60) + 2)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    ws.append([_text_cell(ws, str(h), bold) for h in header])
    for row in rows:
        ws.append([_text_cell(ws, v) if isinstance(v, str) else v for v in map(_cell_value, row)])


def _widths(table: pd.DataFrame) -> list[int]:
    """Column widths from the header and the longest text (vectorised per column)."""
    out = []
    for col in table.columns:
        w = len(str(col))
        values = table[col]
        if not pd.api.types.is_numeric_dtype(values):
            w = max(w, int(values.astype(str).str.len().max() or 0))
        else:
            w = max(w, 12)
        out.append(w)
    return out


def to_xlsx_bytes(
    sheets: pd.DataFrame | Mapping[str, pd.DataFrame],
    headers: Mapping[str, str] | None = None,
    *,
    source_ids: Sequence[str] = (),
    notes: Sequence[str] = (),
    index: bool = True,
) -> bytes:
    """An XLSX workbook: one sheet per table (Dutch headers via ``headers``) plus a "Bron" sheet.

    The "Bron" sheet lists ``notes`` first (e.g. "Het richtgetal is een scenario-invoer, geen
    gegeven") and then every source with publisher, licence, peildatum, URL and checksum, taken
    from ``geodata.sources`` so it cannot drift. Numbers are written as numbers.
    """
    tables = {DATA_SHEET: sheets} if isinstance(sheets, pd.DataFrame) else dict(sheets)
    if not tables:
        raise ValueError("nothing to export")
    if SOURCE_SHEET in tables:
        raise ValueError(f"sheet name {SOURCE_SHEET!r} is reserved for the sources")
    rows: list[Sequence[object]] = [("Toelichting", note, "", "", "", "", "") for note in notes]
    rows += source_rows(source_ids)  # before the workbook exists: an unknown source fails cleanly
    wb = Workbook(write_only=True)  # streams rows: several times faster for a 342-row table
    for name, frame in tables.items():
        table = _relabel(frame, headers, index)
        ws = wb.create_sheet(title=str(name)[:_SHEET_NAME_MAX])
        _write_rows(ws, [str(c) for c in table.columns], table.itertuples(index=False, name=None), _widths(table))
    ws = wb.create_sheet(title=SOURCE_SHEET)
    src_widths = [max([len(str(h))] + [len(str(r[j])) for r in rows]) for j, h in enumerate(SOURCE_HEADERS)]
    _write_rows(ws, SOURCE_HEADERS, rows, src_widths)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = [
    "FORMULA_PREFIXES",
    "neutralise",
    "neutralise_frame",
    "source_rows",
    "to_csv_bytes",
    "to_xlsx_bytes",
]
