"""Why does a gemeente score what it scores: contributions, and strengths and weaknesses.

Contributions add up exactly to the score they explain, so a bar chart of them is honest. For the
arithmetic mean an indicator contributes ``weight × normalised value``. For the geometric mean the
score ``S`` satisfies ``ln g(S) = Σ wᵢ·ln g(xᵢ)`` with ``g`` COINr's shift onto [1, 100]
(:func:`capacity.normalise.to_geo_scale`), and each indicator gets the share ``wᵢ·ln g(xᵢ) / ln g(S)``
of ``S`` (a log-share decomposition; exact, but not linear).

Strengths and weaknesses (COINr "strengths and weaknesses per unit", see METHODS.md) come from the
same numbers as the profile's bar chart, so the two cannot contradict each other: ``vs_median_points``
is each indicator's weighted distance to the national median, in points of the total score
(``dimension weight × indicator weight × (normalised − national median of normalised)``). Its sum is
the gemeente's total minus that of a gemeente at the national median on every indicator (arithmetic
mean; a linear reading for the geometric one). Strengths are the indicators that pull the score down
the most (negative only), weaknesses those that push it up the most (positive only). The *load
percentile* (0 = least druk in the country, 100 = most) is kept as a scale-free context column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from capacity import normalise as nm
from capacity.indicators import DIMENSION_LABELS, DIMENSIONS, INDICATORS
from capacity.scoring import IMPUTER_LABELS, ScoreConfig, ScoreResult

N_STRENGTHS = 3


@dataclass(frozen=True)
class Explanation:
    """``indicators``: one row per indicator (id index) with label_nl, label_en, dimension, unit_nl,
    value (own unit), national_median, imputed, normalised, weight (within its dimension),
    contribution (points of its dimension score), load_percentile, vs_median (percentile − 50),
    vs_median_points (weighted distance to the national median, points of the total score),
    dimension_weight and contribution_total (points of the total score; they add up to it).
    ``dimensions``: one row per dimension with score, weight and contribution (points of the total).
    ``strengths``: up to three indicators that pull the total furthest below the median (most room);
    ``weaknesses``: up to three that push it furthest above (most druk). Both from vs_median_points."""

    gemeentecode: str
    gemeentenaam: str
    total_load: float
    rank_total: int
    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    strengths: pd.DataFrame
    weaknesses: pd.DataFrame


def _shares(values: np.ndarray, weights: np.ndarray, score: float, aggregation: str) -> np.ndarray:
    """Contribution of each input to one aggregated score; sums to ``score``."""
    if aggregation == "arithmetic":
        return weights * values
    logs = weights * np.log(nm.to_geo_scale(values))
    total = logs.sum()
    if total <= 0:  # every weighted input is 0: nothing to share out
        return np.zeros_like(values)
    return score * logs / total


def load_percentiles(result: ScoreResult) -> pd.DataFrame:
    """Per indicator, each gemeente's percentile of load (0 = least load, 100 = most), ties averaged;
    NaN where the value was missing (imputed values are not ranked as if observed)."""
    directions = pd.Series({i.id: float(i.direction) for i in result.indicators})
    oriented = result.raw * directions  # raw: missing values stay missing, winsorising adds no ties
    n = oriented.notna().sum().clip(lower=2)
    return 100.0 * (oriented.rank(method="average") - 1.0) / (n - 1.0)


def explain(result: ScoreResult, gemeentecode: str) -> Explanation:
    """Decompose one gemeente's scores; ``KeyError`` with a clear message for an unknown code."""
    if gemeentecode not in result.scores.index:
        raise KeyError(f"gemeente {gemeentecode!r} is not in the scores")
    agg = result.config.aggregate
    row = result.scores.loc[gemeentecode]
    ind = result.indicators
    ids = [i.id for i in ind]
    weights = result.indicator_weights.reindex(ids).to_numpy()
    norm = result.normalised.loc[gemeentecode, ids].to_numpy(dtype=float)

    contribution = np.zeros(len(ids))
    dims = np.array([i.dimension for i in ind])
    for d in DIMENSIONS:  # three dimensions, not a loop over gemeenten
        mask = dims == d
        if mask.any():
            contribution[mask] = _shares(norm[mask], weights[mask], float(row[f"{d}_load"]), agg)

    pct = load_percentiles(result).loc[gemeentecode, ids].to_numpy(dtype=float)
    dim_weight = result.dimension_weights.reindex(dims).to_numpy(dtype=float)
    median_norm = result.normalised[ids].median().to_numpy(dtype=float)
    vs_points = np.round(dim_weight * weights * (norm - median_norm), 9)  # rounded: no sign from float noise
    table = pd.DataFrame(
        {
            "label_nl": [i.label_nl for i in ind],
            "label_en": [i.label_en for i in ind],
            "dimension": dims,
            "unit_nl": [i.unit_nl for i in ind],
            "value": result.raw.loc[gemeentecode, ids].to_numpy(dtype=float),
            "national_median": result.raw[ids].median().to_numpy(),
            "imputed": result.imputed.loc[gemeentecode, ids].to_numpy(dtype=bool),
            "normalised": norm,
            "weight": weights,
            "contribution": contribution,
            "load_percentile": pct,
            "vs_median": pct - 50.0,
            "vs_median_points": vs_points,
        },
        index=pd.Index(ids, name="indicator"),
    )

    present = [d for d in DIMENSIONS if (dims == d).any()]
    dim_scores = np.array([float(row[f"{d}_load"]) for d in present])
    dim_weights = result.dimension_weights.reindex(present).to_numpy()
    dimensions = pd.DataFrame(
        {
            "score": dim_scores,
            "weight": dim_weights,
            "contribution": _shares(dim_scores, dim_weights, float(row["total_load"]), agg),
            "rank": [int(row[f"rank_{d}"]) for d in present],
        },
        index=pd.Index(present, name="dimension"),
    )

    # points of the total score: an indicator's share of its dimension times that dimension's share of the total
    # (exact for both aggregations; the contributions add up to the total score)
    per_point = dimensions["contribution"] / dimensions["score"].where(dimensions["score"] != 0)
    table["dimension_weight"] = dimensions["weight"].reindex(dims).to_numpy(dtype=float)
    table["contribution_total"] = contribution * per_point.reindex(dims).fillna(0.0).to_numpy(dtype=float)

    used = table[(table["weight"] > 0) & ~table["imputed"]]
    below = used[used["vs_median_points"] < 0].sort_values(["vs_median_points", "label_nl"])
    above = used[used["vs_median_points"] > 0].sort_values(["vs_median_points", "label_nl"], ascending=[False, True])
    return Explanation(
        gemeentecode=gemeentecode,
        gemeentenaam=str(row["gemeentenaam"]),
        total_load=float(row["total_load"]),
        rank_total=int(row["rank_total"]),
        indicators=table,
        dimensions=dimensions,
        strengths=below.head(N_STRENGTHS),
        weaknesses=above.head(N_STRENGTHS),
    )


# --- statistical coherence of the index (JRC step "multivariate analysis") ----------------------


def cronbach_alpha(items: np.ndarray) -> float:
    """Cronbach's α of the columns of ``items`` (n × k): ``k/(k−1)·(1 − Σ var(item)/var(Σ items))``.

    Near 1: the indicators of a dimension move together (possibly redundant); near 0 or below: they
    measure different things. NaN for fewer than two items or a constant sum.
    """
    k = items.shape[1]
    if k < 2:
        return float("nan")
    total_var = items.sum(axis=1).var(ddof=1)
    if total_var <= 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - items.var(axis=0, ddof=1).sum() / total_var))


def coherence(result: ScoreResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How well the indicators hang together, per dimension and per indicator.

    Returns ``(dimensions, indicators)``. ``dimensions``: n_indicators, cronbach_alpha, the mean
    Spearman correlation between its indicators, and the Spearman correlation of the dimension score
    with total_load. ``indicators``: Spearman correlation of each normalised indicator with its own
    dimension score, and its strongest correlation with another indicator of the same dimension
    (above 0.9 hints at double counting).
    """
    norm = result.normalised
    dims = pd.Series({i.id: i.dimension for i in result.indicators})
    corr = norm.corr(method="spearman")
    dim_rows, ind_rows = [], []
    for d in DIMENSIONS:  # three dimensions, not a loop over gemeenten
        ids = list(dims.index[dims == d])
        if not ids:
            continue
        block = corr.loc[ids, ids].to_numpy()
        off = block[~np.eye(len(ids), dtype=bool)]
        score = result.scores[f"{d}_load"]
        dim_rows.append(
            {
                "dimension": d,
                "n_indicators": len(ids),
                "cronbach_alpha": cronbach_alpha(norm[ids].to_numpy()),
                "mean_inter_correlation": float(off.mean()) if off.size else float("nan"),
                "correlation_with_total": float(score.corr(result.scores["total_load"], method="spearman")),
            }
        )
        with_dim = norm[ids].corrwith(score, method="spearman")
        peers = pd.DataFrame(np.where(np.eye(len(ids), dtype=bool), -np.inf, block), index=ids, columns=ids)
        for id_ in ids:
            ind_rows.append(
                {
                    "indicator": id_,
                    "dimension": d,
                    "correlation_with_dimension": float(with_dim[id_]),
                    "most_correlated_peer": peers.loc[id_].idxmax() if len(ids) > 1 else None,
                    "peer_correlation": float(peers.loc[id_].max()) if len(ids) > 1 else float("nan"),
                }
            )
    return (pd.DataFrame(dim_rows).set_index("dimension"), pd.DataFrame(ind_rows).set_index("indicator"))


# --- method settings in words (Methode page, README) ----------------------------------------------

_SETTING_LABELS: dict[str, dict[str, str]] = {
    "normalise": {"nl": "Normalisatie", "en": "Normalisation"},
    "aggregate": {"nl": "Aggregatie", "en": "Aggregation"},
    "outliers": {"nl": "Uitschieters (automatisch)", "en": "Outliers (automatic)"},
    "winsorise": {"nl": "Winsoriseren op percentielen (extra)", "en": "Winsorise at percentiles (extra)"},
    "log": {"nl": "Log-transformatie (gekozen)", "en": "Log transform (chosen)"},
    "impute": {"nl": "Ontbrekende waarden", "en": "Missing values"},
    "indicator_weights": {"nl": "Gewichten indicatoren", "en": "Indicator weights"},
    "dimension_weights": {"nl": "Gewichten dimensies", "en": "Dimension weights"},
    "reference": {"nl": "Referentiegemeente", "en": "Reference gemeente"},
    "goalposts": {"nl": "Doelpalen", "en": "Goalposts"},
}


def _pct(q: float, lang: str) -> str:
    text = f"{q * 100:g}"
    return text.replace(".", ",") if lang == "nl" else text


def describe_config(config: ScoreConfig, lang: str = "nl") -> pd.DataFrame:
    """Every method choice in words (no Python values), one row per setting: what a reader of the
    Methode page needs to reproduce the scores. Columns ``setting`` and ``value``."""
    nl = lang != "en"
    none = "geen" if nl else "none"
    ind_label = {i.id: (i.label_nl if nl else i.label_en) for i in INDICATORS}
    if config.winsorise is None:
        wins = "niet (alleen de automatische behandeling hierboven)" if nl else "no (only the automatic treatment)"
    else:
        lo, hi = config.winsorise
        wins = (
            f"{_pct(lo, lang)}e–{_pct(hi, lang)}e percentiel"
            if nl
            else f"{_pct(lo, lang)}th–{_pct(hi, lang)}th percentile"
        )
    weights_ind = (
        ", ".join(f"{ind_label.get(k, k)} {v:g}" for k, v in config.indicator_weights.items())
        if config.indicator_weights
        else ("gelijk binnen elke dimensie" if nl else "equal within each dimension")
    )
    dim_names: dict[str, str] = {d: DIMENSION_LABELS[d]["nl" if nl else "en"] for d in DIMENSIONS}
    weights_dim = (
        ", ".join(f"{dim_names.get(k, k)} {v:g}" for k, v in config.dimension_weights.items())
        if config.dimension_weights
        else (f"gelijk: elk 1/{len(DIMENSIONS)}" if nl else f"equal: 1/{len(DIMENSIONS)} each")
    )
    q_lo, q_hi = config.goalpost_quantiles
    goal = (
        ", ".join(f"{ind_label.get(k, k)} {a:g}–{b:g}" for k, (a, b) in config.goalposts.items())
        if config.goalposts
        else (
            f"alleen bij normalisatie 'Doelpalen': landelijk {_pct(q_lo, lang)}e–{_pct(q_hi, lang)}e "
            "percentiel (aanname)"
            if nl
            else f"only with 'Goalposts': national {_pct(q_lo, lang)}th–{_pct(q_hi, lang)}th percentile (assumption)"
        )
    )
    key = "nl" if nl else "en"
    values = {
        "normalise": nm.NORMALISER_LABELS[config.normalise][key],
        "aggregate": nm.AGGREGATOR_LABELS[config.aggregate][key],
        "outliers": nm.OUTLIER_LABELS[config.outliers][key],
        "winsorise": wins,
        "log": ", ".join(ind_label.get(i, i) for i in config.log) or none,
        "impute": IMPUTER_LABELS[config.impute][key],
        "indicator_weights": weights_ind,
        "dimension_weights": weights_dim,
        "reference": config.reference or none,
        "goalposts": goal,
    }
    return pd.DataFrame({"setting": [_SETTING_LABELS[k][key] for k in values], "value": list(values.values())})


def treatment_table(result: ScoreResult, lang: str = "nl") -> pd.DataFrame:
    """The indicators the automatic outlier treatment changed, in words: treatment, points moved,
    skewness and kurtosis before and after (rounded to 2 decimals). Empty when nothing was treated."""
    report = result.treatment
    if report.empty:
        return pd.DataFrame(
            columns=["indicator", "treatment", "n_winsorised", "skew_before", "kurt_before", "skew_after", "kurt_after"]
        )
    changed = report[report["treatment"] != "none"]
    by_id = {i.id: i for i in result.indicators}
    key = "en" if lang == "en" else "nl"
    return pd.DataFrame(
        {
            "indicator": [getattr(by_id[i], f"label_{key}") if i in by_id else i for i in changed.index],
            "treatment": [nm.TREATMENT_LABELS[t][key] for t in changed["treatment"]],
            "n_winsorised": changed["n_winsorised"].astype("int64").to_numpy(),
            **{c: changed[c].round(2).to_numpy() for c in ("skew_before", "kurt_before", "skew_after", "kurt_after")},
        },
        index=pd.Index(changed.index, name="id"),
    )
