"""One registry of every limit on user-supplied bytes (uploads, scenario files, pledges, CLI input files).

Each limit has a Dutch and English label, so every refusal names the limit it hit ("de grens is 5.000
rijen (max_rows)"). Tests inject small limits (``Limits(max_rows=3)``) instead of timing anything.
The wall-clock budget is a product setting: ``Limits.time_budget_s`` (default 20 s, or the environment
variable ``OPNAME_IMPORT_BUDGET_S``); a :class:`Budget` is checked between rows and between stages.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

MB = 1024 * 1024


def _default_budget() -> float:
    try:
        value = float(os.environ.get("OPNAME_IMPORT_BUDGET_S", "20"))
    except ValueError:
        return 20.0
    return value if 0 < value <= 600 else 20.0


@dataclass(frozen=True)
class Limits:
    """Bounds for parsing untrusted input; every field has an entry in :data:`LIMIT_LABELS`."""

    max_bytes: int = 5 * MB  # file size (a 342-row table is a few kB)
    max_unpacked: int = 50 * MB  # XLSX: total unpacked size (zip-bomb guard)
    max_shared_strings: int = 5 * MB  # XLSX: unpacked size of the shared-strings part
    max_rows: int = 5_000  # rows read from a file (title lines and blank rows included)
    max_columns: int = 300
    max_cells: int = 250_000  # filled cells (declared dimension and actual cells)
    max_cell_chars: int = 131_072  # characters in one cell (128 kB)
    max_digits: int = 30  # digits in one number (beyond float precision anyway)
    max_json_depth: int = 20  # nesting of [ and { in a JSON file
    max_json_bytes: int = 20_000  # a scenario file is about 1 kB
    time_budget_s: float = 20.0  # wall-clock budget for reading one file


#: limit → (Dutch label, English label, unit in Dutch, unit in English)
LIMIT_LABELS: dict[str, tuple[str, str, str, str]] = {
    "max_bytes": ("bestandsgrootte", "file size", "MB", "MB"),
    "max_unpacked": ("uitgepakte grootte van het Excel-bestand", "unpacked workbook size", "MB", "MB"),
    "max_shared_strings": ("gedeelde teksten in het Excel-bestand", "shared strings of the workbook", "MB", "MB"),
    "max_rows": ("aantal rijen", "number of rows", "rijen", "rows"),
    "max_columns": ("aantal kolommen", "number of columns", "kolommen", "columns"),
    "max_cells": ("aantal cellen", "number of cells", "cellen", "cells"),
    "max_cell_chars": ("grootte van één cel", "size of one cell", "tekens", "characters"),
    "max_digits": ("cijfers in één getal", "digits in one number", "cijfers", "digits"),
    "max_json_depth": ("nesting in het JSON-bestand", "nesting of the JSON file", "niveaus", "levels"),
    "max_json_bytes": ("grootte van het JSON-bestand", "size of the JSON file", "bytes", "bytes"),
    "time_budget_s": ("verwerkingstijd", "processing time", "seconden", "seconds"),
}

DEFAULT_LIMITS = Limits(time_budget_s=_default_budget())


def _nl_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def limit_value(name: str, limits: Limits, lang: str = "nl") -> str:
    """'5 MB', '5.000 rijen', … — the limit's value with its unit."""
    value = getattr(limits, name)
    _, _, unit_nl, unit_en = LIMIT_LABELS[name]
    if unit_nl == "MB":
        shown = value / MB
        text = _nl_number(shown) if lang == "nl" else f"{shown:g}"
        return f"{text} MB"
    kb = f" ({value // 1024} kB)" if name == "max_cell_chars" and value >= 1024 else ""
    return f"{_nl_number(value)} {unit_nl}{kb}" if lang == "nl" else f"{value:,} {unit_en}{kb}"


def limit_text(name: str, limits: Limits, lang: str = "nl") -> str:
    """'de grens is 5.000 rijen (aantal rijen, instelling max_rows)'."""
    label_nl, label_en, _, _ = LIMIT_LABELS[name]
    if lang == "nl":
        return f"de grens is {limit_value(name, limits, 'nl')} ({label_nl}, instelling {name})"
    return f"the limit is {limit_value(name, limits, 'en')} ({label_en}, setting {name})"


class InputError(ValueError):
    """Bad user input, with a Dutch sentence (``str()``) and an English one (``.en``)."""

    def __init__(self, nl: str, en: str | None = None) -> None:
        super().__init__(nl)
        self.nl = nl
        self.en = en or nl

    def text(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


class LimitExceeded(InputError):
    """A limit of :class:`Limits` was hit; the message names it."""

    def __init__(self, name: str, limits: Limits, what_nl: str, what_en: str | None = None) -> None:
        self.limit = name
        super().__init__(
            f"{what_nl}; {limit_text(name, limits, 'nl')}.", f"{what_en or what_nl}; {limit_text(name, limits, 'en')}."
        )


class Budget:
    """Wall-clock budget of one read; :meth:`check` raises :class:`LimitExceeded` once it is spent."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.deadline = clock() + limits.time_budget_s

    def check(self) -> None:
        if self.clock() >= self.deadline:
            raise LimitExceeded(
                "time_budget_s",
                self.limits,
                "Het verwerken van het bestand duurt te lang",
                "Processing the file takes too long",
            )


# --- bounded reads of files named on a command line ------------------------------------------------------


def read_bytes_bounded(path: str | Path, limits: Limits = DEFAULT_LIMITS, what: str = "bestand") -> bytes:
    """The bytes of a regular file of at most ``limits.max_bytes``; never blocks on FIFOs or reads devices.

    ``stat`` first (a FIFO, /dev/zero or a directory is refused without opening it), then at most
    ``max_bytes + 1`` bytes are read, so a file growing while read is refused too.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(
            f"{what} '{path}' kan niet worden geopend (bestaat niet)", f"{what} file '{path}' not found"
        ) from None
    except OSError as exc:
        raise InputError(
            f"{what} '{path}' kan niet worden geopend ({exc.strerror or 'onbekende fout'})",
            f"cannot open {what} file '{path}' ({exc.strerror or 'unknown error'})",
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"{what} '{path}' is geen gewoon bestand (map, apparaat of pijp)",
            f"{what} file '{path}' is not a regular file (directory, device or pipe)",
        )
    if info.st_size > limits.max_bytes:
        raise LimitExceeded(
            "max_bytes",
            limits,
            f"{what} '{path}' is te groot ({info.st_size / MB:.1f} MB)",
            f"{what} file '{path}' is too large ({info.st_size / MB:.1f} MB)",
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(
            f"{what} '{path}' kan niet worden gelezen ({exc.strerror or 'onbekende fout'})",
            f"cannot read {what} file '{path}' ({exc.strerror or 'unknown error'})",
        ) from None
    if len(data) > limits.max_bytes:
        raise LimitExceeded("max_bytes", limits, f"{what} '{path}' is te groot", f"{what} file '{path}' is too large")
    return data


# --- bounded JSON ---------------------------------------------------------------------------------------


def _finite_float(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"getal {text[:20]!r} is te groot", f"number {text[:20]!r} is too large")
    return value


def _no_constant(text: str) -> float:
    raise InputError(f"{text} is geen getal", f"{text} is not a number")


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def json_depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` outside strings (linear scan, no recursion)."""
    depth = deepest = 0
    for ch in _JSON_STRING.sub("", text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def load_json_bounded(raw: bytes | str, max_bytes: int | None = None, limits: Limits = DEFAULT_LIMITS) -> object:
    """``json.loads`` with a size and nesting limit checked before parsing; ``InputError`` otherwise.

    ``max_bytes`` overrides ``limits.max_json_bytes``; numbers must be finite (no 1e400, NaN, Infinity)."""
    if max_bytes is not None:
        limits = replace(limits, max_json_bytes=max_bytes)
    if len(raw) > limits.max_json_bytes:
        raise LimitExceeded(
            "max_json_bytes",
            limits,
            f"het bestand is te groot ({len(raw)} bytes)",
            f"the file is too large ({len(raw)} bytes)",
        )
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("het bestand is geen UTF-8-tekst", "the file is not UTF-8 text") from None
    depth = json_depth(raw)
    if depth > limits.max_json_depth:
        raise LimitExceeded(
            "max_json_depth",
            limits,
            f"het JSON-bestand is {depth} niveaus diep genest",
            f"the JSON is nested {depth} levels deep",
        )
    try:
        return json.loads(raw, parse_float=_finite_float, parse_constant=_no_constant)
    except InputError:
        raise
    except json.JSONDecodeError as exc:
        raise InputError(
            f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})",
            f"not valid JSON (line {exc.lineno}, column {exc.colno})",
        ) from None
    except (RecursionError, ValueError):
        raise InputError("geen geldige JSON", "not valid JSON") from None
