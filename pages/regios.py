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

from capacity.indicators import INDICATORS, region_weight_note, region_weights
from capacity.regions import PER_1000_SUFFIX, aggregate, national_row
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


def _tr(key: str, nl: str, en: str) -> str:
    return t(f"regios.{key}", nl, en=en)


@dataclass(frozen=True)
class Variable:
    column: str
    label: str
    kind: str  # "count" (summed, also per 1.000) or "rate" (population-weighted mean)
    unit: str
    source: tuple[str, ...] = (KWB_SOURCE,)
    own: bool = False  # an upload of this session (Eigen data), not a CBS figure


def kwb_counts() -> tuple[Variable, ...]:
    """Counts straight from the CBS key figures (labels of the CBS columns)."""
    persons = _tr("unit.persons", "personen", "persons")
    return (
        Variable(
            "woningvoorraad",
            _tr("v.woningen", "Woningvoorraad", "Dwelling stock"),
            "count",
            _tr("unit.dwellings", "woningen", "dwellings"),
        ),
        Variable(
            "aantal_leerlingen_primair_onderwijs",
            _tr("v.po", "Leerlingen primair onderwijs", "Primary-school pupils"),
            "count",
            _tr("unit.pupils", "leerlingen", "pupils"),
        ),
        Variable(
            "aantal_leerlingen_voortgezet_onderwijs",
            _tr("v.vo", "Leerlingen voortgezet onderwijs", "Secondary-school pupils"),
            "count",
            _tr("unit.pupils", "leerlingen", "pupils"),
        ),
        Variable(
            "aantal_personen_met_een_alg_bijstandsuitkering_tot",
            _tr("v.bijstand", "Personen met bijstand", "Persons on social assistance"),
            "count",
            persons,
        ),
        Variable(
            "aantal_personen_met_een_ww_uitkering_totaal",
            _tr("v.ww", "Personen met WW", "Persons on WW"),
            "count",
            persons,
        ),
    )


SCORE_LABELS = {
    "total_load": t("score.total_load"),
    "housing_load": t("score.housing_load"),
    "education_load": t("score.education_load"),
    "integration_load": t("score.integration_load"),
}
SCENARIO_COUNTS = {
    "allocated": _tr("s.allocated", "Toegewezen (huidig richtgetal-scenario)", "Allocated (current scenario)"),
    "dwellings": _tr("s.dwellings", "Benodigde woningen (scenario)", "Dwellings needed (scenario)"),
    "school_places_po": _tr("s.po", "Schoolplaatsen po (scenario)", "Primary school places (scenario)"),
    "school_places_vo": _tr("s.vo", "Schoolplaatsen vo (scenario)", "Secondary school places (scenario)"),
    "inburgering_trajects": _tr("s.inb", "Inburgeringstrajecten (scenario)", "Integration trajectories (scenario)"),
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
                variables.append(Variable(col, label, "count", _tr("unit.scenario", "aantal", "count")))
    return frame, tuple(variables)


# --- page -----------------------------------------------------------------------------------------------

page_header(
    "page.regios",
    intro=_tr(
        "intro",
        "Tel gemeenten op tot een regio. Aantallen worden opgeteld en staan naast een cijfer per 1.000 inwoners; "
        "percentages, cijfers per inwoner en scores zijn gewogen gemiddelden.",
        "Aggregate municipalities to regions: counts are summed and shown next to a figure per 1,000 inhabitants; "
        "percentages, per-inhabitant figures and scores are weighted means.",
    )
    + " "
    + region_weight_note(L),
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
layer_id = c1.selectbox(
    _tr("layer", "Regio-indeling", "Region layer"), LAYER_IDS, key="regios_layer", format_func=layer_labels.get
)
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
var_col = c2.selectbox(
    _tr("variable", "Variabele", "Variable"), list(by_col), key="regios_var", format_func=var_labels.get
)
var = by_col[var_col]

lookup = data.lookup()
population = data.kwb().set_index("gemeentecode")["aantal_inwoners"]
kwb_idx = data.kwb().set_index("gemeentecode")
weights = {col: kwb_idx[w] for col, w in region_weights().items() if w in kwb_idx.columns}
counts = [v.column for v in variables if v.kind == "count"]
rates = [v.column for v in variables if v.kind == "rate"]
agg = aggregate(frame, lookup, layer_id, population, counts=counts, rates=rates, rate_weights=weights)
nat = national_row(frame, population, counts=counts, rates=rates, rate_weights=weights)
sources = tuple(dict.fromkeys([KWB_SOURCE, "gemeente_regio_2025", *(s for v in variables for s in v.source)]))

# 1. table of all regions -------------------------------------------------------------------------------
st.subheader(_tr("table", "Alle regio's", "All regions"))
value_dec = decimals_for(agg[var_col])
shown = pd.DataFrame(
    {
        _tr("col.region", "Regio", "Region"): agg["naam"],
        _tr("col.n", "Gemeenten", "Municipalities"): [fmt_num(v, 0) for v in agg["n_gemeenten"]],
        _tr("col.pop", "Inwoners", "Inhabitants"): [fmt_num(v, 0) for v in agg["inwoners"]],
        f"{var.label} ({var.unit})": [fmt_num(v, value_dec) for v in agg[var_col]],
    },
    index=agg.index,
)
if var.kind == "count":
    per = agg[var_col + PER_1000_SUFFIX]
    shown[_tr("col.per1000", "Per 1.000 inwoners", "Per 1,000 inhabitants")] = [fmt_num(v, 2) for v in per]
st.dataframe(shown, width="stretch", key="regios_table")
source_caption(*sources)
OWN_NOTE = _tr(
    "own_note",
    "Variabelen 'Eigen data' komen uit een eigen upload, niet door CBS gecontroleerd; regio's "
    "wegen ze naar inwoners (aanname).",
    "'Own data' variables come from an own upload, not checked by "
    "CBS; regions weight them by inhabitants (assumption).",
)
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
plot_unit = _tr("col.per1000", "per 1.000 inwoners", "per 1,000 inhabitants") if var.kind == "count" else var.unit
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
        annotation_text=_tr("nl", "Nederland", "Netherlands"),
    )
fig.update_layout(
    height=max(320, 18 * len(ordered) + 80),
    margin={"l": 0, "r": 10, "t": 30, "b": 0},
    xaxis_title=f"{plot_label} ({plot_unit})",
    separators=",." if L == "nl" else ".,",
)
st.plotly_chart(fig, width="stretch", key="regios_bar")
st.caption(
    _tr(
        "bar_note",
        "Oranje: de twee vergeleken regio's (A en B). Stippellijn: Nederland.",
        "Orange: the two compared regions. Dashed line: the Netherlands.",
    )
)
source_caption(*sources)

# 3. two regions side by side ------------------------------------------------------------------------------
st.subheader(_tr("compare", "Twee regio's naast elkaar", "Two regions side by side"))
ca, cb = st.columns(2)
code_a = ca.selectbox(_tr("region_a", "Regio A", "Region A"), codes, key=f"regios_a_{layer_id}", format_func=names.get)
code_b = cb.selectbox(_tr("region_b", "Regio B", "Region B"), codes, key=f"regios_b_{layer_id}", format_func=names.get)
state.set_params(rlaag=layer_id, ra=code_a, rb=code_b, rvar=None if var.own else var_col)  # uploads: session only
st.session_state["_regios_var_seen"] = st.query_params.get("rvar")

rows = []
for v in (Variable("inwoners", _tr("col.pop", "Inwoners", "Inhabitants"), "base", ""), *variables):
    dec = decimals_for(agg[v.column])
    row = {
        _tr("col.variable", "Variabele", "Variable"): v.label,
        _tr("col.unit", "Eenheid", "Unit"): v.unit,
        names[code_a]: fmt_num(agg.at[code_a, v.column], dec),
        names[code_b]: fmt_num(agg.at[code_b, v.column], dec),
    }
    if v.kind == "count":
        pc = v.column + PER_1000_SUFFIX
        per_k = "1,000" if L == "en" else "1.000"
        row[f"{names[code_a]} / {per_k}"] = fmt_num(agg.at[code_a, pc], 2)
        row[f"{names[code_b]} / {per_k}"] = fmt_num(agg.at[code_b, pc], 2)
        row[_tr("col.nl_per1000", "Nederland / 1.000", "Netherlands / 1,000")] = fmt_num(nat[pc], 2)
    elif v.kind == "rate":
        row[_tr("col.nl", "Nederland", "Netherlands")] = fmt_num(nat[v.column], dec)
    rows.append(row)
side = pd.DataFrame(rows).fillna("")
if code_a == code_b:
    st.info(_tr("same", "Kies twee verschillende regio's om ze te vergelijken.", "Pick two different regions."))
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
