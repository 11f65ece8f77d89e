"""`python -m geodata validate FILE [--sheet NAME]`: the upload check of the "Eigen data" page, offline.

Prints one line per finding (Dutch, with row and column) and a verdict. Exit code 0 for a usable
file, 2 for a rejected one (or a file that cannot be opened); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.importer import MAX_BYTES, format_report, read_table


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a CSV/XLSX table per gemeente as the dashboard upload would")
    p.add_argument("file", type=Path, help="CSV (; or , separated) or XLSX file")
    p.add_argument("--sheet", help="worksheet to read when an XLSX file has several")


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        size = path.stat().st_size
        if not path.is_file():
            print(f"Fout: '{path}' is geen bestand.", file=sys.stderr)
            return 2
        if size > MAX_BYTES:
            print(
                f"Fout: het bestand is te groot ({size / 1024 / 1024:.1f} MB); de grens is "
                f"{MAX_BYTES / 1024 / 1024:.0f} MB."
            )
            print("Afgewezen: 1 fout(en).")
            return 2
        data = path.read_bytes()
    except OSError as exc:
        print(
            f"Fout: bestand '{path}' kan niet worden geopend ({exc.strerror or type(exc).__name__}).", file=sys.stderr
        )
        return 2
    result = read_table(data, path.name, args.sheet)
    print(format_report(result))
    return 0 if result.ok else 2
