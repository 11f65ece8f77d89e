"""Aggregation of gemeente tables to region layers: sums, population-weighted means, per-1,000 rates."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from capacity.regions import aggregate, compare_two, membership, national_row
from geodata.regions import REGION_LAYERS

# Hand-made fixture (not data): four gemeenten in two COROP regions.
LOOKUP = pd.DataFrame(
    {
        "gemeentecode": ["GM0001", "GM0002", "GM0003", "GM0004"],
        "corop_code": ["CR01", "CR01", "CR02", "CR02"],
        "corop_naam": ["Noord", "Noord", "Zuid", "Zuid"],
    }
)
POP = pd.Series([1000.0, 3000.0, 500.0, 1500.0], index=LOOKUP["gemeentecode"])
VALUES = pd.DataFrame(
    {"allocated": [10.0, 20.0, 5.0, 1.0], "pct": [10.0, 30.0, 40.0, float("nan")]},
    index=pd.Index(LOOKUP["gemeentecode"], name="gemeentecode"),
)


def test_sums_counts_and_weights_rates_by_population():
    out = aggregate(VALUES, LOOKUP, "corop", POP, counts=["allocated"], rates=["pct"])
    noord, zuid = out.loc["CR01"], out.loc["CR02"]
    assert noord["naam"] == "Noord" and noord["n_gemeenten"] == 2
    assert noord["inwoners"] == 4000
    assert noord["allocated"] == 30  # 10 + 20
    assert noord["allocated_per_1000"] == pytest.approx(7.5)  # 30 / 4000 × 1000
    assert noord["pct"] == pytest.approx(25.0)  # (10×1000 + 30×3000) / 4000
    # Zuid: GM0004 has no pct, so only GM0003 (500 inhabitants) carries the rate.
    assert zuid["pct"] == pytest.approx(40.0)
    assert zuid["allocated"] == 6 and zuid["allocated_per_1000"] == pytest.approx(3.0)  # 6 / 2000 × 1000


def test_a_missing_count_makes_the_region_sum_missing():
    values = VALUES.assign(allocated=[10.0, float("nan"), 5.0, 1.0])
    out = aggregate(values, LOOKUP, "corop", POP, counts=["allocated"])
    assert math.isnan(out.loc["CR01", "allocated"])
    assert out.loc["CR02", "allocated"] == 6


def test_rate_is_nan_only_when_no_member_has_a_value():
    values = VALUES.assign(pct=[float("nan"), float("nan"), 40.0, 20.0])
    out = aggregate(values, LOOKUP, "corop", POP, rates=["pct"])
    assert math.isnan(out.loc["CR01", "pct"])
    assert out.loc["CR02", "pct"] == pytest.approx((40 * 500 + 20 * 1500) / 2000)


def test_a_rate_can_carry_its_own_weight():
    area = pd.Series([10.0, 30.0, 1.0, 1.0], index=POP.index)  # e.g. land area for a density
    out = aggregate(VALUES, LOOKUP, "corop", POP, rates=["pct"], rate_weights={"pct": area})
    assert out.loc["CR01", "pct"] == pytest.approx((10 * 10 + 30 * 30) / 40)


def test_bad_input_gives_clear_errors():
    with pytest.raises(KeyError, match="unknown region layer"):
        aggregate(VALUES, LOOKUP, "woonregio", POP, counts=["allocated"])
    with pytest.raises(KeyError, match="not in the table"):
        aggregate(VALUES, LOOKUP, "corop", POP, counts=["nope"])
    with pytest.raises(ValueError, match="both count and rate"):
        aggregate(VALUES, LOOKUP, "corop", POP, counts=["pct"], rates=["pct"])
    with pytest.raises(ValueError, match="inhabitants"):
        aggregate(VALUES, LOOKUP, "corop", POP.drop("GM0002"), counts=["allocated"])


def test_compare_two_regions_side_by_side():
    out = aggregate(VALUES, LOOKUP, "corop", POP, counts=["allocated"])
    cmp = compare_two(out, "CR01", "CR02")
    assert cmp.loc["allocated", "CR01"] == 30 and cmp.loc["allocated", "CR02"] == 6
    assert cmp.loc["allocated", "verschil"] == -24
    with pytest.raises(KeyError):
        compare_two(out, "CR01", "CR99")


def test_national_row_matches_hand_totals():
    row = national_row(VALUES, POP, counts=["allocated"], rates=["pct"])
    assert row["inwoners"] == 6000 and row["allocated"] == 36
    assert row["pct"] == pytest.approx((10 * 1000 + 30 * 3000 + 40 * 500) / 4500)


@pytest.mark.parametrize("layer", [layer.id for layer in REGION_LAYERS])
def test_every_real_layer_preserves_national_totals(layer, kwb2024, region_lookup):
    values = kwb2024.set_index("gemeentecode")[
        ["aantal_inwoners", "woningvoorraad", "percentage_personen_0_tot_15_jaar"]
    ]
    pop = values["aantal_inwoners"]
    out = aggregate(
        values, region_lookup, layer, pop, counts=["woningvoorraad"], rates=["percentage_personen_0_tot_15_jaar"]
    )
    assert out["n_gemeenten"].sum() == 342
    assert out["inwoners"].sum() == pytest.approx(pop.sum())
    assert out["woningvoorraad"].sum() == pytest.approx(values["woningvoorraad"].sum())
    # a weighted mean of the regions' weighted means equals the national weighted mean
    nat = (values["percentage_personen_0_tot_15_jaar"] * pop).sum() / pop.sum()
    regional = (out["percentage_personen_0_tot_15_jaar"] * out["inwoners"]).sum() / out["inwoners"].sum()
    assert regional == pytest.approx(nat)
    assert len(out) == membership(region_lookup, layer)["code"].nunique()


def test_corop_layer_has_forty_regions(kwb2024, region_lookup):
    values = kwb2024.set_index("gemeentecode")[["aantal_inwoners"]]
    out = aggregate(values, region_lookup, "corop", values["aantal_inwoners"])
    assert len(out) == 40 and out.index.str.startswith("CR").all()


def test_national_row_uses_the_rate_weights():
    """Density-like rate: weighted by its own denominator the national value is the ratio of sums."""
    area = pd.Series([10.0, 10.0, 50.0, 30.0], index=LOOKUP["gemeentecode"])  # labelled fixture, km²
    dens = pd.DataFrame({"dens": (POP / area).to_numpy()}, index=VALUES.index)  # 100, 300, 10, 50
    nat = national_row(dens, POP, rates=["dens"], rate_weights={"dens": area})
    # Σ inhabitants / Σ area = 6000 / 100 = 60; weighted by inhabitants instead it would be
    # (100·1000 + 300·3000 + 10·500 + 50·1500) / 6000 = 1 080 000 / 6000 = 180
    assert nat["dens"] == pytest.approx(60.0)
    assert national_row(dens, POP, rates=["dens"])["dens"] == pytest.approx(180.0)
