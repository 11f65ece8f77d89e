"""Dutch-first UI strings with an English toggle: one catalogue, one lookup.

Every user-facing string lives in ``ui/strings.toml`` under a key (``page.kaart``, ``richtgetal.intro``)
with a Dutch and an English text; pages call ``t(key, **fmt)``. To add a string, add a table there — the
tests check that every key has both languages and that every key a page uses exists.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from string import Formatter
from typing import Literal

import streamlit as st

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")
SESSION_KEY = "lang"
CATALOGUE = Path(__file__).with_name("strings.toml")


def _load(path: Path = CATALOGUE) -> dict[str, dict[str, str]]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    return {str(k): {str(lang): str(text) for lang, text in v.items()} for k, v in raw.items()}


STRINGS: dict[str, dict[str, str]] = _load()


def lang() -> Lang:
    """Current UI language: session state, then the ``lang`` query parameter, then Dutch."""
    try:
        value = st.session_state.get(SESSION_KEY)
        if value not in LANGS:
            value = st.query_params.get(SESSION_KEY)
    except Exception:  # no Streamlit runtime (plain unit tests, scripts)
        value = None
    return "en" if value == "en" else "nl"


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a catalogue text."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(text) if name}


def t(
    key: str, default: str | None = None, /, *, lang_: Lang | None = None, en: str | None = None, **fmt: object
) -> str:
    """The text of ``key`` in the current language, formatted with ``fmt``.

    A key missing from the catalogue shows ``default``/``en`` (only while a new string waits for its
    catalogue entry; the tests reject both in pages) or else the key itself — never an exception, and a
    template whose placeholders are not all given is returned unformatted.
    """
    code = lang_ or lang()
    entry = STRINGS.get(key)
    if entry is not None:
        text = entry.get(code) or entry.get("nl") or key
    elif code == "en" and en is not None:
        text = en
    else:
        text = default if default is not None else key
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError, AttributeError):
        return text


def label(obj: object, field: str = "label") -> str:
    """``obj.label_nl`` / ``obj.label_en`` by language (registries carry both)."""
    code = lang()
    return str(getattr(obj, f"{field}_{code}", None) or getattr(obj, f"{field}_nl", "") or "")
