"""Speed of the allocation engine on real data (CBS KWB 2024, 342 gemeenten). Plain script, prints timings.

    python bench/bench_allocation.py

Measures: computing key shares, one allocation per method (with and without bounds), and a sweep of
1,000 scenarios (key × method × total × floor/cap), the workshop use case.
"""

from __future__ import annotations

import os
import sys
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from capacity.allocation import allocate  # noqa: E402
from capacity.apportion import METHODS  # noqa: E402
from capacity.keys import KEYS, key_shares  # noqa: E402
from geodata import load_kwb  # noqa: E402


def best_of(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    kwb = load_kwb(2024)
    population = pd.Series(kwb["aantal_inwoners"].to_numpy(dtype=float), index=kwb["gemeentecode"])
    load = pd.Series(np.linspace(10, 90, len(kwb)), index=kwb["gemeentecode"])  # fixed, to time keys alone
    print(f"gemeenten: {len(kwb)}")

    print("\nkey shares (best of 7):")
    shares = {}
    for k in KEYS:
        shares[k.id] = key_shares(k.id, kwb, load=load)
        print(f"  {k.id:<14} {best_of(lambda k=k: key_shares(k.id, kwb, load=load)) * 1000:7.2f} ms")

    print("\none allocation, total 20,000, population key (best of 7):")
    for method in METHODS:
        t0 = best_of(lambda m=method: allocate(shares["population"], 20_000, method=m))
        t1 = best_of(
            lambda m=method: allocate(
                shares["population"], 20_000, method=m, floor=1, cap_per_1000=3.0, population=population
            )
        )
        print(f"  {method:<16} {t0 * 1000:6.2f} ms   with floor 1 + cap 3/1000: {t1 * 1000:6.2f} ms")

    scenarios = []
    for i, (k, method) in enumerate(zip(cycle([k.id for k in KEYS]), cycle(METHODS))):
        if len(scenarios) == 1000:
            break
        total = 5_000 + 97 * i
        bounded = i % 2 == 0
        scenarios.append((k, method, total, bounded))

    t = time.perf_counter()
    checked = 0
    for k, method, total, bounded in scenarios:
        kw = dict(floor=2, cap_per_1000=8.0, population=population) if bounded else {}
        out = allocate(shares[k], total, method=method, **kw)
        checked += int(out["allocated"].sum() == total)
    sweep = time.perf_counter() - t
    print(
        "\n1,000-scenario sweep (10 keys × 4 methods, totals 5,000–101,903, half with floor 2 + cap 8/1000), "
        "shares cached:"
    )
    print(f"  total {sweep:.2f} s, {sweep:.2f} ms per scenario; exact sums: {checked}/1000")

    t = time.perf_counter()
    for k, method, total, _ in scenarios[:200]:
        allocate(key_shares(k, kwb, load=load), total, method=method)
    per = (time.perf_counter() - t) / 200
    print(f"  recomputing the key shares each time: {per * 1000:.2f} ms per scenario (→ {per * 1000:.1f} s per 1,000)")


if __name__ == "__main__":
    main()
