"""Richtgetal scenario computation (pure): a validated ``capacity.scenario.Scenario`` → allocation table
with needs, the population-key and key-B comparisons, the floor/cap sums behind an infeasible scenario,
the exported columns and the pledges file parser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from capacity.allocation import _bounds, allocate, allocate_corridor
from capacity.apportion import InfeasibleBoundsError
from capacity.keys import key_shares, split_subgroups
from capacity.needs import compute_needs
from capacity.scenario import (
    POPULATION_COLUMN,
    POPULATION_KEY,
    Scenario,
    key_preset,
    scenario_total,
)
from capacity.variables import result_columns
from geodata.importer.simple import read_pledges


@dataclass(frozen=True)
class Bounds:
    """Σ floors and Σ caps the scenario implies (as the engine applies them), for a message when they
    cannot meet the total."""

    sum_floors: float
    sum_caps: float


def implied_bounds(scenario: Scenario, population: pd.Series, shares: pd.Series) -> Bounds:
    """Σ floors and Σ caps exactly as ``capacity.allocation`` applies them: the floor only where the key
    share is above zero, the cap per 1,000 inhabitants rounded down per gemeente."""
    share = shares.reindex(population.index).fillna(0.0)
    lo, hi = _bounds(
        share, scenario.floor or None, scenario.cap or None, scenario.cap_per_1000 or None, population.astype(float)
    )
    return Bounds(
        sum_floors=float(lo.sum()) if lo is not None else 0.0,
        sum_caps=float(hi.sum()) if hi is not None else math.inf,
    )


def bounds_infeasible(scenario: Scenario, bounds: Bounds) -> bool:
    total = scenario_total(scenario)
    return bounds.sum_floors > total or bounds.sum_caps < total


class ScenarioInfeasibleError(InfeasibleBoundsError):
    """Floors/caps (or pledges) cannot meet the total; ``bounds`` are the sums the engine used."""

    def __init__(self, message: str, bounds: Bounds) -> None:
        super().__init__(message)
        self.bounds = bounds


@dataclass(frozen=True)
class ExtraInputs:
    """Imported key inputs for ``compute_scenario(extra=...)`` and what was left out.

    ``ses_missing``: gemeenten without an imported SES-WOA value; when > 0 the import is not used and the
    spreidingswet key falls back to its labelled proxy (the key refuses an incomplete column).
    """

    extra: pd.DataFrame | None
    ses_missing: int = 0
    ses_used: bool = False


def build_extra(
    codes: pd.Index, ses_woa: pd.Series | None = None, indicators: pd.DataFrame | None = None
) -> ExtraInputs:
    """One table of imported inputs by gemeentecode: SES-WOA (only when complete) and uploaded columns."""
    codes = pd.Index(codes.astype(str), name="gemeentecode")
    parts: dict[str, pd.Series] = {}
    missing = 0
    if ses_woa is not None:
        ses = pd.to_numeric(ses_woa, errors="coerce").rename(index=str).reindex(codes)
        missing = int(ses.isna().sum())
        if missing == 0:
            parts["ses_woa"] = ses
    if indicators is not None:
        table = indicators.rename(index=str).reindex(codes)
        for col in table.columns:
            parts[str(col)] = pd.to_numeric(table[col], errors="coerce")
    extra = pd.DataFrame(parts, index=codes) if parts else None
    return ExtraInputs(extra=extra, ses_missing=missing, ses_used="ses_woa" in parts)


def _allocate_kwargs(
    scenario: Scenario, population: pd.Series, pledges: pd.Series | None, previous: pd.DataFrame | None = None
) -> dict[str, Any]:
    kw: dict[str, Any] = {"method": scenario.method, "population": population}
    preset = key_preset(scenario.key)
    if scenario.use_previous and previous is not None and preset is not None and preset.housed_counts:
        prev = previous.set_index("gemeentecode") if "gemeentecode" in previous.columns else previous
        kw["housed"] = prev["realised"].rename(index=str)  # FlüAG NRW § 3(3): housed persons count
    elif scenario.use_previous and previous is not None:
        kw["previous_realisation"] = previous
        kw["carry_surplus"] = scenario.carry_surplus
    if scenario.floor:
        kw["floor"] = scenario.floor
    if scenario.cap:
        kw["cap"] = scenario.cap
    if scenario.cap_per_1000:
        kw["cap_per_1000"] = scenario.cap_per_1000
    if scenario.use_pledges and pledges is not None:
        kw["pledges"] = pledges
    return kw


@dataclass(frozen=True)
class ScenarioResult:
    """Per gemeente (index gemeentecode): names, share, quota, ``allocated`` (a corridor: its upper end and
    ``allocated_low``/``allocated_high``), per 1,000 inhabitants, needs, deviation from the population
    key and the difference to key B."""

    table: pd.DataFrame
    total: int
    shares_attrs: dict[str, Any]


def scenario_shares(
    scenario: Scenario,
    kwb: pd.DataFrame,
    *,
    extra: pd.DataFrame | None = None,
    load: pd.Series | None = None,
    user_directions: Mapping[str, int] | None = None,
) -> pd.Series:
    """The key shares of the scenario's key (with its parameters), indexed by gemeentecode."""
    return key_shares(
        scenario.key, kwb, params=scenario.key_params or None, extra=extra, load=load, user_directions=user_directions
    )


def compute_scenario(
    scenario: Scenario,
    kwb: pd.DataFrame,
    *,
    extra: pd.DataFrame | None = None,
    load: pd.Series | None = None,
    pledges: pd.Series | None = None,
    previous: pd.DataFrame | None = None,
    user_directions: Mapping[str, int] | None = None,
) -> ScenarioResult:
    """Allocate the scenario's total (or corridor) with its key, plus the population-key and key-B runs.

    The allocation is exactly ``python -m capacity allocate`` with the same key, total, rounding and
    bounds. The comparison runs (population key, key B) divide the same total with the same rounding, cap
    and pledges but *without the floor*: a floor belongs to the chosen key (Norway's 10 per gemeente with
    a positive share) and would make the population key infeasible where the chosen key is not.

    ``previous`` (columns ``target``, ``realised``) is used when ``scenario.use_previous``: the table then
    has ``previous_target``, ``previous_realised``, ``backlog`` and ``target`` (allocated + backlog), and
    the needs follow ``target`` — as ``python -m capacity allocate --previous``. ``user_directions``:
    uploaded columns of ``extra`` a custom key may weight. Raises :class:`ScenarioInfeasibleError` (an
    ``InfeasibleBoundsError``) when floors/caps cannot meet the total, and ValueError/KeyError for bad key
    parameters.
    """
    population = kwb.set_index("gemeentecode")[POPULATION_COLUMN].astype(float)
    kw = _allocate_kwargs(scenario, population, pledges, previous)
    shares = scenario_shares(scenario, kwb, extra=extra, load=load, user_directions=user_directions)
    total = scenario_total(scenario)
    try:
        table = allocate(shares, total, **kw)
        if scenario.mode == "corridor":
            band = allocate_corridor(shares, scenario.low, scenario.high, **kw)
            table = table.join(band[[c for c in band.columns if c not in table.columns]])
    except InfeasibleBoundsError as exc:
        raise ScenarioInfeasibleError(str(exc), implied_bounds(scenario, population, shares)) from exc
    if "backlog" in table.columns and previous is not None:
        prev = previous.set_index("gemeentecode") if "gemeentecode" in previous.columns else previous
        prev = prev.rename(index=str)
        table.insert(table.columns.get_loc("backlog"), "previous_target", prev["target"].reindex(table.index))
        table.insert(table.columns.get_loc("backlog"), "previous_realised", prev["realised"].reindex(table.index))
    table = table.join(split_subgroups(scenario.key, table["allocated"], scenario.key_params or None))
    basis = table["target"].astype(float) if "target" in table.columns else table["allocated"]
    needs = compute_needs(basis)
    table = table.join(needs[[c for c in needs.columns if c not in table.columns]])
    other_kw = {k: v for k, v in kw.items() if k not in ("previous_realisation", "carry_surplus", "housed", "floor")}

    def _alloc(key_id: str) -> pd.Series:
        other = key_shares(key_id, kwb, extra=extra, load=load)
        return allocate(other, total, **other_kw)["allocated"]

    same_as_population = scenario.key == POPULATION_KEY and not scenario.params and not scenario.floor
    pop_alloc = table["allocated"] if same_as_population else _alloc(POPULATION_KEY)
    table["deviation_population"] = table["allocated"] - pop_alloc.reindex(table.index)
    if scenario.key_b:
        table["allocated_b"] = _alloc(scenario.key_b).reindex(table.index)
        table["difference_b"] = table["allocated_b"] - table["allocated"]
    names = kwb.set_index("gemeentecode")["gemeentenaam"]
    table.insert(0, "gemeentenaam", names.reindex(table.index))
    table.index.name = "gemeentecode"
    table.attrs = {"key": scenario.key, "total": total, "mode": scenario.mode}
    return ScenarioResult(table=table, total=total, shares_attrs=dict(shares.attrs))


#: result column → (Dutch header, English header, decimals on screen): a view of ``capacity.variables``.
RESULT_COLUMNS: dict[str, tuple[str, str, int]] = result_columns()
RESULT_HEADERS_NL = {"gemeentecode": "Gemeentecode", **{c: v[0] for c, v in RESULT_COLUMNS.items()}}


def export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The allocation table as exported (CSV/XLSX): known columns in a fixed order, share in percent."""
    cols = [c for c in RESULT_COLUMNS if c in table.columns]
    out = table[cols].copy()
    out["share"] = out["share"] * 100
    return out


def parse_pledges_csv(raw: bytes, codes: pd.Index) -> pd.Series:
    """Pledges from a small CSV (columns ``gemeentecode`` and ``toezegging``; ``;`` or ``,``), read by the
    importer's bounded table reader (same number rules as uploads). ``ValueError`` with a Dutch reason."""
    return read_pledges(raw, codes)
