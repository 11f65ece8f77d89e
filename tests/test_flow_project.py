"""Specification of the full projection (capacity.flow.project) and its CLI on the real CBS data:
exact sums per period, monotonicity in the richtgetal, band ordering, the capacity indication."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from capacity.cli import main
from capacity.flow import housing_capacity_indication, project
from capacity.needs import compute_needs

CENTRAL_COUNTS = ("reception_places", "task", "due", "housed", "backlog")


@pytest.fixture(scope="module")
def corridor(kwb2024):
    return project(kwb2024, corridor=(25_000, 35_000), years=5, key="population")


def test_shape_and_periods(corridor):
    g = corridor.gemeenten
    assert len(g) == 342 * 10 and g["gemeentecode"].nunique() == 342
    assert corridor.national["period"].tolist()[:3] == ["2027-I", "2027-II", "2028-I"]
    assert corridor.reception_key == "spreidingswet" and corridor.key == "population"
    assert [s.name for s in corridor.scenarios] == ["centraal", "corridor laag", "corridor hoog"]
    # the corridor's central run is its midpoint: 30,000 a year -> 15,000 per half-year
    assert (corridor.national["inflow"] == 15_000).all()
    assert (corridor.national["inflow_low"] == 12_500).all() and (corridor.national["inflow_high"] == 17_500).all()


def test_central_sums_are_exact_per_period(corridor):
    nat = corridor.national.set_index("period")
    sums = corridor.gemeenten.groupby("period")[list(CENTRAL_COUNTS)].sum()
    assert (sums["reception_places"] == nat["occupancy_end"]).all()
    assert (sums["task"] == nat["to_house"]).all()
    assert (sums["housed"] == nat["housed"]).all()
    assert (sums["backlog"] == nat["awaiting_home_end"]).all()
    for c in CENTRAL_COUNTS:
        assert corridor.gemeenten[c].dtype.kind == "i", c


def test_corridor_ends_are_exact_runs_too(corridor):
    # With house-monotone rounding, the low end of every gemeente is the low-corridor run itself,
    # so the low columns add up to the national low figure as well.
    nat = corridor.national.set_index("period")
    sums = corridor.gemeenten.groupby("period")[["task_low", "task_high", "reception_places_low"]].sum()
    assert (sums["task_low"] == nat["to_house_low"]).all()
    assert (sums["task_high"] == nat["to_house_high"]).all()
    assert (sums["reception_places_low"] == nat["occupancy_end_low"]).all()


def test_needs_add_up_to_the_needs_of_the_national_task(corridor):
    nat = corridor.national.set_index("period")
    national_needs = compute_needs(nat["to_house"])
    sums = corridor.gemeenten.groupby("period")[list(national_needs.columns)].sum()
    np.testing.assert_allclose(sums.loc[nat.index].to_numpy(), national_needs.to_numpy(), rtol=1e-9)


def test_band_ordering_low_central_high(kwb2024):
    res = project(kwb2024, corridor=(20_000, 40_000), years=3, param_ranges=True, start="observed")
    assert len(res.scenarios) > 3
    for frame in (res.national, res.gemeenten):
        for c in [c for c in frame.columns if f"{c}_low" in frame.columns]:
            assert (frame[f"{c}_low"] <= frame[c]).all(), c
            assert (frame[c] <= frame[f"{c}_high"]).all(), c
    # the parameter ranges widen the band beyond the corridor alone
    plain = project(kwb2024, corridor=(20_000, 40_000), years=3, start="observed")
    assert (res.gemeenten["dwellings_high"] >= plain.gemeenten["dwellings_high"] - 1e-9).all()
    assert (res.gemeenten["dwellings_high"] > plain.gemeenten["dwellings_high"] + 1e-9).any()


@pytest.mark.parametrize("start", ["equilibrium", "observed"])
def test_higher_richtgetal_never_lowers_any_gemeente_need(kwb2024, start):
    cols = ["reception_places", "task", "dwellings", "school_places_po", "school_places_vo", "inburgering_trajects"]
    previous = None
    for r in (24_999, 25_000, 25_001, 27_500, 35_000):
        current = project(kwb2024, richtgetal=r, years=5, start=start).gemeenten[cols].to_numpy()
        if previous is not None:
            assert (current >= previous - 1e-9).all(), r
        previous = current


def test_bad_projection_input(kwb2024):
    with pytest.raises(ValueError, match="óf een richtgetal óf een corridor"):
        project(kwb2024, years=5)
    with pytest.raises(ValueError, match="groter dan hoog"):
        project(kwb2024, corridor=(35_000, 25_000))
    with pytest.raises(KeyError):
        project(kwb2024, richtgetal=1000, key="bestaat_niet")
    with pytest.raises(ValueError, match="grant_rate"):
        project(kwb2024, richtgetal=1000, params={"grant_rate": 2})


def test_capacity_indication_hand_computed(kwb2024):
    # Two half-years of a made-up need for GM0363 (fixture): 100 + 60 = 160 dwellings in 2027.
    rows = pd.DataFrame({"gemeentecode": ["GM0363", "GM0363"], "year": [2027, 2027], "dwellings": [100.0, 60.0]})
    ref = kwb2024.set_index("gemeentecode").loc["GM0363"]
    stock = ref["woningvoorraad"] * ref["perc_huurwoningen_in_bezit_woningcorporaties"] / 100
    out = housing_capacity_indication(rows, kwb2024, {"corporation_turnover": 0.05}).iloc[0]
    assert out["dwellings"] == 160
    assert out["pct_of_new_build"] == pytest.approx(100 * 160 / ref["aantal_nieuwbouw_woningen"])
    assert out["pct_of_turnover"] == pytest.approx(100 * 160 / (0.05 * stock))


# --- CLI ---------------------------------------------------------------------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["project", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_done_when_command(capsys):
    code, out, err = _cli(capsys, "--corridor", "25000", "35000", "--years", "5", "--key", "population")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert len(frame) == 3420
    for c in ("reception_places", "task", "backlog", "dwellings"):
        assert {c, f"{c}_low", f"{c}_high"} <= set(frame.columns)
    assert frame.loc[frame.gemeentecode == "GM0363", "gemeentenaam"].iloc[0] == "Amsterdam"
    code, nat_out, _ = _cli(capsys, "--corridor", "25000", "35000", "--years", "5", "--national")
    nat = pd.read_csv(io.StringIO(nat_out)).set_index("period")
    sums = frame.groupby("period")[["task", "reception_places"]].sum()
    assert (sums["task"] == nat["to_house"]).all() and (sums["reception_places"] == nat["occupancy_end"]).all()


def test_cli_json_capacity_and_filter(capsys, tmp_path):
    params = tmp_path / "p.toml"
    params.write_text("[params]\ngrant_rate = 0.5\n")
    code, out, err = _cli(
        capsys,
        "--richtgetal",
        "30000",
        "--years",
        "2",
        "--capacity",
        "--gemeente",
        "GM0363",
        "--params",
        str(params),
        "--format",
        "json",
    )
    assert code == 0, err
    records = json.loads(out)
    assert [r["year"] for r in records] == [2027, 2028]
    assert all(r["gemeentecode"] == "GM0363" and r["pct_of_new_build"] > 0 for r in records)


@pytest.mark.parametrize(
    "argv",
    [
        ["--corridor", "35000", "25000"],
        ["--richtgetal", "abc"],
        ["--richtgetal", "-5"],
        ["--richtgetal", "30000", "--years", "0"],
        ["--richtgetal", "30000", "--key", "nope"],
        ["--richtgetal", "30000", "--params", "/does/not/exist.toml"],
        ["--richtgetal", "30000", "--gemeente", "GM9999"],
        ["--richtgetal", "1", "2", "3", "--years", "2"],
        ["--richtgetal", "30000", "--method", "foo"],
        ["--years", "5"],
        ["--richtgetal", "30000", "--corridor", "1", "2"],
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(capsys, argv):
    code, out, err = _cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err


def test_cli_bad_params_file_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("grant_rate = 7\n")
    code, _, err = _cli(capsys, "--richtgetal", "30000", "--params", str(bad))
    assert code == 2 and "grant_rate" in err and err.count("\n") == 1
