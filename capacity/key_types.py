"""Types of the allocation-key registry (``capacity.key_registry``): inputs, terms, corrections, presets.

Kept apart from the registry data and the share engine (``capacity.keys``) so each stays small; every
type is a frozen dataclass, so a preset is one declarative entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from capacity.indicators import KWB_2024

InputKind = Literal["amount", "rate", "score"]
Transform = Literal["share", "tilt", "inverse_tilt"]
CorrectionKind = Literal["welfare", "subtract_excess", "uplift_cap", "min_population", "capacity"]


@dataclass(frozen=True)
class KeyInput:
    """One quantity a key can use; ``proxy_for_nl`` non-empty means it is a Dutch proxy for another.

    The value is ``factor × Π numerator / Π denominator``, or, when ``terms`` is given, the linear
    combination ``Σ coef × Π columns`` (e.g. working-age inhabitants minus benefit recipients).
    """

    id: str
    label_nl: str
    label_en: str
    unit_nl: str
    kind: InputKind
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    factor: float = 1.0
    proxy_for_nl: str = ""
    proxy_for_en: str = ""
    extra_column: str | None = None  # column of an imported table that replaces the proxy when present
    source_id: str = KWB_2024
    note_nl: str = ""
    note_en: str = ""
    terms: tuple[tuple[float, tuple[str, ...]], ...] = ()
    unit_en: str = ""

    @property
    def is_proxy(self) -> bool:
        return bool(self.proxy_for_nl)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.numerator + self.denominator + tuple(c for _, cols in self.terms for c in cols)

    def label(self, lang: str = "nl") -> str:
        return self.label_en if lang == "en" else self.label_nl

    def proxy_for(self, lang: str = "nl") -> str:
        return self.proxy_for_en if lang == "en" else self.proxy_for_nl

    def note(self, lang: str = "nl") -> str:
        return (self.note_en or self.note_nl) if lang == "en" else self.note_nl

    def formula_nl(self) -> str:
        """The formula over CBS column names (language-neutral, kept under its historical name)."""
        if self.terms:
            return " ".join(_term_text(c, cols) for c, cols in self.terms).lstrip("+ ")
        if not self.numerator:
            return self.note_nl
        num = " × ".join(self.numerator)
        if self.factor != 1:
            num = f"{self.factor:g} × {num}"
        return f"{num} / {' × '.join(self.denominator)}" if self.denominator else num


def _term_text(coef: float, cols: tuple[str, ...]) -> str:
    scale = "" if abs(coef) == 1 else f"{abs(coef):g} × "
    return f"{'−' if coef < 0 else '+'} {scale}{' × '.join(cols)}"


@dataclass(frozen=True)
class KeyComponent:
    """A term of a preset: an input with its weight, how it enters, and the source of that term.

    ``toward_population`` names a scalar parameter e (0–1) that pulls this term's share toward the
    population share: (1 − e) × share + e × population share (Königstein: equalisation between Länder).
    """

    input: str
    weight: float
    transform: Transform = "share"
    cap: float | None = None  # max relative deviation of a tilt, e.g. 0.3 = ±30 %
    source: str = ""  # citation of this term (law, article, publication)
    toward_population: str | None = None


@dataclass(frozen=True)
class Correction:
    kind: CorrectionKind
    input: str | None = None
    label_nl: str = ""
    label_en: str = ""
    source: str = ""


@dataclass(frozen=True)
class Subgroup:
    """A part of each gemeente's number reported as its own column (Spreidingswet: amv places)."""

    column: str
    param: str  # scalar parameter of the preset holding the national fraction
    label_nl: str
    label_en: str


@dataclass(frozen=True)
class KeyParam:
    """A tunable scalar of a preset; ``source_nl`` names its origin, or it is an assumption (aanname)."""

    id: str
    label_nl: str
    label_en: str
    default: float
    min: float
    max: float
    source_nl: str = ""
    assumption: bool = False
    source_en: str = ""

    def source_line_nl(self) -> str:
        if self.assumption:
            return "Aanname" + (f" ({self.source_nl})" if self.source_nl else " (geen bron)")
        return self.source_nl

    def source_line(self, lang: str = "nl") -> str:
        """Origin in the UI language (English falls back to the Dutch text when none is given)."""
        if lang != "en":
            return self.source_line_nl()
        text = self.source_en or self.source_nl
        if self.assumption:
            return "Assumption" + (f" ({text})" if text else " (no source)")
        return text


@dataclass(frozen=True)
class KeyPreset:
    id: str
    label_nl: str
    label_en: str
    description_nl: str
    description_en: str
    formula_nl: str
    inputs: tuple[KeyComponent, ...]
    reference: str
    corrections: tuple[Correction, ...] = ()
    params: tuple[KeyParam, ...] = ()
    unverified: tuple[str, ...] = ()
    default_floor: int | None = None  # a minimum per gemeente that belongs to the real key (Norway)
    weights_editable: bool = True
    unverified_en: tuple[str, ...] = ()  # English of ``unverified`` (same points, same order)
    formula_en: str = ""
    subgroups: tuple[Subgroup, ...] = ()
    housed_counts: bool = False  # persons already housed count toward the obligation (FlüAG NRW § 3(3))

    @property
    def input_ids(self) -> tuple[str, ...]:
        ids = [c.input for c in self.inputs] + [c.input for c in self.corrections if c.input]
        return tuple(dict.fromkeys(ids))

    @property
    def proxies(self) -> tuple[KeyInput, ...]:
        """The inputs of this preset that are Dutch proxies (derived from the input registry)."""
        from capacity.key_registry import INPUTS_BY_ID

        return tuple(INPUTS_BY_ID[i] for i in self.input_ids if i in INPUTS_BY_ID and INPUTS_BY_ID[i].is_proxy)

    @property
    def default_weights(self) -> dict[str, float]:
        return {c.input: c.weight for c in self.inputs}

    @property
    def default_params(self) -> dict[str, float]:
        return {p.id: p.default for p in self.params}

    def label(self, lang: str = "nl") -> str:
        return self.label_en if lang == "en" else self.label_nl

    def description(self, lang: str = "nl") -> str:
        return self.description_en if lang == "en" else self.description_nl

    def formula(self, lang: str = "nl") -> str:
        return (self.formula_en or self.formula_nl) if lang == "en" else self.formula_nl

    def unverified_points(self, lang: str = "nl") -> tuple[str, ...]:
        return (self.unverified_en or self.unverified) if lang == "en" else self.unverified
