"""`python -m geodata validate FILE [--sheet NAME]`: the upload check of the "Eigen data" page, offline.

Prints one line per finding (Dutch, with row and column) and a verdict. Exit code 0 for a usable
file, 2 for a rejected one (or a file that cannot be opened); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.importer import DEFAULT_LIMITS, InputError, LimitExceeded, format_report, read_bytes_bounded, read_table


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a CSV/XLSX table per gemeente as the dashboard upload would")
    p.add_argument("file", type=Path, help="CSV (; or , separated) or XLSX file")
    p.add_argument("--sheet", help="worksheet to read when an XLSX file has several")


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        data = read_bytes_bounded(path, DEFAULT_LIMITS, "bestand")
    except LimitExceeded as exc:  # the upload would say the same: a report line and the verdict
        print(f"Fout: {exc.nl}")
        print("Afgewezen: 1 fout(en).")
        return 2
    except InputError as exc:
        print(f"Fout: {exc.nl}", file=sys.stderr)
        return 2
    result = read_table(data, path.name, args.sheet)
    print(format_report(result))
    return 0 if result.ok else 2
