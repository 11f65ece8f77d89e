"""`python -m capacity allocate`: real-data runs, unit tables and one-line errors with exit code 2."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from capacity.cli import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["allocate", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_population_key_csv(capsys):
    code, out, err = _run(capsys, "--total", "20000", "--key", "population")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out), dtype={"gemeentecode": str})
    assert list(frame.columns[:5]) == ["gemeentecode", "gemeentenaam", "share", "quota", "allocated"]
    assert {"dwellings", "school_places_po", "school_places_vo", "inburgering_trajects", "annual_cost_eur"} <= set(
        frame.columns
    )
    assert len(frame) == 342 and frame["allocated"].sum() == 20000
    assert frame.set_index("gemeentecode").loc["GM0363", "gemeentenaam"] == "Amsterdam"


@pytest.mark.parametrize("key", ["spreidingswet", "koenigstein", "eu2015", "denmark", "sweden", "norway", "nrw"])
def test_presets_json_with_bounds(capsys, key):
    code, out, err = _run(
        capsys,
        "--total",
        "20000",
        "--key",
        key,
        "--method",
        "sainte-lague",
        "--floor",
        "2",
        "--cap-per-1000",
        "5",
        "--format",
        "json",
    )
    assert code == 0, err
    rows = json.loads(out)
    alloc = pd.DataFrame(rows)
    assert alloc["allocated"].sum() == 20000
    positive = alloc["share"] > 0
    assert (alloc.loc[positive, "allocated"] >= 2).all()
    assert (alloc["allocated"] <= alloc["inwoners"] * 5 / 1000).all()


def test_region_pledges_and_previous(capsys, tmp_path):
    pledges = tmp_path / "pledges.csv"
    pledges.write_text("gemeentecode,pledge\nGM0363,500\n")
    previous = tmp_path / "prev.csv"
    previous.write_text("gemeentecode,target,realised\nGM0599,700,650\n")
    code, out, err = _run(
        capsys,
        "--total",
        "20000",
        "--key",
        "population",
        "--pledges",
        str(pledges),
        "--previous",
        str(previous),
        "--region",
        "provincie",
    )
    assert code == 0, err
    agg = pd.read_csv(io.StringIO(out))
    assert len(agg) == 12 and agg["allocated"].sum() == 20000
    assert agg["backlog"].sum() == 50 and agg["target"].sum() == 20050
    nh = agg.set_index("naam").loc["Noord-Holland"]
    assert nh["pledge"] == 500


def test_needs_param_override(capsys):
    code, out, err = _run(capsys, "--total", "1000", "--key", "population", "--needs-param", "persons_per_dwelling=2")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert frame["dwellings"].sum() == pytest.approx(500.0)  # 1,000 persons / 2 per dwelling


def test_units_table_with_weight_columns(capsys, tmp_path):
    # hand-made unit table (not data): key 2/3 tax + 1/3 population, total 90
    units = tmp_path / "units.csv"
    units.write_text("code,naam,tax,pop\nA,Alpha,300,10\nB,Beta,100,30\n")
    code, out, err = _run(
        capsys, "--total", "90", "--units", str(units), "--weight-column", "tax=2/3", "--weight-column", "pop=1/3"
    )
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    # shares 2/3 × .75 + 1/3 × .25 = 7/12 and 5/12 → 52.5 and 37.5 → tie at .5: the larger weight (A) wins
    assert frame["allocated"].tolist() == [53, 37]
    assert frame["naam"].tolist() == ["Alpha", "Beta"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--total", "-1", "--key", "population"], "--total"),
        (["--total", "10", "--key", "nope"], "invalid choice"),
        (["--total", "10", "--key", "population", "--floor", "5"], "sum of floors 1710 exceeds the total 10"),
        (["--total", "10", "--key", "population", "--cap", "0"], "sum of caps 0 is below the total 10"),
        (["--total", "10", "--key", "koenigstein", "--param", "foo=1"], "no parameter"),
        (["--total", "10", "--key", "koenigstein", "--param", "x"], "NAME=VALUE"),
        (["--total", "10", "--key", "population", "--pledges", "/nonexistent.csv"], "not found"),
        (["--total", "10", "--key", "population", "--region", "wijk"], "unknown region layer"),
        (["--total", "10"], "--key"),
        (["--total", "ten", "--key", "population"], "whole number from 0"),
        (["--total", "10", "--key", "population", "--needs-param", "share_po=2"], "buiten"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv, message):
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err
    assert "Traceback" not in err


def test_malformed_pledges_file(capsys, tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text("code;value\nGM0363;abc\n")
    code, _, err = _run(capsys, "--total", "10", "--key", "population", "--pledges", str(bad))
    assert code == 2 and "lacks columns" in err


# --- inputs and corridor output (reviewer findings) ---------------------------------------------------


def _run_cli(argv, capsys):
    from capacity.cli import main

    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "is empty"), ("gemeentecode\n", "header but no rows"), ("gemeentecode;pledge\nGM0363;abc\n", "row 2")],
)
def test_bad_pledge_files_exit_2_naming_the_problem(tmp_path, capsys, content, message):
    f = tmp_path / "pledges.csv"
    f.write_text(content, encoding="utf-8")
    code, _, err = _run_cli(["allocate", "--total", "100", "--key", "population", "--pledges", str(f)], capsys)
    assert code == 2 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_units_file_with_semicolons_and_decimal_commas(tmp_path, capsys):
    # Hand-made fixture (not data): two units with weights 1,5 and 0,5 -> shares 3/4 and 1/4.
    f = tmp_path / "units.csv"
    f.write_text("code;naam;w\nA;Een;1,5\nB;Twee;0,5\n", encoding="utf-8")
    code, out, err = _run_cli(["allocate", "--total", "8", "--units", str(f), "--weight-column", "w"], capsys)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[1].split(",")[-1] == "6" and lines[2].split(",")[-1] == "2"


def test_corridor_output_keeps_needs_and_rates_at_both_ends(capsys):
    code, out, err = _run_cli(["allocate", "--total", "1000", "--total-high", "2000", "--key", "population"], capsys)
    assert code == 0, err
    header = out.splitlines()[0].split(",")
    for column in (
        "allocated_low_per_1000",
        "allocated_high_per_1000",
        "dwellings_low",
        "dwellings_high",
        "inburgering_trajects_high",
    ):
        assert column in header
