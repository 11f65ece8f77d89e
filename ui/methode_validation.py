"""Methode page, section "Validatie van de drukscores": coherence, rank stability, reference checks and the
Monte Carlo alternatives, all generated from capacity.validation and capacity.uncertainty (no typed numbers)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from capacity.indicators import DIMENSION_LABELS, INDICATORS
from capacity.scoring import ScoreResult
from capacity.uncertainty import alternatives_table
from capacity.validation import REFERENCE_CHECKS, RULES, check_table, coherence_table, correlation_table
from ui import data
from ui.fmt import fmt_num
from ui.i18n import lang, t
from ui.layout import source_caption


def _tr(key: str, nl: str, en: str) -> str:
    return t(f"methode.validation.{key}", nl, en=en)


def validation_section(result: ScoreResult) -> None:
    """Render the validation of the default scores (the same numbers as ``python -m capacity validate-scores``)."""
    L = lang()
    st.subheader(_tr("title", "Validatie van de drukscores", "Validation of the load scores"))
    st.markdown(
        _tr(
            "intro",
            "Meten de scores wat ze beloven? Dezelfde controles als `python -m capacity validate-scores`: samenhang "
            "per dimensie (Cronbachs alfa; aandeel van de eerste hoofdcomponent, zoals COINr), de correlatie van elke "
            "indicator met de dimensies, de stabiliteit van de rang en controles tegen gepubliceerde kennis.",
            "Do the scores measure what they claim? The same checks as `python -m capacity validate-scores`: coherence "
            "per dimension (Cronbach's alpha; first principal component's share, as in COINr), each indicator's "
            "correlation with the dimensions, rank stability and checks against published knowledge.",
        )
    )
    coh = coherence_table(result)
    st.dataframe(
        pd.DataFrame(
            {
                _tr("dim", "Dimensie", "Dimension"): [DIMENSION_LABELS[str(d)][L] for d in coh.index],
                _tr("n", "Indicatoren", "Indicators"): [str(int(v)) for v in coh["n_indicators"]],
                _tr("alpha", "Cronbachs alfa", "Cronbach's alpha"): [fmt_num(v, 2) for v in coh["cronbach_alpha"]],
                _tr("pc1", "Aandeel 1e hoofdcomponent", "First component's share"): [
                    fmt_num(v, 2) for v in coh["pc1_share"]
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="methode_coherence",
    )
    corr = correlation_table(result)
    labels = {i.id: (i.label_en if L == "en" else i.label_nl) for i in INDICATORS}
    dims = [c for c in corr.columns if c in DIMENSION_LABELS]
    st.dataframe(
        pd.DataFrame(
            {
                _tr("ind", "Indicator", "Indicator"): [labels.get(str(i), str(i)) for i in corr.index],
                _tr("own", "Eigen dimensie", "Own dimension"): [DIMENSION_LABELS[d][L] for d in corr["own"]],
                **{f"r · {DIMENSION_LABELS[d][L]}": [fmt_num(v, 2) for v in corr[d]] for d in dims},
            }
        ),
        hide_index=True,
        width="stretch",
        key="methode_correlations",
    )
    unc = data.uncertainty()
    width = (unc.ranks["rank_p95"] - unc.ranks["rank_p05"]).median()
    st.markdown(
        _tr(
            "width",
            "**Stabiliteit van de rang:** de mediane breedte van het 90%-interval van de totale rang is {w} plaatsen "
            "({n} trekkingen over de verdedigbare alternatieven hieronder).",
            "**Rank stability:** the median width of the 90% interval of the total rank is {w} places ({n} draws over "
            "the defensible alternatives below).",
        ).format(w=fmt_num(width, 0), n=fmt_num(unc.n, 0))
    )
    alt = alternatives_table(L)
    st.dataframe(
        pd.DataFrame(
            {
                _tr("choice", "Keuze", "Choice"): alt["choice"],
                _tr("option", "Optie", "Option"): alt["option"],
                _tr("varied", "In de Monte Carlo?", "In the Monte Carlo?"): [
                    _tr("yes", "ja", "yes") if v else _tr("no", "nee", "no") for v in alt["varied"]
                ],
                _tr("why", "Waarom", "Why"): alt["why"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="methode_alternatives",
    )
    checks = check_table(result)
    by_id = {c.id: c for c in REFERENCE_CHECKS}
    st.markdown(_tr("checks", "**Referentiecontroles**", "**Reference checks**"))
    st.dataframe(
        pd.DataFrame(
            {
                _tr("check", "Controle", "Check"): [
                    by_id[c].label_en if L == "en" else by_id[c].label_nl for c in checks.index
                ],
                _tr("rule", "Eis", "Requirement"): [RULES[r][2 if L == "en" else 1] for r in checks["rule"]],
                _tr("ranks", "Rangen", "Ranks"): checks["ranks"],
                _tr("median", "Mediaanrang", "Median rank"): [fmt_num(v, 1) for v in checks["median_rank"]],
                _tr("result", "Uitkomst", "Result"): [
                    _tr("pass", "voldoet", "passes") if p else _tr("fail", "voldoet niet", "fails")
                    for p in checks["passed"]
                ],
                _tr("source", "Bron van de lijst", "Source of the list"): [
                    by_id[c].source + (f" ({by_id[c].note})" if by_id[c].note else "") for c in checks.index
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="methode_checks",
    )
    source_caption("cbs_kwb_2024", "cbs_wbk_2023_gemeente")
