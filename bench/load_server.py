"""Server load benchmark: N concurrent Streamlit sessions doing the Richtgetal walk, no browsers.

Each simulated user (``bench/st_client.py``: Streamlit's own websocket protocol) opens the
Richtgetal page, changes the allocation key three times and the national total twice, and
downloads the XLSX once, waiting ``--think`` seconds between actions (as a person would). The
server is a real ``streamlit run app.py`` on 127.0.0.1; all traffic stays on loopback, loops are
bounded. Reports latency per action (p50/p95/max), errors and server memory per session.

Unlike ``load_browser.py`` (20 software-rendered chromium tabs competing with the server for the
same 2 cores), this measures the server alone. Plain script: prints measurements, asserts nothing.

Run: python bench/load_server.py [--sessions 20] [--think 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))

from browser_support import start_app, stop_app  # noqa: E402
from st_client import Session  # noqa: E402

PAGE = "richtgetal"
KEY_WIDGET = "sc_key"
TOTAL_WIDGET = "sc_total"
TOTALS = (12_000.0, 45_500.0)  # arbitrary scenario totals (benchmark inputs, not data)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def walk(base_url: str, seed: int, think: float, log: list[tuple[str, float, bool, str]]) -> Session:
    rnd = random.Random(seed)
    s = Session(base_url, PAGE)
    await asyncio.sleep(rnd.uniform(0, think))  # users do not arrive in lockstep
    first = await s.open()
    log.append(("open", first.seconds, first.ok, "; ".join(first.exceptions)))
    keys = [k for k in s.options(KEY_WIDGET)]
    current = None
    steps: list[tuple[str, object]] = []
    for _ in range(3):
        choice = rnd.choice([k for k in keys if k != current])
        current = choice
        steps.append(("key", choice))
    steps.insert(2, ("total", TOTALS[0]))
    steps.append(("total", TOTALS[1]))
    for what, value in steps:
        await asyncio.sleep(think)
        s.set_value(KEY_WIDGET if what == "key" else TOTAL_WIDGET, value)
        r = await s.rerun()
        log.append((what, r.seconds, r.ok, "; ".join(r.exceptions)))
    await asyncio.sleep(think)
    xlsx = [b for k, b in s.download_buttons().items() if "xlsx" in (b.label + k).lower()]
    if xlsx:
        try:
            seconds, size = await s.download(xlsx[0])
            log.append(("xlsx", seconds, size > 0, ""))
        except Exception as exc:  # noqa: BLE001 - a failed download is a measured error
            log.append(("xlsx", float("nan"), False, repr(exc)))
    else:
        log.append(("xlsx", float("nan"), False, "no XLSX download button found"))
    return s


async def run(base_url: str, sessions: int, think: float, pid: int, quiet: bool = False) -> dict[str, float]:
    # One warm-up session fills the process-wide caches (data, scores) so the run measures steady state.
    warm: list = []
    w = await walk(base_url, 0, 0.0, warm)
    await w.close()
    rss_before = rss_mb(pid)
    log: list[tuple[str, float, bool, str]] = []
    t0 = time.perf_counter()
    done = await asyncio.gather(*(walk(base_url, i + 1, think, log) for i in range(sessions)), return_exceptions=True)
    wall = time.perf_counter() - t0
    rss_after = rss_mb(pid)
    crashed = [d for d in done if isinstance(d, BaseException)]
    for d in done:
        if not isinstance(d, BaseException):
            await d.close()
    times = [t for _, t, ok, _ in log if ok]
    errors = [(w, e) for w, _, ok, e in log if not ok]
    stats = {
        "p50": float(np.percentile(times, 50)) if times else float("nan"),
        "p95": float(np.percentile(times, 95)) if times else float("nan"),
        "errors": float(len(errors) + len(crashed)),
        "mb_per_session": (rss_after - rss_before) / max(sessions, 1),
    }
    if quiet:
        return stats
    print(f"{sessions} sessions, think time {think:.1f} s, wall {wall:.1f} s, {len(log)} actions")
    for action in ("open", "key", "total", "xlsx"):
        ts = [t for w, t, ok, _ in log if w == action and ok]
        if ts:
            print(
                f"  {action:<6} n={len(ts):3d}  p50 {np.percentile(ts, 50) * 1000:7.0f} ms  "
                f"p95 {np.percentile(ts, 95) * 1000:7.0f} ms  max {max(ts) * 1000:7.0f} ms"
            )
    if times:
        print(f"  all    n={len(times):3d}  p50 {stats['p50'] * 1000:7.0f} ms  p95 {stats['p95'] * 1000:7.0f} ms")
    print(f"  errors: {len(errors) + len(crashed)}" + (f" e.g. {(errors or crashed)[0]}" if errors or crashed else ""))
    print(f"  server RSS {rss_before:.0f} → {rss_after:.0f} MB ({stats['mb_per_session']:.1f} MB per live session)")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_app(Path(tmp) / "server.log")
        try:
            asyncio.run(run(url, args.sessions, args.think, proc.pid))
        finally:
            stop_app(proc)


if __name__ == "__main__":
    main()
