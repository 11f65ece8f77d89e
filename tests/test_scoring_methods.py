"""Every method choice of the index on small hand-computed examples (expected values worked out by
hand in the comments, not by calling the implementation), plus property tests with hypothesis."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from capacity import normalise as nm

X = np.array([[1.0], [2.0], [3.0], [4.0], [10.0]])  # one indicator, five gemeenten


def col(a: np.ndarray) -> list[float]:
    return list(np.asarray(a)[:, 0])


# --- normalisation --------------------------------------------------------------------------------


def test_minmax_by_hand():
    # (x − 1) / 9 × 100
    assert col(nm.norm_minmax(X)) == pytest.approx([0, 100 / 9, 200 / 9, 300 / 9, 100])


def test_zscore_by_hand():
    # mean 4; population variance (9 + 4 + 1 + 0 + 36) / 5 = 10; z = (x − 4)/√10; shown as 50 + 50·z/3
    s = math.sqrt(10)
    expected = [50 + 50 * z / 3 for z in (-3 / s, -2 / s, -1 / s, 0, 6 / s)]
    assert col(nm.norm_zscore(X)) == pytest.approx(expected)


def test_zscore_clips_beyond_three_sd():
    # 99 zeros and one 1: mean 0.01, sd √(0.0099) ≈ 0.0995 → z of the outlier ≈ 9.95 > 3 → 100
    x = np.zeros((100, 1))
    x[0, 0] = 1.0
    out = nm.norm_zscore(x)
    assert out[0, 0] == 100.0
    assert out[1, 0] == pytest.approx(50 - 50 * (0.01 / math.sqrt(0.0099)) / 3)


def test_rank_by_hand_with_ties():
    assert col(nm.norm_rank(X)) == pytest.approx([0, 25, 50, 75, 100])
    # ranks 1.5, 1.5, 3 → (rank − 1)/(3 − 1) × 100
    assert col(nm.norm_rank(np.array([[5.0], [5.0], [7.0]]))) == pytest.approx([25, 25, 100])


def test_distance_median_by_hand():
    # median 3; deviations −2, −1, 0, 1, 7; largest |deviation| 7 → 50 + 50·dev/7
    assert col(nm.norm_distance_median(X)) == pytest.approx([50 - 100 / 7, 50 - 50 / 7, 50, 50 + 50 / 7, 100])


def test_distance_reference_by_hand():
    # reference = row 0 (value 1): deviations 0, 1, 2, 3, 9 → 50 + 50·dev/9
    out = nm.norm_distance_reference(X, 0)
    assert col(out) == pytest.approx([50, 50 + 50 / 9, 50 + 100 / 9, 50 + 150 / 9, 100])


def test_goalposts_by_hand():
    # (x − 2)/(4 − 2) × 100, clipped to 0–100
    out = nm.norm_goalposts(X, np.array([2.0]), np.array([4.0]))
    assert col(out) == pytest.approx([0, 0, 50, 100, 100])


def test_quantile_goalposts_by_hand():
    # 11 values 0..10: the 10 % and 90 % quantiles (linear) are exactly 1 and 9
    x = np.arange(11.0)[:, None]
    low, high = nm.quantile_goalposts(x, (0.1, 0.9))
    assert (low[0], high[0]) == pytest.approx((1.0, 9.0))


def test_constant_indicator_is_neutral_not_nan():
    x = np.full((4, 1), 7.0)
    for method in ("minmax", "zscore", "rank", "distance_median"):
        out = nm.normalise(x, method)
        assert not np.isnan(out).any(), method
    assert col(nm.norm_minmax(x)) == [0, 0, 0, 0]
    assert col(nm.norm_zscore(x)) == [50, 50, 50, 50]


def test_normalise_dispatch_errors():
    with pytest.raises(ValueError, match="unknown normalisation"):
        nm.normalise(X, "nonsense")
    with pytest.raises(ValueError, match="reference"):
        nm.normalise(X, "distance_reference")


# --- outlier treatment ----------------------------------------------------------------------------


def test_winsorise_by_hand():
    # values 1..10 and 100 (11 values): linear 10 % quantile at position 1 → 2, 90 % at position 9 → 10
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100], dtype=float)[:, None]
    out = col(nm.winsorise(x, 0.1, 0.9))
    assert out == [2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10]


def test_winsorise_rejects_bad_quantiles():
    with pytest.raises(ValueError):
        nm.winsorise(X, 0.9, 0.1)


def test_log_by_hand():
    assert col(nm.log_transform(np.array([[1.0], [math.e], [math.e**2]]))) == pytest.approx([0, 1, 2])
    # a zero forces the shift ln(x − min + 1): 0 → ln 1 = 0, e − 1 → ln e = 1
    assert col(nm.log_transform(np.array([[0.0], [math.e - 1]]))) == pytest.approx([0, 1])


# --- imputation -----------------------------------------------------------------------------------


def test_national_median_imputation_by_hand():
    df = pd.DataFrame({"a": [1.0, np.nan, 3.0, 10.0]}, index=list("wxyz"))
    # median of 1, 3, 10 is 3
    assert nm.impute_national_median(df)["a"].tolist() == [1, 3, 3, 10]


def test_group_median_imputation_by_hand():
    df = pd.DataFrame({"a": [1.0, np.nan, 5.0, 7.0, np.nan, np.nan]}, index=list("uvwxyz"))
    groups = pd.Series(["P", "P", "Q", "Q", "Q", "R"], index=list("uvwxyz"))
    # P: median(1) = 1; Q: median(5, 7) = 6; R has no values → national median of 1, 5, 7 = 5
    assert nm.impute_group_median(df, groups)["a"].tolist() == [1, 1, 5, 7, 6, 5]


# --- aggregation ----------------------------------------------------------------------------------


def test_arithmetic_by_hand():
    values = np.array([[0.0, 100.0], [50.0, 50.0]])
    w = np.array([[0.25], [0.75]])
    assert nm.aggregate(values, w, "arithmetic")[:, 0] == pytest.approx([75, 50])


def test_geometric_by_hand():
    values = np.array([[0.0, 100.0], [50.0, 50.0]])
    w = np.array([[0.5], [0.5]])
    # COINr's shift onto [1, 100]: 0 → 1, 100 → 100, 50 → 50.5; √(1 · 100) = 10 → (10 − 1)/0.99; √(50.5²) → 50
    assert nm.aggregate(values, w, "geometric")[:, 0] == pytest.approx([9 / 0.99, 50])
    # the ends stay the ends: all 0 → 0, all 100 → 100
    assert nm.aggregate(np.array([[0.0, 0.0], [100.0, 100.0]]), w, "geometric")[:, 0] == pytest.approx([0, 100])


def test_geometric_compensates_less_than_arithmetic():
    values = np.array([[0.0, 100.0]])
    w = np.array([[0.5], [0.5]])
    assert nm.aggregate(values, w, "geometric")[0, 0] < nm.aggregate(values, w, "arithmetic")[0, 0]


def test_aggregate_dispatch_error():
    with pytest.raises(ValueError, match="unknown aggregation"):
        nm.aggregate(np.ones((1, 1)), np.ones((1, 1)), "harmonic")


# --- properties -----------------------------------------------------------------------------------

# indicator values with two decimals, as in KWB (no sub-normal floats that a unit change would underflow)
finite = st.integers(-(10**8), 10**8).map(lambda v: v / 100)
matrices = arrays(np.float64, st.tuples(st.integers(3, 12), st.integers(1, 4)), elements=finite)
SCALE_FREE = ("minmax", "zscore", "rank", "distance_median", "goalposts")


@settings(max_examples=60, deadline=None)
@given(matrices, st.sampled_from(nm.NORMALISERS))
def test_every_normaliser_stays_within_0_100(x, method):
    out = nm.normalise(x, method, reference_row=0)
    assert np.all((out >= -1e-9) & (out <= 100 + 1e-9))


@settings(max_examples=60, deadline=None)
@given(matrices, st.sampled_from(SCALE_FREE), st.floats(min_value=1e-3, max_value=1e3))
def test_scale_free_normalisers_ignore_units(x, method, factor):
    """km or m, per 1 or per 1,000: a unit change must not change any normalised value."""
    np.testing.assert_allclose(nm.normalise(x * factor, method), nm.normalise(x, method), atol=1e-6)
