"""`python -m capacity project`: a richtgetal (or corridor) per half-year as reception places, status holders and homes per gemeente, with a band.

Examples::

    python -m capacity project --backtest
    python -m capacity project --richtgetal 38377 32180 24200 --years 3 --start observed --start-year 2023 --national

    python -m capacity project --corridor 25000 35000 --years 5 --key population
    python -m capacity project --richtgetal 30000 --years 5 --national --format json
    python -m capacity project --richtgetal 30000 28000 26000 --years 3 --params mijn.toml --capacity
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from capacity.cli import UsageError
from capacity.flow import (
    DEFAULT_METHOD,
    MAX_START_YEAR,
    MAX_YEARS,
    MIN_START_YEAR,
    START_MODES,
    housing_capacity_indication,
    project,
)
from capacity.flow_params import load_params_file
from geodata.cli_support import int_arg

START_YEARS = (
    MIN_START_YEAR,
    MAX_START_YEAR,
)  # valid --start-year range (published stocks from 2023; beyond 2040 not meaningful)
MAX_INFLOW = 10_000_000  # persons per year; far above any national figure, guards against typos and overflow


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "project",
        help="richtgetal → opvangplaatsen, statushouders en woningen per gemeente en halfjaar",
        description=__doc__.splitlines()[0].strip('"'),
    )
    inflow = p.add_mutually_exclusive_group()
    inflow.add_argument(
        "--richtgetal",
        type=int_arg(0, MAX_INFLOW, "--richtgetal"),
        nargs="+",
        metavar="N",
        help="asielinstroom (eerste aanvragen) per jaar: één getal, of één per jaar",
    )
    inflow.add_argument(
        "--corridor",
        type=int_arg(0, MAX_INFLOW, "--corridor"),
        nargs=2,
        metavar=("LOW", "HIGH"),
        help="corridor laag en hoog per jaar",
    )
    p.add_argument(
        "--years",
        type=int_arg(1, MAX_YEARS, "--years"),
        default=5,
        help=f"aantal jaren vooruit (1–{MAX_YEARS}, standaard 5)",
    )
    p.add_argument("--key", default="population", help="verdeelsleutel voor de taakstelling (standaard population)")
    p.add_argument(
        "--reception-key",
        default="spreidingswet",
        help="verdeelsleutel voor opvangplaatsen (standaard spreidingswet; 'same' = gelijk aan --key)",
    )
    p.add_argument("--method", default=DEFAULT_METHOD, help=f"afrondingsmethode (standaard {DEFAULT_METHOD})")
    p.add_argument("--params", metavar="FILE.toml", help="parameters die afwijken van de standaardwaarden")
    p.add_argument(
        "--param-ranges",
        action="store_true",
        help="band ook over de parameterbereiken (één parameter tegelijk), niet alleen de corridor",
    )
    p.add_argument(
        "--start",
        choices=START_MODES,
        default="equilibrium",
        help="beginvoorraden: evenwicht bij de eerste instroom, of de waargenomen voorraden",
    )
    p.add_argument(
        "--start-year",
        type=int_arg(*START_YEARS, "--start-year"),
        default=2027,
        help=f"eerste jaar van de projectie ({MIN_START_YEAR}–{MAX_START_YEAR}, standaard 2027); bij --start observed "
        "de voorraden van 1 januari van dat jaar (of de dichtstbijzijnde gepubliceerde datum)",
    )
    p.add_argument(
        "--no-published-years",
        action="store_true",
        help="parameters voor alle jaren, ook 2022–2025 (standaard: de gepubliceerde jaarwaarden voor die jaren)",
    )
    p.add_argument(
        "--backtest",
        action="store_true",
        help="vergelijk 2023–2025 (gepubliceerde instroom, start 1 januari 2023) met de gepubliceerde landelijke cijfers",
    )
    p.add_argument("--gemeente", metavar="GMxxxx", action="append", help="alleen deze gemeente(n)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--national", action="store_true", help="landelijke samenvatting per halfjaar")
    out.add_argument(
        "--capacity",
        action="store_true",
        help="indicatie per gemeente en jaar: woningbehoefte tegenover nieuwbouw en corporatie-mutaties",
    )
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--output", "-o", metavar="FILE", help="schrijf naar bestand in plaats van stdout")


def _write(frame: pd.DataFrame, fmt: str, target: str | None) -> None:
    text = frame.to_json(orient="records", force_ascii=False, indent=1) if fmt == "json" else frame.to_csv(index=False)
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def run(args: argparse.Namespace) -> int:
    from geodata import load_kwb

    params = load_params_file(args.params) if args.params else None
    if args.backtest:
        return _backtest(args, params)
    if args.richtgetal is None and args.corridor is None:
        raise UsageError("one of the arguments --richtgetal --corridor --backtest is required")
    if not 1 <= args.years <= MAX_YEARS:
        raise UsageError(f"--years must be 1..{MAX_YEARS}, got {args.years}")
    richtgetal = None
    if args.richtgetal is not None:
        richtgetal = args.richtgetal[0] if len(args.richtgetal) == 1 else args.richtgetal
    kwb = load_kwb(2024)
    if args.gemeente:
        unknown = sorted(set(args.gemeente) - set(kwb["gemeentecode"]))
        if unknown:
            raise UsageError(f"unknown gemeentecode(s): {', '.join(unknown)}")
    result = project(
        kwb,
        richtgetal=richtgetal,
        corridor=tuple(args.corridor) if args.corridor else None,
        years=args.years,
        key=args.key,
        reception_key=None if args.reception_key == "same" else args.reception_key,
        params=params,
        method=args.method,
        param_ranges=args.param_ranges,
        start=args.start,
        start_year=args.start_year,
        published=not args.no_published_years,
    )
    if args.start == "observed":
        _note_stock_dates(args.start_year)
    names = kwb.set_index("gemeentecode")["gemeentenaam"]
    if args.national:
        frame = result.national
    else:
        frame = housing_capacity_indication(result.gemeenten, kwb, result.params) if args.capacity else result.gemeenten
        if args.gemeente:
            frame = frame[frame["gemeentecode"].isin(args.gemeente)]
        frame.insert(1, "gemeentenaam", frame["gemeentecode"].map(names).to_numpy())
    _write(frame, args.format, args.output)
    return 0


def _backtest(args: argparse.Namespace, params: dict[str, float] | None) -> int:
    """Model vs published figure per row, then the mean absolute errors (stderr stays empty)."""
    from capacity.flow_backtest import run_backtest, summary

    if args.richtgetal is not None or args.corridor is not None:
        raise UsageError("--backtest uses the published inflows; leave out --richtgetal/--corridor")
    table = run_backtest(params)
    if args.format == "json":
        _write(table, "json", args.output)
        return 0
    stats = summary(table)
    text = table.drop(columns=["source"]).to_csv(index=False)
    text += "".join(f"# {k},{v}\n" for k, v in stats.items())
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _note_stock_dates(start_year: int) -> None:
    """Say on stderr which dates the start stocks come from when they are not of 1 January ``start_year``
    (the published backlog only seeds the per-gemeente backlog when it is of that date, else it is not used)."""
    from capacity.flow import observed_start

    stocks = observed_start(start_year)
    if not stocks.exact:
        dates = ", ".join(f"{k} {v}" for k, v in stocks.dates.items() if k != "backlog")
        print(f"note: no published stocks for 1 January {start_year}; nearest dates used: {dates}", file=sys.stderr)
