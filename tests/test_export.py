"""Exporters: CSV safe against formula injection, XLSX with Dutch headers, numbers and a source sheet."""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from capacity import METHOD_VERSION
from capacity.export import (
    SOURCE_HEADERS,
    neutralise,
    round_for_export,
    source_rows,
    to_csv_bytes,
    to_xlsx_bytes,
)
from geodata.sources import SOURCES, get_source

# Hand-made fixture (not data): hostile names next to ordinary numbers, including negative ones.
TABLE = pd.DataFrame(
    {
        "gemeentenaam": ['=HYPERLINK("http://x")', "+31 Stad", "-Min", "@SUM(A1)", "\tTab", "\rCR", "Utrecht"],
        "allocated": [12, 0, -3, 4, 5, 6, 1234],
        "per_1000": [1.5, 0.0, -0.25, 2.0, float("nan"), 3.125, 0.5],
    },
    index=pd.Index([f"GM000{i}" for i in range(7)], name="gemeentecode"),
)
HEADERS = {
    "gemeentecode": "Gemeentecode",
    "gemeentenaam": "Gemeente",
    "allocated": "Toegewezen",
    "per_1000": "Per 1.000 inwoners",
}


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
    assert names[:6] == ['\'=HYPERLINK("http://x")', "'+31 Stad", "'-Min", "'@SUM(A1)", "'\tTab", "'\rCR"]
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
    assert first[1].value == '=HYPERLINK("http://x")' and first[1].data_type == "s"
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
    assert rows[1][0] == "Methodeversie" and rows[1][1].startswith(METHOD_VERSION)
    assert rows[2][:2] == ["Toelichting", "Scenario"]
    by_id = {r[0]: r for r in rows[3:]}
    assert set(by_id) == {"cbs_kwb_2024", "cartomap_gemeente_2025_rd"}
    kwb = by_id["cbs_kwb_2024"]
    assert kwb[2] == "CBS" and kwb[3] == "CC BY 4.0" and kwb[4].startswith("1 januari 2024")
    assert kwb[7] == "5c999eafb15917bae371ec5a09f489ee759f1a140feadc5d66ad259d425cf5c7"
    # reviewer item 10: the URL is the publisher's page (CBS), the mirror/download file comes second
    assert kwb[5] == get_source("cbs_kwb_2024").official_urls[0]
    assert "cbs.nl/" in kwb[5] and "github" not in kwb[5]
    assert kwb[6] == get_source("cbs_kwb_2024").upstream_url
    assert rows[0][5:8] == ["URL (uitgever)", "Gebruikt bestand (download of mirror)", "SHA-256"]


def test_source_without_official_page_falls_back_to_the_download_and_derived_file_to_the_mirror_path():
    derived = next(s for s in SOURCES if s.upstream_url is None)
    row = dict(zip(SOURCE_HEADERS, source_rows([derived.id])[0], strict=True))
    assert row["Gebruikt bestand (download of mirror)"] == f"datamirror: {derived.path}"
    plain = [s for s in SOURCES if s.upstream_url and not s.official_urls]
    for s in plain[:1]:
        assert source_rows([s.id])[0][5] == s.upstream_url


def test_round_for_export_matches_the_screen_and_keeps_numbers():
    """Reviewer item 11 repro values (hand-made fixture)."""
    frame = pd.DataFrame(
        {
            "share": [1.2527422706830744, 0.5],
            "dwellings": [247.3684210526316, np.nan],
            "per1000": [30.080000000000002, 1.0],
            "allocated": [12.0, 3.0],
            "naam": ["A", "B"],
        }
    )
    out = round_for_export(frame, {"share": 4, "dwellings": 0}, default=2)
    assert out["share"].tolist() == [1.2527, 0.5]
    assert out["dwellings"].dtype == "Int64" and out["dwellings"].iloc[0] == 247 and out["dwellings"].isna().iloc[1]
    assert out["per1000"].tolist() == [30.08, 1.0]
    assert out["allocated"].dtype == "Int64"  # whole floats become integers
    assert out["naam"].tolist() == ["A", "B"]
    text = to_csv_bytes(frame, index=False, decimals={"share": 4, "dwellings": 0}, default_decimals=2).decode(
        "utf-8-sig"
    )
    lines = text.splitlines()
    assert lines[1] == "1,2527;247;30,08;12;A"
    assert lines[2] == "0,5;;1,0;3;B"


def test_xlsx_rounds_and_keeps_numbers():
    frame = pd.DataFrame({"dwellings": [247.3684210526316], "per1000": [30.080000000000002]})
    raw = to_xlsx_bytes(frame, index=False, decimals={"dwellings": 0}, default_decimals=2)
    ws = openpyxl.load_workbook(io.BytesIO(raw))["Gegevens"]
    assert ws.cell(row=2, column=1).value == 247 and isinstance(ws.cell(row=2, column=1).value, int)
    assert ws.cell(row=2, column=2).value == pytest.approx(30.08) and ws.cell(row=2, column=2).value == 30.08


def test_xlsx_multiple_sheets_and_bad_input():
    raw = to_xlsx_bytes({"Gemeenten": TABLE, "Provincies": TABLE.head(2)})
    assert openpyxl.load_workbook(io.BytesIO(raw)).sheetnames == ["Gemeenten", "Provincies", "Bron"]
    with pytest.raises(ValueError):
        to_xlsx_bytes({})
    with pytest.raises(ValueError):
        to_xlsx_bytes({"Bron": TABLE})
    with pytest.raises(KeyError):
        to_xlsx_bytes(TABLE, source_ids=["no_such_source"])


def test_table_downloads_rounds_allocation_columns_as_the_richtgetal_page_shows_them():
    """ui.export takes the on-screen decimals from ui.scenario.RESULT_COLUMNS, by internal name and
    by Dutch header (extra sheets arrive renamed)."""
    from ui.export import shown_decimals
    from ui.scenario import RESULT_COLUMNS

    places = shown_decimals()
    assert places["allocated"] == 0 and places["share"] == 4 and places["dwellings"] == 0
    assert places[RESULT_COLUMNS["dwellings"][0]] == 0  # "Woningen"
    assert "gemeentenaam" not in places  # text column


def test_richtgetal_page_exports_are_rounded_like_the_screen(deferred_downloads):
    """Reviewer item 11 end to end: the bytes behind the Richtgetal buttons carry no float artefacts
    (built on click: the fixture captures what the buttons would serve)."""
    import re
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    page = Path(__file__).resolve().parents[1] / "pages" / "richtgetal.py"
    at = AppTest.from_file(str(page), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    served = {
        name.rsplit(".", 1)[-1]: make() for name, make in deferred_downloads.items() if name.startswith("richtgetal")
    }
    text = served["csv"].decode("utf-8-sig")
    assert text.startswith("# Methodeversie ")  # provenance header comment (capacity.provenance)
    rows = list(csv.reader((line for line in io.StringIO(text) if not line.startswith("#")), delimiter=";"))
    header = rows[0]
    decimals_in = {
        h: max((len(r[j].split(",")[1]) if "," in r[j] else 0) for r in rows[1:])
        for j, h in enumerate(header)
        if all(re.fullmatch(r"-?\d+(,\d+)?|", r[j]) for r in rows[1:])
    }
    assert decimals_in["Toegewezen (personen)"] == 0
    assert decimals_in["Woningen"] == 0
    assert decimals_in["Aandeel (%)"] <= 4
    assert decimals_in["Per 1.000 inwoners"] <= 2
    assert max(decimals_in.values()) <= 4
    ws = openpyxl.load_workbook(io.BytesIO(served["xlsx"]))["Gegevens"]
    xlsx_header = [c.value for c in next(ws.iter_rows(max_row=1))]
    col = xlsx_header.index("Woningen") + 1
    assert all(isinstance(ws.cell(row=r, column=col).value, int) for r in range(2, 20))
