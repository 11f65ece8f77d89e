"""Regio's vergelijken page in AppTest: layer, variable and the two compared regions drive the output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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


def test_national_density_is_inhabitants_over_land_area(at, kwb2024):
    """The 'Nederland' reference uses the registry's region weight (land area), like the regions do."""
    side = at.dataframe[1].value.set_index("Variabele")
    shown = float(side.loc["Bevolkingsdichtheid", "Nederland"].replace(".", "").replace(",", "."))
    direct = kwb2024["aantal_inwoners"].sum() / (kwb2024["oppervlakte_land_in_ha"].sum() / 100)
    # CBS rounds density per gemeente to whole inhabitants per km²: allow 0.5 %
    assert shown == pytest.approx(direct, rel=0.005)


def test_own_upload_is_a_variable_with_its_caveat(kwb2024):
    from ui.userdata import ColumnMeta, UserTable

    app = AppTest.from_file(str(APP), default_timeout=120)
    # labelled fixture, not data: one uploaded indicator for two Utrecht gemeenten (Utrecht, Amersfoort)
    frame = pd.DataFrame({"wachttijd": [2.0, 5.0]}, index=pd.Index(["GM0344", "GM0307"], name="gemeentecode"))
    meta = {"wachttijd": ColumnMeta("Wachttijd sociale huur", "jaar", 1, "1 januari 2025")}
    app.session_state["user_tables"] = {"wachtlijst": UserTable("wachtlijst", frame, meta, "wachtlijst.csv")}
    app.switch_page("pages/regios.py").run()
    assert not app.exception, [e.value for e in app.exception]
    app.selectbox(key="regios_layer").set_value("provincie").run()
    app.selectbox(key="regios_var").set_value("eigen: wachtlijst / wachttijd").run()
    assert not app.exception
    table = app.dataframe[0].value.set_index("Regio")
    col = "Eigen data: Wachttijd sociale huur (wachtlijst) (jaar)"
    pop = kwb2024.set_index("gemeentecode")["aantal_inwoners"]
    # weighted by inhabitants (the stated assumption for uploads), by hand
    expected = (2.0 * pop["GM0344"] + 5.0 * pop["GM0307"]) / (pop["GM0344"] + pop["GM0307"])
    assert table.loc["Utrecht", col] == f"{expected:.1f}".replace(".", ",")
    assert table.loc["Groningen", col] == "–"  # no value in the upload
    assert any("niet door CBS gecontroleerd" in c.value for c in app.caption)


def test_chosen_variable_is_in_the_link_and_a_link_restores_it():
    # reviewer item 5: a shared link must reopen the same variable
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.switch_page("pages/regios.py").run()
    app.selectbox(key="regios_var").set_value("woningvoorraad").run()
    assert app.query_params["rvar"] in ("woningvoorraad", ["woningvoorraad"])
    fresh = AppTest.from_file(str(APP), default_timeout=120)
    fresh.query_params.update({"rvar": "woningvoorraad", "rlaag": "provincie"})
    fresh.switch_page("pages/regios.py").run()
    assert not fresh.exception
    assert fresh.selectbox(key="regios_var").value == "woningvoorraad"
    bad = AppTest.from_file(str(APP), default_timeout=120)
    bad.query_params["rvar"] = "![x](http://evil.example/p.png)"
    bad.switch_page("pages/regios.py").run()
    assert not bad.exception
    warnings = [w.proto.body for w in bad.warning if "rvar" in w.proto.body]
    assert warnings and "![x](" not in warnings[0]
