"""Cold and warm load time of every dataset (target: warm well under 0.5 s).

Run: python bench/bench_load.py   (uses CAPACITY_DATA_DIR or ../shared/data; a temporary cache dir)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPPET = (
    "import time; t0=time.perf_counter(); import geodata; t1=time.perf_counter(); geodata.load_all(); "
    "print(t1-t0, time.perf_counter()-t1)"
)


def _run(env: dict[str, str]) -> tuple[float, float]:
    """(import seconds, load_all seconds) in a fresh process."""
    out = subprocess.run([sys.executable, "-c", SNIPPET], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    imp, load = out.stdout.split()
    return float(imp), float(load)


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {
            **os.environ,
            "CAPACITY_CACHE_DIR": cache,
            "CAPACITY_DATA_DIR": os.environ.get("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data")),
        }
        cold = _run(env)
        warm = [_run(env) for _ in range(5)]
    print(f"cold load_all (build + validate + write cache): {cold[1]:.3f} s")
    loads = [w[1] for w in warm]
    print(
        f"warm load_all in a fresh process: median {statistics.median(loads):.3f} s, max {max(loads):.3f} s "
        f"over {len(loads)} runs (import of geodata/geopandas itself: {statistics.median(w[0] for w in warm):.3f} s)"
    )
    sys.path.insert(0, str(ROOT))
    import geodata

    geodata.load_all()
    t = time.perf_counter()
    for _ in range(10):
        geodata.load_all()
    print(f"warm load_all (in process): {(time.perf_counter() - t) / 10:.3f} s")


if __name__ == "__main__":
    main()
