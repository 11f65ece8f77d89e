"""Eigen data: upload a per-gemeente CSV/XLSX, see what matched, give columns a meaning and a role.

Thin page: the widgets and handlers live in ``ui.upload``; parsing and validation in
``geodata.importer``. Tables stay in this browser session only (``ui.userdata``).
"""

from __future__ import annotations

from ui import upload
from ui.layout import page_header

page_header(
    "page.eigen_data",
    intro=upload._tr(
        "intro",
        "Voeg eigen cijfers per gemeente toe (bijv. COA-bezetting, taakstelling en realisatie, SES-WOA, "
        "wachtlijsten). Ze worden alleen in deze sessie bewaard. Oude gemeentecodes (herindelingen sinds 2018) "
        "worden omgezet en gemeld.",
        "Add your own figures per gemeente (e.g. COA occupancy, target and realisation, SES-WOA, waiting lists). "
        "They are kept in this session only. Old gemeente codes (mergers since 2018) are converted and reported.",
    ),
)
upload.render_upload()
upload.render_report()
upload.render_configure()
upload.render_tables()
