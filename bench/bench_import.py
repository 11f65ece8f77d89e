"""Importer under hostile and large inputs: time and peak Python memory per file. Plain script, prints a table.

    python bench/bench_import.py

Targets (issue #12): every file gets a verdict well within the wall-clock budget (``Limits.time_budget_s``,
20 s) and with bounded memory (peak traced allocation < 300 MB). Files: the round-2 hostile corpus
(tests/bad_inputs) and generated worst-case legitimate shapes (342 × 300 CSV and XLSX, 5,000 rows).
A measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bad_inputs"))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import openpyxl  # noqa: E402

from geodata.importer import DEFAULT_LIMITS, read_table  # noqa: E402
from geodata.importer.interpret import official_names  # noqa: E402


def generated() -> dict[str, bytes]:
    rng = random.Random(1)
    codes = list(official_names()["gemeentecode"])
    wide = ["code;" + ";".join(f"k{j}" for j in range(299))]
    wide += [c + ";" + ";".join(f"{rng.random():.6f}".replace(".", ",") for _ in range(299)) for c in codes]
    long = ["code;aantal"] + [f"{codes[i % 342]};{i}" for i in range(4990)]
    wb = openpyxl.Workbook()
    wb.active.append(["code"] + [f"k{j}" for j in range(299)])
    for c in codes:
        wb.active.append([c] + [rng.random() for _ in range(299)])
    buf = io.BytesIO()
    wb.save(buf)
    return {
        "342x300.csv": "\n".join(wide).encode(),
        "4990 rows (duplicates).csv": "\n".join(long).encode(),
        "342x300.xlsx": buf.getvalue(),
        "5 MB of separators.csv": b"code;aantal\nGM0363;1\n" + b";" * (5_000_000),
    }


def main() -> None:
    from corpus_round2 import CASES2

    files = {name: data for name, data, *_ in CASES2} | generated()
    official_names()  # load the reference table once, outside the measurement
    print(f"{'file':34} {'KB':>7} {'seconds':>8} {'peak MB':>8}  verdict")
    for name, data in files.items():
        tracemalloc.start()
        t0 = time.perf_counter()
        result = read_table(data, name)
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        verdict = "ok" if result.ok else (result.errors()[0].text[:60] if result.errors() else "rejected")
        print(f"{name:34} {len(data) / 1024:7.0f} {seconds:8.2f} {peak:8.1f}  {verdict}")
    print(f"budget: {DEFAULT_LIMITS.time_budget_s:g} s; memory target: 300 MB")


if __name__ == "__main__":
    main()
