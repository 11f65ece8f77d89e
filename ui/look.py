"""Page-wide look: contrast (WCAG 2.1 AA), compact layout for 1024×640 projectors, the print stylesheet,
presenter mode (``?presentatie=1``) and ``<html lang>`` per UI language. Called once by app.py."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import lang

#: Body text colour; Streamlit's faded grey (#808495, 3.7:1 on white) fails WCAG 1.4.3 (needs 4.5:1).
TEXT = "#262730"
MUTED = "#4b4e58"  # 8.1:1 on white

BASE_CSS = f"""
<style>
/* Room for content at 1024×640: less empty space above the title, a narrower sidebar. */
[data-testid="stMainBlockContainer"] {{ padding-top: 2.2rem; padding-bottom: 3rem; }}
@media (max-width: 1100px) {{
  [data-testid="stMainBlockContainer"] {{ padding-left: 1.5rem; padding-right: 1.5rem; }}
  section[data-testid="stSidebar"] {{ width: 230px !important; min-width: 230px !important; }}
}}
/* Contrast: captions, metric labels, widget help and placeholders in a dark grey, not #808495. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: {MUTED} !important; }}
[data-testid="stMetricLabel"] * {{ color: {MUTED}; }}
[data-baseweb="select"] [aria-hidden="true"], input::placeholder, textarea::placeholder {{ color: {MUTED} !important; }}
/* Long labels wrap instead of being cut off with an ellipsis. */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
[data-testid="stMetricValue"] {{ font-size: 1.9rem; }}
[data-testid="stCheckbox"] label, [data-testid="stCheckbox"] label * {{ white-space: normal !important; }}
[data-testid="stWidgetLabel"], [data-testid="stWidgetLabel"] * {{ white-space: normal !important; }}
[data-baseweb="select"] > div > div:first-child {{ white-space: normal !important; overflow: visible !important; }}
[data-baseweb="select"] > div > div:first-child * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
/* Keyboard focus always visible (WCAG 2.4.7). */
a:focus-visible, button:focus-visible, [tabindex]:focus-visible, input:focus-visible {{
  outline: 3px solid #01689b !important; outline-offset: 2px;
}}
/* Print (and "Save as PDF"): content only, no sidebar, menus, buttons or modebar; charts whole on a page. */
@media print {{
  section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], .modebar-container, [data-testid="stDownloadButton"],
  [data-testid="stBaseButton-secondary"], [data-testid="stFileUploader"], [data-testid="stTextInput"],
  [data-testid="stExpanderToggleIcon"], .no-print {{ display: none !important; }}
  [data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: 100% !important; }}
  [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ overflow: visible !important; position: static; }}
  .js-plotly-plot, [data-testid="stPlotlyChart"], [data-testid="stMetric"], table {{ break-inside: avoid; }}
  h1, h2, h3 {{ break-after: avoid; }}
  body, p, li, td, th {{ color: #000 !important; }}
  a {{ color: #000 !important; text-decoration: underline; }}
}}
</style>
"""

#: Presenter mode: one key figure per screen for a workshop on a projector.
PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {
  display: none !important;
}
html, body, [data-testid="stMain"] { font-size: 22px; }
[data-testid="stMain"] { background: #ffffff; color: #000000; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2rem !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.25rem; color: #000000; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: #1a1a1a !important; font-size: 1rem; }
.presenter-figure { font-size: 5.5rem; font-weight: 700; line-height: 1.05; color: #01689b; }
.presenter-label { font-size: 1.8rem; font-weight: 600; color: #000000; }
</style>
"""

state.register_param("presentatie", "bool", default=False, doc="presenter mode: large type, no sidebar")


def presenting() -> bool:
    """``?presentatie=1`` (or the session's toggle) turns presenter mode on."""
    return bool(state.get_param("presentatie"))


def apply_look() -> None:
    """Inject the page-wide CSS and set ``<html lang>`` to the UI language (WCAG 3.1.1)."""
    st.html(BASE_CSS)
    if presenting():
        st.html(PRESENTER_CSS)
    st.html(
        f"<script>document.documentElement.lang = {lang()!r};</script>",
        unsafe_allow_javascript=True,
    )
