"""`python -m geodata cbs {fetch,list}`: live CBS tables into the cache, with provenance.

``fetch TABLE_ID [--cbs-url URL] [--period 2023JJ00]`` downloads every page, keeps gemeente rows of
one period and caches the table; an unknown table, an unreachable server or a broken answer ends with
exit code 2 and one line on stderr (nothing is cached then). ``list`` shows what is cached.
"""

from __future__ import annotations

import argparse
import sys

from geodata import cbs
from geodata.cbs_tables import CBS_TABLES, get_table
from geodata.cli_support import float_arg


def register(sub) -> None:
    p = sub.add_parser("cbs", help="fetch CBS StatLine tables (OData feed) into the cache, or list them")
    cmd = p.add_subparsers(dest="cbs_command", required=True, parser_class=type(p))
    f = cmd.add_parser("fetch", help="download one table (all pages) with provenance")
    f.add_argument("table_id", help="CBS table id, e.g. " + ", ".join(t.id for t in CBS_TABLES))
    f.add_argument("--cbs-url", help=f"feed base URL (default ${cbs.ENV_CBS_URL} or {cbs.DEFAULT_CBS_URL})")
    f.add_argument("--period", help="period code, e.g. 2023JJ00 (default: the newest in the table)")
    f.add_argument(
        "--timeout",
        type=float_arg(0.1, 600, "--timeout"),
        default=cbs.TIMEOUT_S,
        help="seconds per request (0.1–600, default 60)",
    )
    f.add_argument("--quiet", action="store_true", help="no page counter")
    cmd.add_parser("list", help="cached CBS tables with period, fetched-at and checksum status")


def _fetch(args: argparse.Namespace) -> int:
    if not args.timeout > 0:
        print("error: --timeout must be a positive number of seconds", file=sys.stderr)
        return 2
    try:
        meta = cbs.fetch_table(
            args.table_id, base=args.cbs_url, period=args.period, timeout=args.timeout, progress=not args.quiet
        )
    except (cbs.CbsError, ValueError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    spec = get_table(meta["table_id"])
    use = f" ({spec.kind})" if spec else " (not a registered connector: cached, not used by the dashboard)"
    print(
        f"cached {meta['table_id']}{use}: {meta['title']} — period {meta['period']}, {meta['rows']} gemeenten, "
        f"modified {meta['modified']}, sha256 {meta['sha256'][:12]}… in {cbs.cbs_dir()}"
    )
    return 0


def list_lines() -> list[str]:
    """One line per cached table (also used by ``python -m geodata check``)."""
    return [
        f"{m['status']:9} {m['table_id']:9} {str(m.get('period')):9} {m.get('rows', '?'):>5} rows  "
        f"fetched {m.get('fetched_at', '?')}  {m.get('title', '')}"
        for m in cbs.cached_tables()
    ]


def run(args: argparse.Namespace) -> int:
    if args.cbs_command == "fetch":
        return _fetch(args)
    lines = list_lines()
    print(f"CBS tables in {cbs.cbs_dir()}: {len(lines) or 'none'}")
    for line in lines:
        print(line)
    return 0 if all(line.startswith("ok") for line in lines) else 1
