"""National half-yearly stock-and-flow model of asylum reception and housing (whole persons).

Per half-year ``t`` of year ``y``; outflows act on the stock at the start of the period (people arriving
in a period can leave from the next one), except housing, which also reaches half of the period's new
status holders (they arrive on average mid-period):

- inflow ``I_t``: first asylum applications (the richtgetal) split over the two half-years;
- IND decisions ``D_t = min(C_t, round(d × W_t))``: the decision capacity ``C_t`` (published for 2022–2023,
  the parameter ``ind_capacity`` otherwise) or, without a backlog, ``d = 6 / processing_months``;
- other exits from the IND stock ``X_t = min(round(x × D_t), W_t − D_t)`` (Dublin, withdrawal, departure);
- granted ``G_t = round(g_y × D_t)`` with the published grant share of year ``y`` (2022–2025) or the
  projection default; rejected ``D_t − G_t`` stay in reception: ``R`` leaves at ``r = 6 / rejected_stay_months``;
- nareizigers ``N_t``: published per year (2022, 2023, 2025) or ``round(family_ratio × G_{t−lag})``; they
  join their family outside COA reception, so they are in the housing task but not in COA occupancy;
- housed from reception ``H_t = min(round(h × (A_t + G_t / 2)), S)`` with ``h = 6 / housing_wait_months``
  and the homes that come free for status holders ``S = lettings × share × persons per letting / 2``;
- taakstelling (national housing task) ``to_house_t = G_t + N_t``: the persons who become due for a home in
  the half-year (the official taakstelling is a forecast of the same quantity, set months in advance);
- stocks: ``W' = W + I − D − X``, ``R' = R + (D − G) − round(r × R)``, ``A' = A + G − H``;
  COA occupancy ``round(reception_share × W') + R' + A'`` (not everyone awaiting a decision lives in COA).

Rounding is half-up and monotone, and every rate is at most 1 per half-year, so a higher inflow never lowers
any later stock or flow. The start is either the equilibrium at the first period's inflow or the observed
stocks of 1 January of the start year (``capacity.flow_data``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from capacity.flow_params import resolve_params

HALF_YEAR_MONTHS = 6.0
Start = Literal["equilibrium", "observed"]
START_MODES: tuple[str, ...] = ("equilibrium", "observed")
MAX_YEARS = 30
MAX_RICHTGETAL = 10_000_000
MIN_START_YEAR, MAX_START_YEAR = 2022, 2040

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


# --- inputs ------------------------------------------------------------------------------------
def yearly_path(richtgetal: int | Sequence[int], years: int) -> np.ndarray:
    """Richtgetal per year as int64: a constant, or one value per year."""
    if isinstance(years, bool) or not isinstance(years, int | np.integer) or not 1 <= years <= MAX_YEARS:
        raise ValueError(f"aantal jaren moet een geheel getal van 1 tot en met {MAX_YEARS} zijn, niet {years!r}")
    values = [richtgetal] if isinstance(richtgetal, int | float | np.number) else list(richtgetal)
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
    a = max(min(granted, rates["supply"]) / h - granted / 2, 0.0)  # housed = h × (A + G/2) = G
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
