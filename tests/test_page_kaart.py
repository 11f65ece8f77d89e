"""Kaart page in AppTest: the default map, every kind of control change, URL state and the click handoff."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.scenario import Scenario

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page("pages/kaart.py")  # the home page is Overzicht
    return at


def _spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no map drawn"
    return json.loads(charts[0].proto.spec)


def _z(trace: dict) -> np.ndarray:
    """Plotly ships numeric arrays as base64 ("bdata") in figure JSON."""
    z = trace["z"]
    if isinstance(z, dict):
        return np.frombuffer(base64.b64decode(z["bdata"]), dtype=np.dtype(z["dtype"]))
    return np.asarray(z, dtype=float)


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture(scope="module")
def home() -> AppTest:
    at = _app()
    at.run()
    return at


def test_kaart_opens_on_the_total_druk_score_of_342_gemeenten_with_source(home):
    _no_errors(home)
    trace = _spec(home)["data"][0]
    assert trace["type"] == "choroplethmap"
    assert len(trace["locations"]) == 342
    assert _spec(home)["layout"]["map"]["style"] == "white-bg"
    assert "100 = hoogste druk" in trace["colorbar"]["title"]["text"]
    assert np.nanmax(_z(trace)) <= 100
    captions = " ".join(c.value for c in home.caption)
    assert "Bron: CBS, Kadaster/PDOK" in captions and "peildatum" in captions
    assert home.query_params["indicator"] == "total_load"


def test_changing_variable_changes_map_and_url():
    at = _app()
    at.run()
    before = _z(_spec(at)["data"][0])
    at.selectbox(key="kaart_var").set_value("bevolkingsdichtheid").run()
    _no_errors(at)
    after = _spec(at)["data"][0]
    assert not np.allclose(_z(after), before, equal_nan=True)
    assert "inwoners per km²" in after["colorbar"]["title"]["text"]
    assert at.query_params["indicator"] == "bevolkingsdichtheid"


def test_switching_to_corop_aggregates():
    at = _app()
    at.run()
    at.selectbox(key="kaart_layer").set_value("corop").run()
    _no_errors(at)
    trace = _spec(at)["data"][0]
    assert len(trace["locations"]) == 40  # the 40 COROP regions of 2025
    assert all(code.startswith("CR") for code in trace["locations"])
    assert any("Regiowaarde" in c.value for c in at.caption)
    assert at.query_params["layer"] == "corop"


def test_shared_link_restores_view():
    at = _app(indicator="leegstand", layer="provincie")
    at.run()
    _no_errors(at)
    assert at.selectbox(key="kaart_var").value == "leegstand"
    assert len(_spec(at)["data"][0]["locations"]) == 12


def test_invalid_link_values_warn_and_fall_back():
    at = _app(indicator="__import__('os')", layer="wijk")
    at.run()
    assert not at.exception
    assert len(at.warning) == 2
    assert "ongeldig" in at.warning[0].value
    assert at.selectbox(key="kaart_var").value == "total_load"


def test_allocation_without_scenario_shows_the_default_then_the_session_result(kwb2024):
    default = Scenario()
    at = _app(indicator="allocated")
    at.run()
    _no_errors(at)
    label = " ".join(i.value for i in at.info)
    assert "standaardscenario" in label and "pas aan op de pagina Richtgetal" in label
    assert f"{default.total:,}".replace(",", ".") in label  # e.g. 30.000, taken from the Scenario object
    z = _z(_spec(at)["data"][0])
    assert len(z) == 342 and z.sum() == default.total  # whole persons adding up exactly to the total
    # population key: Amsterdam's share of the inhabitants, rounded (largest remainder moves it by < 1)
    pop = kwb2024.set_index("gemeentecode")["aantal_inwoners"]
    ams = _spec(at)["data"][0]["locations"].index("GM0363")
    assert abs(z[ams] - default.total * pop["GM0363"] / pop.sum()) < 1
    # labelled fixture: 1 person per gemeente, only to see the map pick up the session result
    codes = kwb2024["gemeentecode"].tolist()
    at.session_state["scenario_result"] = pd.DataFrame({"allocated": 1}, index=pd.Index(codes, name="gemeentecode"))
    at.run()
    _no_errors(at)
    assert not any("standaardscenario" in i.value for i in at.info)
    assert _z(_spec(at)["data"][0]).tolist() == [1.0] * 342
    at.selectbox(key="kaart_layer").set_value("provincie").run()
    z = _z(_spec(at)["data"][0])
    assert len(z) == 12 and z.sum() == 342  # summed, not averaged


def test_allocation_follows_scenario_params_in_the_link():
    at = _app(indicator="allocated", total="12000")
    at.run()
    _no_errors(at)
    assert any("scenario uit de link: 12.000 personen" in i.value for i in at.info)
    assert _z(_spec(at)["data"][0]).sum() == 12000


def test_allocation_with_a_bad_or_infeasible_link_explains_instead_of_crashing():
    at = _app(indicator="allocated", total="veel")
    at.run()
    _no_errors(at)
    # the URL value is shown as plain text: Markdown-escaped in the element body (ui.layout.plain)
    assert any("Linkparameter genegeerd: total=veel" in re.sub(r"\\(.)", r"\1", c.value) for c in at.caption)
    assert _z(_spec(at)["data"][0]).sum() == Scenario().total  # the bad value falls back to the default
    # a floor of 200 in each of 342 gemeenten (68.400) cannot fit a total of 30.000
    at = _app(indicator="allocated", floor="200")
    at.run()
    assert not at.exception
    assert any("kan niet worden berekend" in w.value for w in at.warning)
    assert not at.get("plotly_chart")


def test_allocation_of_a_linked_corridor_shows_its_upper_end():
    at = _app(indicator="allocated", mode="corridor")
    at.run()
    _no_errors(at)
    band = f"{Scenario().low:,}–{Scenario().high:,}".replace(",", ".")
    assert any(f"corridor {band} personen (bovengrens getoond)" in i.value for i in at.info)
    assert _z(_spec(at)["data"][0]).sum() == Scenario().high


def test_allocation_english_label():
    at = _app(indicator="allocated", lang="en")
    at.run()
    _no_errors(at)
    assert any(i.value.startswith(f"default scenario: {Scenario().total:,} persons") for i in at.info)


def _upload(at: AppTest) -> None:
    """Labelled fixture, not data: an uploaded indicator with values for three gemeenten only."""
    from ui.userdata import ColumnMeta, UserTable

    frame = pd.DataFrame(
        {"wachttijd": [2.5, 1.0, 4.0]}, index=pd.Index(["GM0363", "GM0518", "GM0014"], name="gemeentecode")
    )
    meta = {"wachttijd": ColumnMeta("Wachttijd sociale huur", "jaar", 1, "1 januari 2025")}
    at.session_state["user_tables"] = {"wachtlijst": UserTable("wachtlijst", frame, meta, "wachtlijst.csv")}


OWN_ID = "eigen: wachtlijst / wachttijd"


def test_own_upload_is_a_map_variable_with_its_own_source_line():
    at = _app()
    _upload(at)
    at.run()
    _no_errors(at)
    box = at.selectbox(key="kaart_var")
    assert "Eigen data: Wachttijd sociale huur (wachtlijst)" in box.options  # shown labels
    box.set_value(OWN_ID).run()
    _no_errors(at)
    assert not at.warning  # the upload is not written into the link, so no "ongeldig" warning
    assert at.query_params.get("indicator") in (None, [])
    spec = _spec(at)
    main, grey = spec["data"][0], spec["data"][1]
    z = _z(main)
    values = dict(zip(main["locations"], z, strict=True))
    assert values["GM0363"] == 2.5 and values["GM0014"] == 4.0
    assert int(np.isfinite(z).sum()) == 3
    assert len(grey["locations"]) == 339  # the others are grey, not blank
    assert "jaar" in main["colorbar"]["title"]["text"]
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]  # file names are escaped
    assert any(
        "eigen upload wachtlijst.csv" in c and "peildatum 1 januari 2025" in c and "niet door CBS gecontroleerd" in c
        for c in captions
    )
    assert not any(c.startswith("Bron: CBS — ") for c in captions)  # no KWB line for an upload
    assert any("339 gebieden zonder waarde zijn grijs" in c for c in captions)
    at.selectbox(key="kaart_layer").set_value("provincie").run()
    _no_errors(at)
    assert any("Aanname" in c.value for c in at.caption)
    assert at.selectbox(key="kaart_var").value == OWN_ID  # the choice survives the rerun


def test_map_click_opens_gemeente_profile():
    at = _app()
    at.session_state["_kaart_goto"] = ("gemeente", "GM0363")  # what the on_select callback stores for a click
    at.run()
    _no_errors(at)
    assert at.header[0].value == "Amsterdam (GM0363)"
    assert at.query_params["gemeente"] == "GM0363"


def test_english_toggle():
    at = _app(lang="en")
    at.run()
    _no_errors(at)
    assert at.title[0].value == "Map"
    assert "highest load" in _spec(at)["data"][0]["colorbar"]["title"]["text"]
    assert "locale" not in _config(at)  # plotly's own English modebar texts


def _config(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.config)


def test_map_exports_in_the_browser_with_title_and_source_and_leaves_the_wheel_to_the_page():
    """No server-side renderer: plotly's modebar camera exports the figure, which carries title and source."""
    at = _app()
    at.run()
    _no_errors(at)
    config = _config(at)
    assert config["scrollZoom"] is False
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["filename"].startswith("totale_druk")
    assert "problem downloading" in " ".join(config["locales"]["nl"]["dictionary"])  # Dutch failure message
    layout = _spec(at)["layout"]
    assert "Totale druk (score)" in layout["title"]["text"]
    assert layout["annotations"][-1]["text"].startswith("Bron: CBS, Kadaster/PDOK")
    assert not at.get("download_button") or all("png" not in b.proto.label.lower() for b in at.get("download_button"))


def test_map_has_a_ranking_and_a_table_with_csv():
    at = _app()
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "Hoogste 10" in text and "Laagste 10" in text
    table = at.dataframe[0].value
    assert len(table) == 342 and table.iloc[0, -1] == 1  # sorted by rank, 1 = highest
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("CSV" in label for label in labels)


def test_quantile_scale_changes_colours_not_values():
    at = _app()
    at.run()
    linear = _spec(at)["data"][0]
    at.selectbox(key="kaart_scale").set_value("quantile").run()
    _no_errors(at)
    quant = _spec(at)["data"][0]
    assert np.nanmax(_z(quant)) == pytest.approx(100.0)
    assert not np.allclose(_z(quant), _z(linear), equal_nan=True)
    assert quant["customdata"] == linear["customdata"]  # hover text unchanged
    assert at.query_params["scale"] == "quantile"


def test_region_click_opens_region_comparison():
    at = _app()
    at.session_state["_kaart_goto"] = ("regio", "corop", "CR23")  # a click on a COROP region
    at.run()
    _no_errors(at)
    assert at.title[0].value == "Regio's vergelijken"
    assert at.query_params["rlaag"] == "corop" and at.query_params["ra"] == "CR23"


def test_png_of_an_upload_carries_the_upload_source_line():
    at = _app()
    _upload(at)
    at.run()
    at.selectbox(key="kaart_var").set_value(OWN_ID).run()
    _no_errors(at)
    text = _spec(at)["layout"]["annotations"][-1]["text"].replace("<br>", " ")
    assert text.startswith("Bron: eigen upload wachtlijst.csv") and "Kadaster/PDOK" in text


def test_png_of_the_default_allocation_names_the_scenario():
    at = _app(indicator="allocated")
    at.run()
    _no_errors(at)
    text = _spec(at)["layout"]["annotations"][-1]["text"].replace("<br>", " ")
    assert text.startswith("standaardscenario: " + f"{Scenario().total:,}".replace(",", ".") + " personen, sleutel ")
    assert "pas aan" not in text and "Bron: CBS" in text


# --- reviewer items 1, 5 -------------------------------------------------------------------------------


def test_allocation_map_labels_the_session_scenario_and_puts_it_in_the_link(kwb2024):
    from dataclasses import replace

    at = _app(indicator="allocated")
    scenario = replace(Scenario(), total=12_000, key="koenigstein").validated()
    at.session_state["scenario"] = scenario.to_dict()
    codes = kwb2024["gemeentecode"].tolist()
    # labelled fixture: the Richtgetal page's stored result (1 person each), only to reach the "session" origin
    at.session_state["scenario_result"] = pd.DataFrame({"allocated": 1}, index=pd.Index(codes, name="gemeentecode"))
    at.run()
    _no_errors(at)
    assert any("scenario van de pagina Richtgetal: 12.000 personen" in i.value for i in at.info)
    assert at.query_params["total"] == "12000" and at.query_params["key"] == "koenigstein"
    # a fresh session with this link computes that scenario (Königstein, 12.000), not the default
    fresh = _app(**{k: (v[0] if isinstance(v, list) else str(v)) for k, v in at.query_params.items()})
    fresh.run()
    _no_errors(fresh)
    assert any("scenario uit de link: 12.000 personen" in i.value for i in fresh.info)
    assert _z(_spec(fresh)["data"][0]).sum() == 12_000
    # another variable: the scenario parameters leave the link
    at.selectbox(key="kaart_var").set_value("bevolkingsdichtheid").run()
    assert "total" not in at.query_params and "key" not in at.query_params


def test_ignored_scenario_link_values_are_plain_text():
    at = _app(indicator="allocated", method="![x](http://evil.example/p.png)")
    at.run()
    assert not at.exception
    bodies = [c.proto.body for c in at.caption if "evil" in c.proto.body]
    assert bodies and all("![x](" not in b for b in bodies)
