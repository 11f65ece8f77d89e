"""Kaart (home): any indicator, load score or allocation result on gemeenten or a region layer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geodata.regions import REGION_LAYER_IDS, get_layer
from geodata.sources import credit
from ui import data, state
from ui.fmt import decimals_for
from ui.i18n import lang, t
from ui.layout import link_to_page, page_header, source_caption
from ui.maps import (
    BOUNDARY_SOURCE,
    MapVariable,
    choropleth_figure,
    map_variables,
    png_figure,
    region_values,
    selection_to_gemeente,
    weight_label,
)

LAYERS = ("gemeente", *REGION_LAYER_IDS)
MAP_KEY = "kaart_map"
GOTO_KEY = "_kaart_goto"


def layer_label(layer_id: str) -> str:
    if layer_id == "gemeente":
        return t("layer.gemeente")
    layer = get_layer(layer_id)
    return layer.label_en if lang() == "en" else layer.label_nl


def gemeente_values(var: MapVariable) -> pd.Series | None:
    """Values per gemeentecode for ``var``; ``None`` when they are not available (message shown)."""
    if var.kind == "indicator":
        return data.indicators()[var.id]
    if var.kind == "score":
        try:
            return data.scores().scores[var.id]
        except ImportError as exc:
            st.info(t("module.unavailable", detail=str(exc)))
            return None
    result = st.session_state.get("scenario_result")
    if not isinstance(result, pd.DataFrame) or "allocated" not in result.columns:
        st.info(t("kaart.no_scenario", "Er is nog geen richtgetal-scenario berekend. Stel er een in op de pagina "
                  "Richtgetal; daarna toont deze kaart de toewijzing per gemeente.",
                  en="No target scenario has been computed yet. Set one on the Richtgetal page; this map then "
                  "shows the allocation per municipality."))
        link_to_page("richtgetal.py", "page.richtgetal", ":material/calculate:")
        return None
    return result["allocated"]


def map_frame(var: MapVariable, values: pd.Series, layer: str) -> pd.DataFrame:
    """``code``, ``naam``, ``value`` on the chosen level."""
    kwb = data.kwb()
    if layer == "gemeente":
        names = kwb.set_index("gemeentecode")["gemeentenaam"]
        return pd.DataFrame({"code": names.index.astype(str), "naam": names.to_numpy(),
                             "value": values.reindex(names.index).to_numpy(dtype=float)})
    weights = kwb.set_index("gemeentecode")[var.weight_column if var.how == "mean" else "aantal_inwoners"]
    return region_values(values, data.lookup(), layer, weights, var.how)


def _remember_click() -> None:
    codes = data.gemeente_codes()
    st.session_state[GOTO_KEY] = selection_to_gemeente(st.session_state.get(MAP_KEY), codes)


# --- page ------------------------------------------------------------------------------------------

goto = st.session_state.pop(GOTO_KEY, None)
if goto:
    st.switch_page("pages/gemeente.py", query_params={"gemeente": goto, "lang": lang()})

page_header("page.kaart", intro=t(
    "kaart.intro", "Kies wat de kaart toont en op welk niveau. Klik op een gemeente om haar profiel te openen.",
    en="Choose what the map shows and at which level. Click a municipality to open its profile."))

variables = map_variables()
var_ids = tuple(variables)
state.widget_from_url("kaart_var", "indicator", var_ids)
state.widget_from_url("kaart_layer", "layer", LAYERS)

col_var, col_layer = st.columns([3, 1])
var_id = col_var.selectbox(t("kaart.variable", "Wat toont de kaart?", en="What does the map show?"), var_ids,
                           key="kaart_var", format_func={k: v.label(lang()) for k, v in variables.items()}.__getitem__)
layer = col_layer.selectbox(t("kaart.layer", "Niveau", en="Level"), LAYERS, key="kaart_layer",
                            format_func={k: layer_label(k) for k in LAYERS}.__getitem__)
state.widget_to_url("kaart_var", "indicator")
state.widget_to_url("kaart_layer", "layer")

var = variables[var_id]
values = gemeente_values(var)
if values is not None:
    frame = map_frame(var, values, layer)
    unit = var.unit(lang())
    fig = choropleth_figure(
        frame, data.geojson(layer), legend_title=unit, hover_unit=unit, rank_label=t("rank"), of_label=t("of"),
        colorscale=var.colorscale, decimals=decimals_for(frame["value"]), lang=lang(),
    )
    st.plotly_chart(fig, key=MAP_KEY, on_select=_remember_click if layer == "gemeente" else "ignore",
                    selection_mode="points", config={"scrollZoom": True, "displaylogo": False})
    layer_source = BOUNDARY_SOURCE if layer == "gemeente" else get_layer(layer).source_id
    sources = (*var.source_ids, layer_source)
    source_caption(*sources)
    missing = int(frame["value"].isna().sum())
    if missing:
        st.caption(t("kaart.missing", "{n} gebieden zonder waarde zijn niet ingekleurd.",
                     en="{n} areas without a value are not coloured.", n=missing))
    if layer != "gemeente":
        how = t("kaart.how_sum", "som van de gemeenten", en="sum over the municipalities") if var.how == "sum" else \
            t("kaart.how_mean", "gewogen gemiddelde van de gemeenten (gewicht: {w})",
              en="weighted mean of the municipalities (weight: {w})", w=weight_label(var.weight_column, lang()))
        st.caption(t("kaart.aggregation", "Regiowaarde: {how}.", en="Region value: {how}.", how=how))

    with st.expander(t("kaart.export", "Kaart downloaden (PNG)", en="Download map (PNG)")):
        if st.button(t("kaart.make_png", "PNG maken", en="Create PNG"), key="kaart_png_make"):
            try:
                with st.spinner(t("kaart.png_busy", "PNG wordt gemaakt…", en="Creating PNG…")):
                    go_export = png_figure(fig, f"{var.label(lang())} — {layer_label(layer)}", credit(*sources)).to_image(
                        format="png", width=1000, height=1100, scale=1)
                st.session_state["_kaart_png"] = (var_id, layer, go_export)
            except Exception as exc:  # kaleido/chromium missing: explain, never crash the page
                st.error(t("kaart.png_error", "PNG maken lukte niet: {e}", en="Creating the PNG failed: {e}", e=exc))
        png = st.session_state.get("_kaart_png")
        if png and png[:2] == (var_id, layer):
            st.download_button(t("kaart.download_png", "Download PNG", en="Download PNG"), png[2],
                               file_name=f"kaart_{var_id}_{layer}.png", mime="image/png", key="kaart_png_dl")
