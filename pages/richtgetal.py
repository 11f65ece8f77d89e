"""Richtgetal: divide a national number over gemeenten with a key, in whole persons, and show the needs.

Outline: scenario (presets, total or corridor, key, rounding, bounds, pledges, key B) → allocation →
map (allocation, per 1.000, deviation from the population key, difference with key B) → table →
needs per region → downloads, scenario file and shareable link. The computation is
``ui.scenario.compute_scenario`` (pure); this page only wires widgets and renders.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from capacity.key_docs import key_export_notes
from capacity.regions import PER_1000_SUFFIX, aggregate
from geodata.importer import InputError
from geodata.regions import REGION_LAYERS, get_layer
from geodata.sources import credit
from ui import data, userdata
from ui import scenario as sc
from ui.export import table_downloads
from ui.fmt import fmt_column, fmt_num
from ui.i18n import lang, t
from ui.layout import page_header, plain, source_caption
from ui.maps import choropleth_figure
from ui.mapview import show_map

L = lang()
NL = L == "nl"
RESULT_KEY = sc.RESULT_KEY
PLEDGE_KEY = sc.PAGE_PLEDGES_KEY
MAP_SOURCES = ("cbs_kwb_2024", "cartomap_gemeente_2025_rd")
TABLE_SOURCES = ("cbs_kwb_2024",)
SCENARIO_NOTE = t("richtgetal.note", lang_="nl")  # the exports are Dutch

COLUMNS = sc.RESULT_COLUMNS
HEADERS_NL = sc.RESULT_HEADERS_NL
REGION_COUNTS = (
    "allocated",
    "backlog",
    "target",
    "dwellings",
    "school_places_po",
    "school_places_vo",
    "inburgering_trajects",
    "annual_cost_eur",
)


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """On-screen table in the Dutch number format (the downloads keep real numbers)."""
    out = pd.DataFrame(index=table.index)
    for col, (nl, en, dec) in COLUMNS.items():
        if col not in table.columns or col == "inwoners":
            continue
        values = table[col] * 100 if col == "share" else table[col]
        out[nl if NL else en] = values.astype(str) if dec < 0 else fmt_column(values, dec)
    return out


def pledge_uploader() -> pd.Series | None:
    """Pledges from ui.userdata (page Eigen data) or a small CSV right here; the latter wins."""
    from ui.userdata import pledges

    with st.expander(t("richtgetal.pledges")):
        st.caption(
            t(
                "richtgetal.pledges_help",
            )
        )
        upload = st.file_uploader(t("richtgetal.pledges_file"), type=["csv", "txt"], key="rg_pledge_upload")
        if upload is not None:
            try:
                st.session_state[PLEDGE_KEY] = sc.parse_pledges_csv(upload.getvalue(), pd.Index(data.gemeente_codes()))
                st.success(t("richtgetal.pledges_ok", n=len(st.session_state[PLEDGE_KEY])))
            except ValueError as exc:
                st.error(t("richtgetal.pledges_bad", e=plain(exc.text(L) if isinstance(exc, InputError) else exc)))
    own = st.session_state.get(PLEDGE_KEY)
    return own if isinstance(own, pd.Series) else pledges()


def infeasible_message(scenario: sc.Scenario, exc: sc.ScenarioInfeasibleError) -> str:
    """One language, one number format: the floor/cap explanation when they are the cause (the solver's
    English detail stays out), else the detail (e.g. pledges above the total) as plain text."""
    if sc.bounds_infeasible(scenario, exc.bounds):
        return sc.infeasible_text(scenario, exc.bounds, L)  # own text and numbers only
    return t("richtgetal.failed", e=plain(str(exc)))


def _key_name(key_id: str) -> str:
    from capacity.keys import get_key

    try:
        return sc.key_label(get_key(key_id), L)
    except KeyError:
        return key_id


# --- page ------------------------------------------------------------------------------------------------

page_header(
    "page.richtgetal",
    intro=t(
        "richtgetal.intro",
    ),
)
# Results and messages are drawn here, above the inputs, after the computation: a change is answered
# where the user is looking, never below the fold.
summary = st.container(border=True)

sc.register_url_params()
for problem in sc.init_state():
    st.warning(t("richtgetal.url_bad", p=plain(problem)))

kwb = data.kwb()
population = sc.population()
pledge_series = pledge_uploader()
previous = userdata.previous_period()
user_meta = userdata.extra_indicator_meta()
user_columns = {cid: f"{m.label} ({t('richtgetal.own')})" for cid, m in user_meta.items()}
scenario = sc.scenario_controls(
    L, pledges_available=pledge_series is not None, previous_available=previous is not None, user_columns=user_columns
)
sc.sync_url(scenario)

inputs = sc.build_extra(population.index, userdata.ses_woa(), userdata.extra_indicators())
if inputs.ses_missing and "spreidingswet" in (scenario.key, scenario.key_b):
    st.warning(t("richtgetal.ses_incomplete", n=fmt_num(inputs.ses_missing, 0), total=fmt_num(len(population), 0)))
if scenario.use_previous and previous is not None:
    incomplete = int(previous.reindex(population.index).isna().any(axis=1).sum())
    if incomplete:
        st.caption(t("richtgetal.prev_incomplete", n=fmt_num(incomplete, 0)))

problems = sc.user_column_problems(scenario, inputs.extra, user_columns, L)
if problems:
    for problem in problems:
        summary.error(plain(problem))  # names uploaded columns
    st.session_state.pop(RESULT_KEY, None)
    sc.scenario_io(scenario, L)
    st.stop()

try:
    result = sc.compute_scenario(
        scenario, kwb, load=sc.load_for(scenario), **sc.session_compute_kwargs(scenario, population.index)
    )
except sc.ScenarioInfeasibleError as exc:
    summary.error(infeasible_message(scenario, exc))
    st.session_state.pop(RESULT_KEY, None)  # other pages must not show a result of another scenario
    sc.scenario_io(scenario, L)  # a scenario file can still be loaded to get out of it
    st.stop()
except (ValueError, KeyError) as exc:
    summary.error(t("richtgetal.failed", e=plain(exc.args[0] if exc.args else exc)))
    st.session_state.pop(RESULT_KEY, None)
    sc.scenario_io(scenario, L)
    st.stop()

table = result.table
st.session_state[RESULT_KEY] = table

# 1. summary ---------------------------------------------------------------------------------------------
with summary:
    has_target = "target" in table.columns
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("richtgetal.m.total"), fmt_num(int(table["allocated"].sum()), 0))
    m2.metric(
        t("richtgetal.m.n"),
        fmt_num(int((table["allocated"] > 0).sum()), 0),
    )
    m3.metric(
        t("richtgetal.m.per1000"),
        fmt_num(table["allocated"].sum() / population.sum() * 1000, 2),
    )
    m4.metric(
        t("richtgetal.m.dwellings"),
        fmt_num(table["dwellings"].sum(), 0),
    )
    if has_target:
        b1, b2, _b3, _b4 = st.columns(4)
        b1.metric(
            t("richtgetal.m.backlog"),
            fmt_num(int(table["backlog"].sum()), 0),
        )
        b2.metric(
            t("richtgetal.m.target"),
            fmt_num(int(table["target"].sum()), 0),
        )
        st.caption(
            t(
                "richtgetal.target_note",
                surplus=t("richtgetal.surplus_on" if scenario.carry_surplus else "richtgetal.surplus_off"),
            )
        )
    if scenario.mode == "corridor":
        st.caption(t("richtgetal.corridor_note", lo=fmt_num(scenario.low, 0), hi=fmt_num(scenario.high, 0)))
    proxies = tuple(result.shares_attrs.get("proxies_used") or ())
    if proxies:  # only the chosen key's proxies, each with what it stands for in *this* key
        st.warning(t("richtgetal.proxy", p="; ".join(sc.proxy_notes(scenario.key, proxies, L))))
    imported = [i for i in result.shares_attrs.get("imported") or () if not str(i).startswith("user:")]
    if imported:
        from capacity.keys import get_input

        st.caption(
            t(
                "richtgetal.imported",
                p="; ".join(get_input(i).label_nl if NL else get_input(i).label_en for i in imported),
            )
        )
    preset = sc.key_preset(scenario.key)
    if preset is not None and preset.unverified:
        points = preset.unverified if NL else (getattr(preset, "unverified_en", ()) or preset.unverified)
        st.caption(t("richtgetal.unverified") + " ".join(points))

st.info(t("richtgetal.note"))

# 2. map -----------------------------------------------------------------------------------------------
st.subheader(t("richtgetal.map"))
map_options = {
    "allocated": t("richtgetal.mv.allocated"),
    "allocated_per_1000": t("richtgetal.mv.per1000"),
    "deviation_population": t("richtgetal.mv.dev"),
}
if has_target:
    map_options["target"] = t("richtgetal.mv.target")
    map_options["backlog"] = t("richtgetal.mv.backlog")
if "difference_b" in table.columns:
    map_options["difference_b"] = t("richtgetal.mv.diff")
if st.session_state.get("rg_map_var") not in map_options:
    st.session_state["rg_map_var"] = "allocated"
map_var = st.radio(
    t("richtgetal.map_var"),
    list(map_options),
    key="rg_map_var",
    format_func=map_options.get,
    horizontal=True,
)
if "difference_b" not in table.columns:
    st.caption(
        t(
            "richtgetal.no_b",
        )
    )
frame = pd.DataFrame(
    {"code": table.index, "naam": table["gemeentenaam"].to_numpy(), "value": table[map_var].to_numpy(dtype=float)}
)
diverging = map_var in ("deviation_population", "difference_b", "backlog")
persons = t("richtgetal.persons")
units = {"allocated_per_1000": t("richtgetal.per1000_unit")}
fig = choropleth_figure(
    frame,
    data.geojson("gemeente"),
    legend_title=map_options[map_var],
    hover_unit=units.get(map_var, persons),
    colorscale="RdBu_r" if diverging else "YlOrRd",
    decimals=2 if map_var == "allocated_per_1000" else 0,
    lang=L,
    height=600,
    rank_label=t("rank"),
    of_label=t("of"),
)
if diverging:
    fig.update_traces(zmid=0)
show_map(
    fig,
    frame,
    key="rg_map",
    title=f"{map_options[map_var]} — {fmt_num(result.total, 0)} {persons}, {_key_name(scenario.key)}",
    caption=credit(*MAP_SOURCES, lang=L),
    value_label=map_options[map_var],
    decimals=2 if map_var == "allocated_per_1000" else 0,
    source_ids=MAP_SOURCES,
    notes=(credit(*MAP_SOURCES, lang=L),),
)

# 3. table ----------------------------------------------------------------------------------------------
st.subheader(t("richtgetal.table"))
st.dataframe(display_table(table), width="stretch", height=420, key="rg_table")
source_caption(*TABLE_SOURCES)

# 4. needs per region -------------------------------------------------------------------------------------
st.subheader(t("richtgetal.regions"))
layer_ids = tuple(layer.id for layer in REGION_LAYERS)
layer_labels = {i: get_layer(i).label_nl if NL else get_layer(i).label_en for i in layer_ids}
if st.session_state.get("rg_layer") not in layer_labels:
    st.session_state["rg_layer"] = "provincie"
layer_id = st.selectbox(t("richtgetal.layer"), layer_ids, key="rg_layer", format_func=layer_labels.get)
counts = [c for c in REGION_COUNTS if c in table.columns]
regional = aggregate(table[counts], data.lookup(), layer_id, population, counts=counts)
reg_show = pd.DataFrame(
    {
        t("richtgetal.col.region"): regional["naam"],
        t("richtgetal.col.pop"): fmt_column(regional["inwoners"], 0),
    },
    index=regional.index,
)
for c in counts:
    reg_show[COLUMNS[c][0] if NL else COLUMNS[c][1]] = fmt_column(regional[c], 0)
reg_show[t("richtgetal.col.per1000")] = fmt_column(regional["allocated" + PER_1000_SUFFIX], 2)
st.dataframe(reg_show, width="stretch", key="rg_regions")
source_caption("cbs_kwb_2024", "gemeente_regio_2025")

# 5. downloads, scenario file, link ----------------------------------------------------------------------
st.subheader(t("richtgetal.downloads"))
region_headers = {
    "code": "Regiocode",
    "naam": "Regio",
    "n_gemeenten": "Aantal gemeenten",
    "inwoners": "Inwoners",
    **{c: COLUMNS[c][0] for c in counts},
    **{c + PER_1000_SUFFIX: f"{COLUMNS[c][0]} per 1.000 inwoners" for c in counts},
}
notes = [SCENARIO_NOTE, "Scenario: " + json.dumps(scenario.to_dict(), ensure_ascii=False)]
notes += ["Proxy — " + line for line in sc.proxy_notes(scenario.key, proxies, "nl")]
notes += key_export_notes(scenario.key, "nl")  # unverified points and modelling assumptions of the key
if scenario.key_b:
    from capacity.keys import get_key

    notes += [
        "Proxy sleutel B — " + line
        for line in sc.proxy_notes(scenario.key_b, tuple(p.id for p in get_key(scenario.key_b).proxies), "nl")
    ]
    notes += key_export_notes(scenario.key_b, "nl")
if has_target:
    notes.append(
        "Nieuwe taakstelling = toegewezen + (taakstelling − gerealiseerd vorige periode), nooit onder 0; "
        "taakstelling en realisatie vorige periode komen uit eigen data (pagina Eigen data). "
        + (
            "Voorsprong afgetrokken: niet geverifieerd (METHODS.md)."
            if scenario.carry_surplus
            else "Alleen achterstanden meegeteld."
        )
    )
table_downloads(
    sc.export_frame(table),
    basename=f"richtgetal_{scenario.key}_{result.total}",
    key="rg_dl",
    headers=HEADERS_NL,
    source_ids=(*MAP_SOURCES, "gemeente_regio_2025"),
    notes=notes,
    extra_sheets={layer_labels[layer_id][:31]: regional.rename(columns=region_headers).rename_axis("Regiocode")},
)
sc.scenario_io(scenario, L)
