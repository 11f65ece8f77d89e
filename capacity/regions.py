"""Aggregate gemeente tables to any region layer (provincie, COROP, arbeidsmarktregio, …).

Counts (inhabitants, allocated persons, dwellings) are summed; rates and scores (percentages, values
per 1,000 inhabitants, index scores) are averaged weighted by inhabitants, because an unweighted mean
would let a gemeente of 1,000 inhabitants count as much as Amsterdam. Each summed count also gets a
rate per 1,000 inhabitants of the region, so that regions of different size can be compared.

A gemeente belongs to the region of each layer that covers most of its area (see
``geodata.loaders.derive_region_lookup``); the lookup is the only link between the two levels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from capacity.indicators import INHABITANTS, region_weights
from geodata.regions import REGION_LAYER_IDS, get_layer

PER_1000_SUFFIX = "_per_1000"
POPULATION = "inwoners"


def layer_columns(layer_id: str) -> tuple[str, str]:
    """The lookup columns (code, naam) of a region layer; raises KeyError for an unknown layer."""
    layer = get_layer(layer_id)
    return f"{layer.id}_code", f"{layer.id}_naam"


def membership(lookup: pd.DataFrame, layer_id: str) -> pd.DataFrame:
    """gemeentecode → region code and name of one layer (index gemeentecode, columns code, naam)."""
    code_col, name_col = layer_columns(layer_id)
    missing = {"gemeentecode", code_col, name_col} - set(lookup.columns)
    if missing:
        raise KeyError(f"region lookup lacks columns {sorted(missing)}")
    out = lookup.set_index("gemeentecode")[[code_col, name_col]]
    return out.rename(columns={code_col: "code", name_col: "naam"})


def aggregate(
    values: pd.DataFrame,
    lookup: pd.DataFrame,
    layer_id: str,
    population: pd.Series,
    *,
    counts: Sequence[str] = (),
    rates: Sequence[str] = (),
    rate_weights: Mapping[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """One row per region of ``layer_id`` (index ``code``, sorted by name).

    ``values`` is indexed by gemeentecode; ``population`` (inhabitants, indexed by gemeentecode)
    weights the rates and is the denominator of the per-1,000 columns. Columns of the result:
    ``naam``, ``n_gemeenten``, ``inwoners``, each count summed, ``<count>_per_1000`` and each rate as
    a population-weighted mean. A count with a missing value in any member gemeente gives NaN for
    the region (a partial sum would understate it); a rate averages the members that have a value
    (weights renormalised over them) and is NaN only when none has one. ``rate_weights`` gives a rate
    its own weight instead of inhabitants, when the rate's denominator is something else (density:
    land area; WOZ value: dwellings), so that the weighted mean equals the region's ratio of sums.
    """
    counts, rates = list(counts), list(rates)
    unknown = sorted(set(counts + rates) - set(values.columns))
    if unknown:
        raise KeyError(f"columns not in the table: {unknown}")
    overlap = sorted(set(counts) & set(rates))
    if overlap:
        raise ValueError(f"columns cannot be both count and rate: {overlap}")
    members = membership(lookup, layer_id)
    codes = values.index.intersection(members.index)
    if len(codes) == 0:
        raise ValueError("no gemeentecode of the table occurs in the region lookup")
    pop = population.reindex(codes).astype(float)
    if pop.isna().any() or (pop < 0).any():
        raise ValueError("inhabitants missing or negative for some gemeenten")
    region = members.loc[codes, "code"].to_numpy()
    data = values.loc[codes]
    # numpy group sums (bincount over factorised region codes): the same sums as a pandas groupby at a
    # fraction of the cost, and this runs on every rerun of the Richtgetal and Regio's pages
    idx, region_codes = pd.factorize(region, sort=True)
    m = len(region_codes)
    w_pop = pop.to_numpy()
    out = pd.DataFrame(
        {"n_gemeenten": np.bincount(idx, minlength=m), POPULATION: np.bincount(idx, w_pop, minlength=m)},
        index=pd.Index(region_codes, name="code"),
    )
    names = members.loc[codes].drop_duplicates("code").set_index("code")["naam"]
    out.insert(0, "naam", names.reindex(out.index).to_numpy())
    if counts:
        block = data[counts].to_numpy(dtype=float)
        missing = np.isnan(block)
        sums = _group_sums(idx, np.where(missing, 0.0, block), m)
        sums[_group_sums(idx, missing.astype(float), m) > 0] = np.nan  # a partial sum would understate
        out[counts] = sums
        region_pop = out[POPULATION].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            per = sums / np.where(region_pop > 0, region_pop, np.nan)[:, None] * 1000.0
        out[[c + PER_1000_SUFFIX for c in counts]] = per
    if rates:
        block = data[rates].to_numpy(dtype=float)
        w = np.repeat(w_pop[:, None], len(rates), axis=1)
        for j, col in enumerate(rates):
            if col in (rate_weights or {}):
                w[:, j] = (rate_weights or {})[col].reindex(codes).to_numpy(dtype=float)
        w = np.where(~np.isnan(block) & ~np.isnan(w) & (w >= 0), w, 0.0)
        weighted = _group_sums(idx, np.where(np.isnan(block), 0.0, block) * w, m)
        total_w = _group_sums(idx, w, m)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[rates] = weighted / np.where(total_w > 0, total_w, np.nan)
    out.index.name = "code"
    return out.sort_values("naam", kind="stable")


def _group_sums(idx: np.ndarray, block: np.ndarray, m: int) -> np.ndarray:
    """Column sums of ``block`` (units × columns) per group ``idx`` → groups × columns."""
    return np.column_stack([np.bincount(idx, block[:, j], minlength=m) for j in range(block.shape[1])])


def compare_two(aggregated: pd.DataFrame, code_a: str, code_b: str) -> pd.DataFrame:
    """Side-by-side view of two regions: one row per column, columns A, B and B − A."""
    missing = [c for c in (code_a, code_b) if c not in aggregated.index]
    if missing:
        raise KeyError(f"unknown region code(s) {missing}")
    numeric = aggregated.drop(columns=["naam"]).astype(float)
    a, b = numeric.loc[code_a], numeric.loc[code_b]
    return pd.DataFrame({code_a: a, code_b: b, "verschil": b - a})


def national_row(
    values: pd.DataFrame,
    population: pd.Series,
    *,
    counts: Sequence[str] = (),
    rates: Sequence[str] = (),
    rate_weights: Mapping[str, pd.Series] | None = None,
) -> pd.Series:
    """The same aggregation over all gemeenten: the reference line next to the regions.

    Pass the same ``rate_weights`` as to ``aggregate`` so that the national density is Σ inhabitants /
    Σ land area, like each region's, and not a population-weighted mean of densities.
    """
    lookup = pd.DataFrame({"gemeentecode": values.index, "provincie_code": "NL", "provincie_naam": "Nederland"})
    return aggregate(
        values, lookup, "provincie", population, counts=counts, rates=rates, rate_weights=rate_weights
    ).iloc[0]


__all__ = ["REGION_LAYER_IDS", "aggregate", "compare_two", "layer_columns", "membership", "national_row"]


def rank_desc(values: pd.Series) -> pd.Series:
    """Rank 1 = highest value; ties share the best rank; missing values get no rank (NaN).

    Values are rounded to 9 decimals first (as the scores' ranks), so float noise cannot split a tie.
    """
    return pd.to_numeric(values, errors="coerce").round(9).rank(ascending=False, method="min")


def indicator_profile(values: pd.DataFrame, kwb: pd.DataFrame, lookup: pd.DataFrame, code: str) -> pd.DataFrame:
    """Per indicator (rows, ``values`` columns): the gemeente's value, its rank (1 = highest value),
    how many gemeenten have a value, and the national and province means.

    Means are weighted like the map's region values (the registry's ``region_weight``; inhabitants for
    columns that are not registered indicators, such as uploads), so a "per 1.000 inwoners" mean
    equals the ratio of the summed counts.
    """
    weight_of = region_weights()
    if code not in values.index:
        raise KeyError(f"gemeente {code!r} has no indicator values")
    base = kwb.set_index("gemeentecode")
    province = lookup.set_index("gemeentecode")["provincie_code"].reindex(values.index)
    same_province = (province == province.get(code)).to_numpy()
    ranks = values.round(9).rank(ascending=False, method="min")  # rounded: float noise cannot split a tie
    rows = []
    for ind_id in values.columns:  # one pass per indicator (17), vectorised over the gemeenten
        v = values[ind_id].to_numpy(dtype=float)
        w = base[weight_of.get(ind_id, INHABITANTS)].reindex(values.index).to_numpy(dtype=float)
        ok = np.isfinite(v) & np.isfinite(w)
        rows.append(
            {
                "indicator": ind_id,
                "value": float(values.at[code, ind_id]),
                "rank": float(ranks.at[code, ind_id]),
                "n_ranked": int(np.isfinite(v).sum()),
                "national_mean": _wmean(v[ok], w[ok]),
                "province_mean": _wmean(v[ok & same_province], w[ok & same_province]),
            }
        )
    return pd.DataFrame(rows).set_index("indicator")


def _wmean(v: np.ndarray, w: np.ndarray) -> float:
    total = float(w.sum())
    return float((v * w).sum() / total) if total > 0 else float("nan")
