"""Indicator registry: one declarative entry per indicator, computed from CBS KWB columns.

An indicator's value is ``factor × Π(numerator columns) / Π(denominator columns)`` per gemeente,
which covers plain columns, shares and rates per 1,000 inhabitants without any ``eval``. Adding an
indicator is adding one entry to ``INDICATORS``.

``direction`` states what a higher value means for the load on a gemeente: ``+1`` more load
(e.g. more people on bijstand), ``-1`` more capacity (e.g. more corporation dwellings).

``region_weight`` is the KWB column that weights gemeenten when a region (or the country) is averaged.
Weighting by the indicator's own denominator makes the weighted mean equal the region's ratio of sums:
inhabitants for "per 1.000 inwoners" and "% van de inwoners", land area for density, dwellings for
shares or means over the dwelling stock, households for household size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Dimension = Literal["housing", "education", "integration"]
DIMENSIONS: tuple[Dimension, ...] = ("housing", "education", "integration")
DIMENSION_LABELS: dict[str, dict[str, str]] = {
    "housing": {"nl": "Wonen", "en": "Housing"},
    "education": {"nl": "Onderwijs", "en": "Education"},
    "integration": {"nl": "Integratie", "en": "Integration"},
}

KWB_2024 = "cbs_kwb_2024"
PEILDATUM_KWB_2024 = "KWB 2024 (bevolking 1 januari 2024; overige variabelen volgens CBS 85984NED)"


@dataclass(frozen=True)
class Indicator:
    id: str
    label_nl: str
    label_en: str
    dimension: Dimension
    unit_nl: str
    unit_en: str
    direction: Literal[1, -1]
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    factor: float = 1.0
    rationale_nl: str = ""
    source_id: str = KWB_2024
    peildatum_label: str = PEILDATUM_KWB_2024
    region_weight: str = "aantal_inwoners"

    @property
    def columns(self) -> tuple[str, ...]:
        return self.numerator + self.denominator

    def formula_nl(self) -> str:
        """Readable Dutch formula, generated so that the method page cannot drift from the code."""
        num = " × ".join(self.numerator)
        if self.factor != 1:
            num = f"{_fmt_factor(self.factor)} × {num}"
        if not self.denominator:
            return num
        return f"{num} / {' × '.join(self.denominator)}"

    def compute(self, kwb: pd.DataFrame) -> pd.Series:
        """Vectorised value per gemeente (NaN where an input is missing or the denominator is 0)."""
        num = np.prod([kwb[c].to_numpy(dtype=float) for c in self.numerator], axis=0) * self.factor
        if self.denominator:
            den = np.prod([kwb[c].to_numpy(dtype=float) for c in self.denominator], axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                num = np.where(den > 0, num / den, np.nan)
        return pd.Series(num, index=pd.Index(kwb["gemeentecode"], name="gemeentecode"), name=self.id)


def _fmt_factor(x: float) -> str:
    return {1000.0: "1.000", 0.01: "1/100", 0.0001: "1/10.000", 10.0: "10"}.get(x, f"{x:g}")


INHABITANTS = "aantal_inwoners"
LAND_AREA = "oppervlakte_land_in_ha"
DWELLINGS = "woningvoorraad"
HOUSEHOLDS = "aantal_huishoudens"

#: Readable names of the KWB columns used as region weights (nl, en).
REGION_WEIGHT_LABELS: dict[str, tuple[str, str]] = {
    INHABITANTS: ("inwoners", "inhabitants"),
    LAND_AREA: ("landoppervlakte", "land area"),
    DWELLINGS: ("woningvoorraad", "dwelling stock"),
    HOUSEHOLDS: ("huishoudens", "households"),
}

INDICATORS: tuple[Indicator, ...] = (
    # --- housing ---------------------------------------------------------------------------------
    Indicator(
        "corporatiewoningen_per_1000",
        "Corporatiewoningen per 1.000 inwoners",
        "Housing-association dwellings per 1,000 inhabitants",
        "housing",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        -1,
        ("woningvoorraad", "perc_huurwoningen_in_bezit_woningcorporaties"),
        (INHABITANTS,),
        10.0,
        "Statushouders worden vooral in sociale huurwoningen gehuisvest; meer corporatiebezit is meer ruimte.",
    ),
    Indicator(
        "nieuwbouw_per_1000",
        "Nieuwbouwwoningen per 1.000 inwoners",
        "New-build dwellings per 1,000 inhabitants",
        "housing",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        -1,
        ("aantal_nieuwbouw_woningen",),
        (INHABITANTS,),
        1000.0,
        "Nieuwbouw voegt woningen toe waarin nieuwkomers kunnen instromen zonder verdringing.",
    ),
    Indicator(
        "woz_waarde",
        "Gemiddelde WOZ-waarde",
        "Average WOZ property value",
        "housing",
        "× € 1.000",
        "× € 1,000",
        1,
        ("gemiddelde_woningwaarde",),
        (),
        1.0,
        "Een hoge WOZ-waarde wijst op een krappe woningmarkt met weinig betaalbare woningen.",
        region_weight=DWELLINGS,
    ),
    Indicator(
        "leegstand",
        "Onbewoonde woningen",
        "Unoccupied dwellings",
        "housing",
        "% van de woningvoorraad",
        "% of dwelling stock",
        -1,
        ("percentage_onbewoond",),
        (),
        1.0,
        "Onbewoonde woningen (onder meer leegstand) wijzen op ruimte in de bestaande woningvoorraad.",
        region_weight=DWELLINGS,
    ),
    Indicator(
        "huishoudgrootte",
        "Gemiddelde huishoudensgrootte",
        "Average household size",
        "housing",
        "personen per huishouden",
        "persons per household",
        1,
        ("gemiddelde_huishoudsgrootte",),
        (),
        1.0,
        "Grotere huishoudens wijzen op een vollere woningvoorraad met minder ruimte voor extra bewoners.",
        region_weight=HOUSEHOLDS,
    ),
    Indicator(
        "bevolkingsdichtheid",
        "Bevolkingsdichtheid",
        "Population density",
        "housing",
        "inwoners per km²",
        "inhabitants per km²",
        1,
        ("bevolkingsdichtheid_inwoners_per_km2",),
        (),
        1.0,
        "Dichtbevolkte gemeenten hebben minder ruimte voor extra woningen en opvanglocaties.",
        region_weight=LAND_AREA,
    ),
    # --- education -------------------------------------------------------------------------------
    Indicator(
        "leerlingen_po_per_1000",
        "Leerlingen primair onderwijs per 1.000 inwoners",
        "Primary-school pupils per 1,000 inhabitants",
        "education",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        1,
        ("aantal_leerlingen_primair_onderwijs",),
        (INHABITANTS,),
        1000.0,
        "Veel basisschoolleerlingen per inwoner (naar woonadres) betekent een grote bestaande vraag naar plaatsen in het primair onderwijs.",
    ),
    Indicator(
        "leerlingen_vo_per_1000",
        "Leerlingen voortgezet onderwijs per 1.000 inwoners",
        "Secondary-school pupils per 1,000 inhabitants",
        "education",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        1,
        ("aantal_leerlingen_voortgezet_onderwijs",),
        (INHABITANTS,),
        1000.0,
        "Veel VO-leerlingen per inwoner (naar woonadres) betekent minder vrije plaatsen voor nieuwkomers, ook in de internationale schakelklas (ISK).",
    ),
    Indicator(
        "aandeel_0_15",
        "Aandeel 0 tot 15 jaar",
        "Share aged 0–14",
        "education",
        "% van de inwoners",
        "% of inhabitants",
        1,
        ("percentage_personen_0_tot_15_jaar",),
        (),
        1.0,
        "Een jonge bevolking vraagt nu en straks veel onderwijscapaciteit.",
    ),
    Indicator(
        "afstand_basisschool",
        "Afstand tot basisschool",
        "Distance to primary school",
        "education",
        "km (gemiddeld)",
        "km (average)",
        1,
        ("basisonderwijs_gemiddelde_afstand_in_km",),
        (),
        1.0,
        "Grote afstanden maken extra leerlingen moeilijker op te vangen (vervoer, kleine scholen).",
    ),
    Indicator(
        "basisscholen_binnen_3km",
        "Basisscholen binnen 3 km",
        "Primary schools within 3 km",
        "education",
        "aantal (gemiddeld)",
        "count (average)",
        -1,
        ("basisonderwijs_gemiddeld_aantal_binnen_3_km",),
        (),
        1.0,
        "Meer scholen in de buurt betekent meer keuze en spreiding van nieuwe leerlingen.",
    ),
    Indicator(
        "afstand_vo",
        "Afstand tot voortgezet onderwijs",
        "Distance to secondary school",
        "education",
        "km (gemiddeld)",
        "km (average)",
        1,
        ("voortgezet_onderwijs_gem_afstand_in_km",),
        (),
        1.0,
        "Ver weg gelegen VO-scholen bemoeilijken plaatsing van nieuwkomers in het voortgezet onderwijs.",
    ),
    # --- integration -----------------------------------------------------------------------------
    Indicator(
        "herkomst_buiten_europa",
        "Herkomst buiten Europa",
        "Origin outside Europe",
        "integration",
        "% van de inwoners",
        "% of inhabitants",
        1,
        ("percentage_met_herkomstland_buiten_europa",),
        (),
        1.0,
        "Een groot bestaand aandeel met herkomst buiten Europa vraagt al veel van integratievoorzieningen.",
    ),
    Indicator(
        "geboren_buiten_europa",
        "Geboren buiten Nederland, herkomst buiten Europa",
        "Born abroad, origin outside Europe",
        "integration",
        "% van de inwoners",
        "% of inhabitants",
        1,
        ("perc_geb_buiten_nl_met_herkomstlnd_buiten_europa",),
        (),
        1.0,
        "Recente eerste-generatie migranten doen een beroep op dezelfde inburgerings- en taalvoorzieningen.",
    ),
    Indicator(
        "bijstand_per_1000",
        "Bijstandsuitkeringen per 1.000 inwoners",
        "Social-assistance recipients per 1,000 inhabitants",
        "integration",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        1,
        ("aantal_personen_met_een_alg_bijstandsuitkering_tot",),
        (INHABITANTS,),
        1000.0,
        "Veel bijstand wijst op een zwakkere arbeidsmarkt voor nieuwkomers en drukte bij werk en inkomen.",
    ),
    Indicator(
        "ww_per_1000",
        "WW-uitkeringen per 1.000 inwoners",
        "Unemployment-benefit recipients per 1,000 inhabitants",
        "integration",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        1,
        ("aantal_personen_met_een_ww_uitkering_totaal",),
        (INHABITANTS,),
        1000.0,
        "Meer WW-ontvangers per inwoner betekent meer concurrentie om werk bij de arbeidsparticipatie van nieuwkomers.",
    ),
    Indicator(
        "ao_per_1000",
        "Arbeidsongeschiktheidsuitkeringen per 1.000 inwoners",
        "Disability-benefit recipients per 1,000 inhabitants",
        "integration",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        1,
        ("aantal_personen_met_een_ao_uitkering_totaal",),
        (INHABITANTS,),
        1000.0,
        "Veel arbeidsongeschiktheidsuitkeringen per inwoner vraagt al veel capaciteit van het sociaal domein.",
    ),
)

_BY_ID = {i.id: i for i in INDICATORS}
if len(_BY_ID) != len(INDICATORS):  # pragma: no cover
    raise RuntimeError("duplicate indicator id")


REGISTRY_COLUMNS: dict[str, tuple[str, ...]] = {
    "nl": (
        "id",
        "indicator",
        "dimensie",
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
        "unit",
        "direction",
        "formula",
        "region weight",
        "source",
        "reference date",
        "rationale (Dutch)",
    ),
}
_DIRECTION_LABELS = {
    "nl": {1: "hoger = meer druk", -1: "hoger = meer ruimte"},
    "en": {1: "higher = more load", -1: "higher = more capacity"},
}


def registry_table(lang: str = "nl", indicators: tuple[Indicator, ...] = INDICATORS) -> pd.DataFrame:
    """The registry as a readable table for the method page and README (generated, so it cannot drift).

    The rationale exists in Dutch only (the UI language); the English table shows it as is.
    """
    if lang not in REGISTRY_COLUMNS:
        raise ValueError(f"unknown language {lang!r}; choose from {sorted(REGISTRY_COLUMNS)}")
    from geodata.sources import get_source  # data layer: source metadata only, no data loaded

    def source_line(source_id: str) -> str:
        src = get_source(source_id)
        return f"{src.publisher}, {src.title} ({src.licence})"

    rows = [
        (
            i.id,
            i.label_nl if lang == "nl" else i.label_en,
            DIMENSION_LABELS[i.dimension][lang],
            i.unit_nl if lang == "nl" else i.unit_en,
            _DIRECTION_LABELS[lang][i.direction],
            i.formula_nl(),
            region_weight_label(i.region_weight, lang),
            source_line(i.source_id),
            i.peildatum_label,
            i.rationale_nl,
        )
        for i in indicators
    ]
    return pd.DataFrame(rows, columns=list(REGISTRY_COLUMNS[lang]))


def region_weight_label(column: str, lang: str = "nl") -> str:
    """Readable name of a region-weight column (the column name itself when it has no label)."""
    nl, en = REGION_WEIGHT_LABELS.get(column, (column, column))
    return en if lang == "en" else nl


def region_weights(indicators: tuple[Indicator, ...] = INDICATORS) -> dict[str, str]:
    """Indicator id → KWB column weighting it in region and national means."""
    return {i.id: i.region_weight for i in indicators}


def region_weight_note(lang: str = "nl", indicators: tuple[Indicator, ...] = INDICATORS) -> str:
    """One sentence naming the indicators not weighted by inhabitants (generated, so it cannot drift)."""
    others = [i for i in indicators if i.region_weight != INHABITANTS]
    if lang == "en":
        head = "Averages over municipalities are weighted by inhabitants"
        parts = [f"{i.label_en}: {region_weight_label(i.region_weight, 'en')}" for i in others]
        return f"{head}; other weights — {'; '.join(parts)}." if parts else f"{head}."
    head = "Gemiddelden over gemeenten zijn gewogen naar inwoners"
    parts = [f"{i.label_nl}: {region_weight_label(i.region_weight, 'nl')}" for i in others]
    return f"{head}; andere gewichten — {'; '.join(parts)}." if parts else f"{head}."


def get_indicator(indicator_id: str) -> Indicator:
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"unknown indicator {indicator_id!r}; known: {sorted(_BY_ID)}") from None


def indicators_for(dimension: str) -> tuple[Indicator, ...]:
    return tuple(i for i in INDICATORS if i.dimension == dimension)


def compute_indicators(kwb: pd.DataFrame, indicators: tuple[Indicator, ...] = INDICATORS) -> pd.DataFrame:
    """Raw indicator values: one row per gemeente (index ``gemeentecode``), one column per indicator."""
    missing = sorted({c for i in indicators for c in i.columns} - set(kwb.columns))
    if missing:
        raise KeyError(f"key-figure table lacks columns {missing}")
    return pd.concat([i.compute(kwb) for i in indicators], axis=1)
