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


def test_default_settings_in_dutch_words(at):
    """Reviewer item 22: no raw Python values ("()", "(0.05, 0.95)", None, English ids) as defaults."""
    cells = _all_cells(at)
    assert not {"()", "(0.05, 0.95)", "None", "minmax", "arithmetic", "national_median", "coinr"} & cells
    assert {
        "Min-max (0 = laagste, 100 = hoogste)",
        "Rekenkundig gemiddelde (volledig compenserend)",
        "Landelijke mediaan",
        "gelijk: elk 1/3",
    } <= cells
    assert any(c.startswith("COINr-standaard") for c in cells)


def test_outlier_treatment_is_listed(at):
    cells = _all_cells(at)
    assert "Nieuwbouwwoningen per 1.000 inwoners" in cells and "gewinsoriseerd" in cells
    assert "log-transformatie" in cells


def test_meaning_of_100_is_explained_with_the_real_range(at):
    from capacity.scoring import compute_scores
    from geodata import load_kwb

    totals = compute_scores(load_kwb(2024)).scores["total_load"]
    text = next(m.value for m in at.markdown if "Wat betekent 100" in m.value)
    lo = f"{totals.min():.1f}".replace(".", ",")
    hi = f"{totals.max():.1f}".replace(".", ",")
    assert f"tussen {lo} en {hi}" in text
    assert "100 = de hoogste belasting" not in " ".join(m.value for m in at.markdown)


def test_worked_example_names_the_key_by_its_label(at):
    from ui.scenario import key_label, key_registry

    sentence = next(m.value for m in at.markdown if "sleutel:" in m.value)
    used = sentence.rsplit("sleutel:", 1)[1].strip().rstrip(".")
    labels = {key_label(k, "nl") for k in key_registry()}
    assert used in labels
    assert used not in {k.id for k in key_registry()}


def test_key_terms_cite_their_sources_and_the_spreidingswet_check_is_shown(at):
    cells = _all_cells(at)
    assert "Bosättningslagen (2016:38); länstal 2019 (43/37/20)" in cells  # a per-term citation
    assert {"Bloemendaal", "Wijdemeren", "Noord-Brabant"} <= cells  # the Spreidingswet check table


def test_published_flow_figures_table_with_sources_and_press_marks(at):
    from capacity.flow_data import FIGURES

    tables = [d.value for d in at.dataframe if "backtest" in d.value.columns]
    assert tables, "no published-figures table"
    table = tables[0]
    assert len(table) == len(FIGURES)
    assert "15000" in set(table["waarde"].str.replace(".0", "", regex=False))  # taakstelling 2025-I as lowered
    assert set(table["pers"]) == {"True", "False"}
