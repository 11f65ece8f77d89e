"""Server time of a Kaart-page rerun after changing a control (AppTest, no browser).

Run: ``CAPACITY_DATA_DIR=../shared/data python bench/bench_rerun.py``. Prints the cold first run, then
the median and max of reruns after switching the map variable and the map level. Plain measurements,
not a test.
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

from streamlit.testing.v1 import AppTest  # noqa: E402

REPEATS = 5
CHANGES: tuple[tuple[str, str], ...] = (
    ("kaart_var", "total_load"),
    ("kaart_var", "bijstand_per_1000_15_65"),
    ("kaart_layer", "corop"),
    ("kaart_layer", "gemeente"),
    ("kaart_var", "bevolkingsdichtheid"),
)


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    cold = timed(at.run)
    print(f"first run (cold caches, incl. data load):  {cold * 1000:8.0f} ms")
    samples: dict[str, list[float]] = {}
    for _ in range(REPEATS):
        for key, value in CHANGES:
            widget = at.selectbox(key=key)
            samples.setdefault(f"{key}={value}", []).append(timed(lambda w=widget, v=value: w.set_value(v).run()))
            if at.exception:
                raise SystemExit(f"exception after {key}={value}: {at.exception[0].value}")
    allv = [s for v in samples.values() for s in v]
    for name, vals in samples.items():
        print(
            f"rerun after {name:34s} median {statistics.median(vals) * 1000:6.0f} ms   max {max(vals) * 1000:6.0f} ms"
        )
    print(f"all {len(allv)} reruns: median {statistics.median(allv) * 1000:.0f} ms, max {max(allv) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
