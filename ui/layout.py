"""Shared page chrome: language toggle, page title, source line under figures."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from geodata.sources import credit
from ui.app_shell import ensure_app_shell
from ui.i18n import LANGS, SESSION_KEY, lang, t

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"
#: Every page of the app: (file under pages/, url_path, i18n title key); the first one is home and lives
#: at the root URL. app.py registers a page only when its file exists, so the app runs while pages are
#: being written. No icons: Streamlit turns a page's material icon into a favicon fetched from
#: fonts.gstatic.com, which fails offline.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("overzicht.py", "overzicht", "page.overzicht"),
    ("kaart.py", "kaart", "page.kaart"),
    ("gemeente.py", "gemeente", "page.gemeente"),
    ("regios.py", "regios", "page.regios"),
    ("richtgetal.py", "richtgetal", "page.richtgetal"),
    ("prognose.py", "prognose", "page.prognose"),
    ("koppeling.py", "koppeling", "page.koppeling"),
    ("eigen_data.py", "eigen-data", "page.eigen_data"),
    ("methode.py", "methode", "page.methode"),
)


WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:/|@\w")
_MD_SPECIAL = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def plain(text: object, limit: int | None = None) -> str:
    """User-supplied text (URL values, file names, cell text, JSON values) made inert for Streamlit's
    Markdown: every ASCII punctuation character is backslash-escaped (CommonMark allows that for all of
    them), so links, images, HTML, emphasis, LaTeX, ``:color[...]`` and emoji codes show as typed.
    Line breaks become spaces; ``limit`` truncates first (with an ellipsis). GFM turns bare ``http://…``,
    ``www.…`` and e-mail addresses into links *after* escapes are resolved, so an invisible word joiner
    (U+2060) is put inside those patterns as well."""
    value = " ".join(str(text).split())
    if limit is not None and len(value) > limit:
        value = value[:limit] + "…"
    value = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + WORD_JOINER + m.group(0)[-1], value)
    return _MD_SPECIAL.sub(r"\\\1", value)


def registered_pages() -> tuple[tuple[str, str, str], ...]:
    """The entries of ``PAGES`` whose file exists."""
    return tuple(p for p in PAGES if (PAGES_DIR / p[0]).is_file())


def registered_paths() -> list[str]:
    return [p[1] for p in registered_pages()]


_LANG_LABELS = {"nl": "Nederlands", "en": "English"}


LANG_PREF_KEY = "_lang_pref"  # plain (non-widget) copy of the choice: survives page switches


def _on_lang_change() -> None:
    st.query_params["lang"] = st.session_state[SESSION_KEY]
    st.session_state[LANG_PREF_KEY] = st.session_state[SESSION_KEY]


def _sync_lang_param() -> None:
    """Keep ``lang`` in the URL on every page (the sidebar navigation drops query parameters), and say so
    when a link carried an unknown language instead of leaving it in the address bar."""
    raw = st.query_params.get("lang")
    current = next(
        (v for v in (st.session_state.get(SESSION_KEY), st.session_state.get(LANG_PREF_KEY)) if v in LANGS), lang()
    )
    if raw is not None and raw not in LANGS:
        st.warning(t("state.invalid", name="lang", value=plain(raw, 64)))
        st.query_params["lang"] = current
    elif raw is not None and raw != current or raw is None and current != "nl":
        st.query_params["lang"] = current


def language_toggle() -> None:
    """Sidebar radio for nl/en; the choice lives in session state and in the ``lang`` URL parameter."""
    if st.session_state.get(SESSION_KEY) not in LANGS:  # widget state can be dropped on a page switch
        raw, pref = st.query_params.get("lang"), st.session_state.get(LANG_PREF_KEY)
        st.session_state[SESSION_KEY] = raw if raw in LANGS else pref if pref in LANGS else lang()
    st.session_state[LANG_PREF_KEY] = st.session_state[SESSION_KEY]
    _sync_lang_param()
    st.sidebar.radio(
        t("lang.label"),
        LANGS,
        key=SESSION_KEY,
        format_func=_LANG_LABELS.__getitem__,
        horizontal=True,
        on_change=_on_lang_change,
    )


def page_header(title_key: str, *, intro: str | None = None) -> None:
    """Page title (translated) plus an optional one-line introduction; re-writes ``lang`` into the URL
    (``st.navigation`` clears query parameters on a page switch, after ``language_toggle`` ran)."""
    ensure_app_shell()
    _sync_lang_param()
    st.title(t(title_key))
    if intro:
        st.caption(intro)


def source_caption(*source_ids: str) -> None:
    """The 'Bron: … — peildatum … — licentie …' line required under every figure."""
    try:
        st.caption(credit(*source_ids, lang=lang()))
    except KeyError as exc:
        st.caption(t("data.error", detail=str(exc)))


def page_exists(filename: str) -> bool:
    """True when ``pages/<filename>`` exists (pages are registered only then)."""
    return (PAGES_DIR / filename).is_file()


def link_to_page(filename: str, title_key: str, icon: str | None = None) -> None:
    """``st.page_link`` to another page, silently skipped while that page does not exist yet."""
    if page_exists(filename):
        st.page_link(f"pages/{filename}", label=t(title_key), icon=icon)
