"""Translation lookup: known keys per language, tolerant fallbacks for unknown keys."""

from __future__ import annotations

from ui.i18n import STRINGS, t


def test_known_key_in_both_languages():
    assert t("page.kaart", lang_="nl") == "Kaart"
    assert t("page.kaart", lang_="en") == "Map"


def test_every_string_has_dutch_and_english():
    incomplete = [k for k, v in STRINGS.items() if not v.get("nl") or not v.get("en")]
    assert incomplete == []


def test_unknown_key_falls_back_to_default_then_key():
    assert t("nope.key", "Standaard", lang_="nl") == "Standaard"
    assert t("nope.key", "Standaard", en="Default", lang_="en") == "Default"
    assert t("nope.key", "Standaard", lang_="en") == "Standaard"  # no English given: Dutch default
    assert t("nope.key", lang_="nl") == "nope.key"


def test_format_arguments_and_broken_templates():
    assert t("state.invalid", lang_="nl", name="gemeente", value="X") == (
        "Linkparameter 'gemeente' met waarde 'X' is ongeldig en wordt genegeerd."
    )
    # a placeholder without an argument must not raise
    assert t("x", "Hallo {naam}", lang_="nl", other=1) == "Hallo {naam}"


def test_lang_defaults_to_dutch_without_runtime():
    from ui.i18n import lang

    assert lang() == "nl"
