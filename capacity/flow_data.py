"""Published national asylum figures 2022–2025: ONE sourced table, used three ways by the flow model.

1. **Observed stocks** (``kind`` = stock): dated stocks (IND waiting stock, COA occupancy, status holders
   in COA, housing backlog) from which ``--start observed --start-year Y`` starts (stocks of 1 January Y);
2. **Year values** (``kind`` = year): the published grant share, IND first-instance decisions and
   nareizigers per year, used for the years they cover (projection years use the parameter defaults);
3. **Back-test targets** (``target`` set): the figures ``python -m capacity project --backtest`` compares
   the model with, each marked as used for calibration or held out.

Every row says where it comes from and whether that is a primary publication (IND, COA, CBS, Eurostat,
Rijksoverheid) or a press report of one (``press=True``). Figures as compiled in the project's methods
reference (shared METHODS.md, "Published national asylum figures 2022–2025"); where a figure has two
published values the choice is stated in ``note``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Figure:
    id: str
    label_nl: str
    label_en: str
    value: float
    date: str  # ISO date of a stock, or the period ("2023", "2023-I") of a flow
    source: str
    url: str = ""
    press: bool = False  # True: a press report of the figure, not the primary publication
    note: str = ""
    stock: str = ""  # which model stock this observes: waiting, occupancy, awaiting_home, backlog
    target: str = ""  # back-test: "calibration" or "held-out" ("" = not compared)
    column: str = ""  # model column compared with (flows are summed over the period)
    period: str = ""  # model period(s): "2023" (both half-years) or "2023-II"; stocks: end of this period


_COA = "COA, capaciteit en bezetting (coa.nl)"
_COA_URL = "https://www.coa.nl/nl/capaciteit-en-bezetting"
_AIDA = "AIDA country report Netherlands (asylumineurope.org), op basis van IND en Eurostat"
_AIDA_URL = "https://asylumineurope.org/reports/country/netherlands/"
_IND_JULY = "https://ind.nl/nl/nieuws/eerste-half-jaar-ruim-20-duizend-asielaanvragen-piek-verwacht-in-najaar"
_EENVANDAAG = (
    "https://eenvandaag.avrotros.nl/item/helft-van-inwoners-azcs-is-over-een-jaar-statushouder-en-dat-leidt-tot-"
    "hoge-kosten-voor-coa-bijna-800-miljoen-euro/"
)
_NAREIS_URL = (
    "https://www.nhnieuws.nl/nieuws/n139651/cbs-meer-asielaanvragen-in-nederland-dan-in-2022-nareizigers-namen-juist-af"
)
_CIRC_URL = (
    "https://www.rijksoverheid.nl/documenten/circulaires/2022/09/30/"
    "bijlage-a-circulaire-eerste-helft-2023-taakstelling-vergunninghouders"
)
_GEMNU = "gemeente.nu (vakpers), taakstelling vergunninghouders 2025"
_CBS_LET = "CBS-nieuws 2024/17: vrijgekomen corporatiewoningen en statushouders (2023)"

FIGURES: tuple[Figure, ...] = (
    # first asylum applications (model input of the back-test)
    Figure(
        "inflow_2022", "Eerste asielaanvragen 2022", "First asylum applications 2022", 35_535, "2022", _AIDA, _AIDA_URL
    ),
    Figure(
        "inflow_2023", "Eerste asielaanvragen 2023", "First asylum applications 2023", 38_377, "2023", _AIDA, _AIDA_URL
    ),
    Figure(
        "inflow_2024", "Eerste asielaanvragen 2024", "First asylum applications 2024", 32_180, "2024", _AIDA, _AIDA_URL
    ),
    Figure(
        "inflow_2025",
        "Eerste asielaanvragen 2025",
        "First asylum applications 2025",
        24_200,
        "2025",
        "Pers over IND-cijfers: 'ruim 24.000' eerste aanvragen in 2025",
        press=True,
        note="'ruim 24.000' gerekend als 24.200",
    ),
    # year values: grant share, decisions, nareizigers
    Figure(
        "grant_2022",
        "Inwilligingen eerste aanleg 2022",
        "First-instance grant share 2022",
        0.755,
        "2022",
        "NOS op basis van Eurostat: 73 % van 16.525 besluiten; andere opgaven tot 78 %",
        press=True,
        note="midden van 73–78 %",
    ),
    Figure(
        "grant_2023",
        "Inwilligingen eerste aanleg 2023",
        "First-instance grant share 2023",
        0.80,
        "2023",
        "Eurostat (via AIDA): ≈ 80 % van 17.490 eerste-aanlegbesluiten",
        _AIDA_URL,
        note="definitie Eurostat: positieve besluiten / alle inhoudelijke eerste-aanlegbesluiten; de IND telt 62 % "
        "omdat zij ook Dublin- en niet-inhoudelijke besluiten meetelt. Het model volgt Eurostat, want de besluiten "
        "die het model telt zijn de Eurostat-besluiten (17.490)",
    ),
    Figure(
        "grant_2024",
        "Inwilligingen eerste aanleg 2024",
        "First-instance grant share 2024",
        0.75,
        "2024",
        _AIDA,
        _AIDA_URL,
    ),
    Figure(
        "grant_2025",
        "Inwilligingen eerste aanleg 2025",
        "First-instance grant share 2025",
        0.34,
        "2025",
        "Hart van Nederland/De Telegraaf op basis van IND-cijfers (dec. 2025): 33–35 %, tijdens het besluitmoratorium "
        "voor ≈ 16.000 Syrische zaken",
        "https://www.hartvannederland.nl/politiek/beleid/artikelen/nederland-asielaanvragen-minder-goedgekeurd-ind-cijfers",
        press=True,
    ),
    Figure(
        "decisions_2022",
        "IND-besluiten eerste aanleg 2022",
        "IND first-instance decisions 2022",
        16_525,
        "2022",
        "NOS op basis van Eurostat (2023)",
        press=True,
    ),
    Figure(
        "decisions_2023",
        "IND-besluiten eerste aanleg 2023",
        "IND first-instance decisions 2023",
        17_490,
        "2023",
        "Eurostat (via AIDA)",
        _AIDA_URL,
        target="calibration",
        column="decisions",
        period="2023",
    ),
    Figure(
        "family_2022",
        "Nareizigers 2022",
        "Family members arriving 2022",
        11_000,
        "2022",
        "CBS via NH Nieuws",
        _NAREIS_URL,
        press=True,
    ),
    Figure(
        "family_2023",
        "Nareizigers 2023",
        "Family members arriving 2023",
        10_000,
        "2023",
        "CBS via NH Nieuws",
        _NAREIS_URL,
        press=True,
    ),
    Figure(
        "family_2025",
        "Nareizigers 2025",
        "Family members arriving 2025",
        16_133,
        "2025",
        "Pers over IND-cijfers: 12.100 nareizigers januari–september 2025",
        press=True,
        note="12.100 in negen maanden × 12/9",
    ),
    # observed stocks (dates as published)
    Figure(
        "waiting_2023_01",
        "IND-voorraad wachtend op besluit",
        "IND stock awaiting a decision",
        35_790,
        "2023-01-01",
        _AIDA,
        _AIDA_URL,
        stock="waiting",
        note="eind 2022",
    ),
    Figure(
        "waiting_2023_07",
        "IND-voorraad wachtend op besluit",
        "IND stock awaiting a decision",
        36_870,
        "2023-07-01",
        "IND-nieuws 13 juli 2023: 36.870 openstaande aanvragen (juni 2023)",
        _IND_JULY,
        stock="waiting",
    ),
    Figure(
        "waiting_2024_01",
        "IND-voorraad wachtend op besluit",
        "IND stock awaiting a decision",
        50_000,
        "2024-01-01",
        "Pers over IND-cijfers: ≈ 50.000 eind 2023",
        press=True,
        stock="waiting",
        target="calibration",
        column="waiting_end",
        period="2023-II",
    ),
    Figure(
        "waiting_2025",
        "IND-voorraad wachtend op besluit",
        "IND stock awaiting a decision",
        51_000,
        "2025-07-01",
        "Pers over IND-cijfers: ≈ 51.000 (2025)",
        press=True,
        stock="waiting",
        note="maand niet vermeld; als midden 2025 gedateerd",
    ),
    Figure(
        "occupancy_2023_01", "COA-bezetting", "COA occupancy", 51_701, "2023-01-02", _COA, _COA_URL, stock="occupancy"
    ),
    Figure(
        "occupancy_2023_09", "COA-bezetting", "COA occupancy", 57_538, "2023-09-25", _COA, _COA_URL, stock="occupancy"
    ),
    Figure(
        "occupancy_2024_01",
        "COA-bezetting begin 2024",
        "COA occupancy start of 2024",
        64_405,
        "2024-01-01",
        _COA,
        _COA_URL,
        stock="occupancy",
        target="calibration",
        column="occupancy_end",
        period="2023-II",
    ),
    Figure(
        "occupancy_2025_01",
        "COA-bezetting begin 2025",
        "COA occupancy start of 2025",
        72_610,
        "2025-01-06",
        _COA,
        _COA_URL,
        stock="occupancy",
        target="calibration",
        column="occupancy_end",
        period="2024-II",
    ),
    Figure(
        "awaiting_2023_01",
        "Statushouders in COA-opvang",
        "Status holders in COA reception",
        16_200,
        "2023-01-01",
        _COA,
        _COA_URL,
        stock="awaiting_home",
    ),
    Figure(
        "awaiting_2024_12",
        "Statushouders in COA-opvang eind 2024",
        "Status holders in COA reception end 2024",
        20_000,
        "2024-12-31",
        "EenVandaag (dec. 2024), brief minister van Asiel en Migratie: bijna 20.000 (27 % van de bezetting)",
        _EENVANDAAG,
        press=True,
        stock="awaiting_home",
        target="calibration",
        column="awaiting_home_end",
        period="2024-II",
    ),
    Figure(
        "awaiting_2025_03",
        "Statushouders in COA-opvang",
        "Status holders in COA reception",
        18_720,
        "2025-03-01",
        "Tweede Kamer, kamervragen 2025D08674",
        "https://www.tweedekamer.nl/kamerstukken/detail?id=2025D08674",
        stock="awaiting_home",
    ),
    Figure(
        "backlog_2024_12",
        "Achterstand huisvesting vergunninghouders",
        "Housing backlog of status holders",
        12_000,
        "2024-12-31",
        "Pers (gemeente.nu, rd.nl): achterstand ≈ 12.000 eind 2024",
        press=True,
        stock="backlog",
    ),
    # flows compared in the back-test
    Figure(
        "housed_2024",
        "Statushouders uit COA gehuisvest 2024",
        "Status holders housed from COA in 2024",
        30_210,
        "2024",
        _COA + ", jaarcijfers 2024",
        _COA_URL,
        target="held-out",
        column="housed_from_reception",
        period="2024",
        note="alleen uitstroom uit de COA-opvang; nareizigers (direct bij hun gezin) tellen niet mee",
    ),
    Figure(
        "left_other_2024",
        "Overige uitstroom uit COA 2024 (geen statushouder)",
        "Other departures from COA 2024 (not status holders)",
        14_060,
        "2024",
        _COA + ", jaarcijfers 2024",
        _COA_URL,
        note="onderbouwing van de verblijfsduur van afgewezen asielzoekers in de opvang",
    ),
    Figure(
        "task_2023_1",
        "Taakstelling 2023-I",
        "Housing task 2023-I",
        21_200,
        "2023-I",
        "Rijksoverheid, circulaire taakstelling vergunninghouders eerste helft 2023 (30 sep. 2022)",
        _CIRC_URL,
        target="held-out",
        column="to_house",
        period="2023-I",
    ),
    Figure(
        "task_2025_1",
        "Taakstelling 2025-I",
        "Housing task 2025-I",
        15_000,
        "2025-I",
        _GEMNU,
        press=True,
        target="held-out",
        column="to_house",
        period="2025-I",
        note="eerst 17.700, verlaagd naar 15.000: de verlaagde taakstelling is de geldende",
    ),
    Figure(
        "task_2025_2",
        "Taakstelling 2025-II",
        "Housing task 2025-II",
        13_000,
        "2025-II",
        _GEMNU,
        press=True,
        target="held-out",
        column="to_house",
        period="2025-II",
    ),
    Figure(
        "lettings_2023",
        "Vrijgekomen corporatiewoningen 2023",
        "Housing-association lettings 2023",
        161_000,
        "2023",
        _CBS_LET,
        "https://www.cbs.nl/nl-nl/nieuws/2024/17/",
        note="≈ 13.000 (8 %) naar huishoudens met een statushouder, 7.400 daarvan eenpersoons",
    ),
)

FIGURES_BY_ID: dict[str, Figure] = {f.id: f for f in FIGURES}
BACKTEST_YEARS: tuple[int, int, int] = (2023, 2024, 2025)
STOCKS: tuple[str, ...] = ("waiting", "occupancy", "awaiting_home", "backlog")


def figure(fid: str) -> Figure:
    return FIGURES_BY_ID[fid]


def year_value(prefix: str, year: int) -> float | None:
    """The published year value ``{prefix}_{year}`` (grant, decisions, family), or None."""
    f = FIGURES_BY_ID.get(f"{prefix}_{year}")
    return None if f is None else float(f.value)


def published_inflow(years: tuple[int, ...] = BACKTEST_YEARS) -> list[int]:
    return [int(FIGURES_BY_ID[f"inflow_{y}"].value) for y in years]


def targets() -> list[Figure]:
    return [f for f in FIGURES if f.target]


@dataclass(frozen=True)
class ObservedStock:
    stock: str
    value: int
    date: str
    figure_id: str
    exact: bool  # True: published for 1 January of the start year (within two weeks)


def observed_stocks(start_year: int) -> dict[str, ObservedStock]:
    """The stocks of 1 January ``start_year``: per stock the observation closest to that date (the earlier one
    on a tie). For start years outside 2023–2025 that is the first or last observation; ``exact`` is then
    False, so the CLI and the page can say which date the stock comes from."""
    day = dt.date(start_year, 1, 1)
    out: dict[str, ObservedStock] = {}
    for stock in STOCKS:
        rows = [(dt.date.fromisoformat(f.date), f) for f in FIGURES if f.stock == stock]
        date, f = min(rows, key=lambda r: (abs((r[0] - day).days), r[0]))
        exact = abs((date - day).days) <= 14
        out[stock] = ObservedStock(stock, int(f.value), f.date, f.id, exact)
    return out


def figures_table(lang: str = "nl") -> pd.DataFrame:
    """All published figures with source, press marker and back-test role (Methode page, docs)."""
    nl = lang != "en"
    return pd.DataFrame(
        [
            {
                "id": f.id,
                ("cijfer" if nl else "figure"): f.label_nl if nl else f.label_en,
                ("waarde" if nl else "value"): f.value,
                ("datum/periode" if nl else "date/period"): f.date,
                ("bron" if nl else "source"): f.source + (f" ({f.url})" if f.url else ""),
                ("pers" if nl else "press"): f.press,
                ("backtest" if nl else "back-test"): f.target,
                ("toelichting" if nl else "note"): f.note,
            }
            for f in FIGURES
        ]
    )


def half_year_capacity(year: int) -> tuple[int, int] | None:
    """IND first-instance decisions per half-year of ``year`` where published figures give them, else None.

    2022: the published yearly decisions split evenly. 2023: the yearly decisions (Eurostat 17,490) split
    over the half-years like the outflow from the published IND waiting stock (35,790 on 1 Jan, 36,870 in
    June, ≈ 50,000 at the end of 2023, with the published first applications): most of 2023's decisions
    fell in the first half-year, and the backlog built up in the second.
    """
    decisions = year_value("decisions", year)
    if decisions is None:
        return None
    total = int(decisions)
    if year == 2023:
        inflow = int(figure("inflow_2023").value)
        first_in, second_in = (inflow + 1) // 2, inflow // 2
        w0, w1, w2 = (int(figure(i).value) for i in ("waiting_2023_01", "waiting_2023_07", "waiting_2024_01"))
        out_first, out_second = w0 + first_in - w1, w1 + second_in - w2
        first = int(round(total * out_first / (out_first + out_second)))
        return first, total - first
    return (total + 1) // 2, total // 2
