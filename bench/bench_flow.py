"""Benchmark: a 5-year projection for all 342 gemeenten (10 half-years), corridor included.

Run: ``python bench/bench_flow.py`` (uses CAPACITY_DATA_DIR or ../shared/data). Prints the median of
a few repetitions for: the national model alone, a fixed richtgetal, a corridor (3 runs) and a
corridor with the one-at-a-time parameter band (13 runs), each with needs per gemeente.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from capacity.flow import project, simulate_national  # noqa: E402
from geodata import load_kwb  # noqa: E402


def _time(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    kwb = load_kwb(2024)
    project(kwb, richtgetal=30_000, years=5)  # warm-up (imports, key shares)
    cases = {
        "national model only (10 half-years)": lambda: simulate_national(30_000, 5),
        "fixed richtgetal 30.000, 5 years, 342 gemeenten": lambda: project(kwb, richtgetal=30_000, years=5),
        "corridor 25.000-35.000, 5 years (3 runs)": lambda: project(kwb, corridor=(25_000, 35_000), years=5),
        "corridor + parameter ranges (one at a time)": lambda: project(
            kwb, corridor=(25_000, 35_000), years=5, param_ranges=True
        ),
    }
    for name, fn in cases.items():
        print(f"{name:<50} {_time(fn) * 1000:8.1f} ms (median of 5)")
    result = project(kwb, corridor=(25_000, 35_000), years=5, param_ranges=True)
    print(f"scenarios in the banded run: {len(result.scenarios)}; rows: {len(result.gemeenten)}")


if __name__ == "__main__":
    main()
