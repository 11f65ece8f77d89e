"""Gemeente: find a gemeente (aliases too) and see why it scores as it does."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from capacity.explain import explain
from capacity.indicators import DIMENSION_LABELS, INDICATORS, INHABITANTS, region_weight_note
from capacity.scoring import ScoreResult
from geodata.names import FORMER_MATCH, FUZZY_MATCH, former_gemeenten, search_gemeenten
from geodata.regions import REGION_LAYERS
from ui import data, state
from ui import scenario as sc
from ui.fmt import fmt_int, fmt_num, fmt_value
from ui.i18n import lang, t
from ui.layout import link_to_page, page_header, plain, source_caption
from ui.maps import BOUNDARY_SOURCE, KWB_SOURCE, indicator_profile, locator_figure

SEL_KEY = "gemeente_sel"
HITS_KEY = "_gemeente_hits"
DIM_COLORS = {"housing": "#01689b", "education": "#e17000", "integration": "#76b82a"}
NEEDS_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("allocated", "Toegewezen personen", "Allocated persons"),
    ("dwellings", "Benodigde woningen", "Dwellings needed"),
    ("school_places_po", "Schoolplaatsen primair onderwijs", "Primary-school places"),
    ("school_places_vo", "Schoolplaatsen voortgezet onderwijs", "Secondary-school places"),
    ("inburgering_trajects", "Inburgeringstrajecten", "Civic-integration trajectories"),
)


def search_outcome(query: str, names: pd.DataFrame) -> tuple[str | None, list[tuple[str, str]], pd.DataFrame]:
    """(gemeente to open or None, other hits as (code, name), former-gemeente rows) for a search.

    Opened only when the best hit is certain: a code, an exact name or alias, a prefix/substring, or a
    former gemeente merged into one successor. A similarity guess ("Haren" → Laren) or a split former
    gemeente (several successors) is offered, never opened unasked.
    """
    hits = search_gemeenten(query, names, limit=6)
    former = former_gemeenten(query, names)
    pairs = list(zip(hits["gemeentecode"].astype(str), hits["gemeentenaam"].astype(str), strict=True))
    if not len(hits):
        return None, [], former
    top = hits.iloc[0]
    split = top["matched_on"] == FORMER_MATCH and former["gemeentecode"].nunique() > 1
    if top["matched_on"] == FUZZY_MATCH or split:
        return None, pairs, former
    return str(top["gemeentecode"]), pairs[1:], former


def _on_search() -> None:
    """Search callback: a certain hit becomes the selected gemeente; the others are offered."""
    query = st.session_state.get("gemeente_query", "")
    opened, others, former = search_outcome(query, data.names())
    st.session_state[HITS_KEY] = {
        "opened": opened,
        "others": others,
        "former": former[["oude_naam", "datum", "soort", "gemeentenaam"]].astype(str).to_dict("records"),
    }
    if opened is not None:
        st.session_state[SEL_KEY] = opened


def _select(code: str) -> None:
    st.session_state[SEL_KEY] = code


def _fmt_date(iso: str) -> str:
    """'2022-03-24' → '24-3-2022' in Dutch; ISO as is in English."""
    parts = iso.split("-")
    if lang() == "en" or len(parts) != 3:
        return iso
    return f"{int(parts[2])}-{int(parts[1])}-{parts[0]}"


def search_messages(query: str, outcome: dict) -> None:
    """What the search did: a former gemeente's successor (with the herindeling), suggestions for an
    uncertain match ("bedoelde u …?"), other hits, or nothing found. The query is shown as plain text."""
    q = plain(query, 60)
    others, former = outcome.get("others", []), outcome.get("former", [])
    if former:
        first = former[0]
        successors = [f["gemeentenaam"] for f in former]
        if first["soort"] == "splitsing" and len(successors) > 1:
            st.info(
                t(
                    "gemeente.former_split",
                    old=plain(first["oude_naam"]),
                    d=_fmt_date(first["datum"]),
                    s=", ".join(successors),
                )
            )
        else:
            st.info(
                t(
                    "gemeente.former",
                    old=plain(first["oude_naam"]),
                    d=_fmt_date(first["datum"]),
                    new=successors[0],
                )
            )
    if outcome.get("opened") is None and others:
        if not former:
            st.warning(
                t(
                    "gemeente.no_exact",
                    q=q,
                )
            )
        cols = st.columns(min(len(others), 6))
        for col, (c, name) in zip(cols, others, strict=False):
            col.button(name, key=f"suggest_{c}", on_click=_select, args=(c,), width="stretch")
    elif not others and outcome.get("opened") is None:
        st.warning(t("gemeente.no_hit", q=q))
    elif others:
        listed = ", ".join(f"{name} ({c})" for c, name in others)
        st.caption(t("gemeente.other_hits", o=listed))


def dim_label(dim: str) -> str:
    return DIMENSION_LABELS[dim][lang()]


def regions_line(code: str) -> str:
    row = data.lookup().set_index("gemeentecode").loc[code]
    parts = [
        f"{layer.label_en if lang() == 'en' else layer.label_nl}: {row[f'{layer.id}_naam']}" for layer in REGION_LAYERS
    ]
    return " · ".join(parts)


def score_block(code: str) -> ScoreResult:
    """Load scores with ranks and the rank interval; returns the score result."""
    result = data.scores()
    row = result.scores.loc[code]
    n = len(result.scores)
    cols = st.columns(4)
    for col, dim in zip(cols, ("total", "housing", "education", "integration"), strict=True):
        title = t("gemeente.total") if dim == "total" else dim_label(dim)
        col.metric(
            title,
            fmt_num(row[f"{dim}_load"], 1),
            help=t("gemeente.score_help"),
        )
        col.caption(f"{t('rank')} {fmt_int(row[f'rank_{dim}'])} {t('of')} {fmt_int(n)}")
    rank_interval(code, int(row["rank_total"]), n)
    return result


WIDE_INTERVAL_FRACTION = 0.5  # an interval spanning > half of all ranks is "wide" (a display choice; ~60 of 342)


def interval_note(rank: int, lo: int, hi: int, n: int) -> str:
    """Plain explanation when the headline rank lies outside its own 90% interval or the interval is wide;
    empty otherwise. Why: the headline uses the default method, the interval other reasonable methods,
    and an unbalanced profile (very high on some indicators, low on others) reacts strongly to them."""
    outside = not lo <= rank <= hi
    wide = hi - lo + 1 > WIDE_INTERVAL_FRACTION * n
    if not (outside or wide):
        return ""
    lead = (
        t(
            "gemeente.interval_outside",
            rank=fmt_int(rank),
        )
        if outside
        else t("gemeente.interval_wide")
    )
    return lead + " " + t("gemeente.interval_why")


def rank_interval(code: str, rank: int, n: int) -> None:
    unc = data.uncertainty()
    r = unc.ranks.loc[code]
    st.markdown(
        t(
            "gemeente.interval",
            draws=fmt_int(unc.n),
            lo=fmt_int(r["rank_p05"]),
            hi=fmt_int(r["rank_p95"]),
            mid=fmt_int(r["rank_p50"]),
        )
    )
    note = interval_note(rank, int(r["rank_p05"]), int(r["rank_p95"]), n)
    if note:
        st.caption(note)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[r["rank_p05"], r["rank_p95"]],
            y=[0, 0],
            mode="lines",
            line={"width": 10, "color": "rgba(1,104,155,0.35)"},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[rank],
            y=[0],
            mode="markers",
            marker={"size": 14, "color": "#01689b"},
            hovertemplate=f"{t('rank')} %{{x}}<extra></extra>",
        )
    )
    fig.update_layout(
        height=120,
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 5, "b": 50},
        yaxis={"visible": False},
        xaxis={
            "range": [n + 1, 0],
            "title": t("gemeente.rank_axis"),
        },
    )
    st.plotly_chart(fig, key="gemeente_interval", config={"displayModeBar": False})


def contribution_chart(result: ScoreResult, code: str) -> None:
    exp = explain(result, code)
    ind = exp.indicators[exp.indicators["weight"] > 0].copy()
    label_col = t("gemeente.label_en")
    ind["label"] = ind["dimension"].map(dim_label) + ": " + ind[label_col]
    ind = ind.sort_values(["dimension", "vs_median_points"])  # the same numbers as the lists below
    fig = go.Figure()
    for dim, part in ind.groupby("dimension", sort=False):
        fig.add_trace(
            go.Bar(
                y=part["label"],
                x=part["vs_median_points"],
                orientation="h",
                name=dim_label(str(dim)),
                customdata=[fmt_num(v, 1) for v in part["vs_median_points"]],
                marker_color=DIM_COLORS.get(str(dim)),
                hovertemplate="%{y}: %{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        height=110 + 26 * len(ind),
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
        separators=",." if lang() == "nl" else ".,",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        xaxis={"title": t("gemeente.contrib_axis_median"), "zeroline": True},
    )
    st.plotly_chart(fig, key="gemeente_contrib")
    st.caption(t("gemeente.contrib_note"))
    none = t("gemeente.none_side")
    c1, c2 = st.columns(2)
    c1.markdown(t("gemeente.weak"))
    c1.markdown("\n".join(f"- {row[label_col]}" for _, row in exp.weaknesses.iterrows()) or f"- {none}")
    c2.markdown(t("gemeente.strong"))
    c2.markdown("\n".join(f"- {row[label_col]}" for _, row in exp.strengths.iterrows()) or f"- {none}")


def indicator_table(code: str) -> None:
    prof = indicator_profile(data.indicators(), data.kwb(), data.lookup(), code)
    en = lang() == "en"
    reg = {i.id: i for i in INDICATORS}
    ids = [i for i in prof.index if i in reg]
    p = prof.loc[ids]
    units = [reg[i].unit_en if en else reg[i].unit_nl for i in ids]
    table = pd.DataFrame(
        {
            t("gemeente.col_dim"): [
                dim_label(reg[i].dimension) + ("" if reg[i].scored else " " + t("gemeente.context_tag")) for i in ids
            ],
            t("gemeente.col_ind"): [reg[i].label_en if en else reg[i].label_nl for i in ids],
            t("gemeente.col_value"): [fmt_value(v, u) for v, u in zip(p["value"], units, strict=True)],
            t("gemeente.col_rank"): [
                f"{fmt_int(r)} {t('of')} {fmt_int(n)}" if pd.notna(r) else "–"
                for r, n in zip(p["rank"], p["n_ranked"], strict=True)
            ],
            t("gemeente.col_prov"): [fmt_num(v, 1) for v in p["province_mean"]],
            t("gemeente.col_nl"): [fmt_num(v, 1) for v in p["national_mean"]],
            t("gemeente.col_dir"): [
                (t("gemeente.more_load") if reg[i].direction == 1 else t("gemeente.more_room")) for i in ids
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(table) + 1) + 3)
    st.caption(region_weight_note(lang()))
    st.caption(t("gemeente.context_note"))


def own_data_table(code: str) -> None:
    """Uploaded indicators (Eigen data) for this gemeente, clearly apart from the CBS indicators."""
    from ui.userdata import extra_indicator_meta

    own, variables = data.own_indicators()
    if own is None:
        return
    st.subheader(t("gemeente.own"))
    meta = extra_indicator_meta()
    prof = indicator_profile(own, data.kwb(), data.lookup(), code)
    ids = [c for c in prof.index if c in meta and c in variables]
    p = prof.loc[ids]
    table = pd.DataFrame(
        {
            t("gemeente.col_ind"): [meta[c].label for c in ids],
            t("gemeente.col_value"): [fmt_value(v, meta[c].unit) for v, c in zip(p["value"], ids, strict=True)],
            t("gemeente.col_rank"): [
                f"{fmt_int(r)} {t('of')} {fmt_int(n)}" if pd.notna(r) else "–"
                for r, n in zip(p["rank"], p["n_ranked"], strict=True)
            ],
            t("gemeente.col_nl"): [fmt_num(v, 1) for v in p["national_mean"]],
            t("gemeente.col_dir"): [
                (t("gemeente.more_load") if meta[c].direction == 1 else t("gemeente.more_room")) for c in ids
            ],
            t("gemeente.col_upload"): [
                f"{variables[c].upload[1] or variables[c].upload[0]} ({variables[c].upload[0]})" for c in ids
            ],
            t("gemeente.col_peildatum"): [meta[c].peildatum or t("gemeente.no_peildatum") for c in ids],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="gemeente_own")
    st.caption(t("gemeente.own_note"))


def similar_block(code: str) -> None:
    sim = data.similar(code, 5)
    st.caption(t("gemeente.similar_note"))
    cols = st.columns(len(sim))
    for col, (other, row) in zip(cols, sim.iterrows(), strict=True):
        col.button(
            f"{row['gemeentenaam']} ({fmt_num(row['distance'], 2)})",
            key=f"similar_{other}",
            on_click=_select,
            args=(str(other),),
            width="stretch",
        )


def scenario_block(code: str) -> None:
    """The Richtgetal page's result when there is one, else the default (or linked) scenario, labelled."""
    view = sc.scenario_view()
    sc.render_view_notice(view, lang())  # always names the scenario shown
    sc.sync_view_url(view)  # and puts it in the link
    if view.table is None:
        return
    result = view.table
    if code not in result.index:
        st.info(t("gemeente.not_in_scenario"))
        return
    row = result.loc[code]
    present = [(c, nl, en) for c, nl, en in NEEDS_COLUMNS if c in result.columns]
    cols = st.columns(max(len(present), 1))
    for col, (c, nl, en) in zip(cols, present, strict=False):
        col.metric(en if lang() == "en" else nl, fmt_int(row[c]))
    if {"allocated", "inwoners"} <= set(result.columns) and row["inwoners"] > 0:
        national = result["allocated"].sum() / result["inwoners"].sum() * 1000
        st.caption(
            t(
                "gemeente.per_1000",
                here=fmt_num(row["allocated"] / row["inwoners"] * 1000, 2),
                nl=fmt_num(national, 2),
                total=fmt_int(result["allocated"].sum()),
            )
        )
    st.caption(t("gemeente.needs_note"))
    link_to_page("methode.py", "page.methode", ":material/menu_book:")
    if len(present) < len(NEEDS_COLUMNS):
        st.caption(t("gemeente.needs_missing"))


# --- page ------------------------------------------------------------------------------------------

page_header("page.gemeente")
names = data.names().sort_values("gemeentenaam", key=lambda s: s.str.lower().str.lstrip("'"))
codes = tuple(names["gemeentecode"].astype(str))
labels = dict(zip(codes, names["gemeentenaam"].astype(str), strict=True))

c_search, c_pick = st.columns(2)
c_search.text_input(
    t("gemeente.search"),
    key="gemeente_query",
    on_change=_on_search,
    placeholder=t("gemeente.search_ph"),
)
state.widget_from_url(SEL_KEY, "gemeente", codes, fallback_first=False)
no_default = {} if SEL_KEY in st.session_state else {"index": None}
code = c_pick.selectbox(
    t("page.gemeente"),
    codes,
    key=SEL_KEY,
    format_func=labels.__getitem__,
    **no_default,
    placeholder=t("gemeente.pick"),
)
state.widget_to_url(SEL_KEY, "gemeente")

query = st.session_state.get("gemeente_query", "")
outcome = st.session_state.get(HITS_KEY)
if query and isinstance(outcome, dict):
    search_messages(query, outcome)

if code is None:
    st.info(t("gemeente.choose"))
    st.stop()

kwb_row = data.kwb().set_index("gemeentecode").loc[code]
c_head, c_map = st.columns([3, 2])
with c_head:
    st.header(f"{labels[code]} ({code})")
    st.caption(regions_line(code))
    st.metric(
        t("gemeente.inhabitants"),
        fmt_int(kwb_row[INHABITANTS]),
    )
with c_map:
    point = data.gemeenten().set_index("gemeentecode").loc[code, "geometry"].representative_point()
    st.plotly_chart(
        locator_figure(
            data.geojson("gemeente"), codes, [labels[c] for c in codes], code, {"lat": point.y, "lon": point.x}
        ),
        key="gemeente_locator",
        config={"displayModeBar": False, "scrollZoom": False},
    )
    source_caption(BOUNDARY_SOURCE)

st.subheader(t("gemeente.scores"))
result = score_block(code)
source_caption(KWB_SOURCE)

st.subheader(t("gemeente.why"))
contribution_chart(result, code)
source_caption(KWB_SOURCE)

st.subheader(t("gemeente.indicators"))
indicator_table(code)
source_caption(KWB_SOURCE, "gemeente_regio_2025")
own_data_table(code)

st.subheader(t("gemeente.similar"))
similar_block(code)

st.subheader(t("gemeente.scenario"))
scenario_block(code)
