"""One table of every performance figure, its target and its ratio to a naive map baseline of the same run.

Absolute times vary from run to run and machine to machine, so the page figures are also stated as
ratios to a naive baseline measured in the same run: read the full 2025 gemeente GeoJSON, merge the
KWB table, ``px.choropleth_map``, serialise (what a first Streamlit prototype of the Kaart would do).

Run: ``python bench/run_all.py [--load]`` (``--load`` adds the 20-session server benchmark, ~1 min).
A measurement, not a test: it prints, it asserts nothing; a figure that cannot be measured says why.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "tests", ROOT / "bench"):
    sys.path.insert(0, str(extra))
os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))
warnings.filterwarnings("ignore")


@dataclass
class Row:
    figure: str
    value: float  # in the unit below
    unit: str  # "ms", "s" or "KB"
    target: float | None = None  # same unit; None = reported only
    ratio_target: float | None = None  # ≤ this × the naive baseline
    note: str = ""


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# --- the naive baseline ------------------------------------------------------------------------------


def naive_map_baseline() -> float:
    """Seconds for the naive Kaart: read full GeoJSON, merge, plotly express, serialise."""
    import geopandas as gpd
    import plotly.express as px

    from geodata import load_kwb
    from geodata.paths import data_dir

    path = data_dir() / "boundaries" / "cartomap_2025" / "gemeente_2025_wgs84.geojson"

    def once() -> None:
        kwb = load_kwb(2024)
        gdf = gpd.read_file(path)
        code = next(c for c in gdf.columns if gdf[c].astype(str).str.match(r"^GM\d{4}$").all())
        merged = gdf.merge(kwb, left_on=code, right_on="gemeentecode")
        fig = px.choropleth_map(
            merged,
            geojson=merged.set_index("gemeentecode").__geo_interface__,
            locations="gemeentecode",
            color="bevolkingsdichtheid_inwoners_per_km2",
            map_style="white-bg",
        )
        fig.to_json()

    return median_time(once, repeat=5)


# --- engines -----------------------------------------------------------------------------------------


def engine_rows() -> list[Row]:
    import numpy as np
    import pandas as pd

    from capacity.allocation import allocate, allocate_array, allocate_sweep, code_rank
    from capacity.apportion import METHODS
    from capacity.keys import KEYS, key_shares
    from capacity.scoring import compute_scores
    from capacity.uncertainty import run_uncertainty
    from geodata import load_kwb

    kwb = load_kwb(2024)
    rows = [Row("compute_scores (default settings)", median_time(lambda: compute_scores(kwb)) * 1e3, "ms", 2.0)]
    load = pd.Series(np.linspace(10, 90, len(kwb)), index=kwb["gemeentecode"])
    shares = {k.id: key_shares(k.id, kwb, load=load) for k in KEYS}
    codes = shares["population"].index
    rank = code_rank(codes)
    arrays = {k: v.reindex(codes).to_numpy() for k, v in shares.items()}
    rows.append(
        Row(
            "one allocation, engine on arrays (Hamilton, 20,000)",
            median_time(lambda: allocate_array(arrays["population"], 20_000, rank), repeat=51) * 1e3,
            "ms",
            0.2,
        )
    )
    rows.append(
        Row(
            "one allocation, pandas edge allocate() (Hamilton, 20,000)",
            median_time(lambda: allocate(shares["population"], 20_000, method="hamilton"), repeat=21) * 1e3,
            "ms",
            note="validation + DataFrame out",
        )
    )
    population = kwb.set_index("gemeentecode")["aantal_inwoners"].reindex(codes).to_numpy(dtype=float)
    lo = np.full(len(codes), 2.0)
    hi = np.floor(8.0 * population / 1000.0 + 1e-9)
    scenarios = []
    for i, (k, method) in enumerate(zip(cycle(arrays), cycle(METHODS))):
        if i == 1000:
            break
        scenarios.append((k, method, 5_000 + 97 * i, i % 2 == 0))
    groups: dict[tuple[str, str, bool], list[int]] = {}
    for k, method, total, bounded in scenarios:
        groups.setdefault((k, method, bounded), []).append(total)

    def sweep() -> None:
        for (k, method, bounded), totals in groups.items():
            b = {"lo": lo, "hi": hi} if bounded else {}
            allocate_sweep(arrays[k], np.asarray(totals), rank, method=method, **b)

    rows.append(Row("1,000-scenario sweep (10 keys × 4 methods, half bounded)", median_time(sweep, 3, 1), "s", 0.5))
    rows.append(
        Row(
            "Monte Carlo, 10,000 draws",
            median_time(lambda: run_uncertainty(kwb, n=10_000), 3, 1),
            "s",
            0.3,
        )
    )
    return rows


# --- pages (AppTest, in-process server time) ------------------------------------------------------------


def page_rows(baseline_s: float) -> list[Row]:
    from streamlit.testing.v1 import AppTest

    rows: list[Row] = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/kaart.py").run()
    spec = next((c.proto.spec for c in at.get("plotly_chart")), "")
    rows.append(Row("Kaart map figure sent to the browser", len(spec.encode()) / 1024, "KB", 150.0))
    variables = [o for o in at.selectbox(key="kaart_var").options]
    ids = ["total_load", "housing_load", "bijstand_per_1000", "bevolkingsdichtheid"]

    def change_var(i: list[int] = [0]) -> None:  # noqa: B006 - a counter across calls
        i[0] += 1
        box = at.selectbox(key="kaart_var")
        target = ids[i[0] % len(ids)]
        box.set_value(target if target in box.options or not variables else box.options[i[0] % len(box.options)])
        at.run()

    kaart = median_time(change_var, repeat=9, warmup=2)
    rows.append(Row("Kaart rerun after changing the variable", kaart * 1e3, "ms", 60.0, 0.5))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/richtgetal.py").run()
    keys = ["koenigstein", "population", "eu2015", "sweden"]

    def change_key(i: list[int] = [0]) -> None:  # noqa: B006 - a counter across calls
        i[0] += 1
        at.selectbox(key="sc_key").set_value(keys[i[0] % len(keys)])
        at.run()

    richt = median_time(change_key, repeat=9, warmup=2)
    rows.append(Row("Richtgetal rerun after changing the key", richt * 1e3, "ms", 100.0, 1.0))
    return rows


# --- a real server ----------------------------------------------------------------------------------------


def cold_start_row() -> Row:
    """Seconds from `streamlit run` to the first page fully rendered for a client (fresh process)."""
    from browser_support import start_app, stop_app
    from st_client import Session

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        proc, url = start_app(Path(tmp) / "server.log")
        try:
            up = time.perf_counter() - t0

            async def first() -> float:
                s = Session(url, "")
                r = await s.open()
                await s.close()
                return r.seconds

            first_page = asyncio.run(first())
        finally:
            stop_app(proc)
    return Row(
        "cold start: first page rendered in a fresh server",
        up + first_page,
        "s",
        3.0,
        note=f"server up {up:.1f} s + first page {first_page:.1f} s",
    )


def load_row(sessions: int = 20) -> list[Row]:
    import load_server

    with tempfile.TemporaryDirectory() as tmp:
        proc, url = load_server.start_app(Path(tmp) / "server.log")
        try:
            stats = asyncio.run(load_server.run(url, sessions, 1.0, proc.pid, quiet=True))
        finally:
            load_server.stop_app(proc)
    return [
        Row(
            f"{sessions} concurrent sessions, Richtgetal walk: p95 per action",
            stats["p95"],
            "s",
            1.0,
            note=f"errors {stats['errors']}, {stats['mb_per_session']:.1f} MB per session",
        )
    ]


def fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    return f"{v:,.2f} {unit}" if v < 10 else f"{v:,.0f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", action="store_true", help="also run the 20-session server benchmark")
    args = parser.parse_args()

    baseline = naive_map_baseline()
    rows: list[Row] = [Row("naive map baseline (read, merge, px, serialise)", baseline * 1e3, "ms")]
    for block in (engine_rows, lambda: page_rows(baseline), lambda: [cold_start_row()]):
        try:
            rows.extend(block())
        except Exception as exc:  # noqa: BLE001 - report, do not stop the table
            rows.append(Row(f"(not measured: {type(exc).__name__}: {exc})", float("nan"), ""))
    if args.load:
        try:
            rows.extend(load_row())
        except Exception as exc:  # noqa: BLE001
            rows.append(Row(f"(load not measured: {type(exc).__name__}: {exc})", float("nan"), ""))

    print(f"{'figure':<60} {'measured':>12} {'target':>10} {'× baseline':>11} {'target ×':>9}  met")
    for r in rows:
        ms = r.value / 1e3 if r.unit == "ms" else (r.value if r.unit == "s" else None)
        ratio = ms / baseline if ms is not None and r.ratio_target is not None else None
        met_abs = r.target is None or r.value <= r.target
        met_ratio = r.ratio_target is None or (ratio is not None and ratio <= r.ratio_target)
        met = "" if r.target is None and r.ratio_target is None else ("yes" if met_abs and met_ratio else "NO")
        print(
            f"{r.figure:<60} {fmt(r.value, r.unit):>12} {fmt(r.target, r.unit):>10} "
            f"{(f'{ratio:.2f}' if ratio is not None else ''):>11} {(f'{r.ratio_target:.1f}' if r.ratio_target else ''):>9}"
            f"  {met}{('  ' + r.note) if r.note else ''}"
        )


if __name__ == "__main__":
    main()
