"""Import a per-gemeente table supplied by a user (CSV or XLSX) and say exactly what was understood.

Input is untrusted: it is parsed as data only (no eval, no pickle, no formulas evaluated, no
macros), size-limited, and every problem becomes a Dutch message naming the row and column.
A file is usable (``ImportResult.ok``) when it has no error-level message.

Handled: separators ``;`` ``,`` tab ``|``; decimal comma or point (with thousands separators);
UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252; StatLine exports (title lines above the
header, "Bron: CBS" below, codes padded with spaces, provinces/Nederland rows, the symbols ``.``
and ``x`` for missing); gemeente codes as GM0363 / 0363 / 363 or official names (aliases and
province suffixes resolved by :mod:`geodata.names`); old codes converted with
:mod:`geodata.herindeling`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from geodata import herindeling, names

MAX_BYTES = 5 * 1024 * 1024  # uploads above 5 MB are refused (a 342-row table is a few kB)
MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # zip-bomb guard for XLSX
MAX_ROWS = 5_000
MAX_COLUMNS = 300
MAX_CELL_MESSAGES = 10  # per column and kind; the rest is summarised
CODE_SHARE = 0.5  # a column is the code column when at least this share of its cells are known codes
NAME_SHARE = 0.5

Level = Literal["error", "warning", "info"]
LEVEL_NL = {"error": "Fout", "warning": "Waarschuwing", "info": "Info"}
MISSING_SYMBOLS = {"", ".", "x", "X", "-", "?", "NA", "N/A", "n.v.t.", "nvt", "NaN", "nan", "None", "#N/A"}
NON_GEMEENTE_PREFIXES = ("NL", "LD", "PV", "CR", "WK", "BU", "GG", "VR", "AM", "JZ", "RE", "WM", "LG", "TOP", "GR")
CODE_HEADER_RE = re.compile(r"(code|^gm|cbs|regio|statcode)", re.IGNORECASE)
NAME_HEADER_RE = re.compile(r"(naam|gemeente|regio|municipality|name)", re.IGNORECASE)
NOT_COUNT_HEADER_RE = re.compile(
    r"(%|percentage|perc\b|procent|score|gemiddeld|per\s|index|ratio|aandeel|dichtheid)", re.IGNORECASE
)
IGNORED_HEADER_RE = re.compile(r"^(id|perioden?|jaar|year|periode|peildatum|datum)$", re.IGNORECASE)
COUNT_HEADER_RE = re.compile(
    r"(aantal|inwoners|personen|woningen|plaatsen|toezegging|realisatie|taakstelling|bezetting|"
    r"huishoudens|leerlingen|count|number)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Message:
    """One finding; ``row`` is the line/row number as the user sees it in the file (header = its own row)."""

    level: Level
    text: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        loc = f" ({', '.join(where)})" if where else ""
        return f"{LEVEL_NL[self.level]}{loc}: {self.text}"


@dataclass
class ImportResult:
    """What a file yielded: numeric columns indexed by 2025 gemeentecode, plus the report."""

    frame: pd.DataFrame
    report: list[Message] = field(default_factory=list)
    filename: str = ""
    sheets: list[str] = field(default_factory=list)
    key_column: str | None = None
    key_kind: str | None = None  # "code" or "naam"
    matches: pd.DataFrame | None = None  # one row per data row: row, invoer, gemeentecode, gemeentenaam, hoe
    count_columns: list[str] = field(default_factory=list)
    separator: str | None = None  # CSV only
    sheet_required: bool = False  # several sheets and none chosen: ask the user which

    @property
    def ok(self) -> bool:
        return not any(m.level == "error" for m in self.report) and not self.frame.empty

    @property
    def needs_sheet(self) -> bool:
        return self.sheet_required

    def errors(self) -> list[Message]:
        return [m for m in self.report if m.level == "error"]

    def summary(self) -> str:
        if self.ok:
            return (
                f"Bruikbaar: {len(self.frame)} gemeenten, {len(self.frame.columns)} numerieke kolom(men) "
                f"({', '.join(self.frame.columns)})."
            )
        return f"Afgewezen: {len(self.errors())} fout(en)."


class _Reject(Exception):
    """Stops parsing; the message is already in the report."""


# --- reference tables ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _official() -> pd.DataFrame:
    """gemeentecode + gemeentenaam of the 2025 division (from KWB 2024, same 342 codes)."""
    from geodata.loaders import load_kwb

    return load_kwb(2024)[["gemeentecode", "gemeentenaam"]].reset_index(drop=True)


def reference_names(official: pd.DataFrame | None = None) -> pd.DataFrame:
    """Current gemeenten plus abolished ones (for files from before a herindeling)."""
    current = _official() if official is None else official[["gemeentecode", "gemeentenaam"]]
    old = herindeling.abolished_codes()
    old = pd.DataFrame({"gemeentecode": old.index, "gemeentenaam": old.to_numpy()})
    old = old[~old["gemeentenaam"].isin(current["gemeentenaam"])]
    return pd.concat([current, old], ignore_index=True)


# --- decoding -----------------------------------------------------------------------------------------


def _decode(data: bytes, report: list[Message]) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report.append(Message("info", "Gelezen als UTF-16 (Excel 'Unicode-tekst')."))
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        report.append(
            Message(
                "error",
                "Dit is geen tekstbestand (binaire inhoud) of de tekencodering wordt niet "
                "herkend. Sla het op als CSV (UTF-8) of als .xlsx.",
            )
        )
        raise _Reject
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        report.append(
            Message(
                "error",
                "De tekencodering wordt niet herkend (geen UTF-8 en geen Windows-1252). "
                "Sla het bestand op als CSV UTF-8.",
            )
        )
        raise _Reject from None
    report.append(Message("info", "Tekencodering Windows-1252 (geen UTF-8) herkend en omgezet."))
    return text


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample)


def _sniff_separator(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        counts = {sep: sum(ln.count(sep) for ln in lines) for sep in ";\t,|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ";"


def _csv_rows(data: bytes, report: list[Message], result: ImportResult) -> list[list[str]]:
    text = _decode(data, report)
    if _control_share(text) > 0.01:
        report.append(
            Message(
                "error",
                "Het bestand bevat onleesbare tekens: verkeerde tekencodering of geen "
                "tekstbestand. Sla het op als CSV UTF-8.",
            )
        )
        raise _Reject
    if not text.strip():
        report.append(Message("error", "Het bestand is leeg."))
        raise _Reject
    sep = _sniff_separator(text)
    result.separator = sep
    label = {";": "puntkomma", ",": "komma", "\t": "tab", "|": "verticale streep"}[sep]
    report.append(Message("info", f"Scheidingsteken: {label}."))
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)]
    except csv.Error as exc:
        report.append(Message("error", f"Het CSV-bestand is niet goed gevormd: {exc}."))
        raise _Reject from None


# --- XLSX ---------------------------------------------------------------------------------------------


def _col_letter(idx: int) -> str:
    letters = ""
    idx += 1
    while idx:
        idx, rem = divmod(idx - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def xlsx_sheets(data: bytes) -> list[str]:
    """Names of the visible worksheets (empty list if the file is not a readable XLSX)."""
    try:
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - any failure means "not a readable workbook"
        return []


def _xlsx_rows(data: bytes, sheet: str | None, report: list[Message], result: ImportResult) -> list[list[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
            if any(info.filename.lower().endswith("vbaproject.bin") for info in zf.infolist()):
                report.append(
                    Message(
                        "error",
                        "Het bestand bevat macro's; die worden niet geaccepteerd. Sla het op als gewoon .xlsx-bestand.",
                    )
                )
                raise _Reject
    except zipfile.BadZipFile:
        report.append(Message("error", "Dit is geen geldig .xlsx-bestand (beschadigd of een ander formaat)."))
        raise _Reject from None
    if unpacked > MAX_XLSX_UNPACKED:
        report.append(
            Message(
                "error",
                f"Het uitgepakte Excel-bestand is te groot ({unpacked / 1e6:.0f} MB; "
                f"grens {MAX_XLSX_UNPACKED // (1024 * 1024)} MB).",
            )
        )
        raise _Reject
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on bad input
        report.append(Message("error", f"Het Excel-bestand kan niet worden gelezen ({type(exc).__name__})."))
        raise _Reject from None
    try:
        visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        result.sheets = visible
        if not visible:
            report.append(Message("error", "Het Excel-bestand heeft geen (zichtbare) tabbladen."))
            raise _Reject
        if sheet is None:
            if len(visible) > 1:
                result.sheet_required = True
                listed = ", ".join(f"'{s}'" for s in visible)
                report.append(
                    Message(
                        "error",
                        f"Het Excel-bestand heeft {len(visible)} tabbladen ({listed}). "
                        "Kies welk tabblad moet worden ingelezen.",
                    )
                )
                raise _Reject
            sheet = visible[0]
        elif sheet not in visible:
            listed = ", ".join(f"'{s}'" for s in visible)
            report.append(Message("error", f"Tabblad '{sheet}' bestaat niet; kies uit {listed}."))
            raise _Reject
        ws = wb[sheet]
        rows: list[list[object]] = []
        formulas: list[Message] = []
        filled_rows = 0
        for r_idx, row in enumerate(ws.iter_rows(), start=1):
            values: list[object] = []
            for c_idx, cell in enumerate(row):
                if c_idx >= MAX_COLUMNS:
                    break
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                    formulas.append(
                        Message(
                            "error",
                            f"Cel {_col_letter(c_idx)}{r_idx} bevat een formule. "
                            "Formules worden niet uitgerekend; plak de waarden "
                            "('Plakken speciaal → Waarden') en upload opnieuw.",
                            row=r_idx,
                        )
                    )
                values.append(value)
            if any(v is not None and str(v).strip() != "" for v in values):
                filled_rows += 1
                if filled_rows > MAX_ROWS + 50:
                    report.append(Message("error", f"Te veel rijen (meer dan {MAX_ROWS})."))
                    raise _Reject
            rows.append(values)
        if formulas:
            report.extend(formulas[:MAX_CELL_MESSAGES])
            if len(formulas) > MAX_CELL_MESSAGES:
                report.append(Message("error", f"… en nog {len(formulas) - MAX_CELL_MESSAGES} cellen met een formule."))
            raise _Reject
        report.append(Message("info", f"Tabblad '{sheet}' ingelezen."))
        return [["" if v is None else v for v in row] for row in rows]
    finally:
        wb.close()


# --- table shape --------------------------------------------------------------------------------------


def _frame_from_rows(rows: list[list[object]], report: list[Message]) -> tuple[pd.DataFrame, np.ndarray]:
    """Header + data rows; title lines above and footnotes below (StatLine) are skipped.

    Returns the raw text frame and the file row number of each data row.
    """

    def filled(row: list[object]) -> int:
        return sum(1 for v in row if str(v).strip() != "")

    nonempty = [(i + 1, r) for i, r in enumerate(rows) if filled(r) > 0]
    if not nonempty:
        report.append(Message("error", "Het bestand is leeg."))
        raise _Reject
    widths = pd.Series([filled(r) for _, r in nonempty])
    wide = widths[widths >= 2]
    if wide.empty:
        report.append(
            Message(
                "error",
                "Het bestand heeft maar één kolom: er is geen kolom met gemeenten én een "
                "kolom met waarden, of het scheidingsteken wordt niet herkend.",
            )
        )
        raise _Reject
    # the header is the first row as wide as a typical row: title lines above it are narrower
    typical = int(wide.mode().max())
    header_pos = int(widths.index[widths >= typical][0])
    for line_no, row in nonempty[:header_pos]:
        report.append(
            Message(
                "info", f"Regel overgeslagen (titel boven de tabel): '{_clip(' '.join(map(str, row)))}'.", row=line_no
            )
        )
    header_line, header = nonempty[header_pos]
    body = nonempty[header_pos + 1 :]
    # footnotes: trailing rows with a single filled cell ("Bron: CBS")
    while body and filled(body[-1][1]) <= 1 and len(body) > 0:
        line_no, row = body.pop()
        report.append(
            Message(
                "info",
                f"Regel overgeslagen (voetnoot onder de tabel): '{_clip(' '.join(map(str, row)))}'.",
                row=line_no,
            )
        )
    if not body:
        report.append(Message("error", "Het bestand bevat alleen een kopregel en geen gegevens.", row=header_line))
        raise _Reject
    if len(body) > MAX_ROWS:
        report.append(Message("error", f"Te veel rijen ({len(body)}); de grens is {MAX_ROWS}."))
        raise _Reject
    ncol = len(header)
    while (
        ncol > 0
        and str(header[ncol - 1]).strip() == ""
        and all(len(r) < ncol or str(r[ncol - 1]).strip() == "" for _, r in body)
    ):
        ncol -= 1
    if ncol > MAX_COLUMNS:
        report.append(Message("error", f"Te veel kolommen ({ncol}); de grens is {MAX_COLUMNS}."))
        raise _Reject
    for line_no, row in body:
        extra = [v for v in row[ncol:] if str(v).strip() != ""]
        if extra:
            report.append(
                Message(
                    "error",
                    f"Deze rij heeft meer gevulde velden ({len(row)}) dan de kopregel "
                    f"({ncol}); controleer scheidingstekens en aanhalingstekens.",
                    row=line_no,
                )
            )
    columns = _column_names(header[:ncol], report, header_line)
    matrix = [[("" if v is None else v) for v in (list(r[:ncol]) + [""] * max(0, ncol - len(r)))] for _, r in body]
    raw = pd.DataFrame(matrix, columns=columns, dtype="object")
    return raw, np.array([line_no for line_no, _ in body])


def _column_names(header: list[object], report: list[Message], line: int) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        name = re.sub(r"\s+", " ", str(h)).strip() or f"kolom {_col_letter(i)}"
        name = name[:80]
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            report.append(
                Message(
                    "warning",
                    f"Kolomnaam '{name}' komt meer dan eens voor; hernoemd tot '{new}'.",
                    row=line,
                    column=name,
                )
            )
            name = new
        else:
            seen[name] = 1
        out.append(name)
    return out


def _clip(s: str, n: int = 60) -> str:
    s = s.strip()
    return s if len(s) <= n else s[: n - 1] + "…"


# --- numbers ------------------------------------------------------------------------------------------

_NUM_COMMA = re.compile(r"^[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$")  # 1.234,5  1234,5
_NUM_POINT = re.compile(r"^[+-]?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?$")  # 1,234.5  1234.5
_NUM_SCI = re.compile(r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")


def _text_cells(col: pd.Series) -> pd.Series:
    """Cells as stripped text (numbers from XLSX keep their exact value via repr)."""
    return (
        col.map(lambda v: v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v))
        .astype("string")
        .str.replace("\u00a0", " ", regex=False)
        .str.strip()
        .str.replace(" ", "", regex=False)
    )


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


def parse_numbers(cells: pd.Series, decimal: str) -> pd.Series:
    """Text -> float64 (NaN where not a number). Thousands separators are removed per convention."""
    text = cells.astype("string")
    if decimal == ",":
        ok = text.str.fullmatch(_NUM_COMMA) | text.str.fullmatch(_NUM_SCI)
        clean = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        clean = clean.where(~text.str.fullmatch(_NUM_SCI), text.str.replace(",", ".", regex=False))
    else:
        ok = text.str.fullmatch(_NUM_POINT) | text.str.fullmatch(_NUM_SCI)
        clean = text.str.replace(",", "", regex=False).where(~text.str.fullmatch(_NUM_SCI), text)
    values = pd.to_numeric(clean.where(ok.fillna(False)), errors="coerce")
    return values.astype("float64")


# --- key column ---------------------------------------------------------------------------------------


def _other_area(text: pd.Series) -> pd.Series:
    """Codes of areas that are not gemeenten (Nederland, provincies, wijken, buurten, regions)."""
    upper = text.astype("string").str.strip().str.upper().fillna("")
    return upper.str.match(r"^(" + "|".join(NON_GEMEENTE_PREFIXES) + r")\s*\d") & ~upper.str.startswith("GM")


def _code_share(col: pd.Series, known: set[str]) -> tuple[float, pd.Series]:
    codes = names.normalise_codes(col.astype("string"))
    filled = (col.astype("string").str.strip().fillna("") != "") & ~_other_area(col)
    share = float(codes[filled].isin(known).mean()) if filled.any() else 0.0
    return share, codes


def _find_key(
    raw: pd.DataFrame, text: pd.DataFrame, known: set[str], ref: pd.DataFrame
) -> tuple[str | None, str | None, pd.Series | None, pd.DataFrame | None]:
    """Pick the code column (best share of known codes; header hint breaks ties), else a name column."""
    best: tuple[float, str, pd.Series] | None = None
    for col in raw.columns:
        share, codes = _code_share(text[col], known)
        gemeente_cells = text[col][~_other_area(text[col])]
        prefixed = bool(gemeente_cells.str.upper().str.startswith("GM").fillna(False).mean() >= CODE_SHARE)
        hinted = bool(CODE_HEADER_RE.search(col))
        # plain numbers count as codes only under a code-like header (a count column could look like codes)
        if (prefixed or hinted) and share >= CODE_SHARE:
            score = share + (0.5 if prefixed else 0) + (0.25 if hinted else 0)
            if best is None or score > best[0]:
                best = (score, col, codes)
    if best is not None:
        return best[1], "code", best[2], None
    best_name: tuple[float, str, pd.DataFrame] | None = None
    for col in raw.columns:
        values = raw[col].map(lambda v: v if isinstance(v, str) else None)
        if values.notna().mean() < NAME_SHARE:
            continue
        resolved = names.resolve_names(values.astype("string").str.strip(), ref["gemeentenaam"])
        share = float(resolved["official"].notna().mean())
        if share >= NAME_SHARE or (share > 0 and NAME_HEADER_RE.search(col)):
            score = share + (0.25 if NAME_HEADER_RE.search(col) else 0)
            if best_name is None or score > best_name[0]:
                best_name = (score, col, resolved)
    if best_name is not None:
        return best_name[1], "naam", None, best_name[2]
    return None, None, None, None


# --- main entry ---------------------------------------------------------------------------------------


def read_table(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    *,
    official: pd.DataFrame | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Parse and validate one uploaded file. Never raises on bad input; see ``result.report``.

    ``official`` (gemeentecode, gemeentenaam) defaults to the 342 gemeenten of the 2025 division.
    """
    result = ImportResult(
        frame=pd.DataFrame(index=pd.Index([], name="gemeentecode", dtype="string")), filename=filename
    )
    report = result.report
    try:
        _read(data, filename, sheet, official, max_bytes, result)
    except _Reject:
        result.frame = pd.DataFrame(index=pd.Index([], name="gemeentecode", dtype="string"))
    except Exception as exc:  # noqa: BLE001 - last line of defence: a bad file must never crash the app
        report.append(
            Message("error", f"Het bestand kon niet worden verwerkt ({type(exc).__name__}: {_clip(str(exc), 120)}).")
        )
        result.frame = pd.DataFrame(index=pd.Index([], name="gemeentecode", dtype="string"))
    return result


def _kind(data: bytes, filename: str) -> str:
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data[:4] == b"PK\x03\x04":
        return "xlsx" if ext in ("xlsx", "xlsm", "csv", "txt", "") else "zip?"
    if data[:8] == bytes.fromhex("D0CF11E0A1B11AE1"):
        return "xls"
    if ext in ("csv", "txt", "tsv", ""):
        return "csv"
    if ext == "xlsx":
        return "bad-xlsx"
    return "other:" + ext


def _read(
    data: bytes, filename: str, sheet: str | None, official: pd.DataFrame | None, max_bytes: int, result: ImportResult
) -> None:
    report = result.report
    if not isinstance(data, bytes | bytearray):
        report.append(Message("error", "Geen bestandsinhoud ontvangen."))
        raise _Reject
    data = bytes(data)
    if len(data) > max_bytes:
        report.append(
            Message(
                "error",
                f"Het bestand is te groot ({len(data) / 1024 / 1024:.1f} MB); de grens is "
                f"{max_bytes / 1024 / 1024:.0f} MB.",
            )
        )
        raise _Reject
    if not data.strip():
        report.append(Message("error", "Het bestand is leeg."))
        raise _Reject
    kind = _kind(data, filename)
    if kind == "xls":
        report.append(
            Message(
                "error",
                "Het oude Excel-formaat (.xls) wordt niet ondersteund. Sla het bestand op als .xlsx of als CSV.",
            )
        )
        raise _Reject
    if kind == "bad-xlsx":
        report.append(Message("error", "Dit is geen geldig .xlsx-bestand (beschadigd of een ander formaat)."))
        raise _Reject
    if kind.startswith("other:") or kind == "zip?":
        ext = kind.split(":", 1)[-1] if kind.startswith("other:") else "zip"
        report.append(Message("error", f"Bestandstype '.{ext}' wordt niet ondersteund; gebruik CSV of .xlsx."))
        raise _Reject
    if kind == "xlsx" and filename.lower().endswith(".xlsm"):
        report.append(
            Message("error", "Excel-bestanden met macro's (.xlsm) worden niet geaccepteerd; sla op als .xlsx.")
        )
        raise _Reject
    rows = _xlsx_rows(data, sheet, report, result) if kind == "xlsx" else _csv_rows(data, report, result)
    raw, line_nos = _frame_from_rows(rows, report)
    _interpret(raw, line_nos, official, result)


def _interpret(raw: pd.DataFrame, line_nos: np.ndarray, official: pd.DataFrame | None, result: ImportResult) -> None:
    report = result.report
    ref = reference_names(official)
    current = set((_official() if official is None else official)["gemeentecode"])
    known = set(ref["gemeentecode"])
    text = pd.DataFrame({c: _text_cells(raw[c]) for c in raw.columns})

    key, how, codes, resolved = _find_key(raw, text, known, ref)
    if key is None:
        report.append(
            Message(
                "error",
                "Geen kolom met gemeentecodes of gemeentenamen gevonden. Verwacht een kolom "
                "met codes (GM0363, 0363 of 363) of met officiële gemeentenamen.",
            )
        )
        raise _Reject
    result.key_column, result.key_kind = key, how
    keyvals = raw[key].astype("string").str.strip()
    lines = pd.Series(line_nos, index=raw.index)

    if how == "code":
        report.append(Message("info", f"Gemeenten herkend op code in kolom '{key}'.", column=key))
        other_area = _other_area(keyvals)
        mapped = codes
        hows = pd.Series("code", index=raw.index, dtype="string")
    else:
        report.append(Message("info", f"Geen codekolom; gemeenten herkend op naam in kolom '{key}'.", column=key))
        other_area = (
            keyvals.str.lower().str.fullmatch(r"(nederland|totaal|total|provincie .*|landsdeel .*)").fillna(False)
        )
        by_name = dict(zip(ref["gemeentenaam"], ref["gemeentecode"], strict=True))
        mapped = resolved["official"].map(by_name).astype("string")
        hows = resolved["how"]
        for idx in resolved.index[resolved["how"].isin(["alias", "zonder provincie-achtervoegsel"])]:
            report.append(
                Message(
                    "info",
                    f"'{keyvals[idx]}' gelezen als '{resolved.at[idx, 'official']}' ({resolved.at[idx, 'how']}).",
                    row=int(lines[idx]),
                    column=key,
                )
            )
        for idx in resolved.index[resolved["how"] == "ambigu"]:
            report.append(
                Message(
                    "error",
                    f"Naam '{keyvals[idx]}' is niet eenduidig: {resolved.at[idx, 'candidates']}. "
                    "Gebruik de officiële naam met provincie-achtervoegsel of de code.",
                    row=int(lines[idx]),
                    column=key,
                )
            )

    empty_key = keyvals.fillna("") == ""
    skip = other_area | empty_key
    for idx in raw.index[other_area]:
        report.append(
            Message(
                "info",
                f"'{keyvals[idx]}' is geen gemeente (land, landsdeel, provincie of regio); rij overgeslagen.",
                row=int(lines[idx]),
                column=key,
            )
        )
    bad_key = raw.index[empty_key & (text.drop(columns=[key]).fillna("") != "").any(axis=1)]
    for idx in bad_key[:MAX_CELL_MESSAGES]:
        report.append(
            Message("error", "Lege gemeentecode/-naam in een rij met gegevens.", row=int(lines[idx]), column=key)
        )
    unknown = ~skip & mapped.isna() & (hows != "ambigu")
    unknown |= ~skip & mapped.notna() & ~mapped.isin(known)
    for idx in raw.index[unknown][:MAX_CELL_MESSAGES]:
        what = "gemeentecode" if how == "code" else "gemeentenaam"
        hint = "" if how == "code" else _suggest(str(keyvals[idx]), ref)
        report.append(
            Message(
                "error", f"Onbekende {what} '{_clip(str(keyvals[idx]), 40)}'.{hint}", row=int(lines[idx]), column=key
            )
        )
    if int(unknown.sum()) > MAX_CELL_MESSAGES:
        report.append(
            Message("error", f"… en nog {int(unknown.sum()) - MAX_CELL_MESSAGES} onbekende gemeenten.", column=key)
        )

    keep = ~skip & mapped.notna() & mapped.isin(known)
    dup = mapped[keep].duplicated(keep=False)
    for code, idxs in mapped[keep][dup].groupby(mapped[keep][dup]).groups.items():
        rows = ", ".join(str(int(lines[i])) for i in idxs)
        report.append(
            Message(
                "error", f"Gemeente {code} komt meer dan eens voor (rijen {rows}).", column=key, row=int(lines[idxs[0]])
            )
        )

    result.matches = pd.DataFrame(
        {
            "rij": lines,
            "invoer": keyvals,
            "gemeentecode": mapped,
            "gemeentenaam": mapped.map(dict(zip(ref["gemeentecode"], ref["gemeentenaam"], strict=True))),
            "hoe": hows.where(~other_area, "overgeslagen"),
        }
    ).reset_index(drop=True)

    values = _numeric_columns(text.drop(columns=[key]), lines, keep, result)
    if values.empty:
        report.append(Message("error", "Er is geen kolom met getallen gevonden (naast de gemeentekolom)."))
        raise _Reject
    values = values[keep.to_numpy()]
    values.index = pd.Index(mapped[keep].to_numpy(), name="gemeentecode", dtype="string")
    if any(m.level == "error" for m in report):
        raise _Reject

    converted, conv_msgs = herindeling.convert_codes(values, result.count_columns)
    report.extend(Message(level, text_) for level, text_ in conv_msgs)
    if any(level == "error" for level, _ in conv_msgs):
        raise _Reject
    converted = converted[converted.index.isin(current)]
    result.frame = converted
    covered = int(converted.notna().any(axis=1).sum())
    missing = len(current) - covered
    report.append(
        Message(
            "info",
            f"{covered} van {len(current)} gemeenten hebben een waarde"
            + (f"; {missing} zonder waarde." if missing else "."),
        )
    )


def _suggest(value: str, ref: pd.DataFrame) -> str:
    hits = names.search_gemeenten(value, ref, limit=3)
    if hits.empty:
        return ""
    return " Bedoelt u: " + ", ".join(hits["gemeentenaam"]) + "?"


def _numeric_columns(text: pd.DataFrame, lines: pd.Series, keep: pd.Series, result: ImportResult) -> pd.DataFrame:
    """Numeric columns parsed; mostly-text columns ignored; stray text in numeric columns is an error."""
    report = result.report
    if text.empty:
        return pd.DataFrame(index=text.index)
    rows = text[keep]
    is_missing = rows.isin(MISSING_SYMBOLS) | rows.isna()
    decimal = detect_decimal(rows.where(~is_missing), result.separator)
    report.append(Message("info", "Decimaalteken: " + ("komma (1.234,5)." if decimal == "," else "punt (1234.5).")))
    out: dict[str, pd.Series] = {}
    for col in rows.columns:
        cells = rows[col]
        if IGNORED_HEADER_RE.match(col.strip()):
            values = ", ".join(sorted(set(cells.dropna().astype(str)))[:3])
            report.append(
                Message(
                    "info", f"Kolom met periode/volgnummer ({_clip(values, 40)}); niet als waarde gebruikt.", column=col
                )
            )
            continue
        miss = is_missing[col]
        parsed = parse_numbers(cells.where(~miss), decimal)
        filled = int((~miss).sum())
        good = int(parsed.notna().sum())
        if filled == 0:
            report.append(Message("warning", "Kolom is leeg en wordt niet gebruikt.", column=col))
            continue
        if good / filled < 0.5:
            report.append(Message("info", "Tekstkolom; wordt niet als getal gebruikt.", column=col))
            continue
        bad = ~miss & parsed.isna()
        for idx in rows.index[bad][:MAX_CELL_MESSAGES]:
            report.append(
                Message(
                    "error",
                    f"Geen getal: '{_clip(str(cells[idx]), 30)}' in een kolom met getallen.",
                    row=int(lines[idx]),
                    column=col,
                )
            )
        if int(bad.sum()) > MAX_CELL_MESSAGES:
            report.append(
                Message("error", f"… en nog {int(bad.sum()) - MAX_CELL_MESSAGES} cellen zonder getal.", column=col)
            )
        symbols = sorted(set(cells[miss & cells.notna() & (cells != "")]))
        if symbols:
            report.append(
                Message(
                    "info",
                    f"{int((miss & (cells.fillna('') != '')).sum())} cel(len) met "
                    f"{', '.join(repr(s) for s in symbols)} gelezen als 'geen waarde' "
                    "(CBS: '.' = onbekend, 'x' = geheim, '-' = nihil).",
                    column=col,
                )
            )
        whole = bool(((parsed.dropna() % 1) == 0).all())
        count_like = bool(COUNT_HEADER_RE.search(col)) and not NOT_COUNT_HEADER_RE.search(col)
        negative = parsed < 0
        if count_like and negative.any():
            for idx in rows.index[negative.fillna(False)][:MAX_CELL_MESSAGES]:
                report.append(
                    Message(
                        "error",
                        f"Negatief aantal ({_clip(str(cells[idx]), 20)}) in een kolom met aantallen.",
                        row=int(lines[idx]),
                        column=col,
                    )
                )
        if (count_like or (whole and not NOT_COUNT_HEADER_RE.search(col))) and not negative.any():
            result.count_columns.append(col)
        out[col] = parsed
    return pd.DataFrame(out, index=rows.index).reindex(text.index)


# --- report ---------------------------------------------------------------------------------------------


def format_report(result: ImportResult) -> str:
    """Plain-text report for the CLI: one line per message, then the verdict."""
    lines = [str(m) for m in result.report]
    lines.append(result.summary())
    return "\n".join(lines)
