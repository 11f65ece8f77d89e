"""Specification of the richtgetal flow model (capacity.flow, capacity.flow_params).

Hand-computed cases are worked out in the comments, independently of the implementation. The
per-gemeente tests on real data use KWB 2024 population shares built in the test itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from capacity.flow import (
    NATIONAL_COLUMNS,
    StartStocks,
    _band,
    _round,
    allocate_periods,
    check_conservation,
    half_year_inflow,
    observed_start,
    period_labels,
    simulate_national,
    yearly_path,
)
from capacity.flow_params import (
    BAND_PARAMETERS,
    FLOW_PARAMETERS,
    default_params,
    load_params_file,
    resolve_params,
)

# --- parameter registry ------------------------------------------------------------------------


def test_every_parameter_has_a_source_or_is_marked_assumption():
    for p in FLOW_PARAMETERS:
        assert p.label_nl and p.unit_nl
        assert p.source or p.assumption, p.id
        assert p.valid_min <= p.low <= p.default <= p.high <= p.valid_max, p.id
        assert p.source_line_nl()
        if p.source:
            assert p.url.startswith("https://"), p.id
    assert set(BAND_PARAMETERS) <= {p.id for p in FLOW_PARAMETERS}


def test_resolve_params_rejects_bad_input_with_a_clear_message():
    with pytest.raises(ValueError, match="onbekende parameter"):
        resolve_params({"nonsense": 1})
    with pytest.raises(ValueError, match="buiten"):
        resolve_params({"grant_rate": 1.5})
    with pytest.raises(ValueError, match="buiten"):
        resolve_params({"processing_months": 3})  # below the half-year step
    with pytest.raises(ValueError, match="getal"):
        resolve_params({"grant_rate": "veel"})
    with pytest.raises(ValueError, match="getal"):
        resolve_params({"grant_rate": True})
    with pytest.raises(ValueError, match="buiten"):
        resolve_params({"grant_rate": float("nan")})
    with pytest.raises(ValueError, match="geheel"):
        resolve_params({"family_lag_halfyears": 1.5})
    assert resolve_params({"grant_rate": 0.5})["grant_rate"] == 0.5
    assert resolve_params(None) == default_params()


def test_params_file_flat_and_table(tmp_path):
    flat = tmp_path / "flat.toml"
    flat.write_text("grant_rate = 0.6\nfamily_lag_halfyears = 1\n")
    assert load_params_file(flat)["grant_rate"] == 0.6
    table = tmp_path / "table.toml"
    table.write_text("[params]\nprocessing_months = 9\n")
    assert load_params_file(table)["processing_months"] == 9
    broken = tmp_path / "broken.toml"
    broken.write_text("grant_rate = = 1")
    with pytest.raises(ValueError, match="TOML"):
        load_params_file(broken)


# --- inputs ------------------------------------------------------------------------------------


def test_inflow_split_keeps_each_year_exact():
    # 1001 a year: the first half-year gets the odd person -> 501 + 500.
    assert half_year_inflow(np.array([1001, 30000])).tolist() == [501, 500, 15000, 15000]
    assert yearly_path(30000, 3).tolist() == [30000, 30000, 30000]
    assert yearly_path([1, 2, 3], 3).tolist() == [1, 2, 3]
    assert period_labels(3, 2027) == ["2027-I", "2027-II", "2028-I"]
    assert _round(np.array([0.5, 1.5, 2.49])).tolist() == [1, 2, 2]  # half-up, not half-even


@pytest.mark.parametrize(
    "richtgetal, years, message",
    [
        (-1, 5, "geheel getal"),
        (1.5, 5, "geheel getal"),
        ("veel", 5, "getal"),
        (30000, 0, "jaren"),
        ([1, 2], 3, "3 waarden"),
        ([], 2, "geen richtgetal"),
        (True, 2, "getal"),
    ],
)
def test_bad_inflow_is_rejected(richtgetal, years, message):
    with pytest.raises(ValueError, match=message):
        yearly_path(richtgetal, years)


# --- national model: hand-computed cases -------------------------------------------------------


SMALL = {  # no published year values; a supply of 1000 × 0.1 × 2 / 2 = 100 persons per half-year
    "ind_capacity": 600,
    "processing_months": 6,
    "other_exit_ratio": 0.5,
    "grant_rate": 0.5,
    "family_ratio": 0.5,
    "family_lag_halfyears": 1,
    "rejected_stay_months": 12,
    "housing_wait_months": 12,
    "lettings_per_year": 1000,
    "status_holder_letting_share": 0.1,
    "persons_per_letting": 2,
    "reception_share_waiting": 0.5,
}


def test_observed_start_hand_computed():
    # d = 1, x = 0.5, r = 0.5, h = 0.5, supply 100; W=1000, R=100, A=200; pre-start grants 0.5 × 600 = 300.
    # t0: decisions min(600, 1000) = 600, other exits min(300, 400) = 300, granted 300, rejected 300,
    #     family 0.5 × 300 = 150, rejected leaving 0.5 × 100 = 50, housed from reception min(0.5 × (200 + 150), 100)
    #     = 100 (supply binds); W = 100, R = 350, A = 400, occupancy 0.5 × 100 + 350 + 400 = 800.
    # t1: decisions min(600, 100) = 100, other exits min(50, 0) = 0, granted 50, family 0.5 × 300 = 150,
    #     leaving 175, housed min(0.5 × 425, 100) = 100; W = 0, R = 225, A = 350, occupancy 575.
    stocks = StartStocks(waiting=1000, rejected=100, awaiting_home=200, backlog=200)
    nat = simulate_national(0, 1, SMALL, start="observed", stocks=stocks, published=False)
    assert nat["decisions"].tolist() == [600, 100]
    assert nat["other_exits"].tolist() == [300, 0]
    assert nat["granted"].tolist() == [300, 50]
    assert nat["rejected"].tolist() == [300, 50]
    assert nat["rejected_left"].tolist() == [50, 175]
    assert nat["family"].tolist() == [150, 150]
    assert nat["housed_from_reception"].tolist() == [100, 100]
    assert nat["housed"].tolist() == [250, 250]
    assert nat["to_house"].tolist() == [450, 200]
    assert nat["waiting_end"].tolist() == [100, 0]
    assert nat["rejected_end"].tolist() == [350, 225]
    assert nat["awaiting_home_end"].tolist() == [400, 350]
    assert nat["occupancy_end"].tolist() == [800, 575]
    assert (check_conservation(nat) == 0).all()


EQ = {
    "ind_capacity": 10_000,
    "processing_months": 12,
    "other_exit_ratio": 0,
    "grant_rate": 0.5,
    "family_ratio": 1.0,
    "family_lag_halfyears": 1,
    "rejected_stay_months": 12,
    "housing_wait_months": 12,
    "reception_share_waiting": 1.0,
}


def test_equilibrium_start_hand_computed():
    # 500 per half-year; d = 0.5 -> W* = 500/0.5 = 1000, decisions 500; granted 250, R* = 250/0.5 = 500;
    # housed = h × (A + G/2) = G -> A* = 250/0.5 - 125 = 375; family 250; occupancy 1000 + 500 + 375.
    nat = simulate_national(1000, 2, EQ, published=False)
    assert (nat["waiting_start"] == 1000).all() and (nat["waiting_end"] == 1000).all()
    assert (nat["rejected_end"] == 500).all() and (nat["awaiting_home_end"] == 375).all()
    assert (nat["decisions"] == 500).all() and (nat["granted"] == 250).all() and (nat["family"] == 250).all()
    assert (nat["housed_from_reception"] == 250).all() and (nat["housed"] == 500).all()
    assert (nat["occupancy_end"] == 1875).all()


def test_step_in_inflow_moves_through_the_delays_and_the_capacity_builds_a_backlog():
    # From equilibrium at 1000/yr, inflow doubles in year 2 (500 -> 1000 per half-year). The waiting stock
    # rises from the period after the step: t2 end 1000 + 1000 - 500 = 1500; t3: decisions 0.5 × 1500 = 750
    # -> end 1750. With an IND capacity of 600 per half-year, t3 decides 600 and the stock ends at 1900.
    nat = simulate_national([1000, 2000], 2, EQ, published=False)
    assert nat["inflow"].tolist() == [500, 500, 1000, 1000]
    assert nat["waiting_end"].tolist() == [1000, 1000, 1500, 1750]
    assert nat["decisions"].tolist() == [500, 500, 500, 750]
    capped = simulate_national([1000, 2000], 2, EQ | {"ind_capacity": 600}, published=False)
    assert capped["decisions"].tolist() == [500, 500, 500, 600]
    assert capped["waiting_end"].tolist() == [1000, 1000, 1500, 1900]


def test_published_year_values_apply_to_their_years_only():
    nat = simulate_national(30_000, 4, start="observed", start_year=2024)
    # 2025: published grant share 0.34; 2026 and later: the projection default
    grant_share = (nat["granted"] / nat["decisions"]).round(2)
    assert grant_share.iloc[2] == 0.34 and grant_share.iloc[4] == round(default_params()["grant_rate"], 2)
    assert nat["family"].iloc[2] + nat["family"].iloc[3] == 16_133  # published nareizigers 2025
    off = simulate_national(30_000, 4, start="observed", start_year=2024, published=False)
    assert (off["granted"] / off["decisions"]).round(2).iloc[2] == round(default_params()["grant_rate"], 2)


def test_observed_start_uses_the_stocks_of_1_january():
    s = observed_start(2023)
    assert (s.waiting, s.awaiting_home) == (35_790, 16_200) and s.exact
    assert s.rejected == max(51_701 - 35_790 - 16_200, 0)
    later = observed_start(2030)
    assert not later.exact and later.dates["waiting"] == "2025-07-01"
    early = observed_start(2022)
    assert not early.exact and early.dates["occupancy"] == "2023-01-02"


@pytest.mark.parametrize("start", ["equilibrium", "observed"])
@pytest.mark.parametrize("richtgetal", [0, 1, 25_001, [40_000, 10_000, 90_000, 0, 5]])
def test_conservation_every_period(richtgetal, start):
    nat = simulate_national(richtgetal, 5, start=start)
    assert (check_conservation(nat) == 0).all()
    # stocks chain from one period to the next
    assert (nat["waiting_start"].iloc[1:].to_numpy() == nat["waiting_end"].iloc[:-1].to_numpy()).all()
    assert (nat["awaiting_home_start"].iloc[1:].to_numpy() == nat["awaiting_home_end"].iloc[:-1].to_numpy()).all()
    # cumulative: people in = people in stock + people out
    first, last = nat.iloc[0], nat.iloc[-1]
    stocks = ("waiting", "rejected", "awaiting_home")
    people_in = sum(first[f"{s}_start"] for s in stocks) + nat["inflow"].sum() + nat["family"].sum()
    out = nat["other_exits"].sum() + nat["rejected_left"].sum() + nat["housed"].sum()
    assert people_in == sum(last[f"{s}_end"] for s in stocks) + out
    assert (nat[list(NATIONAL_COLUMNS)] >= 0).all().all()


def test_higher_richtgetal_never_lowers_a_national_figure():
    runs = [simulate_national(r, 5) for r in (20_000, 20_001, 25_000, 35_000)]
    for lower, higher in zip(runs, runs[1:], strict=False):
        cols = [c for c in NATIONAL_COLUMNS]
        assert (higher[cols].to_numpy() >= lower[cols].to_numpy()).all()


def test_bad_start_mode():
    with pytest.raises(ValueError, match="start"):
        simulate_national(1000, 1, start="gisteren")  # type: ignore[arg-type]


# --- per gemeente: allocation and carry-over ---------------------------------------------------


def _national_fixture() -> pd.DataFrame:
    """Hand-made national figures for two half-years (test fixture, not data)."""
    return pd.DataFrame(
        {
            "period": ["2027-I", "2027-II"],
            "year": [2027, 2027],
            "to_house": [10, 10],
            "occupancy_end": [100, 50],
            "housed": [5, 12],
            "awaiting_home_start": [10, 15],
        }
    )


def test_carry_over_hand_computed():
    # Shares 0.5/0.3/0.2 (fixture). Task 10 -> 5/3/2; places 100 -> 50/30/20, 50 -> 25/15/10;
    # initial backlog 10 -> 5/3/2.
    # t0: due = 5+5, 3+3, 2+2 = 10/6/4 (20). Housed 5 in proportion to due: quota 2.5/1.5/1.0 ->
    #     floors 2/1/1, one left; remainders .5/.5/0 tie -> larger weight (due 10) -> 3/1/1; backlog 7/5/3.
    # t1: due = 5+7, 3+5, 2+3 = 12/8/5 (25). Housed 12: quota 5.76/3.84/2.4 -> floors 5/3/2, two left
    #     by remainder .84 then .76 -> 6/4/2; backlog 6/4/3.
    shares = pd.Series([0.5, 0.3, 0.2], index=pd.Index(["GM0001", "GM0002", "GM0003"], name="gemeentecode"))
    out = allocate_periods(_national_fixture(), shares, shares)
    t0, t1 = out[out.period == "2027-I"], out[out.period == "2027-II"]
    assert t0["task"].tolist() == [5, 3, 2] and t1["task"].tolist() == [5, 3, 2]
    assert t0["reception_places"].tolist() == [50, 30, 20] and t1["reception_places"].tolist() == [25, 15, 10]
    assert t0["due"].tolist() == [10, 6, 4] and t0["housed"].tolist() == [3, 1, 1]
    assert t0["backlog"].tolist() == [7, 5, 3]
    assert t1["due"].tolist() == [12, 8, 5] and t1["housed"].tolist() == [6, 4, 2]
    assert t1["backlog"].tolist() == [6, 4, 3]


def test_bad_shares_are_rejected():
    shares = pd.Series([0.5, np.nan], index=pd.Index(["GM0001", "GM0002"], name="gemeentecode"))
    with pytest.raises(ValueError, match="verdeelsleutel"):
        allocate_periods(_national_fixture(), shares, shares)


@pytest.fixture(scope="module")
def population_shares(kwb2024) -> pd.Series:
    """Population shares from KWB 2024 (the taakstelling key), built here independently of capacity.keys."""
    pop = kwb2024.set_index("gemeentecode")["aantal_inwoners"].astype(float).sort_index()
    return pop / pop.sum()


@pytest.mark.parametrize("method", ["sainte-lague", "hamilton"])
def test_per_period_sums_are_exact_on_real_data(population_shares, method):
    nat = simulate_national([25_000, 35_000, 30_000], 3, start="observed")
    out = allocate_periods(nat, population_shares, population_shares, method=method)
    assert len(out) == 342 * 6
    sums = out.groupby("period", sort=False)[["reception_places", "task", "housed", "backlog"]].sum()
    assert sums["reception_places"].tolist() == nat["occupancy_end"].tolist()
    assert sums["task"].tolist() == nat["to_house"].tolist()
    assert sums["housed"].tolist() == nat["housed"].tolist()
    assert sums["backlog"].tolist() == nat["awaiting_home_end"].tolist()
    assert (out["housed"] <= out["due"]).all() and (out["backlog"] >= 0).all()
    assert (out["due"] == out["housed"] + out["backlog"]).all()


def test_higher_richtgetal_never_lowers_a_gemeente(population_shares):
    previous = None
    for r in (20_000, 20_001, 20_002, 24_999, 25_000, 30_000):
        out = allocate_periods(simulate_national(r, 5), population_shares, population_shares)
        current = out[["reception_places", "task"]].to_numpy()
        if previous is not None:
            assert (current >= previous).all(), r
        previous = current


def test_band_envelope_orders_low_central_high():
    # three hand-made runs; central is the first
    runs = [
        pd.DataFrame({"k": ["a", "b"], "x": [5, 5]}),
        pd.DataFrame({"k": ["a", "b"], "x": [3, 9]}),
        pd.DataFrame({"k": ["a", "b"], "x": [7, 1]}),
    ]
    band = _band(runs, ["k"], ["x"])
    assert band["x_low"].tolist() == [3, 1] and band["x"].tolist() == [5, 5] and band["x_high"].tolist() == [7, 9]


# --- page helpers: export headers, chart caption, input decimals (reviewer items 8, 11, 17) ----------


def test_export_headers_are_dutch_for_every_projection_column():
    from capacity.flow import export_headers, project
    from geodata import load_kwb

    res = project(load_kwb(2024), richtgetal=10_000, years=1, key="population", reception_key="population")
    headers = export_headers("nl")
    assert set(res.gemeenten.columns) <= set(headers)
    assert headers["task_low"] == "Taakstelling (nieuw) (ondergrens band)"
    assert headers["period"] == "Halfjaar"
    assert all(not h.endswith(("_low", "_high")) for h in headers.values())


def test_chart_sources_come_from_the_registry():
    from capacity.flow import chart_sources
    from capacity.flow_params import FLOW_PARAMETERS, get_parameter

    observed = chart_sources("observed", start_year=2023)
    assert "COA, capaciteit en bezetting" in observed  # the start-stock sources, only with the observed start
    assert "(pers)" in chart_sources("observed", start_year=2025)  # press reports are marked as such
    assert "COA, capaciteit en bezetting" not in chart_sources("equilibrium")
    for pid in ("housing_wait_months", "family_lag_halfyears"):  # assumptions are named as such
        assert get_parameter(pid).assumption
        assert get_parameter(pid).label_nl in observed.split("Aanname", 1)[1]
    assert get_parameter("corporation_turnover").label_nl not in observed  # not used by the chart
    assert len(FLOW_PARAMETERS.defaults()) >= 7
    with pytest.raises(ValueError):
        chart_sources("nosuch")


def test_input_decimals_by_hand():
    from capacity.flow_params import get_parameter, input_decimals

    assert input_decimals(get_parameter("processing_months")) == 1  # 7, 6, 12.5 months → "7.0"
    assert input_decimals(get_parameter("grant_rate")) == 2  # 0.66, 0.30, 0.80
    assert input_decimals(get_parameter("family_ratio")) == 1  # 0.8, 0.4, 1.0
    assert input_decimals(get_parameter("corporation_turnover")) == 3  # 0.069
    assert input_decimals(get_parameter("ind_capacity")) == 0  # integer parameter


def test_parameter_ranges_cover_the_published_2022_2025_values():
    from capacity.flow_data import half_year_capacity, year_value
    from capacity.flow_params import get_parameter

    grant = get_parameter("grant_rate")
    for year in (2022, 2023, 2024, 2025):
        assert grant.low <= year_value("grant", year) <= grant.high, year
    cap = get_parameter("ind_capacity")
    for year in (2022, 2023):
        assert all(cap.low <= c <= cap.high for c in half_year_capacity(year)), year
    months = get_parameter("processing_months")  # IND: 31 (2022) to 53 weeks (2024)
    assert months.low <= 31 * 7 / 30.44 and 53 * 7 / 30.44 <= months.high + 0.05
    ratio = get_parameter("family_ratio")  # nareizigers 2023 / grants 2022 (0.73 × 16,525)
    assert ratio.low <= 10_000 / (0.73 * 16_525) <= ratio.high


def test_press_sources_are_marked():
    from capacity.flow import chart_sources
    from capacity.flow_params import get_parameter

    assert get_parameter("family_ratio").press
    assert get_parameter("family_ratio").source_line_nl().startswith("Pers: ")
    assert not get_parameter("lettings_per_year").press  # CBS itself
    assert "Nareizigers per inwilliging — CBS via NH Nieuws (feb. 2024) (pers)" in chart_sources()
