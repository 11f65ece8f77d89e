"""Method choices of the composite index: imputation, outlier treatment, normalisation, aggregation.

Each choice is one named, vectorised function over a 2-D array (rows = gemeenten, columns =
indicators) so that the Monte Carlo in :mod:`capacity.uncertainty` can reuse them unchanged. The
menu follows the OECD/JRC *Handbook on Constructing Composite Indicators* (2008) and the JRC
toolkit COINr (see ``docs/METHODS.md``, section "Composite indices").

Every normaliser maps *oriented* values (higher = more load; the direction is applied before) onto
0–100 where 100 = most load, so that aggregated scores stay on 0–100 too. Where a method is
unbounded by nature (z-score, distances) the mapping to 0–100 is a documented project convention,
not a CBS figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

Array = np.ndarray

# --- imputation ---------------------------------------------------------------------------------


def impute_national_median(values: pd.DataFrame) -> pd.DataFrame:
    """Fill gaps with the national median, the JRC default that is robust to skewed indicators."""
    return values.fillna(values.median(numeric_only=True))


def impute_group_median(values: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Fill gaps with the median of the gemeente's group (e.g. province); national median as fallback.

    ``groups`` is aligned on the index of ``values``; a gemeente without a group, or a group whose
    values are all missing, falls back to the national median.
    """
    group_median = values.groupby(groups.reindex(values.index)).transform("median")
    return values.fillna(group_median).fillna(values.median(numeric_only=True))


# --- outlier treatment --------------------------------------------------------------------------


def winsorise(x: Array, lower: float, upper: float) -> Array:
    """Clip each column to its ``lower`` and ``upper`` quantile so one extreme gemeente cannot
    compress everyone else into a narrow band (COINr ``winsorise`` by quantile)."""
    if not 0 <= lower < upper <= 1:
        raise ValueError(f"winsorise quantiles must satisfy 0 ≤ lower < upper ≤ 1, got ({lower}, {upper})")
    lo = np.nanquantile(x, lower, axis=0)
    hi = np.nanquantile(x, upper, axis=0)
    return np.clip(x, lo, hi)


def log_transform(x: Array) -> Array:
    """Natural log for strongly right-skewed indicators (density, WOZ): ``ln(x)`` when every value is
    positive, otherwise ``ln(x − min + 1)`` so zeros and negatives stay defined (COINr convention)."""
    x = np.asarray(x, dtype=float)
    mins = np.nanmin(x, axis=0)
    shift = np.where(mins > 0, 0.0, 1.0 - mins)
    return np.log(x + shift)


def skewness(x: Array) -> Array:
    """Sample skewness per column, the e1071 "type 2" (Excel) definition that COINr uses; NaN ignored."""
    x = np.asarray(x, dtype=float)
    n = np.sum(~np.isnan(x), axis=0).astype(float)
    d = x - np.nanmean(x, axis=0)
    m2, m3 = np.nansum(d**2, axis=0), np.nansum(d**3, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.sqrt(n) * m3 / m2**1.5 * np.sqrt(n * (n - 1)) / (n - 2)
    return np.where((n >= 3) & (m2 > 0), g, np.nan)


def kurtosis(x: Array) -> Array:
    """Sample excess kurtosis per column, e1071 "type 2" (Excel) as in COINr; NaN ignored."""
    x = np.asarray(x, dtype=float)
    n = np.sum(~np.isnan(x), axis=0).astype(float)
    d = x - np.nanmean(x, axis=0)
    m2, m4 = np.nansum(d**2, axis=0), np.nansum(d**4, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = n * m4 / m2**2
        k = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return np.where((n >= 4) & (m2 > 0), k, np.nan)


#: COINr defaults (``Treat()``/``qTreat()``; Becker et al. 2017 for the thresholds): an indicator
#: "fails" when |skewness| ≥ 2 AND kurtosis ≥ 3.5; up to 5 points are winsorised one at a time.
COINR_WINMAX = 5
COINR_SKEW = 2.0
COINR_KURT = 3.5


def _fails(col: Array, skew_thresh: float, kurt_thresh: float) -> bool:
    sk, ku = float(skewness(col)), float(kurtosis(col))
    return bool(np.isfinite(sk) and np.isfinite(ku) and abs(sk) >= skew_thresh and ku >= kurt_thresh)


def log_ct_plus(col: Array) -> tuple[Array, float, float, float]:
    """COINr ``log_CT_plus``: ``ln(x − min + a)`` for right skew, ``−ln(max + a − x)`` for left skew,
    ``a = 0.01·(max − min)``; keeps the order of the values. Returns (values, sign, min, max)."""
    lo, hi = float(np.nanmin(col)), float(np.nanmax(col))
    a = 0.01 * (hi - lo)
    if float(skewness(col)) > 0:
        return np.log(col - lo + a), 1.0, lo, hi
    return -np.log(hi + a - col), -1.0, lo, hi


def log_ct_plus_apply(values: Array, sign: float, lo: float, hi: float) -> Array:
    """The same transform with the parameters of the data (e.g. for user goalposts in own units)."""
    a = 0.01 * (hi - lo)
    v = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(v - lo + a) if sign > 0 else -np.log(hi + a - v)


def _winsorise_steps(col: Array, winmax: int, skew_thresh: float, kurt_thresh: float) -> tuple[Array, int]:
    """COINr ``winsorise``: move the most extreme value(s) on the skewed side onto the next one,
    one value at a time (ties together), until the column passes or ``winmax`` points are moved."""
    x = col.copy()
    moved = 0
    while moved < winmax and _fails(x, skew_thresh, kurt_thresh):
        if float(skewness(x)) >= 0:
            top = x == np.nanmax(x)
            x[top] = np.nanmax(np.where(top, np.nan, x))
        else:
            top = x == np.nanmin(x)
            x[top] = np.nanmin(np.where(top, np.nan, x))
        moved += int(top.sum())
    return x, moved


def coinr_treat(
    x: Array,
    columns: list[str] | None = None,
    *,
    skip: tuple[int, ...] = (),
    winmax: int = COINR_WINMAX,
    skew_thresh: float = COINR_SKEW,
    kurt_thresh: float = COINR_KURT,
) -> tuple[Array, pd.DataFrame]:
    """Outlier treatment as COINr's default ``Treat()``, one indicator (column) at a time.

    An indicator passes when |skewness| < 2 or kurtosis < 3.5. A failing one is winsorised up to
    ``winmax`` points; if it still fails, the *original* values get the ``log_CT_plus`` transform
    instead. Columns in ``skip`` (e.g. already log-transformed by choice) are left alone. Returns
    the treated matrix and a report per column: treatment (none|winsorised|log), gemeenten changed,
    skewness and kurtosis before and after, and the log parameters (for goalposts in own units).
    The loop runs over the ≤ 20 indicators and ≤ ``winmax`` steps, each step vectorised.
    """
    x = np.array(x, dtype=float, copy=True)
    k = x.shape[1]
    names = columns if columns is not None else [str(j) for j in range(k)]
    report: dict[str, Any] = {
        "treatment": ["none"] * k,
        "n_winsorised": [0] * k,
        "skew_before": skewness(x),
        "kurt_before": kurtosis(x),
        "log_sign": [np.nan] * k,
        "log_min": [np.nan] * k,
        "log_max": [np.nan] * k,
    }
    for j in range(k):
        col = x[:, j].copy()
        if j in skip or not _fails(col, skew_thresh, kurt_thresh):
            continue
        win, _moves = _winsorise_steps(col, winmax, skew_thresh, kurt_thresh)
        if not _fails(win, skew_thresh, kurt_thresh):
            x[:, j] = win
            # distinct gemeenten changed (a value moved twice, or ties moved together, count once each)
            report["treatment"][j], report["n_winsorised"][j] = "winsorised", int(np.sum(win != col))
        else:
            x[:, j], sign, lo, hi = log_ct_plus(col)
            report["treatment"][j] = "log"
            report["log_sign"][j], report["log_min"][j], report["log_max"][j] = sign, lo, hi
    report["skew_after"], report["kurt_after"] = skewness(x), kurtosis(x)
    return x, pd.DataFrame(report, index=pd.Index(names, name="indicator"))


OUTLIER_METHODS: tuple[str, ...] = ("coinr", "none")
OUTLIER_LABELS: dict[str, dict[str, str]] = {
    "coinr": {
        "nl": "COINr-standaard: winsoriseren (max. 5 punten), anders log, bij |scheefheid| ≥ 2 en kurtosis ≥ 3,5",
        "en": "COINr default: winsorise (≤ 5 points), else log, when |skew| ≥ 2 and kurtosis ≥ 3.5",
    },
    "none": {"nl": "Geen behandeling van uitschieters", "en": "No outlier treatment"},
}
TREATMENT_LABELS: dict[str, dict[str, str]] = {
    "none": {"nl": "geen", "en": "none"},
    "winsorised": {"nl": "gewinsoriseerd", "en": "winsorised"},
    "log": {"nl": "log-transformatie", "en": "log transform"},
}


# --- normalisation (oriented input → 0–100, 100 = most load) ------------------------------------


def _safe_div(num: Array, den: Array, magnitude: Array | float = 0.0) -> Array:
    """Division where a (numerically) zero spread — a constant indicator — yields the neutral 0
    instead of NaN or rounding noise; ``magnitude`` is the size of the values the spread came from."""
    den = np.broadcast_to(den, np.shape(num))
    ok = den > 1e-9 * np.broadcast_to(magnitude, np.shape(num))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ok, num / np.where(ok, den, 1.0), 0.0)


def _magnitude(x: Array) -> Array:
    return np.nanmax(np.abs(x), axis=0)


def norm_minmax(x: Array) -> Array:
    """``100·(x − min)/(max − min)``: the lowest-load gemeente gets 0, the highest 100."""
    lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    return 100.0 * _safe_div(x - lo, hi - lo, _magnitude(x))


def norm_zscore(x: Array) -> Array:
    """Z-score shown as ``50 + 50·z/3`` clipped to 0–100 (±3 standard deviations = the ends).

    The affine map keeps the z-score's aggregation behaviour (equal variance per indicator); the
    ±3 SD clip is a project convention to fit the 0–100 scale, not a statistical fact.
    """
    mean, sd = np.nanmean(x, axis=0), np.nanstd(x, axis=0)
    z = _safe_div(x - mean, sd, _magnitude(x))
    return np.clip(50.0 + 50.0 * z / 3.0, 0.0, 100.0)


def norm_rank(x: Array) -> Array:
    """Percentile rank ``100·(rank − 1)/(n − 1)`` with ties sharing their average rank; robust to
    outliers, throws away distances."""
    ranks = pd.DataFrame(x).rank(axis=0, method="average").to_numpy()
    n = np.sum(~np.isnan(x), axis=0)
    return 100.0 * _safe_div(ranks - 1.0, (n - 1.0).astype(float))


def _norm_distance(x: Array, centre: Array) -> Array:
    dev = x - centre
    scale = np.nanmax(np.abs(dev), axis=0)
    return 50.0 + 50.0 * _safe_div(dev, scale, _magnitude(x))


def norm_distance_median(x: Array) -> Array:
    """Distance to the national median, ``50 + 50·(x − median)/max|x − median|``: 50 = median."""
    return _norm_distance(x, np.nanmedian(x, axis=0))


def norm_distance_reference(x: Array, reference_row: int) -> Array:
    """Distance to a reference gemeente (row ``reference_row``): 50 = as loaded as the reference."""
    return _norm_distance(x, x[reference_row])


def norm_goalposts(x: Array, low: Array, high: Array) -> Array:
    """``100·(x − low)/(high − low)`` clipped to 0–100: fixed goalposts, so a score does not move
    when another gemeente changes (COINr ``n_goalposts``)."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    magnitude = np.maximum(np.abs(low), np.abs(high))
    return np.clip(100.0 * _safe_div(x - low, high - low, magnitude), 0.0, 100.0)


def quantile_goalposts(x: Array, quantiles: tuple[float, float]) -> tuple[Array, Array]:
    """Default goalposts: the national ``quantiles`` of each indicator (an assumption; no official
    Dutch goalposts exist for these indicators)."""
    return np.nanquantile(x, quantiles[0], axis=0), np.nanquantile(x, quantiles[1], axis=0)


NORMALISERS: tuple[str, ...] = (
    "minmax",
    "zscore",
    "rank",
    "distance_median",
    "distance_reference",
    "goalposts",
)
NORMALISER_LABELS: dict[str, dict[str, str]] = {
    "minmax": {"nl": "Min-max (0 = laagste, 100 = hoogste)", "en": "Min-max"},
    "zscore": {"nl": "Z-score (50 ± 50·z/3, begrensd)", "en": "Z-score (50 ± 50·z/3, clipped)"},
    "rank": {"nl": "Percentielrang", "en": "Percentile rank"},
    "distance_median": {"nl": "Afstand tot de landelijke mediaan", "en": "Distance to national median"},
    "distance_reference": {"nl": "Afstand tot een referentiegemeente", "en": "Distance to a reference gemeente"},
    "goalposts": {"nl": "Doelpalen (landelijk 5e–95e percentiel)", "en": "Goalposts (national 5th–95th pct)"},
}


def normalise(
    x: Array,
    method: str,
    *,
    reference_row: int | None = None,
    goalposts: tuple[Array, Array] | None = None,
    goalpost_quantiles: tuple[float, float] = (0.05, 0.95),
) -> Array:
    """Dispatch to one normaliser by name (the names of :data:`NORMALISERS`)."""
    simple: Mapping[str, Callable[[Array], Array]] = {
        "minmax": norm_minmax,
        "zscore": norm_zscore,
        "rank": norm_rank,
        "distance_median": norm_distance_median,
    }
    if method in simple:
        return simple[method](x)
    if method == "distance_reference":
        if reference_row is None:
            raise ValueError("normalisation 'distance_reference' needs a reference gemeente")
        return norm_distance_reference(x, reference_row)
    if method == "goalposts":
        low, high = goalposts if goalposts is not None else quantile_goalposts(x, goalpost_quantiles)
        return norm_goalposts(x, low, high)
    raise ValueError(f"unknown normalisation {method!r}; choose from {', '.join(NORMALISERS)}")


# --- aggregation (0–100 inputs, weights summing to 1 per output) -------------------------------

AGGREGATORS: tuple[str, ...] = ("arithmetic", "geometric")
AGGREGATOR_LABELS: dict[str, dict[str, str]] = {
    "arithmetic": {"nl": "Rekenkundig gemiddelde (volledig compenserend)", "en": "Arithmetic mean"},
    "geometric": {"nl": "Meetkundig gemiddelde (deels compenserend)", "en": "Geometric mean"},
}


def aggregate_arithmetic(values: Array, weights: Array) -> Array:
    """Weighted mean ``values @ weights``; ``weights`` is (indicators × outputs), columns sum to 1."""
    return values @ weights


#: The geometric mean needs positive inputs. As COINr does (its aggregation vignette re-normalises min-max
#: onto [1, 100] before ``a_gmean``), scores on 0–100 are mapped onto [GEO_LOW, 100] first and the mean is
#: mapped back, so 0 stays 0 and 100 stays 100. A shift, not an exclusion: every gemeente keeps a score.
GEO_LOW = 1.0


def to_geo_scale(values: Array) -> Array:
    """0–100 → [GEO_LOW, 100] (affine), the positive scale the geometric mean works on."""
    return GEO_LOW + (100.0 - GEO_LOW) / 100.0 * np.asarray(values, dtype=float)


def from_geo_scale(values: Array) -> Array:
    """Inverse of :func:`to_geo_scale`: [GEO_LOW, 100] → 0–100."""
    return (np.asarray(values, dtype=float) - GEO_LOW) * 100.0 / (100.0 - GEO_LOW)


def aggregate_geometric(values: Array, weights: Array) -> Array:
    """Weighted geometric mean on the shifted scale [1, 100] (COINr's way with zeros), mapped back to 0–100.

    Without the shift a single 0 — which min-max gives every indicator's lowest gemeente — would zero the
    whole score; low values still compensate less than in the arithmetic mean.
    """
    return from_geo_scale(np.exp(np.log(to_geo_scale(values)) @ weights))


def aggregate(values: Array, weights: Array, method: str) -> Array:
    """Dispatch to one aggregator by name (the names of :data:`AGGREGATORS`)."""
    if method == "arithmetic":
        return aggregate_arithmetic(values, weights)
    if method == "geometric":
        return aggregate_geometric(values, weights)
    raise ValueError(f"unknown aggregation {method!r}; choose from {', '.join(AGGREGATORS)}")
