"""`python -m capacity score`: load scores per gemeente as CSV or JSON on stdout (or --output FILE).

Weights file (TOML), both tables optional; unlisted entries keep weight 1::

    [indicators]
    woz_waarde = 2.0
    [dimensions]
    integration = 0.5
"""

from __future__ import annotations

import argparse
import json
import math
import tomllib
from pathlib import Path

import pandas as pd

from capacity import normalise as nm
from capacity.cli import UsageError, emit
from capacity.scoring import IMPUTERS, ScoreConfig, compute_scores
from geodata.cli_support import int_arg, read_input_text
from geodata.importer import InputError

MAX_DRAWS = 100_000  # Monte Carlo draws; more only costs time

OUTPUT_COLUMNS = (
    "gemeentecode",
    "gemeentenaam",
    "housing_load",
    "education_load",
    "integration_load",
    "total_load",
    "rank_total",
)
UNCERTAINTY_COLUMNS = ("rank_p05", "rank_p50", "rank_p95")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "score", help="housing, education and integration load scores per gemeente", description=__doc__.splitlines()[0]
    )
    p.add_argument("--normalise", choices=nm.NORMALISERS, default="minmax")
    p.add_argument("--aggregate", choices=nm.AGGREGATORS, default="arithmetic")
    p.add_argument("--winsorise", metavar="LO,HI", help="winsorise at these quantiles, e.g. 0.05,0.95")
    p.add_argument("--log", metavar="ID[,ID…]", default="", help="indicator ids to log-transform")
    p.add_argument(
        "--outliers",
        choices=nm.OUTLIER_METHODS,
        default="coinr",
        help="automatic outlier treatment: coinr (default: winsorise ≤ 5 points, else log, when "
        "|skewness| ≥ 2 and kurtosis ≥ 3.5) or none",
    )
    p.add_argument("--impute", choices=IMPUTERS, default="national_median")
    p.add_argument("--reference", metavar="GMxxxx", help="reference gemeente for distance_reference")
    p.add_argument("--weights", metavar="FILE.toml", type=Path, help="indicator and dimension weights")
    p.add_argument(
        "--uncertainty",
        metavar="N",
        type=int_arg(0, MAX_DRAWS, "--uncertainty"),
        default=0,
        help=f"add Monte Carlo rank_p05/p50/p95 from N draws (0–{MAX_DRAWS})",
    )
    p.add_argument("--seed", type=int_arg(0, 2**32 - 1, "--seed"), default=0, help="random seed for --uncertainty")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--output", metavar="FILE", type=Path, help="write here instead of stdout")


def parse_winsorise(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lo, hi = (float(part) for part in text.split(","))
    except ValueError:
        raise UsageError(f"--winsorise expects two quantiles like 0.05,0.95, got {text!r}") from None
    if not 0 <= lo < hi <= 1:
        raise UsageError(f"--winsorise quantiles must satisfy 0 ≤ LO < HI ≤ 1, got {text!r}")
    return lo, hi


def read_weights(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Indicator and dimension weights from a TOML file; any malformation is a UsageError."""
    try:
        data = tomllib.loads(read_input_text(path, "weights"))
    except InputError as exc:
        raise UsageError(exc.en) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"weights file {path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(f"weights file {path} is nested too deeply") from None
    unknown = sorted(set(data) - {"indicators", "dimensions"})
    if unknown:
        raise UsageError(f"weights file {path}: unknown table(s) {unknown}; use [indicators] and [dimensions]")
    out: list[dict[str, float]] = []
    for table in ("indicators", "dimensions"):
        section = data.get(table, {})
        if not isinstance(section, dict):
            raise UsageError(f"weights file {path}: [{table}] must be a table of name = number")
        for key, value in section.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise UsageError(
                    f"weights file {path}: {table}.{key} must be a number (finite), got {str(value)[:30]!r}"
                )
        out.append({k: float(v) for k, v in section.items()})
    return out[0], out[1]


def build_config(args: argparse.Namespace) -> ScoreConfig:
    ind_w, dim_w = read_weights(args.weights) if args.weights else ({}, {})
    return ScoreConfig(
        normalise=args.normalise,
        aggregate=args.aggregate,
        winsorise=parse_winsorise(args.winsorise),
        log=tuple(x.strip() for x in args.log.split(",") if x.strip()),
        impute=args.impute,
        outliers=args.outliers,
        indicator_weights=ind_w or None,
        dimension_weights=dim_w or None,
        reference=args.reference,
    )


def score_table(
    kwb: pd.DataFrame, config: ScoreConfig, uncertainty: int = 0, seed: int = 0, lookup: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The CLI table: one row per gemeente, plus the rank interval when ``uncertainty`` > 0."""
    result = compute_scores(kwb, config, lookup)
    table = result.scores.reset_index()[list(OUTPUT_COLUMNS)]
    if uncertainty:
        from capacity.uncertainty import run_uncertainty

        ranks = run_uncertainty(kwb, config, n=uncertainty, seed=seed, lookup=lookup).ranks
        table = table.join(ranks[list(UNCERTAINTY_COLUMNS)], on="gemeentecode")
    return table


def run(args: argparse.Namespace) -> int:
    if args.uncertainty < 0:
        raise UsageError(f"--uncertainty must be ≥ 0, got {args.uncertainty}")
    config = build_config(args)
    from geodata import load_kwb, load_region_lookup

    kwb = load_kwb(2024)
    lookup = load_region_lookup() if config.impute == "province_median" else None
    table = score_table(kwb, config, args.uncertainty, args.seed, lookup)
    if args.format == "csv":
        text = table.to_csv(index=False, float_format="%.4f", lineterminator="\n")
    else:
        text = (
            json.dumps(json.loads(table.to_json(orient="records", double_precision=4)), ensure_ascii=False, indent=1)
            + "\n"
        )
    emit(text, args.output)
    return 0
