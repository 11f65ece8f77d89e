"""A national richtgetal divided over gemeenten in whole numbers: key shares → exact allocation.

On top of :func:`capacity.apportion.apportion` this adds what the WRR-style richtgetal needs:

- bounds per gemeente: a minimum (``floor``, only for gemeenten with a positive key share, so a key that
  excludes a gemeente also exempts it from the minimum), an absolute ``cap`` and/or a cap per 1,000
  inhabitants (``cap_per_1000``, rounded down to whole persons); the excess is redistributed by the key;
- voluntary pledges: a gemeente that pledges gets exactly its pledge, the rest of the total is divided by
  the key over the others; ``key_allocated`` is the allocation without pledges and ``deviation`` the
  difference, so a pledge shows as a deviation from the key (non-binding by design);
- carry-over between periods: a previous period's ``target`` minus ``realised`` becomes a ``backlog``
  (achterstand, positive) or a surplus (voorsprong, negative) added to this period's number. The Dutch
  taakstelling adds achterstand; whether voorsprong is subtracted is unverified (METHODS.md), hence the
  ``carry_surplus`` switch;
- the German corridor: a richtgetal given as a range is allocated at both ends;
- persons already housed count toward the obligation (FlüAG NRW § 3(3)): with ``housed`` the number
  due is max(0, share × (total + Σ housed) − housed), the positive parts scaled so the total holds.

Ties are broken by larger weight, then by gemeentecode (see ``capacity.apportion``), so results do not
depend on row order.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from capacity.apportion import InfeasibleBoundsError, apportion, tie_rank


def _clean_shares(shares: pd.Series) -> pd.Series:
    if not isinstance(shares, pd.Series):
        raise ValueError("shares must be a pandas Series indexed by gemeentecode")
    if shares.index.has_duplicates:
        dup = shares.index[shares.index.duplicated()]
        raise ValueError(f"duplicate codes in shares: {sorted(map(str, dup))[:5]}")
    values = shares.to_numpy()
    if values.dtype.kind not in "fiu":
        values = pd.to_numeric(shares, errors="coerce").to_numpy()
    v = values.astype(float, copy=False)
    bad = int((~np.isfinite(v) | (v < 0)).sum())
    if bad:
        raise ValueError(f"shares must be finite and non-negative; {bad} are not")
    total = v.sum()
    if total <= 0:
        raise ValueError("shares sum to zero")
    index = shares.index
    if index.name != "gemeentecode" or not pd.api.types.is_string_dtype(index):
        index = pd.Index(index.astype(str), name="gemeentecode")
    return pd.Series(v / total, index=index, name="share")


@lru_cache(maxsize=32)
def _code_rank(codes: tuple[str, ...]) -> np.ndarray:
    """Tie-break rank of the gemeentecodes, sorted once per set of units (not per allocation)."""
    return tie_rank(np.asarray(codes))


def code_rank(index: pd.Index) -> np.ndarray:
    """The last tie-break of every allocation: position of each gemeentecode in sorted order."""
    return _code_rank(tuple(index))


def allocate_array(
    share: np.ndarray,
    total: int,
    rank: np.ndarray,
    *,
    method: str = "hamilton",
    lo: np.ndarray | None = None,
    hi: np.ndarray | None = None,
) -> np.ndarray:
    """The engine behind :func:`allocate` on plain arrays: whole persons per unit, exact sum.

    For callers that allocate the same units many times (scenario sweeps, the flow model, Monte Carlo
    over keys): prepare ``rank = code_rank(index)`` and the bounds once, then call this per scenario —
    no pandas on the way, so one call costs what the apportionment itself costs.
    """
    return apportion(share, total, method, floors=lo, caps=hi, rank=rank).allocated


def allocate_sweep(
    shares: np.ndarray,
    totals: np.ndarray,
    rank: np.ndarray,
    *,
    method: str = "hamilton",
    lo: np.ndarray | None = None,
    hi: np.ndarray | None = None,
) -> np.ndarray:
    """Many scenarios over the same units at once: ``shares`` (scenarios × units, rows summing to 1),
    ``totals`` (one whole number per scenario) → whole persons (scenarios × units), each row exact.

    Unbounded Hamilton — the workshop default — runs vectorised over all scenarios (floor, then the
    largest remainders per row with the same tie-break as :func:`apportion`: remainder, weight, code);
    other methods and bounded scenarios go through :func:`allocate_array` row by row.
    """
    w = np.atleast_2d(np.asarray(shares, dtype=float))
    t = np.asarray(totals, dtype=np.int64).ravel()
    if w.shape[0] == 1 and t.size > 1:
        w = np.broadcast_to(w, (t.size, w.shape[1]))
    if w.shape[0] != t.size:
        raise ValueError(f"{w.shape[0]} share rows for {t.size} totals")
    if method != "hamilton" or lo is not None or hi is not None:
        return np.vstack([allocate_array(w[i], int(t[i]), rank, method=method, lo=lo, hi=hi) for i in range(t.size)])
    quota = w / w.sum(axis=1, keepdims=True) * t[:, None]
    base = np.floor(quota + 1e-9)
    frac = quota - base
    missing = t - base.sum(axis=1).astype(np.int64)
    # stable sorts from the last key to the first = lexsort((rank, -w, -frac)) per row
    order = np.broadcast_to(np.argsort(rank, kind="stable"), w.shape)
    order = np.take_along_axis(order, np.argsort(-np.take_along_axis(w, order, 1), axis=1, kind="stable"), 1)
    order = np.take_along_axis(order, np.argsort(-np.take_along_axis(frac, order, 1), axis=1, kind="stable"), 1)
    gets_one = np.arange(w.shape[1])[None, :] < missing[:, None]
    np.put_along_axis(base, order, np.take_along_axis(base, order, 1) + gets_one, 1)
    return base.astype(np.int64)


def _aligned(values: pd.Series | None, index: pd.Index, name: str) -> pd.Series | None:
    if values is None:
        return None
    if not isinstance(values, pd.Series):
        raise ValueError(f"{name} must be a pandas Series indexed by gemeentecode")
    v = pd.to_numeric(values, errors="coerce").astype(float)
    v.index = v.index.astype(str)
    unknown = v.index.difference(index)
    if len(unknown):
        raise ValueError(f"{name}: unknown gemeentecode(s) {sorted(unknown)[:5]}")
    return v.reindex(index)


def _whole(values: pd.Series, name: str) -> pd.Series:
    present = values.dropna()
    if (present < 0).any() or (present != np.floor(present)).any() or not np.isfinite(present).all():
        raise ValueError(f"{name} must be whole numbers ≥ 0")
    return values


def _bounds(
    share: pd.Series, floor: int | None, cap: int | None, cap_per_1000: float | None, population: pd.Series | None
) -> tuple[np.ndarray | None, np.ndarray | None]:
    n = len(share)
    lo = None
    if floor is not None:
        if floor < 0 or int(floor) != floor:
            raise ValueError(f"floor must be a whole number ≥ 0, got {floor}")
        lo = np.where(share.to_numpy() > 0, float(floor), 0.0)
    hi = None
    if cap is not None:
        if cap < 0 or int(cap) != cap:
            raise ValueError(f"cap must be a whole number ≥ 0, got {cap}")
        hi = np.full(n, float(cap))
    if cap_per_1000 is not None:
        if not np.isfinite(cap_per_1000) or cap_per_1000 < 0:
            raise ValueError(f"cap per 1,000 inhabitants must be a number ≥ 0, got {cap_per_1000}")
        if population is None:
            raise ValueError("a cap per 1,000 inhabitants needs the population per gemeente")
        if population.isna().any():
            raise ValueError(f"population missing for {int(population.isna().sum())} gemeenten")
        rel = np.floor(cap_per_1000 * population.to_numpy(dtype=float) / 1000.0 + 1e-9)
        hi = rel if hi is None else np.minimum(hi, rel)
    return lo, hi


def _check_floor_below_cap(codes: pd.Index, lo: np.ndarray | None, hi: np.ndarray | None) -> None:
    if lo is None or hi is None:
        return
    bad = np.flatnonzero(lo > hi)
    if bad.size:
        i = int(bad[0])
        raise InfeasibleBoundsError(
            f"the minimum {lo[i]:.0f} is above the cap for {bad.size} gemeente(n), e.g. {codes[i]} (cap {hi[i]:.0f})"
        )


def _apportion_frame(
    share: pd.Series, total: int, method: str, lo: np.ndarray | None, hi: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    res = apportion(share.to_numpy(), total, method, floors=lo, caps=hi, rank=code_rank(share.index))
    return res.quota, res.allocated


def allocate(
    shares: pd.Series,
    total: int,
    *,
    method: str = "hamilton",
    floor: int | None = None,
    cap: int | None = None,
    cap_per_1000: float | None = None,
    population: pd.Series | None = None,
    pledges: pd.Series | None = None,
    previous_realisation: pd.DataFrame | None = None,
    carry_surplus: bool = True,
    housed: pd.Series | None = None,
) -> pd.DataFrame:
    """Whole persons per gemeente summing exactly to ``total`` (index gemeentecode).

    Columns: ``share`` (key share), ``quota`` (total × share, fractional), ``allocated``; with
    ``population``: ``inwoners`` and ``allocated_per_1000``; with ``pledges``: ``pledge`` (NaN = none),
    ``key_allocated`` (without pledges) and ``deviation`` (allocated − key_allocated); with
    ``previous_realisation`` (columns ``target`` and ``realised``, indexed by or with a gemeentecode column):
    ``backlog`` (+ achterstand / − voorsprong) and ``target`` (allocated + backlog, never below 0); with
    ``housed`` (persons already housed per gemeente): ``housed`` and the allocation nets them out.
    """
    share = _clean_shares(shares)
    key_share = share
    if housed is not None:
        share = _net_of_housed(share, housed, total)
    from capacity.apportion import _as_total

    total = _as_total(total)
    pop = _aligned(population, share.index, "population")
    lo, hi = _bounds(share, floor, cap, cap_per_1000, pop)
    _check_floor_below_cap(share.index, lo, hi)
    quota, key_alloc = _apportion_frame(share, total, method, lo, hi)
    out = pd.DataFrame({"share": key_share, "quota": quota, "allocated": key_alloc}, index=share.index)
    if housed is not None:
        out.insert(1, "housed", _whole(_aligned(housed, share.index, "housed"), "housed").fillna(0).astype(np.int64))

    if pledges is not None:
        pledge = _whole(_aligned(pledges, share.index, "pledges"), "pledges")
        pledged = pledge.notna().to_numpy()
        pledged_sum = int(pledge.sum())
        if pledged_sum > total:
            raise ValueError(f"pledges sum to {pledged_sum}, above the total {total}")
        alloc = np.zeros(len(share), dtype=np.int64)
        alloc[pledged] = pledge.to_numpy()[pledged].astype(np.int64)
        rest = total - pledged_sum
        others = share[~pledged]
        if len(others) == 0 and rest > 0:
            raise ValueError(f"every gemeente pledged, but the pledges leave {rest} of the total {total} unallocated")
        if len(others):
            if rest > 0 and others.sum() <= 0:
                raise ValueError(f"{rest} persons left after the pledges but no other gemeente has a key share")
            sub_lo = None if lo is None else lo[~pledged]
            sub_hi = None if hi is None else hi[~pledged]
            _, sub = _apportion_frame(others, rest, method, sub_lo, sub_hi)
            alloc[~pledged] = sub
        out["pledge"] = pledge
        out["key_allocated"] = key_alloc
        out["allocated"] = alloc
        out["deviation"] = alloc - key_alloc

    if previous_realisation is not None:
        backlog = _carry_over(previous_realisation, share.index, carry_surplus)
        out["backlog"] = backlog
        out["target"] = np.maximum(out["allocated"].to_numpy() + backlog.to_numpy(), 0).astype(np.int64)

    if pop is not None:
        out["inwoners"] = pop
        with np.errstate(divide="ignore", invalid="ignore"):
            out["allocated_per_1000"] = np.where(pop > 0, out["allocated"] / pop * 1000.0, np.nan)
    out.attrs.update(
        total=total,
        method=method,
        floor=floor,
        cap=cap,
        cap_per_1000=cap_per_1000,
        key=getattr(shares, "attrs", {}).get("key"),
    )
    return out


def _net_of_housed(share: pd.Series, housed: pd.Series, total: int) -> pd.Series:
    """Shares of what is still due once persons already housed count toward the obligation."""
    h = _whole(_aligned(housed, share.index, "housed"), "housed").fillna(0.0)
    due = np.maximum(0.0, share * (float(total) + float(h.sum())) - h)
    if due.sum() <= 0:
        raise ValueError("every gemeente has already housed at least its share; nothing left to allocate")
    return (due / due.sum()).rename("share")


def _carry_over(previous: pd.DataFrame, index: pd.Index, carry_surplus: bool) -> pd.Series:
    """target − realised of the previous period per gemeente (missing gemeente: nothing carried over)."""
    if not isinstance(previous, pd.DataFrame):
        raise ValueError("previous realisation must be a table with columns target and realised")
    table = previous.set_index("gemeentecode") if "gemeentecode" in previous.columns else previous
    missing = {"target", "realised"} - set(table.columns)
    if missing:
        raise ValueError(f"previous realisation lacks columns {sorted(missing)}")
    target = _whole(_aligned(table["target"], index, "previous target"), "previous target")
    realised = _whole(_aligned(table["realised"], index, "previous realised"), "previous realised")
    backlog = (target - realised).fillna(0.0)
    if not carry_surplus:
        backlog = backlog.clip(lower=0.0)
    return backlog.astype(np.int64).rename("backlog")


def allocate_corridor(shares: pd.Series, low: int, high: int, **kw) -> pd.DataFrame:
    """Allocation at both ends of a richtgetal range (e.g. 180,000–220,000) and the band per gemeente.

    ``band`` = allocated_high − allocated_low. With Hamilton a band can in principle be negative for a
    gemeente (Alabama paradox); divisor methods are house-monotone, so their bands never are.
    """
    from capacity.apportion import _as_total

    low, high = _as_total(low), _as_total(high)
    if low > high:
        raise ValueError(f"corridor low end {low} is above the high end {high}")
    a = allocate(shares, low, **kw)
    b = allocate(shares, high, **kw)
    out = pd.DataFrame(
        {
            "share": a["share"],
            "quota_low": a["quota"],
            "quota_high": b["quota"],
            "allocated_low": a["allocated"],
            "allocated_high": b["allocated"],
        }
    )
    out["band"] = out["allocated_high"] - out["allocated_low"]
    if "inwoners" in a.columns:
        out["inwoners"] = a["inwoners"]
    out.attrs.update(low=low, high=high, **{k: v for k, v in a.attrs.items() if k != "total"})
    return out


COUNT_COLUMNS = (
    "allocated",
    "amv",
    "housed",
    "quota",
    "key_allocated",
    "pledge",
    "deviation",
    "backlog",
    "target",
    "allocated_low",
    "allocated_high",
    "band",
    "dwellings",
    "school_places_po",
    "school_places_vo",
    "inburgering_trajects",
    "annual_cost_eur",
)


def aggregate_to_regions(alloc: pd.DataFrame, lookup: pd.DataFrame, layer: str, population: pd.Series) -> pd.DataFrame:
    """Sums per region of ``layer`` plus ``<count>_per_1000`` inhabitants and the summed key share.

    Uses ``capacity.regions.aggregate``: a gemeente belongs to the region covering most of its area.
    """
    from capacity.regions import aggregate

    counts = [c for c in COUNT_COLUMNS if c in alloc.columns]
    if "share" in alloc.columns:
        counts.append("share")
    if not counts:
        raise ValueError("allocation table has no count columns to aggregate")
    values = alloc[counts].copy()
    if "pledge" in values.columns:
        values["pledge"] = values["pledge"].fillna(0.0)
    values.index = values.index.astype(str)
    pop = population.copy()
    pop.index = pop.index.astype(str)
    out = aggregate(values, lookup, layer, pop, counts=counts)
    return out.drop(columns=["share_per_1000"], errors="ignore")
