"""UI strings of the Prognose page; ``ui.i18n`` merges them into the one catalogue."""

from __future__ import annotations

PROGNOSE: dict[str, dict[str, str]] = {
    "prognose.mode.fixed": {
        "nl": "Vast richtgetal",
        "en": "Fixed target",
    },
    "prognose.mode.corridor": {
        "nl": "Corridor",
        "en": "Corridor",
    },
    "prognose.mode": {
        "nl": "Invoer",
        "en": "Input",
    },
    "prognose.years": {
        "nl": "Jaren vooruit",
        "en": "Years ahead",
    },
    "prognose.key": {
        "nl": "Verdeelsleutel taakstelling",
        "en": "Key for the housing task",
    },
    "prognose.rkey": {
        "nl": "Verdeelsleutel opvangplaatsen",
        "en": "Key for reception places",
    },
    "prognose.national": {
        "nl": "Landelijke stroom per halfjaar",
        "en": "National flow per half-year",
    },
    "prognose.halfyear.note": {
        "nl": "De invoer is per jaar; het model rekent per halfjaar: een richtgetal van {r} per jaar is {h} eerste aanvragen per halfjaar.",
        "en": "The input is per year; the model works per half-year: a target of {r} per year is {h} first applications per half-year.",
    },
    "prognose.series": {
        "nl": "Reeksen",
        "en": "Series",
    },
    "prognose.gemeente": {
        "nl": "Per gemeente en halfjaar",
        "en": "Per municipality and half-year",
    },
    "prognose.pick": {
        "nl": "Gemeente",
        "en": "Municipality",
    },
    "prognose.table.note": {
        "nl": "Centrale waarde met tussen haakjes de band laag–hoog. Afgerond op hele personen met {m}; per halfjaar tellen de centrale waarden over alle gemeenten exact op tot het landelijke cijfer.",
        "en": "Central value with the low–high band in brackets. Rounded to whole persons with {m}; per half-year "
        "the central values over all gemeenten add up exactly to the national figure.",
    },
    "prognose.download": {
        "nl": "Download alle gemeenten",
        "en": "Download all municipalities",
    },
    "prognose.download.note": {
        "nl": "Het richtgetal is een scenario-invoer, geen gegeven. Kolommen met 'band': band per rij over de scenario's; alleen de centrale kolommen tellen per halfjaar exact op tot het landelijke cijfer. De Excel-versie heeft een tabblad 'Bron' met scenario, parameters en bronnen.",
        "en": "The target is a scenario input, not data. Band columns: band per row; only the central columns add up exactly to the national figure. The Excel file has a 'Bron' sheet with scenario, parameters and sources.",
    },
    "prognose.intro": {
        "nl": "Wat betekent een richtgetal per halfjaar? Een stroommodel vertaalt de asielinstroom naar besluiten, statushouders, nareizigers en bezetting van de opvang, en verdeelt die met een verdeelsleutel over de gemeenten. Het richtgetal is een scenario-invoer, geen gegeven; modeluitkomsten zijn indicaties.",
        "en": "What does an allocation target mean per half-year? A flow model turns asylum inflow into decisions, status holders, family members and reception occupancy, and divides them over municipalities with a key. The target is a scenario input, not data; model outcomes are indications.",
    },
    "prognose.richtgetal": {
        "nl": "Richtgetal (eerste aanvragen per jaar)",
        "en": "Target (first applications per year)",
    },
    "prognose.low": {
        "nl": "Corridor laag (per jaar)",
        "en": "Corridor low (per year)",
    },
    "prognose.high": {
        "nl": "Corridor hoog (per jaar)",
        "en": "Corridor high (per year)",
    },
    "prognose.params": {
        "nl": "Parameters van het stroommodel",
        "en": "Flow-model parameters",
    },
    "prognose.upload": {
        "nl": "Parameters uit TOML-bestand (optioneel)",
        "en": "Parameters from a TOML file (optional)",
    },
    "prognose.start.obs": {
        "nl": "Gepubliceerde voorraden (1 januari)",
        "en": "Published stocks (1 January)",
    },
    "prognose.start.eq": {
        "nl": "Evenwicht bij het richtgetal",
        "en": "Equilibrium at the target",
    },
    "prognose.start": {
        "nl": "Beginvoorraden",
        "en": "Initial stocks",
    },
    "prognose.start_year": {
        "nl": "Eerste jaar",
        "en": "First year",
    },
    "prognose.published_years": {
        "nl": "Gepubliceerde jaarwaarden 2022–2025 gebruiken (besluiten, inwilligingspercentage, nareizigers)",
        "en": "Use the published year values 2022–2025 (decisions, grant share, family members)",
    },
    "prognose.ranges": {
        "nl": "Band ook over de parameterbereiken (één tegelijk)",
        "en": "Band also over the parameter ranges (one at a time)",
    },
    "prognose.start.obs.note": {
        "nl": "Startpunt {y}-I: gepubliceerde voorraden ({w} wachtend op een IND-besluit, {a} statushouders in de opvang) van {d}{x}. De lijnen tonen hoe de stroom van daaruit beweegt bij {r} eerste aanvragen per jaar.",
        "en": "Start {y}-I: published stocks ({w} awaiting an IND decision, {a} status holders in reception) of {d}{x}. The lines show how the flow moves from there at {r} first applications per year.",
    },
    "prognose.start.eq.note": {
        "nl": "Startpunt: het evenwicht bij het richtgetal, dus vlakke lijnen zolang het richtgetal gelijk blijft; kies een corridor of de start 'Gepubliceerde voorraden' om verandering te zien.",
        "en": "Start: the equilibrium at the target, so flat lines while the target stays the same; choose a corridor or the 'Published stocks' start to see change.",
    },
    "prognose.persons": {
        "nl": "personen",
        "en": "persons",
    },
    "prognose.period": {
        "nl": "halfjaar",
        "en": "half-year",
    },
    "prognose.chart.note": {
        "nl": "Banden: laag–hoog over {n} scenario's (corridor en, indien gekozen, parameterbereiken). De bron van elke parameter staat in de tabel onderaan: primaire publicaties (IND, COA, CBS, Eurostat) of persberichten daarover; aannames staan als zodanig gemarkeerd.",
        "en": "Bands: low–high over {n} scenarios. Each parameter's source is in the table below: primary publications (IND, COA, CBS, Eurostat) or press reports of them; assumptions are marked as such.",
    },
    "prognose.chart.noband": {
        "nl": "Eén scenario: kies een corridor of de parameterbereiken (in de parameters) voor een band laag–hoog. De bron van elke parameter staat in de tabel onderaan (primair of pers); aannames staan als zodanig gemarkeerd.",
        "en": "One scenario: choose a corridor or the parameter ranges for a low–high band. Each parameter's source is in the table below (primary or press); assumptions are marked as such.",
    },
    "prognose.capacity": {
        "nl": "Indicatie: woningbehoefte tegenover nieuwbouw en mutaties",
        "en": "Indication: homes needed against new-build and turnover",
    },
    "prognose.capacity.note": {
        "nl": "Indicatie, geen prognose van de woningmarkt: nieuwbouw en corporatiebezit uit CBS KWB 2024 (één peiljaar); de mutatiegraad is afgeleid van de ≈ 161.000 vrijgekomen corporatiewoningen in 2023 (CBS).",
        "en": "Indication only: new-build and housing-association stock from CBS KWB 2024; the turnover rate is derived from the ≈ 161,000 lettings in 2023 (CBS).",
    },
    "prognose.sources": {
        "nl": "Parameters: standaardwaarden en bronnen",
        "en": "Parameters: defaults and sources",
    },
    "prognose.backtest": {
        "nl": "Back-test 2023–2025: model tegenover gepubliceerde cijfers",
        "en": "Back-test 2023–2025",
    },
    "prognose.backtest.text": {
        "nl": "Het model met de huidige parameters, gestart op de gepubliceerde voorraden van 1 januari 2023 en gevoed met de gepubliceerde eerste aanvragen (38.377, 32.180 en ruim 24.000 per jaar). Gemiddelde afwijking {mae}; op de kalibratiecijfers {cal}, op de achtergehouden cijfers {held}; grootste {max}.",
        "en": "The model with the current parameters, started from the published stocks of 1 January 2023 with the published first applications. Mean absolute error {mae}; calibration figures {cal}, held-out figures {held}; largest {max}.",
    },
    "prognose.backtest.cal": {
        "nl": "kalibratie",
        "en": "calibration",
    },
    "prognose.backtest.held": {
        "nl": "achtergehouden",
        "en": "held out",
    },
    "prognose.backtest.note": {
        "nl": "Bron: IND, COA, CBS, Eurostat en Rijksoverheid, deels via persberichten (gemarkeerd); peildata per cijfer in de tabel. Zie Methode & bronnen en docs/METHODS.md voor de definities.",
        "en": "Source: IND, COA, CBS, Eurostat and Rijksoverheid, partly via press reports (marked); reference dates per figure in the table. See Method & sources and docs/METHODS.md for the definitions.",
    },
    "prognose.start_year.help": {
        "nl": "Bij gepubliceerde voorraden: de voorraden van 1 januari van dit jaar, of de dichtstbijzijnde gepubliceerde datum. Voor 2022–2025 rekent het model met de gepubliceerde besluiten, inwilligingspercentages en nareizigers van die jaren.",
        "en": "With published stocks: the stocks of 1 January of this year, or the nearest published date. For 2022–2025 the model uses the published decisions, grant shares and family members of those years.",
    },
    "prognose.published_years.help": {
        "nl": "Aan: voor 2022–2025 rekent het model met de gepubliceerde cijfers van die jaren en gelden de parameters hierboven voor de andere jaren. Uit: de parameters gelden voor alle jaren.",
        "en": "On: for 2022–2025 the model uses the published figures of those years and the parameters above apply to the other years. Off: the parameters apply to every year.",
    },
    "prognose.error": {
        "nl": "De prognose kan niet worden berekend: {e}",
        "en": "The forecast cannot be computed: {e}",
    },
    "prognose.capacity.line": {
        "nl": "**{g}, {y}**: statushouders zouden ca. {w} woningen nodig hebben: {a} van de jaarlijkse nieuwbouw en {b} van de vrijkomende corporatiewoningen.",
        "en": "**{g}, {y}**: status holders would need about {w} homes: {a} of yearly new-build and {b} of housing-association turnover.",
    },
    "prognose.backtest.figure": {
        "nl": "Cijfer",
        "en": "Figure",
    },
    "prognose.backtest.model": {
        "nl": "Model",
        "en": "Model",
    },
    "prognose.backtest.published": {
        "nl": "Gepubliceerd",
        "en": "Published",
    },
    "prognose.backtest.error": {
        "nl": "Afwijking",
        "en": "Error",
    },
    "prognose.backtest.role": {
        "nl": "Rol",
        "en": "Role",
    },
    "prognose.backtest.source": {
        "nl": "Bron",
        "en": "Source",
    },
    "prognose.upload.bad": {
        "nl": "Parameterbestand genegeerd: {e}",
        "en": "Parameter file ignored: {e}",
    },
    "prognose.start.obs.inexact": {
        "nl": " (geen gepubliceerde voorraden voor 1 januari {y}: de dichtstbijzijnde datum per voorraad)",
        "en": " (no published stocks for 1 January {y}: the nearest date per stock)",
    },
    "prognose.backtest.press": {
        "nl": " (pers)",
        "en": " (press)",
    },
}
