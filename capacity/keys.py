"""Allocation keys: one engine over the declarative registry of presets modelled on keys in real use.

A key turns key-figure data into a share per gemeente (non-negative, summing to 1):

1. weighted shares of its terms, share_i = Σ_k w_k · x_ik / Σ_j x_jk (weights renormalised to sum 1).
   An *amount* input (inhabitants, total WOZ value, employed residents) enters as it is. A *rate* input
   (WW-uitkeringen per 1,000, …) enters as a tilt on population: x_ik = inhabitants_i · t_ik with
   t = rate / national rate (``tilt``) or national rate / rate (``inverse_tilt``), clipped to
   [1 − cap, 1 + cap] — every preset's inverse term is capped, so no gemeente's term is unbounded.
   A term with ``toward_population`` is pulled toward the population share by a scalar parameter
   (Königstein: revenue *after* equalisation);
2. optional corrections: multiplicative (welfare score, capacity), subtractive with a floor at zero
   (Denmark), an uplift cap with redistribution (NRW), an eligibility threshold (Norway);
3. renormalisation to sum 1.

Registry: ``capacity.key_registry`` (presets, a citation per term) and ``capacity.key_inputs``; types: ``capacity.key_types``;
documentation tables: ``capacity.key_docs``. Sources: ``docs/METHODS.md`` ("Allocation keys in use").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from capacity.indicators import get_indicator
from capacity.key_docs import (
    custom_choices,
    key_export_notes,
    key_markdown,
    key_table,
    key_terms_table,
    proxy_note_lines,
)
from capacity.key_registry import (
    INHABITANTS,
    INPUTS_BY_ID,
    KEY_INPUTS,
    KEYS,
    KEYS_BY_ID,
    METHODS_REF,
    get_input,
    get_key,
)
from capacity.key_types import Correction, KeyComponent, KeyInput, KeyParam, KeyPreset, Subgroup

__all__ = [
    "INHABITANTS",
    "KEY_INPUTS",
    "KEYS",
    "METHODS_REF",
    "Correction",
    "KeyComponent",
    "KeyInput",
    "KeyParam",
    "KeyPreset",
    "Subgroup",
    "custom_choices",
    "get_input",
    "get_key",
    "input_values",
    "key_export_notes",
    "key_markdown",
    "key_shares",
    "key_table",
    "key_terms_table",
    "proxy_note_lines",
    "split_subgroups",
    "weighted_shares",
]
_INPUTS = INPUTS_BY_ID
_KEYS = KEYS_BY_ID


# --------------------------------------------------------------------------------------------------
# engine
# --------------------------------------------------------------------------------------------------
def _codes(kwb: pd.DataFrame) -> pd.Index:
    if "gemeentecode" not in kwb.columns:
        raise KeyError("key-figure table lacks the column 'gemeentecode'")
    codes = pd.Index(kwb["gemeentecode"].astype(str), name="gemeentecode")
    if codes.has_duplicates:
        raise ValueError(f"duplicate gemeentecode in the key-figure table: {sorted(codes[codes.duplicated()])[:5]}")
    return codes


def _column_product(kwb: pd.DataFrame, cols: tuple[str, ...]) -> np.ndarray:
    missing = [c for c in cols if c not in kwb.columns]
    if missing:
        raise KeyError(f"key-figure table lacks columns {missing}")
    return np.prod([pd.to_numeric(kwb[c], errors="coerce").to_numpy(dtype=float) for c in cols], axis=0)


def _extra_values(extra: pd.DataFrame | None, column: str | None, codes: pd.Index) -> np.ndarray | None:
    if extra is None or column is None or column not in extra.columns:
        return None
    table = extra.set_index("gemeentecode") if "gemeentecode" in extra.columns else extra
    values = pd.to_numeric(table[column], errors="coerce").reindex(codes).to_numpy(dtype=float)
    missing = int(np.isnan(values).sum())
    if missing:
        raise ValueError(f"imported column {column!r} has no value for {missing} of {len(codes)} gemeenten")
    return values


def _user_values(column: str, kwb: pd.DataFrame, extra: pd.DataFrame | None) -> np.ndarray:
    """An uploaded column weighted in a custom key: a value ≥ 0 for every gemeente (no silent imputation)."""
    if extra is None or column not in extra.columns:
        raise KeyError(f"uploaded column {column!r} is not available")
    values = _extra_values(extra, column, _codes(kwb))
    assert values is not None  # the column exists (checked above)
    negative = int((values < 0).sum())
    if negative:
        raise ValueError(f"uploaded column {column!r} has negative values for {negative} gemeenten")
    return values


def _zscore(x: np.ndarray) -> np.ndarray:
    x = np.where(np.isfinite(x), x, np.nan)
    sd = np.nanstd(x)
    return (x - np.nanmean(x)) / sd if sd > 0 else np.zeros_like(x)


SES_PROXY_BOUND = 0.5  # the proxy score stays within ±0.5 (assumption: SES-WOA itself is a bounded score)


def ses_proxy_parts(kwb: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(welfare z, education z) of the SES-WOA proxy; missing values are neutral (0).

    welfare: mean z-score of mean WOZ value, −social assistance and −WW per inhabitant;
    education: −z-score of higher-education students per inhabitant (student cities score low on SES-WOA).
    """
    pop = _column_product(kwb, (INHABITANTS,))
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = [
            _column_product(kwb, ("gemiddelde_woningwaarde",)),
            -_column_product(kwb, ("aantal_personen_met_een_alg_bijstandsuitkering_tot",)) / pop,
            -_column_product(kwb, ("aantal_personen_met_een_ww_uitkering_totaal",)) / pop,
        ]
        students = input_values("students", kwb)[0]
    welfare = np.nanmean(np.vstack([_zscore(p) for p in parts]), axis=0)
    education = -_zscore(students)
    return np.where(np.isnan(welfare), 0.0, welfare), np.where(np.isnan(education), 0.0, education)


def ses_proxy(kwb: pd.DataFrame, proxy_scale: float, education_scale: float) -> np.ndarray:
    """The labelled SES-WOA proxy score, bounded to ±``SES_PROXY_BOUND``."""
    welfare, education = ses_proxy_parts(kwb)
    return np.clip(proxy_scale * welfare + education_scale * education, -SES_PROXY_BOUND, SES_PROXY_BOUND)


def input_values(input_id: str, kwb: pd.DataFrame, extra: pd.DataFrame | None = None) -> tuple[np.ndarray, bool]:
    """Raw values of one key input per row of ``kwb``, and whether they came from an imported table."""
    spec = get_input(input_id)
    codes = _codes(kwb)
    imported = _extra_values(extra, spec.extra_column, codes)
    if imported is not None:
        return imported, True
    if input_id == "ses_woa":
        scales = get_key("spreidingswet").default_params
        return ses_proxy(kwb, scales["proxy_scale"], scales["education_scale"]), False
    if input_id == "load":
        raise ValueError("the load input comes from the scoring engine; pass it as `load`")
    if spec.terms:
        return np.sum([c * _column_product(kwb, cols) for c, cols in spec.terms], axis=0), False
    num = _column_product(kwb, spec.numerator) * spec.factor
    if spec.denominator:
        den = _column_product(kwb, spec.denominator)
        with np.errstate(divide="ignore", invalid="ignore"):
            num = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return num, False


def _normalise(x: np.ndarray, what: str) -> np.ndarray:
    total = float(np.nansum(x))
    if not np.isfinite(total) or total <= 0:
        raise ValueError(f"{what}: values sum to {total:g}; cannot form shares")
    return x / total


def _tilt(
    rate: np.ndarray, pop: np.ndarray, eligible: np.ndarray, inverse: bool, cap: float | None, what: str
) -> tuple[np.ndarray, int]:
    """Relative position of each rate against the population-weighted national rate (1 = average)."""
    ok = eligible & np.isfinite(rate)
    ref = float(np.sum(rate[ok] * pop[ok]) / np.sum(pop[ok])) if pop[ok].sum() > 0 else np.nan
    if not np.isfinite(ref) or ref <= 0:
        raise ValueError(f"{what}: national reference rate is {ref:g}; cannot tilt by it")
    with np.errstate(divide="ignore", invalid="ignore"):
        t = ref / rate if inverse else rate / ref
    n_missing = int((eligible & np.isnan(rate)).sum())
    t = np.where(np.isnan(rate), 1.0, t)  # no value: neutral (population share), reported as imputed
    if cap is not None:
        t = np.clip(t, max(0.0, 1.0 - cap), 1.0 + cap)
    bad = eligible & ~np.isfinite(t)
    if bad.any():
        raise ValueError(
            f"{what}: value 0 in {int(bad.sum())} gemeenten cannot be inverted; this term needs a cap "
            "(custom key: --param tilt_cap=0.5)"
        )
    return np.where(eligible, t, 0.0), n_missing


def _waterfill(w: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Shares ∝ w, summing to 1, none above its cap; the excess goes to the others in proportion."""
    from capacity.apportion import bounded_quota

    scale = 1e9  # bounded_quota works on whole-number caps; scale shares to a large integer total
    q = bounded_quota(w, scale, caps=np.floor(caps * scale))
    return q / scale


def weighted_shares(table: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Generic key over any unit table: share_i = Σ_k w_k · x_ik / Σ_j x_jk (weights renormalised).

    ``table`` has one row per unit and numeric columns named in ``weights``; the index is kept.
    Used for units other than gemeenten (e.g. German Länder with tax revenue and population).
    """
    w = _check_weights(weights)
    missing = [c for c in w if c not in table.columns]
    if missing:
        raise KeyError(f"unit table lacks columns {missing}; available: {list(table.columns)}")
    out = np.zeros(len(table))
    for col, wk in w.items():
        x = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float)
        if np.isnan(x).any() or (x < 0).any():
            raise ValueError(f"column {col!r} must hold non-negative numbers for every unit")
        out += wk * _normalise(x, f"column {col!r}")
    return pd.Series(out / out.sum(), index=table.index, name="share")


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    clean: dict[str, float] = {}
    for k, v in weights.items():
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"weight for {k!r} must be a number, got {v!r}") from None
        if not np.isfinite(f) or f < 0:
            raise ValueError(f"weight for {k!r} must be a finite number ≥ 0, got {v!r}")
        if f > 0:
            clean[k] = f
    total = sum(clean.values())
    if total <= 0:
        raise ValueError("at least one weight must be positive")
    return {k: v / total for k, v in clean.items()}


def _resolve(
    preset: KeyPreset, params: Mapping[str, float] | None, user_directions: Mapping[str, int] | None = None
) -> tuple[list[KeyComponent], dict[str, float]]:
    """Split user params into component weights and scalar params; reject unknown names."""
    scalars = preset.default_params
    params = dict(params or {})
    for pid in list(params):
        if pid in scalars:
            value = float(params.pop(pid))
            spec = next(p for p in preset.params if p.id == pid)
            if not (spec.min <= value <= spec.max):
                raise ValueError(f"{pid} must lie between {spec.min:g} and {spec.max:g}, got {value:g}")
            scalars[pid] = value
    if preset.id == "custom":
        weights = params or preset.default_weights
        comps = [
            _custom_component(k, v, scalars["tilt_cap"], user_directions or {})
            for k, v in _check_weights(weights).items()
        ]
        return comps, scalars
    if params:
        unknown = sorted(set(params) - set(preset.default_weights))
        if unknown or not preset.weights_editable:
            allowed = sorted(scalars) + (sorted(preset.default_weights) if preset.weights_editable else [])
            raise KeyError(f"key {preset.id!r} has no parameter {unknown or sorted(params)}; allowed: {allowed}")
    weights = {**preset.default_weights, **params}
    norm = _check_weights(weights)
    comps = [replace(c, weight=norm.get(c.input, 0.0)) for c in preset.inputs]
    return [c for c in comps if c.weight > 0], scalars


USER_INPUT = "user:"  # component input prefix for an uploaded column of ``extra``


def _custom_component(name: str, weight: float, cap: float, user_directions: Mapping[str, int]) -> KeyComponent:
    if name in user_directions:  # an uploaded column: enters like an indicator, in the direction the user gave
        direction = user_directions[name]
        if direction not in (1, -1):
            raise ValueError(f"direction of {name!r} must be +1 (load) or -1 (capacity), got {direction!r}")
        return KeyComponent(USER_INPUT + name, weight, "tilt" if direction == -1 else "inverse_tilt", cap)
    if name in _INPUTS:
        spec = _INPUTS[name]
        if spec.kind == "score":
            raise ValueError(f"input {name!r} is a score and cannot be weighted in a custom key")
        if spec.kind == "amount":
            return KeyComponent(name, weight)
        return KeyComponent(name, weight, "inverse_tilt", cap)  # registered rates are load-type
    ind = get_indicator(name)  # raises KeyError with the list of known indicators
    return KeyComponent(f"indicator:{ind.id}", weight, "tilt" if ind.direction == -1 else "inverse_tilt", cap)


def _component_values(
    comp: KeyComponent, kwb: pd.DataFrame, extra: pd.DataFrame | None
) -> tuple[np.ndarray, str, bool]:
    if comp.input.startswith("indicator:"):
        ind = get_indicator(comp.input.split(":", 1)[1])
        return ind.compute(kwb).to_numpy(dtype=float), "rate", False
    if comp.input.startswith(USER_INPUT):
        return _user_values(comp.input[len(USER_INPUT) :], kwb, extra), "rate", True
    values, imported = input_values(comp.input, kwb, extra)
    return values, get_input(comp.input).kind, imported


def key_shares(
    key_id: str,
    kwb: pd.DataFrame,
    params: Mapping[str, float] | None = None,
    extra: pd.DataFrame | None = None,
    load: pd.Series | None = None,
    user_directions: Mapping[str, int] | None = None,
) -> pd.Series:
    """Share per gemeente (index gemeentecode, sums to 1) under preset ``key_id``.

    ``params``: component weights by input id (editable presets; for ``custom`` input or indicator ids)
    and/or the preset's scalar parameters (``strength``, ``uplift_cap`` …). ``extra``: imported columns by
    gemeentecode that replace proxies (``ses_woa``, ``opvang_per_1000``, ``immigranten``). ``load``:
    total_load 0–100 for the ``capacity`` key (computed with ``capacity.scoring`` when omitted).
    ``user_directions``: uploaded columns of ``extra`` the ``custom`` key may weight (name → +1 load /
    −1 capacity); they tilt the population share like an indicator and need a value ≥ 0 everywhere.
    ``attrs`` of the result: key, params, proxies_used (input ids), imported (input ids), imputed counts.
    """
    preset = get_key(key_id)
    codes = _codes(kwb)
    comps, scalars = _resolve(preset, params, user_directions)
    pop, _ = input_values("population", kwb)
    if np.isnan(pop).any() or (pop < 0).any():
        raise ValueError(f"inhabitants missing or negative for {int((np.isnan(pop) | (pop < 0)).sum())} gemeenten")
    eligible = np.ones(len(codes), dtype=bool)
    for corr in preset.corrections:
        if corr.kind == "min_population":
            eligible &= pop >= scalars["min_population"]
    if not eligible.any():
        raise ValueError("no gemeente meets the inhabitant threshold")

    proxies: list[str] = []
    imported: list[str] = []
    imputed: dict[str, int] = {}
    share = np.zeros(len(codes))
    for comp in comps:
        values, kind, from_extra = _component_values(comp, kwb, extra)
        _track(comp.input, from_extra, proxies, imported)
        what = f"key {key_id}, input {comp.input}"
        if kind == "amount" or comp.transform == "share":
            if np.isnan(values).any() or (values < 0).any():
                raise ValueError(
                    f"{what}: missing or negative values for {int((np.isnan(values) | (values < 0)).sum())} gemeenten"
                )
            x = np.where(eligible, values, 0.0)
        else:
            t, n_missing = _tilt(values, pop, eligible, comp.transform == "inverse_tilt", comp.cap, what)
            if n_missing:
                imputed[comp.input] = n_missing
            x = pop * t
        part = _normalise(x, what)
        if comp.toward_population:  # e.g. Königstein: tax revenue after equalisation between units
            e = scalars[comp.toward_population]
            part = (1.0 - e) * part + e * _normalise(np.where(eligible, pop, 0.0), what)
        share += comp.weight * part

    for corr in preset.corrections:
        share = _apply_correction(corr, share, scalars, kwb, extra, load, pop, eligible, proxies, imported, key_id)

    share = np.where(eligible, share, 0.0)
    share = _normalise(share, f"key {key_id}")
    out = pd.Series(share, index=codes, name="share")
    out.attrs.update(
        key=key_id,
        params={**{c.input: c.weight for c in comps}, **scalars},
        proxies_used=tuple(dict.fromkeys(proxies)),
        imported=tuple(dict.fromkeys(imported)),
        imputed=imputed,
    )
    return out


def _track(input_id: str, from_extra: bool, proxies: list[str], imported: list[str]) -> None:
    if from_extra:
        imported.append(input_id)
    elif input_id in _INPUTS and _INPUTS[input_id].is_proxy:
        proxies.append(input_id)


def _apply_correction(
    corr: Correction,
    share: np.ndarray,
    scalars: dict[str, float],
    kwb: pd.DataFrame,
    extra: pd.DataFrame | None,
    load: pd.Series | None,
    pop: np.ndarray,
    eligible: np.ndarray,
    proxies: list[str],
    imported: list[str],
    key_id: str,
) -> np.ndarray:
    if corr.kind == "min_population":
        return share
    if corr.kind == "welfare":
        score, from_extra = input_values("ses_woa", kwb, extra)
        _track("ses_woa", from_extra, proxies, imported)
        if not from_extra:
            score = ses_proxy(kwb, scalars["proxy_scale"], scalars["education_scale"])
        return share * np.maximum(0.0, 1.0 + scalars["strength"] * score)
    if corr.kind == "subtract_excess":
        values, from_extra = input_values(str(corr.input), kwb, extra)
        _track(str(corr.input), from_extra, proxies, imported)
        if np.isnan(values).any() or (values < 0).any():
            raise ValueError(f"key {key_id}: {corr.input} missing or negative for some gemeenten")
        other = _normalise(np.where(eligible, values, 0.0), f"key {key_id}, {corr.input}")
        return np.maximum(0.0, share - scalars["strength"] * (other - share))
    if corr.kind == "uplift_cap":
        base = _normalise(np.where(eligible, pop, 0.0), f"key {key_id}, population")
        return _waterfill(_normalise(share, f"key {key_id}"), (1.0 + scalars["uplift_cap"]) * base)
    if corr.kind == "capacity":
        values = _load_values(kwb, load)
        return share * np.clip((100.0 - values) / 100.0, 0.0, 1.0) ** scalars["strength"]
    raise ValueError(f"unknown correction {corr.kind!r}")  # pragma: no cover


def _load_values(kwb: pd.DataFrame, load: pd.Series | None) -> np.ndarray:
    codes = _codes(kwb)
    if load is None:
        from capacity.scoring import compute_scores  # written in parallel; imported only when needed

        load = compute_scores(kwb).scores["total_load"]
    values = pd.to_numeric(load, errors="coerce").reindex(codes).to_numpy(dtype=float)
    missing = int(np.isnan(values).sum())
    if missing:
        raise ValueError(f"load score missing for {missing} of {len(codes)} gemeenten")
    if (values < 0).any() or (values > 100).any():
        raise ValueError("load score must lie between 0 and 100")
    return values


def split_subgroups(key_id: str, allocated: pd.Series, params: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Columns of a preset's subgroups (Spreidingswet: ``amv``) in whole persons, part of ``allocated``.

    The national number round(fraction × Σ allocated) is apportioned by largest remainder in proportion to
    each gemeente's allocation, never above it. Empty frame when the preset has no subgroups.
    """
    from capacity.apportion import apportion

    preset = get_key(key_id)
    alloc = pd.to_numeric(allocated, errors="coerce").fillna(0).astype(float)
    out = pd.DataFrame(index=alloc.index)
    values = {**preset.default_params, **{k: float(v) for k, v in (params or {}).items() if k in preset.default_params}}
    for sub in preset.subgroups:
        total = int(np.floor(values[sub.param] * alloc.sum() + 0.5))
        res = apportion(alloc.to_numpy(), total, "hamilton", caps=alloc.to_numpy(), order=alloc.index.to_numpy())
        out[sub.column] = res.allocated
    return out
