"""Kaart (home): any indicator, load score or allocation result on gemeenten or a region layer."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from capacity.indicators import INHABITANTS
from geodata.regions import REGION_LAYER_IDS, get_layer
from geodata.sources import credit
from ui import data, state
from ui import scenario as sc
from ui.fmt import decimals_for, fmt_num
from ui.i18n import lang, t
from ui.layout import page_exists, page_header, plain
from ui.maps import (
    BOUNDARY_SOURCE,
    MapVariable,
    choropleth_figure,
    map_variables,
    region_values,
    selection_to_gemeente,
    selection_to_region,
    upload_credit,
    weight_label,
)
from ui.mapview import show_map

LAYERS = ("gemeente", *REGION_LAYER_IDS)
SCALES = ("linear", "quantile")
MAP_KEY = "kaart_map"
GOTO_KEY = "_kaart_goto"
CLICK_CTX_KEY = "_kaart_click_ctx"


def layer_label(layer_id: str) -> str:
    if layer_id == "gemeente":
        return t("layer.gemeente")
    layer = get_layer(layer_id)
    return layer.label_en if lang() == "en" else layer.label_nl


def gemeente_values(var: MapVariable, own: pd.DataFrame | None) -> tuple[pd.Series | None, str]:
    """Values per gemeentecode for ``var`` (``None`` when not available; message shown) and, for an
    allocation this page computed itself, the scenario it shows (for the PNG caption)."""
    if var.kind == "indicator":
        return data.indicators()[var.id], ""
    if var.kind == "score":
        return data.scores().scores[var.id], ""
    if var.kind == "own":
        return (None if own is None else own[var.id]), ""
    view = sc.scenario_view()
    sc.render_view_notice(view, lang())
    sc.sync_view_url(view)  # the link reopens this allocation, not the session's default
    if view.table is None:
        return None, ""
    return view.table["allocated"], sc.view_label(view, lang(), hint=False)


def map_frame(var: MapVariable, values: pd.Series, layer: str) -> pd.DataFrame:
    """``code``, ``naam``, ``value`` on the chosen level."""
    kwb = data.kwb()
    if layer == "gemeente":
        names = kwb.set_index("gemeentecode")["gemeentenaam"]
        return pd.DataFrame(
            {
                "code": names.index.astype(str),
                "naam": names.to_numpy(),
                "value": values.reindex(names.index).to_numpy(dtype=float),
            }
        )
    weights = kwb.set_index("gemeentecode")[var.weight_column if var.how == "mean" else INHABITANTS]
    return region_values(values, data.lookup(), layer, weights, var.how)


def _remember_click() -> None:
    """on_select callback: remember where a click should lead; the page switches at the top of the rerun."""
    selection = st.session_state.get(MAP_KEY)
    layer, codes = st.session_state.get(CLICK_CTX_KEY, ("gemeente", ()))
    if layer == "gemeente":
        code = selection_to_gemeente(selection, codes)
        st.session_state[GOTO_KEY] = ("gemeente", code) if code else None
    else:
        code = selection_to_region(selection, codes)
        st.session_state[GOTO_KEY] = ("regio", layer, code) if code else None


# --- page ------------------------------------------------------------------------------------------

goto = st.session_state.pop(GOTO_KEY, None)
if goto and goto[0] == "gemeente":
    st.switch_page("pages/gemeente.py", query_params={"gemeente": goto[1], "lang": lang()})
if goto and goto[0] == "regio" and page_exists("regios.py"):
    st.switch_page("pages/regios.py", query_params={"rlaag": goto[1], "ra": goto[2], "lang": lang()})

page_header(
    "page.kaart",
    intro=t("kaart.intro"),
)

own_values, own_vars = data.own_indicators()
variables = {**map_variables(), **own_vars}
var_ids = tuple(variables)
state.widget_from_url("kaart_var", "indicator", var_ids)
state.widget_from_url("kaart_layer", "layer", LAYERS)

state.widget_from_url("kaart_scale", "scale", SCALES)
col_var, col_layer, col_scale = st.columns([3, 1, 1])
var_id = col_var.selectbox(
    t("kaart.variable"),
    var_ids,
    key="kaart_var",
    format_func={k: v.label(lang()) for k, v in variables.items()}.__getitem__,
)
layer = col_layer.selectbox(
    t("kaart.layer"),
    LAYERS,
    key="kaart_layer",
    format_func={k: layer_label(k) for k in LAYERS}.__getitem__,
)
scale = col_scale.selectbox(
    t("kaart.scale"),
    SCALES,
    key="kaart_scale",
    format_func={
        "linear": t("kaart.linear"),
        "quantile": t("kaart.quantile"),
    }.__getitem__,
    help=t("kaart.scale_help"),
)
state.widget_to_url("kaart_scale", "scale")
state.widget_to_url("kaart_layer", "layer")
var = variables[var_id]
if var.kind == "own":  # an upload lives in this session only: a link cannot carry it
    st.session_state["_pref_kaart_var"] = var_id
    state.set_params(indicator=None)
else:
    state.widget_to_url("kaart_var", "indicator")

if var.kind != "allocation":
    sc.sync_view_url(None)  # no allocation on the map: no scenario parameters in the link
values, scenario_note = gemeente_values(var, own_values)
if values is not None:
    frame = map_frame(var, values, layer)
    unit = html.escape(var.unit(lang())) if var.kind == "own" else var.unit(lang())  # plotly reads tags
    fig = choropleth_figure(
        frame,
        data.geojson(layer),
        legend_title=unit,
        hover_unit=unit,
        rank_label=t("rank"),
        of_label=t("of"),
        colorscale=var.colorscale,
        decimals=decimals_for(frame["value"]),
        lang=lang(),
        scale=scale,
        no_value_label=t("kaart.no_value"),
    )
    st.session_state[CLICK_CTX_KEY] = (layer, tuple(frame["code"].astype(str)))
    layer_source = BOUNDARY_SOURCE if layer == "gemeente" else get_layer(layer).source_id
    sources = (*var.source_ids, layer_source)
    credit_line = credit(*sources, lang=lang())
    notes = [credit_line]
    if var.kind == "own":
        credit_line = f"{upload_credit(var, lang())} · {credit(layer_source, lang=lang())}"
        notes = [plain(upload_credit(var, lang())), credit(layer_source, lang=lang())]  # user text: inert
    if scenario_note:
        credit_line = f"{scenario_note} · {credit_line}"
    notes.append(t("kaart.rank_note"))
    missing = int(frame["value"].isna().sum())
    if missing:
        notes.append(
            t(
                "kaart.missing",
                n=fmt_num(missing, 0),
            )
        )
    if layer != "gemeente":
        how = (
            t("kaart.how_sum")
            if var.how == "sum"
            else t(
                "kaart.how_mean",
                w=weight_label(var.weight_column, lang()),
            )
        )
        notes.append(t("kaart.aggregation", how=how))
        if var.kind == "own":
            notes.append(t("kaart.own_weight"))
    title = f"{var.label(lang())} — {layer_label(layer)}"
    show_map(
        fig,
        frame,
        key=MAP_KEY,
        title=html.escape(title) if var.kind == "own" else title,
        caption=html.escape(credit_line) if var.kind == "own" else credit_line,
        value_label=var.label(lang()),
        decimals=decimals_for(frame["value"]),
        source_ids=sources,
        on_select=_remember_click,
        notes=notes,
    )
