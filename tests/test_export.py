"""Exporters: CSV safe against formula injection, XLSX with Dutch headers, numbers and a source sheet."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from capacity.export import neutralise, to_csv_bytes, to_xlsx_bytes

# Hand-made fixture (not data): hostile names next to ordinary numbers, including negative ones.
TABLE = pd.DataFrame(
    {
        "gemeentenaam": ["=HYPERLINK(\"http://x\")", "+31 Stad", "-Min", "@SUM(A1)", "\tTab", "\rCR", "Utrecht"],
        "allocated": [12, 0, -3, 4, 5, 6, 1234],
        "per_1000": [1.5, 0.0, -0.25, 2.0, float("nan"), 3.125, 0.5],
    },
    index=pd.Index([f"GM000{i}" for i in range(7)], name="gemeentecode"),
)
HEADERS = {"gemeentecode": "Gemeentecode", "gemeentenaam": "Gemeente", "allocated": "Toegewezen",
           "per_1000": "Per 1.000 inwoners"}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Utrecht", "'s-Gravenhage", "", -3, -0.5, 7])
def test_ordinary_text_and_numbers_are_untouched(value):
    assert neutralise(value) == value


def _read_csv(raw: bytes) -> list[list[str]]:
    text = raw.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_neutralises_every_hostile_cell_but_keeps_numbers():
    rows = _read_csv(to_csv_bytes(TABLE, HEADERS))
    assert rows[0] == ["Gemeentecode", "Gemeente", "Toegewezen", "Per 1.000 inwoners"]
    names = [r[1] for r in rows[1:]]
    assert names[:6] == ["'=HYPERLINK(\"http://x\")", "'+31 Stad", "'-Min", "'@SUM(A1)", "'\tTab", "'\rCR"]
    assert names[6] == "Utrecht"
    # numbers stay numeric: negative values are not prefixed, decimal comma for Dutch Excel
    assert [r[2] for r in rows[1:]] == ["12", "0", "-3", "4", "5", "6", "1234"]
    assert rows[3][3] == "-0,25" and rows[5][3] == ""


def test_csv_round_trips_numbers_with_pandas():
    back = pd.read_csv(io.BytesIO(to_csv_bytes(TABLE)), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["allocated"].tolist() == [12, 0, -3, 4, 5, 6, 1234]
    assert back["per_1000"].iloc[2] == pytest.approx(-0.25)


def test_csv_rejects_equal_separator_and_decimal():
    with pytest.raises(ValueError):
        to_csv_bytes(TABLE, sep=",", decimal=",")


def test_hostile_header_is_neutralised():
    rows = _read_csv(to_csv_bytes(TABLE, {"allocated": "=cmd"}))
    assert "'=cmd" in rows[0]


def test_xlsx_has_dutch_headers_numbers_as_numbers_and_no_formulas():
    raw = to_xlsx_bytes(TABLE, HEADERS, source_ids=["cbs_kwb_2024"], notes=["Het richtgetal is een scenario-invoer."])
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["Gegevens", "Bron"]
    ws = wb["Gegevens"]
    header = [c.value for c in ws[1]]
    assert header == ["Gemeentecode", "Gemeente", "Toegewezen", "Per 1.000 inwoners"]
    first = ws[2]
    assert first[1].value == "=HYPERLINK(\"http://x\")" and first[1].data_type == "s"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    allocated = [ws.cell(row=r, column=3).value for r in range(2, 9)]
    assert allocated == [12, 0, -3, 4, 5, 6, 1234]
    assert all(isinstance(v, int) for v in allocated)
    assert ws.cell(row=4, column=4).value == pytest.approx(-0.25)
    assert ws.cell(row=6, column=4).value is None  # NaN → empty cell, not the text "nan"


def test_xlsx_source_sheet_comes_from_the_registry():
    raw = to_xlsx_bytes(TABLE, source_ids=["cbs_kwb_2024", "cartomap_gemeente_2025_rd"], notes=["Scenario"])
    ws = openpyxl.load_workbook(io.BytesIO(raw))["Bron"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:5] == ["Bron-id", "Titel", "Uitgever", "Licentie", "Peildatum"]
    assert rows[1][:2] == ["Toelichting", "Scenario"]
    by_id = {r[0]: r for r in rows[2:]}
    assert set(by_id) == {"cbs_kwb_2024", "cartomap_gemeente_2025_rd"}
    kwb = by_id["cbs_kwb_2024"]
    assert kwb[2] == "CBS" and kwb[3] == "CC BY 4.0" and kwb[4].startswith("1 januari 2024")
    assert kwb[6] == "5c999eafb15917bae371ec5a09f489ee759f1a140feadc5d66ad259d425cf5c7"


def test_xlsx_multiple_sheets_and_bad_input():
    raw = to_xlsx_bytes({"Gemeenten": TABLE, "Provincies": TABLE.head(2)})
    assert openpyxl.load_workbook(io.BytesIO(raw)).sheetnames == ["Gemeenten", "Provincies", "Bron"]
    with pytest.raises(ValueError):
        to_xlsx_bytes({})
    with pytest.raises(ValueError):
        to_xlsx_bytes({"Bron": TABLE})
    with pytest.raises(KeyError):
        to_xlsx_bytes(TABLE, source_ids=["no_such_source"])
