"""Allocation of a richtgetal: bounds, pledges, carry-over, corridor, regions; real data check."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capacity.allocation import aggregate_to_regions, allocate, allocate_corridor
from capacity.apportion import InfeasibleBoundsError
from capacity.keys import key_shares

CODES = ["GM0001", "GM0002", "GM0003", "GM0004"]


@pytest.fixture
def shares() -> pd.Series:
    # hand-made shares (not data): .1 .2 .3 .4
    return pd.Series([0.1, 0.2, 0.3, 0.4], index=CODES)


@pytest.fixture
def population() -> pd.Series:
    return pd.Series([10_000.0, 20_000.0, 30_000.0, 40_000.0], index=CODES)


def test_basic_allocation_columns_and_exact_sum(shares, population):
    out = allocate(shares, 1001, population=population)
    # quotas 100.1, 200.2, 300.3, 400.4 → floors 100, 200, 300, 400; 1 left to the largest remainder (.4)
    assert out["allocated"].tolist() == [100, 200, 300, 401]
    np.testing.assert_allclose(out["quota"], [100.1, 200.2, 300.3, 400.4])
    assert out.index.name == "gemeentecode"
    np.testing.assert_allclose(out["allocated_per_1000"], [10.0, 10.0, 10.0, 401 / 40])


def test_cap_per_1000_redistributes_by_key(shares, population):
    # cap 8 per 1,000 → caps 80, 160, 240, 320 (Σ 800); total 700: quotas 70, 140, 210, 280 fit
    assert allocate(shares, 700, cap_per_1000=8, population=population)["allocated"].tolist() == [70, 140, 210, 280]
    # total 790 with caps [80, 160, 240, 300]: GM0004 quota 316 → 300; 490 over .1 .2 .3 → 81.67 > 80 → 80;
    # 410 over .2 .3 → 164 > 160 → 160; 250 → GM0003 (cap 240?) → infeasible since Σ caps = 780 < 790
    with pytest.raises(InfeasibleBoundsError, match="sum of caps 780 is below the total 790"):
        allocate(shares, 790, cap=300, cap_per_1000=8, population=population)
    out = allocate(shares, 760, cap=300, cap_per_1000=8, population=population)
    # GM0004 capped at 300; 460 over .1 .2 .3 → 76.7, 153.3, 230 — all within caps 80, 160, 240
    assert out["allocated"].tolist() == [77, 153, 230, 300]


def test_cap_per_1000_needs_population(shares):
    with pytest.raises(ValueError, match="needs the population"):
        allocate(shares, 10, cap_per_1000=1.0)


def test_floor_only_for_gemeenten_with_a_share():
    s = pd.Series([0.0, 0.9, 0.1], index=["GM0001", "GM0002", "GM0003"])
    # floor 10: quotas 0, 27, 3 → GM0003 lifted to 10, GM0002 keeps the other 20; GM0001 (share 0) exempt
    assert allocate(s, 30, floor=10)["allocated"].tolist() == [0, 20, 10]
    with pytest.raises(InfeasibleBoundsError, match="sum of floors 60 exceeds the total 30"):
        allocate(pd.Series([0.1, 0.5, 0.4], index=["GM0001", "GM0002", "GM0003"]), 30, floor=20)


def test_pledges_fixed_and_rest_by_key(shares):
    pledges = pd.Series({"GM0004": 100})
    out = allocate(shares, 1000, pledges=pledges)
    # key without pledges: 100, 200, 300, 400. GM0004 pledges 100; the other 900 over .1 .2 .3 → 150, 300, 450
    assert out["key_allocated"].tolist() == [100, 200, 300, 400]
    assert out["allocated"].tolist() == [150, 300, 450, 100]
    assert out["deviation"].tolist() == [50, 100, 150, -300]
    assert out["allocated"].sum() == 1000
    assert math.isnan(out.loc["GM0001", "pledge"]) and out.loc["GM0004", "pledge"] == 100


def test_pledge_above_key_lowers_the_others(shares):
    out = allocate(shares, 1000, pledges=pd.Series({"GM0001": 400}))
    # 600 over .2 .3 .4 → 133.3, 200, 266.7 → floors 133, 200, 266 (599), remainder .67 to GM0004
    assert out["allocated"].tolist() == [400, 133, 200, 267]


def test_bad_pledges(shares):
    with pytest.raises(ValueError, match="above the total"):
        allocate(shares, 100, pledges=pd.Series({"GM0001": 60, "GM0002": 50}))
    with pytest.raises(ValueError, match="unknown gemeentecode"):
        allocate(shares, 100, pledges=pd.Series({"GM9999": 1}))
    with pytest.raises(ValueError, match="whole numbers"):
        allocate(shares, 100, pledges=pd.Series({"GM0001": 1.5}))


def test_carry_over_backlog_and_surplus(shares):
    previous = pd.DataFrame({"gemeentecode": ["GM0001", "GM0002"], "target": [50, 80], "realised": [40, 90]})
    out = allocate(shares, 1000, previous_realisation=previous)
    # GM0001: achterstand 10 → target 110; GM0002: voorsprong 10 → 190; others nothing carried
    assert out["backlog"].tolist() == [10, -10, 0, 0]
    assert out["target"].tolist() == [110, 190, 300, 400]
    assert out["allocated"].sum() == 1000  # the national total itself is unchanged
    no_surplus = allocate(shares, 1000, previous_realisation=previous, carry_surplus=False)
    assert no_surplus["backlog"].tolist() == [10, 0, 0, 0]


def test_carry_over_needs_columns(shares):
    with pytest.raises(ValueError, match="lacks columns"):
        allocate(shares, 10, previous_realisation=pd.DataFrame({"gemeentecode": ["GM0001"], "target": [1]}))


def test_corridor_both_ends_and_band(shares):
    out = allocate_corridor(shares, 180, 220, method="sainte-lague")
    assert out["allocated_low"].tolist() == [18, 36, 54, 72]
    assert out["allocated_high"].tolist() == [22, 44, 66, 88]
    assert out["band"].tolist() == [4, 8, 12, 16]
    with pytest.raises(ValueError, match="above the high end"):
        allocate_corridor(shares, 300, 200)


def test_row_order_does_not_matter(shares):
    s = pd.Series([1.0, 1.0, 1.0, 1.0], index=CODES)  # all tied: tie-break by gemeentecode
    a = allocate(s, 2)["allocated"]
    b = allocate(s.iloc[::-1], 2)["allocated"]
    assert a.to_dict() == b.to_dict() == {"GM0001": 1, "GM0002": 1, "GM0003": 0, "GM0004": 0}


def test_bad_shares():
    with pytest.raises(ValueError, match="non-negative"):
        allocate(pd.Series([0.5, -0.1], index=["GM0001", "GM0002"]), 10)
    with pytest.raises(ValueError, match="duplicate"):
        allocate(pd.Series([0.5, 0.5], index=["GM0001", "GM0001"]), 10)
    with pytest.raises(ValueError, match="whole number"):
        allocate(pd.Series([0.5, 0.5], index=["GM0001", "GM0002"]), 10.5)


# --------------------------------------------------------------------------------------------------
# real data
# --------------------------------------------------------------------------------------------------
def test_population_key_20000_on_kwb2024_by_hand(kwb2024):
    shares = key_shares("population", kwb2024)
    out = allocate(shares, 20_000)
    assert out["allocated"].sum() == 20_000 and len(out) == 342
    # hand calculation from CBS KWB 2024 inhabitants (Σ 17,942,942):
    #   Amsterdam  931,298 → 20,000 × 931,298 / 17,942,942 = 1,038.05 → 1,038
    #   Rotterdam  670,610 → 747.49 → 747 (remainder .49 is below the cut-off, see below)
    #   Vlieland     1,255 → 1.40 → 1
    assert kwb2024.set_index("gemeentecode").loc["GM0363", "aantal_inwoners"] == 931_298
    assert kwb2024["aantal_inwoners"].sum() == 17_942_942
    hand = {
        "GM0363": 20_000 * 931_298 / 17_942_942,
        "GM0599": 20_000 * 670_610 / 17_942_942,
        "GM0096": 20_000 * 1_255 / 17_942_942,
    }
    for code, q in hand.items():
        assert out.loc[code, "quota"] == pytest.approx(q)
        assert out.loc[code, "allocated"] in (math.floor(q), math.ceil(q))
    # Hamilton: the gemeenten rounded up are exactly those with the largest remainders
    frac = out["quota"] - np.floor(out["quota"])
    up = out["allocated"] > np.floor(out["quota"])
    assert up.sum() == 20_000 - int(np.floor(out["quota"]).sum())
    assert frac[up].min() >= frac[~up].max()


def test_aggregate_to_provinces(kwb2024, region_lookup):
    shares = key_shares("population", kwb2024)
    population = pd.Series(kwb2024["aantal_inwoners"].to_numpy(), index=kwb2024["gemeentecode"])
    out = allocate(shares, 20_000, population=population)
    agg = aggregate_to_regions(out, region_lookup, "provincie", population)
    assert len(agg) == 12
    assert agg["allocated"].sum() == 20_000
    np.testing.assert_allclose(agg["allocated_per_1000"], agg["allocated"] / agg["inwoners"] * 1000)
    # under the population key every province gets ≈ 20,000 / 17.94 million × 1,000 = 1.115 per 1,000
    assert agg["allocated_per_1000"].between(1.10, 1.13).all()
    with pytest.raises(KeyError):
        aggregate_to_regions(out, region_lookup, "gemeentes", population)


# --------------------------------------------------------------------------------------------------
# properties of the whole pipeline (hypothesis)
# --------------------------------------------------------------------------------------------------
@st.composite
def pledge_problem(draw):
    n = draw(st.integers(2, 25))
    weights = draw(st.lists(st.floats(0.01, 1000), min_size=n, max_size=n))
    total = draw(st.integers(0, 3000))
    pledged = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(lambda b: not all(b)))
    amounts = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    method = draw(st.sampled_from(("hamilton", "sainte-lague", "dhondt", "huntington-hill")))
    return weights, total, pledged, amounts, method


@settings(max_examples=80, deadline=None)
@given(pledge_problem())
def test_property_pledges_are_kept_and_the_sum_is_exact(problem):
    weights, total, pledged, amounts, method = problem
    codes = [f"GM{i:04d}" for i in range(len(weights))]
    shares = pd.Series(weights, index=codes)
    pledges = pd.Series({c: a for c, a, p in zip(codes, amounts, pledged, strict=True) if p}, dtype=float)
    if pledges.sum() > total:
        with pytest.raises(ValueError, match="above the total"):
            allocate(shares, total, method=method, pledges=pledges)
        return
    out = allocate(shares, total, method=method, pledges=pledges)
    assert out["allocated"].sum() == total and (out["allocated"] >= 0).all()
    assert (out.loc[pledges.index, "allocated"] == pledges).all()
    assert out["key_allocated"].sum() == total
    assert (out["deviation"] == out["allocated"] - out["key_allocated"]).all()


def test_sweep_equals_one_allocation_per_scenario(kwb2024):
    """The vectorised sweep gives, row for row, what the engine gives per scenario (all methods,
    with and without bounds), and every row adds up exactly."""
    from capacity.allocation import allocate_array, allocate_sweep, code_rank
    from capacity.apportion import METHODS
    from capacity.keys import key_shares

    codes = pd.Index(kwb2024["gemeentecode"], name="gemeentecode")
    rank = code_rank(codes)
    shares = np.vstack([key_shares(k, kwb2024).reindex(codes).to_numpy() for k in ("population", "koenigstein")])
    shares = np.vstack([shares, shares])
    totals = np.array([400, 999, 30_000, 96_001])
    for method in METHODS:
        for lo, hi in ((None, None), (np.full(342, 1.0), np.full(342, 1_000.0))):
            out = allocate_sweep(shares, totals, rank, method=method, lo=lo, hi=hi)
            assert (out.sum(axis=1) == totals).all()
            for i in range(len(totals)):
                expect = allocate_array(shares[i], int(totals[i]), rank, method=method, lo=lo, hi=hi)
                np.testing.assert_array_equal(out[i], expect)
