"""The only place that caches data for the dashboard (``st.cache_data`` / ``st.cache_resource``).

Loaders from ``geodata`` are wrapped so that a missing or damaged mirror becomes a clear Dutch
``st.error`` with the fix, followed by ``st.stop()``, instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

import geodata
from geodata.cache import ChecksumMismatchError
from geodata.paths import DataNotFoundError
from ui.firstrun import no_data_message
from ui.i18n import t

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


def geojson(layer: str = "gemeente") -> dict:
    """Browser-ready GeoJSON of ``gemeente`` or a region layer id; feature ids are the codes."""
    return guarded(_geojson, layer)


@st.cache_data(show_spinner=False)
def _indicators() -> pd.DataFrame:
    from capacity.indicators import compute_indicators

    return compute_indicators(geodata.load_kwb(2024))


def indicators() -> pd.DataFrame:
    """Raw indicator values, index ``gemeentecode``, one column per registered indicator."""
    return guarded(_indicators)


def _config_key(config: object) -> str:
    return "default" if config is None else repr(config)


@st.cache_data(show_spinner=False, max_entries=16)
def _scores(key: str, _config: object) -> Any:
    from capacity.scoring import compute_scores

    return compute_scores(geodata.load_kwb(2024), config=_config, lookup=geodata.load_region_lookup())


def scores(config: object = None) -> Any:
    """Scoring result (``.scores`` with ``*_load`` and ``rank_*`` columns) for ``config``."""
    return guarded(_scores, _config_key(config), config)


@st.cache_data(show_spinner=False, max_entries=4)
def _uncertainty(key: str, _config: object, n: int) -> Any:
    from capacity.uncertainty import run_uncertainty

    return run_uncertainty(geodata.load_kwb(2024), _config, n=n, lookup=geodata.load_region_lookup())


def uncertainty(config: object = None, n: int = 1000) -> Any:
    """Rank intervals from the uncertainty analysis (cached per config and ``n``)."""
    return guarded(_uncertainty, _config_key(config), config, n)


@st.cache_data(show_spinner=False, max_entries=64)
def _similar(code: str, k: int) -> pd.DataFrame:
    from capacity.similar import similar_gemeenten

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
    from ui.maps import own_variable
    from ui.userdata import columns_with_role, extra_indicators, indicator_column_id

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


@dataclass(frozen=True)
class ScenarioView:
    """The allocation a page shows: the Richtgetal page's result, else one computed here.

    ``origin``: ``session`` (result of the Richtgetal page), ``richtgetal`` (that page's scenario, no
    result stored), ``url`` (scenario parameters in the link) or ``default`` (``ui.scenario.Scenario()``).
    """

    table: pd.DataFrame | None
    origin: str
    scenario: Any = None
    error: str = ""
    problems: tuple[str, ...] = ()


def scenario_view() -> ScenarioView:
    """The session's scenario result when the Richtgetal page computed one; otherwise the scenario of
    this session or link (default when none) computed with ``ui.scenario.compute_scenario`` (~10 ms)."""
    result = st.session_state.get("scenario_result")
    if isinstance(result, pd.DataFrame) and "allocated" in result.columns:
        return ScenarioView(result, "session")
    from ui import scenario as sc

    problems: list[str] = []
    if isinstance(st.session_state.get(sc.STATE_KEY), Mapping):
        scenario, origin = sc.current(), "richtgetal"
    else:
        scenario, problems = sc.scenario_from_params(st.query_params.to_dict())
        origin = "default" if scenario == sc.Scenario().validated() else "url"
    try:
        table = _compute_scenario(scenario)
    except (ValueError, KeyError) as exc:  # infeasible bounds, bad key parameters: say why, no crash
        return ScenarioView(None, origin, scenario, str(exc.args[0] if exc.args else exc), tuple(problems))
    return ScenarioView(table, origin, scenario, "", tuple(problems))


def _compute_scenario(scenario: Any) -> pd.DataFrame:
    """Same inputs as the Richtgetal page: uploads (``ui.scenario.session_compute_kwargs``) and the load
    scores for the ``capacity`` key."""
    from ui import scenario as sc

    frame = kwb()
    load = scores(None).scores["total_load"] if "capacity" in (scenario.key, scenario.key_b) else None
    session_kwargs = getattr(sc, "session_compute_kwargs", None)
    if session_kwargs is not None:
        kwargs = session_kwargs(scenario, pd.Index(frame["gemeentecode"]))
    else:  # older ui.scenario without the shared helper: SES-WOA and pledges only
        from ui.userdata import pledges, ses_woa

        ses = ses_woa()
        kwargs = {
            "extra": None if ses is None else pd.DataFrame({"ses_woa": ses}),
            "pledges": pledges() if scenario.use_pledges else None,
        }
    return sc.compute_scenario(scenario, frame, load=load, **kwargs).table


_ORIGIN_LABELS: dict[str, tuple[str, str]] = {
    "default": ("standaardscenario", "default scenario"),
    "url": ("scenario uit de link", "scenario from the link"),
    "richtgetal": ("scenario van de pagina Richtgetal", "scenario of the Richtgetal page"),
}


def scenario_label(view: ScenarioView, lang: str = "nl", *, hint: bool = True) -> str:
    """'standaardscenario: 30.000 personen, sleutel … — pas aan op de pagina Richtgetal' (numbers from
    the Scenario object); empty for the Richtgetal page's own result."""
    from ui import scenario as sc
    from ui.fmt import fmt_num

    s = view.scenario
    if s is None or view.origin not in _ORIGIN_LABELS:
        return ""
    en = lang == "en"
    origin = _ORIGIN_LABELS[view.origin][1 if en else 0]
    preset = sc.key_preset(s.key)
    key = sc.key_label(preset, lang) if preset is not None else s.key
    persons = "persons" if en else "personen"
    if s.mode == "corridor":
        amount = f"corridor {fmt_num(s.low, 0, lang)}–{fmt_num(s.high, 0, lang)} {persons} " + (
            "(upper end shown)" if en else "(bovengrens getoond)"
        )
    else:
        amount = f"{fmt_num(s.total, 0, lang)} {persons}"
    text = f"{origin}: {amount}, {'key' if en else 'sleutel'} {key}"
    if not hint:
        return text
    return text + (" — adjust it on the Richtgetal page" if en else " — pas aan op de pagina Richtgetal")
