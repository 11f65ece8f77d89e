"""`python -m capacity allocate`: divide a richtgetal over gemeenten (or any unit table) in whole numbers.

Examples::

    python -m capacity allocate --total 20000 --key population
    python -m capacity allocate --total 96000 --key spreidingswet --method sainte-lague --region provincie
    python -m capacity allocate --total 20000 --key koenigstein --param fiscal_capacity=0.5 --format json
    python -m capacity allocate --total 1000 --units laender.csv --weight-column tax=2/3 --weight-column pop=1/3
    python -m capacity allocate --total 1000 --units laender.csv --weight-column share --decimals 5
    python -m capacity allocate --total 20000 --key koenigstein --param equalisation=0   # before equalisation

Output (csv or json on stdout, or ``--output FILE``): per gemeente ``gemeentecode, gemeentenaam, share,
quota, allocated`` plus the needs columns (dwellings, school places, inburgering, indicative cost); with
``--region`` the sums per region with per-1,000-inhabitant rates. Keys with subgroups add a column (Spreidingswet:
``amv``, part of ``allocated``); under ``nrw`` the ``realised`` column of ``--previous`` counts as already housed
(FlüAG § 3(3)). ``--decimals N`` (with ``--units``) rounds the shares GWK-style to N decimals of a percent adding
up to exactly 100 (``share_percent``) and allocates by the rounded shares. On success, a key that uses proxies
prints one ``note:`` line per proxy on stderr. Bad arguments: exit code 2, one line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from capacity.apportion import METHODS
from capacity.cli import UsageError, emit
from capacity.keys import KEYS, get_key, key_shares, proxy_note_lines, split_subgroups, weighted_shares
from geodata.cli_support import float_arg, int_arg, parse_number, read_input
from geodata.importer import InputError
from geodata.importer.simple import read_small_table

MAX_TOTAL = 10_000_000  # persons; far above any national richtgetal, guards against typos and overflow


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "allocate",
        help="divide a national richtgetal over gemeenten (exact whole numbers)",
        description=__doc__.splitlines()[0],
    )
    p.add_argument(
        "--total",
        type=int_arg(0, MAX_TOTAL, "--total"),
        required=True,
        help=f"national number of persons (0–{MAX_TOTAL:,})",
    )
    p.add_argument(
        "--total-high",
        type=int_arg(0, MAX_TOTAL, "--total-high"),
        help="upper end of a corridor; --total is the lower end",
    )
    p.add_argument("--key", choices=[k.id for k in KEYS], help="allocation key preset")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="key parameter or input weight, e.g. strength=0.5 or fiscal_capacity=2/3 (repeatable)",
    )
    p.add_argument("--method", choices=METHODS, default="hamilton")
    p.add_argument(
        "--floor", type=int_arg(0, MAX_TOTAL, "--floor"), help="minimum per gemeente with a positive key share"
    )
    caps = p.add_mutually_exclusive_group()
    caps.add_argument("--cap", type=int_arg(0, MAX_TOTAL, "--cap"), help="maximum per gemeente")
    caps.add_argument(
        "--cap-per-1000", type=float_arg(0, 1000, "--cap-per-1000"), help="maximum per 1,000 inhabitants (0–1000)"
    )
    p.add_argument("--pledges", type=Path, help="CSV with gemeentecode,pledge (voluntary numbers)")
    p.add_argument("--previous", type=Path, help="CSV with gemeentecode,target,realised of the previous period")
    p.add_argument(
        "--no-carry-surplus",
        action="store_true",
        help="carry over only backlogs (achterstand), not surpluses (voorsprong)",
    )
    p.add_argument("--extra", type=Path, help="CSV with gemeentecode and imported key columns (e.g. ses_woa)")
    p.add_argument("--units", type=Path, help="CSV of other units: code column, name column, numeric columns")
    p.add_argument(
        "--decimals",
        type=int,
        help="with --units: round shares to this many decimals of a percent, summing to exactly 100 (GWK: 5)",
    )
    p.add_argument(
        "--weight-column",
        action="append",
        default=[],
        metavar="COL[=W]",
        help="with --units: column to weigh by, optionally with a weight (repeatable)",
    )
    p.add_argument(
        "--needs-param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a needs ratio, e.g. persons_per_dwelling=2.1 (see capacity.needs)",
    )
    p.add_argument("--region", help="aggregate to a region layer (provincie, corop, arbeidsmarktregio, …)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--output", type=Path, help="write to this file instead of stdout")


def _number(text: str, what: str) -> float:
    """A finite number or fraction ('2/3') with at most 30 digits (the shared CLI number rule)."""
    try:
        return parse_number(text, what)
    except InputError as exc:
        raise UsageError(exc.en) from None


def _pairs(items: list[str], what: str, default: float | None = None) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not name.strip():
            raise UsageError(f"{what}: empty name in {item!r}")
        if not sep:
            if default is None:
                raise UsageError(f"{what}: expected NAME=VALUE, got {item!r}")
            out[name.strip()] = default
        else:
            out[name.strip()] = _number(value, f"{what} {name.strip()}")
    return out


def _read_csv(path: Path, what: str, required: tuple[str, ...] = (), numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    """A small CSV input through the importer's table reader (bounded read, regular files only; same
    separators, decimal rules, quote checks and finite-number rule as uploads)."""
    data = read_input(path, what)
    try:
        frame = read_small_table(
            data, what=(f"{what} file {path}", f"{what} file {path}"), required=required, numeric=numeric
        )
    except InputError as exc:
        raise UsageError(exc.en) from None
    if "gemeentecode" in frame.columns:
        frame["gemeentecode"] = frame["gemeentecode"].astype(str).str.strip().str.upper()
    return frame


def _check_total(args: argparse.Namespace) -> None:
    if args.total_high is not None and args.total_high < args.total:
        raise UsageError(f"--total-high {args.total_high} is below --total {args.total}")


def _bounds_kw(args: argparse.Namespace, population: pd.Series | None) -> dict:
    return dict(
        method=args.method, floor=args.floor, cap=args.cap, cap_per_1000=args.cap_per_1000, population=population
    )


def _run_units(args: argparse.Namespace) -> pd.DataFrame:
    from capacity.allocation import allocate, allocate_corridor

    if args.key or args.region or args.pledges or args.previous or args.extra:
        raise UsageError(
            "--units works with --weight-column only (not with --key, --region, --pledges, --previous or --extra)"
        )
    if not args.weight_column:
        raise UsageError("--units needs at least one --weight-column")
    if args.cap_per_1000 is not None:
        raise UsageError("--cap-per-1000 needs inhabitants and is not available with --units")
    weights = _pairs(args.weight_column, "--weight-column", default=1.0)
    table = _read_csv(args.units, "units", tuple(weights), tuple(weights))
    if table.shape[1] < 2:
        raise UsageError("units file needs a code column and at least one numeric column")
    code_col = table.columns[0]
    second = table.columns[1]
    name_col = second if second not in weights and pd.to_numeric(table[second], errors="coerce").isna().any() else None
    codes = table[code_col].astype(str).str.strip()
    if codes.duplicated().any():
        raise UsageError(f"units file has duplicate codes: {sorted(codes[codes.duplicated()])[:5]}")
    table.index = pd.Index(codes, name="code")
    shares = weighted_shares(table, weights)
    percent = None
    if args.decimals is not None:
        from capacity.apportion import round_shares

        if not 0 <= args.decimals <= 9:
            raise UsageError(f"--decimals must lie between 0 and 9, got {args.decimals}")
        percent = pd.Series(round_shares(shares.to_numpy(), args.decimals, order=shares.index), index=shares.index)
        if (percent <= 0).all():
            raise UsageError(f"--decimals {args.decimals} rounds every share to 0")
        shares = (percent / 100.0).rename("share")
    kw = _bounds_kw(args, None)
    if args.total_high is not None:
        out = allocate_corridor(shares, args.total, args.total_high, **kw)
    else:
        out = allocate(shares, args.total, **kw)
    out.index.name = "code"
    if percent is not None:
        out.insert(1, "share_percent", percent)
    out.insert(0, "naam", table[name_col] if name_col else "")
    return out.reset_index()


def _with_ses_woa(preset, kwb: pd.DataFrame, extra: pd.DataFrame | None, notes: list[str]) -> pd.DataFrame | None:
    """A key that uses SES-WOA follows capacity.inputs (upload > fetched CBS table > proxy); say which.

    The notes are collected in ``notes`` and printed only when the command succeeds.
    """
    if "ses_woa" not in preset.input_ids:
        return extra
    from capacity.inputs import resolve_ses_woa

    codes = pd.Index(kwb["gemeentecode"].astype(str))
    upload = None
    if extra is not None and "ses_woa" in extra.columns:
        upload = extra.set_index("gemeentecode")["ses_woa"] if "gemeentecode" in extra.columns else extra["ses_woa"]
    choice = resolve_ses_woa(codes, upload)
    for reason in choice.skipped:
        notes.append(f"CBS table {reason}; not used")
    notes.append(choice.label("en"))
    if choice.origin != "cbs":
        return extra
    cbs = choice.extra(codes)
    return (
        cbs
        if extra is None
        else extra.drop(columns=["ses_woa"], errors="ignore").merge(cbs, on="gemeentecode", how="outer")
    )


def _run_gemeenten(args: argparse.Namespace) -> pd.DataFrame:
    from capacity.allocation import aggregate_to_regions, allocate, allocate_corridor
    from capacity.needs import compute_needs
    from geodata import load_kwb

    if not args.key:
        raise UsageError("choose a key with --key (or give --units with --weight-column)")
    if args.weight_column:
        raise UsageError("--weight-column only works with --units")
    if args.decimals is not None:
        raise UsageError("--decimals only works with --units")
    preset = get_key(args.key)
    kwb = load_kwb(2024)
    extra = None
    if args.extra:
        head = _read_csv(args.extra, "extra", ("gemeentecode",))
        extra = _read_csv(args.extra, "extra", ("gemeentecode",), tuple(c for c in head.columns if c != "gemeentecode"))
    args.notes = []
    extra = _with_ses_woa(preset, kwb, extra, args.notes)
    params = _pairs(args.param, "--param") or None
    shares = key_shares(args.key, kwb, params, extra=extra)
    args.notes += proxy_note_lines(args.key, shares.attrs.get("proxies_used", ()), "en")
    population = pd.Series(kwb["aantal_inwoners"].to_numpy(dtype=float), index=kwb["gemeentecode"].astype(str))
    kw = _bounds_kw(args, population)
    if kw["floor"] is None and preset.default_floor is not None:
        kw["floor"] = preset.default_floor
    names = pd.Series(kwb["gemeentenaam"].to_numpy(), index=population.index)
    needs_params = _pairs(args.needs_param, "--needs-param") or None

    if args.total_high is not None:
        if args.pledges or args.previous:
            raise UsageError("--pledges and --previous cannot be combined with a corridor (--total-high)")
        out = allocate_corridor(shares, args.total, args.total_high, **kw)
        for end in ("low", "high"):  # per-1,000 rates and needs at both ends of the corridor
            out[f"allocated_{end}_per_1000"] = out[f"allocated_{end}"] / population.reindex(out.index) * 1000
            needs = compute_needs(out[f"allocated_{end}"].astype(float), needs_params)
            out = out.join(needs.add_suffix(f"_{end}"))
    else:
        pledges = previous = None
        if args.pledges:
            table = _read_csv(args.pledges, "pledges", ("gemeentecode", "pledge"), ("pledge",))
            if table["gemeentecode"].duplicated().any():
                raise UsageError("pledges file lists a gemeentecode twice")
            pledges = table.set_index("gemeentecode")["pledge"]
        if args.previous:
            previous = _read_csv(
                args.previous, "previous", ("gemeentecode", "target", "realised"), ("target", "realised")
            )
        housed = None
        if previous is not None and preset.housed_counts:  # FlüAG NRW § 3(3): housed persons count
            housed, previous = previous.set_index("gemeentecode")["realised"], None
        out = allocate(
            shares,
            args.total,
            pledges=pledges,
            previous_realisation=previous,
            carry_surplus=not args.no_carry_surplus,
            housed=housed,
            **kw,
        )
        out = out.join(split_subgroups(args.key, out["allocated"], params))
        basis = out["target"] if "target" in out.columns else out["allocated"]
        out = out.join(compute_needs(basis.astype(float), needs_params))

    if args.region:
        from geodata import load_region_lookup

        agg = aggregate_to_regions(out, load_region_lookup(), args.region, population)
        return agg.reset_index()
    out.insert(0, "gemeentenaam", names.reindex(out.index))
    return out.reset_index()


def run(args: argparse.Namespace) -> int:
    _check_total(args)
    frame = _run_units(args) if args.units else _run_gemeenten(args)
    if args.format == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=None, double_precision=10)
    else:
        text = frame.to_csv(index=False, float_format="%.10g")  # no binary noise like 5.585999999999999
    emit(text, args.output, getattr(args, "notes", ()))
    return 0
