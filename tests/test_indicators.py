"""The indicator registry: structure, formulas checked by hand against raw KWB columns, method table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from capacity.indicators import (
    DIMENSIONS,
    INDICATORS,
    Indicator,
    compute_indicators,
    get_indicator,
    indicators_for,
    region_weight_note,
    region_weights,
    registry_table,
)


def test_registry_is_well_formed():
    ids = [i.id for i in INDICATORS]
    assert len(ids) == len(set(ids))
    for d in DIMENSIONS:
        assert len(indicators_for(d)) >= 4, d
    for i in INDICATORS:
        assert i.direction in (1, -1)
        assert i.label_nl and i.label_en and i.unit_nl and i.unit_en
        # one Dutch sentence: starts with a capital, ends with one full stop, no second sentence
        r = i.rationale_nl
        assert r[0].isupper() and r.endswith(".") and ". " not in r[:-1], i.id


def test_every_input_column_exists_in_kwb_2024(kwb2024):
    for i in INDICATORS:
        assert set(i.columns) <= set(kwb2024.columns), i.id
        assert i.region_weight in kwb2024.columns, i.id


def test_region_weight_is_the_indicators_own_denominator():
    """Weighting by the denominator makes a region mean the region's ratio of sums (see ui.maps)."""
    w = region_weights()
    assert set(w) == {i.id for i in INDICATORS}
    assert w["bevolkingsdichtheid"] == "oppervlakte_land_in_ha"  # inhabitants per km² of land
    assert w["woz_waarde"] == w["leegstand"] == "woningvoorraad"  # mean over / share of the dwelling stock
    assert w["huishoudgrootte"] == "aantal_huishoudens"
    # every "per 1.000 inwoners" or "% van de inwoners" indicator is weighted by inhabitants
    for i in INDICATORS:
        if i.denominator == ("aantal_inwoners",) or i.unit_nl == "% van de inwoners":
            assert i.region_weight == "aantal_inwoners", i.id
    # a new indicator needs one entry only: the weight defaults to inhabitants and can be set by keyword
    assert Indicator("x", "X", "X", "housing", "", "", 1, ("a",)).region_weight == "aantal_inwoners"
    assert Indicator("x", "X", "X", "housing", "", "", 1, ("a",), region_weight="b").region_weight == "b"


def test_region_weight_note_names_the_exceptions():
    nl = region_weight_note("nl")
    assert nl.startswith("Gemiddelden over gemeenten zijn gewogen naar inwoners")
    assert "Bevolkingsdichtheid: landoppervlakte" in nl and "Gemiddelde huishoudensgrootte: huishoudens" in nl
    assert "Bijstand" not in nl  # weighted by inhabitants: not an exception
    en = region_weight_note("en")
    assert "Population density: land area" in en and "Average WOZ property value: dwelling stock" in en
    only_default = (Indicator("x", "X", "X", "housing", "", "", 1, ("a",)),)
    assert region_weight_note("nl", only_default) == "Gemiddelden over gemeenten zijn gewogen naar inwoners."


def test_formulas_by_hand_on_real_rows(kwb2024):
    """Recompute three indicators for Amsterdam straight from the KWB columns."""
    row = kwb2024.set_index("gemeentecode").loc["GM0363"]
    values = compute_indicators(kwb2024).loc["GM0363"]
    inh = row["aantal_inwoners"]
    # corporation dwellings = stock × share (%) / 100, per 1,000 inhabitants
    assert values["corporatiewoningen_per_1000"] == pytest.approx(
        row["woningvoorraad"] * row["perc_huurwoningen_in_bezit_woningcorporaties"] / 100 / inh * 1000
    )
    assert values["bijstand_per_1000"] == pytest.approx(
        row["aantal_personen_met_een_alg_bijstandsuitkering_tot"] / inh * 1000
    )
    assert values["woz_waarde"] == row["gemiddelde_woningwaarde"]


def test_values_are_plausible(kwb2024):
    v = compute_indicators(kwb2024)
    assert v.shape == (342, len(INDICATORS)) and v.notna().all().all()
    # national totals from SOURCES.md: 405 770 on bijstand, 17 942 942 inhabitants → about 22.6 per 1,000
    nat = 405_770 / 17_942_942 * 1000
    assert v["bijstand_per_1000"].median() < nat < v["bijstand_per_1000"].max()
    assert v["aandeel_0_15"].between(0, 100).all() and v["herkomst_buiten_europa"].between(0, 100).all()


def test_zero_denominator_gives_nan_not_inf():
    kwb = pd.DataFrame({"gemeentecode": ["GM0001", "GM0002"], "n": [5.0, 5.0], "d": [10.0, 0.0]})
    ind = Indicator("r", "R", "R", "housing", "", "", 1, ("n",), ("d",), 1000.0)
    out = compute_indicators(kwb, (ind,))["r"]
    assert out.iloc[0] == 500.0 and np.isnan(out.iloc[1])


def test_missing_column_and_unknown_id():
    with pytest.raises(KeyError, match="lacks columns"):
        compute_indicators(pd.DataFrame({"gemeentecode": ["GM0001"]}))
    with pytest.raises(KeyError, match="unknown indicator"):
        get_indicator("nope")


def test_registry_table_dutch_and_english():
    nl = registry_table()
    assert list(nl.columns) == [
        "id",
        "indicator",
        "dimensie",
        "eenheid",
        "richting",
        "formule",
        "regiogewicht",
        "bron",
        "peildatum",
        "toelichting",
    ]
    assert len(nl) == len(INDICATORS)
    row = nl.set_index("id").loc["bijstand_per_1000"]
    assert row["dimensie"] == "Integratie" and row["richting"] == "hoger = meer druk"
    assert row["formule"] == "1.000 × aantal_personen_met_een_alg_bijstandsuitkering_tot / aantal_inwoners"
    assert "CBS" in row["bron"] and "2024" in row["peildatum"]
    assert row["regiogewicht"] == "inwoners"
    assert nl.set_index("id").loc["bevolkingsdichtheid", "regiogewicht"] == "landoppervlakte"
    en = registry_table("en")
    assert en.set_index("id").loc["nieuwbouw_per_1000", "direction"] == "higher = more capacity"
    assert en.set_index("id").loc["leegstand", "region weight"] == "dwelling stock"
    with pytest.raises(ValueError, match="language"):
        registry_table("de")
