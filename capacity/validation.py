"""Do the druk scores measure what they claim? Statistical coherence, rank stability, reference checks.

Pure functions over a :class:`capacity.scoring.ScoreResult` (``python -m capacity validate-scores`` and
the Methode page print them):

* coherence per dimension (COINr's "statistical coherence"): Cronbach's alpha and the share of variance
  of the first principal component of the dimension's normalised indicators;
* each indicator's Pearson correlation with its own dimension score and with the other dimensions;
* rank stability: the median width of the 90 % Monte Carlo rank interval, total and per dimension;
* reference checks against published knowledge (:data:`REFERENCE_CHECKS`): tight housing markets must
  have a median housing-druk rank in the top third, krimpregio's in the bottom half, and the four largest
  cities must all be in the top 15 on integration.

Every list names its source. Where the membership of a list could not be checked against a primary
source from this project, the ``note`` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from capacity.explain import cronbach_alpha
from capacity.indicators import DIMENSION_LABELS, DIMENSIONS
from capacity.scoring import ScoreConfig, ScoreResult


@dataclass(frozen=True)
class ReferenceCheck:
    """A published expectation about ranks: ``rule`` is applied to the ranks of ``codes`` (1 = most druk)."""

    id: str
    label_nl: str
    label_en: str
    dimension: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    rule: str  # "median_top_third" | "median_bottom_half" | "all_top_15"
    source: str
    note: str = ""


def _median_top_third(ranks: np.ndarray, n: int) -> bool:
    return float(np.median(ranks)) <= n / 3


def _median_bottom_half(ranks: np.ndarray, n: int) -> bool:
    return float(np.median(ranks)) > n / 2


def _all_top_15(ranks: np.ndarray, n: int) -> bool:
    return bool(np.all(ranks <= 15))


RULES: dict[str, tuple[Callable[[np.ndarray, int], bool], str, str]] = {
    "median_top_third": (_median_top_third, "mediaanrang in het bovenste derde", "median rank in the top third"),
    "median_bottom_half": (_median_bottom_half, "mediaanrang in de onderste helft", "median rank in the bottom half"),
    "all_top_15": (_all_top_15, "alle in de top 15", "all in the top 15"),
}

REFERENCE_CHECKS: tuple[ReferenceCheck, ...] = (
    ReferenceCheck(
        "tight_housing",
        "Krappe woningmarkten (Randstad)",
        "Tight housing markets (Randstad)",
        "housing",
        ("GM0363", "GM0344", "GM0518", "GM0392", "GM0599", "GM0362", "GM0384"),
        ("Amsterdam", "Utrecht", "'s-Gravenhage", "Haarlem", "Rotterdam", "Amstelveen", "Diemen"),
        "median_top_third",
        "BPD, Hittekaart van de woningmarkt 2017 (top 10 meest gewilde woongemeenten; hier de Randstad-gemeenten "
        "daaruit), https://www.bpd.nl/actueel/blog/integrale-gebiedsontwikkeling/middelgrote-steden-steeds-meer-in-trek; "
        "Staat van de Woningmarkt 2018, Kamerstuk 32 847 nr. 449 (afspraken met de regio's met de grootste druk).",
        "Een ontwikkelaarsindex uit 2017, geen SCP/ABF-tekorttabel per gemeente: die was vanuit dit project niet "
        "te raadplegen.",
    ),
    ReferenceCheck(
        "relaxed_housing",
        "Ontspannen woningmarkten (krimpregio's)",
        "Relaxed housing markets (krimpregio's)",
        "housing",
        ("GM1895", "GM0765", "GM0037", "GM0047", "GM0917", "GM0928", "GM0882", "GM0899"),
        ("Oldambt", "Pekela", "Stadskanaal", "Veendam", "Heerlen", "Kerkrade", "Landgraaf", "Brunssum"),
        "median_bottom_half",
        "CBS, begrip 'krimpregio' (9 gebieden, 40 gemeenten; kaart op rijksoverheid.nl), "
        "https://www.cbs.nl/nl-nl/nieuws/2020/06/in-veel-gemeenten-nauwelijks-langdurige-woningleegstand/krimpregio; "
        "Oost-Groningen: Oldambt, Pekela, Stadskanaal en Veendam in de tabel krimpregio's bij Borghans (RUG, 2016), "
        "'Voorzieningen in krimpgebieden'; Zuid-Limburg als krimpgebied: Tweede Kamer, 'Krimpgebieden in "
        "Nederland', https://www.tweedekamer.nl/debat_en_vergadering/uitgelicht/krimp-en-bevolkingsdaling; "
        "Parkstad Limburg met Heerlen en Kerkrade: PBL-prognose volgens blikopnieuws.nl (6 oktober 2009, pers).",
        "Landgraaf en Brunssum als Parkstad-gemeenten niet in een primaire lijst gecontroleerd; de actuele "
        "rijksoverheid.nl-lijst van 40 krimpgemeenten was vanuit dit project niet te raadplegen.",
    ),
    ReferenceCheck(
        "g4_integration",
        "De vier grootste steden",
        "The four largest cities",
        "integration",
        ("GM0363", "GM0599", "GM0518", "GM0344"),
        ("Amsterdam", "Rotterdam", "'s-Gravenhage", "Utrecht"),
        "all_top_15",
        "CBS, KWB 2024: de vier gemeenten met de meeste inwoners op 1 januari 2024 (getest op de data).",
    ),
)


@dataclass(frozen=True)
class ValidationReport:
    """``coherence``: per dimension n_indicators, cronbach_alpha, pc1_share, rank_width_p50.
    ``correlations``: per indicator its Pearson correlation with each dimension score (own one marked).
    ``checks``: per reference check the ranks, the median rank, the rule and whether it passed.
    ``rank_width_total``: median 90 % rank width of the total (NaN without a Monte Carlo)."""

    coherence: pd.DataFrame
    correlations: pd.DataFrame
    checks: pd.DataFrame
    rank_width_total: float
    n_draws: int
    extra_checks: tuple[ReferenceCheck, ...] = ()

    @property
    def passed(self) -> bool:
        return bool(self.checks["passed"].all())


def pc1_share(items: np.ndarray) -> float:
    """Share of the total variance explained by the first principal component of the standardised
    columns (eigenvalues of the correlation matrix); 1.0 for a single item."""
    if items.shape[1] < 2:
        return 1.0
    corr = np.corrcoef(items, rowvar=False)
    eig = np.linalg.eigvalsh(corr)
    return float(eig[-1] / eig.sum())


def coherence_table(result: ScoreResult) -> pd.DataFrame:
    """Per dimension: number of indicators, Cronbach's alpha and the first principal component's share."""
    rows = []
    for d in DIMENSIONS:
        ids = [i.id for i in result.indicators if i.dimension == d]
        if not ids:
            continue
        x = result.normalised[ids].to_numpy(dtype=float)
        rows.append(
            {"dimension": d, "n_indicators": len(ids), "cronbach_alpha": cronbach_alpha(x), "pc1_share": pc1_share(x)}
        )
    return pd.DataFrame(rows).set_index("dimension")


def correlation_table(result: ScoreResult) -> pd.DataFrame:
    """Pearson correlation of every normalised indicator with every dimension score; ``own`` names its own."""
    dims = [d for d in DIMENSIONS if result.scores[f"{d}_load"].notna().all()]
    scores = result.scores[[f"{d}_load" for d in dims]]
    table = pd.DataFrame(
        {d: result.normalised.corrwith(scores[f"{d}_load"]) for d in dims}, index=result.normalised.columns
    )
    table.insert(0, "own", [i.dimension for i in result.indicators])
    table["own_correlation"] = [table.at[i.id, i.dimension] for i in result.indicators]
    table.index.name = "indicator"
    return table


def check_table(result: ScoreResult, checks: tuple[ReferenceCheck, ...] | None = None) -> pd.DataFrame:
    """Apply each reference check to the point ranks; a code missing from the scores fails the check."""
    checks = REFERENCE_CHECKS if checks is None else checks
    n = len(result.scores)
    rows = []
    for c in checks:
        ranks = result.scores[f"rank_{c.dimension}"].reindex(list(c.codes))
        ok_codes = ranks.notna().all()
        values = ranks.to_numpy(dtype=float)
        rule, _, _ = RULES[c.rule]
        rows.append(
            {
                "check": c.id,
                "dimension": c.dimension,
                "rule": c.rule,
                "ranks": ", ".join(
                    f"{name} {'–' if np.isnan(r) else int(r)}" for name, r in zip(c.names, values, strict=True)
                ),
                "median_rank": float(np.nanmedian(values)) if ok_codes else float("nan"),
                "threshold": {"median_top_third": n / 3, "median_bottom_half": n / 2, "all_top_15": 15.0}[c.rule],
                "passed": bool(ok_codes and rule(values, n)),
            }
        )
    return pd.DataFrame(rows).set_index("check")


def rank_widths(
    kwb: pd.DataFrame, result: ScoreResult, n: int, seed: int = 0, lookup: pd.DataFrame | None = None
) -> tuple[float, dict[str, float]]:
    """Median 90 % rank width (p95 − p05) of the total and of each dimension alone (its weight 1, others 0)."""
    from capacity.uncertainty import run_uncertainty

    def width(config: ScoreConfig) -> float:
        r = run_uncertainty(kwb, config, n=n, seed=seed, lookup=lookup, indicators=result.indicators).ranks
        return float((r["rank_p95"] - r["rank_p05"]).median())

    total = width(result.config)
    per_dim: dict[str, float] = {
        d: width(result.config.with_(dimension_weights={e: float(e == d) for e in DIMENSIONS})) for d in DIMENSIONS
    }
    return total, per_dim


def validate(
    kwb: pd.DataFrame,
    result: ScoreResult,
    n_draws: int = 1000,
    seed: int = 0,
    lookup: pd.DataFrame | None = None,
    checks: tuple[ReferenceCheck, ...] | None = None,
) -> ValidationReport:
    """The whole report; ``n_draws=0`` skips the Monte Carlo (rank widths NaN); ``checks`` defaults to
    :data:`REFERENCE_CHECKS`."""
    checks = REFERENCE_CHECKS if checks is None else checks
    coherence = coherence_table(result)
    if n_draws:
        total, per_dim = rank_widths(kwb, result, n_draws, seed, lookup)
    else:
        total, per_dim = float("nan"), {}
    coherence["rank_width_p50"] = [per_dim.get(d, float("nan")) for d in coherence.index]
    return ValidationReport(
        coherence, correlation_table(result), check_table(result, checks), total, int(n_draws), tuple(checks)
    )


def format_report(report: ValidationReport, lang: str = "en") -> str:
    """Plain-text report for the terminal: coherence, correlations, rank stability, checks with PASS/FAIL."""
    nl = lang == "nl"
    key = "nl" if nl else "en"
    lines = ["Statistische samenhang per dimensie" if nl else "Statistical coherence per dimension"]
    lines.append(f"  {'dimension':<12} {'n':>2} {'alpha':>6} {'PC1':>6} {'width90':>8}")
    for d, row in report.coherence.iterrows():
        lines.append(
            f"  {DIMENSION_LABELS[str(d)][key]:<12} {int(row['n_indicators']):>2} {row['cronbach_alpha']:>6.2f} "
            f"{row['pc1_share']:>6.2f} {row['rank_width_p50']:>8.1f}"
        )
    lines.append("")
    lines.append("Correlatie (Pearson) met de dimensiescores" if nl else "Correlation (Pearson) with dimension scores")
    dims = [c for c in report.correlations.columns if c in DIMENSIONS]
    lines.append(f"  {'indicator':<28} {'own':<12}" + "".join(f"{d:>12}" for d in dims))
    for ind, row in report.correlations.iterrows():
        cells = "".join(f"{row[d]:>12.2f}" for d in dims)
        lines.append(f"  {str(ind):<28} {row['own']:<12}{cells}")
    lines.append("")
    width = "n/a" if np.isnan(report.rank_width_total) else f"{report.rank_width_total:.1f}"
    lines.append(
        (f"Rangstabiliteit: mediane breedte 90%-interval totaal {width} ({report.n_draws} trekkingen)")
        if nl
        else f"Rank stability: median 90% interval width, total {width} ({report.n_draws} draws)"
    )
    lines.append("")
    lines.append("Referentiecontroles" if nl else "Reference checks")
    by_id = {c.id: c for c in (*REFERENCE_CHECKS, *report.extra_checks)}
    for cid, row in report.checks.iterrows():
        c = by_id.get(str(cid))
        label = (c.label_nl if nl else c.label_en) if c else str(cid)
        rule_txt = RULES[row["rule"]][1 if nl else 2]
        status = "PASS" if row["passed"] else "FAIL"
        lines.append(
            f"  [{status}] {label} ({row['dimension']}): {rule_txt}; "
            f"median {row['median_rank']:g} (threshold {row['threshold']:g})"
        )
        lines.append(f"         {row['ranks']}")
        if c:
            lines.append(f"         source: {c.source}")
            if c.note:
                lines.append(f"         note: {c.note}")
    return "\n".join(lines) + "\n"
