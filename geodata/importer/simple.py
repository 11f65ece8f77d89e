"""Small tables with fixed columns (pledges on the Richtgetal page, CLI input files) through the importer.

Same decoding, separator sniffing, title/footnote handling, quote checks, limits and number rules as
uploads (:mod:`geodata.importer.numbers`), so ``12.5`` in a decimal-comma file is never read as 125 and
``inf`` is never a pledge. Every problem is an :class:`~geodata.importer.limits.InputError` with a Dutch
(``str()``) and an English (``.en``) sentence naming the row and column.
"""

from __future__ import annotations

import pandas as pd

from geodata.importer.limits import DEFAULT_LIMITS, Budget, InputError, LimitExceeded, Limits
from geodata.importer.model import ImportResult, Message, Reject, empty_frame
from geodata.importer.numbers import MISSING_SYMBOLS, detect_decimal, parse_numbers, text_cells, why_not_number
from geodata.importer.reading import csv_rows, file_kind
from geodata.importer.shape import frame_from_rows


def _first_error(report: list[Message]) -> str:
    errors = [m for m in report if m.level == "error"]
    return str(errors[0].text) if errors else "het bestand kan niet worden gelezen"


def read_small_table(
    data: bytes,
    *,
    what: tuple[str, str] = ("bestand", "file"),
    required: tuple[str, ...] = (),
    numeric: tuple[str, ...] = (),
    limits: Limits = DEFAULT_LIMITS,
    lower: bool = False,
) -> pd.DataFrame:
    """A CSV table with text columns (stripped) and ``numeric`` columns as finite float64.

    ``required`` columns must exist (case-insensitive when ``lower``: names are lower-cased). The
    frame's ``attrs["lines"]`` holds the file line of each row, ``attrs["decimal"]`` the decimal sign.
    """
    what_nl, what_en = what
    if not isinstance(data, bytes | bytearray):
        raise InputError(f"{what_nl}: geen inhoud ontvangen", f"{what_en}: no content received")
    if len(data) > limits.max_bytes:
        raise LimitExceeded(
            "max_bytes",
            limits,
            f"{what_nl} is te groot ({len(data)} bytes)",
            f"{what_en} is too large ({len(data)} bytes)",
        )
    kind = file_kind(bytes(data), "table.csv")
    if kind != "csv":
        raise InputError(
            f"{what_nl} is geen tekstbestand (CSV); sla het op als CSV UTF-8",
            f"{what_en} is not a text (CSV) file; save it as 'CSV UTF-8'",
        )
    report: list[Message] = []
    result = ImportResult(frame=empty_frame())
    budget = Budget(limits)
    try:
        text_lines = [ln for ln in bytes(data).decode("utf-8", errors="replace").splitlines() if ln.strip()]
        if not text_lines or not bytes(data).strip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):
            raise InputError(f"{what_nl} is leeg", f"{what_en} is empty")
        rows = csv_rows(bytes(data), report, result, limits, budget)
        if sum(1 for r in rows if any(str(v).strip() for v in r)) < 2:
            raise InputError(f"{what_nl} heeft een kopregel maar geen rijen", f"{what_en} has a header but no rows")
        raw, line_nos = frame_from_rows(rows, report, limits)
    except Reject:
        message = _first_error(report)
        raise InputError(f"{what_nl}: {message}", f"{what_en}: {message}") from None
    if any(m.level == "error" for m in report):
        message = _first_error(report)
        raise InputError(f"{what_nl}: {message}", f"{what_en}: {message}")
    names = [str(c).strip().lower() if lower else str(c).strip() for c in raw.columns]
    raw.columns = names
    missing = [c for c in required if c not in names]
    if missing:
        raise InputError(
            f"in {what_nl} ontbreken de kolommen {missing}; aanwezig: {names[:10]}",
            f"{what_en} lacks columns {missing}; has {names[:10]}",
        )
    out = pd.DataFrame(index=raw.index)
    for col in raw.columns:
        out[col] = text_cells(raw[col]).where(lambda s: s.notna(), "") if col in numeric else _stripped(raw[col])
    lines = pd.Series(line_nos, index=raw.index)
    if numeric:
        cells = out[list(numeric)]
        decimal = detect_decimal(cells.where(~cells.isin(MISSING_SYMBOLS)), result.separator)
        for col in numeric:
            values = parse_numbers(out[col], decimal, limits.max_digits)
            bad = values.isna().to_numpy()
            if bad.any():
                pos = int(bad.argmax())
                cell = str(out[col].iloc[pos])
                reason = "lege cel" if cell in MISSING_SYMBOLS else why_not_number(cell, limits.max_digits)
                en = "empty cell" if cell in MISSING_SYMBOLS else f"{cell[:30]!r} is not a finite number"
                line = int(lines.iloc[pos])
                raise InputError(
                    f"{what_nl}, rij {line}, kolom '{col}': {reason}", f"{what_en}, row {line}, column {col!r}: {en}"
                )
            out[col] = values.astype("float64")
        out.attrs["decimal"] = decimal
    out.attrs["lines"] = lines.to_numpy()
    return out


def _stripped(col: pd.Series) -> pd.Series:
    return col.map(lambda v: v.strip() if isinstance(v, str) else ("" if v is None else str(v))).astype(str)


def read_pledges(raw: bytes, codes: pd.Index, limits: Limits = DEFAULT_LIMITS) -> pd.Series:
    """Pledges per gemeentecode from a small CSV (columns ``gemeentecode`` and ``toezegging``).

    ``InputError`` (a ``ValueError``) with a Dutch reason for anything off: unknown codes, duplicates,
    non-whole or negative numbers, infinity, malformed files. Never any other exception.
    """
    try:
        return _read_pledges(raw, codes, limits)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - last line of defence: no Python words reach the page
        raise InputError(
            "het bestand kan niet worden gelezen; verwacht een CSV met de kolommen gemeentecode en toezegging",
            "the file cannot be read; expected a CSV with the columns gemeentecode and toezegging",
        ) from None


def _read_pledges(raw: bytes, codes: pd.Index, limits: Limits) -> pd.Series:
    frame = read_small_table(
        raw,
        what=("het bestand", "the file"),
        required=("gemeentecode", "toezegging"),
        numeric=("toezegging",),
        limits=limits,
        lower=True,
    )
    code = frame["gemeentecode"].str.upper()
    unknown = sorted(set(code) - set(codes))
    if unknown:
        shown = ", ".join(u[:12] for u in unknown[:5])
        raise InputError(f"onbekende gemeentecodes: {shown}", f"unknown gemeente codes: {shown}")
    if code.duplicated().any():
        shown = ", ".join(sorted(set(code[code.duplicated()]))[:5])
        raise InputError(f"dubbele gemeentecodes: {shown}", f"duplicate gemeente codes: {shown}")
    values = frame["toezegging"]
    bad = ((values < 0) | (values % 1 != 0)).to_numpy()
    if bad.any():
        line = int(frame.attrs["lines"][int(bad.argmax())])
        raise InputError(
            f"toezegging moet een heel getal ≥ 0 zijn (regel {line})",
            f"a pledge must be a whole number ≥ 0 (line {line})",
        )
    return pd.Series(values.to_numpy(dtype=float), index=pd.Index(code, name="gemeentecode"), name="pledge")
