"""Eigen data: upload a per-gemeente CSV/XLSX, see what matched, give columns a meaning and a role.

Thin page: the widgets and handlers live in ``ui.upload``; parsing and validation in
``geodata.importer``. Tables stay in this browser session only (``ui.userdata``).
"""

from __future__ import annotations

from ui import upload
from ui.i18n import t
from ui.layout import page_header

page_header(
    "page.eigen_data",
    intro=t("eigen.intro"),
)
upload.render_upload()
upload.render_report()
upload.render_configure()
upload.render_tables()
