"""Indicator registry: one declarative entry per indicator, computed from CBS KWB columns.

An indicator's value is ``factor × Π(numerator columns) / Π(denominator columns)`` per gemeente,
which covers plain columns, shares and rates without any ``eval``. A column may also be a *derived*
column (:data:`DERIVED`: a sum of products of KWB columns, e.g. inhabitants aged 15–65) or a column
of the previous KWB year (suffix :data:`PREVIOUS_YEAR_SUFFIX`, joined on gemeentecode). Adding an
indicator is adding one entry to ``INDICATORS``.

What "druk" means per dimension (the construct; docs/METHODS.md, section "Load scores"):

* housing — how hard it is to house one more household now: demand against supply and availability;
* education — pressure on school places: pupils per nearby school, and growth;
* integration — labour-market and social-support burden, and the existing concentration.

``scored=False`` marks a *context* indicator: shown on the map and in the profile, never in a score,
because it measures something other than the construct (its rationale says why).

``direction`` states what a higher value means: ``+1`` more druk (load), ``-1`` more room (capacity).

``region_weight`` is the KWB 2024 column that weights gemeenten when a region (or the country) is
averaged. Weighting by the indicator's own denominator makes the weighted mean equal the region's ratio
of sums; where the denominator is derived or of another year, the nearest KWB 2024 count is used.
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
#: The construct per dimension, one sentence (Methode page, README, profile).
CONSTRUCTS: dict[str, dict[str, str]] = {
    "housing": {
        "nl": "Hoe moeilijk het nu is om één extra huishouden te huisvesten: vraag tegenover aanbod en beschikbaarheid.",
        "en": "How hard it is to house one more household now: demand against supply and availability.",
    },
    "education": {
        "nl": "Druk op schoolplaatsen: leerlingen per school in de buurt, en groei van de bevolking.",
        "en": "Pressure on school places: pupils per nearby school, and population growth.",
    },
    "integration": {
        "nl": "Druk op werk en inkomen (bijstand per 1.000 inwoners van 15–65 jaar) en de bestaande concentratie.",
        "en": "Burden on work and income (social assistance per 1,000 aged 15–65) and the existing concentration.",
    },
}
GROUP_LABELS: dict[bool, dict[str, str]] = {
    True: {"nl": "telt mee in de drukscore", "en": "scored"},
    False: {"nl": "context (telt niet mee)", "en": "context (not scored)"},
}

KWB_2024 = "cbs_kwb_2024"
KWB_2023 = "cbs_wbk_2023_gemeente"
PEILDATUM_KWB_2024 = "KWB 2024 (bevolking 1 januari 2024; overige variabelen volgens CBS 85984NED)"
PEILDATUM_GROWTH = "1 januari 2023 (KWB 2023 v1) en 1 januari 2024 (KWB 2024)"

INHABITANTS = "aantal_inwoners"
LAND_AREA = "oppervlakte_land_in_ha"
DWELLINGS = "woningvoorraad"
HOUSEHOLDS = "aantal_huishoudens"
PUPILS_PO = "aantal_leerlingen_primair_onderwijs"

#: Columns of the previous KWB year carry this suffix (e.g. ``aantal_huishoudens_vorig_jaar``).
PREVIOUS_YEAR_SUFFIX = "_vorig_jaar"
#: KWB 2023 v1 uses short attribute names; the long KWB 2024 name → the short one.
PREVIOUS_YEAR_ALIASES: dict[str, str] = {"aantal_huishoudens": "AANTAL_HH", "aantal_inwoners": "AANT_INW"}


@dataclass(frozen=True)
class Derived:
    """A derived column: ``Σ coefficient × Π(columns)`` over its terms (declarative, no ``eval``)."""

    id: str
    terms: tuple[tuple[float, tuple[str, ...]], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for _, cols in self.terms for c in cols))

    def formula_nl(self) -> str:
        parts = []
        for k, (coef, cols) in enumerate(self.terms):
            body = " × ".join(cols)
            if abs(coef) != 1:
                body = f"{_fmt_factor(abs(coef))} × {body}"
            sign = ("− " if coef < 0 else "+ ") if k else ("−" if coef < 0 else "")
            parts.append(f"{sign}{body}")
        return f"({' '.join(parts)})"

    def compute(self, frame: pd.DataFrame) -> np.ndarray:
        return np.sum(
            [c * np.prod([frame[x].to_numpy(dtype=float) for x in cols], axis=0) for c, cols in self.terms], 0
        )


DERIVED: tuple[Derived, ...] = (
    Derived(
        "percentage_15_tot_65_jaar",
        (
            (1.0, ("percentage_personen_15_tot_25_jaar",)),
            (1.0, ("percentage_personen_25_tot_45_jaar",)),
            (1.0, ("percentage_personen_45_tot_65_jaar",)),
        ),
    ),
    Derived(
        "huishoudens_groei_min_nieuwbouw",
        ((1.0, (HOUSEHOLDS,)), (-1.0, (HOUSEHOLDS + PREVIOUS_YEAR_SUFFIX,)), (-1.0, ("aantal_nieuwbouw_woningen",))),
    ),
    Derived("inwoners_groei", ((1.0, (INHABITANTS,)), (-1.0, (INHABITANTS + PREVIOUS_YEAR_SUFFIX,)))),
    Derived("studenten_hbo_wo", ((1.0, ("aantal_studenten_hbo",)), (1.0, ("aantal_studenten_wo",)))),
    Derived("adressen", ((1.0, (DWELLINGS,)), (1.0, ("aantal_niet_woningvoorraad",)))),
)
_DERIVED = {d.id: d for d in DERIVED}


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
    scored: bool = True
    extra_sources: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.numerator + self.denominator

    @property
    def source_ids(self) -> tuple[str, ...]:
        return (self.source_id, *self.extra_sources)

    def formula_nl(self) -> str:
        """Readable Dutch formula, generated so that the method page cannot drift from the code."""
        num = " × ".join(_term(c) for c in self.numerator)
        if self.factor != 1:
            num = f"{_fmt_factor(self.factor)} × {num}"
        if not self.denominator:
            return num
        den = " × ".join(_term(c) for c in self.denominator)
        return f"{num} / ({den})" if len(self.denominator) > 1 else f"{num} / {den}"

    def compute(self, kwb: pd.DataFrame) -> pd.Series:
        """Vectorised value per gemeente (NaN where an input is missing or the denominator is ≤ 0)."""
        frame = prepare(kwb, self.columns)
        num = np.prod([frame[c].to_numpy(dtype=float) for c in self.numerator], axis=0) * self.factor
        if self.denominator:
            den = np.prod([frame[c].to_numpy(dtype=float) for c in self.denominator], axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                num = np.where(den > 0, num / den, np.nan)
        return pd.Series(num, index=pd.Index(frame["gemeentecode"], name="gemeentecode"), name=self.id)


def _term(column: str) -> str:
    return _DERIVED[column].formula_nl() if column in _DERIVED else column


def _fmt_factor(x: float) -> str:
    return {1000.0: "1.000", 100_000.0: "100.000", 100.0: "100", 0.01: "1/100", 0.0001: "1/10.000", 10.0: "10"}.get(
        x, f"{x:g}"
    )


#: Readable names of the KWB columns used as region weights (nl, en).
REGION_WEIGHT_LABELS: dict[str, tuple[str, str]] = {
    INHABITANTS: ("inwoners", "inhabitants"),
    LAND_AREA: ("landoppervlakte", "land area"),
    DWELLINGS: ("woningvoorraad", "dwelling stock"),
    HOUSEHOLDS: ("huishoudens", "households"),
    PUPILS_PO: ("leerlingen primair onderwijs", "primary-school pupils"),
}

# Pupils within 1 km of an address: CBS's address density (omgevingsadressendichtheid) counts addresses
# within 1 km, the same radius as the count of schools within 1 km; π·(1 km)² = 3,1416 km².
_AREA_1KM = round(float(np.pi), 4)

INDICATORS: tuple[Indicator, ...] = (
    # --- housing: scored ---------------------------------------------------------------------------
    Indicator(
        "huishoudens_per_woning",
        "Huishoudens per woning",
        "Households per dwelling",
        "housing",
        "huishoudens per woning",
        "households per dwelling",
        1,
        (HOUSEHOLDS,),
        (DWELLINGS,),
        rationale_nl="Meer huishoudens dan woningen betekent inwoning en een krappe voorraad: een extra huishouden vindt moeilijk een woning.",
        region_weight=DWELLINGS,
    ),
    Indicator(
        "onvervulde_huishoudensgroei",
        "Huishoudensgroei boven de nieuwbouw",
        "Household growth above new builds",
        "housing",
        "per 1.000 huishoudens (2023)",
        "per 1,000 households (2023)",
        1,
        ("huishoudens_groei_min_nieuwbouw",),
        (HOUSEHOLDS + PREVIOUS_YEAR_SUFFIX,),
        1000.0,
        "Groeit het aantal huishoudens harder dan er woningen bijkomen, dan neemt de krapte nu toe; krimp en veel nieuwbouw geven ruimte.",
        peildatum_label="huishoudens " + PEILDATUM_GROWTH + "; nieuwbouw volgens CBS 85984NED",
        region_weight=HOUSEHOLDS,
        extra_sources=(KWB_2023,),
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
        rationale_nl="Een hoog prijsniveau wijst op schaarste: vraag die het aanbod overtreft en weinig betaalbare woningen.",
        region_weight=DWELLINGS,
    ),
    Indicator(
        "studenten_per_1000",
        "Studenten hbo en wo per 1.000 inwoners",
        "Higher-education students per 1,000 inhabitants",
        "housing",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        1,
        ("studenten_hbo_wo",),
        (INHABITANTS,),
        1000.0,
        "Studenten (naar woonadres) vragen dezelfde kleine, goedkope woningen als alleenstaande statushouders.",
    ),
    # --- housing: context --------------------------------------------------------------------------
    Indicator(
        "corporatiewoningen_per_1000",
        "Corporatiewoningen per 1.000 inwoners",
        "Housing-association dwellings per 1,000 inhabitants",
        "housing",
        "per 1.000 inwoners",
        "per 1,000 inhabitants",
        -1,
        (DWELLINGS, "perc_huurwoningen_in_bezit_woningcorporaties"),
        (INHABITANTS,),
        10.0,
        "Context: de voorraad zegt niet hoeveel woningen vrijkomen (leegstand of doorstroming), dus niet hoe moeilijk huisvesten nu is.",
        scored=False,
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
        "Context: nieuwbouw telt mee in de huishoudensgroei boven de nieuwbouw, los zou hij dubbel tellen.",
        scored=False,
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
        rationale_nl="Context: CBS telt ook vakantiewoningen en woningen die op sloop wachten mee, in hele procenten, dus geen beschikbare ruimte.",
        region_weight=DWELLINGS,
        scored=False,
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
        rationale_nl="Context: grote huishoudens wijzen vooral op gezinnen (Urk), niet op overbewoning.",
        region_weight=HOUSEHOLDS,
        scored=False,
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
        rationale_nl="Context: dichtheid beschrijft de stedelijkheid, niet hoe krap de woningmarkt is.",
        region_weight=LAND_AREA,
        scored=False,
    ),
    # --- education: scored -------------------------------------------------------------------------
    Indicator(
        "leerlingen_po_per_school",
        "Basisschoolleerlingen per school in de buurt",
        "Primary pupils per nearby school",
        "education",
        "leerlingen binnen 1 km per school binnen 1 km",
        "pupils within 1 km per school within 1 km",
        1,
        (PUPILS_PO, "omgevingsadressendichtheid"),
        ("adressen", "basisonderwijs_gemiddeld_aantal_binnen_1_km"),
        _AREA_1KM,
        "Leerlingen binnen 1 km (leerlingen per adres × adressen per km² × π km²) per basisschool binnen 1 km: hoe voller, hoe minder vrije plaatsen.",
        region_weight=PUPILS_PO,
    ),
    Indicator(
        "bevolkingsgroei",
        "Bevolkingsgroei 2023–2024",
        "Population growth 2023–2024",
        "education",
        "% per jaar",
        "% per year",
        1,
        ("inwoners_groei",),
        (INHABITANTS + PREVIOUS_YEAR_SUFFIX,),
        100.0,
        "Groei (in 2023 vooral door immigratie) brengt nieuwe leerlingen die een plaats nodig hebben; krimp laat plaatsen vrij.",
        peildatum_label="inwoners " + PEILDATUM_GROWTH,
        extra_sources=(KWB_2023,),
    ),
    # --- education: context ------------------------------------------------------------------------
    Indicator(
        "aandeel_0_15",
        "Aandeel 0 tot 15 jaar",
        "Share aged 0–14",
        "education",
        "% van de inwoners",
        "% of inhabitants",
        1,
        ("percentage_personen_0_tot_15_jaar",),
        rationale_nl="Context: een jonge bevolking zegt niet of de scholen vol zitten; in hele procenten is de groei per jaar ruis.",
        scored=False,
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
        rationale_nl="Context: afstand meet landelijkheid, niet de druk op schoolplaatsen.",
        scored=False,
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
        rationale_nl="Context: afstand meet landelijkheid, niet de druk op schoolplaatsen.",
        scored=False,
    ),
    # --- integration: scored -----------------------------------------------------------------------
    Indicator(
        "bijstand_per_1000_15_65",
        "Bijstand per 1.000 inwoners van 15–65 jaar",
        "Social assistance per 1,000 aged 15–65",
        "integration",
        "per 1.000 inwoners van 15–65 jaar",
        "per 1,000 aged 15–65",
        1,
        ("aantal_personen_met_een_alg_bijstandsuitkering_tot",),
        (INHABITANTS, "percentage_15_tot_65_jaar"),
        100_000.0,
        "De bijstand is de taak van de gemeente waar ook statushouders starten: een grote caseload en een zwakke arbeidsmarkt maken participatie zwaarder.",
    ),
    Indicator(
        "herkomst_buiten_europa",
        "Herkomst buiten Europa",
        "Origin outside Europe",
        "integration",
        "% van de inwoners",
        "% of inhabitants",
        1,
        ("percentage_met_herkomstland_buiten_europa",),
        rationale_nl="De enige herkomstindicator: een groot bestaand aandeel vraagt al veel van taal-, inburgerings- en wijkvoorzieningen (ook expats tellen mee).",
    ),
    # --- integration: context ----------------------------------------------------------------------
    Indicator(
        "ww_per_1000_15_65",
        "WW per 1.000 inwoners van 15–65 jaar",
        "Unemployment benefit per 1,000 aged 15–65",
        "integration",
        "per 1.000 inwoners van 15–65 jaar",
        "per 1,000 aged 15–65",
        1,
        ("aantal_personen_met_een_ww_uitkering_totaal",),
        (INHABITANTS, "percentage_15_tot_65_jaar"),
        100_000.0,
        "Context: WW (UWV) volgt conjunctuur en eerdere banen; statushouders komen er zelden in, de bijstand meet de gemeentelijke druk.",
        scored=False,
    ),
    Indicator(
        "ao_per_1000_15_65",
        "Arbeidsongeschiktheid per 1.000 inwoners van 15–65 jaar",
        "Disability benefit per 1,000 aged 15–65",
        "integration",
        "per 1.000 inwoners van 15–65 jaar",
        "per 1,000 aged 15–65",
        1,
        ("aantal_personen_met_een_ao_uitkering_totaal",),
        (INHABITANTS, "percentage_15_tot_65_jaar"),
        100_000.0,
        "Context: arbeidsongeschiktheid (UWV) meet gezondheid en leeftijd van de beroepsbevolking, niet de druk op integratie.",
        scored=False,
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
        rationale_nl="Context: deelverzameling van herkomst buiten Europa (correlatie 0,98); meetellen zou dubbel tellen.",
        scored=False,
    ),
)

_BY_ID = {i.id: i for i in INDICATORS}
if len(_BY_ID) != len(INDICATORS):  # pragma: no cover
    raise RuntimeError("duplicate indicator id")
#: The indicators that enter the scores (the default of :func:`capacity.scoring.compute_scores`).
SCORED_INDICATORS: tuple[Indicator, ...] = tuple(i for i in INDICATORS if i.scored)
CONTEXT_INDICATORS: tuple[Indicator, ...] = tuple(i for i in INDICATORS if not i.scored)


# --- inputs: previous year and derived columns ---------------------------------------------------


def _previous_year_table(kwb: pd.DataFrame) -> pd.DataFrame:
    """The KWB table of the year before ``kwb`` (from its ``jaar`` column; 2023 when absent)."""
    from geodata import load_kwb  # data layer, loaded only when an indicator needs last year's figures

    years = pd.to_numeric(kwb["jaar"], errors="coerce").dropna() if "jaar" in kwb.columns else pd.Series(dtype=float)
    year = int(years.iloc[0]) - 1 if len(years) else 2023
    return load_kwb(year)


def prepare(kwb: pd.DataFrame, columns: tuple[str, ...], previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """``kwb`` plus the previous-year and derived columns among ``columns`` that it lacks.

    Previous-year columns are joined on gemeentecode (a gemeente without last year's row gets NaN, so
    its growth is imputed); ``previous`` defaults to the data layer's KWB of the year before.
    """
    wanted = set(columns) | {c for d in columns if d in _DERIVED for c in _DERIVED[d].columns}
    wanted -= set(kwb.columns)
    prev_cols = sorted(c for c in wanted if c.endswith(PREVIOUS_YEAR_SUFFIX))
    derived = [d for d in DERIVED if d.id in wanted]
    if not prev_cols and not derived:
        return kwb
    frame = kwb.copy()
    if prev_cols:
        prev = _previous_year_table(kwb) if previous is None else previous
        prev = prev.drop_duplicates("gemeentecode").set_index("gemeentecode")
        codes = frame["gemeentecode"].to_numpy()
        for col in prev_cols:
            base = col[: -len(PREVIOUS_YEAR_SUFFIX)]
            name = base if base in prev.columns else PREVIOUS_YEAR_ALIASES.get(base, base)
            if name not in prev.columns:
                raise KeyError(f"previous-year key figures lack column {base!r}")
            frame[col] = prev[name].reindex(codes).to_numpy(dtype=float)
    for d in derived:
        missing = sorted(set(d.columns) - set(frame.columns))
        if missing:
            raise KeyError(f"key-figure table lacks columns {missing}")
        frame[d.id] = d.compute(frame)
    return frame


def input_columns(indicators: tuple[Indicator, ...]) -> set[str]:
    """The KWB columns of the current year the indicators read (derived ones resolved)."""
    cols = {c for i in indicators for c in i.columns}
    cols |= {c for d in cols if d in _DERIVED for c in _DERIVED[d].columns}
    return {c for c in cols if c not in _DERIVED and not c.endswith(PREVIOUS_YEAR_SUFFIX)}


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


def indicators_for(dimension: str, scored_only: bool = False) -> tuple[Indicator, ...]:
    return tuple(i for i in INDICATORS if i.dimension == dimension and (i.scored or not scored_only))


def compute_indicators(
    kwb: pd.DataFrame, indicators: tuple[Indicator, ...] = INDICATORS, previous: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Raw indicator values: one row per gemeente (index ``gemeentecode``), one column per indicator.

    ``previous``: the previous year's key figures (default: loaded from the data layer when needed).
    """
    missing = sorted(input_columns(indicators) - set(kwb.columns))
    if missing:
        raise KeyError(f"key-figure table lacks columns {missing}")
    frame = prepare(kwb, tuple(c for i in indicators for c in i.columns), previous)
    return pd.concat([i.compute(frame) for i in indicators], axis=1)
