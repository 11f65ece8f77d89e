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
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from capacity.provenance import METHOD_VERSION
from geodata.sources import get_source

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
DATA_SHEET = "Gegevens"
SOURCE_SHEET = "Bron"
_SHEET_NAME_MAX = 31  # Excel limit

if TYPE_CHECKING:  # openpyxl is imported where a workbook is written: ~0.3 s off every app start
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font


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
    decimals: Mapping[str, int] | None = None,
    default_decimals: int | None = None,
    comments: Sequence[str] = (),
) -> bytes:
    """CSV for Dutch Excel (``;`` and decimal comma) with formula-like text neutralised.

    ``comments``: header lines written first as ``# line`` (e.g. :func:`capacity.provenance.provenance_lines`:
    method version and data sha256); ``pandas.read_csv(..., comment="#")`` skips them.

    ``headers`` renames columns (e.g. to Dutch labels); the index becomes the first column when
    ``index`` is true. ``decimals``/``default_decimals``: see :func:`round_for_export` (by the
    original column names).
    """
    if sep == decimal:
        raise ValueError("separator and decimal mark must differ")
    frame = round_for_export(frame, decimals, default_decimals)
    table = neutralise_frame(_relabel(frame, headers, index))
    head = "".join(f"# {' '.join(str(line).split())}\r\n" for line in comments)
    return (head + table.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")).encode(encoding)


def source_rows(source_ids: Iterable[str]) -> list[tuple[str, str, str, str, str, str, str, str]]:
    """(id, titel, uitgever, licentie, peildatum, url, bestand, sha256) for every source, from the registry.

    ``url`` is the publisher's own page (CBS, PDOK: ``official_urls[0]``) when the registry has one,
    so a reader lands on the authority rather than on a third-party copy; ``bestand`` names the exact
    file the numbers were computed from (the byte-identical download, else its path in the data
    mirror), which the SHA-256 identifies.
    """
    rows = []
    for sid in dict.fromkeys(source_ids):
        s = get_source(sid)
        url = s.official_urls[0] if s.official_urls else (s.upstream_url or "")
        file = s.upstream_url or f"datamirror: {s.path}"
        rows.append((s.id, s.title, s.publisher, s.licence, s.peildatum_label, url, file, s.sha256))
    return rows


SOURCE_HEADERS = (
    "Bron-id",
    "Titel",
    "Uitgever",
    "Licentie",
    "Peildatum",
    "URL (uitgever)",
    "Gebruikt bestand (download of mirror)",
    "SHA-256",
)
_NOTE_ROW_PAD = ("",) * (len(SOURCE_HEADERS) - 2)


def round_for_export(
    frame: pd.DataFrame, decimals: Mapping[str, int] | None = None, default: int | None = None
) -> pd.DataFrame:
    """Round numbers to what the screen shows, keeping them numbers.

    ``decimals`` maps a column name to its number of decimals; 0 makes whole numbers (nullable
    ``Int64``, so a missing value stays empty). Float columns not listed get ``default`` decimals
    (None: untouched), and a listed-or-default float column whose values are all whole becomes
    ``Int64`` too. Text columns are never touched. Without this, CSVs carry artefacts such as
    ``30,080000000000002`` or ``247,3684210526316`` where the page shows ``30,08`` and ``247``.
    """
    out = frame.copy()
    given = dict(decimals or {})
    for col in out.columns:
        values = out[col]
        if not pd.api.types.is_float_dtype(values):
            continue
        places = given.get(col, default)
        if places is None:
            continue
        rounded = values.round(int(places))
        finite = rounded.dropna()
        whole = bool(np.isfinite(finite).all() and (finite == np.round(finite)).all())
        out[col] = rounded.astype("Int64") if (places <= 0 or whole) and np.isfinite(finite).all() else rounded
    return out


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
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if font is not None:
        cell.font = font
    return cell


def _write_rows(ws, header: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[int]) -> None:
    """Header in bold, then the rows; text as text cells, numbers as plain numbers (write-only sheet)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

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
    decimals: Mapping[str, int] | None = None,
    default_decimals: int | None = None,
) -> bytes:
    """An XLSX workbook: one sheet per table (Dutch headers via ``headers``) plus a "Bron" sheet.

    The "Bron" sheet lists the method version (``capacity.provenance``), then ``notes`` (e.g. "Het richtgetal is een scenario-invoer, geen
    gegeven") and then every source with publisher, licence, peildatum, URL and checksum, taken
    from ``geodata.sources`` so it cannot drift. Numbers are written as numbers, rounded per
    :func:`round_for_export` (``decimals`` by column name, applied to every sheet).
    """
    tables = {DATA_SHEET: sheets} if isinstance(sheets, pd.DataFrame) else dict(sheets)
    if not tables:
        raise ValueError("nothing to export")
    if SOURCE_SHEET in tables:
        raise ValueError(f"sheet name {SOURCE_SHEET!r} is reserved for the sources")
    rows: list[Sequence[object]] = [("Methodeversie", f"{METHOD_VERSION} (CHANGELOG.md)", *_NOTE_ROW_PAD)]
    rows += [("Toelichting", note, *_NOTE_ROW_PAD) for note in notes]
    rows += source_rows(source_ids)  # before the workbook exists: an unknown source fails cleanly
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # streams rows: several times faster for a 342-row table
    for name, frame in tables.items():
        table = _relabel(round_for_export(frame, decimals, default_decimals), headers, index)
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
    "round_for_export",
    "source_rows",
    "to_csv_bytes",
    "to_xlsx_bytes",
]
