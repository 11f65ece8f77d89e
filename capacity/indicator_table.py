"""The indicator registry as a reference table (Methode page, docs): one row per indicator, nl or en.

Kept apart from ``capacity.indicators`` (the registry itself) so that module stays small.
"""

from __future__ import annotations

import pandas as pd

from capacity.indicators import DIMENSION_LABELS, GROUP_LABELS, INDICATORS, Indicator, region_weight_label

REGISTRY_COLUMNS: dict[str, tuple[str, ...]] = {
    "nl": (
        "id",
        "indicator",
        "dimensie",
        "groep",
        "eenheid",
        "richting",
        "formule",
        "regiogewicht",
        "bron",
        "peildatum",
        "toelichting",
    ),
    "en": (
        "id",
        "indicator",
        "dimension",
        "group",
        "unit",
        "direction",
        "formula",
        "region weight",
        "source",
        "reference date",
        "rationale (Dutch)",
    ),
}
DIRECTION_LABELS: dict[str, dict[int, str]] = {
    "nl": {1: "hoger = meer druk", -1: "hoger = meer ruimte"},
    "en": {1: "higher = more load", -1: "higher = more room"},
}


def registry_table(lang: str = "nl", indicators: tuple[Indicator, ...] = INDICATORS) -> pd.DataFrame:
    """The registry as a readable table for the method page and README (generated, so it cannot drift).

    The rationale exists in Dutch only (the UI language); the English table shows it as is.
    """
    if lang not in REGISTRY_COLUMNS:
        raise ValueError(f"unknown language {lang!r}; choose from {sorted(REGISTRY_COLUMNS)}")
    from geodata.sources import get_source  # data layer: source metadata only, no data loaded

    def source_line(source_ids: tuple[str, ...]) -> str:
        return "; ".join(f"{s.publisher}, {s.title} ({s.licence})" for s in map(get_source, source_ids))

    rows = [
        (
            i.id,
            i.label_nl if lang == "nl" else i.label_en,
            DIMENSION_LABELS[i.dimension][lang],
            GROUP_LABELS[i.scored][lang],
            i.unit_nl if lang == "nl" else i.unit_en,
            DIRECTION_LABELS[lang][i.direction],
            i.formula_nl(),
            region_weight_label(i.region_weight, lang),
            source_line(i.source_ids),
            i.peildatum_label,
            i.rationale_nl,
        )
        for i in indicators
    ]
    return pd.DataFrame(rows, columns=list(REGISTRY_COLUMNS[lang]))
