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
    assert "Bezetting opvang (eind)" in names and "Te huisvesten (taakstelling)" in names
    table = _table(page)
    assert len(table) == 10 and table.index[0] == "2027-I"
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
    # twice the inflow: Amsterdam's task (text with Dutch thousands separator) roughly doubles
    assert int(after[0].replace(".", "")) > 1.8 * int(before[0].replace(".", ""))


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
    assert at.error and "grant_rate" in at.error[0].value
