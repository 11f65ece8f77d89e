"""Opnamecapaciteit dashboard: entry point (`streamlit run app.py`).

The page registry is ``ui.layout.PAGES``; a page is registered only when its file exists.
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.firstrun import ensure_data_or_stop
from ui.i18n import t
from ui.layout import PAGES_DIR, language_toggle, registered_pages
from ui.look import apply_look

# No page_icon (see ui.layout.PAGES): the browser test asserts nothing is fetched from outside 127.0.0.1.
st.set_page_config(layout="wide", page_title="Opnamecapaciteit")
# Before any control: a fresh machine downloads the data here (progress bar), offline shows one message.
ensure_data_or_stop()
language_toggle()
apply_look()
pages = {
    url_path: st.Page(
        PAGES_DIR / filename, title=t(key), url_path=url_path, default=url_path == registered_pages()[0][1]
    )
    for filename, url_path, key in registered_pages()
}
current = st.navigation(list(pages.values()))

# ?page=<url_path> on any URL opens that page (a link that names the page as a parameter).
wanted = state.get_param("page")
if wanted and wanted in pages and wanted != current.url_path:
    rest = {k: v for k, v in st.query_params.to_dict().items() if k != "page"}
    st.switch_page(pages[wanted], query_params=rest)

current.run()
