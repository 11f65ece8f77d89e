"""Kaart page in AppTest: the default map, every kind of control change, URL state and the click handoff."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
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


def test_home_shows_density_of_342_gemeenten_with_source(home):
    _no_errors(home)
    trace = _spec(home)["data"][0]
    assert trace["type"] == "choroplethmap"
    assert len(trace["locations"]) == 342
    assert _spec(home)["layout"]["map"]["style"] == "white-bg"
    assert "inwoners per km²" in trace["colorbar"]["title"]["text"]
    captions = " ".join(c.value for c in home.caption)
    assert "Bron: CBS, Kadaster/PDOK" in captions and "peildatum" in captions
    assert home.query_params["indicator"] == "bevolkingsdichtheid"


def test_changing_variable_changes_map_and_url():
    at = _app()
    at.run()
    before = _z(_spec(at)["data"][0])
    at.selectbox(key="kaart_var").set_value("total_load").run()
    _no_errors(at)
    after = _spec(at)["data"][0]
    assert not np.allclose(_z(after), before, equal_nan=True)
    assert "score" in after["colorbar"]["title"]["text"]
    assert np.nanmax(_z(after)) <= 100
    assert at.query_params["indicator"] == "total_load"


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
    assert at.selectbox(key="kaart_var").value == "bevolkingsdichtheid"


def test_allocation_needs_a_scenario_then_shows_it(kwb2024):
    at = _app(indicator="allocated")
    at.run()
    assert not at.exception
    assert any("richtgetal" in i.value.lower() for i in at.info)
    assert not at.get("plotly_chart")
    # labelled fixture: 1 person per gemeente, only to see the map pick up the session result
    codes = kwb2024["gemeentecode"].tolist()
    at.session_state["scenario_result"] = pd.DataFrame({"allocated": 1}, index=pd.Index(codes, name="gemeentecode"))
    at.run()
    _no_errors(at)
    assert _z(_spec(at)["data"][0]).tolist() == [1.0] * 342
    at.selectbox(key="kaart_layer").set_value("provincie").run()
    z = _z(_spec(at)["data"][0])
    assert len(z) == 12 and z.sum() == 342  # summed, not averaged


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
    assert "inhabitants per km²" in _spec(at)["data"][0]["colorbar"]["title"]["text"]


def test_png_export_offers_download(monkeypatch):
    """Kaleido is slow (seconds); its output is stubbed here, the real render is covered in bench/ and by hand."""
    import plotly.graph_objects as go

    seen: list[go.Figure] = []

    def fake_to_image(self, format="png", **kw):  # noqa: A002
        seen.append(self)
        return b"\x89PNG fake"

    monkeypatch.setattr(go.Figure, "to_image", fake_to_image)
    at = _app()
    at.run()
    assert not at.get("download_button")
    at.button(key="kaart_png_make").click().run()
    _no_errors(at)
    assert len(at.get("download_button")) == 1
    exported = seen[0]
    assert "Bevolkingsdichtheid" in exported.layout.title.text
    assert exported.layout.annotations[0].text.startswith("Bron: CBS, Kadaster/PDOK")


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
