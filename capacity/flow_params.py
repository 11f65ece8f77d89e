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
    **kw: object,
) -> Parameter:
    """A flow parameter always has a sensitivity range (low/high) for the uncertainty band."""
    return Parameter(id, label_nl, label_en, unit_nl, default, valid_min, valid_max, low=low, high=high, **kw)


FLOW_PARAMETERS = ParameterSet(
    "flow",
    (
        FlowParameter(
            "processing_months",
            "Gemiddelde doorlooptijd tot besluit IND",
            "Average time to IND decision",
            "maanden",
            12,
            6,
            18,
            6,
            120,
            integer=False,
            source="Volkskrant, 'Door kabinet verwachte toename in asielaanvragen nog steeds onzichtbaar' "
            "(juli 2023), op basis van IND-cijfers: 'De gemiddelde wachttijd is ruim een jaar'; "
            "IND-nieuws 4 nov. 2022: wettelijke beslistermijn tijdelijk verlengd van 6 naar 15 maanden",
            url="https://www.volkskrant.nl/nieuws-achtergrond/door-kabinet-verwachte-toename-in-asielaanvragen-"
            "nog-steeds-onzichtbaar~b71c0d29/",
            derivation="bereik 6 (oude beslistermijn) tot 18 maanden",
        ),
        FlowParameter(
            "grant_rate",
            "Inwilligingspercentage eerste aanvragen",
            "Share of decisions granting a permit",
            "fractie van de besluiten",
            0.35,
            0.30,
            0.73,
            0.0,
            1.0,
            source="Hart van Nederland/De Telegraaf op basis van IND-cijfers (22 dec. 2025): 35 % positief "
            "in de afgelopen twaalf maanden; laag: Rijksoverheid 20 feb. 2018 (2017: minder dan een derde); "
            "hoog: NOS op basis van Eurostat (2022: 73 %)",
            url="https://www.hartvannederland.nl/politiek/beleid/artikelen/nederland-asielaanvragen-minder-"
            "goedgekeurd-ind-cijfers",
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
            source="CBS via NH Nieuws (feb. 2024): ruim 10.000 nareizigers in 2023; NOS (2023) op basis van "
            "Eurostat: 73 % van 16.525 besluiten in 2022 positief",
            url="https://www.nhnieuws.nl/nieuws/n139651/cbs-meer-asielaanvragen-in-nederland-dan-in-2022-"
            "nareizigers-namen-juist-af",
            derivation="10.000 nareizigers (2023) / ca. 12.060 inwilligingen (0,73 × 16.525, 2022) ≈ 0,8, "
            "met een jaar vertraging; het bereik 0,4–1,0 is een aanname",
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
            source="Volkskrant (juli 2023, IND-cijfers): 22.000 personen wachten op een besluit over nareis",
            url="https://www.volkskrant.nl/nieuws-achtergrond/door-kabinet-verwachte-toename-in-asielaanvragen-"
            "nog-steeds-onzichtbaar~b71c0d29/",
            derivation="geen gepubliceerde gemiddelde duur gevonden; één jaar aangenomen",
        ),
        FlowParameter(
            "housing_wait_months",
            "Gemiddelde wachttijd op woonruimte na vergunning",
            "Average wait for a home after the permit",
            "maanden",
            9,
            6,
            24,
            6,
            120,
            assumption=True,
            source="COA via NU.nl (aug. 2021): afgesproken termijn 14 weken na koppeling, 6.000 van 11.000 "
            "wachten langer; EenVandaag (dec. 2024): bijna 20.000 statushouders wachten in de opvang",
            url="https://www.nu.nl/binnenland/6153362/ongeveer-elfduizend-statushouders-wachten-op-woonruimte-"
            "in-nederland.html",
            derivation="geen gepubliceerde gemiddelde wachttijd gevonden; 9 maanden aangenomen",
        ),
        FlowParameter(
            "initial_waiting",
            "Startvoorraad: wachtend op besluit",
            "Initial stock awaiting a decision",
            "personen",
            36_870,
            30_000,
            45_000,
            0,
            1_000_000,
            integer=True,
            source="IND-nieuws 13 juli 2023: 36.870 openstaande aanvragen in de algemene asielprocedure (juni 2023)",
            url="https://ind.nl/nl/nieuws/eerste-half-jaar-ruim-20-duizend-asielaanvragen-piek-verwacht-in-najaar",
            derivation="alleen gebruikt bij start 'waargenomen voorraad'; bereik is een aanname",
        ),
        FlowParameter(
            "initial_awaiting_home",
            "Startvoorraad: statushouders in de opvang",
            "Initial stock of status holders awaiting a home",
            "personen",
            20_000,
            15_000,
            25_000,
            0,
            1_000_000,
            integer=True,
            source="EenVandaag (dec. 2024), brief minister van Asiel en Migratie: bijna 20.000 statushouders "
            "wachten in de opvang op een woning",
            url="https://eenvandaag.avrotros.nl/item/helft-van-inwoners-azcs-is-over-een-jaar-statushouder-en-dat-"
            "leidt-tot-hoge-kosten-voor-coa-bijna-800-miljoen-euro/",
            derivation="alleen gebruikt bij start 'waargenomen voorraad'; bereik is een aanname",
        ),
        FlowParameter(
            "corporation_turnover",
            "Mutatiegraad corporatiewoningen",
            "Yearly turnover of housing-association stock",
            "fractie per jaar",
            0.058,
            0.04,
            0.08,
            0.001,
            1.0,
            assumption=True,
            source="Eigen Haard, jaarverslag 2017: mutatiegraad 5,8 % (één corporatie, ter illustratie)",
            url="https://www.eigenhaard.nl/jaarverslag2017/wij-verhuren/sociale-huurwoningen",
            derivation="geen landelijk CBS-cijfer gevonden; alleen voor de capaciteitsindicatie",
        ),
    ),
)

#: Parameters varied one at a time for the uncertainty band (the initial stocks only matter with an
#: observed start, the turnover only for the capacity indication).
BAND_PARAMETERS: tuple[str, ...] = (
    "processing_months",
    "grant_rate",
    "family_ratio",
    "family_lag_halfyears",
    "housing_wait_months",
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
