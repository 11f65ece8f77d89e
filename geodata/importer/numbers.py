"""The one number parser for user tables: uploads, pledges and CLI input files.

Rules (identical everywhere): decimal comma or point decided per file (:func:`detect_decimal`),
thousands separators ``.``/``,`` by convention and spaces (also NBSP U+00A0, narrow NBSP U+202F, thin
space U+2009), Unicode minus U+2212, scientific notation; CBS symbols (``.``, ``x``, ``-``, …) and
Excel's ``#N/A`` / Dutch ``#N/B`` mean "no value"; other Excel error values, dates, numbers with too
many digits and ±infinity are not numbers. Only finite values come out.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from geodata.importer.limits import DEFAULT_LIMITS

MISSING_SYMBOLS = frozenset(
    {"", ".", "x", "X", "-", "?", "NA", "N/A", "n.v.t.", "nvt", "NaN", "nan", "None", "#N/A", "#N/B", "#NB"}
)
#: Excel error values (English and Dutch Excel) other than "not available"
EXCEL_ERRORS = frozenset(
    {
        "#NAME?",
        "#NAAM?",
        "#DIV/0!",
        "#DEEL/0!",
        "#VALUE!",
        "#WAARDE!",
        "#REF!",
        "#VERW!",
        "#NUM!",
        "#GETAL!",
        "#NULL!",
        "#LEEG!",
        "#SPILL!",
        "#OVERLOOP!",
        "#CALC!",
        "#BEREKENEN!",
    }
)
SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003"  # NBSP, narrow NBSP (Excel/LibreOffice fr/nl), thin, figure, en, em
MINUS = "\u2212"

_NUM_COMMA = re.compile(r"^[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$")  # 1.234,5  1234,5
_NUM_POINT = re.compile(r"^[+-]?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?$")  # 1,234.5  1234.5
_NUM_SCI = re.compile(r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")
_DATE = re.compile(r"^(\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?)$")
_SPACE_TABLE = str.maketrans({**dict.fromkeys(SPACES, " "), MINUS: "-"})


def _cell_text(v: object) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S" if (v.hour or v.minute or v.second) else "%Y-%m-%d")
    if isinstance(v, dt.date | dt.time | dt.timedelta):
        return v.isoformat() if not isinstance(v, dt.timedelta) else str(v)
    return str(v)


def normalise_text(text: str) -> str:
    """One cell as the parser sees it: Unicode spaces and minus folded, all spaces removed."""
    return text.translate(_SPACE_TABLE).strip().replace(" ", "")


def text_cells(col: pd.Series) -> pd.Series:
    """Cells as stripped text without spaces (numbers from XLSX keep their exact value via repr).

    A plain list comprehension: per-column pandas string calls cost milliseconds each, which adds up
    on a 300-column file."""
    values = [None if v is None else _cell_text(v).translate(_SPACE_TABLE).strip().replace(" ", "") for v in col]
    return pd.Series(values, index=col.index, dtype="string")


def detect_decimal(cells: pd.DataFrame, separator: str | None = None) -> str:
    """',' when the cells use decimal commas (1.234,5), '.' otherwise.

    Cells that could be either (1,234 / 1.234) don't vote; on a tie a ';'-separated file is taken
    to use decimal commas (the Dutch Excel/StatLine convention).
    """
    stacked = cells.stack()
    tie = "," if separator in (";", "\t") else "."
    if stacked.empty:
        return tie
    text = stacked.astype("string")
    comma = text.str.fullmatch(r"[+-]?[\d.]*\d,\d+") & ~text.str.fullmatch(r"[+-]?[1-9]\d{0,2}(,\d{3})+")
    point = text.str.fullmatch(r"[+-]?[\d,]*\d\.\d+") & ~text.str.fullmatch(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")
    n_comma, n_point = int(comma.fillna(False).sum()), int(point.fillna(False).sum())
    if n_comma == n_point:
        return tie
    return "," if n_comma > n_point else "."


def _digits(text: pd.Series) -> pd.Series:
    return text.str.count(r"\d").fillna(0)


def parse_numbers(cells: pd.Series, decimal: str, max_digits: int = DEFAULT_LIMITS.max_digits) -> pd.Series:
    """Normalised text (see :func:`text_cells`) -> float64; NaN where not a finite number."""
    text = cells.astype("string")
    sci = text.str.fullmatch(_NUM_SCI).fillna(False)
    if decimal == ",":
        ok = text.str.fullmatch(_NUM_COMMA).fillna(False) | sci
        clean = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        clean = clean.where(~sci, text.str.replace(",", ".", regex=False))
    else:
        ok = text.str.fullmatch(_NUM_POINT).fillna(False) | sci
        clean = text.str.replace(",", "", regex=False).where(~sci, text)
    long_cells = (text.str.len() > max_digits).fillna(False)
    if long_cells.any():  # count digits only where there can be too many
        ok &= ~long_cells | (_digits(text.where(long_cells)) <= max_digits)
    values = pd.to_numeric(clean.where(ok), errors="coerce").astype("float64")
    return values.where(np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan)))


def parse_number(text: str, decimal: str = ".", max_digits: int = DEFAULT_LIMITS.max_digits) -> float | None:
    """One value with the same rules (None when it is not a finite number)."""
    value = parse_numbers(pd.Series([normalise_text(str(text))], dtype="string"), decimal, max_digits).iloc[0]
    return None if pd.isna(value) else float(value)


def why_not_number(cell: str, max_digits: int = DEFAULT_LIMITS.max_digits) -> str:
    """The Dutch reason a (normalised) cell is not a number, for the report."""
    shown = cell if len(cell) <= 30 else cell[:29] + "…"
    if cell.upper() in EXCEL_ERRORS:
        return f"Excel-foutwaarde '{shown}' in een kolom met getallen; herstel de formule of laat de cel leeg."
    if _DATE.match(cell):
        return (
            f"Datum '{shown}' in een kolom met getallen; Excel heeft het getal misschien als datum opgemaakt "
            "(maak de kolom op als 'Getal')."
        )
    digits = sum(ch.isdigit() for ch in cell)
    if digits > max_digits:
        return (
            f"Getal met {digits} cijfers in een kolom met getallen; de grens is {max_digits} cijfers "
            "(cijfers in één getal, instelling max_digits)."
        )
    if re.fullmatch(r"[+-]?(inf|infinity|oneindig)", cell, re.IGNORECASE) or (
        _NUM_SCI.match(cell) and not np.isfinite(float(cell.replace(",", ".")))
    ):
        return f"Geen getal: '{shown}' is oneindig of te groot (alleen eindige getallen)."
    return f"Geen getal: '{shown}' in een kolom met getallen."
