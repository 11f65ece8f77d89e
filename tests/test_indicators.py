"""The indicator registry: structure, formulas checked by hand against raw KWB columns, method table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from capacity.indicator_table import registry_table
from capacity.indicators import (
    CONTEXT_INDICATORS,
    DIMENSIONS,
    INDICATORS,
    SCORED_INDICATORS,
    Indicator,
    compute_indicators,
    get_indicator,
    indicators_for,
    input_columns,
    prepare,
    region_weight_note,
    region_weights,
)


def test_registry_is_well_formed():
    ids = [i.id for i in INDICATORS]
    assert len(ids) == len(set(ids))
    for d in DIMENSIONS:
        assert len(indicators_for(d, scored_only=True)) >= 2, d
        assert indicators_for(d, scored_only=False) != indicators_for(d, scored_only=True), d  # has context
    assert SCORED_INDICATORS + CONTEXT_INDICATORS == tuple(i for i in INDICATORS if i.scored) + tuple(
        i for i in INDICATORS if not i.scored
    )
    for i in INDICATORS:
        assert i.direction in (1, -1)
        assert i.label_nl and i.label_en and i.unit_nl and i.unit_en
        # one Dutch sentence: starts with a capital, ends with one full stop, no second sentence
        r = i.rationale_nl
        assert r[0].isupper() and r.endswith(".") and ". " not in r[:-1], i.id


def test_every_input_column_exists_in_kwb_2024(kwb2024):
    for i in INDICATORS:
        assert input_columns((i,)) <= set(kwb2024.columns), i.id
        assert i.region_weight in kwb2024.columns, i.id


#: Every indicator's direction, pinned: +1 = higher is more druk, -1 = higher is more room. A flipped
#: direction in the registry fails here (and turns the reference checks of validate-scores upside down).
DIRECTIONS = {
    "huishoudens_per_woning": 1,
    "onvervulde_huishoudensgroei": 1,
    "woz_waarde": 1,
    "studenten_per_1000": 1,
    "corporatiewoningen_per_1000": -1,
    "nieuwbouw_per_1000": -1,
    "leegstand": -1,
    "huishoudgrootte": 1,
    "bevolkingsdichtheid": 1,
    "leerlingen_po_per_school": 1,
    "bevolkingsgroei": 1,
    "aandeel_0_15": 1,
    "afstand_basisschool": 1,
    "afstand_vo": 1,
    "bijstand_per_1000_15_65": 1,
    "herkomst_buiten_europa": 1,
    "ww_per_1000_15_65": 1,
    "ao_per_1000_15_65": 1,
    "geboren_buiten_europa": 1,
}
SCORED = {
    "housing": ["huishoudens_per_woning", "onvervulde_huishoudensgroei", "woz_waarde", "studenten_per_1000"],
    "education": ["leerlingen_po_per_school", "bevolkingsgroei"],
    "integration": ["bijstand_per_1000_15_65", "herkomst_buiten_europa"],
}


def test_directions_and_scored_set_are_pinned():
    assert {i.id: i.direction for i in INDICATORS} == DIRECTIONS
    assert {d: [i.id for i in indicators_for(d, scored_only=True)] for d in DIMENSIONS} == SCORED


def test_directions_on_real_data(kwb2024):
    """Behavioural pin: on KWB 2024 a higher value of each scored indicator goes with a higher score of
    its own dimension (Spearman ρ > 0), i.e. the direction is applied the right way round."""
    from capacity.scoring import compute_scores

    r = compute_scores(kwb2024)
    for i in r.indicators:
        rho = r.raw[i.id].corr(r.scores[f"{i.dimension}_load"], method="spearman")
        assert np.sign(rho) == i.direction, (i.id, rho)


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


#: Hand-computed values for three gemeenten from their KWB 2024 and KWB 2023 v1 rows (inputs as
#: published, checked below): Amsterdam (GM0363), Oldambt (GM1895), Urk (GM0184).
HAND = {
    # households / dwellings: 515 181 / 480 852, 18 912 / 19 256, 6 829 / 7 004
    "huishoudens_per_woning": [515_181 / 480_852, 18_912 / 19_256, 6_829 / 7_004],
    # 1000 × (households 2024 − households 2023 − new builds) / households 2023
    "onvervulde_huishoudensgroei": [
        1000 * (515_181 - 505_705 - 5_770) / 505_705,  # 7.33
        1000 * (18_912 - 18_756 - 89) / 18_756,  # 3.57
        1000 * (6_829 - 6_788 - 208) / 6_788,  # −24.60: Urk builds more than its households grow
    ],
    "woz_waarde": [498.0, 264.0, 343.0],
    # 1000 × (hbo + wo) / inhabitants
    "studenten_per_1000": [
        1000 * (23_700 + 38_440) / 931_298,
        1000 * (670 + 160) / 39_405,
        1000 * (420 + 50) / 21_958,
    ],
    # π × pupils × address density / ((dwellings + non-dwellings) × schools within 1 km)
    "leerlingen_po_per_school": [
        3.1416 * 61_470 * 6_099 / ((480_852 + 51_222) * 2.5),  # 885
        3.1416 * 2_780 * 850 / ((19_256 + 2_768) * 1.3),  # 259
        3.1416 * 3_140 * 1_088 / ((7_004 + 1_388) * 4.0),  # 320
    ],
    # 100 × (inhabitants 2024 − inhabitants 2023) / inhabitants 2023
    "bevolkingsgroei": [
        100 * (931_298 - 918_117) / 918_117,
        100 * (39_405 - 39_044) / 39_044,
        100 * (21_958 - 21_829) / 21_829,
    ],
    # 1000 × bijstand / (inhabitants × (% 15–25 + % 25–45 + % 45–65) / 100)
    "bijstand_per_1000_15_65": [
        1000 * 35_620 / (931_298 * (13 + 37 + 23) / 100),
        1000 * 1_330 / (39_405 * (11 + 21 + 30) / 100),
        1000 * 140 / (21_958 * (16 + 27 + 20) / 100),
    ],
    "herkomst_buiten_europa": [43.0, 7.0, 4.0],
}
HAND_CODES = ["GM0363", "GM1895", "GM0184"]


def test_scored_indicators_by_hand_for_three_gemeenten(kwb2024):
    k = kwb2024.set_index("gemeentecode").loc[HAND_CODES]
    # the published inputs the hand computation used
    assert k["aantal_huishoudens"].tolist() == [515_181, 18_912, 6_829]
    assert k["aantal_inwoners"].tolist() == [931_298, 39_405, 21_958]
    values = compute_indicators(kwb2024, SCORED_INDICATORS).loc[HAND_CODES]
    assert set(HAND) == {i.id for i in SCORED_INDICATORS}
    for ind_id, expected in HAND.items():
        assert values[ind_id].tolist() == pytest.approx(expected, rel=1e-9), ind_id


def test_context_indicators_by_hand(kwb2024):
    values = compute_indicators(kwb2024, CONTEXT_INDICATORS).loc[HAND_CODES]
    share = kwb2024.set_index("gemeentecode").loc["GM0363", "perc_huurwoningen_in_bezit_woningcorporaties"]
    # dwellings × % corporation / 100, per 1,000 inhabitants
    assert values.loc["GM0363", "corporatiewoningen_per_1000"] == pytest.approx(10 * 480_852 * share / 931_298)
    assert values["ww_per_1000_15_65"].tolist() == pytest.approx(
        [
            1000 * kwb2024.set_index("gemeentecode").loc[c, "aantal_personen_met_een_ww_uitkering_totaal"] / d
            for c, d in zip(HAND_CODES, (931_298 * 0.73, 39_405 * 0.62, 21_958 * 0.63), strict=True)
        ]
    )
    assert values["huishoudgrootte"].tolist() == [1.8, 2.0, 3.2]  # Urk: families, context only


def test_previous_year_columns_join_on_the_code_and_may_be_given():
    kwb = pd.DataFrame({"gemeentecode": ["GM0002", "GM0001"], "aantal_inwoners": [110.0, 200.0], "jaar": [2024, 2024]})
    prev = pd.DataFrame({"gemeentecode": ["GM0001", "GM0003"], "AANT_INW": [190.0, 5.0]})  # 2023 v1 short name
    out = compute_indicators(kwb, (get_indicator("bevolkingsgroei"),), previous=prev)["bevolkingsgroei"]
    assert out.loc["GM0001"] == pytest.approx(100 * 10 / 190) and np.isnan(out.loc["GM0002"])  # no 2023 row
    assert "inwoners_groei" not in kwb.columns  # the input table is not modified
    assert prepare(kwb, ("aantal_inwoners",)) is kwb  # nothing to add: no copy


def test_values_are_plausible(kwb2024):
    v = compute_indicators(kwb2024)
    assert v.shape == (342, len(INDICATORS)) and v.notna().all().all()
    # national totals from SOURCES.md: 405 770 on bijstand; about 65 % of 17 942 942 are 15–65
    nat = 405_770 / (17_942_942 * 0.65) * 1000
    assert v["bijstand_per_1000_15_65"].median() < nat < v["bijstand_per_1000_15_65"].max()
    assert v["aandeel_0_15"].between(0, 100).all() and v["herkomst_buiten_europa"].between(0, 100).all()
    assert v["huishoudens_per_woning"].between(0.8, 1.4).all()


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
        "groep",
        "eenheid",
        "richting",
        "formule",
        "regiogewicht",
        "bron",
        "peildatum",
        "toelichting",
    ]
    assert len(nl) == len(INDICATORS)
    row = nl.set_index("id").loc["bijstand_per_1000_15_65"]
    assert row["dimensie"] == "Integratie" and row["richting"] == "hoger = meer druk"
    assert row["groep"] == "telt mee in de drukscore"
    assert row["formule"] == (
        "100.000 × aantal_personen_met_een_alg_bijstandsuitkering_tot / (aantal_inwoners × "
        "(percentage_personen_15_tot_25_jaar + percentage_personen_25_tot_45_jaar + "
        "percentage_personen_45_tot_65_jaar))"
    )
    assert "CBS" in row["bron"] and "2024" in row["peildatum"]
    assert row["regiogewicht"] == "inwoners"
    growth = nl.set_index("id").loc["onvervulde_huishoudensgroei"]
    assert "2023" in growth["bron"] and "1 januari 2023" in growth["peildatum"]
    assert nl.set_index("id").loc["leegstand", "groep"] == "context (telt niet mee)"
    assert nl.set_index("id").loc["bevolkingsdichtheid", "regiogewicht"] == "landoppervlakte"
    en = registry_table("en")
    assert en.set_index("id").loc["nieuwbouw_per_1000", "direction"] == "higher = more room"
    assert en.set_index("id").loc["leegstand", "region weight"] == "dwelling stock"
    with pytest.raises(ValueError, match="language"):
        registry_table("de")
