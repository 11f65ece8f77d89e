"""Importer behaviour on realistic files: StatLine SES-WOA export into the spreidingswet key,
a 2018-era file with old codes, number formats and limits.

All values in generated files are synthetic test values (labelled as such), never data.
"""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from geodata.herindeling import herindelingen
from geodata.importer import (
    MAX_BYTES,
    detect_decimal,
    parse_numbers,
    read_table,
)


def _statline_ses_woa(codes: pd.Series, names: pd.Series, scores: np.ndarray) -> bytes:
    """A file laid out like a StatLine 'Tabel (csv)' export: title line, ';', decimal comma, padded codes."""
    lines = [
        '"Sociaal-economische status; scores per wijk en buurt (TESTBESTAND: verzonnen scores)"',
        '"Regio\'s";"Regioaanduiding/Codering (code)";"Perioden";"Gemiddelde score (SES-WOA)"',
        '"Nederland";"NL01      ";"2021";"0,000"',
    ]
    for code, name, score in zip(codes, names, scores, strict=True):
        lines.append(f'"{name}";"{code:<10}";"2021";"{score:.3f}"'.replace(".", ","))
    lines.append('"Bron: CBS"')
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def test_statline_ses_woa_feeds_the_spreidingswet_key(kwb2024):
    from capacity.keys import key_shares
    from ui.userdata import ColumnMeta, UserTable, ses_woa, store_table

    codes, names = kwb2024["gemeentecode"], kwb2024["gemeentenaam"]
    scores = np.linspace(-0.5, 0.5, len(codes))  # synthetic, evenly spread test scores
    result = read_table(_statline_ses_woa(codes, names, scores), "ses_woa_statline.csv")
    assert result.ok, [str(m) for m in result.report]
    assert result.key_kind == "code"
    col = "Gemiddelde score (SES-WOA)"
    assert list(result.frame.columns) == [col]
    assert len(result.frame) == 342
    np.testing.assert_allclose(result.frame.loc[codes, col].to_numpy(), np.round(scores, 3))

    state: dict = {}
    store_table(UserTable("ses", result.frame, {col: ColumnMeta("SES-WOA", "score", -1, "2021", "ses_woa")}), state)
    s = ses_woa(state)
    assert s is not None and len(s) == 342
    with_upload = key_shares("spreidingswet", kwb2024, extra=pd.DataFrame({"ses_woa": s}))
    without = key_shares("spreidingswet", kwb2024)
    assert "ses_woa" in with_upload.attrs["imported"]
    assert "ses_woa" not in without.attrs["imported"]
    assert with_upload.sum() == pytest.approx(1.0)
    assert not np.allclose(with_upload.to_numpy(), without.to_numpy())


def _era_codes(current: pd.Series, year: int) -> list[str]:
    """Gemeente codes in use during ``year``: today's codes, minus those created later, plus those abolished later."""
    table = herindelingen()
    later = table[table["datum"].astype(str) > f"{year}-12-31"]
    created_later = set(later["nieuwe_code"]) - set(later["oude_code"])
    abolished_later = set(later["oude_code"]) - set(later["nieuwe_code"])
    return sorted((set(current) - created_later) | abolished_later)


def test_2018_era_file_is_converted_with_a_report(kwb2024):
    codes = _era_codes(kwb2024["gemeentecode"], 2018)
    assert len(codes) == 380  # CBS: 380 gemeenten on 1 January 2018
    counts = np.arange(1, len(codes) + 1)  # synthetic test counts 1..380
    body = "\n".join(f"{c};{n}" for c, n in zip(codes, counts, strict=True))
    result = read_table(f"gemeentecode;aantal personen\n{body}\n".encode(), "taakstelling_2018.csv")
    assert result.ok, [str(m) for m in result.errors()]
    value = dict(zip(codes, counts, strict=True))
    # by hand: Groningen 2019 = Groningen + Haren + Ten Boer; Hoeksche Waard = five 2018 gemeenten
    assert result.frame.loc["GM0014", "aantal personen"] == value["GM0014"] + value["GM0017"] + value["GM0009"]
    hw = ["GM0585", "GM0611", "GM0588", "GM0584", "GM0617"]
    assert result.frame.loc["GM1963", "aantal personen"] == sum(value[c] for c in hw)
    # Haaren (split 2021, no sourced shares): the four receivers have no value, and it is said
    assert result.frame.loc[["GM0824", "GM0865", "GM0757", "GM0855"], "aantal personen"].isna().all()
    texts = [m.text for m in result.report]
    assert any("GM0017 (Haren) omgezet naar GM0014 (Groningen)" in t for t in texts)
    assert any("GM0457 (Weesp) omgezet naar GM0363 (Amsterdam) — herindeling 24-3-2022" in t for t in texts)
    assert any("Haaren" in t and "gesplitst" in t for t in texts)
    assert set(result.frame.index) <= set(kwb2024["gemeentecode"])


@pytest.mark.parametrize(("year", "n_cbs"), [(2019, 355), (2020, 355), (2021, 352), (2022, 344)])
def test_later_era_files_convert_to_342(kwb2024, year, n_cbs):
    codes = _era_codes(kwb2024["gemeentecode"], year)
    assert len(codes) == n_cbs  # CBS number of gemeenten at the end of that year
    body = "\n".join(f"{c};1" for c in codes)  # synthetic count 1 per gemeente
    result = read_table(f"code;aantal\n{body}\n".encode(), f"{year}.csv")
    assert result.ok
    assert set(result.frame.index) <= set(kwb2024["gemeentecode"])
    # every 2025 gemeente either got the sum of its parts (= number of parts) or is a Haaren receiver
    assert result.frame["aantal"].sum() == len(codes) - (4 if year < 2021 else 0) - (1 if year < 2021 else 0)


def test_name_matching_report_lists_every_row(kwb2024):
    data = b"Gemeente;aantal\nDen Haag;1\nHengelo;2\nAmsterdam;3\nNederland;6\n"
    result = read_table(data, "namen.csv")
    assert result.ok
    m = result.matches.set_index("invoer")
    assert m.loc["Den Haag", "gemeentecode"] == "GM0518"
    assert m.loc["Hengelo", "gemeentenaam"] == "Hengelo (O.)"
    assert m.loc["Amsterdam", "hoe"] == "exact"
    assert m.loc["Nederland", "hoe"] == "overgeslagen"
    assert result.frame.loc["GM0518", "aantal"] == 1


@pytest.mark.parametrize(
    ("cells", "decimal", "expected"),
    [
        (["1.234,5", "0,25", "-3", "1.000.000"], ",", [1234.5, 0.25, -3.0, 1_000_000.0]),
        (["1,234.5", "0.25", "-3", "1,000,000"], ".", [1234.5, 0.25, -3.0, 1_000_000.0]),
        (["0,123"], ",", [0.123]),
        (["1e3", "2,5E-1"], ",", [1000.0, 0.25]),
    ],
)
def test_parse_numbers(cells, decimal, expected):
    assert parse_numbers(pd.Series(cells), decimal).tolist() == expected


@pytest.mark.parametrize(("cells", "expected"), [(["1,5", "2,25"], ","), (["1.5", "2.25"], "."), (["0,123"], ",")])
def test_detect_decimal(cells, expected):
    assert detect_decimal(pd.DataFrame({"a": cells})) == expected


def test_ambiguous_thousands_follow_the_separator():
    # "1.234" alone could be 1,234 or 1.234: a ';' file is Dutch (decimal comma), a ',' file is not
    assert detect_decimal(pd.DataFrame({"a": ["1.234"]}), ";") == ","
    assert detect_decimal(pd.DataFrame({"a": ["1.234"]}), ",") == "."


def test_utf8_and_cp1252_give_the_same_table():
    text = "gemeente;aantal\nSúdwest-Fryslân;10\n's-Gravenhage;3\n"
    a = read_table(text.encode("utf-8"), "a.csv")
    b = read_table(text.encode("cp1252"), "b.csv")
    assert a.ok and b.ok
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.frame.loc["GM1900", "aantal"] == 10


def test_xlsx_numbers_and_integer_codes():
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["code", "score", "aantal"], [363, 0.125, 10], [518.0, -1.5, 0]):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    result = read_table(buf.getvalue(), "t.xlsx")
    assert result.ok, [str(m) for m in result.report]
    assert result.frame.loc["GM0363"].tolist() == [0.125, 10.0]
    assert result.frame.loc["GM0518"].tolist() == [-1.5, 0.0]
    assert result.count_columns == ["aantal"]


def test_size_limit_is_5_mb():
    assert MAX_BYTES == 5 * 1024 * 1024
    big = b"code;aantal\n" + b"GM0363;1\n" * (MAX_BYTES // 9 + 10)
    result = read_table(big, "big.csv")
    assert not result.ok
    assert "de grens is 5 MB" in result.errors()[0].text


def test_non_bytes_input_is_rejected_not_raised():
    result = read_table("code;aantal", "x.csv")  # type: ignore[arg-type]
    assert not result.ok and "Geen bestandsinhoud" in result.errors()[0].text


def test_row_limit_is_stated():
    body = "".join(f"GM{i % 10000:04d};1\n" for i in range(5001))
    result = read_table(f"code;aantal\n{body}".encode(), "rows.csv")
    assert not result.ok
    assert "de grens is 5.000 rijen" in result.errors()[0].text


def test_duplicate_column_names_are_renamed_and_reported():
    result = read_table(b"code;aantal;aantal\nGM0363;1;2\nGM0518;3;4\n", "dup.csv")
    assert result.ok
    assert list(result.frame.columns) == ["aantal", "aantal (2)"]
    assert result.frame.loc["GM0518"].tolist() == [3.0, 4.0]
    assert any(m.level == "warning" and "hernoemd" in m.text for m in result.report)
