"""Prognose page in AppTest: default render, a control change that changes the numbers, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "prognose.py")


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _table(at: AppTest):
    return at.dataframe[0].value  # the gemeente table comes first; the source table sits at the end


@pytest.fixture(scope="module")
def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    return at


def test_default_page_shows_chart_table_source_and_download(page):
    _no_errors(page)
    spec = json.loads(page.get("plotly_chart")[0].proto.spec)
    names = {trace.get("name") for trace in spec["data"]}
    assert "Bezetting COA-opvang (eind)" in names and "Te huisvesten (taakstelling)" in names
    table = _table(page)
    assert len(table) == 10 and table.index[0] == "2026-I"
    assert "Opvangplaatsen" in table.columns and "Woningen" in table.columns
    captions = " ".join(c.value for c in page.caption)
    assert "Bron: CBS" in captions and "peildatum" in captions
    assert page.get("download_button"), "no download offered"
    assert any("nieuwbouw" in m.value for m in page.markdown)


def test_changing_richtgetal_changes_the_gemeente_numbers():
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    before = _table(at)["Taakstelling (nieuw)"].tolist()
    at.number_input(key="prognose_richtgetal").set_value(60_000).run()
    _no_errors(at)
    after = _table(at)["Taakstelling (nieuw)"].tolist()
    assert after != before
    # default start = observed stocks: the first half-year comes from the stocks, not the target;
    # by the last half-year twice the inflow has raised Amsterdam's task, but by less than double: the IND
    # decision capacity (21.000 per half-year) binds, so part of the extra inflow waits in a growing backlog
    assert after[0] == before[0]
    assert (
        1.3 * int(before[-1].replace(".", "")) < int(after[-1].replace(".", "")) < 2 * int(before[-1].replace(".", ""))
    )
    # with the equilibrium start every half-year doubles at once
    at.radio(key="prognose_start").set_value("equilibrium").run()
    _no_errors(at)
    eq_high = _table(at)["Taakstelling (nieuw)"].tolist()
    at.number_input(key="prognose_richtgetal").set_value(30_000).run()
    eq_low = _table(at)["Taakstelling (nieuw)"].tolist()
    assert int(eq_high[0].replace(".", "")) > 1.8 * int(eq_low[0].replace(".", ""))


def test_corridor_shows_band_and_bad_corridor_gives_dutch_message():
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    at.radio(key="prognose_mode").set_value("corridor").run()
    _no_errors(at)
    assert "–" in _table(at)["Opvangplaatsen"].iloc[0]  # "2.027 (1.689–2.365)"
    at.number_input(key="prognose_low").set_value(50_000).run()
    assert not at.exception
    assert at.error and "groter dan hoog" in at.error[0].value


def test_bad_parameter_value_gives_message_not_crash():
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    grant = next(n for n in at.number_input if n.label.startswith("Inwilligingspercentage"))
    grant.set_value(1.7).run()
    assert not at.exception
    # the message is Markdown-escaped (plain text on screen): compare without the backslashes
    assert at.error and "grant_rate" in at.error[0].value.replace("\\", "")


def test_default_chart_moves_and_says_what_the_start_means(page):
    """Reviewer item 16: with the default settings the series are not flat, and one sentence says why."""
    spec = json.loads(page.get("plotly_chart")[0].proto.spec)
    occupancy = next(t for t in spec["data"] if t.get("name") == "Bezetting COA-opvang (eind)")
    assert len(set(occupancy["y"])) > 1
    captions = " ".join(c.value for c in page.caption)
    assert "Startpunt 2026-I: gepubliceerde voorraden" in captions


def test_chart_caption_names_the_parameter_sources(page):
    """Reviewer item 17: the flow chart is driven by IND/COA parameters, not by CBS KWB alone."""
    from capacity.flow_params import get_parameter

    caption = next(c.value for c in page.caption if c.value.startswith("Bron stroommodel"))
    assert "IND" in caption and "CBS" in caption
    assert get_parameter("grant_rate").label_nl in caption
    assert get_parameter("housing_wait_months").label_nl in caption  # listed as an assumption
    assert "Aanname" in caption


def test_decimal_parameters_are_not_shown_with_three_decimals(page):
    """Reviewer item 8: "12.000" months reads as twelve thousand to a Dutch reader."""
    months = next(n for n in page.number_input if n.label.startswith("Doorlooptijd tot besluit"))
    assert months.proto.format == "%.1f"
    grant = next(n for n in page.number_input if n.label.startswith("Inwilligingspercentage"))
    assert grant.proto.format == "%.2f"


def test_download_has_dutch_headers_rounded_numbers_and_a_source_sheet(deferred_downloads):
    """Reviewer item 11: no internal column names, whole persons, and a "Bron" sheet (the bytes the
    page's buttons serve; they are built only on click, so a rerun never pays for openpyxl)."""
    import csv
    import io

    import openpyxl

    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    _no_errors(at)
    assert len(at.get("download_button")) == 2
    assert all(b.proto.deferred_file_id and not b.proto.url for b in at.get("download_button"))
    served = {name.rsplit(".", 1)[-1]: make() for name, make in deferred_downloads.items() if "prognose" in name}
    text = served["csv"].decode("utf-8-sig")
    assert text.startswith("# Methodeversie ")  # provenance header comment (capacity.provenance)
    rows = list(csv.reader((line for line in io.StringIO(text) if not line.startswith("#")), delimiter=";"))
    header = rows[0]
    assert not {"reception_places", "task", "due", "task_low", "gemeentecode", "period"} & set(header)
    assert {"Gemeentecode", "Gemeente", "Halfjaar", "Opvangplaatsen", "Woningen", "Woningen (ondergrens band)"} <= set(
        header
    )
    assert len(rows) == 1 + 342 * 10
    for name in ("Woningen", "Inburgeringstrajecten", "Opvangplaatsen"):
        col = header.index(name)
        assert all(r[col].isdigit() for r in rows[1:]), name  # whole numbers, no decimal comma
    wb = openpyxl.load_workbook(io.BytesIO(served["xlsx"]))
    assert wb.sheetnames == ["Gegevens", "Bron"]
    bron = [[c.value for c in row] for row in wb["Bron"].iter_rows()]
    text = " ".join(str(v) for row in bron for v in row if v)
    assert "cbs_kwb_2024" in text and "scenario-invoer" in text
    assert "Inwilligingspercentage eerste aanleg (projectie)" in text  # parameter with its source
    value = wb["Gegevens"].cell(row=2, column=header.index("Woningen") + 1).value
    assert isinstance(value, int)


def test_start_year_control_dates_the_stocks_and_the_half_year_split_is_said(page):
    captions = " ".join(c.value for c in page.caption)
    assert "15.000 eerste aanvragen per halfjaar" in captions  # 30.000 per year
    assert "dichtstbijzijnde datum" in captions and "2025-01-06" in captions  # no stocks for 1 Jan 2026
    assert "IND, CBS, COA (zie tabel" not in captions  # no blanket credit
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    at.number_input(key="prognose_start_year").set_value(2023).run()
    _no_errors(at)
    captions = " ".join(c.value for c in at.caption)
    assert "Startpunt 2023-I" in captions and "2023-01-01" in captions and "2024-12-31" not in captions
    assert "dichtstbijzijnde datum" not in captions
    assert _table(at).index[0] == "2023-I"


def test_backtest_section_and_named_gemeente_lines(page):
    frames = [f.value for f in page.dataframe if "Gepubliceerd" in getattr(f.value, "columns", [])]
    assert frames, "no back-test table"
    bt = frames[0]
    assert "Taakstelling 2025-I" in set(bt["Cijfer"]) and "15.000" in set(bt["Gepubliceerd"])
    assert any("(pers)" in v for v in bt["Bron"])
    assert any("achtergehouden" in m.value for m in page.markdown)
    assert any(m.value.startswith("**Amsterdam, 2026**") for m in page.markdown)


def test_published_year_values_can_be_switched_off():
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    at.number_input(key="prognose_start_year").set_value(2024).run()
    with_published = _table(at)["Taakstelling (nieuw)"].tolist()
    at.checkbox(key="prognose_published_years").uncheck().run()
    _no_errors(at)
    assert _table(at)["Taakstelling (nieuw)"].tolist() != with_published


def test_english_strings_come_from_the_catalogue():
    from ui.i18n import STRINGS

    prognose = {k: v for k, v in STRINGS.items() if k.startswith("prognose.")}
    assert prognose and all(set(v) == {"nl", "en"} and v["nl"] and v["en"] for v in prognose.values())
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["lang"] = "en"
    at.run()
    _no_errors(at)
    captions = " ".join(c.value for c in at.caption)
    assert "first applications per half-year" in captions and "Flow-model sources" in captions
    assert any("Back-test" in e.label for e in at.expander)
