"""Back-test of the flow model against the published national figures 2023–2025 (issue #16, done-when).

The published figures, their sources and their role live in ``capacity.flow_data.FIGURES``; the test
reads the model's national CSV exactly as a user gets it from the CLI.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from capacity.cli import main
from capacity.flow_backtest import run_backtest, summary
from capacity.flow_data import FIGURES, figure, observed_stocks, targets

DONE_WHEN = [
    "project",
    "--richtgetal",
    "38377",
    "32180",
    "24200",
    "--years",
    "3",
    "--start",
    "observed",
    "--start-year",
    "2023",
    "--national",
    "--format",
    "csv",
]


def _published(fid: str) -> float:
    return float(figure(fid).value)


def test_done_when_command_reproduces_the_published_figures(capsys):
    assert main(DONE_WHEN) == 0
    out, _ = capsys.readouterr()
    nat = pd.read_csv(io.StringIO(out)).set_index("period")
    required = {"decisions", "to_house", "housed", "waiting_end", "awaiting_home_end", "occupancy_end"}
    assert required <= set(nat.columns)
    assert list(nat.index) == ["2023-I", "2023-II", "2024-I", "2024-II", "2025-I", "2025-II"]
    model = {
        "task_2023_1": nat.loc["2023-I", "to_house"],
        "task_2025_1": nat.loc["2025-I", "to_house"],
        "task_2025_2": nat.loc["2025-II", "to_house"],
        "occupancy_2024_01": nat.loc["2023-II", "occupancy_end"],
        "occupancy_2025_01": nat.loc["2024-II", "occupancy_end"],
        "decisions_2023": nat.loc[["2023-I", "2023-II"], "decisions"].sum(),
        "waiting_2024_01": nat.loc["2023-II", "waiting_end"],
        "awaiting_2024_12": nat.loc["2024-II", "awaiting_home_end"],
        "housed_2024": nat.loc[["2024-I", "2024-II"], "housed_from_reception"].sum(),
    }
    errors = {k: abs(v - _published(k)) / _published(k) for k, v in model.items()}
    assert sum(errors.values()) / len(errors) <= 0.15, errors
    assert max(errors.values()) <= 0.30, errors
    # the same figures, the same numbers as the back-test table
    table = run_backtest().set_index("id")
    assert set(table.index) == set(model)
    for k, v in model.items():
        assert table.loc[k, "model"] == v


def test_backtest_cli_needs_no_richtgetal_and_reports_held_out_error(capsys):
    assert main(["project", "--backtest"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    rows = [line for line in out.splitlines() if not line.startswith("#")]
    table = pd.read_csv(io.StringIO("\n".join(rows)))
    assert {"model", "published", "error", "role"} <= set(table.columns)
    assert set(table["role"]) == {"calibration", "held-out"}
    stats = dict(line[2:].split(",") for line in out.splitlines() if line.startswith("# "))
    assert float(stats["mae"]) <= 0.15 and float(stats["max_abs_error"]) <= 0.30
    assert "mae_held_out" in stats and "mae_calibration" in stats


def test_backtest_with_other_parameters_changes_the_errors():
    base = summary(run_backtest())
    worse = summary(run_backtest({"grant_rate": 0.3, "ind_capacity": 4000}))
    assert worse["mae"] > base["mae"]


def test_every_published_figure_is_sourced_and_targets_name_a_model_column():
    for f in FIGURES:
        assert f.source, f.id
        assert f.url.startswith("https://") or f.press, f.id  # a figure without a link is a press report
    for f in targets():
        assert f.column and f.period and f.target in {"calibration", "held-out"}
    assert figure("task_2025_1").value == 15_000  # the lowered taakstelling, not 17,700


@pytest.mark.parametrize("year", [2022, 2023, 2031, 2040])
def test_start_year_range_and_stock_dates(capsys, year):
    code = main(
        [
            "project",
            "--richtgetal",
            "30000",
            "--years",
            "1",
            "--national",
            "--start",
            "observed",
            "--start-year",
            str(year),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("period,")
    exact = all(v.exact for k, v in observed_stocks(year).items() if k != "backlog")
    assert exact == (year == 2023)
    assert ("nearest dates used" in err) != exact


@pytest.mark.parametrize("year", ["2021", "2041"])
def test_start_year_out_of_range_is_one_line_exit_2(capsys, year):
    code = main(["project", "--richtgetal", "30000", "--start-year", year])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and "start-year" in err


def test_backtest_refuses_a_richtgetal(capsys):
    assert main(["project", "--backtest", "--richtgetal", "1"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_help_description_is_a_whole_sentence(capsys):
    try:
        assert main(["project", "--help"]) == 0
    except SystemExit as exc:  # argparse's own exit, if the CLI does not catch it
        assert exc.code == 0
    out = capsys.readouterr().out
    assert "with a band." in out.replace("\n", " ").replace("  ", " ")


def test_no_published_years_lets_the_parameters_apply_to_2023(capsys):
    argv = ["project", "--richtgetal", "38377", "--years", "1", "--national", "--start", "observed"]
    argv += ["--start-year", "2023"]
    assert main(argv) == 0
    published = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert main([*argv, "--no-published-years"]) == 0
    own = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert published["decisions"].tolist() == [13_106, 4_384]  # 17,490 split like the published stock outflow
    assert own["decisions"].tolist() != published["decisions"].tolist()
