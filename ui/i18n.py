"""Dutch-first UI strings with an English toggle.

``t(key)`` looks the key up in ``STRINGS``; pages may pass ``default=`` (Dutch) and ``en=`` for their own
keys, so nobody has to edit this file to add a label. Unknown keys never raise.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from ui.koppeling_strings import KOPPELING
from ui.prognose_strings import PROGNOSE
from ui.ux_strings import UX

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")
SESSION_KEY = "lang"

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"nl": "Opnamecapaciteit", "en": "Reception capacity"},
    "lang.label": {"nl": "Taal", "en": "Language"},
    "page.kaart": {"nl": "Kaart", "en": "Map"},
    "page.gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "page.regios": {"nl": "Regio's vergelijken", "en": "Compare regions"},
    "page.richtgetal": {"nl": "Richtgetal", "en": "Allocation target"},
    "page.prognose": {"nl": "Prognose", "en": "Forecast"},
    "page.koppeling": {"nl": "Koppeling", "en": "Matching"},
    "page.eigen_data": {"nl": "Eigen data", "en": "Own data"},
    "page.methode": {"nl": "Methode & bronnen", "en": "Method & sources"},
    "data.not_found": {
        "nl": "De brondata zijn niet gevonden en konden niet automatisch worden opgehaald (geen internet?). "
        "Gezocht in: {folders}. Twee uitwegen: (1) zet de omgevingsvariabele CAPACITY_DATA_DIR op een map met "
        "de data-mirror en start opnieuw, of (2) kopieer een mirror met `python -m geodata fetch --from MAP` "
        "(een map of een http(s)-adres; zonder `--from` vanaf de bron, internet nodig). Details: {detail}",
        "en": "The source data were not found and could not be downloaded automatically (no internet?). "
        "Searched: {folders}. Two ways out: (1) set the environment variable CAPACITY_DATA_DIR to a data mirror "
        "folder and restart, or (2) copy a mirror with `python -m geodata fetch --from DIR` (a folder or an "
        "http(s) address; without `--from` from upstream, needs internet). Details: {detail}",
    },
    "data.first_use": {
        "nl": "Eerste gebruik: {n} bronbestanden ({size}) worden opgehaald van {origin} en gecontroleerd "
        "(sha256). Nu: {current}",
        "en": "First use: downloading and verifying (sha256) {n} source files ({size}) from {origin}. Now: {current}",
    },
    "data.checksum": {
        "nl": "Een bronbestand is beschadigd of gewijzigd (controlegetal klopt niet). Haal het opnieuw op met "
        "`python -m geodata fetch` en controleer met `python -m geodata check`. Details: {detail}",
        "en": "A source file is damaged or changed (checksum mismatch). Fetch it again with "
        "`python -m geodata fetch` and verify with `python -m geodata check`. Details: {detail}",
    },
    "data.error": {
        "nl": "De data konden niet worden geladen: {detail}",
        "en": "The data could not be loaded: {detail}",
    },
    "module.unavailable": {
        "nl": "Dit onderdeel is nog niet beschikbaar ({detail}).",
        "en": "This part is not available yet ({detail}).",
    },
    "state.invalid": {
        "nl": "Linkparameter '{name}' met waarde '{value}' is ongeldig en wordt genegeerd.",
        "en": "Link parameter '{name}' with value '{value}' is invalid and is ignored.",
    },
    "layer.gemeente": {"nl": "Gemeenten", "en": "Municipalities"},
    "score.housing_load": {"nl": "Druk op wonen (score)", "en": "Housing load (score)"},
    "score.education_load": {"nl": "Druk op onderwijs (score)", "en": "Education load (score)"},
    "score.integration_load": {"nl": "Druk op integratie (score)", "en": "Integration load (score)"},
    "score.total_load": {"nl": "Totale druk (score)", "en": "Total load (score)"},
    "score.unit": {"nl": "score", "en": "score"},
    "alloc.allocated": {"nl": "Toegewezen aantal (richtgetal)", "en": "Allocated number (target)"},
    "alloc.unit": {"nl": "personen", "en": "persons"},
    "rank": {"nl": "rang", "en": "rank"},
    "of": {"nl": "van", "en": "of"},
    "scenario.failed": {
        "nl": "Het richtgetal-scenario kan niet worden berekend: {e}",
        "en": "The target scenario cannot be computed: {e}",
    },
    "scenario.ignored": {"nl": "Linkparameter genegeerd: {p}", "en": "Link parameter ignored: {p}"},
    "scenario.json_bad": {
        "nl": "Het scenariobestand is niet geladen: {e}. Het vorige scenario blijft staan.",
        "en": "The scenario file was not loaded: {e}. The previous scenario is kept.",
    },
    "scenario.amount_total": {"nl": "{n} personen", "en": "{n} persons"},
    "scenario.amount_corridor": {
        "nl": "corridor {lo}–{hi} personen (bovengrens getoond)",
        "en": "corridor {lo}–{hi} persons (upper end shown)",
    },
    "scenario.label": {"nl": "{origin}: {amount}, sleutel {keyname}", "en": "{origin}: {amount}, key {keyname}"},
    "scenario.origin.default": {"nl": "standaardscenario", "en": "default scenario"},
    "scenario.origin.url": {"nl": "scenario uit de link", "en": "scenario from the link"},
    "scenario.origin.richtgetal": {
        "nl": "scenario van de pagina Richtgetal",
        "en": "scenario of the Richtgetal page",
    },
    "scenario.adjust_hint": {
        "nl": " — pas aan op de pagina Richtgetal",
        "en": " — adjust it on the Richtgetal page",
    },
    "scenario.unlimited": {"nl": "onbegrensd", "en": "unlimited"},
    "scenario.hint_floor": {"nl": "Verlaag het minimum per gemeente.", "en": "Lower the floor per gemeente."},
    "scenario.hint_cap": {
        "nl": "Verhoog het maximum per gemeente of per 1.000 inwoners.",
        "en": "Raise the cap per gemeente or per 1,000 inhabitants.",
    },
    "scenario.infeasible": {
        "nl": "Deze minimum- en maximumwaarden passen niet bij het totaal: de minima tellen op tot {floors}, "
        "de maxima tot {caps}, en het totaal is {total}. {hint}",
        "en": "These floors and caps cannot meet the total: the floors add up to {floors}, the caps to {caps}, "
        "and the total is {total}. {hint}",
    },
    "example.col_step": {"nl": "stap", "en": "step"},
    "example.col_value": {"nl": "waarde", "en": "value"},
    "example.step_share": {"nl": "aandeel volgens de sleutel", "en": "share by the key"},
    "example.step_quota": {"nl": "× totaal {total} = quotum", "en": "× total {total} = quota"},
    "example.step_allocated": {"nl": "afgerond = toegewezen (personen)", "en": "rounded = allocated (persons)"},
}
STRINGS.update(UX)  # the home page / map view / accessibility strings (one dict, ui.ux_strings)
STRINGS.update(KOPPELING)  # the Koppeling page (ui.koppeling_strings)
STRINGS.update(PROGNOSE)  # the Prognose page (ui.prognose_strings)


def lang() -> Lang:
    """Current UI language: session state, then the ``lang`` query parameter, then Dutch."""
    try:
        value = st.session_state.get(SESSION_KEY)
        if value not in LANGS:
            value = st.query_params.get(SESSION_KEY)
    except Exception:  # no Streamlit runtime (plain unit tests, scripts)
        value = None
    return value if value in LANGS else "nl"


def t(key: str, default: str | None = None, *, en: str | None = None, lang_: Lang | None = None, **fmt: object) -> str:
    """Translate ``key``; unknown keys fall back to ``default`` (or ``en`` in English), else the key itself."""
    code = lang_ or lang()
    entry = STRINGS.get(key)
    if entry is not None:
        text = entry.get(code) or entry.get("nl") or key
    elif code == "en" and en is not None:
        text = en
    else:
        text = default if default is not None else key
    if fmt:
        try:
            text = text.format(**fmt)
        except (KeyError, IndexError, ValueError):
            pass
    return text


def label(obj: object, field: str = "label") -> str:
    """``obj.label_nl`` / ``obj.label_en`` by language (registries carry both)."""
    code = lang()
    return str(getattr(obj, f"{field}_{code}", None) or getattr(obj, f"{field}_nl", "") or "")
