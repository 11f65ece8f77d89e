"""Methode & bronnen: everything in the registries is on the page, and the worked example adds up."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from capacity.indicators import INDICATORS
from capacity.keys import KEYS
from capacity.needs import NEEDS_PARAMETERS
from geodata.sources import SOURCES

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture(scope="module")
def at() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.switch_page("pages/methode.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _all_cells(app: AppTest) -> set[str]:
    return {str(v) for df in app.dataframe for v in df.value.to_numpy().ravel()}


def test_every_registry_entry_is_documented(at):
    cells = _all_cells(at)
    assert {i.id for i in INDICATORS} <= cells
    assert {i.formula_nl() for i in INDICATORS} <= cells
    assert {k.id for k in KEYS} <= cells
    assert {k.formula_nl for k in KEYS} <= cells
    assert {p.id for p in NEEDS_PARAMETERS} <= cells
    assert {s.id for s in SOURCES} <= cells and {s.sha256 for s in SOURCES} <= cells
    assert {s.licence for s in SOURCES} <= cells


def test_unverified_notes_and_proxies_are_shown(at):
    text = " ".join(_all_cells(at))
    for k in KEYS:
        for note in k.unverified:
            assert note in text
    assert "proxy voor" in text


def test_worked_example_follows_the_chosen_gemeente_and_adds_up(at):
    at.selectbox(key="methode_gemeente").set_value("GM0014").run()  # Groningen
    example_a = at.dataframe[-2].value.copy()
    check_a = next(c.value for c in at.caption if c.value.startswith("Controle"))
    at.selectbox(key="methode_gemeente").set_value("GM0363").run()  # Amsterdam
    assert not at.exception
    assert not at.dataframe[-2].value.equals(example_a)
    check_b = next(c.value for c in at.caption if c.value.startswith("Controle"))
    assert check_a != check_b
    # the sum of the contributions is the total score in the sentence above it
    sentence = next(m.value for m in at.markdown if "Totaalscore" in m.value)
    total_txt = sentence.split("**")[1]
    assert check_b.endswith(f"= {total_txt}.")
    steps = at.dataframe[-1].value
    assert list(steps["stap"])[0].startswith("aandeel")
