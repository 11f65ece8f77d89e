"""`python -m capacity validate-scores`: coherence, rank stability and reference checks of the druk scores.

Prints the report (text, or JSON with ``--format json``) and exits 0 when every reference check passes,
1 when one fails (so CI can gate on it), 2 on a bad argument.
"""

from __future__ import annotations

import argparse
import json
import sys

from geodata.cli_support import int_arg

MAX_DRAWS = 20_000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate-scores",
        help="statistical coherence, rank stability and reference checks of the scores",
        description=__doc__.splitlines()[0],
    )
    p.add_argument(
        "--draws",
        type=int_arg(0, MAX_DRAWS, "--draws"),
        default=1000,
        help="Monte Carlo draws for the rank widths (0 = skip)",
    )
    p.add_argument("--seed", type=int_arg(0, 2**32 - 1, "--seed"), default=0, help="random seed of the Monte Carlo")
    p.add_argument("--lang", choices=("en", "nl"), default="en", help="language of the text report")
    p.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from capacity.scoring import compute_scores
    from capacity.validation import format_report, validate
    from geodata import load_kwb

    kwb = load_kwb(2024)
    report = validate(kwb, compute_scores(kwb), n_draws=args.draws, seed=args.seed)
    if args.format == "json":
        payload = {
            "coherence": report.coherence.reset_index().to_dict("records"),
            "correlations": report.correlations.reset_index().to_dict("records"),
            "rank_width_total": report.rank_width_total,
            "checks": report.checks.reset_index().to_dict("records"),
            "passed": report.passed,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1, default=float) + "\n")
    else:
        sys.stdout.write(format_report(report, args.lang))
    return 0 if report.passed else 1
