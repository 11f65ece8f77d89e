"""Registry of the CBS tables the project reads live, and the one mapping of their columns.

Each wanted column is found by its CBS ``Title`` (and, where titles repeat, its topic group) in the
cached table's ``DataProperties`` (``geodata.cbs.find_column``), then named as the project names it.
KWB 2025 (86165NED) columns are mapped onto the names of the KWB 2024 mirror table, so every
indicator built from KWB 2024 can read 2025 as well. Titles follow StatLine's wording; a title that a
table does not have is reported as unmapped, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geodata import cbs


@dataclass(frozen=True)
class Wanted:
    """One column to take: project name ← CBS title (regex), optionally within a topic group."""

    name: str
    title: str
    group: str | None = None
    avoid_group: str | None = None
    per_100_inhabitants: bool = False  # CBS gives a count where the mirror has a percentage


@dataclass(frozen=True)
class CbsTable:
    id: str
    kind: str  # ses_woa | kwb | regional
    label_nl: str
    label_en: str
    wanted: tuple[Wanted, ...]


_SES = (
    Wanted("ses_woa", r"^gemiddelde score", group=r"totaal|ses", avoid_group=r"deelscore|welvaart|opleiding|arbeid"),
)
_INHABITANTS = Wanted("aantal_inwoners", r"^aantal inwoners$")

#: KWB 2024 mirror column ← KWB 2025 StatLine title (86165NED).
KWB_2025_COLUMNS: tuple[Wanted, ...] = (
    _INHABITANTS,
    Wanted("bevolkingsdichtheid_inwoners_per_km2", r"^bevolkingsdichtheid"),
    Wanted("percentage_personen_0_tot_15_jaar", r"^0 tot 15 jaar", per_100_inhabitants=True),
    Wanted("aantal_huishoudens", r"^huishoudens totaal|^aantal huishoudens"),
    Wanted("gemiddelde_huishoudsgrootte", r"^gemiddelde huishoudensgrootte|^gemiddelde huishoudsgrootte"),
    Wanted("percentage_met_herkomstland_buiten_europa", r"herkomstland.*buiten europa", avoid_group=r"geboren"),
    Wanted("perc_geb_buiten_nl_met_herkomstlnd_buiten_europa", r"geboren buiten nederland.*buiten europa"),
    Wanted("woningvoorraad", r"^woningvoorraad"),
    Wanted("gemiddelde_woningwaarde", r"^gemiddelde woz-waarde"),
    Wanted("aantal_nieuwbouw_woningen", r"^nieuwbouwwoningen|^nieuwbouw"),
    Wanted("percentage_onbewoond", r"onbewoond"),
    Wanted("perc_huurwoningen_in_bezit_woningcorporaties", r"in bezit woningcorporatie"),
    Wanted("aantal_leerlingen_primair_onderwijs", r"^leerlingen po|leerlingen primair onderwijs"),
    Wanted("aantal_leerlingen_voortgezet_onderwijs", r"^leerlingen vo|leerlingen voortgezet onderwijs"),
    Wanted("aantal_personen_met_een_ao_uitkering_totaal", r"^personen per soort uitkering; ao|ao-uitkering"),
    Wanted("aantal_personen_met_een_ww_uitkering_totaal", r"^personen per soort uitkering; ww|ww-uitkering"),
    Wanted("aantal_personen_met_een_alg_bijstandsuitkering_tot", r"bijstand"),
    Wanted("oppervlakte_land_in_ha", r"^oppervlakte land"),
    Wanted("basisonderwijs_gemiddelde_afstand_in_km", r"afstand tot school", group=r"basisonderwijs"),
    Wanted("basisonderwijs_gemiddeld_aantal_binnen_3_km", r"binnen 3 km", group=r"basisonderwijs"),
    Wanted("voortgezet_onderwijs_gem_afstand_in_km", r"afstand tot school", group=r"voortgezet"),
)

CBS_TABLES: tuple[CbsTable, ...] = (
    CbsTable("86092NED", "ses_woa", "SES-WOA-scores per gemeente 2023", "SES-WOA scores per gemeente 2023", _SES),
    CbsTable("85900NED", "ses_woa", "SES-WOA-scores per gemeente 2022", "SES-WOA scores per gemeente 2022", _SES),
    CbsTable("86165NED", "kwb", "Kerncijfers wijken en buurten 2025", "Key figures districts 2025", KWB_2025_COLUMNS),
    CbsTable(
        "70072NED",
        "regional",
        "Regionale kerncijfers Nederland (inkomen, werkloosheid)",
        "Regional key figures (income, unemployment)",
        (
            _INHABITANTS,
            Wanted("gemiddeld_besteedbaar_inkomen_per_huishouden", r"gemiddeld.*besteedbaar inkomen.*huishouden"),
            Wanted("werkloosheidspercentage", r"werkloosheidspercentage|^werkloze beroepsbevolking"),
        ),
    ),
)
_BY_ID = {t.id: t for t in CBS_TABLES}


def get_table(table_id: str) -> CbsTable | None:
    return _BY_ID.get(table_id)


def extract(table_id: str, frame: pd.DataFrame, meta: dict) -> tuple[pd.DataFrame, list[str]]:
    """``gemeentecode`` plus every wanted column found by title; and the names that were not found."""
    spec = get_table(table_id)
    out = pd.DataFrame({"gemeentecode": frame["gemeentecode"].astype(str)})
    if spec is None:
        return out, []
    missing: list[str] = []
    inhabitants_key = cbs.find_column(meta, _INHABITANTS.title)
    for want in spec.wanted:
        key = cbs.find_column(meta, want.title, want.group, want.avoid_group)
        if key is None or key not in frame.columns:
            missing.append(want.name)
            continue
        values = pd.to_numeric(frame[key], errors="coerce").astype("float64")
        if want.per_100_inhabitants:
            if inhabitants_key is None:
                missing.append(want.name)
                continue
            values = values / pd.to_numeric(frame[inhabitants_key], errors="coerce") * 100
        out[want.name] = values.to_numpy()
    return out, missing


def ses_woa_candidates() -> list[tuple[pd.Series, dict]]:
    """SES-WOA per gemeentecode from every cached SES-WOA table, newest period first."""
    found = []
    for spec in CBS_TABLES:
        if spec.kind != "ses_woa":
            continue
        cached = cbs.load_cached(spec.id)
        if cached is None:
            continue
        frame, meta = cached
        table, missing = extract(spec.id, frame, meta)
        if "ses_woa" in missing:
            continue
        found.append((table.set_index("gemeentecode")["ses_woa"], meta))
    return sorted(found, key=lambda item: str(item[1].get("period") or ""), reverse=True)
