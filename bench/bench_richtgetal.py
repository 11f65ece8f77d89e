"""Server time of a Richtgetal rerun after changing the key (AppTest, in-process), and the pure computation.

Run: python bench/bench_richtgetal.py  (prints medians; no assertions — a measurement, not a test).
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


def main(repeats: int = 7) -> None:
    from streamlit.testing.v1 import AppTest

    from geodata import load_kwb
    from ui.scenario import Scenario, compute_scenario, key_ids

    kwb = load_kwb(2024)
    for key in key_ids():
        if key == "capacity":
            continue  # needs the load score; measured through the page below
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            compute_scenario(Scenario(key=key, key_b="population").validated(), kwb)
            times.append(time.perf_counter() - t0)
        print(f"compute_scenario key={key:<14} median {statistics.median(times) * 1000:7.1f} ms")

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    t0 = time.perf_counter()
    at.switch_page("pages/richtgetal.py").run()
    print(f"first run of the page (cold caches): {time.perf_counter() - t0:.2f} s")
    times = []
    for i in range(repeats):
        key = "koenigstein" if i % 2 == 0 else "population"
        t0 = time.perf_counter()
        at.selectbox(key="sc_key").set_value(key).run()
        times.append(time.perf_counter() - t0)
        assert not at.exception
    print(
        f"rerun after changing the key: median {statistics.median(times):.3f} s, max {max(times):.3f} s "
        f"({repeats} reruns, AppTest in-process, includes building the map figure and both downloads)"
    )


if __name__ == "__main__":
    main()
