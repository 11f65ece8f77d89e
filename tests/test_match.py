"""capacity.match: hand-solved optima, brute force on tiny instances, properties and infeasibility messages."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capacity.match import Cohort, MatchInfeasible, MatchProblem, check_placement, fairness_bounds, precheck, solve

CODES3 = ("GM0001", "GM0002", "GM0003")
SINGLES = Cohort("single", 2, 1.0, 0.0)
FAMILY = Cohort("family", 1, 3.0, 1.0)


def _toy(band: float, scores=((5, 1), (3, 4), (1, 2.5)), dwellings=(1, 2, 2), school=None) -> MatchProblem:
    return MatchProblem(
        codes=CODES3,
        cohorts=(SINGLES, FAMILY),
        dwellings=np.array(dwellings, dtype=float),
        shares=np.full(3, 1 / 3),
        band=band,
        scores=np.array(scores, dtype=float),
        school_places=None if school is None else np.array(school, dtype=float),
    )


def _grid(result, problem) -> np.ndarray:
    return result.placement["households"].to_numpy().reshape(len(problem.codes), len(problem.cohorts))


# --- hand-solved ----------------------------------------------------------------------------------
def test_hand_solved_wide_band():
    """B = 1: bounds [0, ceil(2 × 5/3)] = [0, 4] persons. GM0001 has one dwelling: a single there (5), the
    other single (3) and the family (4) share GM0002 (2 dwellings, 4 persons) → 12, unique."""
    problem = _toy(1.0)
    result = solve(problem)
    assert result.objective == pytest.approx(12.0)
    assert _grid(result, problem).tolist() == [[1, 0], [1, 1], [0, 0]]
    assert result.lp_bound == pytest.approx(12.0) and result.gap == pytest.approx(0.0, abs=1e-9)
    assert result.shadow.price_of_fairness == pytest.approx(0.0, abs=1e-9)
    assert result.per_gemeente["persons"].tolist() == [1.0, 4.0, 0.0]


def test_hand_solved_band_binds():
    """B = 0.5: upper bound ceil(1.5 × 5/3) = 3 persons, so single + family no longer fit in GM0002:
    singles in GM0001 (5) and GM0002 (3), the family in GM0003 (2.5) → 10.5 (4 + 5 + 1 = 10 is second)."""
    problem = _toy(0.5)
    result = solve(problem)
    assert result.objective == pytest.approx(10.5)
    assert _grid(result, problem).tolist() == [[1, 0], [1, 0], [0, 1]]
    assert result.lp_bound >= result.objective - 1e-9
    assert result.shadow.price_of_fairness > 0  # the band costs something here


def test_hand_solved_school_places_bind():
    """With no school place in GM0002/GM0003 the family (1 child) must go to GM0001, pushing a single out."""
    problem = _toy(1.0, school=(1, 0, 0))
    result = solve(problem)
    assert _grid(result, problem).tolist() == [[0, 1], [2, 0], [0, 0]]
    assert result.objective == pytest.approx(1 + 6)
    assert result.shadow.school_places is not None and result.shadow.school_places["GM0002"] > 0


def test_fairness_bounds_floor_ceil():
    lower, upper = fairness_bounds(np.array([0.5, 0.3, 0.2]), 10.0, 0.1)
    assert lower.tolist() == [4.0, 2.0, 1.0]  # floor(4.5, 2.7, 1.8)
    assert upper.tolist() == [6.0, 4.0, 3.0]  # ceil(5.5, 3.3, 2.2)
    lower, upper = fairness_bounds(np.array([0.5, 0.5]), 12.0, 0.0)  # 6.000000000001 must not round up
    assert lower.tolist() == [6.0, 6.0] and upper.tolist() == [6.0, 6.0]


def test_fractional_persons_are_expected_values():
    """4.2 persons per family: persons per gemeente are expected values, households stay whole."""
    family = Cohort("gezin", 5, 4.2, 2.1)
    problem = MatchProblem(
        codes=("A", "B"),
        cohorts=(family,),
        dwellings=np.array([5.0, 5.0]),
        shares=np.array([0.5, 0.5]),
        band=0.25,
        scores=np.array([[2.0], [1.0]]),
    )
    result = solve(problem)
    # persons 21: bounds [floor(7.875), ceil(13.125)] = [7, 14]; 3 families = 12.6 ≤ 14 < 4 × 4.2
    assert _grid(result, problem).tolist() == [[3], [2]]
    assert result.per_gemeente["persons"].tolist() == pytest.approx([12.6, 8.4])
    assert result.totals["children"] == pytest.approx(10.5)


# --- infeasibility messages ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("problem", "constraint", "text"),
    [
        (_toy(1.0, dwellings=(1, 1, 0)), "dwellings", "Σ dwellings (2) < households (3)"),
        (_toy(1.0, school=(0, 0, 0)), "school_places", "Σ school places (0) < children (1)"),
        (_toy(0.5, dwellings=(0, 3, 3)), "fairness_lower", "GM0001 must take at least 0"),
    ],
)
def test_precheck_names_binding_constraint(problem, constraint, text):
    if constraint == "fairness_lower":  # floor(0.5 × 5/3) = 0: no lower bound binds, so use a narrow band
        problem = _toy(0.0, dwellings=(0, 3, 3))
        text = "GM0001 must take at least 1 person (lower fairness bound) but its 0 dwellings hold at most 0"
    with pytest.raises(MatchInfeasible) as info:
        solve(problem)
    assert info.value.constraint == constraint
    assert text in str(info.value)
    assert "\n" not in str(info.value)


def test_precheck_sum_of_lower_bounds():
    """Shares that floor to more than everyone: impossible with valid shares, so test the check itself."""
    problem = MatchProblem(
        codes=("A", "B"),
        cohorts=(Cohort("x", 2, 1.0),),
        dwellings=np.array([2.0, 2.0]),
        shares=np.array([0.5, 0.5]),
        band=0.0,
        scores=np.ones((2, 1)),
    )
    precheck(problem)  # bounds [1, 1] each: fine
    narrow = MatchProblem(**{**problem.__dict__, "dwellings": np.array([2.0, 0.0])})
    with pytest.raises(MatchInfeasible, match="B must take at least 1 person "):
        precheck(narrow)


def test_precheck_dwellings_within_band():
    """Enough dwellings in total, but the large-share gemeente may take only a few persons."""
    problem = MatchProblem(
        codes=("big", "small"),
        cohorts=(Cohort("single", 10, 1.0),),
        dwellings=np.array([10.0, 2.0]),
        shares=np.array([0.2, 0.8]),  # the small one must take 8 ± 20 % but has 2 dwellings
        band=0.2,
        scores=np.ones((2, 1)),
    )
    with pytest.raises(MatchInfeasible) as info:
        solve(problem)
    assert info.value.constraint in {"fairness_lower", "dwellings_within_band"}
    assert "small" in str(info.value) or "hold at most" in str(info.value)


def test_integrality_infeasible_is_named():
    """Band 0.2: every gemeente takes 1–2 persons; a 3-person family fits only as thirds (LP), not whole."""
    with pytest.raises(MatchInfeasible) as info:
        solve(_toy(0.2))
    assert info.value.constraint == "integrality"
    assert "whole-number" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"shares": np.array([0.5, 0.4, 0.2])}, "sum to 1"),
        ({"band": -0.1}, "band"),
        ({"dwellings": np.array([1.5, 2, 2])}, "whole"),
        ({"scores": np.ones((3, 3))}, "scores"),
        ({"codes": ("A", "A", "B")}, "duplicate"),
    ],
)
def test_problem_validation(kwargs, text):
    base = _toy(0.5).__dict__
    with pytest.raises(ValueError, match=text):
        MatchProblem(**{**base, **kwargs})


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("x", -1, 1.0), "households"),
        (("x", 1, 0.5), "persons"),
        (("x", 1, 2.0, 2.0), "children"),
        (("", 1, 1.0), "name"),
    ],
)
def test_cohort_validation(args, text):
    with pytest.raises(ValueError, match=text):
        Cohort(*args)


# --- brute force ----------------------------------------------------------------------------------
def _compositions(total: int, parts: int):
    for cut in itertools.combinations(range(total + parts - 1), parts - 1):
        edges = (-1, *cut, total + parts - 1)
        yield tuple(edges[i + 1] - edges[i] - 1 for i in range(parts))


def _brute_force(problem: MatchProblem) -> float | None:
    g = len(problem.codes)
    best = None
    per_cohort = [list(_compositions(k.households, g)) for k in problem.cohorts]
    for combo in itertools.product(*per_cohort):
        x = np.array(combo, dtype=float).T  # (G, C)
        flat = {"households": x.reshape(-1)}
        if check_placement(problem, _Frame(flat)):
            continue
        value = float((x * np.round(problem.scores, 6)).sum())
        best = value if best is None else max(best, value)
    return best


class _Frame(dict):
    """The one column check_placement reads, without building a DataFrame per candidate."""

    def __getitem__(self, key):
        return _Array(dict.__getitem__(self, key))


class _Array:
    def __init__(self, values):
        self.values = values

    def to_numpy(self, dtype=float):
        return np.asarray(self.values, dtype=dtype)


@st.composite
def tiny_problems(draw) -> MatchProblem:
    g = draw(st.integers(2, 3))
    c = draw(st.integers(1, 2))
    cohorts = tuple(
        Cohort(
            f"c{k}",
            draw(st.integers(0, 3)),
            p := draw(st.sampled_from([1.0, 2.0, 4.2])),
            draw(st.sampled_from([0.0, 1.0, 2.1])) if p > 2.1 else 0.0,
        )
        for k in range(c)
    )
    weights = np.array(draw(st.lists(st.integers(1, 5), min_size=g, max_size=g)), dtype=float)
    school = draw(st.none() | st.lists(st.integers(0, 6), min_size=g, max_size=g))
    return MatchProblem(
        codes=tuple(f"G{i}" for i in range(g)),
        cohorts=cohorts,
        dwellings=np.array(draw(st.lists(st.integers(0, 4), min_size=g, max_size=g)), dtype=float),
        shares=weights / weights.sum(),
        band=draw(st.sampled_from([0.0, 0.25, 0.5, 1.0, 3.0])),
        scores=np.array(draw(st.lists(st.integers(0, 9), min_size=g * c, max_size=g * c)), dtype=float).reshape(g, c),
        school_places=None if school is None else np.array(school, dtype=float),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_brute_force_agrees(problem):
    best = _brute_force(problem)
    if best is None:
        with pytest.raises(MatchInfeasible):
            solve(problem)
        return
    result = solve(problem, mip_rel_gap=0.0)  # prechecks must never refuse a feasible instance
    assert result.objective == pytest.approx(best, abs=1e-6)
    assert result.lp_bound >= result.objective - 1e-6


# --- properties -----------------------------------------------------------------------------------
@st.composite
def medium_problems(draw) -> MatchProblem:
    g = draw(st.integers(3, 25))
    c = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cohorts = tuple(
        Cohort(f"c{k}", int(rng.integers(0, 40)), float(rng.choice([1.0, 2.0, 3.5, 4.2])), 0.0) for k in range(c)
    )
    weights = rng.integers(1, 50, size=g).astype(float)
    return MatchProblem(
        codes=tuple(f"GM{i:04d}" for i in range(g)),
        cohorts=cohorts,
        dwellings=rng.integers(0, 30, size=g).astype(float),
        shares=weights / weights.sum(),
        band=float(draw(st.sampled_from([0.3, 0.5, 1.0, 2.0]))),
        scores=np.round(rng.random((g, c)) * 3, 3),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(medium_problems())
def test_properties_all_placed_bounds_integer_deterministic(problem):
    try:
        first = solve(problem)
    except MatchInfeasible as exc:
        assert exc.constraint and "\n" not in str(exc)
        return
    table = first.placement
    assert len(table) == len(problem.codes) * len(problem.cohorts)  # zeros included
    assert check_placement(problem, table) == []
    assert (table["households"] == table["households"].round()).all() and (table["households"] >= 0).all()
    placed = table.groupby("cohort", sort=False)["households"].sum().to_dict()
    assert placed == {k.id: k.households for k in problem.cohorts}
    persons = first.per_gemeente["persons"].to_numpy()
    lower, upper = fairness_bounds(problem.shares, problem.total_persons, problem.band)
    assert (persons >= lower - 1e-6).all() and (persons <= upper + 1e-6).all()
    assert (first.per_gemeente["households"] <= first.per_gemeente["dwellings"]).all()
    assert first.objective <= first.lp_bound + 1e-6  # small instances can have a real integrality gap
    assert (first.shadow.dwellings >= -1e-9).all()
    second = solve(problem)
    assert table.equals(second.placement) and second.objective == first.objective


def test_shadow_prices_zero_where_slack():
    problem = _toy(1.0, dwellings=(1, 5, 5))
    result = solve(problem)
    per = result.per_gemeente
    slack = per["households"] < per["dwellings"]
    assert (result.shadow.dwellings[slack] == 0).all()
    assert result.shadow.dwellings["GM0001"] > 0  # the best gemeente is full


def test_check_placement_reports_violations():
    problem = _toy(1.0)
    result = solve(problem)
    bad = result.placement.copy()
    bad.loc[0, "households"] = 2  # a second single in GM0001: 3 singles placed, one dwelling there
    messages = check_placement(problem, bad)
    assert any("3 of 2" in m for m in messages) and any("GM0001: more households than dwellings" in m for m in messages)
