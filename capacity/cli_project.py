"""`python -m capacity project`: a richtgetal (or corridor) as reception places, status holders and
homes per gemeente and half-year, with a low/central/high band.

Examples::

    python -m capacity project --corridor 25000 35000 --years 5 --key population
    python -m capacity project --richtgetal 30000 --years 5 --national --format json
    python -m capacity project --richtgetal 30000 28000 26000 --years 3 --params mijn.toml --capacity
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from capacity.cli import UsageError
from capacity.flow import DEFAULT_METHOD, MAX_YEARS, START_MODES, housing_capacity_indication, project
from capacity.flow_params import load_params_file
from geodata.cli_support import int_arg

START_YEARS = (2022, 2040)  # valid --start-year range (KWB data from 2022; projections beyond 2040 are not meaningful)
MAX_INFLOW = 10_000_000  # persons per year; far above any national figure, guards against typos and overflow


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "project",
        help="richtgetal → opvangplaatsen, statushouders en woningen per gemeente en halfjaar",
        description=__doc__.splitlines()[0],
    )
    inflow = p.add_mutually_exclusive_group(required=True)
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
        help=f"eerste jaar van de projectie ({START_YEARS[0]}–{START_YEARS[1]}, standaard 2027)",
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

    if not 1 <= args.years <= MAX_YEARS:
        raise UsageError(f"--years must be 1..{MAX_YEARS}, got {args.years}")
    params = load_params_file(args.params) if args.params else None
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
    )
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
