"""Shareable URL state: an allow-list of plain query parameters (never pickled session state).

Each parameter is one ``Param`` entry in ``PARAMS``: its type, its allowed values (a fixed tuple or a
callable returning them, for sets known only at runtime such as the 342 gemeente codes) or numeric
range, and a default. Other modules add their own with ``register_param(...)`` at import time.
Invalid values in a link are ignored with a Dutch warning, never executed or trusted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from capacity.urlparams import Choices, Kind, Param
from geodata.regions import REGION_LAYER_IDS
from ui.data import gemeente_codes
from ui.i18n import t
from ui.layout import plain
from ui.maps import map_variables

__all__ = ["PARAMS", "Choices", "Kind", "Param", "get_param", "register_param", "set_params", "validate"]


PARAMS: dict[str, Param] = {}


def register_param(
    name: str,
    kind: Kind = "choice",
    *,
    choices: Choices = None,
    lo: float | None = None,
    hi: float | None = None,
    default: Any = None,
    doc: str = "",
) -> Param:
    """Add (or replace, idempotently on rerun) one allowed URL parameter."""
    param = Param(name, kind, choices, lo, hi, default, doc)
    PARAMS[name] = param
    return param


def validate(name: str, raw: object) -> Any:
    """Pure check of one raw value: typed value, or ``ValueError``/``KeyError`` (unknown parameter)."""
    if name not in PARAMS:
        raise KeyError(f"unknown URL parameter {name!r}")
    return PARAMS[name].parse(raw)


def _warn_once(name: str, raw: object) -> None:
    seen = st.session_state.setdefault("_url_warned", [])
    token = f"{name}={raw}"
    if token not in seen:
        seen.append(token)
        st.warning(t("state.invalid", name=plain(name), value=plain(raw, 64)))


def get_param(name: str) -> Any:
    """Validated value from the URL, else the parameter's default (with a warning if it was invalid)."""
    param = PARAMS[name]
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return param.default
    try:
        return param.parse(raw)
    except ValueError:
        _warn_once(name, raw)
        return param.default


def clean_params(params: dict[str, object]) -> dict[str, str]:
    """Validated string form of ``params`` for a URL; ``None`` values are dropped; raises on bad values."""
    out: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        param = PARAMS.get(name)
        if param is None:
            raise KeyError(f"unknown URL parameter {name!r}")
        out[name] = param.render(param.parse(param.render(value)))
    return out


def set_params(**kw: object) -> None:
    """Write validated values into the URL (``None`` removes a parameter); invalid ones are skipped."""
    for name, value in kw.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
            continue
        try:
            rendered = clean_params({name: value})[name]
        except (KeyError, ValueError):
            _warn_once(name, value)
            continue
        if st.query_params.get(name) != rendered:
            st.query_params[name] = rendered


# --- the core parameters ----------------------------------------------------------------------------

PAGE_PATHS: tuple[str, ...] = (
    "overzicht",
    "kaart",
    "gemeente",
    "regios",
    "richtgetal",
    "prognose",
    "koppeling",
    "eigen-data",
    "methode",
)


def _gemeente_codes() -> tuple[str, ...]:
    return gemeente_codes()


def _indicator_ids() -> tuple[str, ...]:
    return tuple(map_variables())


def _layer_ids() -> tuple[str, ...]:
    return ("gemeente", *REGION_LAYER_IDS)


register_param("lang", choices=("nl", "en"), default="nl", doc="UI language")
register_param("page", choices=PAGE_PATHS, default=None, doc="page to open (url path)")
register_param("gemeente", choices=_gemeente_codes, default=None, doc="CBS code GMxxxx")
register_param("indicator", choices=_indicator_ids, default="total_load", doc="map variable")
register_param("layer", choices=_layer_ids, default="gemeente", doc="map level")
register_param("scale", choices=("linear", "quantile"), default="linear", doc="map colour scale")


# --- two-way binding between a widget and a URL parameter -------------------------------------------


def widget_from_url(
    key: str, param: str, options: Iterable[object] | None = None, *, fallback_first: bool = True
) -> None:
    """Before drawing widget ``key``: take a new value from the URL (a shared link), else keep the widget's
    own value, else the value chosen earlier in this session, else the parameter's default.

    A URL value is applied only when it differs from the last one seen, so the user's own changes are
    not overwritten by the parameter this page wrote on the previous run.
    """
    allowed = None if options is None else list(options)
    seen_key, pref_key = f"_url_seen_{key}", f"_pref_{key}"
    raw = st.query_params.get(param)
    if raw is not None and raw != st.session_state.get(seen_key):
        st.session_state[seen_key] = raw
        value = get_param(param)
        if value is not None and (allowed is None or value in allowed):
            st.session_state[key] = value
            return
    if key in st.session_state and (allowed is None or st.session_state[key] in allowed):
        return
    for candidate in (st.session_state.get(pref_key), PARAMS[param].default):
        if candidate is not None and (allowed is None or candidate in allowed):
            st.session_state[key] = candidate
            return
    if allowed and fallback_first:
        st.session_state[key] = allowed[0]


def widget_to_url(key: str, param: str) -> None:
    """After drawing widget ``key``: write its value to the URL and remember it for this session."""
    value = st.session_state.get(key)
    st.session_state[f"_pref_{key}"] = value
    set_params(**{param: value})
    st.session_state[f"_url_seen_{key}"] = st.query_params.get(param)
