"""Map building blocks, free of streamlit so they can be unit-tested and reused.

* ``region_values``: gemeente values → region values (weighted mean for rates/shares, sum for counts).
* ``rank_desc`` (``capacity.regions``): rank 1 = highest value, the rank shown in hovers.
* ``choropleth_figure``: an offline-safe ``go.Choroplethmap`` (``map_style="white-bg"``: no tiles, no CDN).
* ``selection_to_gemeente``: the click on a map → gemeente code (or ``None``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from capacity.indicators import INHABITANTS, region_weight_label
from capacity.regions import aggregate
from capacity.regions import indicator_profile as indicator_profile  # re-exported for pages
from capacity.regions import rank_desc as rank_desc
from capacity.variables import ALLOCATION_VARIABLE, SCORE_VARIABLES, Variable, indicator_variables
from ui.fmt import MISSING, fmt_column, fmt_num

Aggregation = Literal["mean", "sum"]
ColourScale = Literal["linear", "quantile"]
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
POPULATION = INHABITANTS

#: Fill of areas without a value (light grey, distinct from the lightest colour of every scale).
MISSING_COLOUR = "#d0d0d0"

#: View of the Netherlands for a ~650 px high map (WGS84 degrees).
NL_CENTER = {"lat": 52.16, "lon": 5.35}
NL_ZOOM = 6.3


def region_values(
    values: pd.Series,
    lookup: pd.DataFrame,
    layer: str,
    weights: pd.Series,
    how: Aggregation = "mean",
) -> pd.DataFrame:
    """Region value per code of ``layer`` from gemeente ``values`` (indexed by ``gemeentecode``).

    Delegates to ``capacity.regions.aggregate``: ``how="mean"`` is the mean weighted by ``weights``
    (over gemeenten with a value), ``how="sum"`` the sum (NaN if a member lacks a value). Returns
    ``code``, ``naam``, ``value``, ``n_gemeenten``.
    """
    if how not in ("mean", "sum"):
        raise ValueError(f"unknown aggregation {how!r}")
    table = pd.to_numeric(values, errors="coerce").astype(float).to_frame("value")
    kind = {"counts": ["value"]} if how == "sum" else {"rates": ["value"]}
    agg = aggregate(table, lookup, layer, weights.astype(float), **kind)
    return pd.DataFrame(
        {
            "code": agg.index.astype(str),
            "naam": agg["naam"].astype(str).to_numpy(),
            "value": agg["value"].to_numpy(dtype=float),
            "n_gemeenten": agg["n_gemeenten"].to_numpy(dtype=int),
        }
    )


def selection_to_gemeente(selection_state: Any, codes: Sequence[str] | None = None) -> str | None:
    """The gemeente code a map click selected, or ``None`` (no click, a region, unknown code).

    Accepts the object ``st.plotly_chart(on_select="rerun")`` returns (attribute or dict access).
    The code is read from the point's ``location``, else ``customdata[0]``, else ``point_index`` into
    ``codes`` (the trace's locations in order).
    """
    points = _points(selection_state)
    if not points:
        return None
    point = points[0]
    if not isinstance(point, Mapping):
        return None
    candidates: list[object] = [point.get("location")]
    custom = point.get("customdata")
    if isinstance(custom, (list, tuple)) and custom:
        candidates.append(custom[0])
    elif isinstance(custom, str):
        candidates.append(custom)
    idx = point.get("point_index", point.get("point_number"))
    if codes is not None and isinstance(idx, int) and not isinstance(idx, bool) and 0 <= idx < len(codes):
        candidates.append(codes[idx])
    allowed = set(codes) if codes is not None else None
    for cand in candidates:
        if isinstance(cand, str) and GEMEENTE_CODE.match(cand.strip().upper()):
            code = cand.strip().upper()
            if allowed is None or code in allowed:
                return code
    return None


def selection_to_region(selection_state: Any, codes: Sequence[str]) -> str | None:
    """The region code a map click selected on a region layer, or ``None``; only ``codes`` are accepted."""
    points = _points(selection_state)
    if not points or not isinstance(points[0], Mapping):
        return None
    point = points[0]
    custom = point.get("customdata")
    idx = point.get("point_index", point.get("point_number"))
    candidates = [point.get("location"), custom[0] if isinstance(custom, (list, tuple)) and custom else None]
    if isinstance(idx, int) and not isinstance(idx, bool) and 0 <= idx < len(codes):
        candidates.append(codes[idx])
    allowed = set(codes)
    return next((c for c in candidates if isinstance(c, str) and c in allowed), None)


def _points(selection_state: Any) -> list:
    if selection_state is None:
        return []
    selection = _get(selection_state, "selection")
    if selection is None:
        return []
    points = _get(selection, "points")
    return list(points) if isinstance(points, Iterable) and not isinstance(points, (str, bytes)) else []


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def choropleth_figure(
    frame: pd.DataFrame,
    geojson: dict | str,
    *,
    legend_title: str,
    hover_unit: str = "",
    rank_label: str = "rang",
    of_label: str = "van",
    colorscale: str = "YlOrRd",
    decimals: int = 1,
    lang: str = "nl",
    height: int = 650,
    scale: ColourScale = "linear",
    no_value_label: str = "geen waarde",
) -> go.Figure:
    """Choropleth of ``frame`` (``code``, ``naam``, ``value``) on ``geojson`` features whose ``id`` is the code.

    Hover: name, formatted value with unit and rank. Values are pre-formatted in Python so the Dutch
    number format does not depend on the browser's locale. No tiles (``white-bg``): renders offline.
    ``scale="quantile"`` colours by percentile rank (so a few very high values do not wash out the rest)
    while the colour bar is labelled with the real values at the 0/25/50/75/100 % quantiles.
    Areas without a value get a second, grey trace (plotly would leave them blank, which reads as "0"
    or as a missing boundary); the main trace stays ``fig.data[0]``.
    """
    data = frame.reset_index(drop=True)
    ranks = rank_desc(data["value"]).to_numpy(dtype=float)
    n_ranked = int(np.isfinite(ranks).sum())
    value_txt = fmt_column(data["value"], decimals, lang)
    unit_txt = f" {hover_unit}" if hover_unit and not hover_unit.startswith("%") else hover_unit
    of_n = f"{of_label} {fmt_num(n_ranked, 0, lang)}"
    rank_txt = [f"{rank_label} {r} {of_n}" if r != MISSING else "" for r in fmt_column(ranks, 0, lang)]
    codes = data["code"].astype(str).to_numpy()
    custom = np.column_stack([codes, data["naam"].astype(str), value_txt, rank_txt])
    values = data["value"].to_numpy(dtype=float)
    colorbar: dict[str, Any] = {
        "title": {"text": legend_title, "side": "right"},
        "thickness": 14,
        "len": 0.8,
        "separatethousands": True,
    }
    z = values
    if scale == "quantile" and np.isfinite(values).sum() >= 2:
        z = 100.0 * (data["value"].rank(pct=True, method="average").to_numpy(dtype=float))
        ticks = np.array([0.0, 25.0, 50.0, 75.0, 100.0])
        colorbar |= {
            "tickvals": np.clip(ticks, np.nanmin(z), 100.0).tolist(),
            "ticktext": fmt_column(np.nanquantile(values, ticks / 100), decimals, lang),
        }
    line = {"width": 0.4, "color": "rgba(60,60,60,0.6)"}
    traces: list[dict[str, Any]] = [
        {
            "type": "choroplethmap",
            "geojson": geojson,
            "featureidkey": "id",
            "locations": codes.tolist(),
            "z": z,
            "customdata": custom,
            "colorscale": colorscale,
            "marker": {"line": line, "opacity": 0.9},
            "colorbar": colorbar,
            "hovertemplate": f"<b>%{{customdata[1]}}</b><br>%{{customdata[2]}}{unit_txt}<br>%{{customdata[3]}}"
            "<extra></extra>",
        }
    ]
    missing = ~np.isfinite(values)
    if missing.any():
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": _subset(geojson, set(codes[missing])),
                "featureidkey": "id",
                "locations": codes[missing].tolist(),
                "z": np.zeros(int(missing.sum())),
                "customdata": custom[missing],
                "showscale": False,
                "colorscale": [[0.0, MISSING_COLOUR], [1.0, MISSING_COLOUR]],
                "zmin": 0,
                "zmax": 1,
                "marker": {"line": line, "opacity": 0.9},
                "hovertemplate": f"<b>%{{customdata[1]}}</b><br>{no_value_label}<extra></extra>",
            }
        )
    # One validated construction from plain dicts: update_layout after the fact re-validates and
    # deep-copies the whole figure (≈ 15 ms a map, on every rerun).
    return go.Figure(
        {
            "data": traces,
            "layout": {
                "template": MAP_TEMPLATE,
                "map": {"style": "white-bg", "center": NL_CENTER, "zoom": NL_ZOOM},
                "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
                "height": height,
                "separators": ",." if lang == "nl" else ".,",
                "clickmode": "event+select",
            },
        }
    )


#: The few template settings a map uses. Plotly's default template (≈ 6.5 KB of axis, polar and scene
#: defaults) would travel with every map; Streamlit's theme styles the rest.
MAP_TEMPLATE = go.layout.Template(
    data={"choroplethmap": [go.Choroplethmap(colorbar={"outlinewidth": 0, "ticks": ""})]},
    layout={"hoverlabel": {"align": "left"}},
)


def _subset(geojson: dict | str, codes: set[str]) -> dict | str:
    """Only the features of ``codes``: each trace ships its own copy of embedded geometry to the browser
    (geometry named by URL is fetched once, whatever the trace)."""
    if isinstance(geojson, str):
        return geojson
    return {**geojson, "features": [f for f in geojson["features"] if f.get("id") in codes]}


# --- what can be put on the map ---------------------------------------------------------------------

KWB_SOURCE = "cbs_kwb_2024"
BOUNDARY_SOURCE = "cartomap_gemeente_2025_rd"


MapVariable = Variable  # the one variable registry (capacity.variables); the name pages know


def own_variable(
    column_id: str, table_name: str, filename: str, label: str, unit: str, direction: int, peildatum: str
) -> MapVariable:
    """Map variable for one uploaded indicator column (``ui.userdata``): labelled as own data, no CBS source.

    Regions average it weighted by inhabitants — an assumption, since the upload's denominator is unknown.
    """
    return MapVariable(
        column_id,
        f"Eigen data: {label} ({table_name})",
        f"Own data: {label} ({table_name})",
        unit,
        unit,
        "own",
        how="mean",
        decimals=1,
        colorscale="YlOrRd" if direction == 1 else "Blues",
        source_ids=(),
        upload=(table_name, filename, peildatum),
    )


def upload_credit(var: MapVariable, lang: str = "nl") -> str:
    """The source line of an uploaded variable, in place of the CBS credit: file, table, peildatum, caveat."""
    table, filename, peildatum = var.upload
    if lang == "en":
        return (
            f"Source: own upload {filename or table} (table {table}) — reference date "
            f"{peildatum or 'not given'} — own upload, not checked by CBS"
        )
    return (
        f"Bron: eigen upload {filename or table} (tabel {table}) — peildatum {peildatum or 'niet opgegeven'} "
        "— eigen upload, niet door CBS gecontroleerd"
    )


def map_variables() -> dict[str, MapVariable]:
    """Every map variable by id: indicators, then scores, then the allocation result."""
    return {v.id: v for v in (*indicator_variables(), *SCORE_VARIABLES, ALLOCATION_VARIABLE)}


def weight_label(column: str, lang: str = "nl") -> str:
    return region_weight_label(column, lang)


# --- gemeente profile -----------------------------------------------------------------------------


def locator_figure(
    geojson: dict | str,
    codes: Sequence[str],
    names: Sequence[str],
    selected: str,
    center: dict[str, float],
    zoom: float = 7.6,
    height: int = 300,
) -> go.Figure:
    """Small offline map: every gemeente light grey, ``selected`` in the house colour, centred on it."""
    z = [1.0 if c == selected else 0.0 for c in codes]
    trace = go.Choroplethmap(
        geojson=geojson,
        featureidkey="id",
        locations=list(codes),
        z=z,
        text=list(names),
        colorscale=[[0.0, "#e6e6e6"], [1.0, "#01689b"]],
        zmin=0,
        zmax=1,
        showscale=False,
        marker={"line": {"width": 0.5, "color": "rgba(80,80,80,0.7)"}},
        hovertemplate="%{text}<extra></extra>",
    )
    fig = go.Figure(trace)
    fig.update_layout(
        template=MAP_TEMPLATE,
        map={"style": "white-bg", "center": center, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
    )
    return fig
