"""The one registry of output, map and region variables: what a column is called (nl/en), its unit, the
decimals the screen and exports show, how regions aggregate it (sum, or a mean weighted by a KWB column)
and its source.

Kaart (``ui.maps``), Regio's, Richtgetal (``RESULT_COLUMNS``), the exports (``ui.export.shown_decimals``) and
the Methode page read labels and precision from here; indicators come from ``capacity.indicators`` (one
variable per registered indicator), so a new indicator needs no entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from capacity.indicators import DIMENSION_LABELS, INDICATORS, INHABITANTS

Kind = Literal["indicator", "score", "count", "allocation", "result", "own"]
Aggregation = Literal["mean", "sum", "none"]
KWB_SOURCE = "cbs_kwb_2024"


@dataclass(frozen=True)
class Variable:
    """One variable. ``how``: regions sum it (``sum``, counts: persons, dwellings …), average it weighted by
    ``weight_column`` (``mean``: rates, scores) or do not aggregate it (``none``: shares, names). ``decimals``: shown
    precision (−1: text). ``upload``: for own data (table name, file name, peildatum as given)."""

    id: str
    label_nl: str
    label_en: str
    unit_nl: str = ""
    unit_en: str = ""
    kind: Kind = "count"
    how: Aggregation = "sum"
    weight_column: str = INHABITANTS
    decimals: int = 0
    colorscale: str = "YlOrRd"
    source_ids: tuple[str, ...] = (KWB_SOURCE,)
    upload: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_nl

    def unit(self, lang: str) -> str:
        return self.unit_en if lang == "en" else self.unit_nl


_SCORE_UNIT = ("score 0–100 (100 = hoogste druk)", "score 0–100 (100 = highest load)")
SCORE_VARIABLES: tuple[Variable, ...] = tuple(
    Variable(vid, nl, en, *_SCORE_UNIT, kind="score", how="mean", decimals=1)
    for vid, nl, en in (
        ("total_load", "Totale druk (score)", "Total load (score)"),
        ("housing_load", "Druk op wonen (score)", "Housing load (score)"),
        ("education_load", "Druk op onderwijs (score)", "Education load (score)"),
        ("integration_load", "Druk op integratie (score)", "Integration load (score)"),
    )
)

#: Counts straight from the CBS key figures (Regio's page).
KWB_COUNT_VARIABLES: tuple[Variable, ...] = (
    Variable("woningvoorraad", "Woningvoorraad", "Dwelling stock", "woningen", "dwellings"),
    Variable(
        "aantal_leerlingen_primair_onderwijs", "Leerlingen primair onderwijs", "Primary-school pupils", "leerlingen",
        "pupils",
    ),
    Variable(
        "aantal_leerlingen_voortgezet_onderwijs", "Leerlingen voortgezet onderwijs", "Secondary-school pupils",
        "leerlingen", "pupils",
    ),
    Variable(
        "aantal_personen_met_een_alg_bijstandsuitkering_tot", "Personen met bijstand", "Persons on social assistance",
        "personen", "persons",
    ),
    Variable(
        "aantal_personen_met_een_ww_uitkering_totaal", "Personen met WW", "Persons on WW",
        "personen", "persons",
    ),
)  # fmt: skip

ALLOCATION_VARIABLE = Variable(
    "allocated",
    "Toegewezen aantal (richtgetal-scenario)",
    "Allocated number (target scenario)",
    "personen",
    "persons",
    kind="allocation",
    colorscale="Purples",
    source_ids=(),
)


def _result(vid: str, nl: str, en: str, decimals: int = 0, how: Aggregation = "sum") -> Variable:
    return Variable(vid, nl, en, kind="result", how=how, decimals=decimals, source_ids=())


#: Columns of the richtgetal allocation table, in table/export order (``capacity.scenario_compute``).
RESULT_VARIABLES: tuple[Variable, ...] = (
    _result("gemeentenaam", "Gemeente", "Municipality", -1, "none"),
    _result("share", "Aandeel (%)", "Share (%)", 4, "none"),
    _result("quota", "Quotum", "Quota", 2),
    _result("allocated", "Toegewezen (personen)", "Allocated (persons)"),
    _result("amv", "Waarvan amv-plaatsen", "Of which places for unaccompanied minors"),
    _result("housed", "Al opgevangen (telt mee, FlüAG § 3 lid 3)", "Already housed (counts, FlüAG § 3(3))"),
    _result("allocated_per_1000", "Per 1.000 inwoners", "Per 1,000 inhabitants", 2, "mean"),
    _result("deviation_population", "Afwijking t.o.v. inwonersleutel", "Deviation from population key"),
    _result("allocated_low", "Toegewezen bij ondergrens", "Allocated at low end"),
    _result("allocated_high", "Toegewezen bij bovengrens", "Allocated at high end"),
    _result("band", "Bandbreedte", "Band"),
    _result("pledge", "Toezegging", "Pledge"),
    _result("key_allocated", "Volgens sleutel (zonder toezeggingen)", "By key (without pledges)"),
    _result("deviation", "Afwijking door toezeggingen", "Deviation by pledges"),
    _result("previous_target", "Taakstelling vorige periode", "Previous-period target"),
    _result("previous_realised", "Gerealiseerd vorige periode", "Realised in previous period"),
    _result("backlog", "Achterstand (+) / voorsprong (−)", "Backlog (+) / surplus (−)"),
    _result("target", "Nieuwe taakstelling incl. achterstand", "New target incl. backlog"),
    _result("dwellings", "Woningen", "Dwellings"),
    _result("school_places_po", "Plaatsen primair onderwijs", "Primary-school places"),
    _result("school_places_vo", "Plaatsen voortgezet onderwijs", "Secondary-school places"),
    _result("inburgering_trajects", "Inburgeringstrajecten", "Integration trajectories"),
    _result("annual_cost_eur", "Indicatieve kosten inburgering per jaar (€)", "Indicative annual cost (€)"),
    _result("allocated_b", "Toegewezen met sleutel B", "Allocated with key B"),
    _result("difference_b", "Verschil B − A", "Difference B − A"),
    _result("inwoners", "Inwoners", "Inhabitants"),
)


def indicator_variables() -> tuple[Variable, ...]:
    """One variable per registered indicator (labels prefixed with the dimension), averaged over regions with
    the indicator's own weight."""
    return tuple(
        Variable(
            ind.id,
            f"{DIMENSION_LABELS[ind.dimension]['nl']}: {ind.label_nl}",
            f"{DIMENSION_LABELS[ind.dimension]['en']}: {ind.label_en}",
            ind.unit_nl,
            ind.unit_en,
            kind="indicator",
            how="mean",
            weight_column=ind.region_weight,
            decimals=1,
            colorscale="YlOrRd" if ind.direction == 1 else "Blues",
            source_ids=(ind.source_id,),
        )
        for ind in INDICATORS
    )


def result_columns() -> dict[str, tuple[str, str, int]]:
    """Result column → (Dutch header, English header, decimals), the allocation table's registry view."""
    return {v.id: (v.label_nl, v.label_en, v.decimals) for v in RESULT_VARIABLES}


def variables() -> dict[str, Variable]:
    """Every registered variable by id (map, region and result variables; results last)."""
    out: dict[str, Variable] = {}
    for v in (*indicator_variables(), *SCORE_VARIABLES, ALLOCATION_VARIABLE, *KWB_COUNT_VARIABLES, *RESULT_VARIABLES):
        out.setdefault(v.id, v)
    return out
