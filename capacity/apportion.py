"""Exact apportionment of a whole-number total over units, with optional floors and caps.

Methods (see ``docs/METHODS.md`` §Apportionment; Balinski & Young, *Fair Representation*):

- ``hamilton`` — largest remainder: floor every quota, hand out the rest by largest fraction. Always
  within quota, but not house-monotone (Alabama paradox: one more seat in total can cost a unit one).
- ``sainte-lague`` (Webster), ``dhondt`` (Jefferson), ``huntington-hill`` — divisor methods: find a
  divisor d so that Σ round(w_i / d) = total, rounding at a + ½, a + 1 and √(a(a+1)) respectively.
  House- and population-monotone, but a unit can end up more than one away from its quota.

Bounds. Floors and caps are whole numbers per unit (a scalar applies to all). Feasible iff
Σ floor ≤ total ≤ Σ cap; otherwise :class:`InfeasibleBoundsError` names the numbers.
Hamilton first computes the bounded continuous quota (units whose proportional share breaks a bound are
fixed at it and the excess is redistributed over the others in proportion to their weights, until stable)
and then applies largest remainder to it. Divisor methods clamp each rounded value to [floor, cap] and move
the divisor until the sum is exact.

Tie-break (deterministic, documented): when two units have exactly the same claim to the next unit
(same remainder, or same divisor priority), the unit with the larger weight wins, and if the weights are
equal too, the unit that comes first in ``order`` (default: position in the input). Callers that need
results independent of row order pass a stable identifier rank as ``order`` (``capacity.allocation`` uses
the gemeentecode).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

METHODS: tuple[str, ...] = ("hamilton", "sainte-lague", "dhondt", "huntington-hill")
METHOD_LABELS: dict[str, dict[str, str]] = {
    "hamilton": {"nl": "Grootste overschot (Hamilton)", "en": "Largest remainder (Hamilton)"},
    "sainte-lague": {"nl": "Sainte-Laguë / Webster", "en": "Sainte-Laguë / Webster"},
    "dhondt": {"nl": "D'Hondt / Jefferson", "en": "D'Hondt / Jefferson"},
    "huntington-hill": {"nl": "Huntington-Hill", "en": "Huntington-Hill"},
}
_EPS = 1e-9  # tolerance for float noise in quotas (units are persons, so totals stay far below 1e6)


class InfeasibleBoundsError(ValueError):
    """Floors and caps cannot be met by the requested total."""


@dataclass(frozen=True)
class Apportionment:
    """Result: the fractional proportional ``quota`` next to the whole ``allocated`` number per unit.

    ``quota`` is the unbounded proportional share (total × w_i / Σw); ``bounded_quota`` is the continuous
    share after floors and caps (equal to ``quota`` without bounds). ``allocated`` sums exactly to the total.
    """

    quota: np.ndarray
    allocated: np.ndarray
    bounded_quota: np.ndarray | None = None
    method: str = "hamilton"

    @property
    def total(self) -> int:
        return int(self.allocated.sum())


# --------------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------------
def _as_weights(weights: ArrayLike) -> np.ndarray:
    w = np.asarray(weights, dtype=float).ravel()
    if w.size == 0:
        raise ValueError("no units to apportion over (empty weights)")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"weights must be finite numbers; {int((~np.isfinite(w)).sum())} are missing or infinite")
    if (w < 0).any():
        raise ValueError(f"weights must be non-negative; {int((w < 0).sum())} are negative")
    return w


def _as_total(total: object) -> int:
    if isinstance(total, bool):
        raise ValueError(f"total must be a whole number, got {total!r}")
    try:
        as_float = float(total)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"total must be a whole number, got {total!r}") from None
    if not np.isfinite(as_float) or as_float != int(as_float):
        raise ValueError(f"total must be a whole number, got {total!r}")
    if as_float < 0:
        raise ValueError(f"total must be at least 0, got {int(as_float)}")
    return int(as_float)


def _as_bound(values: ArrayLike | None, n: int, default: float, name: str) -> np.ndarray:
    if values is None:
        return np.full(n, default)
    b = np.asarray(values, dtype=float)
    if b.ndim == 0:
        b = np.full(n, float(b))
    b = b.ravel()
    if b.size != n:
        raise ValueError(f"{name} has {b.size} values for {n} units")
    if np.isnan(b).any():
        b = np.where(np.isnan(b), default, b)  # a missing bound means: no bound for that unit
    if (b < 0).any():
        raise ValueError(f"{name} must be non-negative")
    finite = np.isfinite(b)
    if (b[finite] != np.floor(b[finite])).any():
        raise ValueError(f"{name} must be whole numbers")
    return b


def check_bounds(total: int, floors: np.ndarray, caps: np.ndarray) -> None:
    """Raise :class:`InfeasibleBoundsError` with the numbers when no allocation can satisfy the bounds."""
    bad = np.flatnonzero(floors > caps)
    if bad.size:
        i = int(bad[0])
        raise InfeasibleBoundsError(
            f"floor above cap for {bad.size} unit(s), e.g. unit {i}: floor {floors[i]:.0f} > cap {caps[i]:.0f}"
        )
    sum_floors = float(floors.sum())
    if sum_floors > total:
        raise InfeasibleBoundsError(f"sum of floors {sum_floors:.0f} exceeds the total {total}")
    sum_caps = float(caps.sum())
    if sum_caps < total:
        raise InfeasibleBoundsError(f"sum of caps {sum_caps:.0f} is below the total {total}")


# --------------------------------------------------------------------------------------------------
# continuous bounded quota (water-filling)
# --------------------------------------------------------------------------------------------------
def bounded_quota(
    weights: ArrayLike, total: float, floors: ArrayLike | None = None, caps: ArrayLike | None = None
) -> np.ndarray:
    """Proportional shares of ``total`` clipped to [floor, cap], the excess redistributed by weight.

    Solves q_i = clip(λ·w_i, floor_i, cap_i) with Σq = total. Each round computes the proportional share of
    the free units; the side (caps or floors) with the larger violation is fixed at its bound — a fixed
    unit stays fixed in the solution — so it ends in at most n rounds. Units with zero weight only get
    what their floor (or, if everyone else is capped, the leftover) forces.
    """
    w = _as_weights(weights)
    n = w.size
    lo = _as_bound(floors, n, 0.0, "floors") if floors is not None else np.zeros(n)
    hi = _as_bound(caps, n, np.inf, "caps") if caps is not None else np.full(n, np.inf)
    if lo.sum() > total + _EPS or hi.sum() < total - _EPS:
        raise InfeasibleBoundsError(
            f"bounds infeasible: sum of floors {lo.sum():.0f}, sum of caps {hi.sum():.0f}, total {total:g}"
        )
    q = np.zeros(n)
    free = np.ones(n, dtype=bool)
    for _ in range(n + 1):
        remaining = total - q[~free].sum()
        wf = w[free].sum()
        if wf > 0:
            q[free] = remaining * w[free] / wf
        else:  # only zero-weight units left: spread the remainder evenly among them
            q[free] = remaining / max(int(free.sum()), 1)
        over = free & (q > hi + _EPS)
        under = free & (q < lo - _EPS)
        if not over.any() and not under.any():
            break
        excess = float((q[over] - hi[over]).sum())
        deficit = float((lo[under] - q[under]).sum())
        fix = over if excess >= deficit else under
        q[fix] = np.where(over[fix], hi[fix], lo[fix])
        free &= ~fix
        if not free.any():
            break
    return q


# --------------------------------------------------------------------------------------------------
# integer methods
# --------------------------------------------------------------------------------------------------
def tie_rank(order: ArrayLike) -> np.ndarray:
    """Position of each identifier in sorted order: the last tie-break of :func:`apportion`."""
    o = np.asarray(order).ravel()
    return _rank(o, o.size)


def _rank(order: ArrayLike | None, n: int) -> np.ndarray:
    if order is None:
        return np.arange(n)
    o = np.asarray(order).ravel()
    if o.size != n:
        raise ValueError(f"order has {o.size} values for {n} units")
    return np.argsort(np.argsort(o, kind="stable"), kind="stable")


def _hamilton(
    w: np.ndarray, total: int, lo: np.ndarray, hi: np.ndarray, rank: np.ndarray, q_bounded: np.ndarray
) -> np.ndarray:
    base = np.floor(q_bounded + _EPS)
    base = np.clip(base, lo, hi)
    frac = q_bounded - base
    missing = total - int(base.sum())
    if missing > 0:
        key = np.where(base < hi, frac, -np.inf)
        # larger remainder, then larger weight, then earlier rank
        base[_first(missing, rank, -w, -key)] += 1
    elif missing < 0:
        key = np.where(base > lo, frac, np.inf)
        base[_first(-missing, -rank, w, key)] -= 1
    return base.astype(np.int64)


def _first(k: int, tie2: np.ndarray, tie1: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Indices of the ``k`` smallest by (key, tie1, tie2) — ``np.lexsort`` order, without sorting all.

    Only units whose key is at most the k-th smallest can be chosen, so the lexsort runs over those
    candidates (usually a handful more than k) instead of all units: same result, less work.
    """
    n = key.size
    if k >= n:
        return np.lexsort((tie2, tie1, key))
    kth = np.partition(key, k - 1)[k - 1]
    cand = np.flatnonzero(key <= kth)
    return cand[np.lexsort((tie2[cand], tie1[cand], key[cand]))[:k]]


def _signpost(method: str) -> Callable[[np.ndarray], np.ndarray]:
    """d(a): the threshold a unit's quotient must pass to go from a to a+1 seats."""
    if method == "dhondt":
        return lambda a: a + 1.0
    if method == "sainte-lague":
        return lambda a: a + 0.5
    if method == "huntington-hill":
        return lambda a: np.sqrt(a * (a + 1.0))
    raise ValueError(method)


def _priority(w: np.ndarray, post: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(post > 0, w / np.where(post > 0, post, 1.0), np.where(w > 0, np.inf, 0.0))
    return p


def _divisor(
    w: np.ndarray, total: int, lo: np.ndarray, hi: np.ndarray, rank: np.ndarray, q_bounded: np.ndarray, method: str
) -> np.ndarray:
    post = _signpost(method)
    # start near the answer: round the bounded quota with this method's signposts (consistent with one
    # divisor for the free units), then add or remove single seats in priority order.
    x = q_bounded
    if method == "dhondt" and total > 0:
        # D'Hondt rounds down, so Σ floor(quota) falls ≈ n/2 short; the divisor that fits is ≈ Σw/(total + n/2).
        # Starting there leaves a handful of seats to move instead of hundreds.
        x = q_bounded * (1.0 + 0.5 * np.count_nonzero(w) / total)
    a = np.floor(x + _EPS)
    a = np.where(x > post(a) + _EPS, a + 1, a)
    if method == "huntington-hill":  # signpost 0 → any positive weight earns its first unit
        a = np.where((w > 0) & (a < 1), 1.0, a)
    a = np.clip(a, lo, hi)
    diff = total - int(a.sum())
    while diff > 0:
        eligible = a < hi
        p = _priority(w, post(a))
        # eligible first, then highest priority, larger weight, earlier rank
        order = np.lexsort((rank, -w, -p, ~eligible))[:diff]
        order = order[eligible[order]]
        if order.size == 0:  # pragma: no cover - excluded by check_bounds
            raise InfeasibleBoundsError(f"no unit can take {diff} more without breaking its cap")
        # a unit's *next* seat may outrank another unit's first: accept the prefix that stays in order
        nxt = np.where(a[order] + 1 < hi[order], _priority(w[order], post(a[order] + 1)), -np.inf)
        ok = np.ones(order.size, dtype=bool)
        ok[1:] = p[order][1:] > np.maximum.accumulate(nxt)[:-1]
        take = order[: int(np.argmin(ok)) if not ok.all() else order.size]
        a[take] += 1
        diff -= take.size
    while diff < 0:
        eligible = a > lo
        p = _priority(w, post(np.maximum(a - 1, 0)))  # the claim with which the last seat was won
        # eligible first, then lowest claim, smaller weight, later rank
        order = np.lexsort((-rank, w, p, ~eligible))[:-diff]
        order = order[eligible[order]]
        if order.size == 0:  # pragma: no cover - excluded by check_bounds
            raise InfeasibleBoundsError(f"no unit can give up {-diff} without going below its floor")
        prev = np.where(a[order] - 1 > lo[order], _priority(w[order], post(np.maximum(a[order] - 2, 0))), np.inf)
        ok = np.ones(order.size, dtype=bool)
        ok[1:] = p[order][1:] < np.minimum.accumulate(prev)[:-1]
        take = order[: int(np.argmin(ok)) if not ok.all() else order.size]
        a[take] -= 1
        diff += take.size
    # guard against float noise in the start: no unit may hold a seat with a weaker claim than a seat
    # another unit is denied (the defining property of a divisor method); swap until that holds
    for _ in range(a.size * 4):
        gain = np.where(a < hi, _priority(w, post(a)), -np.inf)
        lose = np.where(a > lo, _priority(w, post(np.maximum(a - 1, 0))), np.inf)
        i, j = int(np.argmax(gain)), int(np.argmin(lose))
        if i == j or not gain[i] > lose[j] * (1 + 1e-12):
            break
        a[i] += 1
        a[j] -= 1
    return a.astype(np.int64)


def apportion(
    weights: ArrayLike,
    total: int,
    method: str = "hamilton",
    floors: ArrayLike | None = None,
    caps: ArrayLike | None = None,
    order: ArrayLike | None = None,
    *,
    rank: np.ndarray | None = None,
) -> Apportionment:
    """Whole numbers per unit, proportional to ``weights``, summing exactly to ``total``.

    ``floors``/``caps``: whole-number minimum/maximum per unit (scalar or one per unit; NaN/inf = none).
    ``order``: sortable identifiers used as the last tie-break (default: input position). ``rank``: the
    same already computed (``tie_rank(order)``), so callers that apportion the same units many times
    sort the identifiers once.
    Raises ``ValueError`` for bad input and :class:`InfeasibleBoundsError` for impossible bounds.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    w = _as_weights(weights)
    total = _as_total(total)
    n = w.size
    lo = _as_bound(floors, n, 0.0, "floors")
    hi = _as_bound(caps, n, np.inf, "caps")
    check_bounds(total, lo, hi)
    wsum = w.sum()
    if wsum <= 0 and total > lo.sum():
        raise ValueError("all weights are zero: nothing to divide the total by")
    quota = total * w / wsum if wsum > 0 else np.zeros(n)
    q_bounded = bounded_quota(w, total, lo, hi) if (lo.any() or np.isfinite(hi).any()) else quota
    rank = _rank(order, n) if rank is None else rank
    if method == "hamilton":
        alloc = _hamilton(w, total, lo, hi, rank, q_bounded)
    else:
        alloc = _divisor(w, total, lo, hi, rank, q_bounded, method)
    return Apportionment(quota=quota, allocated=alloc, bounded_quota=q_bounded, method=method)


def round_shares(weights: ArrayLike, decimals: int = 5, order: ArrayLike | None = None) -> np.ndarray:
    """Percentages with ``decimals`` decimals that add up to exactly 100 (GWK style for the Königstein key).

    The 100 × 10^decimals units of the last decimal are apportioned by largest remainder, so every share is
    within one unit of its exact value and the sum is exact (the GWK publishes 5 decimals; how it rounds the
    last digit is unverified, METHODS.md). Returns floats rounded to ``decimals``.
    """
    if not isinstance(decimals, int | np.integer) or not 0 <= decimals <= 9:
        raise ValueError(f"decimals must be a whole number from 0 to 9, got {decimals!r}")
    units = 100 * 10 ** int(decimals)
    res = apportion(weights, units, "hamilton", order=order)
    return np.round(res.allocated / 10 ** int(decimals), int(decimals))
