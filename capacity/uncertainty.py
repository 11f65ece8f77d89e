"""Uncertainty and sensitivity of the ranks: Monte Carlo over method choices, vectorised over draws.

Following the JRC practice (COINr ``get_sensitivity``, "noisy weights"; see
``docs/METHODS.md``): each draw picks a normalisation method and an aggregation method at
random and multiplies every nominal indicator and dimension weight by a uniform factor in
``[1 − noise, 1 + noise]``. Imputation and outlier treatment (log, winsorising) stay as configured. The normalised
matrices are computed once per method; a batch of draws is then one matrix product per
(method, aggregation) pair, and ranks come from one ``argsort`` over the whole draw matrix.

The ±25 % weight noise is an assumption (a common JRC choice), not an empirical estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from capacity import normalise as nm
from capacity.indicators import INDICATORS, Indicator
from capacity.scoring import (
    ScoreConfig,
    compute_scores,
    dimension_weight_vector,
    effective_dimension_weights,
    indicator_weight_vector,
    membership,
    normalised_matrix,
    rank_from_scores,
    weight_matrix,
)

DEFAULT_WEIGHT_NOISE = 0.25  # assumption: ±25 % uniform noise on every weight (JRC "noisy weights")
MAX_DRAWS = 100_000  # keeps the (draws × gemeenten) rank matrix within a few hundred MB
_BATCH = 2000  # draws per matrix product; bounds memory at ~batch × n × 3 floats

DRIVER_LABELS: dict[str, dict[str, str]] = {
    "normalisation": {"nl": "Normalisatiemethode", "en": "Normalisation method"},
    "aggregation": {"nl": "Aggregatiemethode", "en": "Aggregation method"},
    "indicator_weights": {"nl": "Gewichten van indicatoren", "en": "Indicator weights"},
    "dimension_weights": {"nl": "Gewichten van dimensies", "en": "Dimension weights"},
}


@dataclass(frozen=True)
class UncertaintyResult:
    """``ranks``: per gemeente the point rank and the Monte Carlo rank_p05/p50/p95 (1 = highest load).

    ``drivers``: per choice the mean rank standard deviation when only that choice varies
    (one-at-a-time, ``rank_sd``), its share of the summed variances, and for the categorical choices
    the first-order sensitivity index from the joint sample (share of rank variance explained by
    that choice alone; NaN for the weight groups). ``remove_one``: per indicator the mean and
    maximum absolute rank change when it is left out.
    """

    ranks: pd.DataFrame
    drivers: pd.DataFrame
    remove_one: pd.DataFrame
    n: int
    seed: int
    methods: tuple[str, ...]
    aggregations: tuple[str, ...]
    weight_noise: float


def totals(normalised: np.ndarray, W: np.ndarray, v: np.ndarray, aggregation: str) -> np.ndarray:
    """Total scores (draws × gemeenten) for one normalised matrix (n × K) and per-draw weights.

    ``W`` is (draws × K × D) with columns summing to 1, ``v`` is (draws × D) summing to 1. Mirrors
    :func:`capacity.scoring.compute_scores` exactly (tested), but for many weight sets at once.
    """
    if aggregation == "arithmetic":
        dims = np.matmul(normalised, W)  # (s, n, D)
        return np.einsum("snd,sd->sn", dims, v)
    if aggregation == "geometric":
        dims = np.expm1(np.matmul(np.log1p(normalised), W))
        return np.expm1(np.einsum("snd,sd->sn", np.log1p(dims), v))
    raise ValueError(f"unknown aggregation {aggregation!r}; choose from {', '.join(nm.AGGREGATORS)}")


def _noisy(nominal: np.ndarray, n: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    return nominal[None, :] * rng.uniform(1.0 - noise, 1.0 + noise, size=(n, nominal.size))


def _batched_totals(
    stack: dict[str, np.ndarray],
    method_of: np.ndarray,
    agg_of: np.ndarray,
    methods: tuple[str, ...],
    aggregations: tuple[str, ...],
    W: np.ndarray,
    v: np.ndarray,
) -> np.ndarray:
    """Totals for every draw, grouped by (method, aggregation) so each group is one product."""
    n_g = next(iter(stack.values())).shape[0]
    out = np.empty((W.shape[0], n_g))
    for m, method in enumerate(methods):
        for a, agg in enumerate(aggregations):
            idx = np.flatnonzero((method_of == m) & (agg_of == a))
            for start in range(0, idx.size, _BATCH):
                part = idx[start : start + _BATCH]
                out[part] = totals(stack[method], W[part], v[part], agg)
    return out


def _rank_quantiles(ranks: np.ndarray) -> np.ndarray:
    return np.quantile(ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")


def _first_order(ranks: np.ndarray, groups: np.ndarray) -> float:
    """Mean over gemeenten of Var(E[rank | choice]) / Var(rank): the share one choice explains."""
    var = ranks.var(axis=0)
    labels, counts = np.unique(groups, return_counts=True)
    means = np.stack([ranks[groups == label].mean(axis=0) for label in labels])  # ≤ 6 method labels
    between = (counts[:, None] * (means - ranks.mean(axis=0)) ** 2).sum(axis=0) / ranks.shape[0]
    ok = var > 0
    return float(np.mean(between[ok] / var[ok])) if ok.any() else 0.0


def run_uncertainty(
    kwb: pd.DataFrame,
    config: ScoreConfig | None = None,
    n: int = 1000,
    seed: int = 0,
    lookup: pd.DataFrame | None = None,
    *,
    indicators: tuple[Indicator, ...] = INDICATORS,
    weight_noise: float = DEFAULT_WEIGHT_NOISE,
    methods: tuple[str, ...] | None = None,
    aggregations: tuple[str, ...] = nm.AGGREGATORS,
) -> UncertaintyResult:
    """Rank intervals, drivers of rank variance and remove-one-indicator impact.

    ``methods`` defaults to every normalisation (``distance_reference`` only when the config names
    a reference gemeente). Same ``seed`` → same result.
    """
    config = config or ScoreConfig()
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_DRAWS:
        raise ValueError(f"number of Monte Carlo draws must be an integer from 1 to {MAX_DRAWS}, got {n!r}")
    if not 0 <= weight_noise < 1:
        raise ValueError(f"weight noise must be in [0, 1), got {weight_noise!r}")
    if methods is None:
        methods = tuple(m for m in nm.NORMALISERS if m != "distance_reference" or config.reference)
    for m in methods:
        if m not in nm.NORMALISERS:
            raise ValueError(f"unknown normalisation {m!r}; choose from {', '.join(nm.NORMALISERS)}")
    for a in aggregations:
        if a not in nm.AGGREGATORS:
            raise ValueError(f"unknown aggregation {a!r}; choose from {', '.join(nm.AGGREGATORS)}")
    if not methods or not aggregations:
        raise ValueError("need at least one normalisation and one aggregation method")

    base = compute_scores(kwb, config, lookup, indicators)
    stack = {m: normalised_matrix(base.treated, base.raw, config, m, indicators, base.treatment) for m in methods}
    if config.normalise not in stack:
        stack[config.normalise] = base.normalised.to_numpy()
    member = membership(indicators)
    w0 = indicator_weight_vector(config, indicators)
    v0 = dimension_weight_vector(config)
    W0 = weight_matrix(w0, member)
    V0 = effective_dimension_weights(v0, member, w0)
    point_total = totals(stack[config.normalise], W0[None], V0[None], config.aggregate)[0]
    codes = base.scores.index.to_numpy()

    def rank(scores: np.ndarray) -> np.ndarray:  # one rule for every path: rounded, ties to lower code
        return rank_from_scores(scores, codes)

    point = rank(point_total)

    # --- joint Monte Carlo ---------------------------------------------------------------------
    rng = np.random.default_rng(seed)
    method_of = rng.integers(len(methods), size=n)
    agg_of = rng.integers(len(aggregations), size=n)
    w = _noisy(w0, n, weight_noise, rng)
    v = _noisy(v0, n, weight_noise, rng)
    W = weight_matrix(w, member)
    V = effective_dimension_weights(v, member, w)
    ranks = rank(_batched_totals(stack, method_of, agg_of, methods, aggregations, W, V))
    q = _rank_quantiles(ranks)

    table = pd.DataFrame(index=base.scores.index)
    table["gemeentenaam"] = base.scores["gemeentenaam"]
    table["rank"] = point
    table["rank_p05"], table["rank_p50"], table["rank_p95"] = (q[i].astype("int64") for i in range(3))
    table["rank_mean"] = ranks.mean(axis=0)

    # --- drivers: one choice at a time around the configured point ---------------------------
    oat: dict[str, np.ndarray] = {
        "normalisation": np.stack([rank(totals(stack[m], W0[None], V0[None], config.aggregate)[0]) for m in methods]),
        "aggregation": np.stack(
            [rank(totals(stack[config.normalise], W0[None], V0[None], a)[0]) for a in aggregations]
        ),
    }
    n_oat = min(n, 1000)
    rng_oat = np.random.default_rng(seed + 1)
    w_only = _noisy(w0, n_oat, weight_noise, rng_oat)
    v_only = _noisy(v0, n_oat, weight_noise, rng_oat)
    oat["indicator_weights"] = rank(
        totals(
            stack[config.normalise],
            weight_matrix(w_only, member),
            effective_dimension_weights(np.broadcast_to(v0, (n_oat, v0.size)), member, w_only),
            config.aggregate,
        )
    )
    oat["dimension_weights"] = rank(
        totals(
            stack[config.normalise],
            np.broadcast_to(W0, (n_oat,) + W0.shape),
            effective_dimension_weights(v_only, member, np.broadcast_to(w0, (n_oat, w0.size))),
            config.aggregate,
        )
    )
    sd = {k: float(r.std(axis=0).mean()) for k, r in oat.items()}
    var_sum = sum(s**2 for s in sd.values()) or 1.0
    first = {
        "normalisation": _first_order(ranks, method_of),
        "aggregation": _first_order(ranks, agg_of),
        "indicator_weights": np.nan,
        "dimension_weights": np.nan,
    }
    drivers = pd.DataFrame(
        {
            "label_nl": [DRIVER_LABELS[k]["nl"] for k in sd],
            "label_en": [DRIVER_LABELS[k]["en"] for k in sd],
            "rank_sd": list(sd.values()),
            "share": [s**2 / var_sum for s in sd.values()],
            "first_order": [first[k] for k in sd],
        },
        index=pd.Index(list(sd), name="choice"),
    ).sort_values("rank_sd", ascending=False)

    # --- remove one indicator at a time -------------------------------------------------------
    k = len(indicators)
    w_drop = np.where(np.eye(k, dtype=bool), 0.0, np.broadcast_to(w0, (k, k)))
    drop_ranks = rank(
        totals(
            stack[config.normalise],
            weight_matrix(w_drop, member),
            effective_dimension_weights(np.broadcast_to(v0, (k, v0.size)), member, w_drop),
            config.aggregate,
        )
    )
    shift = np.abs(drop_ranks - point[None, :])
    remove_one = pd.DataFrame(
        {
            "label_nl": [i.label_nl for i in indicators],
            "dimension": [i.dimension for i in indicators],
            "mean_abs_rank_change": shift.mean(axis=1),
            "max_abs_rank_change": shift.max(axis=1),
            "most_affected": base.scores.index.to_numpy()[shift.argmax(axis=1)],
        },
        index=pd.Index([i.id for i in indicators], name="indicator"),
    ).sort_values("mean_abs_rank_change", ascending=False)

    return UncertaintyResult(
        table, drivers, remove_one, int(n), int(seed), tuple(methods), tuple(aggregations), float(weight_noise)
    )


__all__ = ["DRIVER_LABELS", "UncertaintyResult", "run_uncertainty", "totals"]
