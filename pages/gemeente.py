"""Gemeente: find a gemeente (aliases too) and see why it scores as it does."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from capacity.explain import explain
from capacity.indicators import DIMENSION_LABELS, INDICATORS, region_weight_note
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
                    "{old} bestaat niet meer: de gemeente is op {d} opgedeeld over {s}. "
                    "Kies hieronder een van die gemeenten (bron: CBS, gemeentelijke herindelingen).",
                    en="{old} no longer exists: on {d} it was divided among {s}. Choose one of them below "
                    "(source: CBS, municipal reorganisations).",
                    old=plain(first["oude_naam"]),
                    d=_fmt_date(first["datum"]),
                    s=", ".join(successors),
                )
            )
        else:
            st.info(
                t(
                    "gemeente.former",
                    "{old} bestaat niet meer: de gemeente is op {d} opgegaan in {new}. Het "
                    "profiel van {new} wordt getoond (bron: CBS, gemeentelijke herindelingen).",
                    en="{old} no longer exists: on {d} it merged into {new}. The profile of {new} is shown "
                    "(source: CBS, municipal reorganisations).",
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
                    "Geen gemeente met de naam '{q}'. Bedoelde u een van deze?",
                    en="No municipality named '{q}'. Did you mean one of these?",
                    q=q,
                )
            )
        cols = st.columns(min(len(others), 6))
        for col, (c, name) in zip(cols, others, strict=False):
            col.button(name, key=f"suggest_{c}", on_click=_select, args=(c,), width="stretch")
    elif not others and outcome.get("opened") is None:
        st.warning(
            t("gemeente.no_hit", "Geen gemeente gevonden voor '{q}'.", en="No municipality found for '{q}'.", q=q)
        )
    elif others:
        listed = ", ".join(f"{name} ({c})" for c, name in others)
        st.caption(t("gemeente.other_hits", "Andere treffers: {o}", en="Other matches: {o}", o=listed))


def dim_label(dim: str) -> str:
    return DIMENSION_LABELS[dim][lang()]


def regions_line(code: str) -> str:
    row = data.lookup().set_index("gemeentecode").loc[code]
    parts = [
        f"{layer.label_en if lang() == 'en' else layer.label_nl}: {row[f'{layer.id}_naam']}" for layer in REGION_LAYERS
    ]
    return " · ".join(parts)


def score_block(code: str) -> ScoreResult:
    """Druk (load) scores with ranks and the rank interval; returns the score result."""
    result = data.scores()
    row = result.scores.loc[code]
    n = len(result.scores)
    cols = st.columns(4)
    for col, dim in zip(cols, ("total", "housing", "education", "integration"), strict=True):
        title = t("gemeente.total", "Totale druk", en="Total load") if dim == "total" else dim_label(dim)
        col.metric(
            title,
            fmt_num(row[f"{dim}_load"], 1),
            help=t(
                "gemeente.score_help",
                "Drukscore 0–100; 100 = hoogste druk van alle gemeenten.",
                en="Score 0–100; 100 = highest load of all municipalities.",
            ),
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
            "De rang {rank} ligt buiten dit interval.",
            en="Rank {rank} lies outside this interval.",
            rank=fmt_int(rank),
        )
        if outside
        else t("gemeente.interval_wide", "Dit interval is breed.", en="This interval is wide.")
    )
    return (
        lead
        + " "
        + t(
            "gemeente.interval_why",
            "Dat gebeurt bij een onevenwichtig profiel: op sommige indicatoren zeer hoog, op andere laag. De rang "
            "hierboven gebruikt de standaardmethode (zie Methode & bronnen), waarin hoge en lage waarden elkaar "
            "compenseren. Bij een meetkundig gemiddelde tellen lage waarden zwaarder en bij normalisatie naar rangorde "
            "telt de afstand tot andere gemeenten niet meer mee; zo'n gemeente zakt dan ver. De rang is daarom "
            "gevoelig voor de methodekeuze: lees hem als indicatie, niet als vaste plaats.",
            en="This happens with an unbalanced profile: very high on some indicators, low on others. The rank above "
            "uses the default method (see Method & sources), in which high and low values compensate each other. "
            "With a geometric mean low values weigh more, and with rank normalisation the distance to other "
            "municipalities no longer counts; such a municipality then drops far. The rank is therefore sensitive "
            "to the method: read it as an indication, not a fixed position.",
        )
    )


def rank_interval(code: str, rank: int, n: int) -> None:
    unc = data.uncertainty()
    r = unc.ranks.loc[code]
    st.markdown(
        t(
            "gemeente.interval",
            "**Onzekerheid van de rang:** bij andere redelijke methodekeuzes (normalisatie, aggregatie, gewichten; "
            "{draws} trekkingen) ligt de rang voor totale druk in 90% van de gevallen tussen **{lo}** en **{hi}** "
            "(mediaan {mid}).",
            en="**Rank uncertainty:** under other reasonable method choices (normalisation, aggregation, weights; "
            "{draws} draws) the total-load rank lies between **{lo}** and **{hi}** in 90% of cases (median {mid}).",
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
            "title": t("gemeente.rank_axis", "rang (1 = hoogste druk)", en="rank (1 = highest load)"),
        },
    )
    st.plotly_chart(fig, key="gemeente_interval", config={"displayModeBar": False})


def contribution_chart(result: ScoreResult, code: str) -> None:
    """Bars = each indicator's weighted distance to the national median (points of the total score); the
    strongest/weakest lists are the largest negative/positive bars (capacity.explain), so they agree."""
    exp = explain(result, code)
    ind = exp.indicators[exp.indicators["weight"] > 0].copy()
    label_col = "label_en" if lang() == "en" else "label_nl"
    ind["label"] = ind["dimension"].map(dim_label) + ": " + ind[label_col]
    ind = ind.sort_values(["dimension", "vs_median_points"])
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
        xaxis={
            "zeroline": True,
            "title": t(
                "gemeente.contrib_axis_median",
                "punten totale druk boven (+) of onder (−) een gemeente op de landelijke mediaan",
                en="points of total load above (+) or below (−) a municipality at the national median",
            ),
        },
    )
    st.plotly_chart(fig, key="gemeente_contrib")
    st.caption(
        t(
            "gemeente.contrib_note",
            "Per indicator: gewicht × (genormaliseerde waarde − landelijke mediaan). Rechts van 0 duwt de indicator "
            "de totale druk omhoog, links ervan omlaag. De lijsten hieronder zijn de langste balken aan elke kant.",
            en="Per indicator: weight × (normalised value − national median). Right of 0 the indicator pushes the "
            "total load up, left of 0 down. The lists below are the longest bars on each side.",
        )
    )
    c1, c2 = st.columns(2)
    none = t("gemeente.none_side", "geen", en="none")
    c1.markdown(
        t(
            "gemeente.weak",
            "**Meeste druk t.o.v. de mediaangemeente**",
            en="**Most load compared with the median municipality**",
        )
    )
    c1.markdown("\n".join(f"- {row[label_col]}" for _, row in exp.weaknesses.iterrows()) or f"- {none}")
    c2.markdown(
        t(
            "gemeente.strong",
            "**Meeste ruimte t.o.v. de mediaangemeente**",
            en="**Most room compared with the median municipality**",
        )
    )
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
            t("gemeente.col_dim", "Dimensie", en="Dimension"): [
                dim_label(reg[i].dimension)
                + ("" if reg[i].scored else " " + t("gemeente.context_tag", "(context)", en="(context)"))
                for i in ids
            ],
            t("gemeente.col_ind", "Indicator", en="Indicator"): [
                reg[i].label_en if en else reg[i].label_nl for i in ids
            ],
            t("gemeente.col_value", "Waarde", en="Value"): [
                fmt_value(v, u) for v, u in zip(p["value"], units, strict=True)
            ],
            t("gemeente.col_rank", "Rang (1 = hoogste)", en="Rank (1 = highest)"): [
                f"{fmt_int(r)} {t('of')} {fmt_int(n)}" if pd.notna(r) else "–"
                for r, n in zip(p["rank"], p["n_ranked"], strict=True)
            ],
            t("gemeente.col_prov", "Gemiddelde provincie", en="Province average"): [
                fmt_num(v, 1) for v in p["province_mean"]
            ],
            t("gemeente.col_nl", "Gemiddelde Nederland", en="Netherlands average"): [
                fmt_num(v, 1) for v in p["national_mean"]
            ],
            t("gemeente.col_dir", "Hogere waarde betekent", en="Higher value means"): [
                (
                    t("gemeente.more_load", "meer druk", en="more load")
                    if reg[i].direction == 1
                    else t("gemeente.more_room", "meer ruimte", en="more capacity")
                )
                for i in ids
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(table) + 1) + 3)
    st.caption(region_weight_note(lang()))
    st.caption(
        t(
            "gemeente.context_note",
            "Indicatoren met '(context)' tellen niet mee in de drukscore: ze meten iets anders dan de druk "
            "(de reden staat op de pagina Methode & bronnen).",
            en="Indicators marked '(context)' do not count in the load score: they measure something else "
            "(the reason is on the Method & sources page).",
        )
    )


def own_data_table(code: str) -> None:
    """Uploaded indicators (Eigen data) for this gemeente, clearly apart from the CBS indicators."""
    from ui.userdata import extra_indicator_meta

    own, variables = data.own_indicators()
    if own is None:
        return
    st.subheader(t("gemeente.own", "Eigen data", en="Own data"))
    meta = extra_indicator_meta()
    prof = indicator_profile(own, data.kwb(), data.lookup(), code)
    ids = [c for c in prof.index if c in meta and c in variables]
    p = prof.loc[ids]
    table = pd.DataFrame(
        {
            t("gemeente.col_ind", "Indicator", en="Indicator"): [meta[c].label for c in ids],
            t("gemeente.col_value", "Waarde", en="Value"): [
                fmt_value(v, meta[c].unit) for v, c in zip(p["value"], ids, strict=True)
            ],
            t("gemeente.col_rank", "Rang (1 = hoogste)", en="Rank (1 = highest)"): [
                f"{fmt_int(r)} {t('of')} {fmt_int(n)}" if pd.notna(r) else "–"
                for r, n in zip(p["rank"], p["n_ranked"], strict=True)
            ],
            t("gemeente.col_nl", "Gemiddelde Nederland", en="Netherlands average"): [
                fmt_num(v, 1) for v in p["national_mean"]
            ],
            t("gemeente.col_dir", "Hogere waarde betekent", en="Higher value means"): [
                (
                    t("gemeente.more_load", "meer druk", en="more load")
                    if meta[c].direction == 1
                    else t("gemeente.more_room", "meer ruimte", en="more capacity")
                )
                for c in ids
            ],
            t("gemeente.col_upload", "Bestand (tabel)", en="File (table)"): [
                f"{variables[c].upload[1] or variables[c].upload[0]} ({variables[c].upload[0]})" for c in ids
            ],
            t("gemeente.col_peildatum", "Peildatum", en="Reference date"): [
                meta[c].peildatum or t("gemeente.no_peildatum", "niet opgegeven", en="not given") for c in ids
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="gemeente_own")
    st.caption(
        t(
            "gemeente.own_note",
            "Eigen upload, niet door CBS gecontroleerd. Rang en gemiddelde gaan over de "
            "gemeenten met een waarde; het gemiddelde is gewogen naar inwoners (aanname).",
            en="Own upload, not checked by CBS. Rank and average cover the municipalities with a value; the "
            "average is weighted by inhabitants (assumption).",
        )
    )


def similar_block(code: str) -> None:
    sim = data.similar(code, 5)
    st.caption(
        t(
            "gemeente.similar_note",
            "Gelijkend op inwonertal, dichtheid en samenstelling (afstand in "
            "standaarddeviaties; een keuze van dit project, geen CBS-indeling).",
            en="Similar in size, density and composition (distance in standard deviations; a project "
            "choice, not a CBS classification).",
        )
    )
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
        st.info(
            t(
                "gemeente.not_in_scenario",
                "Deze gemeente komt niet voor in het berekende scenario.",
                en="This municipality is not part of the computed scenario.",
            )
        )
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
                "Dat is {here} per 1.000 inwoners (landelijk {nl}). Totaal in het scenario: {total} personen.",
                en="That is {here} per 1,000 inhabitants (national {nl}). Scenario total: {total} persons.",
                here=fmt_num(row["allocated"] / row["inwoners"] * 1000, 2),
                nl=fmt_num(national, 2),
                total=fmt_int(result["allocated"].sum()),
            )
        )
    st.caption(
        t(
            "gemeente.needs_note",
            "Behoeften volgen uit de uitgangspunten van het scenario (zie Methode & "
            "bronnen); het zijn rekenkundige indicaties.",
            en="Needs follow from the scenario's assumptions (see Method & sources); they are arithmetic indications.",
        )
    )
    link_to_page("methode.py", "page.methode", ":material/menu_book:")
    if len(present) < len(NEEDS_COLUMNS):
        st.caption(
            t(
                "gemeente.needs_missing",
                "Behoeften (woningen, schoolplaatsen, inburgering) staan in het "
                "scenario zodra de pagina Richtgetal ze berekent.",
                en="Needs (dwellings, school places, integration) appear once the Richtgetal page computes them.",
            )
        )


# --- page ------------------------------------------------------------------------------------------

page_header("page.gemeente")
names = data.names().sort_values("gemeentenaam", key=lambda s: s.str.lower().str.lstrip("'"))
codes = tuple(names["gemeentecode"].astype(str))
labels = dict(zip(codes, names["gemeentenaam"].astype(str), strict=True))

c_search, c_pick = st.columns(2)
c_search.text_input(
    t("gemeente.search", "Zoek op naam of code", en="Search by name or code"),
    key="gemeente_query",
    on_change=_on_search,
    placeholder=t(
        "gemeente.search_ph",
        "bijv. Den Haag, Den Bosch, Hengelo, GM0363",
        en="e.g. Den Haag, Den Bosch, Hengelo, GM0363",
    ),
)
state.widget_from_url(SEL_KEY, "gemeente", codes, fallback_first=False)
no_default = {} if SEL_KEY in st.session_state else {"index": None}
code = c_pick.selectbox(
    t("page.gemeente"),
    codes,
    key=SEL_KEY,
    format_func=labels.__getitem__,
    **no_default,
    placeholder=t("gemeente.pick", "Kies een gemeente", en="Choose a municipality"),
)
state.widget_to_url(SEL_KEY, "gemeente")

query = st.session_state.get("gemeente_query", "")
outcome = st.session_state.get(HITS_KEY)
if query and isinstance(outcome, dict):
    search_messages(query, outcome)

if code is None:
    st.info(
        t(
            "gemeente.choose",
            "Zoek of kies een gemeente om haar profiel te zien.",
            en="Search or choose a municipality to see its profile.",
        )
    )
    st.stop()

kwb_row = data.kwb().set_index("gemeentecode").loc[code]
c_head, c_map = st.columns([3, 2])
with c_head:
    st.header(f"{labels[code]} ({code})")
    st.caption(regions_line(code))
    st.metric(
        t("gemeente.inhabitants", "Inwoners (1 januari 2024)", en="Inhabitants (1 January 2024)"),
        fmt_int(kwb_row["aantal_inwoners"]),
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

st.subheader(t("gemeente.scores", "Drukscores", en="Load scores"))
result = score_block(code)
source_caption(KWB_SOURCE)

st.subheader(t("gemeente.why", "Waarom deze score?", en="Why this score?"))
contribution_chart(result, code)
source_caption(KWB_SOURCE)

st.subheader(t("gemeente.indicators", "Indicatoren", en="Indicators"))
indicator_table(code)
source_caption(KWB_SOURCE, "gemeente_regio_2025")
own_data_table(code)

st.subheader(t("gemeente.similar", "Vergelijkbare gemeenten", en="Similar municipalities"))
similar_block(code)

st.subheader(
    t("gemeente.scenario", "Wat betekent het richtgetal-scenario hier?", en="What does the target scenario mean here?")
)
scenario_block(code)
