"""`python -m capacity {score,allocate,project,match,validate-scores}`.

Each subcommand lives in its own module (``capacity/cli_<name>.py``) exposing ``register(sub)``
(adds its parser) and ``run(args) -> int``. Errors a user can cause end as exit code 2 with one
line on stderr, never a traceback or a library warning (``geodata.cli_support.cli_main``); numbers
on the command line have a stated range (``int_arg``/``float_arg``), input files a bounded read.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from geodata.cli_support import cli_main

COMMANDS = ("score", "allocate", "project", "match", "validate-scores")


class UsageError(ValueError):
    """Bad arguments or a malformed input file: reported in one line, exit code 2."""


def emit(text: str, output: Path | None, notes: Iterable[str] = ()) -> None:
    """Write a command's result to ``output`` (or stdout), then its notes to stderr: notes only on
    success, after the output, so a failed command prints exactly one line."""
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse prints usage + exits 2; keep it one line
        raise UsageError(message)


def _module(command: str) -> str:
    """``validate-scores`` → ``capacity.cli_validate_scores``."""
    return f"capacity.cli_{command.replace('-', '_')}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m capacity", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != _module(name):
                raise
            continue
        module.register(sub)
    return parser


@cli_main
def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = importlib.import_module(_module(args.command))
    return int(module.run(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
