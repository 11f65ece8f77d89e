"""Regio's vergelijken: gemeente figures aggregated to a region layer, two regions side by side.

Outline: choose layer and variable → table of all regions → bar chart → region A next to region B.
Counts are summed and shown next to a rate per 1.000 inwoners; rates and scores are
population-weighted means (``capacity.regions.aggregate``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from capacity.indicators import INDICATORS, INHABITANTS, region_weight_note, region_weights
from capacity.regions import PER_1000_SUFFIX, aggregate, national_row
from capacity.variables import KWB_COUNT_VARIABLES, SCORE_VARIABLES
from geodata.regions import REGION_LAYERS, get_layer
from ui import data, state
from ui.export import table_downloads
from ui.fmt import decimals_for, fmt_num
from ui.i18n import lang, t
from ui.layout import page_header, source_caption
from ui.scenario import RESULT_KEY

L = lang()
LAYER_IDS = tuple(layer.id for layer in REGION_LAYERS)
KWB_SOURCE = "cbs_kwb_2024"


@dataclass(frozen=True)
class Variable:
    """A variable as this page lists it; labels and units come from ``capacity.variables`` (or, for own
    uploads and the scenario's columns, from the catalogue and the upload)."""

    column: str
    label: str
    kind: str  # "count" (summed, also per 1.000) or "rate" (population-weighted mean)
    unit: str
    source: tuple[str, ...] = (KWB_SOURCE,)
    own: bool = False  # an upload of this session (Eigen data), not a CBS figure


def kwb_counts() -> tuple[Variable, ...]:
    """Counts straight from the CBS key figures (``capacity.variables``: labels, units)."""
    return tuple(Variable(v.id, v.label(L), "count", v.unit(L)) for v in KWB_COUNT_VARIABLES)


SCORE_LABELS = {v.id: v.label(L) for v in SCORE_VARIABLES}
SCENARIO_COUNTS = {
    "allocated": t("regios.s.allocated"),
    "dwellings": t("regios.s.dwellings"),
    "school_places_po": t("regios.s.po"),
    "school_places_vo": t("regios.s.vo"),
    "inburgering_trajects": t("regios.s.inb"),
}


def build_table() -> tuple[pd.DataFrame, tuple[Variable, ...]]:
    """One row per gemeente with every variable, and the variable list (registry-driven)."""
    kwb = data.kwb().set_index("gemeentecode")
    variables = list(kwb_counts())
    frame = kwb[[v.column for v in variables]].copy()
    ind = data.indicators()
    for i in INDICATORS:
        frame[i.id] = ind[i.id].reindex(frame.index)
        variables.append(
            Variable(
                i.id,
                i.label_en if L == "en" else i.label_nl,
                "rate",
                i.unit_en if L == "en" else i.unit_nl,
                (i.source_id,),
            )
        )
    try:
        scores = data.scores(None).scores
        for col, label in SCORE_LABELS.items():
            frame[col] = scores[col].reindex(frame.index)
            variables.append(Variable(col, label, "rate", t("score.unit")))
    except (ImportError, AttributeError, KeyError):
        pass
    own, own_vars = data.own_indicators()
    if own is not None:
        for col, mv in own_vars.items():
            frame[col] = own[col].reindex(frame.index)
            variables.append(Variable(col, mv.label(L), "rate", mv.unit(L), (), own=True))
    scenario = st.session_state.get(RESULT_KEY)
    if isinstance(scenario, pd.DataFrame):
        for col, label in SCENARIO_COUNTS.items():
            if col in scenario.columns:
                frame[col] = pd.to_numeric(scenario[col], errors="coerce").reindex(frame.index)
                variables.append(Variable(col, label, "count", t("regios.unit.scenario")))
    return frame, tuple(variables)


# --- page -----------------------------------------------------------------------------------------------

page_header(
    "page.regios",
    intro=t("regios.intro") + " " + region_weight_note(L),
)

state.register_param("rlaag", choices=LAYER_IDS, default="corop", doc="Regio's vergelijken: layer")
state.register_param("ra", default=None, doc="Regio's vergelijken: region A code")
state.register_param("rb", default=None, doc="Regio's vergelijken: region B code")
state.register_param("rvar", default=None, doc="Regio's vergelijken: variable (column id)")

if "regios_layer" not in st.session_state:
    st.session_state["regios_layer"] = state.get_param("rlaag")
c1, c2 = st.columns(2)
# format_func must pickle (serialisable session state under AppTest): bound dict methods, no lambdas
layer_labels = {i: get_layer(i).label_en if L == "en" else get_layer(i).label_nl for i in LAYER_IDS}
layer_id = c1.selectbox(t("regios.layer"), LAYER_IDS, key="regios_layer", format_func=layer_labels.get)
frame, variables = build_table()
by_col = {v.column: v for v in variables}
var_labels = {c: v.label for c, v in by_col.items()}
linked_var = st.query_params.get("rvar")
if linked_var is not None and linked_var != st.session_state.get("_regios_var_seen"):
    st.session_state["_regios_var_seen"] = linked_var  # a shared link: apply once, then the widget rules
    if linked_var in var_labels:
        st.session_state["regios_var"] = linked_var
    else:  # unknown, or an upload/scenario of another session
        state._warn_once("rvar", linked_var)
if st.session_state.get("regios_var") not in var_labels:
    st.session_state.pop("regios_var", None)
var_col = c2.selectbox(t("regios.variable"), list(by_col), key="regios_var", format_func=var_labels.get)
var = by_col[var_col]

lookup = data.lookup()
population = data.kwb().set_index("gemeentecode")[INHABITANTS]
kwb_idx = data.kwb().set_index("gemeentecode")
weights = {col: kwb_idx[w] for col, w in region_weights().items() if w in kwb_idx.columns}
counts = [v.column for v in variables if v.kind == "count"]
rates = [v.column for v in variables if v.kind == "rate"]
agg = aggregate(frame, lookup, layer_id, population, counts=counts, rates=rates, rate_weights=weights)
nat = national_row(frame, population, counts=counts, rates=rates, rate_weights=weights)
sources = tuple(dict.fromkeys([KWB_SOURCE, "gemeente_regio_2025", *(s for v in variables for s in v.source)]))

# 1. table of all regions -------------------------------------------------------------------------------
st.subheader(t("regios.table"))
value_dec = decimals_for(agg[var_col])
shown = pd.DataFrame(
    {
        t("regios.col.region"): agg["naam"],
        t("regios.col.n"): [fmt_num(v, 0) for v in agg["n_gemeenten"]],
        t("regios.col.pop"): [fmt_num(v, 0) for v in agg["inwoners"]],
        f"{var.label} ({var.unit})": [fmt_num(v, value_dec) for v in agg[var_col]],
    },
    index=agg.index,
)
if var.kind == "count":
    per = agg[var_col + PER_1000_SUFFIX]
    shown[t("regios.col.per1000")] = [fmt_num(v, 2) for v in per]
st.dataframe(shown, width="stretch", key="regios_table")
source_caption(*sources)
OWN_NOTE = t("regios.own_note")
if var.own:
    st.caption(OWN_NOTE)

codes = agg.sort_values("naam").index.tolist()
names = agg["naam"].to_dict()
for slot, param, default_pos in (("a", "ra", 0), ("b", "rb", 1)):
    key = f"regios_{slot}_{layer_id}"
    if st.session_state.get(key) not in codes:
        wanted = str(st.query_params.get(param, "")).upper()
        st.session_state[key] = wanted if wanted in codes else codes[min(default_pos, len(codes) - 1)]

# 2. bar chart ------------------------------------------------------------------------------------------
plot_col = var_col + PER_1000_SUFFIX if var.kind == "count" else var_col
plot_unit = t("regios.col.per1000_2") if var.kind == "count" else var.unit
plot_label = var.label
if var.own:  # upload text: plotly reads tags and %{...} in labels, so make them inert
    plot_unit, plot_label = (html.escape(x).replace("%", "&#37;") for x in (plot_unit, plot_label))
ordered = agg.sort_values(plot_col, ascending=True)
picked = {st.session_state.get(f"regios_a_{layer_id}"), st.session_state.get(f"regios_b_{layer_id}")}
fig = go.Figure(
    go.Bar(
        x=ordered[plot_col],
        y=ordered["naam"],
        orientation="h",
        marker_color=["#e17000" if c in picked else "#01689b" for c in ordered.index],
        customdata=[fmt_num(v, 2) for v in ordered[plot_col]],
        hovertemplate="<b>%{y}</b><br>%{customdata} " + plot_unit + "<extra></extra>",
    )
)
if pd.notna(nat[plot_col]):
    fig.add_vline(
        x=float(nat[plot_col]),
        line_dash="dash",
        line_color="#555",
        annotation_text=t("regios.nl"),
    )
fig.update_layout(
    height=max(320, 18 * len(ordered) + 80),
    margin={"l": 0, "r": 10, "t": 30, "b": 0},
    xaxis_title=f"{plot_label} ({plot_unit})",
    separators=",." if L == "nl" else ".,",
)
st.plotly_chart(fig, width="stretch", key="regios_bar")
st.caption(t("regios.bar_note"))
source_caption(*sources)

# 3. two regions side by side ------------------------------------------------------------------------------
st.subheader(t("regios.compare"))
ca, cb = st.columns(2)
code_a = ca.selectbox(t("regios.region_a"), codes, key=f"regios_a_{layer_id}", format_func=names.get)
code_b = cb.selectbox(t("regios.region_b"), codes, key=f"regios_b_{layer_id}", format_func=names.get)
state.set_params(rlaag=layer_id, ra=code_a, rb=code_b, rvar=None if var.own else var_col)  # uploads: session only
st.session_state["_regios_var_seen"] = st.query_params.get("rvar")

rows = []
for v in (Variable("inwoners", t("regios.col.pop"), "base", ""), *variables):
    dec = decimals_for(agg[v.column])
    row = {
        t("regios.col.variable"): v.label,
        t("regios.col.unit"): v.unit,
        names[code_a]: fmt_num(agg.at[code_a, v.column], dec),
        names[code_b]: fmt_num(agg.at[code_b, v.column], dec),
    }
    if v.kind == "count":
        pc = v.column + PER_1000_SUFFIX
        per_k = "1,000" if L == "en" else "1.000"
        row[f"{names[code_a]} / {per_k}"] = fmt_num(agg.at[code_a, pc], 2)
        row[f"{names[code_b]} / {per_k}"] = fmt_num(agg.at[code_b, pc], 2)
        row[t("regios.col.nl_per1000")] = fmt_num(nat[pc], 2)
    elif v.kind == "rate":
        row[t("regios.col.nl")] = fmt_num(nat[v.column], dec)
    rows.append(row)
side = pd.DataFrame(rows).fillna("")
if code_a == code_b:
    st.info(t("regios.same"))
st.dataframe(side, hide_index=True, width="stretch", key="regios_side")
source_caption(*sources)

# 4. downloads --------------------------------------------------------------------------------------------
headers = {"code": "Regiocode", "naam": "Regio", "n_gemeenten": "Aantal gemeenten", "inwoners": "Inwoners"}
for v in variables:
    headers[v.column] = f"{v.label} ({v.unit})"
    headers[v.column + PER_1000_SUFFIX] = f"{v.label} per 1.000 inwoners"
table_downloads(
    agg,
    basename=f"regios_{layer_id}",
    key="regios_dl",
    headers=headers,
    source_ids=sources,
    notes=[
        "Aantallen opgeteld over gemeenten; percentages en scores gewogen gemiddeld. " + region_weight_note("nl"),
        *(
            ["Eigen data: eigen upload, niet door CBS gecontroleerd; gewogen naar inwoners (aanname)."]
            if any(v.own for v in variables)
            else []
        ),
    ],
)
