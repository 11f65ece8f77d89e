"""Richtgetal flow model: from a national asylum inflow to reception places, status holders and homes.

Two layers, both transparent and parameterised (``capacity.flow_params``):

1. **National stock-and-flow by half-year**, in whole persons so that every balance holds exactly.
   Per half-year ``t`` (all outflows act on the stock at the *start* of the period; people arriving
   during a period can leave from the next one, so the mean stay equals the delay parameter):

   - inflow ``I_t``: the richtgetal (first applications per year) split over its two half-years;
   - decisions ``D_t = round(d × W_t)`` with ``d = 6 / processing_months`` (first-order delay);
   - granted ``G_t = round(grant_rate × D_t)``; rejected ``R_t = D_t − G_t`` leave reception
     (assumption: the departure period is not modelled);
   - family members ``N_t = round(family_ratio × G_{t−lag})`` (grants before the start are taken
     equal to the first period's grants);
   - status holders housed ``H_t = round(h × A_t)`` with ``h = 6 / housing_wait_months``;
   - stocks: waiting ``W_{t+1} = W_t + I_t − D_t``, awaiting a home ``A_{t+1} = A_t + G_t + N_t − H_t``;
     reception occupancy ``W + A`` (family members are assumed to join the reception queue).

   Rounding is monotone and the delays are ≤ 1 per half-year, so a higher inflow never lowers any
   later stock or flow. The start is either the equilibrium of the first period's inflow (default:
   isolates the effect of the richtgetal) or the observed stocks in the parameter registry.

2. **Per gemeente**, through the allocation engine (keys + apportionment into whole numbers that
   add up exactly to each national figure): reception places (Spreidingswet-style key on the
   end-of-period occupancy), the half-yearly housing task (taakstelling-style key on ``G_t + N_t``)
   with carry-over of backlog (achterstand) to the next half-year, and the needs that follow
   (``capacity.needs.compute_needs`` on the persons to house).

The default apportionment is Sainte-Laguë: divisor methods are house-monotone (METHODS.md,
Balinski & Young), so a higher richtgetal never lowers any gemeente's number; Hamilton can
(Alabama paradox). See ``docs/METHODS.md`` for the key and apportionment sources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from capacity.flow_params import BAND_PARAMETERS, get_parameter, resolve_params

HALF_YEAR_MONTHS = 6.0
Start = Literal["equilibrium", "observed"]
START_MODES: tuple[str, ...] = ("equilibrium", "observed")
DEFAULT_METHOD = "sainte-lague"
MAX_YEARS = 30
MAX_RICHTGETAL = 10_000_000

NATIONAL_COLUMNS: tuple[str, ...] = (
    "inflow",
    "decisions",
    "other_exits",
    "granted",
    "rejected",
    "rejected_left",
    "family",
    "to_house",
    "housed_from_reception",
    "housed",
    "waiting_start",
    "waiting_end",
    "rejected_start",
    "rejected_end",
    "awaiting_home_start",
    "awaiting_home_end",
    "occupancy_end",
)
NATIONAL_LABELS_NL: dict[str, str] = {
    "inflow": "Asielinstroom (eerste aanvragen)",
    "decisions": "Besluiten IND (eerste aanleg)",
    "other_exits": "Uitstroom IND-voorraad zonder besluit",
    "granted": "Inwilligingen (nieuwe statushouders)",
    "rejected": "Afwijzingen",
    "rejected_left": "Vertrek afgewezenen uit opvang",
    "family": "Nareizigers",
    "to_house": "Te huisvesten (taakstelling)",
    "housed_from_reception": "Gehuisvest uit de opvang",
    "housed": "Gehuisvest (incl. nareizigers)",
    "waiting_start": "Wachtend op besluit (begin)",
    "waiting_end": "Wachtend op besluit (eind)",
    "rejected_start": "Afgewezenen in opvang (begin)",
    "rejected_end": "Afgewezenen in opvang (eind)",
    "awaiting_home_start": "Statushouders in opvang (begin)",
    "awaiting_home_end": "Statushouders in opvang (eind)",
    "occupancy_end": "Bezetting COA-opvang (eind)",
}
NATIONAL_LABELS_EN: dict[str, str] = {
    "inflow": "Asylum inflow (first applications)",
    "decisions": "IND first-instance decisions",
    "other_exits": "Exits from the IND stock without a decision",
    "granted": "Permits granted (new status holders)",
    "rejected": "Rejections",
    "rejected_left": "Rejected applicants leaving reception",
    "family": "Family members following",
    "to_house": "To house (housing task)",
    "housed_from_reception": "Housed from reception",
    "housed": "Housed (incl. family members)",
    "waiting_start": "Awaiting decision (start)",
    "waiting_end": "Awaiting decision (end)",
    "rejected_start": "Rejected applicants in reception (start)",
    "rejected_end": "Rejected applicants in reception (end)",
    "awaiting_home_start": "Status holders in reception (start)",
    "awaiting_home_end": "Status holders in reception (end)",
    "occupancy_end": "COA reception occupancy (end)",
}
GEMEENTE_LABELS_EN: dict[str, str] = {
    "reception_places": "Reception places",
    "task": "Housing task (new)",
    "due": "Housing task incl. backlog",
    "housed": "Housed",
    "backlog": "Backlog (end)",
}
GEMEENTE_LABELS_NL: dict[str, str] = {
    "reception_places": "Opvangplaatsen",
    "task": "Taakstelling (nieuw)",
    "due": "Taakstelling incl. achterstand",
    "housed": "Gehuisvest",
    "backlog": "Achterstand (eind)",
}


# --- inputs ------------------------------------------------------------------------------------
def yearly_path(richtgetal: int | Sequence[int], years: int) -> np.ndarray:
    """Richtgetal per year as int64: a constant, or one value per year."""
    if isinstance(years, bool) or not isinstance(years, int | np.integer) or not 1 <= years <= MAX_YEARS:
        raise ValueError(f"aantal jaren moet een geheel getal van 1 tot en met {MAX_YEARS} zijn, niet {years!r}")
    values = [richtgetal] if np.isscalar(richtgetal) else list(richtgetal)
    if not values:
        raise ValueError("geen richtgetal opgegeven")
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating) or v != v:
            raise ValueError(f"richtgetal moet een getal zijn, niet {v!r}")
        if not 0 <= v <= MAX_RICHTGETAL or float(v) != int(v):
            raise ValueError(f"richtgetal moet een geheel getal van 0 tot {MAX_RICHTGETAL:,} zijn, niet {v!r}")
    if len(values) == 1:
        values = values * years
    if len(values) != years:
        raise ValueError(f"een pad van het richtgetal moet {years} waarden hebben (één per jaar), niet {len(values)}")
    return np.asarray(values, dtype=np.int64)


def half_year_inflow(yearly: np.ndarray) -> np.ndarray:
    """Split each year's number over its two half-years (first half gets the odd person) — exact sums."""
    first = (yearly + 1) // 2
    return np.column_stack([first, yearly - first]).ravel()


def period_labels(n_periods: int, start_year: int) -> list[str]:
    return [f"{start_year + t // 2}-{'I' if t % 2 == 0 else 'II'}" for t in range(n_periods)]


def _round(x: np.ndarray | float) -> np.ndarray:
    """Half-up rounding of non-negative amounts (monotone, unlike numpy's round-half-even)."""
    return np.floor(np.asarray(x, dtype=float) + 0.5).astype(np.int64)


# --- 1. national model -------------------------------------------------------------------------
@dataclass(frozen=True)
class StartStocks:
    """Stocks at the start of the first half-year (whole persons) and, for an observed start, their dates."""

    waiting: int
    rejected: int
    awaiting_home: int
    backlog: int
    dates: dict[str, str] = field(default_factory=dict)  # stock -> ISO date of the published figure
    exact: bool = True  # all stocks published for 1 January of the start year


def observed_start(start_year: int, params: Mapping[str, float] | None = None) -> StartStocks:
    """Stocks of 1 January ``start_year`` from the published table (``capacity.flow_data``).

    Rejected applicants in reception are not published; they are the rest of the COA occupancy:
    ``R = occupancy − round(reception_share × waiting) − status holders`` (at least 0).
    """
    from capacity.flow_data import observed_stocks

    p = resolve_params(params)
    obs = observed_stocks(start_year)
    waiting, occupancy, awaiting = obs["waiting"].value, obs["occupancy"].value, obs["awaiting_home"].value
    rejected = max(occupancy - int(_round(p["reception_share_waiting"] * waiting)) - awaiting, 0)
    backlog = min(obs["backlog"].value, awaiting) if obs["backlog"].exact else awaiting
    return StartStocks(
        waiting,
        rejected,
        awaiting,
        backlog,
        {k: v.date for k, v in obs.items()},
        all(v.exact for k, v in obs.items() if k != "backlog"),
    )


def year_values(p: Mapping[str, float], years: np.ndarray, published: bool = True) -> dict[str, np.ndarray]:
    """Per half-year: IND capacity, grant share and nareizigers (NaN: use the family ratio).

    With ``published`` the published year values (``capacity.flow_data``, 2022–2025) apply to the years they
    cover and the parameters to all other years; without, the parameters apply to every year."""
    from capacity.flow_data import half_year_capacity, year_value

    n = years.size
    cap = np.full(n, float(p["ind_capacity"]))
    grant = np.full(n, float(p["grant_rate"]))
    family = np.full(n, np.nan)
    if not published:
        return {"capacity": cap, "grant": grant, "family": family}
    for t, y in enumerate(years.tolist()):
        half = t % 2
        capacity = half_year_capacity(int(y))
        if capacity is not None:
            cap[t] = capacity[half]
        g = year_value("grant", int(y))
        if g is not None:
            grant[t] = g
        f = year_value("family", int(y))
        if f is not None:
            family[t] = (int(f) + 1 - half) // 2
    return {"capacity": cap, "grant": grant, "family": family}


def _equilibrium(inflow: int, p: Mapping[str, float], rates: dict[str, float], cap: float) -> StartStocks:
    """Stocks that stay constant at the first period's inflow — or, where the IND capacity or the homes
    available are too small for that, the stocks at which they just bind (then a backlog builds up)."""
    d, x, r, h = rates["d"], rates["x"], rates["r"], rates["h"]
    w = float(inflow) / (d * (1 + x))
    if d * w > cap:
        w = cap / d
    decisions = int(_round(min(cap, d * w)))
    granted = int(_round(rates["g"] * decisions))
    a = min(granted, rates["supply"]) / h
    return StartStocks(int(_round(w)), int(_round((decisions - granted) / r)), int(_round(a)), int(_round(a)))


def simulate_national(
    richtgetal: int | Sequence[int],
    years: int,
    params: Mapping[str, float] | None = None,
    *,
    start: Start = "equilibrium",
    start_year: int = 2027,
    stocks: StartStocks | None = None,
    published: bool = True,
) -> pd.DataFrame:
    """Half-yearly national flows and stocks (whole persons), one row per period (equations: module doc)."""
    p = resolve_params(params)
    if start not in START_MODES:
        raise ValueError(f"onbekende start {start!r}; kies uit {', '.join(START_MODES)}")
    inflow = half_year_inflow(yearly_path(richtgetal, years))
    n = inflow.size
    yv = year_values(p, start_year + np.arange(n) // 2, published)
    supply = p["lettings_per_year"] * p["status_holder_letting_share"] * p["persons_per_letting"] / 2
    rates = {
        "d": HALF_YEAR_MONTHS / p["processing_months"],
        "x": p["other_exit_ratio"],
        "r": HALF_YEAR_MONTHS / p["rejected_stay_months"],
        "h": HALF_YEAR_MONTHS / p["housing_wait_months"],
        "g": float(yv["grant"][0]),
        "supply": supply,
    }
    ratio, lag, share = p["family_ratio"], int(p["family_lag_halfyears"]), p["reception_share_waiting"]
    if stocks is None:
        stocks = (
            _equilibrium(int(inflow[0]), p, rates, float(yv["capacity"][0]))
            if start == "equilibrium"
            else observed_start(start_year, p)
        )
    w, rj, a = stocks.waiting, stocks.rejected, stocks.awaiting_home
    g_pre = int(_round(rates["g"] * min(yv["capacity"][0], int(_round(rates["d"] * w)))))
    s_cap = int(_round(supply))

    out = {c: np.zeros(n, dtype=np.int64) for c in NATIONAL_COLUMNS}
    granted_hist = np.full(n + lag, g_pre, dtype=np.int64)  # index t + lag holds grants of period t
    for t in range(n):  # loop over ≤ 60 half-years, not over gemeenten
        decisions = int(min(int(_round(yv["capacity"][t])), int(_round(rates["d"] * w))))
        other = int(min(int(_round(rates["x"] * decisions)), w - decisions))
        granted = int(_round(yv["grant"][t] * decisions))
        granted_hist[t + lag] = granted
        published_family = yv["family"][t]
        family = int(_round(ratio * granted_hist[t])) if np.isnan(published_family) else int(published_family)
        left = int(_round(rates["r"] * rj))
        from_reception = int(min(int(_round(rates["h"] * (a + granted / 2))), s_cap))
        row = {
            "inflow": int(inflow[t]),
            "decisions": decisions,
            "other_exits": other,
            "granted": granted,
            "rejected": decisions - granted,
            "rejected_left": left,
            "family": family,
            "to_house": granted + family,
            "housed_from_reception": from_reception,
            "housed": from_reception + family,
            "waiting_start": w,
            "rejected_start": rj,
            "awaiting_home_start": a,
        }
        w = w + int(inflow[t]) - decisions - other
        rj = rj + (decisions - granted) - left
        a = a + granted - from_reception
        row |= {
            "waiting_end": w,
            "rejected_end": rj,
            "awaiting_home_end": a,
            "occupancy_end": int(_round(share * w)) + rj + a,
        }
        for c, v in row.items():
            out[c][t] = v
    frame = pd.DataFrame(out)
    frame.insert(0, "period", period_labels(n, start_year))
    frame.insert(1, "year", start_year + np.arange(n) // 2)
    frame.attrs["initial_backlog"] = stocks.backlog
    frame.attrs["stock_dates"] = dict(stocks.dates)
    return frame


def check_conservation(national: pd.DataFrame) -> pd.Series:
    """Per period: people in (start stocks + inflow + family) minus people in stock and out; all zero."""
    people_in = (
        national["waiting_start"]
        + national["rejected_start"]
        + national["awaiting_home_start"]
        + national["inflow"]
        + national["family"]
    )
    people_stock_out = (
        national["waiting_end"]
        + national["rejected_end"]
        + national["awaiting_home_end"]
        + national["other_exits"]
        + national["rejected_left"]
        + national["housed"]
    )
    return (people_in - people_stock_out).rename("imbalance")


# --- 2. per gemeente ---------------------------------------------------------------------------
def _apportion(weights: np.ndarray, total: int, method: str, caps: np.ndarray | None = None) -> np.ndarray:
    """Whole numbers summing exactly to ``total`` (capacity.apportion; ties go to the earlier gemeentecode,
    since callers pass units sorted by code)."""
    from capacity.apportion import apportion

    return np.asarray(apportion(weights, int(total), method=method, caps=caps).allocated, dtype=np.int64)


def _carry_over(task: np.ndarray, housed_total: np.ndarray, initial_backlog: np.ndarray) -> tuple[np.ndarray, ...]:
    """Taakstelling with achterstand: due = new task + last period's backlog; the nationally housed
    number is realised in proportion to what each gemeente is due (uniform realisation, an
    assumption); what is not housed carries over. A surplus (voorsprong) cannot arise here, so the
    unverified netting of surpluses is not needed. Hamilton keeps each realisation within quota,
    hence never above what is due."""
    n_periods, n_gem = task.shape
    due = np.zeros_like(task)
    housed = np.zeros_like(task)
    backlog = np.zeros_like(task)
    previous = initial_backlog.astype(np.int64)
    for t in range(n_periods):
        due[t] = task[t] + previous
        total_due = int(due[t].sum())
        if housed_total[t] > total_due:  # pragma: no cover - excluded by the national balance
            raise ValueError("more housed than due; national model and allocation disagree")
        housed[t] = 0 if total_due == 0 else _apportion(due[t].astype(float), int(housed_total[t]), "hamilton", due[t])
        backlog[t] = due[t] - housed[t]
        previous = backlog[t]
    return due, housed, backlog


def allocate_periods(
    national: pd.DataFrame,
    task_shares: pd.Series,
    reception_shares: pd.Series,
    *,
    method: str = DEFAULT_METHOD,
) -> pd.DataFrame:
    """Long table (gemeentecode × period) of reception places, task, due, housed and backlog.

    Each column sums exactly, per period, to its national figure.
    """
    codes = task_shares.index
    if not codes.equals(reception_shares.index):
        reception_shares = reception_shares.reindex(codes)
    w_task = task_shares.to_numpy(dtype=float)
    w_rec = reception_shares.to_numpy(dtype=float)
    if not (np.isfinite(w_task).all() and np.isfinite(w_rec).all()) or w_task.sum() <= 0 or w_rec.sum() <= 0:
        raise ValueError("de verdeelsleutel bevat ontbrekende waarden of telt niet op tot een positief getal")
    n = len(national)
    task = np.vstack([_apportion(w_task, t, method) for t in national["to_house"]])
    places = np.vstack([_apportion(w_rec, o, method) for o in national["occupancy_end"]])
    initial = _apportion(w_task, int(national["awaiting_home_start"].iloc[0]), method)
    due, housed, backlog = _carry_over(task, national["housed"].to_numpy(), initial)
    frame = pd.DataFrame(
        {
            "gemeentecode": np.tile(codes.to_numpy(), n),
            "period": np.repeat(national["period"].to_numpy(), len(codes)),
            "year": np.repeat(national["year"].to_numpy(), len(codes)),
            "reception_places": places.ravel(),
            "task": task.ravel(),
            "due": due.ravel(),
            "housed": housed.ravel(),
            "backlog": backlog.ravel(),
        }
    )
    return frame


def add_needs(frame: pd.DataFrame, needs_params: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Needs (homes, school places PO/VO, inburgering, cost) that follow from each row's persons to house.

    ``compute_needs`` is row-wise and fractional, so one vectorised call covers every gemeente and
    period, and the needs of the gemeenten add up to the needs of the national task.
    """
    from capacity.needs import compute_needs

    needs = compute_needs(frame["task"].reset_index(drop=True), needs_params)
    needs = needs[[c for c in needs.columns if c not in frame.columns]]
    return pd.concat([frame.reset_index(drop=True), needs], axis=1)


# --- 3. scenarios and bands --------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    name: str
    richtgetal: tuple[int, ...]  # per year
    params: dict[str, float] = field(default_factory=dict)


def scenarios(
    central: Sequence[int],
    low: Sequence[int] | None = None,
    high: Sequence[int] | None = None,
    params: Mapping[str, float] | None = None,
    *,
    param_ranges: bool = False,
) -> list[Scenario]:
    """Central run first; then the corridor ends; with ``param_ranges`` also each band parameter at
    its low and its high end, one at a time (a one-at-a-time design, not a joint distribution)."""
    base = resolve_params(params)
    out = [Scenario("centraal", tuple(central), base)]
    if low is not None:
        out.append(Scenario("corridor laag", tuple(low), base))
    if high is not None:
        out.append(Scenario("corridor hoog", tuple(high), base))
    if param_ranges:
        for pid in BAND_PARAMETERS:
            spec = get_parameter(pid)
            for end, value in (("laag", spec.low), ("hoog", spec.high)):
                if value != base[pid]:
                    out.append(Scenario(f"{pid} {end}", tuple(central), base | {pid: value}))
    return out


def _band(frames: list[pd.DataFrame], keys: list[str], columns: list[str]) -> pd.DataFrame:
    """Central values plus element-wise min (``_low``) and max (``_high``) over all scenario runs.

    The central run is one of the runs, so low ≤ central ≤ high always holds. A band column is an
    envelope per row: band columns do not add up over gemeenten (the central columns do)."""
    central = frames[0].reset_index(drop=True)
    result = central[keys].copy()
    for c in columns:
        stack = np.stack([f[c].to_numpy() for f in frames])
        result[c] = central[c].to_numpy()
        result[f"{c}_low"] = stack.min(axis=0).astype(central[c].dtype)
        result[f"{c}_high"] = stack.max(axis=0).astype(central[c].dtype)
    return result


@dataclass(frozen=True)
class Projection:
    national: pd.DataFrame  # one row per period, central + _low/_high
    gemeenten: pd.DataFrame  # one row per gemeentecode × period, central + _low/_high
    scenarios: tuple[Scenario, ...]
    params: dict[str, float]
    key: str
    reception_key: str
    method: str


def project(
    kwb: pd.DataFrame,
    *,
    richtgetal: int | Sequence[int] | None = None,
    corridor: tuple[int, int] | None = None,
    years: int = 5,
    key: str = "population",
    reception_key: str | None = "spreidingswet",
    params: Mapping[str, float] | None = None,
    needs_params: Mapping[str, float] | None = None,
    method: str = DEFAULT_METHOD,
    param_ranges: bool = False,
    start: Start = "equilibrium",
    start_year: int = 2027,
) -> Projection:
    """The whole projection: national flow and per-gemeente figures with a low/central/high band.

    Give either ``richtgetal`` (constant or one value per year) or ``corridor`` (low, high); the
    central run of a corridor is its midpoint (rounded down). ``key`` divides the housing task
    (taakstelling: by population), ``reception_key`` the reception places (Spreidingswet-style;
    ``None`` = the same key as the task).
    """
    if (richtgetal is None) == (corridor is None):
        raise ValueError("geef óf een richtgetal óf een corridor (laag, hoog)")
    if corridor is not None:
        if len(corridor) != 2:
            raise ValueError("een corridor bestaat uit twee getallen: laag en hoog")
        lo, hi = (yearly_path(c, years) for c in corridor)
        if (lo > hi).any():
            raise ValueError(f"corridor: laag ({corridor[0]}) is groter dan hoog ({corridor[1]})")
        central = (lo + hi) // 2
        runs = scenarios(central.tolist(), lo.tolist(), hi.tolist(), params, param_ranges=param_ranges)
    else:
        central = yearly_path(richtgetal, years)
        runs = scenarios(central.tolist(), params=params, param_ranges=param_ranges)
    reception_key = reception_key or key
    from capacity.keys import key_shares

    task_shares = key_shares(key, kwb)
    reception_shares = task_shares if reception_key == key else key_shares(reception_key, kwb)

    nationals, locals_ = [], []
    for sc in runs:
        nat = simulate_national(list(sc.richtgetal), years, sc.params, start=start, start_year=start_year)
        loc = add_needs(allocate_periods(nat, task_shares, reception_shares, method=method), needs_params)
        nationals.append(nat)
        locals_.append(loc)
    nat_cols = [c for c in NATIONAL_COLUMNS]
    loc_cols = [
        c
        for c in locals_[0].columns
        if c not in ("gemeentecode", "period", "year") and pd.api.types.is_numeric_dtype(locals_[0][c])
    ]
    national = _band(nationals, ["period", "year"], nat_cols)
    gemeenten = _band(locals_, ["gemeentecode", "period", "year"], loc_cols)
    return Projection(national, gemeenten, tuple(runs), resolve_params(params), key, reception_key, method)


# --- 4. comparison with housing capacity -------------------------------------------------------
def housing_capacity_indication(
    gemeenten: pd.DataFrame,
    kwb: pd.DataFrame,
    params: Mapping[str, float] | None = None,
    *,
    need_column: str = "dwellings",
) -> pd.DataFrame:
    """Per gemeente and year: homes needed against new-build and corporation-stock turnover.

    An *indication* only: KWB gives the corporation share of the stock and the new-build count of
    one CBS reference year; the turnover rate (mutatiegraad) is an assumption
    (``flow_params.corporation_turnover``). Percentages are NaN where the denominator is 0 or missing.
    """
    p = resolve_params(params)
    if need_column not in gemeenten.columns:
        raise KeyError(f"projection lacks the need column {need_column!r}")
    cols = [need_column] + [f"{need_column}_{s}" for s in ("low", "high") if f"{need_column}_{s}" in gemeenten.columns]
    yearly = gemeenten.groupby(["gemeentecode", "year"], sort=True)[cols].sum().reset_index()
    ref = kwb.set_index("gemeentecode")
    stock = ref["woningvoorraad"] * ref["perc_huurwoningen_in_bezit_woningcorporaties"] / 100.0
    codes = yearly["gemeentecode"]
    yearly["corporation_stock"] = codes.map(stock).to_numpy(dtype=float)
    yearly["corporation_turnover"] = yearly["corporation_stock"] * p["corporation_turnover"]
    yearly["new_build"] = codes.map(ref["aantal_nieuwbouw_woningen"]).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        for denom, name in (("new_build", "pct_of_new_build"), ("corporation_turnover", "pct_of_turnover")):
            d = yearly[denom].to_numpy(dtype=float)
            for c in cols:
                suffix = c[len(need_column) :]
                yearly[f"{name}{suffix}"] = np.where(d > 0, 100.0 * yearly[c].to_numpy(dtype=float) / d, np.nan)
    return yearly


def export_headers(lang: str = "nl") -> dict[str, str]:
    """Column headers of the per-gemeente projection export (``_low``/``_high`` → band ends)."""
    from capacity.needs import NEEDS_COLUMNS

    nl = lang != "en"
    base = {
        "gemeentecode": "Gemeentecode",
        "gemeentenaam": "Gemeente",
        "period": "Halfjaar" if nl else "Half-year",
        "year": "Jaar" if nl else "Year",
    }
    labels = (GEMEENTE_LABELS_NL if nl else GEMEENTE_LABELS_EN) | {
        c: v["nl" if nl else "en"] for c, v in NEEDS_COLUMNS.items()
    }
    low, high = ("ondergrens band", "bovengrens band") if nl else ("band low", "band high")
    out = dict(base)
    for col, label in labels.items():
        out[col] = label
        out[f"{col}_low"] = f"{label} ({low})"
        out[f"{col}_high"] = f"{label} ({high})"
    return out


#: Parameters that drive the national chart, per start mode (the turnover only feeds the capacity
#: indication; the initial stocks only the observed start).
_CHART_PARAMETERS: dict[str, tuple[str, ...]] = {
    "equilibrium": BAND_PARAMETERS,
    "observed": (*BAND_PARAMETERS, "initial_waiting", "initial_awaiting_home"),
}


def _short_source(text: str) -> str:
    """The attribution part of a registry source (before the first quoted figure or colon)."""
    head = re.sub(r",? '[^']*'", "", text.split(":", 1)[0]).strip()
    return head if len(head) <= 90 else head[:89].rstrip() + "…"


def chart_sources(start: str = "equilibrium", lang: str = "nl") -> str:
    """Caption for the national flow chart, built from the parameter registry: which published
    source (IND, COA, CBS via the press) backs each parameter, and which are assumptions."""
    if start not in _CHART_PARAMETERS:
        raise ValueError(f"onbekende start {start!r}; kies uit {', '.join(START_MODES)}")
    nl = lang != "en"
    sourced, assumed = [], []
    for pid in _CHART_PARAMETERS[start]:
        p = get_parameter(pid)
        label = p.label_nl if nl else p.label_en
        if p.assumption:
            assumed.append(label)
        else:
            sourced.append(f"{label} — {_short_source(p.source)}")
    if nl:
        text = "Bron stroommodel: " + "; ".join(sourced) + "."
        if assumed:
            text += " Aanname (geen gepubliceerd gemiddelde gevonden): " + ", ".join(assumed) + "."
        return text + " Het richtgetal is een scenario-invoer, geen gegeven; details in de parametertabel onderaan."
    text = "Flow-model sources: " + "; ".join(sourced) + "."
    if assumed:
        text += " Assumptions (no published average found): " + ", ".join(assumed) + "."
    return text + " The target is a scenario input, not data; details in the parameter table below."


def sources_nl() -> str:
    """The 'Bron …' line for flow-model figures: CBS key figures plus the parameter sources."""
    from geodata import credit

    return (
        f"{credit('cbs_kwb_2024')}. Stroommodel: parameters met bron of als aanname gemarkeerd "
        "(zie parametertabel); verdeling via de gekozen sleutel en afronding."
    )
