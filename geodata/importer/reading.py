"""Bytes → rows of cells: file-type sniffing, text decoding, CSV and a bounded, streaming XLSX reader.

Every loop is bounded by :class:`~geodata.importer.limits.Limits` (rows, columns, cells, cell size,
unpacked and shared-strings size) and checks the wall-clock :class:`~geodata.importer.limits.Budget`.
The XLSX sheet is streamed cell by cell (elements are cleared as they are read), so a tiny file that
declares ``A1:XFD1048576`` or holds millions of empty cells is refused without materialising them.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile

from geodata.importer.limits import MB, Budget, LimitExceeded, Limits
from geodata.importer.model import MAX_CELL_MESSAGES, ImportResult, Message, Reject, col_letter, reject

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
SEPARATOR_NAMES = {";": "puntkomma", ",": "komma", "\t": "tab", "|": "verticale streep"}
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def file_kind(data: bytes, filename: str) -> str:
    """'csv', 'xlsx', or a reason to refuse: 'xls', 'encrypted', 'ods', 'bad-xlsx', 'zip', 'other:<ext>'."""
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data[:4] == b"PK\x03\x04":
        if b"mimetype" in data[:200] and b"opendocument" in data[:300] or ext == "ods":
            return "ods"
        return "xlsx" if ext in ("xlsx", "xlsm", "csv", "txt", "") else "zip"
    if data[:8] == OLE_MAGIC:
        return "encrypted" if ENCRYPTED_MARK in data else "xls"
    if ext == "ods":
        return "ods"
    if ext in ("csv", "txt", "tsv", ""):
        return "csv"
    if ext == "xlsx":
        return "bad-xlsx"
    return "other:" + ext


# --- text ------------------------------------------------------------------------------------------------


def decode(data: bytes, report: list[Message]) -> str:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise reject(
                report, "Het bestand begint als UTF-8 maar bevat ongeldige tekens. Sla het opnieuw op als CSV UTF-8."
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:  # odd length, lone surrogate, …
            raise reject(
                report,
                "Het UTF-16-bestand ('Unicode-tekst') is beschadigd of afgekapt. Sla het opnieuw op, liefst als CSV UTF-8.",
            ) from None
        report.append(Message("info", "Gelezen als UTF-16 (Excel 'Unicode-tekst')."))
        return text
    if b"\x00" in data[:4096]:
        raise reject(
            report,
            "Dit is geen tekstbestand (binaire inhoud) of de tekencodering wordt niet "
            "herkend. Sla het op als CSV (UTF-8) of als .xlsx.",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise reject(
            report,
            "De tekencodering wordt niet herkend (geen UTF-8 en geen Windows-1252). Sla het bestand op als CSV UTF-8.",
        ) from None
    report.append(Message("info", "Tekencodering Windows-1252 (geen UTF-8) herkend en omgezet."))
    return text


def control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample)


def sniff_separator(text: str) -> str:
    """The separator that splits most lines into the same number of fields (';' on a tie, Dutch Excel)."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    best, best_score = ";", (0, 0)
    for sep in (";", "\t", ",", "|"):
        counts = [ln.count(sep) for ln in lines]
        if not any(counts):
            continue
        modal = max(set(counts), key=lambda c: (counts.count(c), c))  # noqa: B023 - used at once
        score = (sum(c == modal and c > 0 for c in counts), modal)
        if score > best_score:
            best, best_score = sep, score
    return best


def csv_rows(
    data: bytes, report: list[Message], result: ImportResult, limits: Limits, budget: Budget
) -> list[list[object]]:
    text = decode(data, report)
    if control_share(text) > 0.01:
        raise reject(
            report,
            "Het bestand bevat onleesbare tekens: verkeerde tekencodering of geen tekstbestand. "
            "Sla het op als CSV UTF-8.",
        )
    if not text.strip():
        raise reject(report, "Het bestand is leeg.")
    sep = sniff_separator(text)
    result.separator = sep
    report.append(Message("info", f"Scheidingsteken: {SEPARATOR_NAMES[sep]}."))
    rows: list[list[str]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    try:
        for row in reader:
            if len(row) > limits.max_columns:  # trailing empty fields are harmless; filled ones are not dropped
                if any(v.strip() for v in row[limits.max_columns :]):
                    raise LimitExceeded(
                        "max_columns", limits, f"Rij {len(rows) + 1} heeft meer dan {limits.max_columns} velden"
                    )
                row = row[: limits.max_columns]
            rows.append(row)
            if len(rows) > limits.max_rows:
                raise LimitExceeded("max_rows", limits, f"Te veel rijen (meer dan {len(rows) - 1})")
            cells += sum(1 for v in row if v.strip())
            if cells > limits.max_cells:
                raise LimitExceeded(
                    "max_cells", limits, f"Te veel gevulde cellen (meer dan {limits.max_cells:,})".replace(",", ".")
                )
            for v in row:
                if len(v) > limits.max_cell_chars:
                    raise LimitExceeded(
                        "max_cell_chars", limits, f"Een cel in rij {len(rows)} is {len(v) // 1024} kB groot"
                    )
            if len(rows) % 256 == 0:
                budget.check()
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise LimitExceeded("max_cell_chars", limits, f"Een cel in rij {len(rows) + 1} is te groot") from None
        raise reject(report, f"Het CSV-bestand is niet goed gevormd (rond regel {reader.line_num}).") from None
    _check_quotes(rows, report)
    out: list[list[object]] = list(rows)  # type: ignore[arg-type]  # str rows read as object rows
    return out


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _check_quotes(rows: list[list[str]], report: list[Message]) -> None:
    """A quote that is never closed swallows the following lines into one cell: refuse, name the rows."""
    line = 1
    bad: list[tuple[int, int]] = []
    for row in rows:
        span = sum(_line_breaks(v.rstrip("\r\n")) for v in row)
        if span:
            bad.append((line, line + span))
        line += 1 + span
    for start, end in bad[:MAX_CELL_MESSAGES]:
        report.append(
            Message(
                "error",
                f'Een aanhalingsteken (") wordt niet gesloten: regels {start} tot en met {end} zijn samengevoegd '
                "tot één cel. Verwijder het losse aanhalingsteken of zet de tekst tussen twee aanhalingstekens.",
                row=start,
            )
        )
    if bad:
        raise Reject


# --- XLSX ------------------------------------------------------------------------------------------------


def _zip_checks(data: bytes, report: list[Message], limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise reject(report, "Dit is geen geldig .xlsx-bestand (beschadigd of een ander formaat).") from None
    if any(info.filename.lower().endswith("vbaproject.bin") for info in infos):
        raise reject(
            report, "Het bestand bevat macro's; die worden niet geaccepteerd. Sla het op als gewoon .xlsx-bestand."
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unpacked:
        raise LimitExceeded(
            "max_unpacked", limits, f"Het uitgepakte Excel-bestand is te groot ({unpacked / MB:.0f} MB)"
        )
    for info in infos:
        name = info.filename.lower()
        if (
            name.endswith(".xml")
            and not name.startswith("xl/worksheets/")
            and info.file_size > limits.max_shared_strings
        ):
            raise LimitExceeded(
                "max_shared_strings",
                limits,
                f"Het Excel-bestand bevat te veel gedeelde tekst of opmaak ({info.filename}: {info.file_size / MB:.1f} MB)",
            )


def xlsx_sheets(data: bytes) -> list[str]:
    """Names of the visible worksheets (empty list if the file is not a readable XLSX)."""
    from geodata.importer.limits import DEFAULT_LIMITS

    try:
        _zip_checks(data, [], DEFAULT_LIMITS)
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - any failure means "not a readable workbook"
        return []


def xlsx_rows(
    data: bytes, sheet: str | None, report: list[Message], result: ImportResult, limits: Limits, budget: Budget
) -> list[list[object]]:
    _zip_checks(data, report, limits)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many types on bad input
        raise reject(
            report, "Het Excel-bestand kan niet worden gelezen (beschadigd of geen gewoon .xlsx-werkboek)."
        ) from None
    budget.check()
    try:
        ws = wb[_choose_sheet(wb, sheet, report, result)]
        _check_declared(ws, report, limits)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = _stream_sheet(wb, ws, report, limits, budget)
        report.append(Message("info", f"Tabblad '{ws.title}' ingelezen."))
        return rows
    finally:
        wb.close()


def _choose_sheet(wb, sheet: str | None, report: list[Message], result: ImportResult) -> str:
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    result.sheets = visible
    if not visible:
        raise reject(report, "Het Excel-bestand heeft geen (zichtbare) tabbladen.")
    listed = ", ".join(f"'{s}'" for s in visible)
    if sheet is None:
        if len(visible) > 1:
            result.sheet_required = True
            raise reject(
                report,
                f"Het Excel-bestand heeft {len(visible)} tabbladen ({listed}). Kies welk tabblad moet worden ingelezen.",
            )
        return visible[0]
    if sheet not in visible:
        raise reject(report, f"Tabblad '{sheet}' bestaat niet; kies uit {listed}.")
    return sheet


def _check_declared(ws, report: list[Message], limits: Limits) -> None:
    """The sheet's declared dimension (``<dimension ref="A1:XFD1048576"/>``) against the limits."""
    rows, cols = ws.max_row, ws.max_column
    if rows is None or cols is None:
        return
    ref = f"A1:{col_letter(cols - 1)}{rows}"
    if rows > limits.max_rows:
        raise LimitExceeded(
            "max_rows", limits, f"Het tabblad geeft als afmeting {ref} op ({rows:,} rijen)".replace(",", ".")
        )
    if cols > limits.max_columns:
        raise LimitExceeded(
            "max_columns", limits, f"Het tabblad geeft als afmeting {ref} op ({cols:,} kolommen)".replace(",", ".")
        )


def _stream_sheet(wb, ws, report: list[Message], limits: Limits, budget: Budget) -> list[list[object]]:
    """Cells of one sheet, streamed and bounded; formulas are refused (never evaluated)."""
    from openpyxl.worksheet._reader import WorkSheetParser  # the cell decoder of openpyxl's read-only mode
    from openpyxl.xml.functions import iterparse

    rows: list[list[object]] = []
    formulas: list[Message] = []
    cells = 0
    row_no = 0
    current: dict[int, object] = {}
    with ws._get_source() as src:  # noqa: SLF001 - the sheet's XML stream inside the zip
        parser = WorkSheetParser(
            src,
            ws._shared_strings,  # noqa: SLF001
            data_only=False,
            epoch=wb.epoch,
            date_formats=wb._date_formats,  # noqa: SLF001
            timedelta_formats=wb._timedelta_formats,  # noqa: SLF001
        )
        root = None
        try:
            for event, el in iterparse(src, events=("start", "end")):
                if root is None:
                    root = el
                if event == "start":
                    if el.tag == f"{_NS}row":
                        r = el.get("r")
                        parser.row_counter = int(r) if r and r.isdigit() else parser.row_counter + 1
                        parser.col_counter = 0
                        row_no = parser.row_counter
                        if row_no > limits.max_rows:
                            raise LimitExceeded(
                                "max_rows", limits, f"Het tabblad heeft gegevens in rij {row_no:,}".replace(",", ".")
                            )
                    continue
                if el.tag == f"{_NS}c":
                    cell = parser.parse_cell(el)
                    el.clear()
                    value, column = cell["value"], int(cell["column"])
                    if value is None or (isinstance(value, str) and not value.strip()):
                        continue
                    row_no = max(row_no, int(cell["row"]))
                    if row_no > limits.max_rows:
                        raise LimitExceeded(
                            "max_rows", limits, f"Het tabblad heeft gegevens in rij {row_no:,}".replace(",", ".")
                        )
                    if column > limits.max_columns:
                        raise LimitExceeded(
                            "max_columns",
                            limits,
                            f"Cel {col_letter(column - 1)}{row_no} ligt buiten de toegestane kolommen; "
                            "niets wordt stilzwijgend weggelaten",
                        )
                    cells += 1
                    if cells > limits.max_cells:
                        raise LimitExceeded("max_cells", limits, "Te veel gevulde cellen")
                    if isinstance(value, str) and len(value) > limits.max_cell_chars:
                        raise LimitExceeded(
                            "max_cell_chars",
                            limits,
                            f"Cel {col_letter(column - 1)}{row_no} is {len(value) // 1024} kB groot",
                        )
                    if cell["data_type"] == "f" or (isinstance(value, str) and value.startswith("=")):
                        formulas.append(
                            Message(
                                "error",
                                f"Cel {col_letter(column - 1)}{row_no} bevat een formule. Formules worden niet "
                                "uitgerekend; plak de waarden ('Plakken speciaal → Waarden') en upload opnieuw.",
                                row=row_no,
                            )
                        )
                    current[column] = value
                elif el.tag == f"{_NS}row":
                    _flush(rows, row_no, current)
                    current = {}
                    root.clear()
                    if row_no % 256 == 0:
                        budget.check()
        except (LimitExceeded, Reject):
            raise
        except Exception:  # noqa: BLE001 - malformed XML, a cell like <v>NaN</v> typed as a number, …
            raise reject(
                report,
                f"Het Excel-bestand bevat een cel die niet kan worden gelezen (rond rij {max(row_no, 1)}). "
                "Sla het bestand opnieuw op in Excel of exporteer het als CSV.",
                row=max(row_no, 1),
            ) from None
    if formulas:
        report.extend(formulas[:MAX_CELL_MESSAGES])
        if len(formulas) > MAX_CELL_MESSAGES:
            report.append(Message("error", f"… en nog {len(formulas) - MAX_CELL_MESSAGES} cellen met een formule."))
        raise Reject
    return rows


def _flush(rows: list[list[object]], row_no: int, current: dict[int, object]) -> None:
    """Append the row at its row number (gaps become empty rows; bounded by the row limit)."""
    while len(rows) < row_no - 1:
        rows.append([])
    if not current:
        if len(rows) < row_no:
            rows.append([])
        return
    width = max(current)
    line: list[object] = [""] * width
    for column, value in current.items():
        line[column - 1] = value
    if len(rows) >= row_no:  # a repeated row number: merge
        rows[row_no - 1] = line
    else:
        rows.append(line)
