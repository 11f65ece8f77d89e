"""Opnamecapaciteit dashboard: entry point (`streamlit run app.py`).

Registers every page whose file exists, so the app runs while pages are still being written.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import state
from ui.i18n import t
from ui.layout import language_toggle

ROOT = Path(__file__).resolve().parent

#: (file under pages/, url_path, i18n key, icon); the first entry is the home page.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("kaart.py", "kaart", "page.kaart", ":material/map:"),
    ("gemeente.py", "gemeente", "page.gemeente", ":material/location_city:"),
    ("regios.py", "regios", "page.regios", ":material/compare:"),
    ("richtgetal.py", "richtgetal", "page.richtgetal", ":material/calculate:"),
    ("prognose.py", "prognose", "page.prognose", ":material/trending_up:"),
    ("eigen_data.py", "eigen-data", "page.eigen_data", ":material/upload_file:"),
    ("methode.py", "methode", "page.methode", ":material/menu_book:"),
)


def build_pages() -> dict[str, st.Page]:
    pages: dict[str, st.Page] = {}
    for filename, url_path, key, icon in PAGES:
        path = ROOT / "pages" / filename
        if path.is_file():
            pages[url_path] = st.Page(
                path, title=t(key), icon=icon, url_path=url_path, default=url_path == "kaart"
            )
    return pages


st.set_page_config(layout="wide", page_title="Opnamecapaciteit", page_icon=":material/map:")
language_toggle()
pages = build_pages()
current = st.navigation(list(pages.values()))

# ?page=<url_path> on the home URL opens that page (links built before the path was known).
wanted = state.get_param("page")
if wanted and wanted in pages and pages[wanted] is not current:
    rest = {k: v for k, v in st.query_params.to_dict().items() if k != "page"}
    st.switch_page(pages[wanted], query_params=rest)

current.run()
