"""Monte Carlo rank intervals, drivers and remove-one impact (toy fixture is hand-made, not data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from toy_index import TOY_INDICATORS, toy_kwb  # shared hand-made fixture

from capacity.scoring import ScoreConfig, compute_scores, rank_from_scores
from capacity.uncertainty import run_uncertainty, totals


def test_rank_from_scores_by_hand():
    # scores 5, 9, 1 → ranks 2, 1, 3; per draw along the last axis
    assert rank_from_scores(np.array([[5.0, 9.0, 1.0], [1.0, 2.0, 3.0]])).tolist() == [[2, 1, 3], [3, 2, 1]]


def test_rank_ties_go_to_the_lower_gemeentecode():
    # B and C tie; C has the lower code, so C ranks before B whatever their position
    codes = np.array(["GM0003", "GM0002", "GM0001"])
    assert rank_from_scores(np.array([50.0, 70.0, 70.0]), codes).tolist() == [3, 2, 1]
    assert rank_from_scores(np.array([[70.0, 70.0, 50.0]]), codes).tolist() == [[2, 1, 3]]


def test_rank_ignores_float_noise_below_the_rounding():
    """Two summation orders of the same numbers differ in the last bits (another CPU/BLAS kernel);
    after rounding to 1e-9 points both give the same ranks, ties resolved by gemeentecode."""
    codes = np.array([f"GM{i:04d}" for i in range(6)])
    exact = np.array([40.0, 60.0, 60.0, 20.0, 60.0, 40.0])
    noisy = exact + np.array([3e-13, -2e-13, 4e-14, 0.0, 1e-13, -5e-14])
    expected = [4, 1, 2, 6, 3, 5]
    assert rank_from_scores(exact, codes).tolist() == expected
    assert rank_from_scores(noisy, codes).tolist() == expected
    assert rank_from_scores(exact[::-1], codes[::-1]).tolist() == expected[::-1]  # order of rows is irrelevant
    # a real difference above the rounding still counts
    assert rank_from_scores(exact + np.array([0, 0, 1e-6, 0, 0, 0]), codes).tolist()[:3] == [4, 2, 1]


def test_compute_scores_ranks_are_robust_to_summation_noise(kwb2024):
    """Whole-number KWB percentages make tied totals common: jittering every total by ±1e-12
    (far below the rounding) must not move a single rank of compute_scores' rank rule."""
    r = compute_scores(kwb2024)
    s = r.scores
    rng = np.random.default_rng(1)
    for col, rank_col in (("total_load", "rank_total"), ("housing_load", "rank_housing")):
        jitter = s[col].to_numpy() + rng.uniform(-1e-12, 1e-12, len(s))
        np.testing.assert_array_equal(rank_from_scores(jitter, s.index.to_numpy()), s[rank_col].to_numpy())


def test_totals_match_compute_scores_toy():
    r = compute_scores(toy_kwb(), indicators=TOY_INDICATORS)
    W = np.array([[[0.5, 0, 0], [0.5, 0, 0], [0, 1, 0], [0, 0, 1]]])
    v = np.array([[1 / 3, 1 / 3, 1 / 3]])
    assert totals(r.normalised.to_numpy(), W, v, "arithmetic")[0] == pytest.approx(r.scores["total_load"].tolist())


def test_no_noise_single_method_gives_point_rank():
    u = run_uncertainty(
        toy_kwb(), n=50, weight_noise=0.0, methods=("minmax",), aggregations=("arithmetic",), indicators=TOY_INDICATORS
    )
    ranks = u.ranks
    assert ranks["rank"].tolist() == [3, 2, 1]
    for c in ("rank_p05", "rank_p50", "rank_p95"):
        assert ranks[c].tolist() == [3, 2, 1]
    assert u.drivers["rank_sd"].max() == 0


def test_remove_one_toy_by_hand():
    """Without i1 (the only integration indicator) the total is the mean of housing and education:
    A (50 + 0)/2 = 25, B (50 + 100)/2 = 75, C (50 + 50)/2 = 50 → ranks 3, 1, 2: shifts 0, 1, 1."""
    u = run_uncertainty(toy_kwb(), n=10, indicators=TOY_INDICATORS)
    row = u.remove_one.loc["i1"]
    assert row["mean_abs_rank_change"] == pytest.approx(2 / 3)
    assert row["max_abs_rank_change"] == 1


@pytest.fixture(scope="module")
def mc(kwb2024):
    return run_uncertainty(kwb2024, n=2000, seed=7)


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank", "distance_median", "goalposts"])
@pytest.mark.parametrize("agg", ["arithmetic", "geometric"])
def test_vectorised_totals_equal_compute_scores(kwb2024, method, agg):
    cfg = ScoreConfig(
        normalise=method, aggregate=agg, indicator_weights={"woz_waarde": 2.0}, dimension_weights={"integration": 0.5}
    )
    r = compute_scores(kwb2024, cfg)
    u = run_uncertainty(kwb2024, cfg, n=5, weight_noise=0.0, methods=(method,), aggregations=(agg,))
    np.testing.assert_array_equal(u.ranks["rank"].to_numpy(), r.scores["rank_total"].to_numpy())
    # with no noise and one method every draw reproduces the point rank
    np.testing.assert_array_equal(u.ranks["rank_p05"].to_numpy(), r.scores["rank_total"].to_numpy())


def test_real_data_intervals(mc):
    t = mc.ranks
    assert len(t) == 342 and t.notna().all().all()
    assert (t["rank_p05"] <= t["rank_p50"]).all() and (t["rank_p50"] <= t["rank_p95"]).all()
    assert t[["rank_p05", "rank_p95"]].stack().between(1, 342).all()
    inside = ((t["rank_p05"] <= t["rank"]) & (t["rank"] <= t["rank_p95"])).mean()
    assert inside >= 0.9, f"point rank inside the 5–95 % interval for only {inside:.0%} of gemeenten"
    assert (t["rank_p95"] - t["rank_p05"]).mean() > 1  # the method choices do move ranks


def test_same_seed_same_result(kwb2024, mc):
    again = run_uncertainty(kwb2024, n=2000, seed=7)
    pd.testing.assert_frame_equal(again.ranks, mc.ranks)
    other = run_uncertainty(kwb2024, n=2000, seed=8)
    assert not other.ranks["rank_mean"].equals(mc.ranks["rank_mean"])


def test_drivers_and_remove_one_tables(mc):
    d = mc.drivers
    assert set(d.index) == {"normalisation", "aggregation", "indicator_weights", "dimension_weights"}
    assert d["share"].sum() == pytest.approx(1.0)
    assert (d["rank_sd"] > 0).all()
    assert d["rank_sd"].is_monotonic_decreasing
    assert d.loc[["normalisation", "aggregation"], "first_order"].between(0, 1).all()
    ro = mc.remove_one
    assert len(ro) == 17 and (ro["mean_abs_rank_change"] > 0).all()
    assert ro["most_affected"].str.match(r"^GM\d{4}$").all()


def test_weight_noise_only_moves_ranks_less_than_everything(kwb2024, mc):
    weights_only = run_uncertainty(kwb2024, n=2000, seed=7, methods=("minmax",), aggregations=("arithmetic",))
    width_all = (mc.ranks["rank_p95"] - mc.ranks["rank_p05"]).mean()
    width_w = (weights_only.ranks["rank_p95"] - weights_only.ranks["rank_p05"]).mean()
    assert 0 < width_w < width_all


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n": 0}, "draws"),
        ({"n": 10**7}, "draws"),
        ({"weight_noise": 1.5}, "noise"),
        ({"methods": ("nope",)}, "normalisation"),
        ({"aggregations": ("harmonic",)}, "aggregation"),
        ({"methods": ()}, "at least one"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        run_uncertainty(toy_kwb(), indicators=TOY_INDICATORS, **kwargs)
