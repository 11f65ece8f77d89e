"""The data gate of the app shell: first-use download with a progress bar, or the one no-data message.

``app.py`` calls :func:`ensure_data_or_stop` before it draws any control. With data present it costs
a few ``stat`` calls. On a fresh machine it downloads the registered originals (``geodata.ondemand``)
with an ``st.progress`` bar naming the files and the size, then the run simply continues. When that
fails (offline, no mirror) the page shows one message in the UI language and stops.
"""

from __future__ import annotations

import streamlit as st

from geodata import ondemand
from geodata.paths import DataNotFoundError
from ui.app_shell import ensure_app_shell
from ui.fmt import fmt_num
from ui.i18n import t


def no_data_message(exc: DataNotFoundError) -> None:
    """The single no-data message: folders searched and the two ways out, in the UI language."""
    searched = getattr(exc, "searched", None) or ondemand.searched_dirs()
    detail = getattr(exc, "detail", None) or str(exc)
    st.error(t("data.not_found", folders=", ".join(f"`{p}`" for p in searched), detail=detail))


def _size(n_bytes: int) -> str:
    return f"{fmt_num(n_bytes / 1e6, 1)} MB"


def ensure_data_or_stop() -> None:
    """Make sure the raw data are there before the page draws anything; else explain and stop."""
    try:
        todo = ondemand.plan()
        if todo is not None:
            _download(todo)
    except DataNotFoundError as exc:
        _stop_with(exc)


def _stop_with(exc: DataNotFoundError) -> None:
    """Only the message: a one-page navigation (no menu), so Streamlit does not fall back to listing
    ``pages/`` in the sidebar (its legacy mode when the entry point never calls ``st.navigation``)."""

    ensure_app_shell()  # a fresh server starts in that legacy mode; leave it first (reruns once)

    def no_data() -> None:
        no_data_message(exc)

    st.navigation([st.Page(no_data, title="Opnamecapaciteit")]).run()  # one page: no menu
    st.stop()


def _download(todo: ondemand.Plan) -> None:
    total = max(todo.total_bytes, 1)
    names = {s.id: s.path.rsplit("/", 1)[-1] for s in todo.sources}
    done = 0

    def text(current: str) -> str:
        return t(
            "data.first_use",
            n=len(todo.sources),
            size=_size(todo.total_bytes),
            origin=todo.origin_label,
            current=f"{current} ({_size(done)})",
        )

    bar = st.progress(0.0, text=text(names[todo.sources[0].id]))

    def on_bytes(source_id: str, n: int) -> None:
        nonlocal done
        done += n
        bar.progress(min(done / total, 1.0), text=text(names[source_id]))

    try:
        ondemand.ensure_data(progress=False, on_bytes=on_bytes)
    finally:
        bar.empty()
