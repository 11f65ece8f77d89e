"""Shared page chrome: language toggle, page title, source line under figures."""

from __future__ import annotations

import streamlit as st

from geodata.sources import credit
from ui.i18n import LANGS, SESSION_KEY, lang, t

_LANG_LABELS = {"nl": "Nederlands", "en": "English"}


def _on_lang_change() -> None:
    st.query_params["lang"] = st.session_state[SESSION_KEY]


def language_toggle() -> None:
    """Sidebar radio for nl/en; the choice lives in session state and in the ``lang`` URL parameter."""
    if st.session_state.get(SESSION_KEY) not in LANGS:
        st.session_state[SESSION_KEY] = lang()
    st.sidebar.radio(
        t("lang.label"),
        LANGS,
        key=SESSION_KEY,
        format_func=_LANG_LABELS.__getitem__,
        horizontal=True,
        on_change=_on_lang_change,
    )


def page_header(title_key: str, default: str | None = None, *, en: str | None = None, intro: str | None = None) -> None:
    """Page title (translated) plus an optional one-line introduction."""
    st.title(t(title_key, default, en=en))
    if intro:
        st.caption(intro)


def source_caption(*source_ids: str) -> None:
    """The 'Bron: … — peildatum … — licentie …' line required under every figure."""
    try:
        st.caption(credit(*source_ids))
    except KeyError as exc:
        st.caption(t("data.error", detail=str(exc)))
