"""Timings of the scoring engine on the real KWB 2024 data (342 gemeenten); prints measurements.

Run: ``python bench/bench_scoring.py [--draws 10000] [--repeat 5]``. Target from the issue: a Monte
Carlo of 10,000 draws in about a second or less. Reports the best and median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from capacity.explain import explain  # noqa: E402
from capacity.scoring import ScoreConfig, compute_scores  # noqa: E402
from capacity.similar import similar_gemeenten  # noqa: E402
from capacity.uncertainty import run_uncertainty  # noqa: E402
from geodata import load_kwb, load_region_lookup  # noqa: E402


def timed(label: str, fn, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    print(f"{label:<58} best {min(times) * 1000:9.1f} ms   median {statistics.median(times) * 1000:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    kwb = load_kwb(2024)
    lookup = load_region_lookup()
    print(f"{len(kwb)} gemeenten, {os.cpu_count()} CPUs, numpy/pandas vectorised")
    result = compute_scores(kwb)
    timed("compute_scores (default: min-max, arithmetic)", lambda: compute_scores(kwb), args.repeat)
    cfg = ScoreConfig(
        normalise="goalposts",
        aggregate="geometric",
        winsorise=(0.05, 0.95),
        log=("bevolkingsdichtheid", "woz_waarde"),
        impute="province_median",
    )
    timed(
        "compute_scores (goalposts, geometric, winsorise, log, prov.)",
        lambda: compute_scores(kwb, cfg, lookup),
        args.repeat,
    )
    timed("explain (one gemeente)", lambda: explain(result, "GM0363"), args.repeat)
    timed("similar_gemeenten (k = 5)", lambda: similar_gemeenten(kwb, "GM0363"), args.repeat)
    timed("run_uncertainty n = 1,000", lambda: run_uncertainty(kwb, n=1_000), args.repeat)
    timed(
        f"run_uncertainty n = {args.draws:,} (target ≈ 1 s or less)",
        lambda: run_uncertainty(kwb, n=args.draws),
        args.repeat,
    )


if __name__ == "__main__":
    main()
