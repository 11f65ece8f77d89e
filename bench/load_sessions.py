"""Load test: N concurrent dashboard sessions (Streamlit AppTest instances in threads) changing a scenario.

Each session opens ``app.py`` (home page), switches to the Richtgetal page and then changes the
scenario several times (allocation key, national total), timing every rerun. Reports p50/p95/max
rerun time, errors, and resident memory per session (RSS growth while all sessions are alive,
divided by the number of sessions, after one warm-up session has filled the shared caches).

AppTest swaps process-global state during a run (``Runtime._instance``, the pages manager), so
two AppTest runs cannot overlap in one process: runs are serialised with a lock. "latency" is
what a user waits (queueing behind other sessions + own rerun), "service" the rerun alone. The
Streamlit server also runs all sessions in one GIL-bound process, so latency under load is the
relevant figure.

Run: python bench/load_sessions.py [--sessions 20] [--changes 6]
(uses CAPACITY_DATA_DIR or ../shared/data). Plain script: prints measurements, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))
APP = str(ROOT / "app.py")
PAGE = "pages/richtgetal.py"
RUN_LOCK = threading.Lock()  # see module docstring
TOTALS = (12_000, 30_000, 45_500, 8_250)  # arbitrary scenario totals (benchmark inputs, not data)


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q * 100)) if values else float("nan")


def open_session(timeout: float):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    with RUN_LOCK:
        at.run()
    if at.exception:
        raise RuntimeError(f"home page: {at.exception[0].value}")
    at.switch_page(PAGE)
    with RUN_LOCK:
        at.run()
    return at


def session(
    idx: int,
    changes: int,
    keys: list[str],
    barrier: threading.Barrier,
    timeout: float,
    times: list[tuple[float, float]],
    errors: list[str],
    alive: list,
    lock: threading.Lock,
) -> None:
    try:
        at = open_session(timeout)
        if at.exception:
            raise RuntimeError(f"{PAGE}: {at.exception[0].value}")
    except Exception as exc:  # noqa: BLE001 - a benchmark records failures instead of dying
        with lock:
            errors.append(f"session {idx} open: {type(exc).__name__}: {exc}")
        barrier.abort()
        return
    with lock:
        alive.append(at)
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        return
    for step in range(changes):
        try:
            if step % 2 == 0:
                at.selectbox(key="sc_key").set_value(keys[(idx + step) % len(keys)])
            else:
                at.number_input(key="sc_total").set_value(TOTALS[(idx + step) % len(TOTALS)])
            t_wait = time.perf_counter()
            with RUN_LOCK:
                t0 = time.perf_counter()
                at.run()
                t1 = time.perf_counter()
            problems = [e.value for e in at.exception] + [e.value for e in at.error]
            with lock:
                times.append((t1 - t_wait, t1 - t0))
                if problems:
                    errors.append(f"session {idx} step {step}: {problems[0][:200]}")
        except Exception as exc:  # noqa: BLE001
            with lock:
                errors.append(f"session {idx} step {step}: {type(exc).__name__}: {exc}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--changes", type=int, default=6, help="scenario changes per session")
    parser.add_argument("--timeout", type=float, default=300.0, help="AppTest timeout per rerun (s)")
    args = parser.parse_args()

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from ui.scenario import key_ids

    keys = [k for k in key_ids() if k != "custom"]

    t0 = time.perf_counter()
    warm = open_session(args.timeout)  # fills st.cache_data / module caches shared by all sessions
    warm_s = time.perf_counter() - t0
    if warm.exception:
        print(f"warm-up session failed: {warm.exception[0].value}")
        sys.exit(1)
    del warm
    base = rss_mb()

    times: list[tuple[float, float]] = []
    errors: list[str] = []
    alive: list = []
    lock = threading.Lock()
    barrier = threading.Barrier(args.sessions)
    threads = [
        threading.Thread(
            target=session, args=(i, args.changes, keys, barrier, args.timeout, times, errors, alive, lock), daemon=True
        )
        for i in range(args.sessions)
    ]
    t_start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t_start
    peak = rss_mb()

    print(f"cpu cores: {os.cpu_count()}; python {sys.version.split()[0]}")
    print(f"warm-up (first session, cold caches): {warm_s:.2f} s; RSS after warm-up {base:.0f} MB")
    print(
        f"sessions: {args.sessions} concurrent (threads), {len(alive)} opened; scenario changes per session: "
        f"{args.changes}; reruns timed: {len(times)}"
    )
    for label, values in (
        ("latency (wait + rerun)", [t[0] for t in times]),
        ("service (rerun only)", [t[1] for t in times]),
    ):
        if values:
            print(
                f"{label} after a scenario change: p50 {percentile(values, 0.5):.2f} s, "
                f"p95 {percentile(values, 0.95):.2f} s, max {max(values):.2f} s, mean {statistics.mean(values):.2f} s"
            )
    print(f"wall time for all sessions (open + changes): {wall:.1f} s")
    per_session = (peak - base) / max(1, len(alive))
    print(
        f"memory: RSS {peak:.0f} MB with all sessions alive; growth {peak - base:.0f} MB = "
        f"{per_session:.1f} MB per session"
    )
    print(f"errors: {len(errors)}")
    for err in errors[:10]:
        print("  " + err)


if __name__ == "__main__":
    main()
