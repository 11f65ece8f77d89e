"""The data layer on the real CBS mirror: counts, published totals, joins, repairs, missing values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import geodata
from geodata.loaders import CBS_MISSING, cbs_missing_to_nan, clean_code, derive_region_lookup
from geodata.regions import REGION_LAYERS


def test_kwb_2024_population_equals_cbs_total_1_january_2024(kwb2024):
    # CBS: population of the Netherlands on 1 January 2024 = 17,942,942.
    assert int(kwb2024["aantal_inwoners"].sum()) == 17_942_942


def test_kwb_2023_population_equals_cbs_total_1_january_2023():
    # CBS: population on 1 January 2023 = 17,811,291 (KWB 2023 v1).
    assert int(geodata.load_kwb(2023)["AANT_INW"].sum()) == 17_811_291


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_boundaries_have_342_land_gemeenten(year):
    gem = geodata.load_gemeenten(year)
    assert len(gem) == 342
    assert gem["gemeentecode"].is_unique
    assert gem["gemeentecode"].str.fullmatch(r"GM\d{4}").all()
    assert "GM0998" not in set(gem["gemeentecode"])  # "Buitenland" placeholder dropped
    assert gem.crs.to_epsg() == 4326
    assert gem.geometry.is_valid.all()


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_boundary_code_joins_to_the_key_figures(year, kwb2024):
    gem = geodata.load_gemeenten(year)
    assert set(gem["gemeentecode"]) == set(kwb2024["gemeentecode"])


def test_rd_file_is_reprojected_into_the_netherlands(gemeenten2025):
    # The RD file has no CRS tag; read naively its metres would land far outside lon/lat range.
    minx, miny, maxx, maxy = gemeenten2025.total_bounds
    assert 3.2 < minx < 3.5 and 7.1 < maxx < 7.3 and 50.7 < miny < 50.8 and 53.4 < maxy < 53.6
    amsterdam = gemeenten2025.set_index("gemeentecode").loc["GM0363"].geometry
    assert amsterdam.contains(__import__("shapely").Point(4.90, 52.37))  # Dam square


def test_2024_boundaries_drop_water_parts():
    gem = geodata.load_gemeenten(2024)
    # 423 features upstream, 81 of them water: only land parts remain, one per gemeente.
    assert len(gem) == 342


@pytest.mark.parametrize("layer", REGION_LAYERS, ids=lambda layer: layer.id)
def test_region_layers_are_valid_after_repair(layer):
    regions = geodata.load_regions(layer.id)
    expected = {
        "provincie": 12,
        "corop": 40,
        "veiligheidsregio": 25,
        "ggdregio": 25,
        "arbeidsmarktregio": 35,
        "jeugdregio": 42,
    }[layer.id]
    assert len(regions) == expected
    assert regions.geometry.is_valid.all()  # the Zeeland polygon is invalid in the source
    assert regions["code"].str.startswith(layer.code_prefix).all()


def test_zeeland_repair_keeps_its_area():
    import geopandas as gpd

    from geodata.cache import source_path

    raw = gpd.read_file(source_path("cartomap_provincie_2025")).set_crs(4326, allow_override=True)
    assert not raw.is_valid.all()
    repaired = geodata.load_regions("provincie").set_index("code")
    zeeland_raw = raw.set_index("statcode").loc["PV29"].geometry.buffer(0)
    assert repaired.loc["PV29"].geometry.area == pytest.approx(zeeland_raw.area, rel=1e-6)


def test_cbs_missing_marker_becomes_nan(kwb2024):
    assert not (kwb2024.select_dtypes("number") == CBS_MISSING).any().any()
    # SOURCES.md: -99997 occurs in 282 land rows of percentage_woningen_met_stadsverwarming.
    assert kwb2024["percentage_woningen_met_stadsverwarming"].isna().sum() == 282


def test_cbs_missing_to_nan_on_a_hand_made_fixture():
    frame = pd.DataFrame({"code": ["GM0001", "GM0002"], "x": [5, CBS_MISSING], "y": [-99997.0, 1.5]})
    out = cbs_missing_to_nan(frame)
    assert out["x"].tolist()[0] == 5 and np.isnan(out["x"].tolist()[1])
    assert np.isnan(out["y"].iloc[0]) and out["y"].iloc[1] == 1.5


def test_codes_are_stripped_of_statline_padding():
    assert clean_code(pd.Series(["GM0363    ", " gm0014"])).tolist() == ["GM0363", "GM0014"]


def test_names_change_so_joins_use_codes(kwb2024):
    kwb23 = geodata.load_kwb(2023).set_index("gemeentecode")["gemeentenaam"]
    kwb24 = kwb2024.set_index("gemeentecode")["gemeentenaam"]
    assert kwb24["GM0164"] == "Hengelo (O.)" and kwb23["GM0164"] == "Hengelo"
    assert (kwb23.reindex(kwb24.index) != kwb24).sum() == 6  # SOURCES.md lists six differing names


def test_region_lookup_matches_the_mirror_file(region_lookup):
    from geodata.cache import source_path

    mirror = pd.read_csv(source_path("gemeente_regio_2025")).set_index("gemeentecode")
    ours = region_lookup.set_index("gemeentecode").loc[mirror.index]
    for layer in REGION_LAYERS:
        assert (ours[f"{layer.id}_code"] == mirror[f"{layer.id}_code"]).all(), layer.id
    # known 2025 counts: gemeenten per province
    counts = region_lookup["provincie_naam"].value_counts()
    assert counts["Zuid-Holland"] == 50 and counts["Gelderland"] == 51 and counts["Noord-Brabant"] == 56


def test_derive_region_lookup_on_a_hand_made_fixture():
    import geopandas as gpd
    from shapely.geometry import box

    # Fixture (hand-made): two gemeenten, one region per layer covering 90 % of the first gemeente
    # and all of the second.
    gem = gpd.GeoDataFrame(
        {"gemeentecode": ["GM0001", "GM0002"], "gemeentenaam": ["A", "B"]},
        geometry=[box(5.0, 52.0, 5.1, 52.1), box(5.2, 52.0, 5.3, 52.1)],
        crs=4326,
    )
    reg = gpd.GeoDataFrame(
        {"code": ["R1", "R2"], "naam": ["Een", "Twee"]},
        geometry=[box(5.01, 51.9, 5.11, 52.2), box(5.11, 51.9, 5.4, 52.2)],
        crs=4326,
    )
    out = derive_region_lookup(gem, {layer.id: reg for layer in REGION_LAYERS}).set_index("gemeentecode")
    assert out.loc["GM0001", "corop_code"] == "R1" and out.loc["GM0002", "corop_code"] == "R2"
    assert out.loc["GM0001", "corop_overlap"] == pytest.approx(0.9, abs=0.01)


def test_counts_are_never_negative(kwb2024):
    counts = kwb2024.filter(regex=r"^(aantal_|woningvoorraad)")
    assert (counts.fillna(0) >= 0).all().all()


def test_credit_line_names_source_peildatum_and_licence():
    line = geodata.credit("cbs_kwb_2024", "cartomap_gemeente_2025_rd")
    assert line.startswith("Bron: CBS, Kadaster/PDOK")
    assert "cijfers 1 januari 2024" in line and "grenzen 1 januari 2025" in line and "CC BY 4.0" in line
    single = geodata.credit("cbs_kwb_2024")
    assert single.startswith("Bron: CBS — peildatum 1 januari 2024") and "Kadaster" not in single


def test_credit_line_in_english_translates_words_and_dates():
    line = geodata.credit("cbs_kwb_2024", "cartomap_gemeente_2025_rd", lang="en")
    assert line.startswith("Source: CBS, Kadaster/PDOK — reference date")
    assert "figures 1 January 2024 (population" in line and "boundaries 1 January 2025" in line
    assert "licence CC BY 4.0" in line and "januari" not in line


def test_credit_line_calls_the_region_lookup_a_division():
    line = geodata.credit("cbs_kwb_2024", "gemeente_regio_2025")
    assert "indeling 1 januari 2025" in line and "cijfers 1 januari 2025" not in line
