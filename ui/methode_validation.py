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


def validation_section(result: ScoreResult) -> None:
    """Render the validation of the default scores (the same numbers as ``python -m capacity validate-scores``)."""
    L = lang()
    st.subheader(t("methode.validation.title"))
    st.markdown(t("methode.validation.intro"))
    coh = coherence_table(result)
    st.dataframe(
        pd.DataFrame(
            {
                t("methode.validation.dim"): [DIMENSION_LABELS[str(d)][L] for d in coh.index],
                t("methode.validation.n"): [str(int(v)) for v in coh["n_indicators"]],
                t("methode.validation.alpha"): [fmt_num(v, 2) for v in coh["cronbach_alpha"]],
                t("methode.validation.pc1"): [fmt_num(v, 2) for v in coh["pc1_share"]],
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
                t("methode.validation.ind"): [labels.get(str(i), str(i)) for i in corr.index],
                t("methode.validation.own"): [DIMENSION_LABELS[d][L] for d in corr["own"]],
                **{f"r · {DIMENSION_LABELS[d][L]}": [fmt_num(v, 2) for v in corr[d]] for d in dims},
            }
        ),
        hide_index=True,
        width="stretch",
        key="methode_correlations",
    )
    unc = data.uncertainty()
    width = (unc.ranks["rank_p95"] - unc.ranks["rank_p05"]).median()
    st.markdown(t("methode.validation.width", w=fmt_num(width, 0), n=fmt_num(unc.n, 0)))
    alt = alternatives_table(L)
    st.dataframe(
        pd.DataFrame(
            {
                t("methode.validation.choice"): alt["choice"],
                t("methode.validation.option"): alt["option"],
                t("methode.validation.varied"): [
                    t("methode.validation.yes") if v else t("methode.validation.no") for v in alt["varied"]
                ],
                t("methode.validation.why"): alt["why"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="methode_alternatives",
    )
    checks = check_table(result)
    by_id = {c.id: c for c in REFERENCE_CHECKS}
    st.markdown(t("methode.validation.checks"))
    st.dataframe(
        pd.DataFrame(
            {
                t("methode.validation.check"): [
                    by_id[c].label_en if L == "en" else by_id[c].label_nl for c in checks.index
                ],
                t("methode.validation.rule"): [RULES[r][2 if L == "en" else 1] for r in checks["rule"]],
                t("methode.validation.ranks"): checks["ranks"],
                t("methode.validation.median"): [fmt_num(v, 1) for v in checks["median_rank"]],
                t("methode.validation.result"): [
                    t("methode.validation.pass") if p else t("methode.validation.fail") for p in checks["passed"]
                ],
                t("methode.validation.source"): [
                    by_id[c].source + (f" ({by_id[c].note})" if by_id[c].note else "") for c in checks.index
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="methode_checks",
    )
    source_caption("cbs_kwb_2024", "cbs_wbk_2023_gemeente")
