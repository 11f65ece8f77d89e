"""Issue #12: every limit of the one registry triggers (small limits injected, never timing), good files
with Unicode spaces/minus and #N/B are read exactly, and no Python exception text reaches a report.

All values in generated files are synthetic test values, never data.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import fields

import openpyxl
import pandas as pd
import pytest

from geodata.importer import LIMIT_LABELS, InputError, Limits, load_json_bounded, read_bytes_bounded, read_table

GOOD_CSV = b"code;aantal\nGM0363;1\nGM0518;2\nGM0014;3\n"


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD_XLSX = _xlsx([["code", "aantal"], ["GM0363", 1], ["GM0518", 2], ["GM0014", 3]])


def _errors(result) -> str:
    return " | ".join(m.text for m in result.errors())


def test_every_limit_has_a_label():
    assert {f.name for f in fields(Limits)} == set(LIMIT_LABELS)
    assert Limits().time_budget_s == 20.0  # the product setting's default


@pytest.mark.parametrize(
    ("limits", "data", "name"),
    [
        (Limits(max_bytes=10), GOOD_CSV, "max_bytes"),
        (Limits(max_rows=2), GOOD_CSV, "max_rows"),
        (Limits(max_rows=2), GOOD_XLSX, "max_rows"),
        (Limits(max_columns=1), GOOD_XLSX, "max_columns"),
        (Limits(max_cells=4), GOOD_CSV, "max_cells"),
        (Limits(max_cells=4), GOOD_XLSX, "max_cells"),
        (Limits(max_cell_chars=4), GOOD_CSV, "max_cell_chars"),
        (Limits(max_cell_chars=4), GOOD_XLSX, "max_cell_chars"),
        (Limits(max_unpacked=1000), GOOD_XLSX, "max_unpacked"),
        (Limits(max_shared_strings=100), GOOD_XLSX, "max_shared_strings"),
        (Limits(time_budget_s=0), GOOD_CSV, "time_budget_s"),
        (Limits(time_budget_s=0), GOOD_XLSX, "time_budget_s"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_limit_triggers_and_is_named(limits, data, name):
    filename = "t.xlsx" if data[:2] == b"PK" else "t.csv"
    assert read_table(data, filename).ok  # the same file passes with the default limits
    result = read_table(data, filename, limits=limits)
    assert not result.ok and result.frame.empty
    assert f"instelling {name}" in _errors(result), _errors(result)


def test_digit_limit_is_named_in_the_cell_message():
    result = read_table(b"code;score\nGM0363;123456\nGM0518;2\n", "d.csv", limits=Limits(max_digits=5))
    assert "instelling max_digits" in _errors(result) and "6 cijfers" in _errors(result)


def test_huge_declared_dimension_is_refused_before_reading_rows():
    from tests.bad_inputs.corpus_round2 import GOOD, SHEET, _dimension, patched

    data = patched(GOOD, SHEET, _dimension)
    assert len(data) < 10_000
    result = read_table(data, "dim.xlsx")
    assert "A1:XFD1048576" in _errors(result) and "instelling max_rows" in _errors(result)


def test_xlsx_column_beyond_the_limit_is_refused_not_cut():
    rows = [["code", "aantal"] + [f"k{i}" for i in range(5)], ["GM0363", 1, 1, 2, 3, 4, 5]]
    result = read_table(_xlsx(rows), "w.xlsx", limits=Limits(max_columns=4))
    assert not result.ok and "instelling max_columns" in _errors(result)


def test_csv_and_xlsx_of_the_same_width_get_the_same_verdict():
    header = ["code"] + [f"k{i}" for i in range(6)]
    rows = [header, ["GM0363", *range(6)], ["GM0518", *range(6)]]
    csv_data = "\n".join(";".join(map(str, r)) for r in rows).encode()
    small = Limits(max_columns=5)
    assert not read_table(csv_data, "w.csv", limits=small).ok
    assert not read_table(_xlsx(rows), "w.xlsx", limits=small).ok


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1\u00a0234", 1234.0),  # NBSP
        ("1\u202f234", 1234.0),  # narrow NBSP (Excel/LibreOffice)
        ("\u22121,5", -1.5),  # Unicode minus
        ("12\u2009000,25", 12000.25),  # thin space
    ],
)
def test_unicode_spaces_and_minus_are_numbers(cell, value):
    result = read_table(f"code;score\nGM0363;{cell}\nGM0518;0,5\n".encode(), "u.csv")
    assert result.ok, _errors(result)
    assert result.frame.loc["GM0363", "score"] == pytest.approx(value)


def test_dutch_excel_nb_is_missing_like_na():
    result = read_table(b"code;score\nGM0363;#N/B\nGM0518;2,5\nGM0014;#N/A\n", "nb.csv")
    assert result.ok
    assert result.frame["score"].isna().sum() == 2 and result.frame.loc["GM0518", "score"] == 2.5


def test_note_line_above_the_header_keeps_all_rows():
    data = b"Toelichting: voorlopig; bron eigen telling\ncode;aantal\nGM0363;1\nGM0518;2\n"
    result = read_table(data, "n.csv")
    assert result.ok and sorted(result.frame.index) == ["GM0363", "GM0518"]


def test_code_name_disagreement_on_few_rows_is_a_visible_warning():
    rows = ["GM0363;Amsterdam;1", "GM0518;'s-Gravenhage;2", "GM0014;Groningen;3", "GM0344;Rotterdam;4"]
    result = read_table(("code;naam;aantal\n" + "\n".join(rows) + "\n").encode(), "c.csv")
    assert result.ok
    warning = next(m for m in result.report if m.level == "warning" and "spreken elkaar tegen" in m.text)
    assert "rijen 5" in warning.text


def test_no_exception_text_reaches_the_report(monkeypatch):
    from geodata.importer import interpret

    def boom(*_a, **_k):
        raise RuntimeError("secret /srv/app/internal.py line 12")

    monkeypatch.setattr(interpret, "find_key", boom)
    result = read_table(GOOD_CSV, "t.csv")
    text = _errors(result)
    assert not result.ok and "secret" not in text and "RuntimeError" not in text and "onverwachte vorm" in text


def test_recursion_and_memory_errors_become_sentences(monkeypatch):
    from geodata.importer import shape

    for exc in (RecursionError, MemoryError):
        monkeypatch.setattr(shape, "frame_from_rows", lambda *_a, exc=exc, **_k: (_ for _ in ()).throw(exc()))
        result = read_table(GOOD_CSV, "t.csv")
        assert not result.ok and "Error" not in _errors(result)


# --- bounded reads and JSON ------------------------------------------------------------------------------


def test_bounded_read_refuses_fifo_device_directory_and_large(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", tmp_path):
        with pytest.raises(InputError, match="geen gewoon bestand"):
            read_bytes_bounded(path)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 100)
    with pytest.raises(InputError, match="instelling max_bytes"):
        read_bytes_bounded(big, Limits(max_bytes=99))
    assert read_bytes_bounded(big, Limits(max_bytes=100)) == b"x" * 100


def test_json_depth_is_checked_before_parsing():
    deep = "[" * 5000 + "]" * 5000
    with pytest.raises(InputError, match="instelling max_json_depth"):
        load_json_bounded(deep, 20_000)
    assert load_json_bounded('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 1000) == {"a": "[" * 27}
    with pytest.raises(InputError, match="max_json_depth"):
        load_json_bounded("[[[1]]]", 1000, Limits(max_json_depth=2))
    with pytest.raises(InputError, match="instelling max_json_bytes"):
        load_json_bounded(b"[1, 2]", limits=Limits(max_json_bytes=5))
    for bad in ('{"a": 1e400}', '{"a": NaN}', '{"a": Infinity}', "[1" + "0" * 5000 + "]"):
        with pytest.raises(InputError):
            load_json_bounded(bad, 20_000)


def test_scenario_file_errors_are_dutch_sentences():
    import ui.scenario as sc

    for raw in (
        b"[" * 9000 + b"]" * 9000,
        b'{"kind": 1',
        b"\xff\xfe",
        b'{"kind": "opnamecapaciteit-scenario", "x": 1e999}',
    ):
        with pytest.raises(ValueError) as info:
            sc.scenario_from_json(raw)
        assert "Error" not in str(info.value) and "Traceback" not in str(info.value)


# --- pledges: the same parser ----------------------------------------------------------------------------

CODES = pd.Index(["GM0014", "GM0034", "GM0363"])


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "leeg"),
        (b"gemeentecode;toezegging\n", "geen rijen"),
        (b"gemeentecode;toezegging\nGM0014;inf\n", "oneindig"),
        (b"gemeentecode;toezegging\nGM0014;12.5\nGM0363;1,5\n", "Geen getal: '12.5'"),
        (b'gemeentecode;toezegging\nGM0014;"12\nGM0363;1\n', "aanhalingsteken"),
        (b"gemeentecode;toezegging\nGM0014;" + b"9" * 400 + b"\n", "cijfers"),
        (b"PK\x03\x04rest", "geen tekstbestand"),
    ],
)
def test_pledges_use_the_importer_rules(raw, reason):
    from geodata.importer.simple import read_pledges

    with pytest.raises(ValueError, match=reason):
        read_pledges(raw, CODES)


def test_pledges_unicode_and_thousands():
    from geodata.importer.simple import read_pledges

    got = read_pledges("gemeentecode;toezegging\nGM0014;1\u202f200\nGM0363;1.500\n".encode(), CODES)
    assert got.to_dict() == {"GM0014": 1200.0, "GM0363": 1500.0}


def test_zip_part_sizes_are_checked_before_openpyxl(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(GOOD_XLSX)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        dst.writestr("xl/styles2.xml", b" " * 200_000)
    called = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: called.append(1))
    result = read_table(out.getvalue(), "s.xlsx", limits=Limits(max_shared_strings=100_000))
    assert "instelling max_shared_strings" in _errors(result) and not called


def test_wide_file_values_are_read_exactly(kwb2024):
    """The vectorised path (all cells parsed at once) keeps every value in its column and row."""
    codes = kwb2024["gemeentecode"].tolist()
    header = "code;" + ";".join(f"k{j}" for j in range(40))
    body = [c + ";" + ";".join(f"{i * 100 + j},5" for j in range(40)) for i, c in enumerate(codes)]
    result = read_table(("\n".join([header, *body]) + "\n").encode(), "wide.csv", limits=Limits(time_budget_s=600))
    assert result.ok, _errors(result)
    assert result.frame.shape == (len(codes), 40)
    assert (
        result.frame.loc[codes[7], "k3"] == 703.5
        and result.frame.loc[codes[-1], "k39"] == (len(codes) - 1) * 100 + 39.5
    )
