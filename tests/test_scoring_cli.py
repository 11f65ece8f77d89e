"""`python -m capacity score` on the real data: table shape, formats, and one-line errors (exit 2)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from capacity.cli import main

COLUMNS = [
    "gemeentecode",
    "gemeentenaam",
    "housing_load",
    "education_load",
    "integration_load",
    "total_load",
    "rank_total",
]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["score", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_default_csv(capsys):
    code, out, err = run_cli(capsys)
    assert code == 0 and err == ""
    table = pd.read_csv(io.StringIO(out), dtype={"gemeentecode": str})
    assert list(table.columns) == COLUMNS
    assert len(table) == 342 and table.notna().all().all()
    assert sorted(table["rank_total"]) == list(range(1, 343))


def test_json_with_uncertainty_and_options(capsys, tmp_path):
    weights = tmp_path / "w.toml"
    weights.write_text("[indicators]\nwoz_waarde = 2.0\n[dimensions]\nintegration = 0.5\n", encoding="utf-8")
    code, out, _ = run_cli(
        capsys,
        "--format",
        "json",
        "--uncertainty",
        "50",
        "--normalise",
        "rank",
        "--aggregate",
        "geometric",
        "--weights",
        str(weights),
        "--winsorise",
        "0.05,0.95",
        "--log",
        "bevolkingsdichtheid",
        "--impute",
        "province_median",
    )
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 342
    assert list(rows[0]) == COLUMNS + ["rank_p05", "rank_p50", "rank_p95"]
    assert all(r["rank_p05"] <= r["rank_p50"] <= r["rank_p95"] for r in rows)


def test_weights_change_the_result(capsys, tmp_path):
    _, plain, _ = run_cli(capsys)
    weights = tmp_path / "w.toml"
    weights.write_text("[dimensions]\nhousing = 0\neducation = 0\n", encoding="utf-8")
    _, out, _ = run_cli(capsys, "--weights", str(weights))
    table = pd.read_csv(io.StringIO(out))
    assert table["total_load"].tolist() == pytest.approx(table["integration_load"].tolist(), abs=1e-4)
    assert out != plain


def test_outliers_option(capsys):
    _, default, _ = run_cli(capsys)
    code, none, _ = run_cli(capsys, "--outliers", "none")
    assert code == 0 and none != default
    a = pd.read_csv(io.StringIO(default)).set_index("gemeentecode")
    b = pd.read_csv(io.StringIO(none)).set_index("gemeentecode")
    # without treatment Zoeterwoude stretches new-build min-max, so Amsterdam's housing load rises
    assert b.loc["GM0363", "housing_load"] > a.loc["GM0363", "housing_load"]


def test_output_file(capsys, tmp_path):
    target = tmp_path / "scores.csv"
    code, out, _ = run_cli(capsys, "--output", str(target))
    assert code == 0 and out == ""
    assert len(pd.read_csv(target)) == 342


@pytest.mark.parametrize(
    "args, toml, match",
    [
        (["--normalise", "robust"], None, "invalid choice"),
        (["--format", "xml"], None, "invalid choice"),
        (["--uncertainty", "lots"], None, "whole number"),
        (["--uncertainty", "-1"], None, "from 0 to"),
        (["--winsorise", "0.9,0.1"], None, "winsorise"),
        (["--winsorise", "five"], None, "winsorise"),
        (["--log", "nope"], None, "unknown indicator"),
        (["--normalise", "distance_reference"], None, "reference"),
        (["--reference", "GM9999", "--normalise", "distance_reference"], None, "GM9999"),
        (["--weights", "/nonexistent/w.toml"], None, "not found"),
        ([], "[indicators\n", "not valid TOML"),
        ([], "[indicators]\nwoz_waarde = 'veel'\n", "must be a number"),
        ([], "[indicators]\nwoz = 1\n", "unknown indicator"),
        ([], "[dimensions]\nhousing = -2\n", "≥ 0"),
        ([], "[gewichten]\nx = 1\n", "unknown table"),
        ([], "indicators = 3\n", "must be a table"),
    ],
)
def test_bad_input_exit_2_one_line(capsys, tmp_path, args, toml, match):
    if toml is not None:
        path = tmp_path / "w.toml"
        path.write_text(toml, encoding="utf-8")
        args = [*args, "--weights", str(path)]
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and match in err


def test_module_entry_point_no_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "capacity", "score", "--aggregate", "harmonic"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
