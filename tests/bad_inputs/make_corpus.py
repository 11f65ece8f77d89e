"""Regenerate the import corpus: small hand-made files + manifest.csv (expected outcome per file).

Run ``python tests/bad_inputs/make_corpus.py``. Every value in these files is a made-up test value
(synthetic fixture), not data; only gemeente codes and names are real identifiers.
Manifest columns: file, sheet (XLSX sheet to pass, empty = none), max_bytes (empty = the default
limit), ok (1 = usable, 0 = rejected), expect (a substring of one report message), level.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def xlsx(sheets: dict[str, list[list[object]]], macro: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if macro:  # add a dummy vbaProject.bin part, as an .xlsm would carry
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            dst.writestr("xl/vbaProject.bin", b"not a real macro")
        data = out.getvalue()
    return data


U = "utf-8"
CASES: list[tuple[str, bytes, str, str, int, str, str]] = [
    # --- usable files ------------------------------------------------------------------------------
    (
        "ok_semicolon_decimal_comma.csv",
        "gemeentecode;score\nGM0363;0,25\nGM0518;-1,5\n".encode(U),
        "",
        "",
        1,
        "Decimaalteken: komma",
        "info",
    ),
    (
        "ok_comma_decimal_point.csv",
        "gemeentecode,score\nGM0363,0.25\nGM0518,-1.5\n".encode(U),
        "",
        "",
        1,
        "Scheidingsteken: komma",
        "info",
    ),
    ("ok_utf8_bom.csv", "\ufeffcode;aantal\nGM1900;10\nGM0080;20\n".encode(U), "", "", 1, "herkend op code", "info"),
    (
        "ok_cp1252_names.csv",
        "gemeente;aantal\nSúdwest-Fryslân;10\nNoardeast-Fryslân;3\n".encode("cp1252"),
        "",
        "",
        1,
        "Windows-1252",
        "info",
    ),
    (
        "ok_statline_export.csv",
        (
            '"Sociaal-economische status; scores per gemeente (testbestand, verzonnen waarden)"\n'
            '"Regio\'s";"Codering (code)";"Perioden";"SES-WOA score (gemiddeld)"\n'
            '"Nederland";"NL01      ";"2021";"0,000"\n'
            '"Amsterdam";"GM0363    ";"2021";"0,123"\n'
            '"\'s-Gravenhage";"GM0518    ";"2021";"-0,101"\n'
            '"Bron: CBS"\n'
        ).encode("utf-8-sig"),
        "",
        "",
        1,
        "geen gemeente",
        "info",
    ),
    (
        "ok_codes_without_prefix.csv",
        "code;aantal\n363;1\n518;2\n14;3\n".encode(U),
        "",
        "",
        1,
        "herkend op code",
        "info",
    ),
    (
        "ok_codes_four_digits.csv",
        "gemeentecode;aantal\n0363;1\n0518;2\n".encode(U),
        "",
        "",
        1,
        "herkend op code",
        "info",
    ),
    (
        "ok_names_aliases.csv",
        "Gemeente;aantal\nDen Haag;1\nDen Bosch;2\nHengelo;3\nSudwest Fryslan;4\n".encode(U),
        "",
        "",
        1,
        "(alias)",
        "info",
    ),
    (
        "ok_names_suffix_variants.csv",
        "gemeente;aantal\nBergen (NH);1\nBergen L;2\nRijswijk (Zuid-Holland);3\n".encode(U),
        "",
        "",
        1,
        "herkend op naam",
        "info",
    ),
    (
        "ok_old_codes_2018.csv",
        "code;aantal inwoners\nGM0014;10\nGM0017;20\nGM0009;30\nGM0363;5\n".encode(U),
        "",
        "",
        1,
        "omgezet naar GM0014 (Groningen)",
        "info",
    ),
    (
        "ok_tab_separated.txt",
        "code\taantal\nGM0363\t1\nGM0518\t2\n".encode(U),
        "",
        "",
        1,
        "Scheidingsteken: tab",
        "info",
    ),
    (
        "ok_thousands_separators.csv",
        "code;inwoners\nGM0363;931.298\nGM0518;1.234.567\n".encode(U),
        "",
        "",
        1,
        "Decimaalteken",
        "info",
    ),
    (
        "ok_utf16_excel_unicode.txt",
        "code\taantal\nGM0363\t1\nGM0518\t2\n".encode("utf-16"),
        "",
        "",
        1,
        "UTF-16",
        "info",
    ),
    (
        "ok_cbs_symbols.csv",
        "code;aantal\nGM0363;12\nGM0518;.\nGM0014;x\n".encode(U),
        "",
        "",
        1,
        "gelezen als 'geen waarde'",
        "info",
    ),
    ("ok_split_haaren.csv", "code;aantal\nGM0788;10\nGM0363;5\n".encode(U), "", "", 1, "gesplitst", "warning"),
    (
        "ok_crlf_line_endings.csv",
        "code;aantal\r\nGM0363;1\r\nGM0518;2\r\n".encode(U),
        "",
        "",
        1,
        "herkend op code",
        "info",
    ),
    (
        "ok_quoted_names.csv",
        'gemeente,aantal\n"Nuenen, Gerwen en Nederwetten",1\n"\'s-Hertogenbosch",2\n'.encode(U),
        "",
        "",
        1,
        "herkend op naam",
        "info",
    ),
    (
        "ok_extra_text_column.csv",
        "code;opmerking;aantal\nGM0363;hoog;1\nGM0518;laag;2\n".encode(U),
        "",
        "",
        1,
        "Tekstkolom",
        "info",
    ),
    (
        "ok_single_sheet.xlsx",
        xlsx({"Blad1": [["gemeentecode", "aantal"], ["GM0363", 1], ["GM0518", 2]]}),
        "",
        "",
        1,
        "Tabblad 'Blad1' ingelezen",
        "info",
    ),
    (
        "ok_multi_sheet_chosen.xlsx",
        xlsx({"Toelichting": [["testbestand"]], "SES": [["code", "score"], [363, 0.5], [518, -0.2]]}),
        "SES",
        "",
        1,
        "Tabblad 'SES' ingelezen",
        "info",
    ),
    ("ok_province_rows_skipped.csv", "code;aantal\nPV27;100\nGM0363;1\n".encode(U), "", "", 1, "geen gemeente", "info"),
    (
        "ok_two_cell_title_line.csv",
        (
            '"Tabel (testbestand)";"Perioden: 2021"\n"Regio";"Code";"A";"B"\n'
            '"Amsterdam";"GM0363";"1";"2"\n"Utrecht";"GM0344";"3";"4"\n'
        ).encode(U),
        "",
        "",
        1,
        "titel boven de tabel",
        "info",
    ),
    (
        "ok_wijk_buurt_rows_skipped.csv",
        "code;aantal\nGM0363;5\nWK036300;1\nBU03630000;1\n".encode(U),
        "",
        "",
        1,
        "geen gemeente",
        "info",
    ),
    # --- rejected files ----------------------------------------------------------------------------
    ("empty.csv", b"", "", "", 0, "Het bestand is leeg", "error"),
    ("whitespace_only.csv", b"  \n\n \t\n", "", "", 0, "Het bestand is leeg", "error"),
    ("header_only.csv", "gemeentecode;aantal\n".encode(U), "", "", 0, "alleen een kopregel", "error"),
    ("header_only.xlsx", xlsx({"Blad1": [["gemeentecode", "aantal"]]}), "", "", 0, "alleen een kopregel", "error"),
    ("no_code_column.csv", "a;b\n1;2\n3;4\n".encode(U), "", "", 0, "Geen kolom met gemeentecodes", "error"),
    (
        "duplicate_codes.csv",
        "code;aantal\nGM0363;1\nGM0363;2\n".encode(U),
        "",
        "",
        0,
        "komt meer dan eens voor",
        "error",
    ),
    (
        "duplicate_mixed_code_formats.csv",
        "code;aantal\nGM0363;1\n363;2\nGM0518;3\n".encode(U),
        "",
        "",
        0,
        "komt meer dan eens voor",
        "error",
    ),
    (
        "duplicate_names.csv",
        "gemeente;aantal\nDen Haag;1\n's-Gravenhage;2\n".encode(U),
        "",
        "",
        0,
        "komt meer dan eens voor",
        "error",
    ),
    (
        "unknown_code.csv",
        "code;aantal\nGM0363;1\nGM9999;2\n".encode(U),
        "",
        "",
        0,
        "Onbekende gemeentecode 'GM9999'",
        "error",
    ),
    (
        "unknown_name.csv",
        "gemeente;aantal\nAmsterdam;1\nAtlantis;2\n".encode(U),
        "",
        "",
        0,
        "Onbekende gemeentenaam 'Atlantis'",
        "error",
    ),
    (
        "misspelled_name.csv",
        "gemeente;aantal\nAmsterdm;1\nUtrecht;2\n".encode(U),
        "",
        "",
        0,
        "Bedoelt u: Amsterdam",
        "error",
    ),
    ("ambiguous_name.csv", "gemeente;aantal\nBergen;1\nUtrecht;2\n".encode(U), "", "", 0, "niet eenduidig", "error"),
    (
        "text_in_numeric_column.csv",
        "code;aantal\nGM0363;1\nGM0518;veel\nGM0014;3\n".encode(U),
        "",
        "",
        0,
        "Geen getal: 'veel'",
        "error",
    ),
    (
        "negative_count.csv",
        "code;aantal personen\nGM0363;1\nGM0518;-4\n".encode(U),
        "",
        "",
        0,
        "Negatief aantal",
        "error",
    ),
    ("utf16_without_bom.csv", "code;aantal\nGM0363;1\n".encode("utf-16-le"), "", "", 0, "binaire inhoud", "error"),
    (
        "control_characters.csv",
        bytes(range(1, 9)) * 50 + b"code;aantal\nGM0363;1\n",
        "",
        "",
        0,
        "onleesbare tekens",
        "error",
    ),
    ("too_large.csv", ("code;aantal\n" + "GM0363;1\n" * 20).encode(U), "", "100", 0, "te groot", "error"),
    (
        "multi_sheet_no_choice.xlsx",
        xlsx({"A": [["code", "x"], ["GM0363", 1]], "B": [["code", "y"], ["GM0518", 2]]}),
        "",
        "",
        0,
        "Kies welk tabblad",
        "error",
    ),
    (
        "multi_sheet_wrong_choice.xlsx",
        xlsx({"A": [["code", "x"], ["GM0363", 1]], "B": [["code", "y"], ["GM0518", 2]]}),
        "C",
        "",
        0,
        "Tabblad 'C' bestaat niet",
        "error",
    ),
    (
        "formula_cells.xlsx",
        xlsx({"Blad1": [["code", "aantal"], ["GM0363", 1], ["GM0518", "=B2*2"]]}),
        "",
        "",
        0,
        "Cel B3 bevat een formule",
        "error",
    ),
    (
        "macro_workbook.xlsm",
        xlsx({"Blad1": [["code", "aantal"], ["GM0363", 1]]}, macro=True),
        "",
        "",
        0,
        "macro",
        "error",
    ),
    (
        "macro_hidden_in_xlsx.xlsx",
        xlsx({"Blad1": [["code", "aantal"], ["GM0363", 1]]}, macro=True),
        "",
        "",
        0,
        "macro",
        "error",
    ),
    ("old_excel_format.xls", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 200, "", "", 0, "(.xls)", "error"),
    ("not_really_xlsx.xlsx", "code;aantal\nGM0363;1\n".encode(U), "", "", 0, "geen geldig .xlsx", "error"),
    ("document.pdf", b"%PDF-1.4\n%test\n", "", "", 0, "wordt niet ondersteund", "error"),
    (
        "archive.zip",
        xlsx({"Blad1": [["a"]]})[:0] + b"PK\x03\x04" + b"\x00" * 50,
        "",
        "",
        0,
        "wordt niet ondersteund",
        "error",
    ),
    ("single_column.csv", "gemeentecode\nGM0363\nGM0518\n".encode(U), "", "", 0, "maar één kolom", "error"),
    ("ragged_rows.csv", "code;aantal\nGM0363;1\nGM0518;2;3;4\n".encode(U), "", "", 0, "meer gevulde velden", "error"),
    (
        "old_and_new_codes_mixed.csv",
        "code;aantal\nGM0005;1\nGM1966;2\n".encode(U),
        "",
        "",
        0,
        "zowel de nieuwe code",
        "error",
    ),
    ("empty_code_cell.csv", "code;aantal\nGM0363;1\n;2\nGM0518;3\n".encode(U), "", "", 0, "Lege gemeentecode", "error"),
    (
        "no_numeric_column.csv",
        "code;oordeel\nGM0363;hoog\nGM0518;laag\n".encode(U),
        "",
        "",
        0,
        "geen kolom met getallen",
        "error",
    ),
    (
        "formula_injection_name.csv",
        'gemeente;aantal\n"=HYPERLINK(""http://example.invalid"")";1\nUtrecht;2\n'.encode(U),
        "",
        "",
        0,
        "Onbekende gemeentenaam '=HYPERLINK",
        "error",
    ),
    (
        "infinity_value.csv",
        "code;aantal\nGM0363;inf\nGM0518;2\nGM0014;3\n".encode(U),
        "",
        "",
        0,
        "Geen getal: 'inf'",
        "error",
    ),
    (
        "invalid_code_format.csv",
        "code;aantal\nGM0363;1\nGMXYZ;2\nGM0518;3\n".encode(U),
        "",
        "",
        0,
        "Onbekende gemeentecode 'GMXYZ'",
        "error",
    ),
    (
        "html_in_header.csv",
        "code;<script>alert(1)</script>\nGM0363;1\nGM0518;abc\nGM0014;2\n".encode(U),
        "",
        "",
        0,
        "Geen getal: 'abc'",
        "error",
    ),
]


def main() -> None:
    from corpus_round2 import CASES2  # round 2 (issue #12), kept in its own module

    CASES.extend(CASES2)
    for old in HERE.iterdir():
        if old.suffix != ".py" and old.name != "__pycache__" and old.is_file():
            old.unlink()
    with open(HERE / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        fh.write("# Import corpus: expected outcome per file (generated by make_corpus.py; synthetic test values)\n")
        writer = csv.writer(fh)
        writer.writerow(["file", "sheet", "max_bytes", "ok", "expect", "level"])
        for name, data, sheet, max_bytes, ok, expect, level in CASES:
            (HERE / name).write_bytes(data)
            writer.writerow([name, sheet, max_bytes, ok, expect, level])
    print(f"{len(CASES)} files written to {HERE}")


if __name__ == "__main__":
    main()
