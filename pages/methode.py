"""Methode & bronnen: generated from the registries (indicators, keys, methods, needs, sources).

Outline: indicators → scores → keys → rounding → needs → sources → worked example for one gemeente.
Nothing on this page is typed by hand except the connecting sentences, so it cannot go stale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from capacity.apportion import METHOD_LABELS, METHODS
from capacity.explain import describe_config, treatment_table
from capacity.flow_data import figures_table
from capacity.flow_params import parameter_table
from capacity.indicators import CONSTRUCTS, DIMENSION_LABELS, GROUP_LABELS, INDICATORS, region_weight_label
from capacity.keys import KEY_INPUTS, key_table, key_terms_table
from capacity.needs import needs_table
from capacity.scoring import ScoreConfig
from geodata.sources import SOURCES
from ui import data
from ui.fmt import fmt_num
from ui.i18n import lang, t
from ui.layout import page_header, source_caption
from ui.methode_validation import validation_section
from ui.scenario import RESULT_KEY, example_allocation, key_label, key_registry

L = lang()


@st.cache_data(show_spinner=False)
def spreidingswet_check() -> pd.DataFrame:
    """Published vs computed Spreidingswet places (capacity.spreidingswet.check_table), cached."""
    from capacity.spreidingswet import check_table

    return check_table(data.kwb(2024), data.lookup())


def _tr(key: str, nl: str, en: str) -> str:
    return t(f"methode.{key}", nl, en=en)


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """All cells as text: these are reference tables, read rather than sorted."""
    return frame.astype(str).replace({"nan": "", "None": ""})


page_header(
    "page.methode",
    intro=_tr(
        "intro",
        "Deze pagina wordt gegenereerd uit de registers in de code (indicatoren, verdeelsleutels, "
        "afrondingsmethoden, behoefteparameters en bronnen), zodat ze niet kan verouderen.",
        "This page is generated from the registries in the code, so it cannot go out of date.",
    ),
)

# 1. Indicators ---------------------------------------------------------------------------------------
st.header(_tr("indicators", "Indicatoren", "Indicators"))
direction_txt = {
    1: _tr("dir.load", "hoger = meer druk", "higher = more load"),
    -1: _tr("dir.capacity", "hoger = meer ruimte", "higher = more room"),
}
ind_table = pd.DataFrame(
    {
        "id": [i.id for i in INDICATORS],
        _tr("col.label", "Indicator", "Indicator"): [i.label_en if L == "en" else i.label_nl for i in INDICATORS],
        _tr("col.dimension", "Dimensie", "Dimension"): [DIMENSION_LABELS[i.dimension][L] for i in INDICATORS],
        _tr("col.group", "Telt mee?", "Scored?"): [GROUP_LABELS[i.scored][L] for i in INDICATORS],
        _tr("col.formula", "Formule (CBS-kolommen)", "Formula (CBS columns)"): [i.formula_nl() for i in INDICATORS],
        _tr("col.unit", "Eenheid", "Unit"): [i.unit_en if L == "en" else i.unit_nl for i in INDICATORS],
        _tr("col.region_weight", "Gewicht bij regiogemiddelde", "Weight in region averages"): [
            region_weight_label(i.region_weight, L) for i in INDICATORS
        ],
        _tr("col.direction", "Richting", "Direction"): [direction_txt[i.direction] for i in INDICATORS],
        _tr("col.source", "Bron", "Source"): [", ".join(i.source_ids) for i in INDICATORS],
        _tr("col.peildatum", "Peildatum", "Reference date"): [i.peildatum_label for i in INDICATORS],
        _tr("col.rationale", "Waarom", "Rationale"): [i.rationale_nl for i in INDICATORS],
    }
)
st.markdown(
    _tr(
        "constructs",
        "**Wat 'druk' per dimensie betekent** (alleen indicatoren die dit meten tellen mee; de andere staan er als "
        "context bij, met de reden):",
        "**What 'druk' (load) means per dimension** (only indicators that measure it are scored; the others are "
        "shown as context, with the reason):",
    )
    + "\n"
    + "\n".join(f"- **{DIMENSION_LABELS[d][L]}**: {CONSTRUCTS[d][L]}" for d in CONSTRUCTS)
)
st.dataframe(_text(ind_table), hide_index=True, width="stretch")
source_caption(*dict.fromkeys(s for i in INDICATORS for s in i.source_ids))

# 2. Scores -------------------------------------------------------------------------------------------
st.header(_tr("scores", "Scores (samengestelde index)", "Scores (composite index)"))
st.markdown(
    _tr(
        "scores_text",
        "Werkwijze volgens het OECD/JRC-handboek voor samengestelde indicatoren (2008): indicatoren uit het register "
        "→ ontbrekende waarden aanvullen → uitschieters behandelen (log, winsoriseren) → richting gelijktrekken "
        "(hoger = meer druk) → normaliseren naar 0–100 → gewogen middelen per dimensie → gewogen middelen van de "
        "dimensies tot de totaalscore. Rang 1 = hoogste druk (scores afgerond op 1e-9 punt; bij gelijke score gaat de "
        "laagste gemeentecode voor, zodat de rang niet van de processor afhangt). De scores zijn relatief: ze vergelijken gemeenten "
        "onderling, niet met een absolute norm.",
        "Following the OECD/JRC handbook (2008): indicators → imputation → outlier treatment → orientation → "
        "normalisation to 0–100 → weighted aggregation per dimension and in total. Rank 1 = highest load. Scores are "
        "relative: they compare gemeenten with each other, not with an absolute standard.",
    )
)
default_result = data.scores(None)
totals = default_result.scores["total_load"]
st.markdown(
    _tr(
        "scale",
        "**Wat betekent 100?** Per indicator krijgt de gemeente met de meeste druk 100 en die met de minste 0. "
        "Een totaalscore van 100 zou dus een gemeente zijn die op élke indicator de hoogste druk van Nederland "
        "heeft; die bestaat niet. Met de standaardinstellingen liggen de totaalscores tussen {lo} en {hi} "
        "(mediaan {med}): vergelijk gemeenten dus vooral op rang en op verschil, niet met 100.",
        "**What does 100 mean?** On each indicator the gemeente with the most load gets 100 and the one with the "
        "least 0. A total of 100 would be a gemeente with the highest load in the country on every indicator; none "
        "exists. With the default settings total scores range from {lo} to {hi} (median {med}): compare ranks and "
        "differences, not distance to 100.",
    ).format(lo=fmt_num(totals.min(), 1), hi=fmt_num(totals.max(), 1), med=fmt_num(totals.median(), 1))
)
st.markdown(_tr("defaults", "**Standaardinstellingen**", "**Default settings**"))
defaults = describe_config(ScoreConfig(), L)
st.dataframe(
    _text(
        defaults.rename(
            columns={
                "setting": _tr("col.setting", "Instelling", "Setting"),
                "value": _tr("col.default", "Standaard", "Default"),
            }
        )
    ),
    hide_index=True,
    width="stretch",
    key="methode_defaults",
)
st.markdown(
    _tr(
        "outliers",
        "**Uitschieters.** Zoals de JRC-toolkit COINr: een indicator met |scheefheid| ≥ 2 én kurtosis ≥ 3,5 wordt "
        "gewinsoriseerd (de meest extreme waarde schuift naar de op één na hoogste, één punt tegelijk, tot 5 punten) "
        "tot hij die toets doorstaat; lukt dat niet, dan krijgt de oorspronkelijke indicator een log-transformatie. "
        "Zo duwt één extreme gemeente (bijv. een studentenstad) niet alle andere in een smalle band. "
        "Met de standaardinstellingen behandeld:",
        "**Outliers.** As in the JRC toolkit COINr: an indicator with |skewness| ≥ 2 and kurtosis ≥ 3.5 is winsorised "
        "(one extreme point at a time, up to 5) until it passes; otherwise the original indicator is log-transformed. "
        "Treated with the default settings:",
    )
)
treated_tbl = treatment_table(default_result, L)
st.dataframe(
    _text(
        treated_tbl.reset_index(drop=True)
        .assign(
            **{
                c: [fmt_num(v, 2) for v in treated_tbl[c]]
                for c in ("skew_before", "kurt_before", "skew_after", "kurt_after")
            }
        )
        .rename(
            columns={
                "indicator": _tr("col.label", "Indicator", "Indicator"),
                "treatment": _tr("col.treatment", "Behandeling", "Treatment"),
                "n_winsorised": _tr("col.n_win", "Gemeenten gewinsoriseerd", "Gemeenten winsorised"),
                "skew_before": _tr("col.skew_b", "Scheefheid vooraf", "Skewness before"),
                "kurt_before": _tr("col.kurt_b", "Kurtosis vooraf", "Kurtosis before"),
                "skew_after": _tr("col.skew_a", "Scheefheid na", "Skewness after"),
                "kurt_after": _tr("col.kurt_a", "Kurtosis na", "Kurtosis after"),
            }
        )
    ),
    hide_index=True,
    width="stretch",
    key="methode_outliers",
)

validation_section(default_result)

# 3. Keys ---------------------------------------------------------------------------------------------
st.header(_tr("keys", "Verdeelsleutels", "Allocation keys"))
st.warning(
    _tr(
        "proxy",
        "Het richtgetal is een scenario-invoer, geen gegeven. Sleutels die een indicator vervangen door een "
        "benadering (proxy) zijn benaderingen, geen officiële verdeling; 'niet geverifieerd' betekent dat de "
        "primaire wettekst niet beschikbaar was (zie docs/METHODS.md).",
        "The target is a scenario input, not data. Keys with proxies are approximations; 'unverified' means "
        "the primary legal text was not available.",
    )
)
keys = key_registry()
st.dataframe(_text(key_table(L)), hide_index=True, width="stretch")
st.markdown(
    _tr(
        "weights",
        "**Termen, gewichten en parameters per sleutel, met bron per term**",
        "**Terms, weights and parameters per key, with a source per term**",
    )
)
st.dataframe(_text(key_terms_table(L)), hide_index=True, width="stretch")
for k in keys or ():
    if k.default_floor:
        st.caption(
            _tr("floor", "Minimum per gemeente (hoort bij de sleutel)", "Minimum per gemeente (part of the key)")
            + f" — {key_label(k, L)}: {fmt_num(k.default_floor, 0)} ({k.reference})"
        )
st.markdown(
    _tr(
        "inputs",
        "**Invoergrootheden van de sleutels (en welke proxy's zijn)**",
        "**Key inputs (and which are proxies)**",
    )
)
st.dataframe(
    _text(
        pd.DataFrame(
            {
                "id": [i.id for i in KEY_INPUTS],
                _tr("col.label", "Grootheid", "Quantity"): [
                    i.label_en if L == "en" else i.label_nl for i in KEY_INPUTS
                ],
                _tr("col.formula", "Formule", "Formula"): [i.formula_nl() for i in KEY_INPUTS],
                _tr("col.unit", "Eenheid", "Unit"): [
                    (i.unit_en or i.unit_nl) if L == "en" else i.unit_nl for i in KEY_INPUTS
                ],
                _tr("col.note", "Toelichting", "Note"): [i.note(L) for i in KEY_INPUTS],
                _tr("col.proxy", "Proxy voor", "Proxy for"): [
                    i.proxy_for_en if L == "en" else i.proxy_for_nl for i in KEY_INPUTS
                ],
                _tr("col.source", "Bron", "Source"): [i.source_id for i in KEY_INPUTS],
            }
        )
    ),
    hide_index=True,
    width="stretch",
)

st.markdown(
    _tr(
        "spreiding_check",
        "**Controle Spreidingswet-proxy** (96.000 plaatsen; provincies: ijkset van de proxy; gemeenten: "
        "gepubliceerde indicatieve aantallen, niet gebruikt bij het ijken; fout = berekend / gepubliceerd − 1)",
        "**Check of the Spreidingswet proxy** (96,000 places; provinces: the proxy's calibration set; gemeenten: "
        "published indicative figures, not used in the fit; error = computed / published − 1)",
    )
)
_check = data.guarded(spreidingswet_check)
if L == "en":
    _check = _check.assign(level=_check["level"].map({"provincie": "province", "gemeente": "municipality"}))
st.dataframe(
    _text(
        _check.rename(
            columns={
                "level": _tr("col.level", "Niveau", "Level"),
                "unit": _tr("col.unit_name", "Eenheid", "Unit"),
                "published": _tr("col.published", "Gepubliceerd", "Published"),
                "population": _tr("col.pop_key", "Inwonersleutel", "Population key"),
                "proxy": _tr("col.proxy_key", "Spreidingswet-proxy", "Spreidingswet proxy"),
                "in_sample": _tr("col.in_sample", "In ijkset", "In fit"),
                "err_population": _tr("col.err_pop", "Fout inwonersleutel", "Error population key"),
                "err_proxy": _tr("col.err_proxy", "Fout proxy", "Error proxy"),
            }
        ).round(3)
    ),
    hide_index=True,
    width="stretch",
)
st.caption(
    _tr(
        "spreiding_sources",
        "Gepubliceerde aantallen (Staatscourant 2024, zoals gerapporteerd door o.a. nos.nl, omroepbrabant.nl, "
        "gemeente.nu en nhnieuws.nl): docs/METHODS.md, 'Spreidingswet 2024'.",
        "Published figures (Staatscourant 2024 as reported by nos.nl, omroepbrabant.nl, gemeente.nu, nhnieuws.nl "
        "and others): docs/METHODS.md, 'Spreidingswet 2024'.",
    )
)
source_caption("cbs_kwb_2024", "gemeente_regio_2025")

# 4. Rounding -----------------------------------------------------------------------------------------
st.header(_tr("rounding", "Afronden naar hele personen", "Rounding to whole persons"))
st.markdown(
    _tr(
        "rounding_text",
        "Quotum = totaal × aandeel. Omdat alleen hele personen kunnen worden toegewezen en de som precies het totaal "
        "moet zijn, rondt een verdeelmethode af (Balinski & Young, *Fair Representation*; docs/METHODS.md). **Grootste "
        "overschot (Hamilton)**: iedereen krijgt het naar beneden afgeronde quotum, de rest gaat naar de grootste "
        "restjes; altijd binnen het quotum, maar niet huismonotoon (Alabama-paradox). **Delermethoden** (Sainte-Laguë/"
        "Webster, D'Hondt/Jefferson, Huntington-Hill) zoeken één deler waarmee de afgeronde quotiënten precies optellen; "
        "ze zijn huis- en bevolkingsmonotoon, maar een gemeente kan meer dan één persoon van haar quotum af liggen. "
        "**Minimum en maximum**: haalbaar als Σ minima ≤ totaal ≤ Σ maxima; het teveel gaat naar rato van de sleutel "
        "naar de anderen. **Gelijke aanspraak**: de gemeente met het grootste gewicht, daarna de laagste gemeentecode.",
        "Quota = total × share; an apportionment method rounds to whole persons summing exactly to the total "
        "(Hamilton: largest remainder; divisor methods: one divisor; bounds feasible iff Σ floors ≤ total ≤ Σ caps).",
    )
)
st.dataframe(
    _text(
        pd.DataFrame(
            {"id": list(METHODS), _tr("col.method", "Methode", "Method"): [METHOD_LABELS[m][L] for m in METHODS]}
        )
    ),
    hide_index=True,
)

# 5. Needs parameters ---------------------------------------------------------------------------------
st.header(_tr("needs", "Behoefteparameters", "Needs parameters"))
st.markdown(
    _tr(
        "needs_text",
        "Indicatieve ordes van grootte voor planning, geen prognose: woningen = personen / personen per woning; "
        "schoolplaatsen = personen × aandeel schoolleeftijd (po, vo); inburgeringstrajecten = personen × aandeel "
        "volwassenen × inburgeringsplichtig deel; kosten per jaar = trajecten × kosten per traject / termijn. "
        "Elke parameter heeft een bron of is als aanname gemarkeerd:",
        "Indicative orders of magnitude, not forecasts; each parameter has a source or is marked as an assumption:",
    )
)
st.dataframe(_text(needs_table()), hide_index=True, width="stretch")
st.subheader(_tr("flow", "Stroommodel (pagina Prognose)", "Flow model (Prognose page)"))
st.markdown(
    _tr(
        "flow_text",
        "Halfjaarlijks voorraad-stroommodel: asielinstroom → IND-besluiten (begrensd door de besliscapaciteit, zodat "
        "achterstanden ontstaan en weer slinken) → inwilligingen (percentage per jaar) en afwijzingen (die nog een "
        "tijd in de opvang blijven) → statushouders in de opvang → woning (begrensd door de vrijkomende "
        "corporatiewoningen voor statushouders); nareizigers tellen mee in de taakstelling maar niet in de "
        "COA-bezetting. Per periode sluitend en via de gekozen sleutels in hele personen per gemeente verdeeld. "
        "Parameters met bron, of gemarkeerd als aanname; het bereik voedt de band laag–hoog:",
        "Half-yearly stock-and-flow model: asylum inflow → IND decisions (limited by the decision capacity, so "
        "backlogs build up and clear) → permits (share per year) and rejections (who stay in reception for a while) "
        "→ status holders in reception → a home (limited by the lettings available to status holders); family "
        "members count in the housing task but not in COA occupancy. Conserved every period and apportioned in whole "
        "persons. Each parameter has a source or is marked as an assumption; its range feeds the low–high band:",
    )
)
st.dataframe(_text(parameter_table()), hide_index=True, width="stretch")
st.markdown(
    _tr(
        "flow_figures",
        "Gepubliceerde landelijke cijfers 2022–2025 (één tabel, met bron; 'pers' = persbericht over een primaire "
        "publicatie). Het model start hieruit bij 'Gepubliceerde voorraden' en de back-test (pagina Prognose, "
        "`python -m capacity project --backtest`) vergelijkt er de uitkomsten mee:",
        "Published national figures 2022–2025 (one table, with sources; 'press' = a press report of a primary "
        "publication). The model starts from them with 'Published stocks', and the back-test (Prognose page, "
        "`python -m capacity project --backtest`) compares its outcomes with them:",
    )
)
st.dataframe(_text(figures_table(L)), hide_index=True, width="stretch")

# 6. Sources ------------------------------------------------------------------------------------------
st.header(_tr("sources", "Bronnen", "Sources"))
src = pd.DataFrame(
    {
        "id": [s.id for s in SOURCES],
        _tr("col.title", "Titel", "Title"): [s.title for s in SOURCES],
        _tr("col.publisher", "Uitgever", "Publisher"): [s.publisher for s in SOURCES],
        _tr("col.licence", "Licentie", "Licence"): [s.licence for s in SOURCES],
        _tr("col.peildatum", "Peildatum", "Reference date"): [s.peildatum_label for s in SOURCES],
        "URL": [s.official_urls[0] if s.official_urls else (s.upstream_url or "") for s in SOURCES],
        _tr("col.file", "Gebruikt bestand", "File used"): [s.upstream_url or f"datamirror: {s.path}" for s in SOURCES],
        _tr("col.derived", "Afgeleid van", "Derived from"): [", ".join(s.derived_from) for s in SOURCES],
        "SHA-256": [s.sha256 for s in SOURCES],
    }
)
st.dataframe(_text(src), hide_index=True, width="stretch", column_config={"URL": st.column_config.LinkColumn("URL")})

# 7. Worked example -----------------------------------------------------------------------------------
st.header(_tr("example", "Rekenvoorbeeld voor één gemeente", "Worked example for one gemeente"))
names = data.names().sort_values("gemeentenaam")
codes = names["gemeentecode"].tolist()
label_of = dict(zip(names["gemeentecode"], names["gemeentenaam"], strict=True))
if "methode_gemeente" not in st.session_state:
    from ui import state

    wanted = state.get_param("gemeente")
    st.session_state["methode_gemeente"] = (
        wanted if wanted in label_of else ("GM0363" if "GM0363" in label_of else codes[0])
    )
code = st.selectbox(_tr("pick", "Gemeente", "Gemeente"), codes, key="methode_gemeente", format_func=label_of.get)

result = default_result
ids = [i.id for i in result.indicators]
by_id = {i.id: i for i in result.indicators}
w_ind = result.indicator_weights.reindex(ids).to_numpy(dtype=float)
w_dim = result.dimension_weights
dim_w = np.array([w_dim.get(by_id[i].dimension, np.nan) for i in ids], dtype=float)
norm = result.normalised.loc[code, ids].to_numpy(dtype=float)
example = pd.DataFrame(
    {
        _tr("col.label", "Indicator", "Indicator"): [
            by_id[i].label_en if L == "en" else by_id[i].label_nl for i in ids
        ],
        _tr("col.dimension", "Dimensie", "Dimension"): [DIMENSION_LABELS[by_id[i].dimension][L] for i in ids],
        _tr("col.raw", "Ruwe waarde", "Raw value"): [fmt_num(v, 2) for v in result.raw.loc[code, ids]],
        _tr("col.unit", "Eenheid", "Unit"): [by_id[i].unit_en if L == "en" else by_id[i].unit_nl for i in ids],
        _tr("col.imputed", "Aangevuld", "Imputed"): [
            _tr("yes", "ja", "yes") if v else "" for v in result.imputed.loc[code, ids]
        ],
        _tr("col.treated", "Na bewerking", "Treated"): [fmt_num(v, 2) for v in result.treated.loc[code, ids]],
        _tr("col.normalised", "Genormaliseerd (0–100)", "Normalised (0–100)"): [fmt_num(v, 1) for v in norm],
        _tr("col.w_ind", "Gewicht in dimensie", "Weight in dimension"): [fmt_num(v, 3) for v in w_ind],
        _tr("col.w_dim", "Gewicht dimensie", "Dimension weight"): [fmt_num(v, 3) for v in dim_w],
        _tr("col.contribution", "Bijdrage aan totaal", "Contribution to total"): [
            fmt_num(v, 2) for v in norm * w_ind * dim_w
        ],
    }
)
st.dataframe(example, hide_index=True, width="stretch")
row = result.scores.loc[code]
dims_txt = ", ".join(f"{DIMENSION_LABELS[d][L]} {fmt_num(row[f'{d}_load'], 1)}" for d in DIMENSION_LABELS)
if result.config.aggregate == "arithmetic":
    st.markdown(
        _tr(
            "sum",
            "Dimensiescore = Σ genormaliseerd × gewicht in dimensie ({dims}). Totaalscore = Σ bijdragen = "
            "**{total}** (rang {rank} van {n}).",
            "Dimension score = Σ normalised × weight ({dims}). Total = Σ contributions = **{total}** (rank {rank} of {n}).",
        ).format(
            dims=dims_txt,
            total=fmt_num(row["total_load"], 1),
            rank=fmt_num(row["rank_total"], 0),
            n=fmt_num(len(result.scores), 0),
        )
    )
    st.caption(
        _tr("check", "Controle: som van de bijdragen = {s}.", "Check: sum of contributions = {s}.").format(
            s=fmt_num(float(np.nansum(norm * w_ind * dim_w)), 1)
        )
    )
else:
    st.markdown(
        _tr(
            "geo",
            "Meetkundig gemiddelde: de score is geen optelsom van bijdragen. Totaalscore {total}.",
            "Geometric mean: the score is not a sum of contributions. Total {total}.",
        ).format(total=fmt_num(row["total_load"], 1))
    )
source_caption(*dict.fromkeys(i.source_id for i in INDICATORS))

st.subheader(_tr("example_alloc", "Van sleutelaandeel naar toewijzing", "From key share to allocation"))
scenario_result = st.session_state.get(RESULT_KEY)
example_rows = example_allocation(code, scenario_result, L)
if example_rows is None:
    st.info(t("module.unavailable", detail="capacity.keys / capacity.allocation"))
else:
    total_used, key_used, rows = example_rows
    key_names = {k.id: key_label(k, L) for k in (keys or ())}
    st.markdown(
        _tr(
            "alloc_expl",
            "Aandeel × totaal = quotum; de afrondingsmethode maakt er hele personen van, zodat de som precies het "
            "totaal is. Totaal {total} ({origin}), sleutel: {key}.",
            "Share × total = quota; rounding makes whole persons so the sum equals the total exactly. "
            "Total {total} ({origin}), key: {key}.",
        ).format(
            total=fmt_num(total_used, 0),
            key=key_names.get(key_used, key_used),
            origin=_tr(
                "origin.session",
                "uit het huidige scenario op de pagina Richtgetal; een scenario-invoer, geen gegeven",
                "from the current scenario; a scenario input, not data",
            )
            if isinstance(scenario_result, pd.DataFrame)
            else _tr("origin.example", "workshopvoorbeeld, geen gegeven", "workshop example, not data"),
        )
    )
    st.dataframe(_text(rows), hide_index=True)
    source_caption("cbs_kwb_2024")
