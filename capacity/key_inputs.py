"""The quantities allocation keys can use (one entry each; presets: ``capacity.key_registry``).

Where Dutch data forces a proxy, the input says what it stands for (``proxy_for_*``) and what it cannot
capture (``note_*``); an imported column named ``extra_column`` replaces the proxy when present.
"""

from __future__ import annotations

from capacity.key_types import KeyInput

INHABITANTS = "aantal_inwoners"
WW = "aantal_personen_met_een_ww_uitkering_totaal"
BIJSTAND = "aantal_personen_met_een_alg_bijstandsuitkering_tot"
AO = "aantal_personen_met_een_ao_uitkering_totaal"
NON_EU_BORN = "perc_geb_buiten_nl_met_herkomstlnd_buiten_europa"

KEY_INPUTS: tuple[KeyInput, ...] = (
    KeyInput("population", "Inwoners", "Inhabitants", "personen", "amount", (INHABITANTS,), unit_en="persons"),
    KeyInput(
        "fiscal_capacity",
        "Totale WOZ-waarde (OZB-grondslag)",
        "Total WOZ value (property-tax base)",
        "euro",
        "amount",
        ("woningvoorraad", "gemiddelde_woningwaarde"),
        (),
        1000.0,
        proxy_for_nl="belastingkracht (Königsteiner Schlüssel: belastinginkomsten) en bbp (EU-sleutel 2015)",
        proxy_for_en="fiscal capacity (Königstein key: tax revenue) and GDP (EU 2015 key)",
        note_nl="Woningvoorraad × gemiddelde WOZ-waarde (× € 1.000): alleen woningen, zonder niet-woningen.",
        note_en="Dwelling stock × mean WOZ value (× € 1,000): dwellings only, no other property.",
        unit_en="euro",
    ),
    KeyInput(
        "area",
        "Landoppervlakte",
        "Land area",
        "ha",
        "amount",
        ("oppervlakte_land_in_ha",),
        note_nl="Landoppervlakte zonder water (FlüAG NRW spreekt van Fläche).",
        note_en="Land area without water (FlüAG NRW: Fläche).",
        unit_en="ha",
    ),
    KeyInput(
        "labour_market",
        "Werkzame inwoners (15–64 jaar min WW, bijstand en AO)",
        "Employed residents (aged 15–64 minus WW, social assistance and disability benefits)",
        "personen",
        "amount",
        proxy_for_nl="omvang van de arbeidsmarkt (Zweden: arbetsmarknad; Noorwegen: arbeidsmarked)",
        proxy_for_en="labour-market size (Sweden: arbetsmarknad; Norway: arbeidsmarked)",
        note_nl="Inwoners 15–64 jaar min uitkeringsontvangers (WW, bijstand, AO): positief en hoogstens het "
        "inwonertal, zoals werkgelegenheid in het origineel.",
        note_en="Residents aged 15–64 minus benefit recipients (WW, social assistance, disability): positive "
        "and at most the population, like employment in the original.",
        terms=(
            (0.01, (INHABITANTS, "percentage_personen_15_tot_25_jaar")),
            (0.01, (INHABITANTS, "percentage_personen_25_tot_45_jaar")),
            (0.01, (INHABITANTS, "percentage_personen_45_tot_65_jaar")),
            (-1.0, (WW,)),
            (-1.0, (BIJSTAND,)),
            (-1.0, (AO,)),
        ),
        unit_en="persons",
    ),
    KeyInput(
        "unemployment",
        "WW-uitkeringen per 1.000 inwoners",
        "Unemployment benefits per 1,000 inhabitants",
        "per 1.000 inwoners",
        "rate",
        (WW,),
        (INHABITANTS,),
        1000.0,
        proxy_for_nl="werkloosheidspercentage (EU-sleutel 2015)",
        proxy_for_en="unemployment rate (EU 2015 key)",
        unit_en="per 1,000 inhabitants",
    ),
    KeyInput(
        "past_reception",
        "Geboren buiten Nederland, herkomst buiten Europa",
        "Born abroad, origin outside Europe",
        "% van de inwoners",
        "rate",
        (NON_EU_BORN,),
        proxy_for_nl="eerdere asielopvang (asielaanvragen en hervestiging per inwoner)",
        proxy_for_en="past asylum reception (applications and resettlement per inhabitant)",
        extra_column="opvang_per_1000",
        note_nl="Geïmporteerde kolom 'opvang_per_1000' (opgevangen personen per 1.000 inwoners) vervangt de proxy.",
        note_en="An imported column 'opvang_per_1000' (persons received per 1,000 inhabitants) replaces the proxy.",
        unit_en="% of inhabitants",
    ),
    KeyInput(
        "immigrants",
        "Inwoners geboren buiten Nederland met herkomst buiten Europa",
        "Residents born abroad with origin outside Europe",
        "personen",
        "amount",
        (INHABITANTS, NON_EU_BORN),
        (),
        0.01,
        proxy_for_nl="vluchtelingen en gezinsmigranten (Deense sleutel: ikke-vestlige indvandrere og flygtninge)",
        proxy_for_en="refugees and family migrants (Danish key: non-Western immigrants and refugees)",
        extra_column="immigranten",
        note_nl="Beste beschikbare benadering: eerste generatie met herkomst buiten Europa. Kan internationale "
        "studenten, au pairs en arbeids- en kennismigranten niet uitsluiten (daardoor krijgen bijvoorbeeld "
        "Amstelveen en Diemen 0). Een geïmporteerde kolom 'immigranten' met het echte aantal vervangt de proxy.",
        note_en="Best available approximation: first generation with origin outside Europe. Cannot exclude "
        "international students, au pairs and labour or knowledge migrants (so e.g. Amstelveen and Diemen get "
        "0). An imported column 'immigranten' with the real count replaces the proxy.",
        unit_en="persons",
    ),
    KeyInput(
        "integration_results",
        "Bijstandsuitkeringen per 1.000 inwoners",
        "Social-assistance benefits per 1,000 inhabitants",
        "per 1.000 inwoners",
        "rate",
        (BIJSTAND,),
        (INHABITANTS,),
        1000.0,
        proxy_for_nl="resultaten van het introductieprogramma (Noorwegen: uitstroom naar werk of opleiding)",
        proxy_for_en="introduction-programme results (Norway: transition to work or education)",
        unit_en="per 1,000 inhabitants",
    ),
    KeyInput(
        "students",
        "Studenten hbo en wo per 1.000 inwoners",
        "Higher-education students per 1,000 inhabitants",
        "per 1.000 inwoners",
        "rate",
        ("aantal_studenten_hbo", "aantal_studenten_wo"),
        (INHABITANTS,),
        1000.0,
        proxy_for_nl="opleidingsdeel van SES-WOA (studentensteden scoren laag op SES-WOA)",
        proxy_for_en="education part of SES-WOA (student cities score low on SES-WOA)",
        note_nl="(studenten hbo + studenten wo) × 1.000 / inwoners; onderdeel van de SES-WOA-proxy.",
        note_en="(hbo + wo students) × 1,000 / inhabitants; part of the SES-WOA proxy.",
        unit_en="per 1,000 inhabitants",
    ),
    KeyInput(
        "ses_woa",
        "Welvaartsscore (SES-WOA)",
        "Welfare score (SES-WOA)",
        "score",
        "score",
        proxy_for_nl="CBS SES-WOA (welvaart, opleiding, arbeidsverleden)",
        proxy_for_en="CBS SES-WOA (welfare, education, labour history)",
        extra_column="ses_woa",
        note_nl="SES-WOA staat niet in de datamap. Proxy: proxy_scale × gemiddelde z-score van gemiddelde WOZ-waarde, −bijstand en −WW per 1.000 "
        "inwoners, min education_scale × z-score van studenten per 1.000, begrensd op ±0,5. Geïmporteerde "
        "kolom 'ses_woa' (upload of CBS-tabel) vervangt de proxy.",
        note_en="SES-WOA is not in the data mirror. Proxy: proxy_scale × mean z-score of mean WOZ value, −social assistance and −WW per 1,000, minus "
        "education_scale × z-score of students per 1,000, bounded to ±0.5. An imported column 'ses_woa' "
        "(upload or CBS table) replaces the proxy.",
        unit_en="score",
    ),
    KeyInput(
        "load",
        "Totale drukscore (0–100)",
        "Total load score (0–100)",
        "score 0–100",
        "score",
        source_id="capacity.scoring",
        note_nl="total_load uit de scoremodule van dit dashboard (samengestelde index, KWB 2024).",
        note_en="total_load from this dashboard's scoring module (composite index, KWB 2024).",
        unit_en="score 0–100",
    ),
)
INPUTS_BY_ID = {i.id: i for i in KEY_INPUTS}


def get_input(input_id: str) -> KeyInput:
    try:
        return INPUTS_BY_ID[input_id]
    except KeyError:
        raise KeyError(f"unknown key input {input_id!r}; known: {sorted(INPUTS_BY_ID)}") from None
