"""Housing, education and integration load scores per gemeente (composite-index engine).

Pipeline, in the order of the OECD/JRC handbook (see ``docs/METHODS.md``): raw indicators
from the registry → imputation → outlier treatment (by default COINr's: winsorise up to 5 points,
else log, for each indicator with |skewness| ≥ 2 and kurtosis ≥ 3.5) → orientation (direction, so
that higher = more load) → normalisation to 0–100 → weighted aggregation into one score per
dimension → weighted aggregation of the dimensions into ``total_load``. All scores are on 0–100
where 100 = highest load (a gemeente at the load end of every indicator); ranks are 1 = highest load.
The scores are relative: they compare gemeenten with each other, not with an absolute standard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from capacity import normalise as nm
from capacity.indicators import DIMENSIONS, SCORED_INDICATORS, Indicator, compute_indicators

#: Scores are rounded to this many decimals (of the 0–100 scale) before ranking, so that ranks do not
#: depend on the CPU's summation order; ties then go to the lower gemeentecode.
RANK_DECIMALS = 9

IMPUTERS: tuple[str, ...] = ("national_median", "province_median")
IMPUTER_LABELS: dict[str, dict[str, str]] = {
    "national_median": {"nl": "Landelijke mediaan", "en": "National median"},
    "province_median": {
        "nl": "Mediaan van de provincie (landelijk als die ontbreekt)",
        "en": "Province median (national as fallback)",
    },
}
SCORE_COLUMNS: tuple[str, ...] = (
    "housing_load",
    "education_load",
    "integration_load",
    "total_load",
    "rank_housing",
    "rank_education",
    "rank_integration",
    "rank_total",
)


@dataclass(frozen=True)
class ScoreConfig:
    """Every method choice of the index; the defaults are the JRC textbook baseline.

    ``indicator_weights`` not listed default to 1 and are normalised within their dimension;
    ``dimension_weights`` likewise (equal by default). ``goalposts`` maps an indicator id to its
    (low, high) values in the indicator's own unit; indicators without one use the national
    ``goalpost_quantiles`` (an assumption, see :func:`capacity.normalise.quantile_goalposts`).
    ``outliers="coinr"`` (default) applies COINr's automatic treatment after ``log``/``winsorise``
    to every indicator not logged by choice (:func:`capacity.normalise.coinr_treat`): without it one
    extreme gemeente (Zoeterwoude: 45 new builds per 1,000 against a median of 3) squeezes all others
    into a narrow band of min-max. ``"none"`` switches it off.
    """

    normalise: str = "minmax"
    aggregate: str = "arithmetic"
    winsorise: tuple[float, float] | None = None
    log: tuple[str, ...] = ()
    impute: str = "national_median"
    indicator_weights: Mapping[str, float] | None = None
    dimension_weights: Mapping[str, float] | None = None
    reference: str | None = None
    goalposts: Mapping[str, tuple[float, float]] | None = None
    goalpost_quantiles: tuple[float, float] = (0.05, 0.95)
    outliers: str = "coinr"

    def with_(self, **changes: Any) -> ScoreConfig:
        """A copy with some choices changed (for scenario and sensitivity runs)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class ScoreResult:
    """Everything a page or a test needs to show and explain the scores.

    ``raw``: indicator values in their own units (before imputation); ``treated``: after
    imputation, log and winsorising; ``normalised``: 0–100 with 100 = most load; ``scores``: one
    row per gemeente (see :data:`SCORE_COLUMNS`); ``imputed``: which raw values were filled in;
    ``treatment``: per indicator the automatic outlier treatment (see :func:`capacity.normalise.coinr_treat`).
    """

    raw: pd.DataFrame
    treated: pd.DataFrame
    normalised: pd.DataFrame
    scores: pd.DataFrame
    config: ScoreConfig
    indicators: tuple[Indicator, ...]
    indicator_weights: pd.Series  # normalised to sum 1 within each dimension
    dimension_weights: pd.Series  # normalised to sum 1 over the dimensions that have indicators
    imputed: pd.DataFrame = field(repr=False)
    treatment: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


# --- validation ---------------------------------------------------------------------------------


def validate_config(config: ScoreConfig, indicators: tuple[Indicator, ...], codes: pd.Index) -> None:
    """Reject unknown method names, ids and bad weights with a message a user can act on."""
    if config.normalise not in nm.NORMALISERS:
        raise ValueError(f"unknown normalisation {config.normalise!r}; choose from {', '.join(nm.NORMALISERS)}")
    if config.aggregate not in nm.AGGREGATORS:
        raise ValueError(f"unknown aggregation {config.aggregate!r}; choose from {', '.join(nm.AGGREGATORS)}")
    if config.outliers not in nm.OUTLIER_METHODS:
        raise ValueError(f"unknown outlier treatment {config.outliers!r}; choose from {', '.join(nm.OUTLIER_METHODS)}")
    if config.impute not in IMPUTERS:
        raise ValueError(f"unknown imputation {config.impute!r}; choose from {', '.join(IMPUTERS)}")
    if isinstance(config.log, str):
        raise ValueError(f"log must be a tuple of indicator ids, got the string {config.log!r}")
    if config.winsorise is not None:
        if len(config.winsorise) != 2:
            raise ValueError(f"winsorise needs two quantiles (lower, upper), got {config.winsorise!r}")
        lo, hi = config.winsorise
        if not 0 <= lo < hi <= 1:
            raise ValueError(f"winsorise quantiles must satisfy 0 ≤ lower < upper ≤ 1, got ({lo}, {hi})")
    ids = {i.id for i in indicators}
    for name, keys in (
        ("log", config.log),
        ("indicator_weights", config.indicator_weights or {}),
        ("goalposts", config.goalposts or {}),
    ):
        unknown = sorted(set(keys) - ids)
        if unknown:
            raise KeyError(f"{name}: unknown indicator id(s) {unknown}; known: {sorted(ids)}")
    unknown_dims = sorted(set(config.dimension_weights or {}) - set(DIMENSIONS))
    if unknown_dims:
        raise KeyError(f"dimension_weights: unknown dimension(s) {unknown_dims}; known: {list(DIMENSIONS)}")
    for name, weights in (
        ("indicator_weights", config.indicator_weights or {}),
        ("dimension_weights", config.dimension_weights or {}),
    ):
        for key, w in weights.items():
            if not isinstance(w, (int, float)) or isinstance(w, bool) or not np.isfinite(w) or w < 0:
                raise ValueError(f"{name}[{key!r}] must be a finite number ≥ 0, got {w!r}")
    for key, gp in (config.goalposts or {}).items():
        if len(gp) != 2 or not all(np.isfinite(gp)) or gp[0] == gp[1]:
            raise ValueError(f"goalposts[{key!r}] must be two different finite numbers, got {gp!r}")
    if config.normalise == "distance_reference" and config.reference is None:
        raise ValueError("normalisation 'distance_reference' needs a reference gemeentecode")
    if config.reference is not None and config.reference not in codes:
        raise KeyError(f"reference gemeente {config.reference!r} is not in the key-figure table")


# --- weights ------------------------------------------------------------------------------------


def membership(indicators: tuple[Indicator, ...]) -> np.ndarray:
    """One-hot (indicators × dimensions) matrix: which dimension each indicator feeds."""
    dims = np.array([i.dimension for i in indicators])
    return (dims[:, None] == np.array(DIMENSIONS)[None, :]).astype(float)


def indicator_weight_vector(config: ScoreConfig, indicators: tuple[Indicator, ...]) -> np.ndarray:
    """Raw (unnormalised) indicator weights; 1 for every indicator not listed."""
    given = config.indicator_weights or {}
    return np.array([float(given.get(i.id, 1.0)) for i in indicators])


def dimension_weight_vector(config: ScoreConfig) -> np.ndarray:
    given = config.dimension_weights or {}
    return np.array([float(given.get(d, 1.0)) for d in DIMENSIONS])


def weight_matrix(weights: np.ndarray, member: np.ndarray) -> np.ndarray:
    """(…, indicators × dimensions) matrix whose columns sum to 1 (0 for an empty dimension).

    ``weights`` may carry leading axes (e.g. Monte Carlo draws): shape (…, K) → (…, K, D).
    """
    w = weights[..., :, None] * member
    total = w.sum(axis=-2, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, w / np.where(total > 0, total, 1.0), 0.0)


def effective_dimension_weights(
    dim_weights: np.ndarray, member: np.ndarray, indicator_weights: np.ndarray
) -> np.ndarray:
    """Dimension weights normalised over the dimensions that have weight inside them."""
    has = (indicator_weights[..., :, None] * member).sum(axis=-2) > 0
    v = np.where(has, dim_weights, 0.0)
    total = v.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError("all dimension weights are 0: nothing to aggregate")
    return v / total


# --- pipeline steps -----------------------------------------------------------------------------


def _province_groups(codes: pd.Index, lookup: pd.DataFrame | None) -> pd.Series:
    if lookup is None:  # the engine reads nothing from disk: the caller passes the data layer's lookup
        raise ValueError("province_median needs the region lookup: pass lookup=geodata.load_region_lookup()")
    if not {"gemeentecode", "provincie_code"} <= set(lookup.columns):
        raise KeyError("province_median needs a lookup with columns gemeentecode and provincie_code")
    return lookup.drop_duplicates("gemeentecode").set_index("gemeentecode")["provincie_code"].reindex(codes)


def treat(raw: pd.DataFrame, config: ScoreConfig, lookup: pd.DataFrame | None = None) -> pd.DataFrame:
    """Imputation, log (chosen indicators), winsorising, automatic outlier treatment; own orientation."""
    return treat_detail(raw, config, lookup)[0]


def treat_detail(
    raw: pd.DataFrame, config: ScoreConfig, lookup: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`treat` plus the per-indicator report of the automatic outlier treatment."""
    if config.impute == "province_median":
        values = nm.impute_group_median(raw, _province_groups(raw.index, lookup))
    else:
        values = nm.impute_national_median(raw)
    empty = [c for c in values.columns if values[c].isna().all()]
    if empty:
        raise ValueError(f"indicator(s) {empty} have no values at all; cannot score")
    x = values.to_numpy(dtype=float, copy=True)
    if config.log:
        cols = [values.columns.get_loc(c) for c in config.log]
        x[:, cols] = nm.log_transform(x[:, cols])
    if config.winsorise is not None:
        x = nm.winsorise(x, *config.winsorise)
    columns = [str(c) for c in values.columns]
    if config.outliers == "coinr":
        skip = tuple(values.columns.get_loc(c) for c in config.log)
        x, report = nm.coinr_treat(x, columns, skip=skip)
    else:
        report = nm.coinr_treat(x[:, :0], [])[1]
    return pd.DataFrame(x, index=values.index, columns=values.columns), report


def _oriented_goalposts(
    treated: pd.DataFrame,
    raw: pd.DataFrame,
    config: ScoreConfig,
    directions: np.ndarray,
    treatment: pd.DataFrame | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Goalposts in the oriented, transformed space: given ones are transformed like the data."""
    oriented = treated.to_numpy() * directions
    low, high = nm.quantile_goalposts(oriented, config.goalpost_quantiles)
    for id_, (a, b) in (config.goalposts or {}).items():
        k = treated.columns.get_loc(id_)
        pair = np.array([a, b], dtype=float)
        if id_ in config.log:
            mins = np.nanmin(raw[id_].to_numpy())
            pair = np.log(pair + (0.0 if mins > 0 else 1.0 - mins))
        elif treatment is not None and id_ in treatment.index and treatment.at[id_, "treatment"] == "log":
            row = treatment.loc[id_]
            pair = nm.log_ct_plus_apply(pair, row["log_sign"], row["log_min"], row["log_max"])
            if not np.all(np.isfinite(pair)):
                raise ValueError(
                    f"goalposts[{id_!r}] lie outside the range of the log-treated indicator; "
                    "choose goalposts within the data or outliers='none'"
                )
        pair = np.sort(pair * directions[k])
        low[k], high[k] = pair
    return low, high


def normalised_matrix(
    treated: pd.DataFrame,
    raw: pd.DataFrame,
    config: ScoreConfig,
    method: str,
    indicators: tuple[Indicator, ...],
    treatment: pd.DataFrame | None = None,
) -> np.ndarray:
    """Oriented and normalised (n × K) matrix for one normalisation method (0–100, 100 = most load)."""
    directions = np.array([i.direction for i in indicators], dtype=float)
    oriented = treated.to_numpy() * directions
    ref = None if config.reference is None else treated.index.get_loc(config.reference)
    goalposts = _oriented_goalposts(treated, raw, config, directions, treatment) if method == "goalposts" else None
    return nm.normalise(oriented, method, reference_row=ref, goalposts=goalposts)


def _rank_desc(values: pd.Series) -> pd.Series:
    """1 = highest load; scores rounded to 1e-9 points, ties to the lower gemeentecode (see
    :func:`rank_from_scores`)."""
    ranks = rank_from_scores(values.to_numpy(dtype=float), values.index.to_numpy())
    return pd.Series(ranks, index=values.index, dtype="int64")


def _validate_kwb(kwb: pd.DataFrame) -> None:
    if not isinstance(kwb, pd.DataFrame) or "gemeentecode" not in kwb.columns:
        raise KeyError("key-figure table needs a 'gemeentecode' column")
    if len(kwb) < 2:
        raise ValueError("need at least two gemeenten to compare")
    if kwb["gemeentecode"].duplicated().any():
        dup = kwb.loc[kwb["gemeentecode"].duplicated(), "gemeentecode"].iloc[0]
        raise ValueError(f"gemeentecode {dup!r} occurs more than once")


def compute_scores(
    kwb: pd.DataFrame,
    config: ScoreConfig | None = None,
    lookup: pd.DataFrame | None = None,
    indicators: tuple[Indicator, ...] = SCORED_INDICATORS,
) -> ScoreResult:
    """Score every gemeente in ``kwb`` on the three load dimensions and in total.

    ``lookup`` (the region lookup with ``provincie_code``) is only needed for
    ``impute="province_median"`` (``ValueError`` without it; the engine reads no files).
    """
    config = config or ScoreConfig()
    _validate_kwb(kwb)
    raw = compute_indicators(kwb, indicators)
    raw = raw.where(np.isfinite(raw))  # ±inf in an input is treated as missing, i.e. imputed
    validate_config(config, indicators, raw.index)
    treated, treatment = treat_detail(raw, config, lookup)
    normalised = normalised_matrix(treated, raw, config, config.normalise, indicators, treatment)

    member = membership(indicators)
    w_raw = indicator_weight_vector(config, indicators)
    v_raw = dimension_weight_vector(config)
    starved = (w_raw @ member == 0) & (v_raw > 0) & member.any(axis=0)
    empty_dims = [d for d, bad in zip(DIMENSIONS, starved, strict=True) if bad]
    if empty_dims:
        raise ValueError(f"all indicator weights of dimension(s) {empty_dims} are 0; set the dimension weight to 0")
    W = weight_matrix(w_raw, member)
    v = effective_dimension_weights(v_raw, member, w_raw)

    dims = nm.aggregate(normalised, W, config.aggregate)
    has_dim = W.sum(axis=0) > 0
    dims = np.where(has_dim[None, :], dims, np.nan)
    total = nm.aggregate(np.nan_to_num(dims), v, config.aggregate)

    index = raw.index
    scores = pd.DataFrame(index=index)
    names = kwb.set_index("gemeentecode")["gemeentenaam"] if "gemeentenaam" in kwb.columns else None
    scores["gemeentenaam"] = names.reindex(index) if names is not None else index.astype(str)
    for j, d in enumerate(DIMENSIONS):
        scores[f"{d}_load"] = dims[:, j]
    scores["total_load"] = total
    for d in DIMENSIONS:
        col = scores[f"{d}_load"]
        scores[f"rank_{d}"] = _rank_desc(col) if col.notna().all() else pd.array([pd.NA] * len(col), "Int64")
    scores["rank_total"] = _rank_desc(scores["total_load"])

    ids = [i.id for i in indicators]
    return ScoreResult(
        raw=raw,
        treated=treated,
        normalised=pd.DataFrame(normalised, index=index, columns=ids),
        scores=scores,
        config=config,
        indicators=tuple(indicators),
        indicator_weights=pd.Series((W * member).sum(axis=1), index=ids, name="weight"),
        dimension_weights=pd.Series(v, index=list(DIMENSIONS), name="weight"),
        imputed=raw.isna(),
        treatment=treatment,
    )


def rank_from_scores(scores: np.ndarray, codes: ArrayLike | None = None) -> np.ndarray:
    """Ranks (1 = highest) along the last axis, vectorised over draws, the same on every CPU.

    Scores are rounded to :data:`RANK_DECIMALS` decimals first, so float noise between two summation
    orders (another BLAS kernel) cannot split a tie; tied scores then go to the lower gemeentecode
    (``codes``, aligned with the last axis; default: position). Every gemeente gets its own rank;
    NaN scores rank last.
    """
    x = np.round(np.asarray(scores, dtype=float), RANK_DECIMALS)
    n = x.shape[-1]
    perm = np.arange(n) if codes is None else np.argsort(np.asarray(codes).astype(str), kind="stable")
    order = np.argsort(-x[..., perm], axis=-1, kind="stable")  # stable: ties keep gemeentecode order
    in_perm = np.empty_like(order)
    np.put_along_axis(in_perm, order, np.broadcast_to(np.arange(1, n + 1), order.shape), axis=-1)
    ranks = np.empty_like(in_perm)
    ranks[..., perm] = in_perm
    return ranks
