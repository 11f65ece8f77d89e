"""Round-2 corpus cases (issue #12): hostile and legitimate files beyond the first corpus.

Imported by make_corpus.py; same tuple layout (file, bytes, sheet, max_bytes, ok, expect, level). Every
value is a made-up test value (synthetic fixture), not data; only gemeente codes and names are real.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl

U = "utf-8"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def patched(data: bytes, part: str, edit) -> bytes:
    """Rewrite one part of an XLSX package (to build files Excel would not write)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item.filename, edit(body) if item.filename == part else body)
        if part not in src.namelist():
            dst.writestr(part, edit(b""))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
GOOD = xlsx([["code", "aantal"], ["GM0363", 5], ["GM0518", 7]])


def _dimension(body: bytes) -> bytes:
    return body.replace(b'<dimension ref="A1:B3" />', b'<dimension ref="A1:XFD1048576" />')


def _far_cell(body: bytes) -> bytes:
    return body.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>')


def _wide_cell(body: bytes) -> bytes:  # declared dimension stays A1:B3; one cell in column 301 (KO)
    return body.replace(b"</sheetData>", b'<row r="4"><c r="KO4" t="n"><v>1</v></c></row></sheetData>')


def _nan_cell(body: bytes) -> bytes:
    return body.replace(b"<v>5</v>", b"<v>NaN</v>")


def _error_cell(body: bytes) -> bytes:
    return body.replace(b'<c r="B2" t="n"><v>5</v></c>', b'<c r="B2" t="e"><v>#NAME?</v></c>')


def _shared_strings(_body: bytes) -> bytes:  # 6 MB unpacked, a few kB packed
    items = b"<si><t>" + b"x" * 1000 + b"</t></si>"
    return (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6000" uniqueCount="6000">'
        + items * 6000
        + b"</sst>"
    )


def _encrypted() -> bytes:
    """The shape of a password-protected XLSX: an OLE container with an EncryptedPackage stream."""
    return (
        OLE_MAGIC
        + b"\x00" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 64
        + "EncryptedPackage".encode("utf-16-le")
    )


def _ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


CASES2: list[tuple[str, bytes, str, str, int, str, str]] = [
    # --- hostile: resource exhaustion from tiny files ------------------------------------------------
    ("huge_declared_dimension.xlsx", patched(GOOD, SHEET, _dimension), "", "", 0, "A1:XFD1048576", "error"),
    ("far_cell.xlsx", patched(GOOD, SHEET, _far_cell), "", "", 0, "instelling max_rows", "error"),
    ("cell_beyond_300_columns.xlsx", patched(GOOD, SHEET, _wide_cell), "", "", 0, "instelling max_columns", "error"),
    (
        "shared_strings_heavy.xlsx",
        patched(GOOD, "xl/sharedStrings.xml", _shared_strings),
        "",
        "",
        0,
        "instelling max_shared_strings",
        "error",
    ),
    ("cell_over_128kb.csv", b"code;aantal\nGM0363;1\nGM0518;" + b"9" * 140_000 + b"\n", "", "", 0, "128", "error"),
    # --- internal errors that used to leak Python's words --------------------------------------------
    ("nan_literal_cell.xlsx", patched(GOOD, SHEET, _nan_cell), "", "", 0, "niet kan worden gelezen", "error"),
    ("excel_error_cell.xlsx", patched(GOOD, SHEET, _error_cell), "", "", 0, "Excel-foutwaarde '#NAME?'", "error"),
    ("province_rows_only.csv", "code;aantal\nPV20;5\nPV21;6\n".encode(U), "", "", 0, "geen enkele gemeente", "error"),
    (
        "utf16_lone_surrogate.txt",
        b"\xff\xfe" + "code\taantal\nGM0363\t1\n".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le"),
        "",
        "",
        0,
        "beschadigd",
        "error",
    ),
    # --- silent loss -----------------------------------------------------------------------------------
    (
        "stray_quote.csv",
        'code;aantal\nGM0363;"1\nGM0518;2\nGM0014;3\n'.encode(U),
        "",
        "",
        0,
        "aanhalingsteken",
        "error",
    ),
    ("no_header_row.csv", "GM0363;1\nGM0518;2\nGM0014;3\n".encode(U), "", "", 0, "kopregel ontbreekt", "error"),
    (
        "code_name_disagree.csv",
        "code;naam;aantal\nGM0363;Rotterdam;1\nGM0518;Amsterdam;2\nGM0014;Utrecht;3\n".encode(U),
        "",
        "",
        0,
        "spreken elkaar tegen",
        "error",
    ),
    ("no_value_at_all.csv", "code;aantal\nGM0363;.\nGM0518;x\n".encode(U), "", "", 0, "Kolom is leeg", "warning"),
    ("infinity_1e309.csv", "code;score\nGM0363;1e309\nGM0518;2\nGM0014;3\n".encode(U), "", "", 0, "oneindig", "error"),
    (
        "four_hundred_digits.csv",
        ("code;score\nGM0363;" + "9" * 400 + "\nGM0518;2\nGM0014;3\n").encode(U),
        "",
        "",
        0,
        "instelling max_digits",
        "error",
    ),
    # --- unclear messages made clear -------------------------------------------------------------------
    ("password_protected.xlsx", _encrypted(), "", "", 0, "wachtwoord", "error"),
    ("spreadsheet.ods", _ods(), "", "", 0, "OpenDocument", "error"),
    (
        "date_in_count_column.csv",
        "code;aantal\nGM0363;12-03-2024\nGM0518;5\nGM0014;6\n".encode(U),
        "",
        "",
        0,
        "Datum",
        "error",
    ),
    (
        "date_in_count_column.xlsx",
        xlsx([["code", "aantal"], ["GM0363", dt.datetime(2024, 3, 12)], ["GM0518", 5], ["GM0014", 6]]),
        "",
        "",
        0,
        "Datum '2024-03-12'",
        "error",
    ),
    # --- good files that used to be rejected ---------------------------------------------------------
    (
        "ok_nbsp_thousands.csv",
        "code;aantal\nGM0363;1\u00a0234\nGM0518;12\u00a0000\n".encode(U),
        "",
        "",
        1,
        "herkend op code",
        "info",
    ),
    (
        "ok_narrow_nbsp_thousands.csv",
        "code;aantal\nGM0363;1\u202f234\nGM0518;12\u202f000\n".encode(U),
        "",
        "",
        1,
        "herkend op code",
        "info",
    ),
    (
        "ok_unicode_minus.csv",
        "code;score\nGM0363;\u22121,5\nGM0518;2,25\n".encode(U),
        "",
        "",
        1,
        "Decimaalteken: komma",
        "info",
    ),
    (
        "ok_dutch_excel_nb.csv",
        "code;score\nGM0363;#N/B\nGM0518;2,5\nGM0014;#N/A\n".encode(U),
        "",
        "",
        1,
        "'#N/B'",
        "info",
    ),
    (
        "ok_note_line_with_separator.csv",
        "Toelichting: voorlopige cijfers; bron eigen telling\ncode;aantal\nGM0363;1\nGM0518;2\n".encode(U),
        "",
        "",
        1,
        "titel boven de tabel",
        "info",
    ),
]
