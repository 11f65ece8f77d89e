"""Every file of the bad-input corpus (tests/bad_inputs, manifest.csv) gets its expected message.

Run through the pure importer and through `python -m geodata validate` (in-process dispatcher;
one real subprocess checks there is no traceback). The AppTest upload path is in
test_page_eigen_data.py.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.importer import MAX_BYTES, read_table

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
ROOT = Path(__file__).resolve().parents[1]


def load_manifest() -> list[dict[str, str]]:
    with open(CORPUS / "manifest.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


MANIFEST = load_manifest()


def test_corpus_is_big_enough_and_complete():
    files = {p.name for p in CORPUS.iterdir() if p.name not in ("manifest.csv", "__pycache__") and p.suffix != ".py"}
    assert len(MANIFEST) >= 40
    assert files == {row["file"] for row in MANIFEST}
    assert sum(row["ok"] == "0" for row in MANIFEST) >= 30


@pytest.mark.parametrize("case", MANIFEST, ids=[row["file"] for row in MANIFEST])
def test_importer_gives_expected_message(case):
    data = (CORPUS / case["file"]).read_bytes()
    result = read_table(data, case["file"], case["sheet"] or None, max_bytes=int(case["max_bytes"] or MAX_BYTES))
    assert result.ok is (case["ok"] == "1"), [str(m) for m in result.report]
    hits = [m for m in result.report if case["expect"] in m.text and m.level == case["level"]]
    assert hits, [str(m) for m in result.report]
    if not result.ok:
        assert result.frame.empty
        assert result.errors()
    else:
        assert result.frame.index.name == "gemeentecode"
        assert result.frame.index.str.fullmatch(r"GM\d{4}").all()
        assert all(str(dtype) == "float64" for dtype in result.frame.dtypes)


def test_row_and_column_are_named():
    result = read_table((CORPUS / "text_in_numeric_column.csv").read_bytes(), "text_in_numeric_column.csv")
    err = result.errors()[0]
    assert (err.row, err.column) == (3, "aantal")
    assert str(err) == "Fout (rij 3, kolom 'aantal'): Geen getal: 'veel' in een kolom met getallen."


CLI_CASES = [row for row in MANIFEST if not row["max_bytes"]]


@pytest.mark.parametrize("case", CLI_CASES, ids=[row["file"] for row in CLI_CASES])
def test_cli_exit_code_and_message(case, capsys):
    from geodata.cli import main

    argv = ["validate", str(CORPUS / case["file"])]
    if case["sheet"]:
        argv += ["--sheet", case["sheet"]]
    code = main(argv)
    out = capsys.readouterr().out
    assert code == (0 if case["ok"] == "1" else 2)
    assert case["expect"] in out
    assert out.strip().splitlines()[-1].startswith("Bruikbaar" if case["ok"] == "1" else "Afgewezen")


def test_cli_missing_file_is_one_line(capsys):
    from geodata.cli import main

    assert main(["validate", str(CORPUS / "does_not_exist.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "kan niet worden geopend" in err[0]


def test_cli_too_large_file(tmp_path, capsys):
    from geodata.cli import main

    big = tmp_path / "big.csv"
    big.write_bytes(b"code;aantal\n" + b"GM0363;1\n" * (MAX_BYTES // 9 + 10))
    assert main(["validate", str(big)]) == 2
    assert "de grens is 5 MB" in capsys.readouterr().out


def test_cli_subprocess_has_no_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "geodata", "validate", str(CORPUS / "formula_cells.xlsx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "Cel B3 bevat een formule" in proc.stdout
