"""Concurrent load test in real browsers: N chromium sessions change the Richtgetal scenario at the same time.

Starts ``streamlit run app.py`` on a free 127.0.0.1 port (CAPACITY_DATA_DIR from the environment or
../shared/data), then one Debian chromium (``/usr/bin/chromium`` via async Playwright) with N browser
contexts, i.e. N independent Streamlit sessions on one server, driven from one asyncio loop. Every session opens the Richtgetal page
and, once all are open, changes the scenario K times back to back (alternately another key in the
"Verdeelsleutel" selectbox and another national total), all sessions driven concurrently. Unlike
``bench/load_sessions.py`` (AppTest, serialised by a lock) the server really handles the reruns at the
same time.

Per change it measures the time from the input (option click / Enter) until the app has finished
running (``[data-testid="stApp"]`` attribute ``data-test-script-state`` is ``notRunning``) AND both the
map (plotly ``z``) and the table differ from before the change. Errors are ``stException`` elements
and a map whose allocation does not add up to a newly typed total,
reported apart from driver failures (a page that did not open, an input not accepted or a rerun not
finished within --timeout). Server memory is the RSS of the streamlit process and its
children (/proc) after a warm-up session (which visits every key once, so data caches are filled) and
after all N sessions have made their changes (sessions still open); per session = growth / N.

The benchmark machine has 2 cores shared by the server and chromium (which renders N pages, each with
a WebGL MapLibre map drawn in software because of --disable-gpu), so the latency includes queueing
behind other sessions' reruns and browser rendering: it is what a user waits under this load, not the
cost of one rerun (see bench/bench_richtgetal.py for that). To show who used the cores, the script
also reports the CPU seconds of the server and of the browser side per phase, and the server CPU per
rerun; in our runs chromium used most of the CPU, the server far less than one core. Other jobs on the
machine skew the figures: the load average at the start is printed.

Run: python bench/load_browser.py [--sessions 20] [--changes 2]
Plain script: prints measurements, asserts nothing, not part of pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))

import numpy as np  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS, start_app, stop_app  # noqa: E402

# Arbitrary scenario totals (benchmark inputs, not data); consecutive values differ so every change reruns.
TOTALS = (12_000, 30_500, 45_500, 8_250, 21_000, 37_750)
EXCEPTION = '[data-testid="stException"]'
ERROR_ALERT = '[data-testid="stAlertContentError"]'
KEY_LABEL = "Verdeelsleutel"
TOTAL_LABEL = "Richtgetal (personen)"

# What a change must alter: the map's z values (position-weighted checksum) and the table's accessible text
# (the grid is a canvas; its DOM copy holds the visible rows). Checked cheapest first: the polling runs in
# the same 2 cores as the server, so the table text is only hashed once the run is over and the map changed.
JS_HELPERS = """
    const state = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        return app ? app.getAttribute('data-test-script-state') : null;
    };
    const mapSig = () => {
        const plot = document.querySelector('.js-plotly-plot');
        if (!plot || !plot._fullData || !plot._fullData[0]) return null;
        const z = plot._fullData[0].z || [];
        let m = 0;
        for (let i = 0; i < z.length; i++) m = (m * 31 + Number(z[i]) * (i + 1)) % 1000000007;
        return z.length + ':' + m;
    };
    const tableSig = () => {
        const table = document.querySelector('[data-testid="stDataFrame"]');
        if (!table) return null;
        const text = table.textContent || '';
        let h = 0;
        for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 1000000007;
        return text.length + ':' + h;
    };
"""
SNAPSHOT_JS = f"""() => {{ {JS_HELPERS}
    return {{map: mapSig(), table: tableSig()}};
}}"""
CHANGED_JS = f"""(prev) => {{ {JS_HELPERS}
    if (state() !== 'notRunning') return false;
    const map = mapSig();
    if (map === null || map === prev.map) return false;
    const table = tableSig();
    return table !== null && table !== prev.table;
}}"""
MAP_SUM_JS = "() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].z).reduce((a, b) => a + b, 0)"
READY_JS = f"""() => {{ {JS_HELPERS}
    return state() === 'notRunning' && mapSig() !== null && document.querySelector('[data-testid="stDataFrame"]') !== null;
}}"""


@dataclass
class Results:
    open_s: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # app errors: stException elements
    failures: list[str] = field(default_factory=list)  # page not opened, input not accepted, rerun timed out
    error_alerts: int = 0


# --- server and memory -------------------------------------------------------------------------------------


def start_server(log_path: Path) -> tuple[subprocess.Popen, str]:
    return start_app(log_path, "--server.fileWatcherType", "none")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids.extend(int(k) for k in task.read_text().split())
        except OSError:
            continue
    return kids


def tree_pids(pid: int) -> list[int]:
    """A process and all its live descendants."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p not in pids:
            pids.append(p)
            todo.extend(_children(p))
    return pids


def tree_rss_mb(pid: int) -> float:
    """RSS in MB of a process and all its descendants (Linux /proc)."""
    total_kb = 0
    for p in tree_pids(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    break
        except OSError:
            continue
    return total_kb / 1024


def tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds used so far by a process and its live descendants."""
    ticks = 0
    for p in tree_pids(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_split(server_pid: int) -> tuple[float, float]:
    """(server, client) CPU seconds; client = this script, the Playwright driver and chromium."""
    server = tree_cpu_s(server_pid)
    return server, tree_cpu_s(os.getpid()) - server


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q * 100)) if values else float("nan")


# --- one browser session -----------------------------------------------------------------------------------


async def open_page(browser, url: str, timeout_ms: int):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{url}/richtgetal", timeout=timeout_ms)
    await page.wait_for_function(READY_JS, timeout=timeout_ms, polling=100)
    return context, page


async def change_key(page, label: str, timeout_ms: int) -> float:
    """Choose another key; returns the perf_counter moment of the option click (the input)."""
    await (
        page.locator('[data-testid="stSelectbox"]')
        .filter(has_text=KEY_LABEL)
        .locator("input")
        .click(timeout=timeout_ms)
    )
    option = page.get_by_role("option", name=label, exact=True)
    await option.wait_for(timeout=timeout_ms)
    t0 = time.perf_counter()
    await option.click(timeout=timeout_ms)
    return t0


async def change_total(page, total: int, timeout_ms: int) -> float:
    """Type another total; returns the perf_counter moment of the Enter that commits it."""
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text=TOTAL_LABEL).locator("input")
    await box.fill(str(total), timeout=timeout_ms)
    t0 = time.perf_counter()
    await box.press("Enter", timeout=timeout_ms)
    return t0


async def timed_change(page, action, timeout_ms: int) -> float:
    """Seconds from the input until the rerun has finished and map and table show the new scenario.

    Opening the dropdown or typing the digits is not timed: only the moment the app gets the new value counts.
    """
    before = await page.evaluate(SNAPSHOT_JS)
    t0 = await action()
    await page.wait_for_function(CHANGED_JS, arg=before, timeout=timeout_ms, polling=50)
    return time.perf_counter() - t0


def plan(idx: int, changes: int, labels: list[str]) -> list[tuple[str, object]]:
    """Session idx's changes: key, total, key, … each different from the previous value of that control."""
    steps: list[tuple[str, object]] = []
    for step in range(changes):
        if step % 2 == 0:
            steps.append(("key", labels[(idx + step // 2) % (len(labels) - 1) + 1]))  # never the default key
        else:
            steps.append(("total", TOTALS[(idx + step // 2) % len(TOTALS)]))
    return steps


async def session(
    idx: int,
    browser,
    url: str,
    changes: int,
    labels: list[str],
    all_open: asyncio.Barrier,
    opened: list,
    res: Results,
    timeout_ms: int,
) -> None:
    try:
        t0 = time.perf_counter()
        context, page = await open_page(browser, url, timeout_ms)
        res.open_s.append(time.perf_counter() - t0)
        opened.append(context)
    except Exception as exc:  # noqa: BLE001 - a benchmark records failures instead of dying
        res.failures.append(f"session {idx} open: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        await all_open.wait()
        return
    await all_open.wait()  # every session starts changing at the same moment
    for step, (kind, value) in enumerate(plan(idx, changes, labels)):

        def action(kind=kind, value=value):
            return change_key(page, value, timeout_ms) if kind == "key" else change_total(page, value, timeout_ms)

        try:
            res.latencies.append(await timed_change(page, action, timeout_ms))
            if kind == "total":  # the map shows allocated persons: they must add up to the new total exactly
                shown = await page.evaluate(MAP_SUM_JS)
                if shown != value:
                    res.errors.append(f"session {idx} step {step}: map adds up to {shown}, not {value}")
        except Exception as exc:  # noqa: BLE001
            res.failures.append(
                f"session {idx} step {step} ({kind}={value}): {type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            )
            with contextlib.suppress(Exception):
                await page.keyboard.press("Escape")  # close a dropdown left open
        try:
            n_exc = await page.locator(EXCEPTION).count()
            res.error_alerts += await page.locator(ERROR_ALERT).count()
            if n_exc:
                text = (await page.locator(EXCEPTION).first.text_content() or "")[:160]
                res.errors.append(f"session {idx} step {step}: stException: {text}")
        except Exception as exc:  # noqa: BLE001
            res.failures.append(f"session {idx} step {step} check: {type(exc).__name__}")


async def warm_up(browser, url: str, labels: list[str], timeout_ms: int, res: Results) -> float:
    """One session visiting every key once, so shared data caches (scores, geojson, …) are filled."""
    t0 = time.perf_counter()
    context, page = await open_page(browser, url, timeout_ms)
    for label in labels[1:]:
        try:
            await timed_change(page, lambda label=label: change_key(page, label, timeout_ms), timeout_ms)
        except Exception as exc:  # noqa: BLE001
            res.failures.append(f"warm-up key {label}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    await context.close()
    return time.perf_counter() - t0


async def run(args: argparse.Namespace, pid: int, url: str, labels: list[str]) -> None:
    from playwright.async_api import async_playwright

    timeout_ms = int(args.timeout * 1000)
    mem: dict[str, float] = {"server started": tree_rss_mb(pid)}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            res, opened = Results(), []
            warm_s = await warm_up(browser, url, labels, timeout_ms, res)
            await asyncio.sleep(2)  # let the server drop the warm-up session
            mem["after warm-up (baseline)"] = tree_rss_mb(pid)

            all_open = asyncio.Barrier(args.sessions + 1)  # the sessions and this coroutine
            t_all, cpu_open = time.perf_counter(), cpu_split(pid)
            gathered = asyncio.gather(
                *(
                    session(i, browser, url, args.changes, labels, all_open, opened, res, timeout_ms)
                    for i in range(args.sessions)
                )
            )
            await all_open.wait()
            mem[f"{args.sessions} sessions open"] = tree_rss_mb(pid)
            t_changes, cpu_changes = time.perf_counter(), cpu_split(pid)
            await gathered
            t_end, cpu_end = time.perf_counter(), cpu_split(pid)
            mem["after all changes (sessions open)"] = tree_rss_mb(pid)
            for context in opened:
                await context.close()
        finally:
            await browser.close()
    await asyncio.sleep(2)
    mem["sessions closed"] = tree_rss_mb(pid)
    cpu = {
        "opening": (cpu_changes[0] - cpu_open[0], cpu_changes[1] - cpu_open[1]),
        "changes": (cpu_end[0] - cpu_changes[0], cpu_end[1] - cpu_changes[1]),
    }
    report(args, warm_s, res, mem, cpu, t_changes - t_all, t_end - t_changes, len(opened))


def report(
    args: argparse.Namespace,
    warm_s: float,
    res: Results,
    mem: dict[str, float],
    cpu: dict[str, tuple[float, float]],
    open_wall: float,
    change_wall: float,
    n_open: int,
) -> None:
    lat = res.latencies
    print(
        f"cpu cores: {os.cpu_count()} (server and chromium share them); python {sys.version.split()[0]}; "
        f"load average at start {args.loadavg}"
    )
    print(f"warm-up (1 session, every key once, cold caches): {warm_s:.1f} s")
    print(
        f"sessions: {args.sessions} concurrent browser contexts, {n_open} opened; opening the Richtgetal page "
        f"concurrently: p50 {percentile(res.open_s, 0.5):.2f} s, max {max(res.open_s, default=float('nan')):.2f} s "
        f"(wall {open_wall:.1f} s)"
    )
    print(
        f"scenario changes: {len(lat)} completed of {args.sessions * args.changes} planned "
        f"({args.changes} per session, alternately key and total), wall {change_wall:.1f} s, "
        f"throughput {len(lat) / change_wall if change_wall else float('nan'):.2f} reruns/s"
    )
    if lat:
        print(
            f"rerun latency (input -> notRunning with new map and table): p50 {percentile(lat, 0.5):.2f} s, "
            f"p95 {percentile(lat, 0.95):.2f} s, max {max(lat):.2f} s, mean {statistics.mean(lat):.2f} s"
        )
    for phase, wall in (("opening", open_wall), ("changes", change_wall)):
        server, client = cpu[phase]
        print(
            f"CPU during {phase} ({wall:.1f} s wall = {wall * (os.cpu_count() or 1):.0f} core-s): server "
            f"{server:.0f} s, browser side (chromium + Playwright) {client:.0f} s"
        )
    server, _ = cpu["changes"]
    if lat and change_wall:
        print(
            f"server CPU per rerun {server / len(lat):.2f} s; server busy {server / change_wall:.0%} of one core "
            "during the changes"
        )
    print("server RSS (streamlit process + children):")
    for label, value in mem.items():
        print(f"  {label}: {value:.0f} MB")
    base = mem["after warm-up (baseline)"]
    peak = mem["after all changes (sessions open)"]
    print(
        f"  growth with {args.sessions} sessions: {peak - base:.0f} MB = {(peak - base) / args.sessions:.1f} MB "
        "per session"
    )
    print(
        f"app errors (stException after a change, map not adding up to the new total): {len(res.errors)}; "
        f"st.error messages seen: {res.error_alerts}"
    )
    for err in res.errors[:10]:
        print("  " + err)
    print(
        f"driver failures (page not opened, input not accepted or rerun not finished within {args.timeout:.0f} s): "
        f"{len(res.failures)}"
    )
    for err in res.failures[:10]:
        print("  " + err)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions (N)")
    parser.add_argument("--changes", type=int, default=2, help="scenario changes per session (K)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one page load or rerun")
    args = parser.parse_args()
    if args.sessions < 1 or args.changes < 0:
        parser.error("--sessions must be >= 1 and --changes >= 0")
    args.loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])  # other jobs on the machine skew timings
    if not Path(CHROMIUM).exists():
        sys.exit(f"chromium not found at {CHROMIUM}")

    from capacity.keys import KEYS

    labels = [k.label_nl for k in KEYS if k.id != "custom"]  # the custom key needs uploaded weights
    log = Path(tempfile.mkdtemp(prefix="load_browser_")) / "server.log"
    t0 = time.perf_counter()
    proc, url = start_server(log)
    print(f"server {url} up in {time.perf_counter() - t0:.1f} s (pid {proc.pid}, log {log})")
    try:
        asyncio.run(run(args, proc.pid, url, labels))
    finally:
        stop_app(proc)
    print(f"total runtime {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
