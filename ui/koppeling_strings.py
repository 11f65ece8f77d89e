"""UI strings of the Koppeling (matching) page; ``ui.i18n`` merges them into the one catalogue."""

from __future__ import annotations

KOPPELING: dict[str, dict[str, str]] = {
    "koppeling.err_households": {
        "nl": "huishoudens moeten een heel getal van 0 tot {n} zijn",
        "en": "households must be a whole number from 0 to {n}",
    },
    "koppeling.err_persons": {
        "nl": "personen per huishouden moet minstens 1 zijn",
        "en": "persons per household must be at least 1",
    },
    "koppeling.err_children": {
        "nl": "kinderen per huishouden moet 0 of meer zijn en minder dan het aantal personen",
        "en": "children per household must be 0 or more and fewer than the persons",
    },
    "koppeling.note": {
        "nl": "Cohorten, aantallen en de woningformule zijn workshopvoorbeelden, geen gegevens. De uitkomstscore is een proxy uit CBS KWB 2024 (arbeidsmarkt voor volwassenen, schoolruimte voor kinderen), geen voorspelde uitkomst; alle gewichten zijn aannames en aanpasbaar. Personen per huishouden zijn verwachtingswaarden.",
        "en": "Cohorts, numbers and the dwellings formula are workshop examples, not data. The outcome score is a proxy from CBS KWB 2024, not a predicted outcome; all weights are assumptions and editable. Persons per household are expected values.",
    },
    "koppeling.dw.workshop": {
        "nl": "Workshopvoorbeeld: ⌈inwoners / 1.000 × 0,9⌉ + 2",
        "en": "Workshop example: ⌈inhabitants / 1,000 × 0.9⌉ + 2",
    },
    "koppeling.dw.proxy": {
        "nl": "Proxy: corporatiewoningen × mutatiegraad × aandeel statushouders (1 jaar)",
        "en": "Proxy: corporation stock × turnover × status-holder share (1 year)",
    },
    "koppeling.obj.outcome": {"nl": "Arbeidsmarkt (volwassenen) + schoolruimte (kinderen)", "en": "Labour + school"},
    "koppeling.obj.labour": {"nl": "Alleen arbeidsmarkt (volwassenen)", "en": "Labour market only (adults)"},
    "koppeling.obj.school": {"nl": "Alleen schoolruimte (kinderen)", "en": "School room only (children)"},
    "koppeling.m.hh": {"nl": "Huishoudens geplaatst", "en": "Households placed"},
    "koppeling.m.persons": {"nl": "Personen (verwacht)", "en": "Persons (expected)"},
    "koppeling.m.obj": {"nl": "Uitkomstscore", "en": "Outcome score"},
    "koppeling.m.gap": {"nl": "Afstand tot LP-grens", "en": "Gap to LP bound"},
    "koppeling.costs": {"nl": "Wat kosten de randvoorwaarden?", "en": "What do the constraints cost?"},
    "koppeling.costs_note": {
        "nl": "Schaduwprijzen uit de LP-relaxatie (HiGHS): lokale waarden, in eenheden van de uitkomstscore.",
        "en": "Shadow prices from the LP relaxation (HiGHS): local values, in outcome-score units.",
    },
    "koppeling.map": {"nl": "Kaart", "en": "Map"},
    "koppeling.mv.per1000": {"nl": "Personen per 1.000 inwoners", "en": "Persons per 1,000 inhabitants"},
    "koppeling.mv.diff": {"nl": "Verschil met de gewone sleutel (personen)", "en": "Difference vs plain key"},
    "koppeling.map_var": {"nl": "Toon op de kaart", "en": "Show on the map"},
    "koppeling.table": {"nl": "Plaatsing per gemeente", "en": "Placement per gemeente"},
    "koppeling.regions": {"nl": "Per regio", "en": "Per region"},
    "koppeling.layer": {"nl": "Regio-indeling", "en": "Region layer"},
    "koppeling.downloads": {"nl": "Downloads en delen", "en": "Downloads and sharing"},
    "koppeling.link_note": {
        "nl": "De link bewaart band, sleutel, woningbron, doel en de aantallen huishoudens van de drie workshopcohorten; eigen cohorten en gewichten niet.",
        "en": "The link keeps band, key, dwellings source, objective and the households of the three workshop cohorts; own cohorts and weights are not kept.",
    },
    "koppeling.intro": {
        "nl": "Welke huishoudens passen waar? Plaats cohorten (alleenstaanden, stellen, gezinnen) als hele huishoudens in gemeenten, binnen de woningen per gemeente en een eerlijkheidsband rond de verdeelsleutel, met de hoogste uitkomstscore (naar GeoMatch en Annie MOORE).",
        "en": "Which households fit where? Place cohorts as whole households in gemeenten within the dwellings per gemeente and a fairness band around the key, maximising an outcome score (after GeoMatch, Annie MOORE).",
    },
    "koppeling.cohorts": {"nl": "**Cohorten** (workshopvoorbeeld)", "en": "**Cohorts** (workshop example)"},
    "koppeling.band": {"nl": "Eerlijkheidsband B (personen binnen (1 ± B) × sleutelaandeel)", "en": "Fairness band B"},
    "koppeling.key": {"nl": "Verdeelsleutel", "en": "Allocation key"},
    "koppeling.dw": {"nl": "Woningen per gemeente", "en": "Dwellings per gemeente"},
    "koppeling.obj": {"nl": "Doel", "en": "Objective"},
    "koppeling.run": {"nl": "Koppeling berekenen", "en": "Compute matching"},
    "koppeling.col.region": {"nl": "Regio", "en": "Region"},
    "koppeling.link": {"nl": "Link naar deze weergave: ", "en": "Link to this view: "},
    "koppeling.dup": {"nl": "Een cohortnaam komt twee keer voor.", "en": "A cohort name appears twice."},
    "koppeling.none": {"nl": "Geef minstens één cohort op.", "en": "Give at least one cohort."},
    "koppeling.weights": {
        "nl": "Gewichten van de uitkomstscore (aannames)",
        "en": "Outcome-score weights (assumptions)",
    },
    "koppeling.solving": {"nl": "Bezig met optimaliseren…", "en": "Optimising…"},
    "koppeling.dw.proxy_note": {"nl": " — een benadering, geen telling.", "en": " — an estimate."},
    "koppeling.persons": {"nl": "personen", "en": "persons"},
    "koppeling.per1000": {"nl": "per 1.000", "en": "per 1,000"},
    "koppeling.too_many": {"nl": "Hoogstens {n} cohorten.", "en": "At most {n} cohorts."},
    "koppeling.c.name": {"nl": "Cohort", "en": "Cohort"},
    "koppeling.c.hh": {"nl": "Huishoudens", "en": "Households"},
    "koppeling.c.pp": {"nl": "Personen per huishouden", "en": "Persons per household"},
    "koppeling.c.ch": {"nl": "Kinderen per huishouden", "en": "Children per household"},
    "koppeling.infeasible": {
        "nl": "Geen plaatsing mogelijk: {e}. Verruim de band, kies meer woningen of plaats minder huishoudens.",
        "en": "No placement possible: {e}. Widen the band, choose more dwellings or place fewer households.",
    },
    "koppeling.failed": {"nl": "Kan niet berekenen: {e}", "en": "Cannot compute: {e}"},
    "koppeling.bad_row": {"nl": "Rij {i}: {e}", "en": "Row {i}: {e}"},
}
