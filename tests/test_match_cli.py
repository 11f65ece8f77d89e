"""`python -m capacity match` on the real KWB 2024 data, the outcome score and the dwellings proxy."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from capacity.cli import main
from capacity.flow_params import resolve_params as resolve_flow_params
from capacity.keys import key_shares
from capacity.match import Cohort, check_placement, fairness_bounds
from capacity.match_score import (
    MATCH_PARAMETERS,
    SCORE_TERMS,
    build_problem,
    cohort_scores,
    proxy_dwellings,
    score_table,
    workshop_dwellings,
)

WORKSHOP = "cohort,households,persons_per_household,children_per_household\nalleenstaand,6000,1,0\ngezin,2000,4.2,2.1\nstel,1500,2,0\n"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["match", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def files(tmp_path_factory, kwb2024):
    root = tmp_path_factory.mktemp("match")
    (root / "cohorts.csv").write_text(WORKSHOP, encoding="utf-8")
    workshop_dwellings(kwb2024).rename("dwellings").to_csv(root / "dwellings.csv")
    return root


def test_done_when_workshop_instance(capsys, files, kwb2024):
    """342 gemeenten, the issue's three cohorts, ceil(inh/1000 × 0.9) + 2 dwellings, band 0.5, population."""
    code, out, err = _run(
        capsys,
        *("--cohorts", str(files / "cohorts.csv"), "--dwellings", str(files / "dwellings.csv")),
        *("--key", "population", "--band", "0.5", "--format", "json"),
    )
    assert code == 0, err
    payload = json.loads(out)
    rows = pd.DataFrame(payload["rows"])
    body = rows[rows["gemeentecode"] != "TOTAL"]
    assert len(body) == 342 * 3  # zeros included
    assert {"gemeentecode", "cohort", "households", "persons", "score"} <= set(rows.columns)
    assert (body["households"] == body["households"].round()).all()
    assert body.groupby("cohort")["households"].sum().to_dict() == {"alleenstaand": 6000, "gezin": 2000, "stel": 1500}
    totals = payload["totals"]
    assert totals["persons"] == pytest.approx(6000 + 2000 * 4.2 + 1500 * 2)
    assert totals["gap"] < 0.005 and totals["objective"] <= totals["lp_bound"] + 1e-6
    all_row = rows[(rows["gemeentecode"] == "TOTAL") & (rows["cohort"] == "ALL")].iloc[0]
    assert all_row["contribution"] == pytest.approx(totals["objective"], rel=1e-9)
    # every constraint, recomputed independently of the solver
    dwellings = workshop_dwellings(kwb2024)
    per = body.groupby("gemeentecode", sort=False)[["households", "persons"]].sum()
    assert (per["households"] <= dwellings.reindex(per.index)).all()
    shares = key_shares("population", kwb2024).reindex(per.index).to_numpy()
    lower, upper = fairness_bounds(shares, totals["persons"], 0.5)
    assert (per["persons"].to_numpy() >= lower - 1e-6).all() and (per["persons"].to_numpy() <= upper + 1e-6).all()
    assert payload["costs"] and all("\n" not in line for line in payload["costs"])
    assert payload["shadow_prices"]["price_of_fairness"] >= 0


def test_csv_output_with_totals(capsys, files):
    code, out, err = _run(capsys, "--cohorts", str(files / "cohorts.csv"), "--band", "0.5")  # proxy dwellings
    assert code == 0, err
    assert err.startswith("note: dwellings: proxy") and "error" not in err  # the proxy is named on success
    frame = pd.read_csv(io.StringIO(out), dtype={"gemeentecode": str})
    assert list(frame.columns[:4]) == ["gemeentecode", "gemeentenaam", "cohort", "households"]
    totals = frame[frame["gemeentecode"] == "TOTAL"].set_index("cohort")
    assert list(totals.index) == ["alleenstaand", "gezin", "stel", "ALL"]
    assert totals.loc["ALL", "households"] == 9500 and totals.loc["ALL", "persons"] == pytest.approx(17400)


def test_exit_2_when_dwellings_cannot_hold_households(capsys, files, tmp_path, kwb2024):
    small = workshop_dwellings(kwb2024) * 0 + 1
    small.rename("dwellings").to_csv(tmp_path / "small.csv")
    code, out, err = _run(capsys, "--cohorts", str(files / "cohorts.csv"), "--dwellings", str(tmp_path / "small.csv"))
    assert code == 2 and out == ""  # --band is required: argparse error first
    code, out, err = _run(
        capsys, "--cohorts", str(files / "cohorts.csv"), "--dwellings", str(tmp_path / "small.csv"), "--band", "0.5"
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "Σ dwellings (342) < households (9,500)" in err


@pytest.mark.parametrize(
    ("cohorts", "extra", "text"),
    [
        ("cohort,households\nx,1\n", (), "lacks columns"),
        ("cohort,households,persons_per_household\nx,1.5,1\n", (), "whole number"),
        ("cohort,households,persons_per_household\nx,1,abc\n", (), "row 2, column 'persons_per_household'"),
        ("cohort,households,persons_per_household\nx,1,1\nx,2,1\n", (), "twice"),
        ("cohort,households,persons_per_household,children_per_household\nx,1,2,3\n", (), "children"),
        ("cohort,households,persons_per_household\nx,-1,1\n", (), "households"),
        (WORKSHOP, ("--band", "-1"), "--band"),
        (WORKSHOP, ("--band", "0.5", "--score-param", "w_onbekend=1"), "onbekende parameter"),
        (WORKSHOP, ("--band", "0.5", "--objective", "geluk"), "invalid choice"),
        (WORKSHOP, ("--band", "0.0", "--key", "population"), "infeasible"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, tmp_path, cohorts, extra, text):
    path = tmp_path / "c.csv"
    path.write_text(cohorts, encoding="utf-8")
    argv = ["--cohorts", str(path), *(extra or ("--band", "0.5"))]
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == "", err
    assert err.count("\n") == 1 and text in err, err


def test_dwellings_file_checks(capsys, files, tmp_path):
    bad = tmp_path / "d.csv"
    bad.write_text("gemeentecode,dwellings\nGM0014,10\n", encoding="utf-8")
    code, _, err = _run(capsys, "--cohorts", str(files / "cohorts.csv"), "--dwellings", str(bad), "--band", "0.5")
    assert code == 2 and "lacks 341 of 342 gemeenten" in err
    bad.write_text("gemeentecode,dwellings\nGM9999,10\n", encoding="utf-8")
    code, _, err = _run(capsys, "--cohorts", str(files / "cohorts.csv"), "--dwellings", str(bad), "--band", "0.5")
    assert code == 2 and "unknown gemeentecode" in err and "GM9999" in err


def test_school_places_column_is_used(capsys, files, tmp_path, kwb2024):
    """School places only where the score for children is worst: families must spread to those gemeenten."""
    table = score_table(kwb2024)
    worst = table["school"].nsmallest(200).index
    frame = pd.DataFrame({"dwellings": workshop_dwellings(kwb2024)})
    frame["school_places"] = np.where(frame.index.isin(worst), 1000, 0)
    frame.to_csv(tmp_path / "d.csv")
    code, out, err = _run(
        capsys, "--cohorts", str(files / "cohorts.csv"), "--dwellings", str(tmp_path / "d.csv"), "--band", "0.5"
    )
    assert code == 0, err
    rows = pd.read_csv(io.StringIO(out), dtype={"gemeentecode": str})
    families = rows[(rows["cohort"] == "gezin") & (rows["households"] > 0) & (rows["gemeentecode"] != "TOTAL")]
    assert set(families["gemeentecode"]) <= set(worst)


# --- score and proxy -------------------------------------------------------------------------------
def test_score_table_ranks_and_weights(kwb2024):
    table = score_table(kwb2024)
    assert len(table) == 342 and table.attrs["imputed"] == {}
    for term in SCORE_TERMS:
        rank = table[f"{term.id}_rank"]
        assert rank.between(0, 1).all() and rank.min() == 0 and rank.max() == 1
    assert table["labour"].between(0, 1).all() and table["school"].between(0, 1).all()
    # inverted term: the gemeente with most benefit recipients per 1,000 aged 15–65 ranks lowest
    worst = table["uitkeringen_per_1000_15_65"].idxmax()
    assert table.loc[worst, "uitkeringen_per_1000_15_65_rank"] == 0
    only_benefits = score_table(kwb2024, {"w_vestigingen": 0})
    assert np.allclose(only_benefits["labour"], table["uitkeringen_per_1000_15_65_rank"])


def test_cohort_scores_objectives(kwb2024):
    table = score_table(kwb2024)
    cohorts = [Cohort("single", 1, 1.0), Cohort("family", 1, 4.2, 2.1)]
    outcome = cohort_scores(table, cohorts)
    assert np.allclose(outcome[:, 0], table["labour"]) and np.allclose(
        outcome[:, 1], 2.1 * table["labour"] + 2.1 * table["school"]
    )
    assert np.allclose(cohort_scores(table, cohorts, "school")[:, 0], 0)
    assert np.allclose(cohort_scores(table, cohorts, "labour", {"w_volwassenen": 2})[:, 0], 2 * table["labour"])
    with pytest.raises(ValueError, match="objective"):
        cohort_scores(table, cohorts, "happiness")


def test_dwellings_proxy_and_workshop_formula(kwb2024):
    proxy = proxy_dwellings(kwb2024)
    assert len(proxy) == 342 and (proxy >= 2).all()
    stock = kwb2024["woningvoorraad"] * kwb2024["perc_huurwoningen_in_bezit_woningcorporaties"] / 100
    turnover = resolve_flow_params()["corporation_turnover"]  # the flow model's registry, not a copy
    expected = np.maximum(np.ceil(np.round(stock.to_numpy() * turnover * 0.079, 9)), 2)
    assert np.array_equal(proxy.to_numpy(), expected)
    workshop = workshop_dwellings(kwb2024)
    inh = kwb2024["aantal_inwoners"].to_numpy()
    assert np.array_equal(workshop.to_numpy(), np.ceil(inh / 1000 * 0.9) + 2)


def test_parameters_are_sourced_or_assumptions():
    for p in MATCH_PARAMETERS:
        assert p.source or p.assumption
    assert not MATCH_PARAMETERS.get("aandeel_vrijkomend_statushouders").assumption


def test_build_problem_alignment(kwb2024):
    shares = key_shares("population", kwb2024)
    with pytest.raises(ValueError, match="dwellings: no value for 1 gemeenten"):
        build_problem(
            kwb2024, [Cohort("x", 1, 1.0)], shares=shares, band=0.5, dwellings=workshop_dwellings(kwb2024)[1:]
        )
    problem = build_problem(kwb2024, [Cohort("x", 100, 1.0)], shares=shares, band=0.5)
    assert problem.dwellings.shape == (342,) and check_placement is not None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--cohorts", "/dev/zero", "--band", "0.5"), "not a regular file"),
        (("--band", "inf"), "--band"),
        (("--band", "9" * 331), "digits"),
        (("--band", "0.5", "--time-limit", "0"), "--time-limit"),
        (("--band", "0.5", "--dwellings", "/dev/zero"), "not a regular file"),
        (("--band", "0.5", "--param", "strength=abc"), "not a number"),
    ],
)
def test_robust_arguments_one_line(capsys, files, argv, message):
    """The shared CLI convention (issue #12): ranged numbers, bounded reads, one line, exit 2."""
    argv = argv if "--cohorts" in argv else ("--cohorts", str(files / "cohorts.csv"), *argv)
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err
