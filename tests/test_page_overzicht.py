"""Overzicht (home) in AppTest: what the tool is for, three ways in, the national total druk score map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _home(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def home() -> AppTest:
    return _home()


def test_home_says_what_the_tool_does_and_for_whom(home):
    assert home.title[0].value == "Opnamecapaciteit"
    first, second = home.markdown[0].value, home.markdown[1].value
    assert "druk er al is op wonen, onderwijs en integratie" in first and "richtgetal" in first
    assert "beleidsadviseurs" in second
    assert not any("elasting" in m.value for m in home.markdown)  # load is "druk", never "belasting"


def test_home_map_is_the_total_druk_score_with_data_date_and_source(home):
    spec = json.loads(home.get("plotly_chart")[0].proto.spec)
    trace = spec["data"][0]
    assert len(trace["locations"]) == 342
    assert "Totale drukscore" in spec["layout"]["title"]["text"]
    text = " ".join(m.value for m in home.markdown) + " ".join(c.value for c in home.caption)
    assert "Cijfers: 1 januari 2024" in text and "Gemeentegrenzen: 1 januari 2025" in text
    assert "Bron: CBS, Kadaster/PDOK" in text and "licentie CC BY 4.0" in text
    assert json.loads(home.get("plotly_chart")[0].proto.config)["scrollZoom"] is False


def test_picking_a_gemeente_opens_its_profile():
    at = _home()
    at.selectbox(key="home_pick").set_value("GM0344").run()
    assert not at.exception
    assert at.query_params["gemeente"] == "GM0344"
    assert at.header[0].value == "Utrecht (GM0344)"


def test_home_in_english():
    at = _home(lang="en")
    assert "pressure there already is on housing" in at.markdown[0].value
    assert "Figures: 1 January 2024" in " ".join(m.value for m in at.markdown)
