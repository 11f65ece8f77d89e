"""Regio's vergelijken page in AppTest: layer, variable and the two compared regions drive the output."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture()
def at() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.switch_page("pages/regios.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_corop_by_default_and_layer_switch_changes_the_table(at):
    assert len(at.dataframe[0].value) == 40  # 40 COROP regions
    at.selectbox(key="regios_layer").set_value("provincie").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 12
    assert "Utrecht" in set(table.iloc[:, 0])
    assert any("Bron: CBS" in c.value for c in at.caption)


def test_counts_are_shown_next_to_per_1000_rates(at):
    at.selectbox(key="regios_layer").set_value("provincie").run()
    at.selectbox(key="regios_var").set_value("woningvoorraad").run()
    table = at.dataframe[0].value
    assert any("Per 1.000 inwoners" in str(c) for c in table.columns)
    at.selectbox(key="regios_var").set_value("herkomst_buiten_europa").run()  # a rate: no per-1,000 column
    assert not any("Per 1.000 inwoners" in str(c) for c in at.dataframe[0].value.columns)


def test_picking_another_region_b_changes_the_side_by_side_table(at):
    side_before = at.dataframe[1].value.copy()
    current = at.session_state["regios_b_corop"]
    other = "CR23" if current != "CR23" else "CR17"
    at.selectbox(key="regios_b_corop").set_value(other).run()
    assert not at.exception
    assert not at.dataframe[1].value.equals(side_before)
    assert at.query_params["rb"] in (other, [other])


def test_link_with_two_corop_regions_opens_them(at):
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params.update({"rlaag": "corop", "ra": "CR17", "rb": "CR23"})
    app.switch_page("pages/regios.py").run()
    assert not app.exception
    assert app.session_state["regios_a_corop"] == "CR17" and app.session_state["regios_b_corop"] == "CR23"
    header = list(app.dataframe[1].value.columns)
    assert "Utrecht" in header and "Groot-Amsterdam" in header  # CR17 and CR23
