"""Prognose: what a richtgetal (or corridor) means per half-year — nationally and for one gemeente.

Outline: inflow → parameters (expander) → compute → national flow chart → gemeente table →
capacity indication → download → parameter sources. The model lives in ``capacity.flow``; this
page only holds widgets and rendering.
"""

from __future__ import annotations

import pandas as pd
import plotly.colors as pc
import plotly.graph_objects as go
import streamlit as st

from capacity.apportion import METHOD_LABELS
from capacity.flow import (
    GEMEENTE_LABELS_EN,
    GEMEENTE_LABELS_NL,
    MAX_START_YEAR,
    MIN_START_YEAR,
    NATIONAL_LABELS_EN,
    NATIONAL_LABELS_NL,
    chart_sources,
    export_headers,
    housing_capacity_indication,
    observed_start,
    project,
)
from capacity.flow_backtest import run_backtest, summary
from capacity.flow_params import (
    FLOW_PARAMETERS,
    input_decimals,
    load_params_file,
    parameter_table,
    resolve_params,
)
from capacity.needs import NEEDS_COLUMNS
from ui import data
from ui.export import table_downloads
from ui.fmt import fmt_int, fmt_pct
from ui.i18n import lang, t
from ui.layout import page_header, plain, source_caption
from ui.scenario import key_label, key_registry

L = lang()
K = "prognose_"  # session-state key prefix of this page


NATIONAL_LABELS = NATIONAL_LABELS_EN if L == "en" else NATIONAL_LABELS_NL
NEED_LABELS = {c: labels[L] for c, labels in NEEDS_COLUMNS.items()}
DEFAULT_SERIES = ("inflow", "to_house", "occupancy_end")
PALETTE = pc.qualitative.D3


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = pc.hex_to_rgb(hex_colour)
    return f"rgba({r},{g},{b},{alpha})"


page_header(
    "page.prognose",
    intro=t("prognose.intro"),
)

# 1. Inflow -------------------------------------------------------------------------------------------
kwb = data.kwb(2024)
keys = key_registry()
key_ids = [k.id for k in keys]
key_names = {k.id: key_label(k, L) for k in keys}

c1, c2, c3 = st.columns(3)
# format_func: dict getters, not lambdas — session state must stay picklable (.streamlit/config.toml).
MODE_LABELS = {
    "vast": t("prognose.mode.fixed"),
    "corridor": t("prognose.mode.corridor"),
}
mode = c1.radio(t("prognose.mode"), tuple(MODE_LABELS), key=K + "mode", horizontal=True, format_func=MODE_LABELS.get)
if mode == "vast":
    richtgetal = c2.number_input(
        t("prognose.richtgetal"),
        min_value=0,
        max_value=1_000_000,
        value=30_000,
        step=1_000,
        key=K + "richtgetal",
    )
    corridor = None
else:
    low = c2.number_input(
        t("prognose.low"),
        min_value=0,
        max_value=1_000_000,
        value=25_000,
        step=1_000,
        key=K + "low",
    )
    high = c2.number_input(
        t("prognose.high"),
        min_value=0,
        max_value=1_000_000,
        value=35_000,
        step=1_000,
        key=K + "high",
    )
    richtgetal, corridor = None, (int(low), int(high))
years = c3.slider(t("prognose.years"), 1, 10, 5, key=K + "years")
default_key = "population" if "population" in key_ids else key_ids[0]
key = c3.selectbox(
    t("prognose.key"),
    key_ids,
    index=key_ids.index(default_key),
    format_func=key_names.get,
    key=K + "key",
)
default_rkey = "spreidingswet" if "spreidingswet" in key_ids else default_key
reception_key = c3.selectbox(
    t("prognose.rkey"),
    key_ids,
    index=key_ids.index(default_rkey),
    format_func=key_names.get,
    key=K + "rkey",
)

# 2. Parameters ---------------------------------------------------------------------------------------
overrides: dict[str, float] = {}
with st.expander(t("prognose.params")):
    uploaded = st.file_uploader(
        t("prognose.upload"),
        type=["toml"],
        key=K + "upload",
    )
    file_params: dict[str, float] = {}
    if uploaded is not None:
        try:
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=".toml") as tmp:
                tmp.write(uploaded.getvalue())
                tmp.flush()
                file_params = load_params_file(tmp.name)
        except (ValueError, UnicodeDecodeError) as exc:
            st.error(t("prognose.upload.bad", e=plain(exc)))
    cols = st.columns(2)
    for i, p in enumerate(FLOW_PARAMETERS):
        start_value = file_params.get(p.id, p.default)
        label = f"{p.label_en if L == 'en' else p.label_nl} ({p.unit_nl})"
        helptext = p.source_line_nl()
        if p.integer:
            value = cols[i % 2].number_input(
                label, value=int(start_value), step=1, help=helptext, key=f"{K}p_{p.id}_{uploaded is not None}"
            )
        else:
            # Only as many decimals as the value needs: "12.000" would read as twelve thousand.
            places = input_decimals(p)
            value = cols[i % 2].number_input(
                label,
                value=float(start_value),
                help=helptext,
                format=f"%.{places}f",
                step=10.0**-places,
                key=f"{K}p_{p.id}_{uploaded is not None}",
            )
        overrides[p.id] = value
    # Observed stocks first (the default): from there the series move towards the equilibrium of the
    # chosen target, so the chart says something; the equilibrium start isolates the target's effect.
    start_labels = {
        "observed": t("prognose.start.obs"),
        "equilibrium": t("prognose.start.eq"),
    }
    start = st.radio(
        t("prognose.start"),
        tuple(start_labels),
        horizontal=True,
        key=K + "start",
        format_func=start_labels.get,
    )
    start_year = st.number_input(
        t("prognose.start_year"),
        min_value=MIN_START_YEAR,
        max_value=MAX_START_YEAR,
        value=2026,
        step=1,
        key=K + "start_year",
        help=t("prognose.start_year.help"),
    )
    published_years = st.checkbox(
        t("prognose.published_years"),
        value=True,
        key=K + "published_years",
        help=t("prognose.published_years.help"),
    )
    param_ranges = st.checkbox(
        t("prognose.ranges"),
        key=K + "ranges",
    )

# 3. Compute ------------------------------------------------------------------------------------------
try:
    params = resolve_params(overrides)
    result = project(
        kwb,
        richtgetal=richtgetal,
        corridor=corridor,
        years=int(years),
        key=key,
        reception_key=reception_key,
        params=params,
        start=start,
        start_year=int(start_year),
        param_ranges=param_ranges,
        published=published_years,
    )
except (ValueError, KeyError, ImportError) as exc:
    st.error(t("prognose.error", e=plain(exc.args[0] if exc.args else exc)))
    st.stop()

national = result.national

# 4. National chart -----------------------------------------------------------------------------------
st.subheader(t("prognose.national"))
inflow_text = (
    fmt_int(richtgetal, L) if richtgetal is not None else f"{fmt_int(corridor[0], L)}–{fmt_int(corridor[1], L)}"
)
st.caption(
    t(
        "prognose.halfyear.note",
        r=inflow_text,
        h=fmt_int(richtgetal / 2, L)
        if richtgetal is not None
        else f"{fmt_int(corridor[0] / 2, L)}–{fmt_int(corridor[1] / 2, L)}",
    )
)
if start == "observed":
    stocks = observed_start(int(start_year), params)
    dates = sorted({v for k, v in stocks.dates.items() if k != "backlog"})  # backlog: per-gemeente seed only
    st.caption(
        t(
            "prognose.start.obs.note",
            y=int(start_year),
            w=fmt_int(stocks.waiting, L),
            a=fmt_int(stocks.awaiting_home, L),
            d=", ".join(dates),
            x="" if stocks.exact else t("prognose.start.obs.inexact", y=int(start_year)),
            r=inflow_text,
        )
    )
else:
    st.caption(t("prognose.start.eq.note"))
series = st.multiselect(
    t("prognose.series"),
    list(NATIONAL_LABELS),
    default=list(DEFAULT_SERIES),
    format_func=NATIONAL_LABELS.get,
    key=K + "series",
)
fig = go.Figure()
x = national["period"]
for i, col in enumerate(series):
    colour = PALETTE[i % len(PALETTE)]
    name = NATIONAL_LABELS[col]
    if (national[f"{col}_low"] != national[f"{col}_high"]).any():
        fig.add_trace(
            go.Scatter(
                x=x,
                y=national[f"{col}_high"],
                mode="lines",
                line={"width": 0, "color": colour},
                showlegend=False,
                hoverinfo="skip",
                legendgroup=col,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=national[f"{col}_low"],
                mode="lines",
                line={"width": 0, "color": colour},
                fill="tonexty",
                fillcolor=_rgba(colour, 0.15),
                showlegend=False,
                hoverinfo="skip",
                legendgroup=col,
            )
        )
    fig.add_trace(
        go.Scatter(x=x, y=national[col], mode="lines+markers", name=name, legendgroup=col, line={"color": colour})
    )
fig.update_layout(
    separators=",." if L == "nl" else ".,",
    yaxis_tickformat=",d",
    yaxis_title=t("prognose.persons"),
    xaxis_title=t("prognose.period"),
    legend={"orientation": "h", "y": -0.2},
    margin={"t": 10},
)
st.plotly_chart(fig, key=K + "chart")
st.caption(chart_sources(start, L, int(start_year)))
if len(result.scenarios) > 1:
    st.caption(t("prognose.chart.note", n=len(result.scenarios)))
else:
    st.caption(t("prognose.chart.noband"))

# 5. One gemeente per period --------------------------------------------------------------------------
st.subheader(t("prognose.gemeente"))
names = kwb.set_index("gemeentecode")["gemeentenaam"].sort_index()
codes = list(names.index)
default_code = "GM0363" if "GM0363" in codes else codes[0]
code = st.selectbox(
    t("prognose.pick"),
    codes,
    index=codes.index(default_code),
    format_func={c: f"{names[c]} ({c})" for c in codes}.get,
    key=K + "gemeente",
)
mine = result.gemeenten[result.gemeenten["gemeentecode"] == code]
labels = (GEMEENTE_LABELS_EN if L == "en" else GEMEENTE_LABELS_NL) | NEED_LABELS
shown = [c for c in labels if c in mine.columns]


def _cell(row: pd.Series, col: str) -> str:
    mid, lo, hi = row[col], row[f"{col}_low"], row[f"{col}_high"]
    text = fmt_int(mid, L)
    return text if lo == hi else f"{text} ({fmt_int(lo, L)}–{fmt_int(hi, L)})"


table = pd.DataFrame(
    {labels[c]: [_cell(r, c) for _, r in mine.iterrows()] for c in shown},
    index=pd.Index(mine["period"], name=t("prognose.period")),
)
st.dataframe(table, key=K + "table")
st.caption(t("prognose.table.note", m=METHOD_LABELS.get(result.method, {}).get(L, result.method)))
source_caption("cbs_kwb_2024")

# 6. Capacity indication ------------------------------------------------------------------------------
if "dwellings" in result.gemeenten.columns:
    st.subheader(t("prognose.capacity"))
    cap = housing_capacity_indication(result.gemeenten[result.gemeenten["gemeentecode"] == code], kwb, params)
    for _, row in cap.iterrows():
        st.markdown(
            t(
                "prognose.capacity.line",
                g=names[code],
                y=int(row["year"]),
                w=fmt_int(row["dwellings"], L),
                a=fmt_pct(row["pct_of_new_build"], 0, L),
                b=fmt_pct(row["pct_of_turnover"], 0, L),
            )
        )
    st.caption(t("prognose.capacity.note"))
    source_caption("cbs_kwb_2024")

# 7. Download -----------------------------------------------------------------------------------------
st.subheader(t("prognose.download"))
full = result.gemeenten.copy()
full.insert(1, "gemeentenaam", full["gemeentecode"].map(names).to_numpy())
full = full.set_index("gemeentecode")
inflow_txt = (
    f"richtgetal {richtgetal} eerste aanvragen per jaar"
    if richtgetal is not None
    else f"corridor {corridor[0]}–{corridor[1]} eerste aanvragen per jaar"
)
export_notes = [
    "Het richtgetal is een scenario-invoer, geen gegeven; modeluitkomsten zijn indicaties.",
    f"Scenario: {inflow_txt}, {years} jaar, sleutel taakstelling {key_names[key]}, sleutel opvang "
    f"{key_names[reception_key]}, start {start_labels[start]} {int(start_year)}.",
    "Kolommen '(ondergrens band)'/'(bovengrens band)': band per rij over de scenario's; alleen de centrale "
    "kolommen tellen per halfjaar exact op tot het landelijke cijfer.",
    *(f"Parameter {p.label_nl} = {params[p.id]:g} {p.unit_nl}: {p.source_line_nl()}" for p in FLOW_PARAMETERS),
]
# Whole persons (and whole euros) as on screen; numbers stay numbers.
table_downloads(
    full,
    basename="prognose_gemeenten",
    key=K + "dl",
    headers=export_headers("nl"),
    source_ids=("cbs_kwb_2024",),
    notes=export_notes,
    default_decimals=0,
)
st.caption(t("prognose.download.note"))

# 8. Parameter sources --------------------------------------------------------------------------------
with st.expander(t("prognose.sources")):
    st.dataframe(parameter_table(), hide_index=True, key=K + "sources_table")

# 9. Back-test ----------------------------------------------------------------------------------------
with st.expander(t("prognose.backtest")):
    bt = run_backtest(params)
    stats = summary(bt)
    st.markdown(
        t(
            "prognose.backtest.text",
            mae=fmt_pct(100 * stats["mae"], 0, L),
            cal=fmt_pct(100 * stats["mae_calibration"], 0, L),
            held=fmt_pct(100 * stats["mae_held_out"], 0, L),
            max=fmt_pct(100 * stats["max_abs_error"], 0, L),
        )
    )
    role = {
        "calibration": t("prognose.backtest.cal"),
        "held-out": t("prognose.backtest.held"),
    }
    shown_bt = pd.DataFrame(
        {
            t("prognose.backtest.figure"): bt[t("prognose.figure")],
            t("prognose.period"): bt["period"],
            t("prognose.backtest.model"): [fmt_int(v, L) for v in bt["model"]],
            t("prognose.backtest.published"): [fmt_int(v, L) for v in bt["published"]],
            t("prognose.backtest.error"): [fmt_pct(100 * v, 0, L) for v in bt["error"]],
            t("prognose.backtest.role"): bt["role"].map(role),
            t("prognose.backtest.source"): [
                src + (t("prognose.backtest.press") if press else "")
                for src, press in zip(bt["source"], bt["press"], strict=True)
            ],
        }
    )
    st.dataframe(shown_bt, hide_index=True, key=K + "backtest_table")
    st.caption(t("prognose.backtest.note"))
