"""Model parameters that are not data: one registry type for the needs ratios and the flow model.

Every parameter carries its default, unit, hard limits (``valid_min``/``valid_max``: values outside are
rejected), an optional sensitivity range (``low``/``high``: used for uncertainty bands) and either a
published source (title + URL, with ``derivation`` when the default is computed from it) or
``assumption=True`` when no source was found. A new parameter is one entry in a ``ParameterSet``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Parameter:
    id: str
    label_nl: str
    label_en: str
    unit_nl: str
    default: float
    valid_min: float
    valid_max: float
    low: float | None = None
    high: float | None = None
    source: str = ""  # publication title (publisher, date)
    url: str = ""
    derivation: str = ""  # how the default follows from the source, if not printed as such
    assumption: bool = False  # True: no source found; the value is a modelling assumption
    press: bool = False  # True: the source is a press report of a figure, not the primary publication
    integer: bool = False

    def source_line_nl(self) -> str:
        """One Dutch line for parameter tables: source (+ derivation), or 'Aanname' with its basis."""
        if self.assumption and not self.source:
            return "Aanname (geen bron gevonden)"
        text = ("Pers: " if self.press else "") + self.source + (f" ({self.url})" if self.url else "")
        if self.derivation:
            text += f"; afgeleid: {self.derivation}"
        return f"Aanname, onderbouwd met: {text}" if self.assumption else text

    def check(self, value: object) -> float:
        """``value`` as a float within the limits, or a ValueError in Dutch naming the parameter."""
        if isinstance(value, bool):
            raise ValueError(f"parameter {self.id!r} moet een getal zijn, niet {value!r}")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"parameter {self.id!r} moet een getal zijn, niet {value!r}") from None
        if not math.isfinite(number) or not self.valid_min <= number <= self.valid_max:
            raise ValueError(
                f"parameter {self.id!r} = {value} valt buiten [{self.valid_min:g}, {self.valid_max:g}] {self.unit_nl}"
            )
        if self.integer and number != int(number):
            raise ValueError(f"parameter {self.id!r} moet een geheel getal zijn, niet {value!r}")
        return number


class ParameterSet:
    """An ordered, id-unique collection of parameters with defaults, validation and a docs table."""

    def __init__(self, name: str, params: tuple[Parameter, ...]) -> None:
        self.name = name
        self.params = params
        self._by_id = {p.id: p for p in params}
        if len(self._by_id) != len(params):
            raise ValueError(f"duplicate parameter id in {name}")
        for p in params:
            if not p.valid_min <= p.default <= p.valid_max:
                raise ValueError(f"{name}: default of {p.id} outside its limits")
            if not (p.source or p.assumption):
                raise ValueError(f"{name}: {p.id} needs a source or assumption=True")

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.params)

    def __len__(self) -> int:
        return len(self.params)

    def get(self, param_id: str) -> Parameter:
        try:
            return self._by_id[param_id]
        except KeyError:
            raise KeyError(f"unknown {self.name} parameter {param_id!r}; known: {sorted(self._by_id)}") from None

    def defaults(self) -> dict[str, float]:
        return {p.id: p.default for p in self.params}

    def resolve(self, overrides: Mapping[str, object] | None = None) -> dict[str, float]:
        """Defaults updated with ``overrides``; unknown ids and bad values raise ValueError (Dutch)."""
        out = self.defaults()
        for key, value in (overrides or {}).items():
            if key not in self._by_id:
                raise ValueError(f"onbekende parameter {key!r}; bekend: {', '.join(sorted(self._by_id))}")
            out[key] = self._by_id[key].check(value)
        return out

    def table(self) -> pd.DataFrame:
        """Label, default, unit, range, assumption and source per parameter (method page, README)."""
        return pd.DataFrame(
            [
                {
                    "id": p.id,
                    "parameter": p.label_nl,
                    "standaard": p.default,
                    "eenheid": p.unit_nl,
                    "bereik": f"{p.low:g}–{p.high:g}" if p.low is not None and p.high is not None else "",
                    "aanname": p.assumption,
                    "bron": p.source_line_nl(),
                }
                for p in self.params
            ]
        )
