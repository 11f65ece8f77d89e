"""What the constraints of a matching cost, in words (Dutch or English), from the LP-relaxation shadow prices.

Shadow prices are local: "one more dwelling in X raises the objective by about y" holds for a small
change and for the LP relaxation (fractional households), which the integer optimum tracks within the
reported gap. The price of fairness is exact for the LP: the objective without the band minus with it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from capacity.match import MatchResult

_TOP = 3


def _num(x: float, lang: str, decimals: int = 1) -> str:
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else text


def _pct(part: float, whole: float, lang: str) -> str:
    return _num(100.0 * part / whole, lang, 2) + " %" if whole else "–"


def _top(series: pd.Series | None, names: Mapping[str, str], lang: str) -> tuple[int, str]:
    if series is None:
        return 0, ""
    positive = series[series > 1e-9].sort_values(ascending=False, kind="stable")
    items = [f"{names.get(code, code)} ({_num(value, lang, 3)})" for code, value in positive.head(_TOP).items()]
    return len(positive), ", ".join(items)


def describe_costs(result: MatchResult, names: Mapping[str, str] | None = None, lang: str = "nl") -> list[str]:
    """Short sentences: objective vs LP bound, binding dwellings (and school places), fairness band cost."""
    names = names or {}
    s = result.shadow
    nl = lang == "nl"
    lines = [
        (
            f"Totale uitkomstscore {_num(result.objective, lang)}; de LP-relaxatie (gebroken huishoudens) haalt "
            f"hoogstens {_num(result.lp_bound, lang)}, dus de gehele plaatsing zit daar {_pct(result.lp_bound - result.objective, result.lp_bound, lang)} onder."
            if nl
            else f"Total outcome score {_num(result.objective, lang)}; the LP relaxation (fractional households) "
            f"reaches at most {_num(result.lp_bound, lang)}, so the whole-number placement is "
            f"{_pct(result.lp_bound - result.objective, result.lp_bound, lang)} below it."
        )
    ]
    n, top = _top(s.dwellings, names, lang)
    if n:
        lines.append(
            f"Woningen zijn bindend in {n} gemeenten (daar zijn alle woningen bezet); één woning extra levert het "
            f"meeste uitkomstscore op in {top}."
            if nl
            else f"Dwellings bind in {n} gemeenten (all dwellings there are taken); one more dwelling adds most "
            f"outcome score in {top}."
        )
    else:
        lines.append(
            "Woningen zijn nergens bindend: extra woningen verhogen de score niet."
            if nl
            else "Dwellings bind nowhere: extra dwellings would not raise the score."
        )
    n, top = _top(s.school_places, names, lang)
    if n:
        lines.append(
            f"Schoolplaatsen zijn bindend in {n} gemeenten, het meest in {top} (score per extra plaats)."
            if nl
            else f"School places bind in {n} gemeenten, most in {top} (score per extra place)."
        )
    n_up, top_up = _top(s.fairness_upper, names, lang)
    n_low, _ = _top(s.fairness_lower, names, lang)
    band_step = s.band * 0.01
    lines.append(
        (
            f"De eerlijkheidsband kost {_num(s.price_of_fairness, lang)} score "
            f"({_pct(s.price_of_fairness, result.lp_bound + s.price_of_fairness, lang)} van wat zonder band haalbaar is). "
            f"{n_up} gemeenten zitten aan de bovengrens, {n_low} aan de ondergrens; "
            f"de band 0,01 breder maken levert ongeveer {_num(band_step, lang)} score op."
        )
        if nl
        else (
            f"The fairness band costs {_num(s.price_of_fairness, lang)} score "
            f"({_pct(s.price_of_fairness, result.lp_bound + s.price_of_fairness, lang)} of what is reachable without it). "
            f"{n_up} gemeenten sit at the upper bound, {n_low} at the lower bound; "
            f"widening the band by 0.01 adds about {_num(band_step, lang)} score."
        )
    )
    if n_up:
        lines.append(
            f"Waar de bovengrens het meest kost (score per extra persoon): {top_up}."
            if nl
            else f"Where the upper bound costs most (score per extra person): {top_up}."
        )
    return lines


def shadow_summary(result: MatchResult) -> dict[str, object]:
    """Machine-readable shadow prices for the CLI's JSON: only the binding (non-zero) entries."""
    s = result.shadow

    def nonzero(series: pd.Series | None) -> dict[str, float]:
        if series is None:
            return {}
        return {str(k): round(float(v), 6) for k, v in series[series > 1e-9].items()}

    return {
        "dwellings": nonzero(s.dwellings),
        "school_places": nonzero(s.school_places),
        "fairness_upper": nonzero(s.fairness_upper),
        "fairness_lower": nonzero(s.fairness_lower),
        "band_per_unit": round(s.band, 6),
        "price_of_fairness": round(s.price_of_fairness, 6),
        "cohort": {str(k): round(float(v), 6) for k, v in s.cohort.items()},
    }


def gemeente_table(result: MatchResult, kwb: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente (index gemeentecode): name, inhabitants, households per cohort, persons, persons per
    1,000 inhabitants, the plain key's persons and the difference (absolute and per 1,000), dwellings."""
    ref = kwb.set_index(kwb["gemeentecode"].astype(str))
    per = result.per_gemeente
    inhabitants = ref["aantal_inwoners"].reindex(per.index).astype(float)
    wide = result.placement.pivot(index="gemeentecode", columns="cohort", values="households")
    wide = wide.reindex(index=per.index, columns=list(dict.fromkeys(result.placement["cohort"])))
    out = pd.DataFrame({"gemeentenaam": ref["gemeentenaam"].reindex(per.index), "inwoners": inhabitants})
    for cohort in wide.columns:
        out[f"households_{cohort}"] = wide[cohort].astype(int)
    out["households"] = per["households"]
    out["persons"] = per["persons"]
    out["children"] = per["children"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["persons_per_1000"] = (per["persons"] / inhabitants * 1000).where(inhabitants > 0)
        out["key_persons"] = per["key_persons"]
        out["difference_vs_key"] = per["difference_vs_key"]
        out["difference_per_1000"] = (per["difference_vs_key"] / inhabitants * 1000).where(inhabitants > 0)
    out["dwellings"] = per["dwellings"]
    if "school_places" in per.columns:
        out["school_places"] = per["school_places"]
    out["fairness_lower"] = per["fairness_lower"]
    out["fairness_upper"] = per["fairness_upper"]
    out["objective"] = per["objective"]
    return out
