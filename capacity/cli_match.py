"""`python -m capacity match`: place household cohorts in gemeenten by integer optimisation.

Examples::

    python -m capacity match --cohorts cohorts.csv --key population --band 0.5
    python -m capacity match --cohorts cohorts.csv --dwellings woningen.csv --key spreidingswet --band 0.3 --format json

``--cohorts``: CSV ``cohort,households,persons_per_household[,children_per_household]`` (persons and
children may be fractional: expected values). ``--dwellings``: CSV ``gemeentecode,dwellings[,school_places]``
for every gemeente; omitted → the documented proxy of ``capacity.match_score`` (corporation turnover ×
status-holder share). Output: one row per gemeente × cohort (zeros included) with ``gemeentecode,
gemeentenaam, cohort, households, persons, children, score, contribution``, then total rows
(``gemeentecode`` = TOTAL) per cohort and for all; the JSON form adds the objective, LP bound, gap and
shadow prices. Infeasible input or bad arguments: exit code 2, one line on stderr naming the cause.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from capacity.cli import UsageError, emit
from capacity.cli_allocate import _pairs, _read_csv, _with_ses_woa
from capacity.keys import KEYS, get_key, proxy_note_lines
from capacity.match import DEFAULT_TIME_LIMIT, Cohort, MatchResult, solve
from capacity.match_score import OBJECTIVES, build_problem
from geodata.cli_support import float_arg

MAX_COHORTS = 50  # the model has gemeenten × cohorts integer variables; keep it workshop-sized
TOTAL = "TOTAL"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "match",
        help="place household cohorts in gemeenten (integer optimisation under dwellings and a fairness band)",
        description=__doc__.splitlines()[0],
    )
    p.add_argument("--cohorts", type=Path, required=True, help="CSV: cohort,households,persons_per_household[,…]")
    p.add_argument("--dwellings", type=Path, help="CSV: gemeentecode,dwellings[,school_places]; default: proxy")
    p.add_argument("--key", choices=[k.id for k in KEYS], default="population", help="allocation key for fairness")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="key parameter (repeatable)")
    p.add_argument(
        "--band",
        type=float_arg(0, 10, "--band"),
        required=True,
        help="fairness band B (0–10): persons within (1 ± B) × key share",
    )
    p.add_argument("--objective", choices=OBJECTIVES, default="outcome", help="outcome (default), labour or school")
    p.add_argument(
        "--score-param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="score weight or proxy parameter of capacity.match_score.MATCH_PARAMETERS (repeatable)",
    )
    p.add_argument(
        "--time-limit",
        type=float_arg(0.1, 3600, "--time-limit"),
        default=DEFAULT_TIME_LIMIT,
        help="solver time limit in seconds (0.1–3600)",
    )
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--output", type=Path, help="write to this file instead of stdout")


def read_cohorts(path: Path) -> list[Cohort]:
    head = _read_csv(path, "cohorts", ("cohort", "households", "persons_per_household"))
    numeric = ("households", "persons_per_household") + (
        ("children_per_household",) if "children_per_household" in head.columns else ()
    )
    table = _read_csv(path, "cohorts", ("cohort", "households", "persons_per_household"), numeric)
    if len(table) > MAX_COHORTS:
        raise UsageError(f"cohorts file has {len(table)} rows; at most {MAX_COHORTS} cohorts")
    names = table["cohort"].fillna("").astype(str).str.strip()
    if (names == "").any():
        raise UsageError(f"cohorts file, row {int((names == '').to_numpy().argmax()) + 2}: empty cohort name")
    if names.duplicated().any():
        raise UsageError(f"cohorts file lists cohort {names[names.duplicated()].iloc[0]!r} twice")
    children = table["children_per_household"] if "children_per_household" in table.columns else 0.0
    table = table.assign(cohort=names, children_per_household=children)
    cohorts = []
    for row, rec in enumerate(table.itertuples(index=False), start=2):  # a handful of cohorts, not gemeenten
        hh = float(rec.households)
        if hh != int(hh):
            raise UsageError(f"cohorts file, row {row}: households must be a whole number, got {hh:g}")
        try:
            cohorts.append(
                Cohort(rec.cohort, int(hh), float(rec.persons_per_household), float(rec.children_per_household))
            )
        except ValueError as exc:
            raise UsageError(f"cohorts file, row {row}: {exc}") from None
    return cohorts


def read_dwellings(path: Path, codes: pd.Index) -> tuple[pd.Series, pd.Series | None]:
    head = _read_csv(path, "dwellings", ("gemeentecode", "dwellings"))
    has_school = "school_places" in head.columns
    numeric = ("dwellings", "school_places") if has_school else ("dwellings",)
    table = _read_csv(path, "dwellings", ("gemeentecode", "dwellings"), numeric)
    if table["gemeentecode"].duplicated().any():
        raise UsageError(
            f"dwellings file lists {table['gemeentecode'][table['gemeentecode'].duplicated()].iloc[0]} twice"
        )
    unknown = sorted(set(table["gemeentecode"]) - set(codes))
    if unknown:
        raise UsageError(f"dwellings file has unknown gemeentecode(s): {', '.join(unknown[:5])}")
    missing = codes.difference(table["gemeentecode"])
    if len(missing):
        raise UsageError(
            f"dwellings file lacks {len(missing)} of {len(codes)} gemeenten (e.g. {', '.join(sorted(missing)[:3])})"
        )
    table = table.set_index("gemeentecode")
    for column in numeric:
        values = table[column]
        bad = (values < 0) | (values != values.round())
        if bad.any():
            code = bad.idxmax()
            raise UsageError(f"dwellings file, {code}: {column} must be a whole number ≥ 0, got {values[code]:g}")
    return table["dwellings"], (table["school_places"] if has_school else None)


def _tables(result: MatchResult, names: pd.Series) -> pd.DataFrame:
    rows = result.placement.copy()
    rows.insert(1, "gemeentenaam", rows["gemeentecode"].map(names).fillna(""))
    sums = rows.groupby("cohort", sort=False)[["households", "persons", "children", "contribution"]].sum()
    totals = sums.reset_index()
    totals = pd.concat([totals, pd.DataFrame([{"cohort": "ALL", **sums.sum().to_dict()}])], ignore_index=True)
    totals.insert(0, "gemeentecode", TOTAL)
    totals.insert(1, "gemeentenaam", "")
    return pd.concat([rows, totals], ignore_index=True)


def run(args: argparse.Namespace) -> int:
    from capacity.keys import key_shares
    from capacity.match_explain import describe_costs, shadow_summary
    from geodata import load_kwb

    cohorts = read_cohorts(args.cohorts)
    kwb = load_kwb(2024)
    codes = pd.Index(kwb["gemeentecode"].astype(str))
    dwellings = school = None
    if args.dwellings:
        dwellings, school = read_dwellings(args.dwellings, codes)
    notes: list[str] = []
    extra = _with_ses_woa(get_key(args.key), kwb, None, notes)  # same SES-WOA precedence as `allocate`
    shares = key_shares(args.key, kwb, _pairs(args.param, "--param") or None, extra=extra)
    notes += proxy_note_lines(args.key, shares.attrs.get("proxies_used", ()), "en")
    if not args.dwellings:
        notes.append(
            "dwellings: proxy = ceil(corporation stock x turnover x status-holder share of vacancies), at least "
            "woning_minimum (capacity.match_score.proxy_dwellings); not a count of available homes"
        )
    score_params = _pairs(args.score_param, "--score-param") or None
    problem = build_problem(
        kwb,
        cohorts,
        shares=shares,
        band=args.band,
        dwellings=dwellings,
        school_places=school,
        objective=args.objective,
        params=score_params,
    )
    result = solve(problem, time_limit=args.time_limit)
    names = pd.Series(kwb["gemeentenaam"].to_numpy(), index=codes)
    frame = _tables(result, names)
    if args.format == "json":
        payload = {
            "rows": json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=10)),
            "totals": result.totals,
            "status": result.status,
            "dwellings_source": "file" if args.dwellings else "proxy (capacity.match_score.proxy_dwellings)",
            "key": args.key,
            "band": args.band,
            "objective": args.objective,
            "shadow_prices": shadow_summary(result),
            "costs": describe_costs(result, names.to_dict(), lang="en"),
            "notes": notes,
        }
        text = json.dumps(payload, ensure_ascii=False)
    else:
        text = frame.to_csv(index=False, float_format="%.10g")
    emit(text, args.output, notes)
    return 0
