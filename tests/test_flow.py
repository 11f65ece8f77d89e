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
    _band,
    _round,
    allocate_periods,
    check_conservation,
    half_year_inflow,
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


def test_observed_start_hand_computed():
    # d = 6/6 = 1 (everyone waiting is decided), h = 6/12 = 0.5, grant 0.6, 0.5 family per grant, lag 1.
    # Start: W=1000, A=0; grants before the start are taken equal to the first period's: 0.6*1000 = 600.
    # t0: decisions 1000, granted 600, rejected 400, family 0.5*600 = 300 (pre-start grants), housed 0.5*0 = 0
    #     W = 1000 + 0 - 1000 = 0, A = 0 + 600 + 300 - 0 = 900
    # t1: decisions 0, granted 0, family 0.5*600 (t0 grants) = 300, housed 0.5*900 = 450
    #     W = 0, A = 900 + 0 + 300 - 450 = 750
    params = {
        "processing_months": 6,
        "housing_wait_months": 12,
        "grant_rate": 0.6,
        "family_ratio": 0.5,
        "family_lag_halfyears": 1,
        "initial_waiting": 1000,
        "initial_awaiting_home": 0,
    }
    nat = simulate_national(0, 1, params, start="observed")
    assert nat["decisions"].tolist() == [1000, 0]
    assert nat["granted"].tolist() == [600, 0]
    assert nat["rejected"].tolist() == [400, 0]
    assert nat["family"].tolist() == [300, 300]
    assert nat["housed"].tolist() == [0, 450]
    assert nat["waiting_end"].tolist() == [0, 0]
    assert nat["awaiting_home_end"].tolist() == [900, 750]
    assert nat["occupancy_end"].tolist() == [900, 750]
    assert nat["to_house"].tolist() == [900, 300]


def test_equilibrium_start_hand_computed():
    # 1000 a year -> 500 per half-year; d = 0.5 -> W* = 500/0.5 = 1000; decisions 500;
    # grant 0.5 -> 250; family 1.0 per grant -> 250; h = 0.5 -> A* = (250 + 250)/0.5 = 1000.
    params = {
        "processing_months": 12,
        "housing_wait_months": 12,
        "grant_rate": 0.5,
        "family_ratio": 1.0,
        "family_lag_halfyears": 1,
    }
    nat = simulate_national(1000, 2, params)
    assert (nat["waiting_start"] == 1000).all() and (nat["waiting_end"] == 1000).all()
    assert (nat["awaiting_home_end"] == 1000).all()
    assert (nat["decisions"] == 500).all() and (nat["granted"] == 250).all() and (nat["family"] == 250).all()
    assert (nat["housed"] == 500).all() and (nat["occupancy_end"] == 2000).all()


def test_step_in_inflow_moves_through_the_delays():
    # From equilibrium at 1000/yr, inflow doubles in year 2 (500 -> 1000 per half-year). With d = 0.5 the
    # waiting stock rises only from the period after the step: t2 start 1000, end 1000 + 1000 - 500 = 1500;
    # t3: decisions 0.5*1500 = 750 -> end 1500 + 1000 - 750 = 1750.
    params = {
        "processing_months": 12,
        "housing_wait_months": 12,
        "grant_rate": 0.5,
        "family_ratio": 1.0,
        "family_lag_halfyears": 1,
    }
    nat = simulate_national([1000, 2000], 2, params)
    assert nat["inflow"].tolist() == [500, 500, 1000, 1000]
    assert nat["waiting_end"].tolist() == [1000, 1000, 1500, 1750]
    assert nat["decisions"].tolist() == [500, 500, 500, 750]


@pytest.mark.parametrize("start", ["equilibrium", "observed"])
@pytest.mark.parametrize("richtgetal", [0, 1, 25_001, [40_000, 10_000, 90_000, 0, 5]])
def test_conservation_every_period(richtgetal, start):
    nat = simulate_national(richtgetal, 5, start=start)
    assert (check_conservation(nat) == 0).all()
    # stocks chain from one period to the next
    assert (nat["waiting_start"].iloc[1:].to_numpy() == nat["waiting_end"].iloc[:-1].to_numpy()).all()
    assert (nat["awaiting_home_start"].iloc[1:].to_numpy() == nat["awaiting_home_end"].iloc[:-1].to_numpy()).all()
    # cumulative: people in = people in stock + people out
    first = nat.iloc[0]
    people_in = first["waiting_start"] + first["awaiting_home_start"] + nat["inflow"].sum() + nat["family"].sum()
    last = nat.iloc[-1]
    people_now = last["waiting_end"] + last["awaiting_home_end"] + nat["rejected"].sum() + nat["housed"].sum()
    assert people_in == people_now
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

    observed = chart_sources("observed")
    assert "IND-nieuws 13 juli 2023" in observed  # the initial-stock source, only with the observed start
    assert "IND-nieuws 13 juli 2023" not in chart_sources("equilibrium")
    for pid in ("housing_wait_months", "family_lag_halfyears"):  # assumptions are named as such
        assert get_parameter(pid).assumption
        assert get_parameter(pid).label_nl in observed.split("Aanname", 1)[1]
    assert get_parameter("corporation_turnover").label_nl not in observed  # not used by the chart
    assert len(FLOW_PARAMETERS.defaults()) >= 7
    with pytest.raises(ValueError):
        chart_sources("nosuch")


def test_input_decimals_by_hand():
    from capacity.flow_params import get_parameter, input_decimals

    assert input_decimals(get_parameter("processing_months")) == 1  # 12, 6, 18 months → "12.0"
    assert input_decimals(get_parameter("grant_rate")) == 2  # 0.35, 0.30, 0.73
    assert input_decimals(get_parameter("family_ratio")) == 1  # 0.8, 0.4, 1.0
    assert input_decimals(get_parameter("corporation_turnover")) == 3  # 0.058
    assert input_decimals(get_parameter("initial_waiting")) == 0  # integer parameter
