"""Parameter registry of the richtgetal flow model: one declarative entry per parameter.

Every entry carries its default, unit, sensitivity range (``low``/``high``, used for the uncertainty
band) and either a published source (title + URL, found with the project's search tool) or
``assumption=True`` when no source was found. ``derivation`` says how a default was computed when
it is not printed as such in the source. ``valid_min``/``valid_max`` are hard limits: a value outside
them is rejected (the half-year step of the model, for instance, needs delays of at least 6 months).

Adding a parameter is adding an entry here (and using its id in ``capacity.flow``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from capacity.params import Parameter, ParameterSet


def FlowParameter(  # noqa: N802 - reads as the registry entry type
    id: str,
    label_nl: str,
    label_en: str,
    unit_nl: str,
    default: float,
    low: float,
    high: float,
    valid_min: float,
    valid_max: float,
    **kw: Any,
) -> Parameter:
    """A flow parameter always has a sensitivity range (low/high) for the uncertainty band."""
    return Parameter(id, label_nl, label_en, unit_nl, default, valid_min, valid_max, low=low, high=high, **kw)


_AIDA = "AIDA country report Netherlands (asylumineurope.org), op basis van IND Asylum Trends en Eurostat"
_AIDA_URL = "https://asylumineurope.org/reports/country/netherlands/"
_CBS_LET = "CBS-nieuws 2024/17: ≈ 161.000 vrijgekomen corporatiewoningen in 2023, ≈ 13.000 (8 %) naar huishoudens met een statushouder"
_CBS_LET_URL = "https://www.cbs.nl/nl-nl/nieuws/2024/17/"

FLOW_PARAMETERS = ParameterSet(
    "flow",
    (
        FlowParameter(
            "ind_capacity",
            "Besliscapaciteit IND (eerste aanleg)",
            "IND first-instance decision capacity",
            "besluiten per halfjaar",
            21_000,
            4_000,
            25_000,
            0,
            1_000_000,
            integer=True,
            assumption=True,
            source="Eurostat via AIDA: 16.525 eerste-aanlegbesluiten in 2022 en 17.490 in 2023 (≈ 8.300–8.700 per "
            "halfjaar); voor 2022 en 2023 rekent het model met deze gepubliceerde aantallen",
            url=_AIDA_URL,
            derivation="standaard voor 2024 en later: gekalibreerd op de COA-bezetting begin 2025 en de statushouders in de "
            "opvang eind 2024 (geen gepubliceerd aantal besluiten 2024 gevonden); bereik dekt 2023-II (≈ 4.400) tot "
            "de kalibratie 2024",
        ),
        FlowParameter(
            "processing_months",
            "Doorlooptijd tot besluit zonder achterstand",
            "Time to IND decision without a backlog",
            "maanden",
            7,
            6,
            12.5,
            6,
            120,
            source=_AIDA + ": gemiddeld 31 weken (2022), 43 (2023), 53 (2024)",
            url=_AIDA_URL,
            derivation="31 weken ≈ 7 maanden (2022, vóór de grote achterstand); langere doorlooptijden volgen in "
            "het model uit de besliscapaciteit; bereik 6–12,5 maanden (31–53 weken)",
        ),
        FlowParameter(
            "other_exit_ratio",
            "Uitstroom uit de IND-voorraad zonder inhoudelijk besluit",
            "Exits from the IND stock without a first-instance decision",
            "per besluit",
            0.38,
            0.1,
            0.5,
            0.0,
            5.0,
            source=_AIDA + "; IND-nieuws 13 juli 2023; pers (≈ 50.000 eind 2023)",
            url=_AIDA_URL,
            derivation="(35.790 voorraad eind 2022 + 38.377 aanvragen − ≈ 50.000 voorraad eind 2023 − 17.490 "
            "besluiten) / 17.490 ≈ 0,38: Dublinoverdrachten, intrekkingen, vertrek; bereik is een aanname",
        ),
        FlowParameter(
            "grant_rate",
            "Inwilligingspercentage eerste aanleg (projectie)",
            "Share of first-instance decisions granted (projection)",
            "fractie van de besluiten",
            0.66,
            0.30,
            0.80,
            0.0,
            1.0,
            source="Eurostat/IND via AIDA en pers: 73–78 % (2022), ≈ 80 % (2023, Eurostat), ≈ 75 % (2024), 33–35 % "
            "(2025, besluitmoratorium Syrië); 2022–2025 rekent het model met deze jaarwaarden",
            url=_AIDA_URL,
            derivation="projectiestandaard = gemiddelde van de gepubliceerde jaarwaarden 2022–2025 (0,755; 0,80; "
            "0,75; 0,34) ≈ 0,66",
        ),
        FlowParameter(
            "family_ratio",
            "Nareizigers per inwilliging",
            "Family members following per permit granted",
            "personen per inwilliging",
            0.8,
            0.4,
            1.0,
            0.0,
            5.0,
            press=True,
            source="CBS via NH Nieuws (feb. 2024): ruim 10.000 nareizigers in 2023; NOS (2023) op basis van "
            "Eurostat: 73 % van 16.525 besluiten in 2022 positief",
            url="https://www.nhnieuws.nl/nieuws/n139651/cbs-meer-asielaanvragen-in-nederland-dan-in-2022-"
            "nareizigers-namen-juist-af",
            derivation="10.000 nareizigers (2023) / ca. 12.060 inwilligingen (0,73 × 16.525, 2022) ≈ 0,8, "
            "met een jaar vertraging; alleen voor jaren zonder gepubliceerd aantal nareizigers (2024, na 2025); "
            "het bereik 0,4–1,0 is een aanname",
        ),
        FlowParameter(
            "family_lag_halfyears",
            "Vertraging nareis",
            "Delay before family members arrive",
            "halve jaren",
            2,
            1,
            3,
            0,
            10,
            integer=True,
            assumption=True,
            press=True,
            source="Volkskrant (juli 2023, IND-cijfers): 22.000 personen wachten op een besluit over nareis",
            url="https://www.volkskrant.nl/nieuws-achtergrond/door-kabinet-verwachte-toename-in-asielaanvragen-"
            "nog-steeds-onzichtbaar~b71c0d29/",
            derivation="geen gepubliceerde gemiddelde duur gevonden; één jaar aangenomen",
        ),
        FlowParameter(
            "rejected_stay_months",
            "Verblijf in de opvang na afwijzing",
            "Stay in reception after a rejection",
            "maanden",
            36,
            12,
            48,
            6,
            120,
            assumption=True,
            source="COA (jaarcijfers 2024): 14.060 bewoners zonder verblijfsvergunning verlieten de opvang in 2024; "
            "vertrektermijn 28 dagen, beroep en voorzieningen verlengen het verblijf",
            url="https://www.coa.nl/nl/capaciteit-en-bezetting",
            derivation="geen gepubliceerde gemiddelde verblijfsduur gevonden; gekalibreerd op de COA-bezetting begin 2025 "
            "(beroep bij rechtbank en Raad van State + vertrektermijn); bereik 12–48 maanden",
        ),
        FlowParameter(
            "reception_share_waiting",
            "Deel van de IND-voorraad in de COA-opvang",
            "Share of the IND stock living in COA reception",
            "fractie",
            1.0,
            0.8,
            1.0,
            0.0,
            1.0,
            assumption=True,
            source="COA capaciteit en bezetting (51.701 op 2 jan. 2023) tegenover IND-voorraad (35.790) en "
            "statushouders in de opvang (16.200): niet iedereen die wacht woont in een azc",
            url="https://www.coa.nl/nl/capaciteit-en-bezetting",
            derivation="gekalibreerd op de COA-bezetting begin 2024; bereik is een aanname",
        ),
        FlowParameter(
            "housing_wait_months",
            "Kortste wachttijd op woonruimte na vergunning",
            "Shortest wait for a home after the permit",
            "maanden",
            12,
            6,
            18,
            6,
            120,
            assumption=True,
            press=True,
            source="COA via NU.nl (aug. 2021): afgesproken termijn 14 weken na koppeling; EenVandaag (dec. 2024): "
            "bijna 20.000 statushouders wachten in de opvang",
            url="https://www.nu.nl/binnenland/6153362/ongeveer-elfduizend-statushouders-wachten-op-woonruimte-"
            "in-nederland.html",
            derivation="gekalibreerd op de statushouders in de opvang eind 2024 (afgesproken: koppeling + 14 weken, in de "
            "praktijk langer); het woningaanbod begrenst de uitstroom daarnaast",
        ),
        FlowParameter(
            "lettings_per_year",
            "Vrijkomende corporatiewoningen",
            "Housing-association lettings",
            "woningen per jaar",
            161_000,
            150_000,
            175_000,
            0,
            2_000_000,
            integer=True,
            source=_CBS_LET,
            url=_CBS_LET_URL,
            derivation="bereik is een aanname",
        ),
        FlowParameter(
            "status_holder_letting_share",
            "Aandeel vrijkomende woningen voor statushouders",
            "Share of lettings going to status holders",
            "fractie",
            0.08,
            0.06,
            0.12,
            0.0,
            1.0,
            source=_CBS_LET,
            url=_CBS_LET_URL,
            derivation="13.000 / 161.000 ≈ 8 % (2023); bereik is een aanname",
        ),
        FlowParameter(
            "persons_per_letting",
            "Statushouders uit de opvang per toegewezen woning",
            "Status holders from reception per home let to them",
            "personen per woning",
            2.5,
            1.8,
            3.0,
            1.0,
            10.0,
            assumption=True,
            source=_CBS_LET + ", 7.400 daarvan eenpersoonshuishoudens",
            url=_CBS_LET_URL,
            derivation="aanname: 13.000 woningen voor ≈ 30.000 statushouders per jaar (COA 2024: 30.210 uit de opvang "
            "gehuisvest) ≈ 2,3–2,5; bereik is een aanname",
        ),
        FlowParameter(
            "corporation_turnover",
            "Mutatiegraad corporatiewoningen",
            "Yearly turnover of housing-association stock",
            "fractie per jaar",
            0.069,
            0.05,
            0.08,
            0.001,
            1.0,
            source=_CBS_LET + "; corporatiebezit uit CBS KWB 2024",
            url=_CBS_LET_URL,
            derivation="161.000 / 2,32 mln corporatiewoningen (som van woningvoorraad × aandeel corporatiebezit "
            "over de gemeenten, KWB 2024) ≈ 0,069; alleen voor de capaciteitsindicatie; bereik is een aanname",
        ),
    ),
)

#: Parameters varied one at a time for the uncertainty band (the turnover only feeds the capacity indication).
BAND_PARAMETERS: tuple[str, ...] = (
    "ind_capacity",
    "processing_months",
    "other_exit_ratio",
    "grant_rate",
    "family_ratio",
    "family_lag_halfyears",
    "rejected_stay_months",
    "reception_share_waiting",
    "housing_wait_months",
    "status_holder_letting_share",
    "persons_per_letting",
)


def input_decimals(param: Parameter) -> int:
    """Decimals for an input widget of a non-integer parameter: as many as its default and range need,
    at least 1 and at most 3. Never a fixed 3: "12.000" months reads as twelve thousand to a Dutch
    reader (the widget can only show a decimal point)."""
    if param.integer:
        return 0
    values = [v for v in (param.default, param.low, param.high) if v is not None]
    needed = [len(f"{float(v):.6f}".rstrip("0").split(".")[1]) for v in values]
    return min(3, max([1, *needed]))


def get_parameter(param_id: str) -> Parameter:
    return FLOW_PARAMETERS.get(param_id)


def default_params() -> dict[str, float]:
    return FLOW_PARAMETERS.defaults()


def resolve_params(overrides: Mapping[str, object] | None = None) -> dict[str, float]:
    """Defaults updated with ``overrides``; unknown ids, non-numbers and out-of-bounds values raise ValueError."""
    return FLOW_PARAMETERS.resolve(overrides)


def parameter_table() -> pd.DataFrame:
    """Parameter table (label, default, unit, range, assumption, source) for the method page and README."""
    return FLOW_PARAMETERS.table()


def load_params_file(path: str | Path) -> dict[str, float]:
    """Read overrides from a TOML file: plain ``id = value`` lines, or the same inside a ``[params]`` table."""
    from geodata.importer.limits import read_bytes_bounded  # regular files only, bounded read (no FIFO, /dev/zero)

    raw = read_bytes_bounded(path, what="--params")
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError(f"{path}: het parameterbestand is geen UTF-8-tekst") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: geen geldige TOML ({exc})") from None
    except RecursionError:
        raise ValueError(f"{path}: het parameterbestand is te diep genest") from None
    if set(data) == {"params"} and isinstance(data["params"], dict):
        data = data["params"]
    return resolve_params(data)
