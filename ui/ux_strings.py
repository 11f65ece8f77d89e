"""UI strings of the home page, map view, presenter mode, print view and accessibility statement.

Kept in one dict so they move into the shared catalogue in one step; ``ui.i18n`` merges them.
"""

from __future__ import annotations

UX: dict[str, dict[str, str]] = {
    "page.overzicht": {"nl": "Overzicht", "en": "Overview"},
    "page.toegankelijkheid": {"nl": "Toegankelijkheid", "en": "Accessibility"},
    "home.lead": {
        "nl": "Dit dashboard laat per gemeente zien hoeveel druk er al is op wonen, onderwijs en integratie, "
        "en hoe een landelijk aantal asielzoekers of statushouders (een richtgetal) eerlijk over gemeenten "
        "kan worden verdeeld.",
        "en": "This dashboard shows, per municipality, how much pressure there already is on housing, education "
        "and integration, and how a national number of asylum seekers or status holders (a target) can be "
        "divided fairly among municipalities.",
    },
    "home.audience": {
        "nl": "Het is bedoeld voor beleidsadviseurs van gemeenten, provincies en het Rijk, en voor iedereen die "
        "een verdeling wil narekenen; alle cijfers komen van CBS en PDOK, met bron en peildatum.",
        "en": "It is meant for policy advisers of municipalities, provinces and central government, and for "
        "anyone who wants to check an allocation; all figures come from CBS and PDOK, with source and date.",
    },
    "home.find": {"nl": "Zoek uw gemeente", "en": "Find your municipality"},
    "home.find_text": {
        "nl": "Profiel met drukscores, waarom de score zo is en vergelijkbare gemeenten.",
        "en": "Profile with pressure scores, why the score is what it is, and similar municipalities.",
    },
    "home.compare": {"nl": "Vergelijk regio's", "en": "Compare regions"},
    "home.compare_text": {
        "nl": "Provincies, COROP-gebieden en arbeidsmarktregio's naast elkaar.",
        "en": "Provinces, COROP areas and labour-market regions side by side.",
    },
    "home.divide": {"nl": "Verdeel een richtgetal", "en": "Divide a target"},
    "home.divide_text": {
        "nl": "Verdeel een landelijk aantal met een verdeelsleutel en zie wat elke gemeente krijgt.",
        "en": "Divide a national number with an allocation key and see what each municipality gets.",
    },
    "home.map_title": {
        "nl": "Totale drukscore per gemeente (0–100, 100 = hoogste druk)",
        "en": "Total pressure score per municipality (0–100, 100 = highest pressure)",
    },
    "home.data_date": {
        "nl": "Cijfers: {date}. Gemeentegrenzen: {bounds}.",
        "en": "Figures: {date}. Municipal boundaries: {bounds}.",
    },
    "home.more_map": {"nl": "Meer kaarten en niveaus", "en": "More maps and levels"},
    "mapview.top": {"nl": "Hoogste {n}", "en": "Highest {n}"},
    "mapview.bottom": {"nl": "Laagste {n}", "en": "Lowest {n}"},
    "mapview.keyboard": {
        "nl": "Scrollen met het muiswiel scrolt de pagina; zoom met de knoppen + en − rechtsboven in de kaart. "
        "Het fototoestel bewaart de kaart als PNG met titel en bron. Alles wat de kaart toont staat ook in de "
        "tabel hieronder.",
        "en": "The mouse wheel scrolls the page; zoom with the + and − buttons at the top right of the map. "
        "The camera saves the map as a PNG with title and source. Everything the map shows is also in the "
        "table below.",
    },
    "mapview.table": {
        "nl": "Tabel bij de kaart ({n} gebieden, met CSV en Excel)",
        "en": "Table of the map ({n} areas, with CSV and Excel)",
    },
    "mapview.name": {"nl": "Naam", "en": "Name"},
    "mapview.rank": {"nl": "Rang (1 = hoogste)", "en": "Rank (1 = highest)"},
}
UX |= {
    "home.pick": {"nl": "Gemeente", "en": "Municipality"},
    "home.pick_placeholder": {"nl": "Typ of kies een gemeente…", "en": "Type or choose a municipality…"},
    "home.click": {
        "nl": "Klik op een gemeente om haar profiel te openen.",
        "en": "Click a municipality to open its profile.",
    },
}
