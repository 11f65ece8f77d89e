"""Issue #12: the CLI convention of every command — a bad argument or input file ends with exit code 2 and
exactly one stderr line (no traceback, no library warning), notes only on success, ranged numbers,
bounded reads (FIFOs and devices refused without blocking)."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from geodata.cli_support import cli_main, int_arg, parse_number

ROOT = Path(__file__).resolve().parents[1]
DIGITS_331 = "9" * 331


def _one_line(capsys, main, argv):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


def _capacity(argv):
    from capacity.cli import main

    return main(argv)


def _geodata(argv):
    from geodata.cli import main

    return main(argv)


CAPACITY_CASES = [
    (["allocate", "--total", DIGITS_331, "--key", "population"], "331 digits"),
    (["allocate", "--total", "1e29", "--key", "population"], "whole number from 0 to"),
    (["allocate", "--total", "100000000000000000000000000000", "--key", "population"], "whole number from 0 to"),
    (["allocate", "--total", "10", "--key", "koenigstein", "--param", "fiscal_capacity=1e400"], "too large"),
    (["allocate", "--total", "10", "--key", "koenigstein", "--param", f"fiscal_capacity={DIGITS_331}"], "digits"),
    (["allocate", "--total", "10", "--key", "population", "--cap-per-1000", "inf"], "--cap-per-1000"),
    (["allocate", "--total", "10", "--key", "population", "--pledges", "/dev/zero"], "not a regular file"),
    (["score", "--weights", "/dev/zero"], "not a regular file"),
    (["score", "--uncertainty", DIGITS_331], "digits"),
    (["project", "--richtgetal", "1000", "--params", "/dev/zero"], "not a regular file"),
    (["project", "--richtgetal", "1000", "--start-year", "-5"], "2022 to 2040"),
    (["project", "--richtgetal", "1000", "--start-year", "99999"], "2022 to 2040"),
    (["project", "--richtgetal", DIGITS_331], "digits"),
]


@pytest.mark.parametrize(("argv", "message"), CAPACITY_CASES, ids=[" ".join(a)[:60] for a, _ in CAPACITY_CASES])
def test_capacity_bad_input_exit_2_one_line(capsys, argv, message):
    code, out, err = _one_line(capsys, _capacity, argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
    assert "Traceback" not in err and "Warning" not in err


def test_fifo_inputs_are_refused_without_blocking(capsys, fifo):
    for main, argv in (
        (_capacity, ["allocate", "--total", "10", "--key", "population", "--pledges", str(fifo)]),
        (_capacity, ["score", "--weights", str(fifo)]),
        (_capacity, ["project", "--richtgetal", "1000", "--params", str(fifo)]),
        (_geodata, ["validate", str(fifo)]),
    ):
        code, _, err = _one_line(capsys, main, argv)
        assert code == 2 and err.count("\n") == 1, err
        assert "regular file" in err or "geen gewoon bestand" in err


def test_bad_pledge_contents_are_one_line(capsys, tmp_path):
    for content, message in (
        ("gemeentecode;pledge\nGM0363;inf\n", "not a finite number"),
        ('gemeentecode;pledge\nGM0363;"5\nGM0518;3\n', "aanhalingsteken"),
        ("gemeentecode;pledge\nGM0363;" + "9" * 400 + "\n", "not a finite number"),
    ):
        path = tmp_path / "p.csv"
        path.write_text(content, encoding="utf-8")
        code, _, err = _one_line(
            capsys, _capacity, ["allocate", "--total", "100", "--key", "population", "--pledges", str(path)]
        )
        assert code == 2 and err.count("\n") == 1 and message in err, err


def test_cli_main_hides_notes_and_warnings_on_failure(capsys):
    @cli_main
    def failing(argv):
        print("note: proxy used", file=sys.stderr)
        warnings.warn("library noise", RuntimeWarning, stacklevel=1)
        np.array([1.0]) / np.array([0.0])
        raise OverflowError("int too large to convert to float")

    assert failing([]) == 2
    err = capsys.readouterr().err
    assert err == "error: a number is too large or not finite\n"


def test_cli_main_shows_notes_on_success_without_warnings(capsys):
    @cli_main
    def ok(argv):
        print("note: proxy used", file=sys.stderr)
        warnings.warn("library noise", RuntimeWarning, stacklevel=1)
        np.array([1e308]) * 10
        return 0

    assert ok([]) == 0
    assert capsys.readouterr().err == "note: proxy used\n"


def test_number_rules():
    assert parse_number("2/3", "w") == pytest.approx(2 / 3)
    assert parse_number("\u22121.5", "w") == -1.5
    for bad in ("1e400", "nan", "inf", DIGITS_331, "1/0", "abc"):
        with pytest.raises(ValueError):
            parse_number(bad, "w")
    parse = int_arg(2022, 2040, "--start-year")
    assert parse("2030") == 2030
    for bad in ("2021", "2041", "-5", "1e3", DIGITS_331):
        with pytest.raises(Exception, match="2022 to 2040"):
            parse(bad)


@pytest.mark.parametrize(
    "argv",
    [
        ["capacity", "allocate", "--total", "10", "--key", "population", "--weights-typo"],
        ["capacity", "allocate", "--total", "10", "--key", "population", "--pledges", "/dev/zero"],
        ["capacity", "score", "--weights", "FIFO"],
        ["geodata", "validate", "FIFO"],
    ],
)
def test_subprocess_no_traceback_no_hang(tmp_path, argv):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    argv = [str(fifo) if a == "FIFO" else a for a in argv]
    proc = subprocess.run(
        [sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
