"""Koppeling (matching): place household cohorts in gemeenten by integer optimisation.

Outline: cohorts, band, key, dwellings source, objective and score weights (a form; workshop defaults) →
``capacity.match.solve`` (cached) → summary, what the constraints cost in words, map (persons per 1.000,
difference with the plain key), table per gemeente and per region, downloads and a shareable link.
The computation is pure (``capacity.match*``); this page only wires widgets and renders.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pandas as pd
import streamlit as st

from capacity.keys import KEYS, get_key, key_shares, proxy_note_lines
from capacity.match import Cohort, MatchInfeasible, MatchResult, solve
from capacity.match_explain import describe_costs, gemeente_table
from capacity.match_score import MATCH_PARAMETERS, OBJECTIVES, build_problem, proxy_dwellings, workshop_dwellings
from capacity.regions import PER_1000_SUFFIX, aggregate
from geodata.regions import REGION_LAYERS, get_layer
from ui import data, state
from ui.export import table_downloads
from ui.fmt import fmt_column, fmt_num, fmt_pct
from ui.i18n import lang, t
from ui.koppeling import parse_cohorts
from ui.layout import page_header, plain, source_caption
from ui.maps import choropleth_figure

L = lang()
NL = L == "nl"
PAGE = "koppeling"
MAP_SOURCES = ("cbs_kwb_2024", "cartomap_gemeente_2025_rd")
KEY_IDS = tuple(k.id for k in KEYS if k.id != "custom")  # 'custom' needs its own weights (Richtgetal page)
DWELLING_MODES = ("workshop", "proxy")
WEIGHT_IDS = tuple(p.id for p in MATCH_PARAMETERS if p.id.startswith("w_"))
#: Workshop example of issue #17 (not data): three cohorts; name, households, persons, children per household.
WORKSHOP_COHORTS: tuple[tuple[str, int, float, float], ...] = (
    ("alleenstaand", 6000, 1.0, 0.0),
    ("gezin", 2000, 4.2, 2.1),
    ("stel", 1500, 2.0, 0.0),
)
URL_HOUSEHOLDS = ("m_alleenstaand", "m_gezin", "m_stel")  # households of the three workshop cohorts
NOTE_NL = t("koppeling.note", lang_="nl")  # also the first note of the XLSX export (Dutch)


def register_url_params() -> None:
    state.register_param("m_band", "float", lo=0.0, hi=2.0, default=0.5, doc="koppeling: fairness band B")
    state.register_param("m_key", choices=KEY_IDS, default="population", doc="koppeling: key")
    state.register_param("m_dw", choices=DWELLING_MODES, default="workshop", doc="koppeling: dwellings source")
    state.register_param("m_obj", choices=OBJECTIVES, default="outcome", doc="koppeling: objective")
    for name, (_c, households, _p, _k) in zip(URL_HOUSEHOLDS, WORKSHOP_COHORTS, strict=True):
        state.register_param(name, "int", lo=0, hi=100_000, default=households, doc="koppeling: households")


@st.cache_data(max_entries=16, show_spinner=False)
def cached_solve(
    cohorts: tuple[tuple[str, int, float, float], ...],
    key: str,
    band: float,
    dwellings: str,
    objective: str,
    weights: tuple[tuple[str, float], ...],
    extra: pd.DataFrame | None = None,
) -> tuple[MatchResult, tuple[str, ...]]:
    """Solve once per input combination (a solve takes seconds): the result and the key's proxies used.
    Raises MatchInfeasible/ValueError."""
    kwb = data.kwb()
    params = dict(weights)
    dw = workshop_dwellings(kwb) if dwellings == "workshop" else proxy_dwellings(kwb, params)
    shares = key_shares(key, kwb, extra=extra)
    problem = build_problem(
        kwb,
        [Cohort(*c) for c in cohorts],
        shares=shares,
        band=band,
        dwellings=dw,
        objective=objective,
        params=params,
    )
    return solve(problem), tuple(shares.attrs.get("proxies_used") or ())


def key_inputs(key: str) -> tuple[pd.DataFrame | None, Any]:
    """SES-WOA for keys that use it, by the project's precedence (upload > fetched CBS table > proxy), and its
    label; other keys need no extra input."""
    if "ses_woa" not in get_key(key).input_ids:
        return None, None
    from capacity.inputs import resolve_ses_woa
    from ui import userdata

    codes = pd.Index(data.gemeente_codes())
    choice = resolve_ses_woa(codes, userdata.ses_woa())
    return choice.extra(codes), choice


def _initial_cohorts() -> pd.DataFrame:
    """The workshop cohorts with households from the link; fixed for the session, so the editor keeps its edits."""
    if "kp_cohorts_init" not in st.session_state:
        rows = [
            (cohort, int(state.get_param(name)), persons, children)
            for name, (cohort, _default, persons, children) in zip(URL_HOUSEHOLDS, WORKSHOP_COHORTS, strict=True)
        ]
        st.session_state["kp_cohorts_init"] = pd.DataFrame(
            rows, columns=["cohort", "households", "persons_per_household", "children_per_household"]
        )
    return st.session_state["kp_cohorts_init"]


def share_link(params: dict[str, object]) -> str:
    """Full link (when the browser address is known) that reopens this view; allow-listed parameters only."""
    clean = state.clean_params({**params, "lang": L})
    relative = f"./{PAGE}?{urlencode(clean)}"
    try:
        base = st.context.url
    except Exception:  # no browser context (AppTest)
        base = None
    if isinstance(base, str) and urlsplit(base).scheme in ("http", "https"):
        return urljoin(base, relative)
    return relative


# --- page ------------------------------------------------------------------------------------------------

page_header(
    "page.koppeling",
    intro=t("koppeling.intro"),
)
st.info(t("koppeling.note"))
register_url_params()
kwb = data.kwb()

key_labels = {k.id: (k.label_nl if NL else k.label_en) for k in KEYS if k.id in KEY_IDS}
dw_labels = {
    "workshop": t("koppeling.dw.workshop"),
    "proxy": t("koppeling.dw.proxy"),
}
obj_labels = {
    "outcome": t("koppeling.obj.outcome"),
    "labour": t("koppeling.obj.labour"),
    "school": t("koppeling.obj.school"),
}
state.widget_from_url("kp_band", "m_band")
state.widget_from_url("kp_key", "m_key", KEY_IDS)
state.widget_from_url("kp_dw", "m_dw", DWELLING_MODES)
state.widget_from_url("kp_obj", "m_obj", OBJECTIVES)

with st.form("kp_form"):
    st.markdown(t("koppeling.cohorts"))
    edited = st.data_editor(
        _initial_cohorts(),
        num_rows="dynamic",
        width="stretch",
        key="kp_cohorts",
        column_config={
            "cohort": st.column_config.TextColumn(t("koppeling.c.name"), max_chars=40),
            "households": st.column_config.NumberColumn(t("koppeling.c.hh"), min_value=0, max_value=100_000, step=1),
            "persons_per_household": st.column_config.NumberColumn(t("koppeling.c.pp"), min_value=1.0, max_value=20.0),
            "children_per_household": st.column_config.NumberColumn(t("koppeling.c.ch"), min_value=0.0, max_value=19.0),
        },
    )
    c1, c2 = st.columns(2)
    band = c1.number_input(
        t("koppeling.band"),
        min_value=0.0,
        max_value=2.0,
        step=0.05,
        key="kp_band",
    )
    key_id = c2.selectbox(t("koppeling.key"), KEY_IDS, key="kp_key", format_func=key_labels.get)
    dwelling_mode = c1.radio(
        t("koppeling.dw"),
        DWELLING_MODES,
        key="kp_dw",
        format_func=dw_labels.get,
    )
    objective = c2.radio(t("koppeling.obj"), OBJECTIVES, key="kp_obj", format_func=obj_labels.get)
    with st.expander(t("koppeling.weights")):
        weight_values = {}
        cols = st.columns(len(WEIGHT_IDS))
        for col, wid in zip(cols, WEIGHT_IDS, strict=True):
            p = MATCH_PARAMETERS.get(wid)
            weight_values[wid] = col.number_input(
                p.label_nl if NL else p.label_en,
                min_value=p.valid_min,
                max_value=p.valid_max,
                value=float(p.default),
                step=0.1,
                key=f"kp_{wid}",
            )
    st.form_submit_button(t("koppeling.run"), type="primary")

for widget, param in (("kp_band", "m_band"), ("kp_key", "m_key"), ("kp_dw", "m_dw"), ("kp_obj", "m_obj")):
    state.widget_to_url(widget, param)

cohorts, problems = parse_cohorts(edited)
if problems:
    for problem in problems:
        st.error(plain(problem))
    st.stop()
households_by_name = {c[0]: c[1] for c in cohorts}
url_households = {
    name: households_by_name.get(cohort) for name, (cohort, *_r) in zip(URL_HOUSEHOLDS, WORKSHOP_COHORTS, strict=True)
}
state.set_params(**url_households)

weights = tuple(sorted((k, float(v)) for k, v in weight_values.items()))
try:
    with st.spinner(t("koppeling.solving")):
        extra, ses_choice = key_inputs(key_id)
        result, proxies = cached_solve(cohorts, key_id, float(band), dwelling_mode, objective, weights, extra)
except MatchInfeasible as exc:
    st.error(t("koppeling.infeasible", e=plain(exc)))
    st.stop()
except ValueError as exc:
    st.error(t("koppeling.failed", e=plain(exc)))
    st.stop()

st.session_state["koppeling_result"] = result
table = gemeente_table(result, kwb)
key_notes = ([ses_choice.label(L)] if ses_choice else []) + proxy_note_lines(key_id, proxies, L)
if dwelling_mode == "proxy":
    key_notes.append(dw_labels["proxy"] + t("koppeling.dw.proxy_note"))
if key_notes:
    st.caption(" ".join(plain(n) + "." for n in key_notes))

# 1. summary and costs -----------------------------------------------------------------------------------
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("koppeling.m.hh"), fmt_num(result.totals["households"], 0))
m2.metric(t("koppeling.m.persons"), fmt_num(result.totals["persons"], 1))
m3.metric(t("koppeling.m.obj"), fmt_num(result.objective, 1))
m4.metric(t("koppeling.m.gap"), fmt_pct(result.gap, 2, fraction=True))
st.subheader(t("koppeling.costs"))
names = table["gemeentenaam"].to_dict()
for line in describe_costs(result, names, lang=L):
    st.markdown("- " + plain(line))
st.caption(t("koppeling.costs_note"))

# 2. map -------------------------------------------------------------------------------------------------
st.subheader(t("koppeling.map"))
map_options = {
    "persons_per_1000": t("koppeling.mv.per1000"),
    "difference_vs_key": t("koppeling.mv.diff"),
}
map_var = st.radio(
    t("koppeling.map_var"),
    list(map_options),
    key="kp_map_var",
    format_func=map_options.get,
    horizontal=True,
)
frame = pd.DataFrame(
    {"code": table.index, "naam": table["gemeentenaam"].to_numpy(), "value": table[map_var].to_numpy(dtype=float)}
)
diverging = map_var == "difference_vs_key"
fig = choropleth_figure(
    frame,
    data.geojson("gemeente"),
    legend_title=map_options[map_var],
    hover_unit=t("koppeling.persons") if diverging else t("koppeling.per1000"),
    colorscale="RdBu_r" if diverging else "YlOrRd",
    decimals=1 if diverging else 2,
    lang=L,
    height=600,
    rank_label=t("rank"),
    of_label=t("of"),
)
if diverging:
    fig.update_traces(zmid=0, selector=0)
st.plotly_chart(fig, width="stretch", key="kp_map", config={"displaylogo": False})
source_caption(*MAP_SOURCES)

# 3. tables ----------------------------------------------------------------------------------------------
COLS = {
    "gemeentenaam": ("Gemeente", "Municipality", -1),
    "households": ("Huishoudens", "Households", 0),
    "persons": ("Personen", "Persons", 1),
    "children": ("Kinderen", "Children", 1),
    "persons_per_1000": ("Per 1.000 inwoners", "Per 1,000 inhabitants", 2),
    "key_persons": ("Volgens sleutel", "By key", 1),
    "difference_vs_key": ("Verschil met sleutel", "Difference vs key", 1),
    "dwellings": ("Woningen", "Dwellings", 0),
    "objective": ("Uitkomstscore", "Outcome score", 2),
}
cohort_cols = [c for c in table.columns if c.startswith("households_")]
st.subheader(t("koppeling.table"))
show = pd.DataFrame(index=table.index.rename("Code"))
for col, (nl, en, dec) in COLS.items():
    show[nl if NL else en] = table[col].astype(str) if dec < 0 else fmt_column(table[col], dec)
    if col == "gemeentenaam":
        for cc in cohort_cols:
            show[cc.removeprefix("households_")] = fmt_column(table[cc], 0)
st.dataframe(show, width="stretch", height=420, key="kp_table")
source_caption("cbs_kwb_2024")

st.subheader(t("koppeling.regions"))
layer_ids = tuple(layer.id for layer in REGION_LAYERS)
layer_labels = {i: get_layer(i).label_nl if NL else get_layer(i).label_en for i in layer_ids}
if st.session_state.get("kp_layer") not in layer_labels:
    st.session_state["kp_layer"] = "provincie"
layer_id = st.selectbox(t("koppeling.layer"), layer_ids, key="kp_layer", format_func=layer_labels.get)
counts = ["households", *cohort_cols, "persons", "key_persons", "difference_vs_key", "dwellings"]
population = table["inwoners"]
regional = aggregate(table[counts], data.lookup(), layer_id, population, counts=counts)
reg_show = pd.DataFrame({t("koppeling.col.region"): regional["naam"]}, index=regional.index)
for col in counts:
    label = COLS[col][0 if NL else 1] if col in COLS else col.removeprefix("households_")
    reg_show[label] = [
        fmt_num(v, 1 if col in ("persons", "key_persons", "difference_vs_key") else 0) for v in regional[col]
    ]
reg_show[COLS["persons_per_1000"][0 if NL else 1]] = fmt_column(regional["persons" + PER_1000_SUFFIX], 2)
st.dataframe(reg_show, width="stretch", key="kp_regions")
source_caption("cbs_kwb_2024", "gemeente_regio_2025")

# 4. downloads and link ----------------------------------------------------------------------------------
st.subheader(t("koppeling.downloads"))
headers = {k: v[0] for k, v in COLS.items()} | {
    "inwoners": "Inwoners",
    "fairness_lower": "Ondergrens band (personen)",
    "fairness_upper": "Bovengrens band (personen)",
    "difference_per_1000": "Verschil per 1.000 inwoners",
    "cohort": "Cohort",
    "score": "Score per huishouden",
    "contribution": "Bijdrage aan uitkomstscore",
}
placement = result.placement.set_index("gemeentecode")
settings = (
    f"Cohorten: {'; '.join(f'{c[0]} {c[1]} × {c[2]:g} pers. ({c[3]:g} kind.)' for c in cohorts)}. Band {band:g}, "
    f"sleutel {key_id}, woningen {dwelling_mode}, doel {objective}, gewichten {dict(weights)}."
)
notes = [
    NOTE_NL,
    settings,
    f"Uitkomstscore {result.objective:.3f}; LP-grens {result.lp_bound:.3f}; afstand {100 * result.gap:.3f} %.",
    *describe_costs(result, names, lang="nl"),
    *(
        [
            "Sleutel: " + n
            for n in ([ses_choice.label("nl")] if ses_choice else []) + proxy_note_lines(key_id, proxies, "nl")
        ]
    ),
]
table_downloads(
    table,
    basename=f"koppeling_{key_id}_{str(band).replace('.', '_')}",
    key="kp_dl",
    headers=headers,
    source_ids=MAP_SOURCES,
    notes=notes,
    extra_sheets={"Plaatsing": placement, layer_labels[layer_id][:31]: regional},
)
link = share_link({"m_band": band, "m_key": key_id, "m_dw": dwelling_mode, "m_obj": objective, **url_households})
st.markdown(t("koppeling.link") + plain(link))
st.code(link, language=None)
st.caption(t("koppeling.link_note"))
