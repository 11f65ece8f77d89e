"""`python -m geodata {fetch,check,validate,cbs}`.

User errors end as exit code 2 (bad arguments) or 1 (a failed fetch/check) with one line on stderr,
never a traceback (``geodata.cli_support.cli_main``, shared with ``python -m capacity``). ``validate`` lives in ``geodata/cli_validate.py``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import NoReturn

from geodata import paths
from geodata.cli_support import cli_main, one_line
from geodata.fetch import FetchError, check, fetch

__all__ = ["UsageError", "build_parser", "main", "one_line"]


class UsageError(ValueError):
    """Bad arguments: one line on stderr, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _register_fetch(sub) -> None:
    p = sub.add_parser("fetch", help="download (or copy) every registered source into the local cache")
    p.add_argument(
        "--from",
        dest="origin",
        metavar="URL|DIR",
        help="a mirror (URL or folder) in the same layout; default: the upstream URLs",
    )
    p.add_argument("--dest", type=Path, help="target folder (default: the project cache, .cache/raw)")
    p.add_argument("--only", nargs="+", metavar="SOURCE_ID", help="fetch only these sources")
    p.add_argument("--force", action="store_true", help="fetch again even when the file is already verified")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _register_check(sub) -> None:
    p = sub.add_parser("check", help="list every source with status, peildatum and checksum result")
    p.add_argument("--data-dir", type=Path, help="folder to check (default: the resolved data directory)")


def _run_fetch(args: argparse.Namespace) -> int:
    dest = args.dest or paths.raw_cache_dir()
    try:
        outcomes = fetch(args.origin, dest, only=args.only, force=args.force, progress=not args.quiet)
    except FetchError as exc:
        for line in str(exc).split("\n"):  # one line per failed file
            print(f"error: {line}", file=sys.stderr)
        return 1
    for o in outcomes:
        print(f"{o.status:16} {o.source_id}")
    print(f"{sum(o.status != 'skipped-derived' for o in outcomes)} files verified in {dest}")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    base = args.data_dir or paths.data_dir()
    rows = check(base)
    print(f"data directory: {base}")
    print(f"{'status':11} {'source':40} {'peildatum':11} sha256")
    for row in rows:
        sha = "verified" if row.status == "ok" else (row.actual_sha256 or "-")[:12]
        print(f"{row.status:11} {row.source.id:40} {row.source.peildatum:11} {sha}")
    bad = [r for r in rows if not r.ok]
    print(
        f"{len(rows) - len(bad)} of {len(rows)} sources fine"
        + (f"; {len(bad)} need `python -m geodata fetch`" if bad else "")
    )
    from geodata.cli_cbs import list_lines

    cbs_lines = list_lines()
    print(f"CBS tables fetched live (python -m geodata cbs fetch): {len(cbs_lines) or 'none'}")
    for line in cbs_lines:
        print(line)
    return 1 if bad or any(not line.startswith("ok") for line in cbs_lines) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m geodata", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _register_fetch(sub)
    _register_check(sub)
    for name in ("geodata.cli_validate", "geodata.cli_cbs"):
        try:
            importlib.import_module(name).register(sub)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return parser


@cli_main
def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "fetch":
        return _run_fetch(args)
    if args.command == "check":
        return _run_check(args)
    return int(importlib.import_module(f"geodata.cli_{args.command}").run(args) or 0)
