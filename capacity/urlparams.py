"""Allow-listed plain URL parameters (pure): type, allowed values or range, default.

A link carries only values that one of these specs accepts; nothing is pickled, executed or trusted.
``ui.state`` keeps the registry of the parameters a page reads; ``capacity.scenario`` declares the
scenario's own parameters here so a scenario round-trips through a link without Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["choice", "int", "float", "bool"]
Choices = tuple[str, ...] | Callable[[], Iterable[str]] | None
MAX_VALUE_CHARS = 64  # longer raw values are refused before parsing

Value = str | int | float | bool | None


@dataclass(frozen=True)
class Param:
    name: str
    kind: Kind = "choice"
    choices: Choices = None
    lo: float | None = None
    hi: float | None = None
    default: Value = None
    doc: str = ""

    def allowed(self) -> tuple[str, ...] | None:
        if self.choices is None:
            return None
        return tuple(self.choices() if callable(self.choices) else self.choices)

    def parse(self, raw: object) -> str | int | float | bool:
        """The typed value of a raw query-string value; ``ValueError`` if it is not allowed."""
        text = str(raw).strip()
        if len(text) > MAX_VALUE_CHARS:
            raise ValueError(f"{self.name}: value too long")
        if self.kind == "bool":
            if text.lower() in ("1", "true", "ja", "yes"):
                return True
            if text.lower() in ("0", "false", "nee", "no"):
                return False
            raise ValueError(f"{self.name}: not a boolean")
        if self.kind in ("int", "float"):
            try:
                value: float | int = float(text.replace(",", ".")) if self.kind == "float" else int(text)
            except ValueError:
                raise ValueError(f"{self.name}: not a number") from None
            if not math.isfinite(value):
                raise ValueError(f"{self.name}: not finite")
            if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
                raise ValueError(f"{self.name}: {value} outside [{self.lo}, {self.hi}]")
            return value
        allowed = self.allowed()
        if allowed is not None:
            # case-insensitive match, returning the canonical spelling
            canon = {a.lower(): a for a in allowed}
            if text.lower() not in canon:
                raise ValueError(f"{self.name}: {text!r} not allowed")
            return canon[text.lower()]
        return text

    def render(self, value: object) -> str:
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind == "float":
            return f"{float(value):g}"  # type: ignore[arg-type]
        return str(value)
