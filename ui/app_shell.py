"""The one workaround for Streamlit's legacy ``pages/`` mode, kept apart so it is easy to find and drop.

Why: the page folder is called ``pages/`` (the design keeps that name). On a fresh server Streamlit then
starts in its *legacy* multipage mode and runs a deep-linked page (a shared link such as
``/richtgetal?key=norway``) on its own — without ``app.py``'s navigation, language toggle and data check —
until some session has called ``st.navigation``. :func:`ensure_app_shell` switches the process to
``st.navigation`` mode and reruns, so ``app.py`` draws the shell around the requested page.

Tested in a real browser: ``tests/test_browser.py`` opens a shared link on a freshly started server and
expects the navigation and the language toggle. Remove this module when Streamlit no longer starts in
legacy mode for a ``pages/`` folder next to an ``st.navigation`` entry point (or the folder is renamed).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_shell() -> None:
    """Leave legacy ``pages/`` mode once per process (rerun into ``app.py``); a no-op afterwards."""
    # Only a served app has the problem. AppTest resets the flag before every run on purpose and runs on a
    # mock Runtime; rerunning there would swallow the widget event of the run.
    served = Runtime.exists() and type(Runtime.instance()) is Runtime
    if PagesManager.uses_pages_directory and served:
        PagesManager.uses_pages_directory = False
        st.rerun()
