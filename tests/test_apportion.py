"""Apportionment: hand-computed examples per method, bounds, tie-break, properties and a reference cross-check.

The four-party example (votes 100,000 / 80,000 / 30,000 / 20,000; 8 seats) is the standard textbook
illustration of divisor methods; all expected values below are worked out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capacity.apportion import METHODS, InfeasibleBoundsError, apportion, bounded_quota

VOTES = [100_000, 80_000, 30_000, 20_000]


# --------------------------------------------------------------------------------------------------
# hand-computed examples
# --------------------------------------------------------------------------------------------------
def test_hamilton_by_hand():
    # quotas 8 × v / 230,000 = 3.478, 2.783, 1.043, 0.696 → floors 3, 2, 1, 0 (6 seats);
    # 2 left go to the largest remainders .783 (B) and .696 (D).
    res = apportion(VOTES, 8, "hamilton")
    assert res.allocated.tolist() == [3, 3, 1, 1]
    np.testing.assert_allclose(res.quota, [8 * 100 / 230, 8 * 80 / 230, 8 * 30 / 230, 8 * 20 / 230])


def test_dhondt_by_hand():
    # quotients v/1, v/2, …: A 100, 50, 33.3, 25 | B 80, 40, 26.7 | C 30 | D 20 (×1000).
    # The 8 largest: 100, 80, 50, 40, 33.3, 30, 26.7, 25 → A 4, B 3, C 1, D 0.
    assert apportion(VOTES, 8, "dhondt").allocated.tolist() == [4, 3, 1, 0]


def test_sainte_lague_by_hand():
    # quotients v/1, v/3, v/5: A 100, 33.3, 20 | B 80, 26.7, 16 | C 30, 10 | D 20, 6.7.
    # The 8 largest: 100, 80, 33.3, 30, 26.7, 20 (A), 20 (D), 16 → A 3, B 3, C 1, D 1.
    assert apportion(VOTES, 8, "sainte-lague").allocated.tolist() == [3, 3, 1, 1]


def test_huntington_hill_gives_everyone_one_by_hand():
    # signposts √(n(n+1)): 0, 1.414, 2.449, 3.464 … Both start with one seat (priority ∞); the next three
    # go to the larger unit: 1000/1.414 = 707, 1000/2.449 = 408, 1000/3.464 = 289 all beat 10/1.414 = 7.1.
    assert apportion([1000, 10], 5, "huntington-hill").allocated.tolist() == [4, 1]
    # the other methods give the small unit nothing: its quota is 5 × 10/1010 = 0.0495
    for method in ("hamilton", "sainte-lague", "dhondt"):
        assert apportion([1000, 10], 5, method).allocated.tolist() == [5, 0]


def test_alabama_paradox_is_a_property_of_hamilton():
    # total 10: quotas 4.286, 4.286, 1.429 → floors 4, 4, 1, remainder to .429 → [4, 4, 2]
    # total 11: quotas 4.714, 4.714, 1.571 → floors 4, 4, 1, remainders .714, .714 → [5, 5, 1]
    # One more in total, yet the third unit loses one: Hamilton is not house-monotone.
    assert apportion([6, 6, 2], 10, "hamilton").allocated.tolist() == [4, 4, 2]
    assert apportion([6, 6, 2], 11, "hamilton").allocated.tolist() == [5, 5, 1]
    # divisor methods are house-monotone: nobody loses when the total grows
    for method in ("sainte-lague", "dhondt", "huntington-hill"):
        a10 = apportion([6, 6, 2], 10, method).allocated
        a11 = apportion([6, 6, 2], 11, method).allocated
        assert (a11 >= a10).all()


def test_floors_by_hand():
    # floors of 2 for everyone: 4 fixed, 6 left; continuous: unit 0 gets 10 × 100/102 = 9.8 > 10 − 4
    # so the small units sit at their floor and unit 0 takes the rest: [6, 2, 2].
    for method in METHODS:
        assert apportion([100, 1, 1], 10, method, floors=2).allocated.tolist() == [6, 2, 2]


def test_caps_redistribute_excess_by_hand():
    # cap 40: unit 0 (quota 66.2) capped at 40; 60 left over [50, 1] → 58.8 and 1.2, unit 1 capped at 40;
    # the remaining 20 all go to unit 2.
    for method in METHODS:
        assert apportion([100, 50, 1], 100, method, caps=40).allocated.tolist() == [40, 40, 20]
    np.testing.assert_allclose(bounded_quota([100, 50, 1], 100, caps=[40, 40, 40]), [40, 40, 20])


def test_bounded_quota_proportional_among_free_units():
    # caps [10, ∞, ∞]: unit 0 (quota 50) fixed at 10; 90 over weights 3 : 2 → 54 and 36
    q = bounded_quota([5, 3, 2], 100, caps=[10, np.inf, np.inf])
    np.testing.assert_allclose(q, [10, 54, 36])


def test_infeasible_bounds_name_the_numbers():
    with pytest.raises(InfeasibleBoundsError, match=r"sum of floors 30 exceeds the total 20"):
        apportion([1, 2, 3], 20, floors=10)
    with pytest.raises(InfeasibleBoundsError, match=r"sum of caps 15 is below the total 20"):
        apportion([1, 2, 3], 20, caps=5)
    with pytest.raises(InfeasibleBoundsError, match=r"floor 5 > cap 3"):
        apportion([1, 2], 6, floors=[5, 0], caps=[3, 10])


def test_tie_break_is_larger_weight_then_order():
    # weights 1 and 3, total 2: quotas 0.5 and 1.5, equal remainders → the larger weight wins
    assert apportion([1, 3], 2).allocated.tolist() == [0, 2]
    # equal weights: the first in `order` wins (default: position)
    assert apportion([1, 1, 1], 2).allocated.tolist() == [1, 1, 0]
    assert apportion([1, 1, 1], 2, order=["c", "b", "a"]).allocated.tolist() == [0, 1, 1]
    for method in ("sainte-lague", "dhondt", "huntington-hill"):
        assert apportion([1, 1, 1], 2, method, order=["c", "b", "a"]).allocated.tolist() == [0, 1, 1]


def test_zero_weight_units_get_nothing_unless_forced():
    assert apportion([0, 5, 5], 4, "huntington-hill").allocated.tolist() == [0, 2, 2]
    # everyone else capped: the zero-weight unit takes the rest
    assert apportion([0, 5, 5], 10, "hamilton", caps=[10, 3, 3]).allocated.tolist() == [4, 3, 3]


@pytest.mark.parametrize(
    ("weights", "total", "kw", "message"),
    [
        ([1, -1], 5, {}, "non-negative"),
        ([1, np.nan], 5, {}, "finite"),
        ([], 5, {}, "empty"),
        ([0, 0], 5, {}, "all weights are zero"),
        ([1, 2], 2.5, {}, "whole number"),
        ([1, 2], -1, {}, "at least 0"),
        ([1, 2], 3, {"method": "adams"}, "unknown method"),
        ([1, 2], 3, {"floors": [1, 2, 3]}, "3 values for 2 units"),
        ([1, 2], 3, {"caps": 1.5}, "whole numbers"),
    ],
)
def test_bad_input_raises_value_error(weights, total, kw, message):
    with pytest.raises(ValueError, match=message):
        apportion(weights, total, **kw)


def test_total_zero_gives_zeros():
    res = apportion([3, 2], 0, "dhondt")
    assert res.allocated.tolist() == [0, 0]


# --------------------------------------------------------------------------------------------------
# cross-check against the reference implementation (exact fractions) for unbounded methods
# --------------------------------------------------------------------------------------------------
_REF = {
    "hamilton": "largest_remainder",
    "sainte-lague": "saintelague",
    "dhondt": "dhondt",
    "huntington-hill": "huntington",
}


@pytest.mark.parametrize("method", METHODS)
def test_matches_reference_package(method):
    from apportionment import methods as ref

    rng = np.random.default_rng(20240101)
    checked = 0
    for _ in range(60):
        n = int(rng.integers(2, 40))
        votes = [int(v) for v in rng.integers(1, 100_000, n)]
        seats = int(rng.integers(n, 5 * n + 50))
        try:
            expected = ref.compute(
                _REF[method], votes, seats, parties=[f"p{i}" for i in range(n)], tiesallowed=False, verbose=False
            )
        except ref.TiesException:
            continue
        assert apportion(votes, seats, method).allocated.tolist() == list(expected)
        checked += 1
    assert checked >= 50


# --------------------------------------------------------------------------------------------------
# properties (hypothesis)
# --------------------------------------------------------------------------------------------------
weights_st = st.lists(st.floats(0, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=30).filter(
    lambda w: sum(w) > 0
)


@st.composite
def bounded_problem(draw):
    w = draw(weights_st)
    n = len(w)
    floors = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    extra = draw(st.lists(st.integers(0, 200), min_size=n, max_size=n))
    caps = [f + e for f, e in zip(floors, extra, strict=True)]
    total = draw(st.integers(sum(floors), sum(caps)))
    method = draw(st.sampled_from(METHODS))
    return np.array(w), total, np.array(floors), np.array(caps), method


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(bounded_problem())
def test_property_exact_sum_bounds_no_negatives(problem):
    w, total, floors, caps, method = problem
    a = apportion(w, total, method, floors=floors, caps=caps).allocated
    assert a.dtype == np.int64
    assert int(a.sum()) == total
    assert (a >= floors).all() and (a <= caps).all()
    assert (a >= 0).all()


@_SETTINGS
@given(bounded_problem(), st.randoms(use_true_random=False))
def test_property_deterministic_and_row_order_invariant(problem, rnd):
    w, total, floors, caps, method = problem
    ids = np.array([f"GM{i:04d}" for i in range(len(w))])
    first = apportion(w, total, method, floors=floors, caps=caps, order=ids).allocated
    again = apportion(w, total, method, floors=floors, caps=caps, order=ids).allocated
    assert (first == again).all()
    perm = np.array(rnd.sample(range(len(w)), len(w)))
    shuffled = apportion(w[perm], total, method, floors=floors[perm], caps=caps[perm], order=ids[perm]).allocated
    assert (shuffled == first[perm]).all()


@_SETTINGS
@given(weights_st, st.integers(0, 5000))
def test_property_hamilton_stays_within_quota(w, total):
    res = apportion(w, total, "hamilton")
    assert (res.allocated >= np.floor(res.quota - 1e-9)).all()
    assert (res.allocated <= np.ceil(res.quota + 1e-9)).all()


@_SETTINGS
@given(weights_st, st.integers(0, 2000), st.sampled_from(("sainte-lague", "dhondt", "huntington-hill")))
def test_property_divisor_methods_are_house_monotone(w, total, method):
    a = apportion(w, total, method).allocated
    b = apportion(w, total + 1, method).allocated
    assert (b >= a).all()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=40),
    st.lists(st.integers(0, 3), min_size=40, max_size=40),
    st.integers(1, 45),
)
def test_partial_selection_equals_full_lexsort(keys, ties, k):
    """``_first`` (partition, then lexsort of the candidates) picks exactly what a full lexsort picks,
    also with many equal keys and equal first tie-breaks (the case where the shortcut could go wrong)."""
    from capacity.apportion import _first

    key = np.asarray(keys, dtype=float)
    n = key.size
    tie1 = np.asarray(ties[:n], dtype=float)
    tie2 = np.random.default_rng(n).permutation(n)
    k = min(k, n)
    np.testing.assert_array_equal(_first(k, tie2, tie1, key), np.lexsort((tie2, tie1, key))[:k])


def test_precomputed_rank_gives_the_same_result_as_order():
    from capacity.apportion import tie_rank

    w = np.array([1.0, 1.0, 1.0, 2.0])  # equal remainders: the order decides
    codes = np.array(["GM0400", "GM0100", "GM0300", "GM0200"])
    for method in METHODS:
        a = apportion(w, 7, method, order=codes).allocated
        b = apportion(w, 7, method, rank=tie_rank(codes)).allocated
        np.testing.assert_array_equal(a, b)
