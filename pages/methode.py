"""Methode & bronnen: generated from the registries (indicators, keys, methods, needs, sources).

Outline: indicators → scores → keys → rounding → needs → sources → worked example for one gemeente.
Nothing on this page is typed by hand except the connecting sentences, so it cannot go stale.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from capacity.apportion import METHOD_LABELS, METHODS
from capacity.explain import describe_config, explain, treatment_table
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


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """All cells as text: these are reference tables, read rather than sorted."""
    return frame.astype(str).replace({"nan": "", "None": ""})


page_header(
    "page.methode",
    intro=t("methode.intro"),
)

# 1. Indicators ---------------------------------------------------------------------------------------
st.header(t("methode.indicators"))
direction_txt = {
    1: t("methode.dir.load"),
    -1: t("methode.dir.capacity"),
}
ind_table = pd.DataFrame(
    {
        "id": [i.id for i in INDICATORS],
        t("methode.col.label"): [i.label_en if L == "en" else i.label_nl for i in INDICATORS],
        t("methode.col.dimension"): [DIMENSION_LABELS[i.dimension][L] for i in INDICATORS],
        t("methode.col.group"): [GROUP_LABELS[i.scored][L] for i in INDICATORS],
        t("methode.col.formula"): [i.formula_nl() for i in INDICATORS],
        t("methode.col.unit"): [i.unit_en if L == "en" else i.unit_nl for i in INDICATORS],
        t("methode.col.region_weight"): [region_weight_label(i.region_weight, L) for i in INDICATORS],
        t("methode.col.direction"): [direction_txt[i.direction] for i in INDICATORS],
        t("methode.col.source"): [", ".join(i.source_ids) for i in INDICATORS],
        t("methode.col.peildatum"): [i.peildatum_label for i in INDICATORS],
        t("methode.col.rationale"): [i.rationale_nl for i in INDICATORS],
    }
)
st.markdown(
    t("methode.constructs")
    + "\n"
    + "\n".join(f"- **{DIMENSION_LABELS[d][L]}**: {CONSTRUCTS[d][L]}" for d in CONSTRUCTS)
)
st.dataframe(_text(ind_table), hide_index=True, width="stretch")
source_caption(*dict.fromkeys(s for i in INDICATORS for s in i.source_ids))

# 2. Scores -------------------------------------------------------------------------------------------
st.header(t("methode.scores"))
st.markdown(t("methode.scores_text"))
default_result = data.scores(None)
totals = default_result.scores["total_load"]
st.markdown(
    t("methode.scale", lo=fmt_num(totals.min(), 1), hi=fmt_num(totals.max(), 1), med=fmt_num(totals.median(), 1))
)
st.markdown(t("methode.defaults"))
defaults = describe_config(ScoreConfig(), L)
st.dataframe(
    _text(
        defaults.rename(
            columns={
                "setting": t("methode.col.setting"),
                "value": t("methode.col.default"),
            }
        )
    ),
    hide_index=True,
    width="stretch",
    key="methode_defaults",
)
st.markdown(t("methode.outliers"))
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
                "indicator": t("methode.col.label"),
                "treatment": t("methode.col.treatment"),
                "n_winsorised": t("methode.col.n_win"),
                "skew_before": t("methode.col.skew_b"),
                "kurt_before": t("methode.col.kurt_b"),
                "skew_after": t("methode.col.skew_a"),
                "kurt_after": t("methode.col.kurt_a"),
            }
        )
    ),
    hide_index=True,
    width="stretch",
    key="methode_outliers",
)

validation_section(default_result)

# 3. Keys ---------------------------------------------------------------------------------------------
st.header(t("methode.keys"))
st.warning(t("methode.proxy"))
keys = key_registry()
st.dataframe(_text(key_table(L)), hide_index=True, width="stretch")
st.markdown(t("methode.weights"))
st.dataframe(_text(key_terms_table(L)), hide_index=True, width="stretch")
for k in keys or ():
    if k.default_floor:
        st.caption(t("methode.floor") + f" — {key_label(k, L)}: {fmt_num(k.default_floor, 0)} ({k.reference})")
st.markdown(t("methode.inputs"))
st.dataframe(
    _text(
        pd.DataFrame(
            {
                "id": [i.id for i in KEY_INPUTS],
                t("methode.col.quantity"): [i.label_en if L == "en" else i.label_nl for i in KEY_INPUTS],
                t("methode.col.formula_short"): [i.formula_nl() for i in KEY_INPUTS],
                t("methode.col.unit"): [(i.unit_en or i.unit_nl) if L == "en" else i.unit_nl for i in KEY_INPUTS],
                t("methode.col.note"): [i.note(L) for i in KEY_INPUTS],
                t("methode.col.proxy"): [i.proxy_for_en if L == "en" else i.proxy_for_nl for i in KEY_INPUTS],
                t("methode.col.source"): [i.source_id for i in KEY_INPUTS],
            }
        )
    ),
    hide_index=True,
    width="stretch",
)

st.markdown(t("methode.spreiding_check"))
_check = data.guarded(spreidingswet_check)
if L == "en":
    _check = _check.assign(level=_check["level"].map({"provincie": "province", "gemeente": "municipality"}))
st.dataframe(
    _text(
        _check.rename(
            columns={
                "level": t("methode.col.level"),
                "unit": t("methode.col.unit_name"),
                "published": t("methode.col.published"),
                "population": t("methode.col.pop_key"),
                "proxy": t("methode.col.proxy_key"),
                "in_sample": t("methode.col.in_sample"),
                "err_population": t("methode.col.err_pop"),
                "err_proxy": t("methode.col.err_proxy"),
            }
        ).round(3)
    ),
    hide_index=True,
    width="stretch",
)
st.caption(t("methode.spreiding_sources"))
source_caption("cbs_kwb_2024", "gemeente_regio_2025")

# 4. Rounding -----------------------------------------------------------------------------------------
st.header(t("methode.rounding"))
st.markdown(t("methode.rounding_text"))
st.dataframe(
    _text(pd.DataFrame({"id": list(METHODS), t("methode.col.method"): [METHOD_LABELS[m][L] for m in METHODS]})),
    hide_index=True,
)

# 5. Needs parameters ---------------------------------------------------------------------------------
st.header(t("methode.needs"))
st.markdown(t("methode.needs_text"))
st.dataframe(_text(needs_table()), hide_index=True, width="stretch")
st.subheader(t("methode.flow"))
st.markdown(t("methode.flow_text"))
st.dataframe(_text(parameter_table()), hide_index=True, width="stretch")
st.markdown(t("methode.flow_figures"))
st.dataframe(_text(figures_table(L)), hide_index=True, width="stretch")

# 6. Sources ------------------------------------------------------------------------------------------
st.header(t("methode.sources"))
src = pd.DataFrame(
    {
        "id": [s.id for s in SOURCES],
        t("methode.col.title"): [s.title for s in SOURCES],
        t("methode.col.publisher"): [s.publisher for s in SOURCES],
        t("methode.col.licence"): [s.licence for s in SOURCES],
        t("methode.col.peildatum"): [s.peildatum_label for s in SOURCES],
        "URL": [s.official_urls[0] if s.official_urls else (s.upstream_url or "") for s in SOURCES],
        t("methode.col.file"): [s.upstream_url or f"datamirror: {s.path}" for s in SOURCES],
        t("methode.col.derived"): [", ".join(s.derived_from) for s in SOURCES],
        "SHA-256": [s.sha256 for s in SOURCES],
    }
)
st.dataframe(_text(src), hide_index=True, width="stretch", column_config={"URL": st.column_config.LinkColumn("URL")})

# 7. Worked example -----------------------------------------------------------------------------------
st.header(t("methode.example"))
names = data.names().sort_values("gemeentenaam")
codes = names["gemeentecode"].tolist()
label_of = dict(zip(names["gemeentecode"], names["gemeentenaam"], strict=True))
if "methode_gemeente" not in st.session_state:
    from ui import state

    wanted = state.get_param("gemeente")
    st.session_state["methode_gemeente"] = (
        wanted if wanted in label_of else ("GM0363" if "GM0363" in label_of else codes[0])
    )
code = st.selectbox(t("methode.pick"), codes, key="methode_gemeente", format_func=label_of.get)

result = default_result
ids = [i.id for i in result.indicators]
by_id = {i.id: i for i in result.indicators}
parts = explain(result, code).indicators.reindex(ids)  # the decomposition the Gemeente page shows too
example = pd.DataFrame(
    {
        t("methode.col.label"): [by_id[i].label_en if L == "en" else by_id[i].label_nl for i in ids],
        t("methode.col.dimension"): [DIMENSION_LABELS[by_id[i].dimension][L] for i in ids],
        t("methode.col.raw"): [fmt_num(v, 2) for v in result.raw.loc[code, ids]],
        t("methode.col.unit"): [by_id[i].unit_en if L == "en" else by_id[i].unit_nl for i in ids],
        t("methode.col.imputed"): [t("methode.yes") if v else "" for v in result.imputed.loc[code, ids]],
        t("methode.col.treated"): [fmt_num(v, 2) for v in result.treated.loc[code, ids]],
        t("methode.col.normalised"): [fmt_num(v, 1) for v in parts["normalised"]],
        t("methode.col.w_ind"): [fmt_num(v, 3) for v in parts["weight"]],
        t("methode.col.w_dim"): [fmt_num(v, 3) for v in parts["dimension_weight"]],
        t("methode.col.contribution"): [fmt_num(v, 2) for v in parts["contribution_total"]],
    }
)
st.dataframe(example, hide_index=True, width="stretch")
row = result.scores.loc[code]
dims_txt = ", ".join(f"{DIMENSION_LABELS[d][L]} {fmt_num(row[f'{d}_load'], 1)}" for d in DIMENSION_LABELS)
if result.config.aggregate == "arithmetic":
    st.markdown(
        t(
            "methode.sum",
            dims=dims_txt,
            total=fmt_num(row["total_load"], 1),
            rank=fmt_num(row["rank_total"], 0),
            n=fmt_num(len(result.scores), 0),
        )
    )
    st.caption(t("methode.check", s=fmt_num(float(parts["contribution_total"].sum()), 1)))
else:
    st.markdown(t("methode.geo", total=fmt_num(row["total_load"], 1)))
source_caption(*dict.fromkeys(i.source_id for i in INDICATORS))

st.subheader(t("methode.example_alloc"))
scenario_result = st.session_state.get(RESULT_KEY)
example_rows = example_allocation(code, scenario_result, L)
if example_rows is None:
    st.info(t("module.unavailable", detail="capacity.keys / capacity.allocation"))
else:
    total_used, key_used, rows = example_rows
    key_names = {k.id: key_label(k, L) for k in (keys or ())}
    st.markdown(
        t(
            "methode.alloc_expl",
            total=fmt_num(total_used, 0),
            key=key_names.get(key_used, key_used),
            origin=t("methode.origin.session")
            if isinstance(scenario_result, pd.DataFrame)
            else t("methode.origin.example"),
        )
    )
    st.dataframe(_text(rows), hide_index=True)
    source_caption("cbs_kwb_2024")
