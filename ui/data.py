"""The only place that caches data for the dashboard (``st.cache_data`` / ``st.cache_resource``).

Loaders from ``geodata`` are wrapped so that a missing or damaged mirror becomes a clear Dutch
``st.error`` with the fix, followed by ``st.stop()``, instead of a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

import geodata
from capacity.indicators import compute_indicators
from capacity.scoring import compute_scores
from capacity.similar import similar_gemeenten
from capacity.uncertainty import run_uncertainty
from geodata.cache import ChecksumMismatchError
from geodata.paths import DataNotFoundError
from ui.firstrun import no_data_message
from ui.i18n import t
from ui.maps import own_variable
from ui.userdata import columns_with_role, extra_indicators, indicator_column_id

T = TypeVar("T")

#: Douglas-Peucker tolerance in degrees (≈ 0.0005° ≈ 35–55 m): invisible at country zoom.
SIMPLIFY_DEG = 0.0005
#: Coordinate decimals sent to the browser: 3 decimals ≈ 70–110 m, an order of magnitude finer than the
#: boundary files' own vertex spacing (median ≈ 2.4 km, 10th percentile ≈ 1.2 km: cartomap simplifies).
COORD_DECIMALS = 3


def guarded(fn: Callable[..., T], *args: Any) -> T:
    """Call a loader; turn data-layer errors into a Dutch message and stop the page."""
    try:
        return fn(*args)
    except DataNotFoundError as exc:
        no_data_message(exc)
    except ChecksumMismatchError as exc:
        st.error(t("data.checksum", detail=str(exc)))
    except (OSError, ValueError, KeyError) as exc:
        st.error(t("data.error", detail=str(exc)))
    st.stop()
    raise RuntimeError("unreachable")  # st.stop raises; keeps type checkers happy


@st.cache_data(show_spinner=False)
def _kwb(year: int) -> pd.DataFrame:
    return geodata.load_kwb(year)


@st.cache_data(show_spinner=False)
def _gemeenten(year: int) -> gpd.GeoDataFrame:
    return geodata.load_gemeenten(year)


@st.cache_data(show_spinner=False)
def _regions(layer: str) -> gpd.GeoDataFrame:
    return geodata.load_regions(layer)


@st.cache_data(show_spinner=False)
def _lookup() -> pd.DataFrame:
    return geodata.load_region_lookup()


def kwb(year: int = 2024) -> pd.DataFrame:
    """CBS key figures per gemeente (342 rows)."""
    return guarded(_kwb, year)


def gemeenten(year: int = 2025) -> gpd.GeoDataFrame:
    return guarded(_gemeenten, year)


def regions(layer: str) -> gpd.GeoDataFrame:
    return guarded(_regions, layer)


def lookup() -> pd.DataFrame:
    """Gemeente → region codes/names for the six layers."""
    return guarded(_lookup)


@st.cache_data(show_spinner=False)
def gemeente_codes() -> tuple[str, ...]:
    return tuple(kwb()["gemeentecode"].astype(str))


def names() -> pd.DataFrame:
    """``gemeentecode`` + ``gemeentenaam`` of the 2025 gemeenten (the search input)."""
    return gemeenten()[["gemeentecode", "gemeentenaam"]].reset_index(drop=True)


def browser_geojson(frame: gpd.GeoDataFrame, code_col: str) -> dict:
    """Small GeoJSON for plotly: simplified, rounded, feature ``id`` = region code (pure, no cache).

    Every map sends this to the browser, so it carries only what plotly draws: ``id`` and geometry
    (no properties, no bbox: hover text travels in the trace's ``customdata``); the 342 gemeenten take
    ≈ 0.1 MB (with properties and 4 decimals ≈ 0.18 MB).
    """
    geoms = shapely.simplify(frame.geometry.to_numpy(), SIMPLIFY_DEG, preserve_topology=True)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, COORD_DECIMALS))
    features = [
        {"type": "Feature", "id": code, "geometry": shapely.geometry.mapping(geom)}
        for code, geom in zip(frame[code_col].astype(str).to_numpy(), geoms, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


@st.cache_data(show_spinner=False)
def _geojson(layer: str) -> dict:
    if layer == "gemeente":
        return browser_geojson(geodata.load_gemeenten(2025), "gemeentecode")
    return browser_geojson(geodata.load_regions(layer), "code")


#: Served by Streamlit at ``app/static/geo/`` (``server.enableStaticServing``); generated, git-ignored.
STATIC_GEO_DIR = Path(__file__).resolve().parents[1] / "static" / "geo"
STATIC_GEO_URL = "app/static/geo"


@st.cache_resource(show_spinner=False)
def _geojson_url(layer: str) -> str | None:
    """Write the layer's GeoJSON once per process as a static file named by its content hash.

    A map that names its geometry by URL sends ≈ 20 KB per rerun instead of ≈ 140 KB, and plotly no
    longer deep-copies and re-serialises 6,000 vertices on every rerun; the browser fetches the file
    once (plotly keeps fetched geometry by URL) from this same server, so it works offline. Returns
    ``None`` where the folder cannot be written (read-only install): the maps then embed the geometry.
    """
    text = json.dumps(_geojson(layer), separators=(",", ":"))
    name = f"{layer}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.geojson"
    target = STATIC_GEO_DIR / name
    try:
        if not target.is_file():
            STATIC_GEO_DIR.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
    except OSError:
        return None
    return f"{STATIC_GEO_URL}/{name}"


def geojson(layer: str = "gemeente") -> dict | str:
    """Browser-ready geometry of ``gemeente`` or a region layer id (feature ids are the codes): the URL
    of its static file when the server serves one (``streamlit run``), else the GeoJSON itself."""
    if st.get_option("server.enableStaticServing") and st.runtime.exists():
        url = guarded(_geojson_url, layer)
        if url is not None:
            return url
    return guarded(_geojson, layer)


@st.cache_data(show_spinner=False)
def _indicators() -> pd.DataFrame:
    return compute_indicators(geodata.load_kwb(2024))


def indicators() -> pd.DataFrame:
    """Raw indicator values, index ``gemeentecode``, one column per registered indicator."""
    return guarded(_indicators)


def _config_key(config: object) -> str:
    return "default" if config is None else repr(config)


@st.cache_data(show_spinner=False, max_entries=16)
def _scores(key: str, _config: object) -> Any:
    return compute_scores(geodata.load_kwb(2024), config=_config, lookup=geodata.load_region_lookup())


def scores(config: object = None) -> Any:
    """Scoring result (``.scores`` with ``*_load`` and ``rank_*`` columns) for ``config``."""
    return guarded(_scores, _config_key(config), config)


@st.cache_data(show_spinner=False, max_entries=4)
def _uncertainty(key: str, _config: object, n: int) -> Any:
    return run_uncertainty(geodata.load_kwb(2024), _config, n=n, lookup=geodata.load_region_lookup())


def uncertainty(config: object = None, n: int = 1000) -> Any:
    """Rank intervals from the uncertainty analysis (cached per config and ``n``)."""
    return guarded(_uncertainty, _config_key(config), config, n)


@st.cache_data(show_spinner=False, max_entries=64)
def _similar(code: str, k: int) -> pd.DataFrame:
    return similar_gemeenten(geodata.load_kwb(2024), code, k=k)


def similar(code: str, k: int = 5) -> pd.DataFrame:
    """The ``k`` gemeenten most alike ``code`` (capacity.similar)."""
    return guarded(_similar, code, k)


# --- session inputs other pages produce (uploads, scenario) ------------------------------------------


def own_indicators() -> tuple[pd.DataFrame | None, dict[str, Any]]:
    """Uploaded indicator columns (``ui.userdata``) on all 342 gemeenten (NaN where the upload has no
    value) and one ``ui.maps.MapVariable`` per column; ``(None, {})`` when nothing was uploaded.

    Not cached: uploads live in this session only and are small.
    """
    values = extra_indicators()
    if values is None:
        return None, {}
    variables = {}
    for table, col in columns_with_role("indicator"):
        meta = table.meta[col]
        cid = indicator_column_id(table.name, col)
        variables[cid] = own_variable(
            cid, table.name, table.filename, meta.label, meta.unit, meta.direction, meta.peildatum
        )
    return values.reindex(pd.Index(gemeente_codes(), name="gemeentecode")), variables
