"""Richtgetal flow model: from a national asylum inflow to reception places, status holders and homes.

Two layers, both transparent and parameterised (``capacity.flow_params``):

1. **National stock-and-flow by half-year** (``capacity.flow_national``, re-exported here), in whole
   persons so that every balance holds exactly: IND decision capacity, grant share per year, rejected
   applicants who stay in reception, nareizigers outside COA, housing limited by the homes that come free.
   It starts from equilibrium or from the published stocks of 1 January (``capacity.flow_data``).

2. **Per gemeente**, through the allocation engine (keys + apportionment into whole numbers that
   add up exactly to each national figure): reception places (Spreidingswet-style key on the
   end-of-period occupancy), the half-yearly housing task (taakstelling-style key on ``G_t + N_t``)
   with carry-over of backlog (achterstand, starting from the published backlog where there is one), and the needs that follow
   (``capacity.needs.compute_needs`` on the persons to house).

The default apportionment is Sainte-Laguë: divisor methods are house-monotone (METHODS.md,
Balinski & Young), so a higher richtgetal never lowers any gemeente's number; Hamilton can
(Alabama paradox). See ``docs/METHODS.md`` for the key and apportionment sources.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from capacity.flow_national import (  # noqa: F401 - re-exported: the national model is part of this API
    HALF_YEAR_MONTHS,
    MAX_RICHTGETAL,
    MAX_START_YEAR,
    MAX_YEARS,
    MIN_START_YEAR,
    NATIONAL_COLUMNS,
    START_MODES,
    Start,
    StartStocks,
    _round,
    check_conservation,
    half_year_inflow,
    observed_start,
    period_labels,
    simulate_national,
    year_values,
    yearly_path,
)
from capacity.flow_params import BAND_PARAMETERS, get_parameter, resolve_params

DEFAULT_METHOD = "sainte-lague"

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
        # Housed beyond what is due (possible when the published backlog is below the status holders in
        # reception) would be a voorsprong; it is not credited to a later half-year.
        realised = min(int(housed_total[t]), total_due)
        housed[t] = 0 if total_due == 0 else _apportion(due[t].astype(float), realised, "hamilton", due[t])
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
    start_backlog = int(national.attrs.get("initial_backlog", national["awaiting_home_start"].iloc[0]))
    initial = _apportion(w_task, start_backlog, method)
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
                if value is not None and value != base[pid]:
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
    published: bool = True,
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
        assert richtgetal is not None  # exactly one of richtgetal/corridor, checked above
        central = yearly_path(richtgetal, years)
        runs = scenarios(central.tolist(), params=params, param_ranges=param_ranges)
    reception_key = reception_key or key
    from capacity.keys import key_shares

    task_shares = key_shares(key, kwb)
    reception_shares = task_shares if reception_key == key else key_shares(reception_key, kwb)

    nationals, locals_ = [], []
    for sc in runs:
        nat = simulate_national(
            list(sc.richtgetal), years, sc.params, start=start, start_year=start_year, published=published
        )
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


def _short_source(text: str) -> str:
    """The attribution part of a registry source (before the first quoted figure or colon)."""
    head = re.sub(r",? '[^']*'", "", text.split(":", 1)[0]).strip()
    return head if len(head) <= 90 else head[:89].rstrip() + "…"


def chart_sources(start: str = "equilibrium", lang: str = "nl", start_year: int = 2027) -> str:
    """Caption for the national flow chart, built from the registries: which publication backs each parameter
    and, with the observed start, each start stock (with its date; press reports marked), and which
    parameters are assumptions."""
    from capacity.flow_data import figure, observed_stocks

    if start not in START_MODES:
        raise ValueError(f"onbekende start {start!r}; kies uit {', '.join(START_MODES)}")
    nl = lang != "en"
    press = " (pers)" if nl else " (press)"
    sourced, assumed = [], []
    for pid in BAND_PARAMETERS:
        p = get_parameter(pid)
        label = p.label_nl if nl else p.label_en
        if p.assumption:
            assumed.append(label)
        else:
            sourced.append(f"{label} — {_short_source(p.source)}{press * p.press}")
    stocks = []
    if start == "observed":
        for obs in observed_stocks(start_year).values():
            if obs.stock == "backlog" and not obs.exact:  # not used: the backlog then starts from A
                continue
            f = figure(obs.figure_id)
            stocks.append(f"{f.label_nl if nl else f.label_en} {obs.date} — {_short_source(f.source)}{press * f.press}")
    if nl:
        text = "Bron stroommodel: " + "; ".join(sourced) + "."
        if stocks:
            text += " Startvoorraden: " + "; ".join(stocks) + "."
        if assumed:
            text += " Aanname (geen gepubliceerd gemiddelde gevonden, deels gekalibreerd): " + ", ".join(assumed) + "."
        return text + " Het richtgetal is een scenario-invoer, geen gegeven; details in de parametertabel onderaan."
    text = "Flow-model sources: " + "; ".join(sourced) + "."
    if stocks:
        text += " Start stocks: " + "; ".join(stocks) + "."
    if assumed:
        text += " Assumptions (no published average found, partly calibrated): " + ", ".join(assumed) + "."
    return text + " The target is a scenario input, not data; details in the parameter table below."


def sources_nl() -> str:
    """The 'Bron …' line for flow-model figures: CBS key figures plus the parameter sources."""
    from geodata import credit

    return (
        f"{credit('cbs_kwb_2024')}. Stroommodel: parameters met bron of als aanname gemarkeerd "
        "(zie parametertabel); verdeling via de gekozen sleutel en afronding."
    )
