"""Benchmark: capacity-aware matching on all 342 gemeenten (issue #17).

Run: ``python bench/bench_match.py`` (uses CAPACITY_DATA_DIR or ../shared/data). Cases:

* the issue's done-when instance (342 × 3 cohorts, dwellings ceil(inhabitants / 1,000 × 0.9) + 2,
  band 0.5, population key) through the CLI in a fresh process — target < 30 s wall clock, gap < 0.5 %;
* 342 × 5 cohorts (the three workshop cohorts plus a large family and a single parent) with school places,
  solved in-process — solve time, objective, LP bound, gap.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from capacity.keys import key_shares  # noqa: E402
from capacity.match import Cohort, check_placement, solve  # noqa: E402
from capacity.match_score import build_problem, workshop_dwellings  # noqa: E402
from geodata import load_kwb  # noqa: E402

WORKSHOP = (Cohort("alleenstaand", 6000, 1.0), Cohort("gezin", 2000, 4.2, 2.1), Cohort("stel", 1500, 2.0))
FIVE = (*WORKSHOP, Cohort("groot_gezin", 400, 6.5, 4.5), Cohort("eenoudergezin", 800, 2.8, 1.8))


def _cli_done_when(kwb) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cohorts, dwellings = Path(tmp, "cohorts.csv"), Path(tmp, "dwellings.csv")
        cohorts.write_text(
            "cohort,households,persons_per_household,children_per_household\n"
            + "".join(
                f"{c.id},{c.households},{c.persons_per_household},{c.children_per_household}\n" for c in WORKSHOP
            ),
            encoding="utf-8",
        )
        workshop_dwellings(kwb).rename("dwellings").to_csv(dwellings)
        argv = [sys.executable, "-m", "capacity", "match", "--cohorts", str(cohorts), "--dwellings", str(dwellings)]
        argv += ["--key", "population", "--band", "0.5", "--format", "json"]
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"CLI failed: {proc.stderr.strip()}")
    import json

    totals = json.loads(proc.stdout)["totals"]
    print(
        f"CLI done-when 342 × 3, band 0.5: {wall:6.2f} s wall (target < 30 s); objective {totals['objective']:.3f}, "
        f"LP bound {totals['lp_bound']:.3f}, gap {100 * totals['gap']:.3f} % (target < 0.5 %)"
    )


def _five_cohorts(kwb) -> None:
    shares = key_shares("population", kwb)
    dwellings = workshop_dwellings(kwb)
    children = sum(c.households * c.children_per_household for c in FIVE)
    # school places: an illustrative 2 % of current primary pupils, at least 5 (not data: a bench input)
    places = np.maximum(np.ceil(kwb["aantal_leerlingen_primair_onderwijs"].to_numpy(dtype=float) * 0.02), 5)
    for band in (0.5, 0.25):
        problem = build_problem(
            kwb,
            FIVE,
            shares=shares,
            band=band,
            dwellings=dwellings,
            school_places=pd.Series(places, index=dwellings.index),
        )
        t0 = time.perf_counter()
        result = solve(problem)
        seconds = time.perf_counter() - t0
        assert check_placement(problem, result.placement) == []
        print(
            f"in-process 342 × 5 (+ school places, {children:.0f} children), band {band}: {seconds:6.2f} s; "
            f"objective {result.objective:.3f}, LP bound {result.lp_bound:.3f}, gap {100 * result.gap:.3f} %, "
            f"status {result.status}"
        )


def main() -> None:
    kwb = load_kwb(2024)
    _cli_done_when(kwb)
    _five_cohorts(kwb)


if __name__ == "__main__":
    main()
