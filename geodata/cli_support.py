"""The command-line convention shared by ``python -m capacity …`` and ``python -m geodata …``.

* A bad argument or input ends with exit code 2 and exactly one line on stderr (``error: …``), never a
  traceback, never a library warning: :func:`cli_main` wraps a ``main(argv) -> int``.
* Informational notes (e.g. "proxy used") written to stderr during a command are shown only when it
  succeeds; on failure only the one error line remains.
* Numbers on the command line go through :func:`int_arg` / :func:`parse_number`: a stated range, a
  limit on digits, finite values only. Input files go through :func:`read_input` (regular files only,
  bounded read: a FIFO or /dev/zero is refused before it is opened).

New commands reuse these: decorate ``main`` with :func:`cli_main` and use the argument types below.
"""

from __future__ import annotations

import argparse
import functools
import io
import sys
import warnings
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np

from geodata.importer.limits import DEFAULT_LIMITS, InputError, Limits, read_bytes_bounded

MAX_ARG_DIGITS = 30


def one_line(exc: BaseException) -> str:
    """A readable single line for any user-caused error (KeyError's repr quotes, OSError's errno, …)."""
    if isinstance(exc, InputError):
        text = exc.en
    elif isinstance(exc, KeyError) and exc.args:
        text = str(exc.args[0])
    elif isinstance(exc, UnicodeDecodeError):
        text = f"the file is not {exc.encoding} text (byte {exc.start}); save it as UTF-8"
    elif isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    elif isinstance(exc, ValueError | LookupError | TypeError) and str(exc):
        text = str(exc)
    elif isinstance(exc, OverflowError | FloatingPointError):
        text = "a number is too large or not finite"
    elif isinstance(exc, RecursionError):
        text = "the input is nested too deeply"
    elif isinstance(exc, MemoryError):
        text = "the input is too large to process"
    else:
        text = f"unexpected problem ({type(exc).__name__}); please check the input"
    text = " ".join(str(text).split())
    return text if len(text) <= 400 else text[:399] + "…"


def cli_main(func: Callable[[list[str] | None], int]) -> Callable[..., int]:
    """Wrap a ``main(argv) -> int``: any exception → exit 2 and one stderr line; warnings silenced;
    stderr notes shown only on success (exit 0)."""

    @functools.wraps(func)
    def wrapper(argv: list[str] | None = None) -> int:
        real_err = sys.stderr
        interactive = bool(getattr(real_err, "isatty", lambda: False)())
        buffer: io.StringIO = _Tee(real_err) if interactive else io.StringIO()
        code: int
        message: str | None = None
        try:
            sys.stderr = buffer
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                code = int(func(argv) or 0)
        except SystemExit as exc:  # argparse --help / --version
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except KeyboardInterrupt:
            code, message = 130, "interrupted"
        except BaseException as exc:  # noqa: BLE001 - the one-line contract of every command
            code, message = 2, one_line(exc)
        finally:
            sys.stderr = real_err
        if message is not None:
            print(f"error: {message}", file=real_err)
        elif interactive:
            pass  # already shown live (progress bars on a terminal)
        elif code != 2 or _is_one_error_line(buffer.getvalue()):
            real_err.write(buffer.getvalue())  # success notes, or the per-file lines of a failed fetch (exit 1)
        else:
            lines = [ln for ln in buffer.getvalue().splitlines() if ln.startswith(("error:", "Fout:"))]
            print(lines[0] if lines else "error: the command failed", file=real_err)
        return code

    return wrapper


class _Tee(io.StringIO):
    """Keeps a copy and writes through (a terminal sees progress bars live)."""

    def __init__(self, target) -> None:
        super().__init__()
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(text)
        return super().write(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return True


def _is_one_error_line(text: str) -> bool:
    return text.count("\n") <= 1 and not text.lstrip().startswith(("Traceback", "/"))


# --- argument types --------------------------------------------------------------------------------------


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def int_arg(lo: int, hi: int, what: str = "value") -> Callable[[str], int]:
    """argparse ``type=``: a whole number in [lo, hi] (stated in the message), at most 30 digits."""

    def parse(text: str) -> int:
        raw = text.strip().replace("_", "")
        if _digits(raw) > MAX_ARG_DIGITS:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number from {lo} to {hi}, got {len(raw)} digits")
        try:
            value = int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{what} must be a whole number from {lo} to {hi}, got {text[:30]!r}"
            ) from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number from {lo} to {hi}, got {value}")
        return value

    parse.__name__ = "whole number"
    return parse


def parse_number(text: str, what: str, lo: float | None = None, hi: float | None = None) -> float:
    """A finite number (decimal, fraction '2/3' or '1e3') with at most 30 digits, optionally in [lo, hi]."""
    raw = str(text).strip().replace("\u2212", "-")
    if _digits(raw) > MAX_ARG_DIGITS or len(raw) > 60:
        raise InputError(
            f"{what}: te veel cijfers", f"{what}: too many digits ({_digits(raw)}; at most {MAX_ARG_DIGITS})"
        )
    try:
        frac = Fraction(raw)
        if abs(frac) > Fraction(10) ** 30:
            raise OverflowError
        value = float(frac)
    except (ValueError, ZeroDivisionError):
        raise InputError(f"{what}: {raw[:30]!r} is geen getal", f"{what}: {raw[:30]!r} is not a number") from None
    except OverflowError:
        raise InputError(f"{what}: {raw[:30]!r} is te groot", f"{what}: {raw[:30]!r} is too large") from None
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InputError(
            f"{what} moet tussen {lo:g} en {hi:g} liggen", f"{what} must be between {lo:g} and {hi:g}, got {value:g}"
        )
    return value


def float_arg(lo: float, hi: float, what: str = "value") -> Callable[[str], float]:
    """argparse ``type=``: a finite number in [lo, hi]."""

    def parse(text: str) -> float:
        try:
            return parse_number(text, what, lo, hi)
        except InputError as exc:
            raise argparse.ArgumentTypeError(exc.en) from None

    parse.__name__ = "number"
    return parse


def read_input(path: str | Path, what: str = "input", limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Bytes of an input file named on the command line: regular files only, at most ``limits.max_bytes``."""
    return read_bytes_bounded(path, limits, what)


def read_input_text(path: str | Path, what: str = "input", limits: Limits = DEFAULT_LIMITS) -> str:
    """:func:`read_input` decoded as UTF-8 (BOM allowed); ``InputError`` otherwise."""
    data = read_input(path, what, limits)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{what} '{path}' is geen UTF-8-tekst", f"{what} file '{path}' is not UTF-8 text; save it as UTF-8"
        ) from None
