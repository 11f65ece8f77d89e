"""Capacity-aware matching: place household cohorts in gemeenten by integer optimisation.

After GeoMatch (Bansak et al., Science 2018) and Annie MOORE (Ahani et al., Operations Research 2021):
instead of only *how many* persons a gemeente takes (the allocation key), decide *which* households go
*where* so that a documented outcome score is maximal under location capacities.

Decision: ``x[g, c]`` = whole number of households of cohort ``c`` placed in gemeente ``g``.

* every household is placed: ``Σ_g x[g, c] = households_c``;
* dwellings: ``Σ_c x[g, c] ≤ dwellings_g`` (one dwelling per household);
* school places (optional): ``Σ_c children_c · x[g, c] ≤ places_g``;
* fairness band: ``L_g ≤ Σ_c persons_c · x[g, c] ≤ U_g`` with ``L_g = floor((1 − B) · share_g · P)`` and
  ``U_g = ceil((1 + B) · share_g · P)``, ``P`` = all persons. Floor/ceil widen the band to whole
  persons so that a whole-number placement can exist even for small gemeenten or B = 0.
* objective: maximise ``Σ x[g, c] · score[g, c]`` (score per household, see ``capacity.match_score``).

Persons and children per household may be fractional (a "family" of 4.2 persons): they are *expected*
values of a cohort. Persons per gemeente are then expected persons too, and the fairness band applies
to that expectation; households stay whole numbers.

Solved exactly with ``scipy.optimize.milp`` (HiGHS branch and bound). The LP relaxation (HiGHS via
``linprog``) gives the upper bound for the gap and the shadow prices (marginals) used to say what the
dwellings and the fairness band cost. Infeasible input is caught by pre-checks that name the binding
constraint before any solver runs (:class:`MatchInfeasible`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

#: Decimals kept of scores and person counts before solving: the same input gives the same model bits
#: on every CPU, and ties are broken identically.
SCORE_DECIMALS = 6
#: Slack on the fairness bounds (persons) for floating-point sums of fractional persons.
TOLERANCE = 1e-6
DEFAULT_TIME_LIMIT = 25.0  # seconds; the done-when target is 30 s for 342 × 3
DEFAULT_MIP_GAP = 1e-4  # relative; far inside the 0.5 % target


class MatchInfeasible(ValueError):
    """No placement exists; ``constraint`` names the binding constraint (dwellings, school, fairness…)."""

    def __init__(self, constraint: str, message: str) -> None:
        super().__init__(message)
        self.constraint = constraint


@dataclass(frozen=True)
class Cohort:
    """A group of similar households: ``households`` whole households of expected size and children."""

    id: str
    households: int
    persons_per_household: float
    children_per_household: float = 0.0

    def __post_init__(self) -> None:
        if not str(self.id).strip():
            raise ValueError("cohort without a name")
        if int(self.households) != self.households or self.households < 0:
            raise ValueError(f"cohort {self.id!r}: households must be a whole number ≥ 0, got {self.households}")
        p, ch = self.persons_per_household, self.children_per_household
        if not (math.isfinite(p) and p >= 1):
            raise ValueError(f"cohort {self.id!r}: persons_per_household must be ≥ 1, got {p}")
        if not (math.isfinite(ch) and 0 <= ch < p):
            raise ValueError(f"cohort {self.id!r}: children_per_household must be ≥ 0 and below persons, got {ch}")

    @property
    def adults_per_household(self) -> float:
        return self.persons_per_household - self.children_per_household

    @property
    def persons(self) -> float:
        return self.households * self.persons_per_household


@dataclass(frozen=True)
class MatchProblem:
    """All inputs, aligned on ``codes`` (gemeenten) and ``cohorts``; ``scores`` has shape (G, C)."""

    codes: tuple[str, ...]
    cohorts: tuple[Cohort, ...]
    dwellings: np.ndarray  # whole dwellings per gemeente
    shares: np.ndarray  # key share per gemeente, sums to 1
    band: float
    scores: np.ndarray  # score per household, (G, C)
    school_places: np.ndarray | None = None

    def __post_init__(self) -> None:
        g, c = len(self.codes), len(self.cohorts)
        if g == 0 or c == 0:
            raise ValueError("need at least one gemeente and one cohort")
        if len(set(self.codes)) != g:
            raise ValueError("duplicate gemeentecode")
        if len({k.id for k in self.cohorts}) != c:
            raise ValueError("duplicate cohort name")
        for name, arr in (("dwellings", self.dwellings), ("shares", self.shares)):
            if np.shape(arr) != (g,):
                raise ValueError(f"{name}: expected {g} values, got shape {np.shape(arr)}")
            if not np.isfinite(arr).all() or (np.asarray(arr) < 0).any():
                raise ValueError(f"{name}: values must be finite and ≥ 0")
        if (np.asarray(self.dwellings) != np.round(self.dwellings)).any():
            raise ValueError("dwellings must be whole numbers")
        if self.school_places is not None:
            sp = np.asarray(self.school_places, dtype=float)
            if sp.shape != (g,) or not np.isfinite(sp).all() or (sp < 0).any():
                raise ValueError("school places: one finite value ≥ 0 per gemeente")
        if not abs(float(np.sum(self.shares)) - 1.0) < 1e-6:
            raise ValueError(f"key shares must sum to 1, got {float(np.sum(self.shares)):.6g}")
        if not (math.isfinite(self.band) and 0 <= self.band <= 10):
            raise ValueError(f"band must be between 0 and 10, got {self.band}")
        if np.shape(self.scores) != (g, c) or not np.isfinite(self.scores).all():
            raise ValueError(f"scores: expected finite ({g}, {c}) array, got shape {np.shape(self.scores)}")

    @property
    def households(self) -> np.ndarray:
        return np.array([k.households for k in self.cohorts], dtype=float)

    @property
    def persons_per_household(self) -> np.ndarray:
        return np.round(np.array([k.persons_per_household for k in self.cohorts], dtype=float), SCORE_DECIMALS)

    @property
    def children_per_household(self) -> np.ndarray:
        return np.round(np.array([k.children_per_household for k in self.cohorts], dtype=float), SCORE_DECIMALS)

    @property
    def total_persons(self) -> float:
        return float(self.households @ self.persons_per_household)


def fairness_bounds(shares: np.ndarray, total_persons: float, band: float) -> tuple[np.ndarray, np.ndarray]:
    """Whole-person bounds ``(floor((1−B)·s·P), ceil((1+B)·s·P))`` per gemeente (rounded to 9 decimals
    first, so 12.000000000001 does not become 13)."""
    base = np.asarray(shares, dtype=float) * float(total_persons)
    lower = np.floor(np.round(np.maximum(0.0, 1.0 - band) * base, 9))
    upper = np.ceil(np.round((1.0 + band) * base, 9))
    return lower, upper


def _fmt(x: float) -> str:
    """1,234 or 1,234.5 (CLI messages are English)."""
    return f"{x:,.0f}" if float(x) == round(float(x)) else f"{x:,.1f}"


def precheck(problem: MatchProblem) -> None:
    """Raise :class:`MatchInfeasible` naming the binding constraint when no placement can exist.

    Necessary conditions, cheapest first; they catch the usual input mistakes with a message a user
    can act on. A problem that passes can still be infeasible for subtler reasons (the solver then says so).
    """
    hh = problem.households
    total_hh = float(hh.sum())
    dw = np.asarray(problem.dwellings, dtype=float)
    if dw.sum() < total_hh:
        raise MatchInfeasible(
            "dwellings",
            f"infeasible: Σ dwellings ({_fmt(dw.sum())}) < households ({_fmt(total_hh)}); "
            "add dwellings or place fewer households",
        )
    ch = problem.children_per_household
    children = float(hh @ ch)
    if problem.school_places is not None and np.sum(problem.school_places) + TOLERANCE < children:
        raise MatchInfeasible(
            "school_places",
            f"infeasible: Σ school places ({_fmt(float(np.sum(problem.school_places)))}) < children "
            f"({_fmt(round(children, 1))})",
        )
    persons = problem.total_persons
    lower, upper = fairness_bounds(problem.shares, persons, problem.band)
    if lower.sum() > persons + TOLERANCE:
        raise MatchInfeasible(
            "fairness_lower",
            f"infeasible: Σ lower fairness bounds ({_fmt(lower.sum())}) > persons ({_fmt(round(persons, 1))})",
        )
    if upper.sum() + TOLERANCE < persons:
        raise MatchInfeasible(
            "fairness_upper",
            f"infeasible: Σ upper fairness bounds ({_fmt(upper.sum())}) < persons ({_fmt(round(persons, 1))})",
        )
    p = problem.persons_per_household
    present = hh > 0
    p_max, p_min = float(p[present].max(initial=0.0)), float(p[present].min(initial=np.inf))
    # most persons a gemeente can take: every dwelling with the largest household present
    room = dw * p_max
    short = lower > room + TOLERANCE
    if short.any():
        i = int(np.argmax(short))
        raise MatchInfeasible(
            "fairness_lower",
            f"infeasible: {problem.codes[i]} must take at least {_fmt(lower[i])} person{'' if lower[i] == 1 else 's'} (lower fairness bound) "
            f"but its {_fmt(dw[i])} dwellings hold at most {_fmt(round(room[i], 1))}; widen the band or add dwellings",
        )
    # most households a gemeente can take: its dwellings, and its upper bound filled with the smallest households
    if np.isfinite(p_min) and p_min > 0:
        cap_hh = np.minimum(dw, np.floor(np.round(upper / p_min, 9)))
        if cap_hh.sum() < total_hh:
            raise MatchInfeasible(
                "dwellings_within_band",
                f"infeasible: dwellings within the upper fairness bounds hold at most {_fmt(cap_hh.sum())} households "
                f"< {_fmt(total_hh)}; widen the band or add dwellings where the key share is large",
            )


@dataclass(frozen=True)
class _Model:
    c: np.ndarray  # minimisation costs (= −scores), flattened g-major
    a_eq: sparse.csr_matrix
    b_eq: np.ndarray
    a_ub: sparse.csr_matrix
    b_ub: np.ndarray
    ub_rows: dict[str, slice]  # constraint family → row range in a_ub
    upper: np.ndarray  # variable upper bounds
    lower_persons: np.ndarray
    upper_persons: np.ndarray


def _build(problem: MatchProblem, with_band: bool = True) -> _Model:
    g, c = len(problem.codes), len(problem.cohorts)
    n = g * c
    scores = np.round(np.asarray(problem.scores, dtype=float), SCORE_DECIMALS)
    cost = -scores.reshape(n)
    rows_g = np.repeat(np.arange(g), c)  # variable k = g·C + c
    cols = np.arange(n)
    cohort_of = np.tile(np.arange(c), g)
    a_eq = sparse.csr_matrix((np.ones(n), (cohort_of, cols)), shape=(c, n))
    b_eq = problem.households
    blocks: list[sparse.csr_matrix] = []
    rhs: list[np.ndarray] = []
    ub_rows: dict[str, slice] = {}

    def add(name: str, weights: np.ndarray, bound: np.ndarray, sign: float = 1.0) -> None:
        start = sum(b.shape[0] for b in blocks)
        blocks.append(sparse.csr_matrix((sign * weights[cohort_of], (rows_g, cols)), shape=(g, n)))
        rhs.append(sign * bound)
        ub_rows[name] = slice(start, start + g)

    add("dwellings", np.ones(c), np.asarray(problem.dwellings, dtype=float))
    if problem.school_places is not None:
        add("school_places", problem.children_per_household, np.asarray(problem.school_places, dtype=float))
    lower, upper = fairness_bounds(problem.shares, problem.total_persons, problem.band)
    if with_band:
        add("fairness_upper", problem.persons_per_household, upper + TOLERANCE)
        add("fairness_lower", problem.persons_per_household, lower - TOLERANCE, sign=-1.0)
    a_ub = sparse.vstack(blocks, format="csr")
    var_upper = np.tile(problem.households, g)
    return _Model(cost, a_eq, b_eq, a_ub, np.concatenate(rhs), ub_rows, var_upper, lower, upper)


@dataclass(frozen=True)
class ShadowPrices:
    """LP-relaxation sensitivities of the maximal objective (score units), by constraint.

    ``dwellings``/``school_places``: gain per extra dwelling/school place in that gemeente (0 where the
    constraint has slack). ``band``: gain per +1.0 of B (both bounds widened), a local derivative — read
    it per +0.01. ``price_of_fairness``: LP objective without the band minus with it (exact, not local).
    ``cohort``: value of one more household of that cohort (the equality constraint's dual).
    """

    dwellings: pd.Series
    school_places: pd.Series | None
    fairness_upper: pd.Series
    fairness_lower: pd.Series
    band: float
    price_of_fairness: float
    cohort: pd.Series


@dataclass
class MatchResult:
    """Placement (long table, zeros included), per-gemeente summary, solver figures and shadow prices."""

    placement: pd.DataFrame
    per_gemeente: pd.DataFrame
    objective: float
    lp_bound: float
    gap: float  # (LP bound − objective) / |LP bound|
    status: str
    seconds: float
    shadow: ShadowPrices
    totals: dict[str, float] = field(default_factory=dict)


def _lp(model: _Model, with_marginals: bool = True):  # noqa: ANN202 - scipy OptimizeResult
    return linprog(
        model.c,
        A_ub=model.a_ub,
        b_ub=model.b_ub,
        A_eq=model.a_eq,
        b_eq=model.b_eq,
        bounds=np.column_stack([np.zeros_like(model.upper), model.upper]),
        method="highs",
    )


def _shadow(problem: MatchProblem, model: _Model, lp, free_lp) -> ShadowPrices:  # noqa: ANN001
    idx = pd.Index(problem.codes, name="gemeentecode")
    marg = -np.asarray(lp.ineqlin.marginals)  # max-objective gain per unit of RHS (≥ 0)

    def family(name: str) -> pd.Series | None:
        rows = model.ub_rows.get(name)
        return None if rows is None else pd.Series(np.round(marg[rows], 9), index=idx, name=name)

    up, low = family("fairness_upper"), family("fairness_lower")
    assert up is not None and low is not None  # the model always has both fairness families
    base = np.asarray(problem.shares, dtype=float) * problem.total_persons
    # dRHS/dB: upper bound +s·P; the lower bound is stored negated (−L), −L grows by s·P as B grows
    band = float(up.to_numpy() @ base + low.to_numpy() @ base)
    free_obj = -float(free_lp.fun) if free_lp.status == 0 else float("nan")
    cohort = pd.Series(np.round(-np.asarray(lp.eqlin.marginals), 9), index=[k.id for k in problem.cohorts])
    return ShadowPrices(
        dwellings=family("dwellings"),
        school_places=family("school_places"),
        fairness_upper=up,
        fairness_lower=low,
        band=round(band, 9),
        price_of_fairness=round(free_obj - (-float(lp.fun)), 9),
        cohort=cohort,
    )


def _tables(problem: MatchProblem, x: np.ndarray, model: _Model) -> tuple[pd.DataFrame, pd.DataFrame]:
    g, c = len(problem.codes), len(problem.cohorts)
    grid = x.reshape(g, c)
    p, ch = problem.persons_per_household, problem.children_per_household
    scores = np.round(np.asarray(problem.scores, dtype=float), SCORE_DECIMALS)
    placement = pd.DataFrame(
        {
            "gemeentecode": np.repeat(problem.codes, c),
            "cohort": np.tile([k.id for k in problem.cohorts], g),
            "households": grid.reshape(-1),
            "persons": np.round((grid * p).reshape(-1), 6),
            "children": np.round((grid * ch).reshape(-1), 6),
            "score": scores.reshape(-1),
        }
    )
    placement["contribution"] = np.round(placement["households"] * placement["score"], 6)
    persons = np.round(grid @ p, 6)
    key_persons = np.asarray(problem.shares, dtype=float) * problem.total_persons
    per = pd.DataFrame(
        {
            "households": grid.sum(axis=1),
            "persons": persons,
            "children": np.round(grid @ ch, 6),
            "dwellings": np.asarray(problem.dwellings, dtype=float).astype(int),
            "key_persons": np.round(key_persons, 6),
            "fairness_lower": model.lower_persons.astype(int),
            "fairness_upper": model.upper_persons.astype(int),
            "difference_vs_key": np.round(persons - key_persons, 6),
            "objective": np.round((grid * scores).sum(axis=1), 6),
        },
        index=pd.Index(problem.codes, name="gemeentecode"),
    )
    if problem.school_places is not None:
        per.insert(4, "school_places", np.asarray(problem.school_places, dtype=float))
    return placement, per


def check_placement(problem: MatchProblem, placement: pd.DataFrame) -> list[str]:
    """Every violated constraint of a placement, in words (empty: all hold). Used by tests and the CLI."""
    g, c = len(problem.codes), len(problem.cohorts)
    x = placement["households"].to_numpy(dtype=float).reshape(g, c)
    problems: list[str] = []
    if (x < 0).any() or (x != np.round(x)).any():
        problems.append("households must be whole numbers ≥ 0")
    placed = x.sum(axis=0)
    for k, cohort in enumerate(problem.cohorts):
        if placed[k] != cohort.households:
            problems.append(f"cohort {cohort.id}: {placed[k]:g} of {cohort.households} households placed")
    over = x.sum(axis=1) > np.asarray(problem.dwellings) + TOLERANCE
    problems += [f"{problem.codes[i]}: more households than dwellings" for i in np.flatnonzero(over)]
    if problem.school_places is not None:
        kids = x @ problem.children_per_household
        over = kids > np.asarray(problem.school_places) + TOLERANCE
        problems += [f"{problem.codes[i]}: more children than school places" for i in np.flatnonzero(over)]
    persons = x @ problem.persons_per_household
    lower, upper = fairness_bounds(problem.shares, problem.total_persons, problem.band)
    bad = (persons < lower - TOLERANCE) | (persons > upper + TOLERANCE)
    problems += [f"{problem.codes[i]}: persons outside the fairness band" for i in np.flatnonzero(bad)]
    return problems


def solve(
    problem: MatchProblem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    mip_rel_gap: float = DEFAULT_MIP_GAP,
) -> MatchResult:
    """Optimal whole-number placement. Raises :class:`MatchInfeasible` when none exists."""
    precheck(problem)
    started = time.perf_counter()
    model = _build(problem)
    lp = _lp(model)
    if lp.status == 2:
        raise MatchInfeasible(
            "combined",
            "infeasible: dwellings, school places and the fairness band cannot all hold together "
            "(even with fractional households); widen the band or add dwellings",
        )
    if lp.status != 0:
        raise RuntimeError(f"LP relaxation failed: {lp.message}")
    free_lp = _lp(_build(problem, with_band=False))
    res = milp(
        model.c,
        integrality=np.ones_like(model.c),
        bounds=Bounds(np.zeros_like(model.upper), model.upper),
        constraints=[
            LinearConstraint(model.a_eq, model.b_eq, model.b_eq),
            LinearConstraint(model.a_ub, -np.inf, model.b_ub),
        ],
        options={"time_limit": float(time_limit), "mip_rel_gap": float(mip_rel_gap), "disp": False},
    )
    if res.x is None:
        if res.status == 2:
            raise MatchInfeasible(
                "integrality",
                "infeasible: no whole-number placement fits the fairness band (a fractional one does); widen the band",
            )
        raise MatchInfeasible("time_limit", f"no placement found within {time_limit:g} s ({res.message})")
    x = np.rint(res.x).astype(np.int64)
    placement, per = _tables(problem, x, model)
    violations = check_placement(problem, placement)
    if violations:  # pragma: no cover - a solver tolerance issue, never seen; refuse rather than mislead
        raise RuntimeError(f"solver placement violates: {violations[0]}")
    objective = round(float(placement["contribution"].sum()), 6)
    bound = round(-float(lp.fun), 6)
    gap = 0.0 if abs(bound) < 1e-12 else max(0.0, (bound - objective) / abs(bound))
    totals = {
        "households": float(placement["households"].sum()),
        "persons": round(float(placement["persons"].sum()), 6),
        "children": round(float(placement["children"].sum()), 6),
        "objective": objective,
        "lp_bound": bound,
        "gap": round(gap, 9),
    }
    return MatchResult(
        placement=placement,
        per_gemeente=per,
        objective=objective,
        lp_bound=bound,
        gap=gap,
        status="optimal" if res.status == 0 else "time_limit",
        seconds=time.perf_counter() - started,
        shadow=_shadow(problem, model, lp, free_lp),
        totals=totals,
    )
