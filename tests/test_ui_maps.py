"""Map helpers: the click → gemeente mapping, region values, ranks, profile means and the figure itself.

Hand-made frames below are labelled fixtures (not data); expected numbers are worked out in comments.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pytest

from ui.maps import (
    choropleth_figure,
    indicator_profile,
    locator_figure,
    map_variables,
    rank_desc,
    region_values,
    selection_to_gemeente,
    selection_to_region,
)

CODES = ["GM0001", "GM0002", "GM0003"]


class _State:
    """Attribute-style object like the PlotlyState streamlit returns."""

    def __init__(self, points):
        self.selection = {"points": points, "point_indices": [], "box": [], "lasso": []}


# --- selection_to_gemeente -------------------------------------------------------------------------


def test_click_reads_location():
    sel = {"selection": {"points": [{"location": "GM0002", "z": 3.0, "point_index": 1}]}}
    assert selection_to_gemeente(sel, CODES) == "GM0002"


def test_click_attribute_access_and_customdata():
    assert selection_to_gemeente(_State([{"customdata": ["GM0003", "Naam", "1", "rang 1"]}]), CODES) == "GM0003"


def test_click_falls_back_to_point_index():
    assert selection_to_gemeente({"selection": {"points": [{"point_index": 0}]}}, CODES) == "GM0001"
    assert selection_to_gemeente({"selection": {"points": [{"point_index": 7}]}}, CODES) is None


@pytest.mark.parametrize(
    "selection",
    [
        None,
        {},
        {"selection": {"points": []}},
        {"selection": {"points": [{"location": "CR01"}]}},  # a region, not a gemeente
        {"selection": {"points": [{"location": "GM9999"}]}},  # not one of the codes
        {"selection": {"points": [{"location": "<script>"}]}},
        {"selection": {"points": "GM0001"}},
        {"selection": {"points": [{"point_index": True}]}},
    ],
)
def test_no_gemeente_selected(selection):
    assert selection_to_gemeente(selection, CODES) is None


def test_without_code_list_any_wellformed_code_passes():
    assert selection_to_gemeente({"selection": {"points": [{"location": " gm0363 "}]}}) == "GM0363"


def test_region_click_accepts_only_layer_codes():
    regions = ["CR01", "CR02"]
    assert selection_to_region({"selection": {"points": [{"location": "CR02"}]}}, regions) == "CR02"
    assert selection_to_region({"selection": {"points": [{"point_index": 0}]}}, regions) == "CR01"
    assert selection_to_region({"selection": {"points": [{"location": "GM0001"}]}}, regions) is None
    assert selection_to_region(None, regions) is None


# --- region values and ranks -----------------------------------------------------------------------

LOOKUP = pd.DataFrame(
    {  # fixture: two regions, R1 = {GM0001, GM0002}, R2 = {GM0003}
        "gemeentecode": CODES,
        "corop_code": ["CR01", "CR01", "CR02"],
        "corop_naam": ["Een", "Een", "Twee"],
    }
)


def test_weighted_mean_and_sum_by_hand():
    rate = pd.Series([10.0, 40.0, 5.0], index=CODES)
    pop = pd.Series([300.0, 100.0, 50.0], index=CODES)
    mean = region_values(rate, LOOKUP, "corop", pop, "mean").set_index("code")
    # CR01: (10·300 + 40·100) / 400 = 7000 / 400 = 17.5; CR02: 5
    assert mean.loc["CR01", "value"] == pytest.approx(17.5)
    assert mean.loc["CR02", "value"] == pytest.approx(5.0)
    assert mean.loc["CR01", "n_gemeenten"] == 2
    total = region_values(pd.Series([3.0, 4.0, 5.0], index=CODES), LOOKUP, "corop", pop, "sum").set_index("code")
    assert total.loc["CR01", "value"] == 7.0
    assert total.loc["CR02", "naam"] == "Twee"


def test_mean_skips_missing_values():
    rate = pd.Series([np.nan, 40.0, 5.0], index=CODES)
    pop = pd.Series([300.0, 100.0, 50.0], index=CODES)
    out = region_values(rate, LOOKUP, "corop", pop, "mean").set_index("code")
    assert out.loc["CR01", "value"] == pytest.approx(40.0)


def test_unknown_aggregation_rejected():
    with pytest.raises(ValueError):
        region_values(pd.Series([1.0, 2.0, 3.0], index=CODES), LOOKUP, "corop", pd.Series(1.0, index=CODES), "max")


def test_rank_desc_ties_and_missing():
    r = rank_desc(pd.Series([5.0, 9.0, 5.0, np.nan]))
    assert r.iloc[:3].tolist() == [2.0, 1.0, 2.0]
    assert np.isnan(r.iloc[3])


def test_density_region_value_is_ratio_of_sums(kwb2024, region_lookup):
    """Weighting density by land area must give Σ inhabitants / Σ km² for a province."""
    from capacity.indicators import compute_indicators

    values = compute_indicators(kwb2024)["bevolkingsdichtheid"]
    base = kwb2024.set_index("gemeentecode")
    out = region_values(values, region_lookup, "provincie", base["oppervlakte_land_in_ha"], "mean").set_index("code")
    utrecht = region_lookup.loc[region_lookup["provincie_naam"] == "Utrecht", "gemeentecode"]
    direct = base.loc[utrecht, "aantal_inwoners"].sum() / (base.loc[utrecht, "oppervlakte_land_in_ha"].sum() / 100)
    code = region_lookup.loc[region_lookup["provincie_naam"] == "Utrecht", "provincie_code"].iloc[0]
    # CBS rounds density per gemeente to whole inhabitants per km², so allow 0.5 %
    assert out.loc[code, "value"] == pytest.approx(direct, rel=0.005)


# --- profile -----------------------------------------------------------------------------------------


def test_indicator_profile_by_hand():
    values = pd.DataFrame({"ww_per_1000": [10.0, 40.0, 5.0]}, index=pd.Index(CODES, name="gemeentecode"))
    kwb = pd.DataFrame({"gemeentecode": CODES, "aantal_inwoners": [300.0, 100.0, 50.0]})
    lookup = pd.DataFrame({"gemeentecode": CODES, "provincie_code": ["PV1", "PV1", "PV2"]})
    prof = indicator_profile(values, kwb, lookup, "GM0001").loc["ww_per_1000"]
    assert prof["value"] == 10.0
    assert prof["rank"] == 2  # 40 > 10 > 5
    assert prof["n_ranked"] == 3
    # national: (3000 + 4000 + 250) / 450 = 16.111…; province PV1: 7000 / 400 = 17.5
    assert prof["national_mean"] == pytest.approx(7250 / 450)
    assert prof["province_mean"] == pytest.approx(17.5)
    with pytest.raises(KeyError):
        indicator_profile(values, kwb, lookup, "GM0999")


# --- figure ------------------------------------------------------------------------------------------


def _square(x: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, 52], [x + 0.1, 52], [x + 0.1, 52.1], [x, 52.1], [x, 52]]]}


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "id": c, "properties": {"id": c}, "geometry": _square(4 + i)} for i, c in enumerate(CODES)
    ],
}


def test_figure_is_offline_choroplethmap_with_dutch_hover():
    frame = pd.DataFrame({"code": CODES, "naam": ["A", "B", "C"], "value": [1234.5, np.nan, 10.0]})
    fig = choropleth_figure(
        frame, GEOJSON, legend_title="inwoners per km²", hover_unit="inwoners per km²", decimals=1, lang="nl"
    )
    trace = fig.data[0]
    assert isinstance(trace, go.Choroplethmap)
    assert fig.layout.map.style == "white-bg"
    assert list(trace.locations) == CODES
    assert trace.colorbar.title.text == "inwoners per km²"
    custom = np.asarray(trace.customdata)
    assert custom[0].tolist() == ["GM0001", "A", "1.234,5", "rang 1 van 2"]
    assert custom[1, 2] == "–" and custom[1, 3] == ""
    assert "inwoners per km²" in trace.hovertemplate
    assert fig.layout.separators == ",."


def test_real_map_has_342_gemeenten(gemeenten2025, kwb2024):
    from ui.data import browser_geojson

    gj = browser_geojson(gemeenten2025, "gemeentecode")
    assert len(gj["features"]) == 342
    assert {f["id"] for f in gj["features"]} == set(kwb2024["gemeentecode"])
    assert set(gj["features"][0]) == {"type", "id", "geometry"}  # hover text travels in customdata
    assert len(json.dumps(gj, separators=(",", ":"))) < 130_000  # browser payload stays small
    frame = pd.DataFrame(
        {
            "code": kwb2024["gemeentecode"],
            "naam": kwb2024["gemeentenaam"],
            "value": kwb2024["bevolkingsdichtheid_inwoners_per_km2"],
        }
    )
    frame.loc[:2, "value"] = np.nan  # three gemeenten without a value: a grey second trace
    fig = choropleth_figure(frame, gj, legend_title="x")
    assert len(fig.data[0].locations) == 342
    assert [f["id"] for f in fig.data[1].geojson["features"]] == list(frame["code"][:3])  # only their geometry
    assert len(plotly.io.to_json(fig, validate=False)) < 150_000  # what the browser receives per map


def test_every_indicator_is_a_map_variable():
    from capacity.indicators import INDICATORS

    variables = map_variables()
    assert {i.id for i in INDICATORS} <= set(variables)
    assert {"total_load", "housing_load", "education_load", "integration_load", "allocated"} <= set(variables)
    assert variables["allocated"].how == "sum"
    assert variables["bevolkingsdichtheid"].weight_column == "oppervlakte_land_in_ha"


def test_quantile_scale_colours_by_rank_and_labels_real_values():
    frame = pd.DataFrame({"code": CODES + ["GM0004"], "naam": list("ABCD"), "value": [1.0, 2.0, 3.0, 1000.0]})
    gj = {
        "type": "FeatureCollection",
        "features": GEOJSON["features"]
        + [{"type": "Feature", "id": "GM0004", "properties": {"id": "GM0004"}, "geometry": _square(8)}],
    }
    fig = choropleth_figure(frame, gj, legend_title="x", decimals=1, lang="nl", scale="quantile")
    trace = fig.data[0]
    # ranks 1..4 of 4 → percentiles 25, 50, 75, 100: the outlier no longer squeezes the others
    assert list(trace.z) == [25.0, 50.0, 75.0, 100.0]
    # quantiles of [1, 2, 3, 1000] (linear interpolation): 1; 1.75; 2.5; 252.25; 1000
    assert list(trace.colorbar.ticktext) == ["1,0", "1,8", "2,5", "252,2", "1.000,0"]
    assert np.asarray(trace.customdata)[3, 2] == "1.000,0"  # hover keeps the real value
    linear = choropleth_figure(frame, gj, legend_title="x", scale="linear")
    assert list(linear.data[0].z) == [1.0, 2.0, 3.0, 1000.0]


def test_locator_highlights_only_the_selected_gemeente():
    fig = locator_figure(GEOJSON, CODES, ["A", "B", "C"], "GM0002", {"lat": 52.05, "lon": 5.05})
    trace = fig.data[0]
    assert list(trace.z) == [0.0, 1.0, 0.0]
    assert fig.layout.map.style == "white-bg"
    assert fig.layout.map.center.lon == 5.05


def test_profile_means_use_the_registry_weight():
    """Density is a registered indicator weighted by land area: the national mean is Σ inwoners / Σ km²."""
    # labelled fixture: inhabitants 300/100/50 on 1/1/8 km² (100/100/800 ha) → densities 300, 100, 6.25
    values = pd.DataFrame({"bevolkingsdichtheid": [300.0, 100.0, 6.25]}, index=pd.Index(CODES, name="gemeentecode"))
    kwb = pd.DataFrame(
        {
            "gemeentecode": CODES,
            "aantal_inwoners": [300.0, 100.0, 50.0],
            "oppervlakte_land_in_ha": [100.0, 100.0, 800.0],
        }
    )
    lookup = pd.DataFrame({"gemeentecode": CODES, "provincie_code": ["PV1", "PV1", "PV2"]})
    prof = indicator_profile(values, kwb, lookup, "GM0001").loc["bevolkingsdichtheid"]
    assert prof["national_mean"] == pytest.approx(450 / 10)  # 450 inhabitants on 10 km²
    assert prof["province_mean"] == pytest.approx(400 / 2)


def test_missing_values_are_drawn_grey_in_a_second_trace():
    frame = pd.DataFrame({"code": CODES, "naam": list("ABC"), "value": [1.0, np.nan, 3.0]})
    fig = choropleth_figure(frame, GEOJSON, legend_title="x", no_value_label="geen waarde")
    assert len(fig.data) == 2
    main, grey = fig.data
    assert list(main.locations) == CODES  # the main trace keeps every area (clicks, tests read data[0])
    assert list(grey.locations) == ["GM0002"]
    assert grey.showscale is False and grey.colorscale[0][1] == grey.colorscale[-1][1]  # one flat colour
    assert "geen waarde" in grey.hovertemplate
    full = choropleth_figure(frame.fillna(2.0), GEOJSON, legend_title="x")
    assert len(full.data) == 1


def test_own_variable_and_its_source_line():
    from ui.maps import own_variable, upload_credit

    var = own_variable(
        "eigen: wachtlijst / wachttijd", "wachtlijst", "wachtlijst.csv", "Wachttijd", "jaar", -1, "1 januari 2025"
    )
    assert var.kind == "own" and var.how == "mean" and var.weight_column == "aantal_inwoners"
    assert var.label("nl") == "Eigen data: Wachttijd (wachtlijst)"
    assert var.label("en") == "Own data: Wachttijd (wachtlijst)"
    assert var.colorscale == "Blues" and var.source_ids == ()  # higher = more capacity; no CBS source
    line = upload_credit(var, "nl")
    assert "wachtlijst.csv" in line and "peildatum 1 januari 2025" in line
    assert line.endswith("eigen upload, niet door CBS gecontroleerd")
    assert "not checked by CBS" in upload_credit(var, "en")
    no_date = own_variable("eigen: t / c", "t", "", "C", "", 1, "")
    assert "peildatum niet opgegeven" in upload_credit(no_date) and no_date.colorscale == "YlOrRd"
