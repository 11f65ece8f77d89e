"""What a number of persons means locally: dwellings, school places, inburgering, indicative cost.

Every ratio is a parameter in ``NEEDS_PARAMETERS`` with its published source, or marked as an assumption
(aanname) where no source was found. The results are indicative orders of magnitude for planning, not
forecasts: the composition of a real cohort differs by nationality and year (CBS reports these shifts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from capacity.params import Parameter, ParameterSet


def NeedsParameter(  # noqa: N802 - reads as the registry entry type
    id: str,
    label_nl: str,
    label_en: str,
    unit_nl: str,
    default: float,
    min: float,
    max: float,
    **kw: Any,
) -> Parameter:
    return Parameter(id, label_nl, label_en, unit_nl, default, valid_min=min, valid_max=max, **kw)


NEEDS_PARAMETERS = ParameterSet(
    "needs",
    (
        NeedsParameter(
            "persons_per_dwelling",
            "Personen per woning",
            "Persons per dwelling",
            "personen per woning",
            1.52,
            1.0,
            6.0,
            source="CBS Urban Data Centers, 'Statushouders' — voorbeeld Den Haag: plaats in het huishouden, "
            "1 juni 2017 (alleenstaand 48 %, partner in paar zonder kinderen 10 %, partner in paar met kinderen "
            "18 %, ouder in eenouderhuishouden 4 %; G4 zonder Den Haag: 40 / 10 / 22 / 3 %)",
            url="https://www.cbs.nl/nl-nl/onze-diensten/cbs-urban-data-centers/maatschappij/statushouders",
            derivation="huishoudens per 100 statushouders = 48 + 10/2 + 18/2 + 4 = 66 → 100/66 = 1,52 personen per "
            "huishouden, één woning per huishouden (G4 zonder Den Haag geeft 1,69); lokale cijfers, geen landelijke",
        ),
        NeedsParameter(
            "share_po",
            "Aandeel basisschoolleeftijd",
            "Share of primary-school age",
            "fractie van de personen",
            0.147,
            0.0,
            1.0,
            source="CBS, 'Bijna 9 duizend asielkinderen onder de twaalf in 2016' (2 februari 2017): 4,6 duizend "
            "kinderen in de basisschoolleeftijd op 31,2 duizend asielzoekers en nareizigers",
            url="https://www.cbs.nl/nl-nl/nieuws/2017/05/bijna-9-duizend-asielkinderen-onder-de-twaalf-in-2016",
            derivation="4,6 / 31,2 = 0,147",
        ),
        NeedsParameter(
            "share_vo",
            "Aandeel leeftijd voortgezet onderwijs (12–18)",
            "Share of secondary-school age (12–18)",
            "fractie van de personen",
            0.08,
            0.0,
            1.0,
            source="CBS, 'Kwart asielzoekers is kind' (2009): een kwart van de eerste asielverzoeken betrof een "
            "minderjarige en ongeveer een kwart van de asielkinderen was 15–18 jaar",
            url="https://www.cbs.nl/nl-nl/nieuws/2009/34/kwart-asielzoekers-is-kind",
            derivation="15–18 jaar ≈ 0,25 × 0,25 ≈ 0,06; 12–15-jarigen erbij geschat",
            assumption=True,
        ),
        NeedsParameter(
            "share_adults",
            "Aandeel volwassenen (18+)",
            "Share of adults (18+)",
            "fractie van de personen",
            0.74,
            0.0,
            1.0,
            source="CBS-cijfers eerste kwartaal 2019, zoals gemeld in 'Minder asielzoekers en nareizigers in eerste "
            "kwartaal' (Blik op nieuws, april 2019): 55 % volwassen mannen, 19 % volwassen vrouwen, 26 % kinderen "
            "onder de asielzoekers (zonder nareizigers, die vaker minderjarig zijn)",
            url="https://www.blikopnieuws.nl/economie/273000/minder-asielzoekers-en-nareizigers-in-eerste-kwartaal.html",
            derivation="0,55 + 0,19 = 0,74",
        ),
        NeedsParameter(
            "inburgering_share_of_adults",
            "Inburgeringsplichtig deel van de volwassenen",
            "Share of adults obliged to integrate",
            "fractie",
            1.0,
            0.0,
            1.0,
            source="Wet inburgering 2021: asielstatushouders zijn inburgeringsplichtig; vrijstellingen (o.a. "
            "diploma, AOW-leeftijd, medisch) zijn hier niet meegeteld",
            assumption=True,
        ),
        NeedsParameter(
            "cost_per_traject_eur",
            "Kosten per inburgeringstraject",
            "Cost per integration trajectory",
            "euro per traject",
            11600.0,
            0.0,
            100000.0,
            source="Divosa, 'Wet inburgering in vraag en antwoord', Financiën (update 1 april 2025): SZW ging uit "
            "van € 10.000 per traject, ca. € 11.600 in 2025 na indexatie; gemiddelde over de drie leerroutes, "
            "geen normbedrag",
            url="https://divosa.nl/publicaties/wet-inburgering-vraag-en-antwoord/financien/kosten-voorzieningen-spuk",
        ),
        NeedsParameter(
            "inburgering_years",
            "Inburgeringstermijn",
            "Integration period",
            "jaar",
            3.0,
            0.5,
            10.0,
            source="Wet inburgering 2021, art. 11: de inburgeringsplichtige voldoet binnen drie jaar aan de "
            "inburgeringsplicht (Divosa, 'Wet inburgering in vraag en antwoord', Doelgroep, update 1 april 2025)",
            url="https://divosa.nl/publicaties/wet-inburgering-vraag-en-antwoord/algemeen/doelgroep",
            derivation="trajectkosten gelijk verdeeld over de termijn",
        ),
    ),
)


def resolve_needs_params(params: Mapping[str, float] | None = None) -> dict[str, float]:
    """Defaults overridden by ``params``; unknown names or values outside the limits raise ValueError."""
    return NEEDS_PARAMETERS.resolve(params)


NEEDS_COLUMNS: dict[str, dict[str, str]] = {
    "dwellings": {"nl": "Woningen", "en": "Dwellings"},
    "school_places_po": {"nl": "Plaatsen primair onderwijs", "en": "Primary-school places"},
    "school_places_vo": {"nl": "Plaatsen voortgezet onderwijs", "en": "Secondary-school places"},
    "inburgering_trajects": {"nl": "Inburgeringstrajecten", "en": "Integration trajectories"},
    "annual_cost_eur": {"nl": "Indicatieve kosten inburgering per jaar (€)", "en": "Indicative annual cost (€)"},
}


def compute_needs(persons: pd.Series, params: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Indicative needs per row of ``persons`` (index kept); fractional, so that sums stay additive.

    dwellings = persons / persons_per_dwelling; school_places_po/vo = persons × share_po/vo;
    inburgering_trajects = persons × share_adults × inburgering_share_of_adults;
    annual_cost_eur = trajects × cost_per_traject_eur / inburgering_years (inburgering provisions only).
    """
    p = resolve_needs_params(params)
    if not isinstance(persons, pd.Series):
        persons = pd.Series(persons)
    n = pd.to_numeric(persons, errors="coerce").astype(float)
    if n.isna().any() or (n < 0).any() or not np.isfinite(n).all():
        raise ValueError("persons must be finite numbers ≥ 0 for every row")
    trajects = n * p["share_adults"] * p["inburgering_share_of_adults"]
    out = pd.DataFrame(
        {
            "dwellings": n / p["persons_per_dwelling"],
            "school_places_po": n * p["share_po"],
            "school_places_vo": n * p["share_vo"],
            "inburgering_trajects": trajects,
            "annual_cost_eur": trajects * p["cost_per_traject_eur"] / p["inburgering_years"],
        },
        index=n.index,
    )
    out.attrs["params"] = p
    return out


def needs_table() -> pd.DataFrame:
    """Parameter table (label, default, unit, source or assumption) for the method page and README."""
    return NEEDS_PARAMETERS.table()
