"""Import a per-gemeente table supplied by a user (CSV or XLSX) and say exactly what was understood.

Input is untrusted: it is parsed as data only (no eval, no pickle, no formulas evaluated, no
macros), bounded by one registry of limits (:class:`Limits`: bytes, unpacked size, declared and actual
rows/columns/cells, cell size, digits, wall-clock budget), and every problem becomes a Dutch message
naming the row, the column or the limit. A file is usable (``ImportResult.ok``) when it has no
error-level message. :func:`read_table` never raises: any unexpected failure becomes a Dutch sentence,
never Python's words.

Handled: separators ``;`` ``,`` tab ``|``; decimal comma or point (with thousands separators, also
NBSP/U+202F) and Unicode minus; UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252; StatLine
exports (title lines above the header, "Bron: CBS" below, codes padded with spaces,
provinces/Nederland rows, the symbols ``.`` and ``x`` for missing, Excel's ``#N/A``/``#N/B``); gemeente
codes as GM0363 / 0363 / 363 or official names (aliases and province suffixes resolved by
:mod:`geodata.names`); old codes converted with :mod:`geodata.herindeling`.

Modules: :mod:`.limits` (the registry, budget, bounded file and JSON reads), :mod:`.numbers` (the one
number parser), :mod:`.reading` (bytes → rows), :mod:`.shape` (header/title/footnotes),
:mod:`.interpret` (key column, numeric columns), :mod:`.simple` (small fixed-column tables: pledges,
CLI input files).
"""

from __future__ import annotations

import pandas as pd

from geodata.importer.interpret import (
    CODE_HEADER_RE,
    NAME_HEADER_RE,
    NON_GEMEENTE_PREFIXES,
    official_names,
    reference_names,
)
from geodata.importer.limits import (
    DEFAULT_LIMITS,
    LIMIT_LABELS,
    Budget,
    InputError,
    LimitExceeded,
    Limits,
    limit_text,
    load_json_bounded,
    read_bytes_bounded,
)
from geodata.importer.model import LEVEL_NL, MAX_CELL_MESSAGES, ImportResult, Level, Message, Reject, empty_frame
from geodata.importer.numbers import MISSING_SYMBOLS, detect_decimal, parse_number, parse_numbers
from geodata.importer.reading import file_kind, xlsx_sheets

MAX_BYTES = DEFAULT_LIMITS.max_bytes  # uploads above 5 MB are refused (a 342-row table is a few kB)
MAX_XLSX_UNPACKED = DEFAULT_LIMITS.max_unpacked
MAX_ROWS = DEFAULT_LIMITS.max_rows
MAX_COLUMNS = DEFAULT_LIMITS.max_columns

__all__ = [
    "CODE_HEADER_RE",
    "DEFAULT_LIMITS",
    "LEVEL_NL",
    "LIMIT_LABELS",
    "MAX_BYTES",
    "MAX_CELL_MESSAGES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_XLSX_UNPACKED",
    "MISSING_SYMBOLS",
    "NAME_HEADER_RE",
    "NON_GEMEENTE_PREFIXES",
    "Budget",
    "ImportResult",
    "InputError",
    "Level",
    "LimitExceeded",
    "Limits",
    "Message",
    "detect_decimal",
    "file_kind",
    "format_report",
    "limit_text",
    "load_json_bounded",
    "official_names",
    "parse_number",
    "parse_numbers",
    "read_bytes_bounded",
    "read_table",
    "reference_names",
    "xlsx_sheets",
]

_REFUSED_KIND = {
    "xls": "Het oude Excel-formaat (.xls) wordt niet ondersteund. Sla het bestand op als .xlsx of als CSV.",
    "encrypted": "Het Excel-bestand is beveiligd met een wachtwoord en kan daarom niet worden gelezen. "
    "Verwijder de beveiliging (Bestand → Info → Werkmap beveiligen) en upload opnieuw.",
    "ods": "Een OpenDocument-rekenblad (.ods, LibreOffice/OpenOffice) wordt niet ondersteund. "
    "Sla het op als .xlsx of als CSV.",
    "bad-xlsx": "Dit is geen geldig .xlsx-bestand (beschadigd of een ander formaat).",
}


def read_table(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    *,
    official: pd.DataFrame | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> ImportResult:
    """Parse and validate one uploaded file. Never raises on bad input; see ``result.report``.

    ``official`` (gemeentecode, gemeentenaam) defaults to the 342 gemeenten of the 2025 division;
    ``limits`` defaults to :data:`DEFAULT_LIMITS` (``max_bytes`` overrides its byte limit).
    """
    limits = limits or DEFAULT_LIMITS
    if max_bytes is not None:
        from dataclasses import replace

        limits = replace(limits, max_bytes=max_bytes)
    result = ImportResult(frame=empty_frame(), filename=str(filename)[:200])
    try:
        _read(data, str(filename), sheet, official, limits, result)
    except Reject:
        result.frame = empty_frame()
    except LimitExceeded as exc:
        result.report.append(Message("error", exc.nl))
        result.frame = empty_frame()
    except RecursionError:
        result.report.append(Message("error", "Het bestand is te diep genest of te complex om te lezen."))
        result.frame = empty_frame()
    except MemoryError:
        result.report.append(Message("error", "Het bestand is te groot om te verwerken."))
        result.frame = empty_frame()
    except Exception:  # noqa: BLE001 - last line of defence: a bad file must never crash the app
        result.report.append(
            Message(
                "error",
                "Het bestand kon niet worden verwerkt: de inhoud heeft een onverwachte vorm. Controleer of het "
                "een tabel is met één rij per gemeente en sla het op als CSV UTF-8 of .xlsx.",
            )
        )
        result.frame = empty_frame()
    return result


def _read(
    data: bytes, filename: str, sheet: str | None, official: pd.DataFrame | None, limits: Limits, result: ImportResult
) -> None:
    from geodata.importer.interpret import interpret
    from geodata.importer.model import reject
    from geodata.importer.reading import csv_rows, xlsx_rows
    from geodata.importer.shape import frame_from_rows

    report = result.report
    if not isinstance(data, bytes | bytearray):
        raise reject(report, "Geen bestandsinhoud ontvangen.")
    data = bytes(data)
    if len(data) > limits.max_bytes:
        raise LimitExceeded("max_bytes", limits, f"Het bestand is te groot ({len(data) / 1024 / 1024:.1f} MB)")
    if not data.strip():
        raise reject(report, "Het bestand is leeg.")
    budget = Budget(limits)
    kind = file_kind(data, filename)
    if kind in _REFUSED_KIND:
        raise reject(report, _REFUSED_KIND[kind])
    if kind.startswith("other:") or kind == "zip":
        ext = kind.split(":", 1)[-1] if kind.startswith("other:") else "zip"
        raise reject(report, f"Bestandstype '.{ext[:10]}' wordt niet ondersteund; gebruik CSV of .xlsx.")
    if kind == "xlsx" and filename.lower().endswith(".xlsm"):
        raise reject(report, "Excel-bestanden met macro's (.xlsm) worden niet geaccepteerd; sla op als .xlsx.")
    rows = (
        xlsx_rows(data, sheet, report, result, limits, budget)
        if kind == "xlsx"
        else csv_rows(data, report, result, limits, budget)
    )
    budget.check()
    raw, line_nos = frame_from_rows(rows, report, limits)
    budget.check()
    interpret(raw, line_nos, official, result, limits, budget)


def format_report(result: ImportResult) -> str:
    """Plain-text report for the CLI: one line per message, then the verdict."""
    lines = [str(m) for m in result.report]
    lines.append(result.summary())
    return "\n".join(lines)
