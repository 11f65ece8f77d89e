"""Drawing a choropleth on a page: the map itself (no scroll zoom, client-side PNG export with title and
source line inside the image), a top/bottom-10 ranking beside it and the full table with CSV/XLSX below
(the table alternative for people who cannot use the map, WCAG 2.1 criterion 1.1.1).

Pure figure building stays in ``ui.maps``; this module only renders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui.export import table_downloads
from ui.fmt import fmt_num
from ui.i18n import lang, t
from ui.layout import plain
from ui.maps import rank_desc

#: Plotly's own modebar texts in Dutch (plotly looks them up by the English text). The last two are
#: what the client-side PNG export says while busy and when it fails: a short Dutch line, never a dump.
PLOTLY_NL: dict[str, str] = {
    "Download plot as a png": "Kaart downloaden als PNG (met titel en bron)",
    "Download plot": "Kaart downloaden",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
    "Reset view": "Beginbeeld",
    "Pan": "Verschuiven",
    "Box Select": "Rechthoek selecteren",
    "Lasso Select": "Lasso selecteren",
    "Reset": "Herstellen",
    "Autoscale": "Automatisch schalen",
    "Reset axes": "Assen herstellen",
    "Zoom": "Zoomen",
    "Produced with Plotly.js": "Gemaakt met Plotly.js",
    "Taking snapshot - this may take a few seconds": "PNG wordt gemaakt…",
    "Snapshot succeeded": "PNG gedownload",
    "Sorry, there was a problem downloading your snapshot!": (
        "Downloaden lukte niet. Probeer het opnieuw of maak een schermafbeelding."
    ),
}


TEXT_COLOUR = "#262730"


def safe_filename(text: str) -> str:
    """A file name stem from a label: lowercase letters, digits, ``_`` and ``-`` only."""
    stem = re.sub(r"[^a-z0-9_-]+", "_", text.lower()).strip("_")
    return stem[:80] or "kaart"


def map_config(filename: str, *, select: bool = False) -> dict[str, Any]:
    """Plotly config of every map: the wheel scrolls the page (zoom with the +/- buttons), the camera
    button exports a PNG in the browser (offline, no server-side renderer) named ``filename``."""
    config: dict[str, Any] = {
        "scrollZoom": False,
        "displaylogo": False,
        "displayModeBar": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"] if not select else ["lasso2d"],
        "toImageButtonOptions": {"format": "png", "filename": safe_filename(filename), "scale": 2},
    }
    if lang() == "nl":
        config["locale"] = "nl"
        config["locales"] = {"nl": {"dictionary": PLOTLY_NL}}
    return config


def titled(fig: go.Figure, title: str, caption: str) -> go.Figure:
    """The map with its title on top and the source line at the bottom, so an exported PNG carries both."""
    top = 44
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.99, "yanchor": "top", "font": {"size": 16}},
        margin={"l": 0, "r": 0, "t": top, "b": 34},
        font={"color": TEXT_COLOUR},  # not Streamlit's grey #808495 (3.7:1 on white): WCAG 1.4.3 needs 4.5:1
        annotations=[
            *fig.layout.annotations,
            {
                "text": caption,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yshift": -30,
                "yanchor": "bottom",
                "showarrow": False,
                "xanchor": "left",
                "align": "left",
                "font": {"size": 10, "color": "#333333"},
            },
        ],
    )
    return fig


def _wrap(caption: str, width: int = 130) -> str:
    """Source lines are long: break them (plotly text takes ``<br>``) so they fit in the image."""
    words, lines, line = caption.split(" "), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines[:3])


def ranking_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (``code``, ``naam``, ``value``) with ``rang`` (1 = highest), sorted by rank then name."""
    out = frame[["code", "naam", "value"]].copy()
    out["value"] = pd.to_numeric(out["value"], errors="coerce").round(6)  # CPU-independent ties
    out["rang"] = rank_desc(out["value"])
    return out.sort_values(["rang", "naam"], na_position="last", kind="mergesort").reset_index(drop=True)


def _ranking_text(rows: pd.DataFrame, decimals: int) -> str:
    lines = [
        f"{int(r.rang)}. {r.naam} — {fmt_num(r.value, decimals)}"
        for r in rows.itertuples(index=False)
        if r.rang == r.rang
    ]
    return "  \n".join(_md(line) for line in lines)


def _md(text: str) -> str:
    return plain(text)


def show_map(
    fig: go.Figure,
    frame: pd.DataFrame,
    *,
    key: str,
    title: str,
    caption: str,
    value_label: str,
    decimals: int,
    source_ids: Sequence[str] = (),
    on_select: Callable[[], None] | None = None,
    ranking: bool = True,
    table: bool = True,
    notes: Sequence[str] = (),
) -> None:
    """The map with a top/bottom-10 ranking beside it, ``notes`` (source line etc.) under it, and the table
    (+ CSV/XLSX) of what it shows below that."""
    titled(fig, title, _wrap(caption))
    fig.update_layout(height=(fig.layout.height or 650) + 78)
    config = map_config(title, select=on_select is not None)
    kwargs: dict[str, Any] = {"key": key, "config": config}
    if on_select is not None:
        kwargs |= {"on_select": on_select, "selection_mode": "points"}
    ranked = ranking_frame(frame)
    valued = ranked[ranked["rang"].notna()]
    if ranking and len(valued) >= 20:
        col_map, col_rank = st.columns([5, 2])
        with col_map:
            st.plotly_chart(fig, **kwargs)
        with col_rank:
            st.markdown(f"**{t('mapview.top', n=10)}**")
            st.markdown(_ranking_text(valued.head(10), decimals))
            st.markdown(f"**{t('mapview.bottom', n=10)}**")
            st.markdown(_ranking_text(valued.tail(10), decimals))
    else:
        st.plotly_chart(fig, **kwargs)
    for note in notes:  # Markdown; the caller makes user text inert
        st.caption(note)
    st.caption(t("mapview.keyboard"))
    if table:
        with st.expander(t("mapview.table", n=fmt_num(len(frame), 0))):
            shown = ranked.rename(columns={"code": "Code", "naam": t("mapview.name"), "value": value_label})
            shown = shown.rename(columns={"rang": t("mapview.rank")})
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                column_config={
                    value_label: st.column_config.NumberColumn(value_label, format="localized"),
                    t("mapview.rank"): st.column_config.NumberColumn(t("mapview.rank"), format="%d"),
                },
            )
            table_downloads(
                shown,
                basename=safe_filename(title),
                key=f"{key}_table",
                source_ids=tuple(source_ids),
                decimals={value_label: decimals},
            )
