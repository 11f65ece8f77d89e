"""Spreidingswet 2024: published provincial tasks and indicative gemeente figures, proxy calibration, check.

Published figures (places incl. unaccompanied minors, 96,000-place estimate; provinces add up to 96,002) are
listed in ``docs/METHODS.md`` ("Spreidingswet 2024: published provincial tasks") with their sources. Without a
real CBS SES-WOA table the Spreidingswet key uses a labelled proxy score (``capacity.keys.ses_proxy``):

    weight_i = inhabitants_i × max(0, 1 + clip(a × welfare_z_i + b × education_z_i, −0.5, 0.5))

``fit_proxy`` fits (a, b) by least squares on the relative errors of the 12 provincial tasks only; the
published gemeente figures (Bloemendaal, Wijdemeren and the large cities) stay out of the fit and are reported
by ``check_table`` as an out-of-sample check, next to the population-only key.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NATIONAL_TOTAL_2024 = 96_000
#: Staatscourant figures as reported (docs/METHODS.md; oogtv.nl, welingelichtekringen.nl (ANP), rtvdrenthe.nl,
#: blikopnieuws.nl, upday.com, duic.nl, nos.nl 2542815, nieuws.nl (ANP), omroepbrabant.nl).
PROVINCIAL_TASKS_2024: dict[str, int] = {
    "Groningen": 2717,
    "Fryslân": 3391,
    "Drenthe": 2691,
    "Overijssel": 6325,
    "Flevoland": 2441,
    "Gelderland": 11704,
    "Utrecht": 8207,
    "Noord-Holland": 16290,
    "Zuid-Holland": 19776,
    "Zeeland": 2109,
    "Noord-Brabant": 14689,
    "Limburg": 5662,
}
#: Published amv places of two provinces (upday.com Nov 2024: Gelderland 992; METHODS.md: Limburg 471).
PROVINCIAL_AMV_2024: dict[str, int] = {"Gelderland": 992, "Limburg": 471}

_GEMEENTE_NU = "gemeente.nu, 'Aantal opvangplekken spreidingswet bekend' (jan. 2024)"
_NHNIEUWS = "nhnieuws.nl / kleurdekamer.nl, 'Spreidingswet gaat in' (feb. 2024)"
#: Indicative gemeente figures 2024 (places), code → (name, figure, source). Never used in the fit.
GEMEENTE_FIGURES_2024: dict[str, tuple[str, int, str]] = {
    "GM0377": ("Bloemendaal", 172, "docs/METHODS.md (128 → 172)"),
    "GM1696": ("Wijdemeren", 163, "docs/METHODS.md (134 → 163)"),
    "GM0363": ("Amsterdam", 4479, _GEMEENTE_NU),
    "GM0518": ("'s-Gravenhage", 2513, _GEMEENTE_NU),
    "GM0599": ("Rotterdam", 2667, _GEMEENTE_NU),
    "GM0344": ("Utrecht", 1988, _GEMEENTE_NU),
    "GM0014": ("Groningen", 969, _GEMEENTE_NU),
    "GM0228": ("Ede", 719, _GEMEENTE_NU),
    "GM0153": ("Enschede", 638, _GEMEENTE_NU),
    "GM0505": ("Dordrecht", 611, _GEMEENTE_NU),
    "GM0392": ("Haarlem", 963, _GEMEENTE_NU),
    "GM0479": ("Zaanstad", 818, _GEMEENTE_NU),
    "GM0637": ("Zoetermeer", 703, _GEMEENTE_NU),
    "GM0193": ("Zwolle", 717, _GEMEENTE_NU),
    "GM0088": ("Schiermonnikoog", 5, _NHNIEUWS),
    "GM1950": ("Westerwolde", 131, _NHNIEUWS),
}


def _province_matrix(kwb: pd.DataFrame, lookup: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(membership matrix provinces × gemeenten in PROVINCIAL_TASKS_2024 order, published tasks)."""
    prov = lookup.set_index("gemeentecode")["provincie_naam"].reindex(kwb["gemeentecode"].astype(str))
    if prov.isna().any():
        raise ValueError(f"no province for {int(prov.isna().sum())} gemeenten in the region lookup")
    names = list(PROVINCIAL_TASKS_2024)
    unknown = sorted(set(prov) - set(names))
    if unknown:
        raise ValueError(f"provinces without a published task: {unknown}")
    member = (prov.to_numpy()[None, :] == np.array(names)[:, None]).astype(float)
    return member, np.array([PROVINCIAL_TASKS_2024[n] for n in names], dtype=float)


def _weights(pop: np.ndarray, welfare: np.ndarray, education: np.ndarray, a: float, b: float) -> np.ndarray:
    from capacity.keys import SES_PROXY_BOUND

    score = np.clip(a * welfare + b * education, -SES_PROXY_BOUND, SES_PROXY_BOUND)
    return pop * np.maximum(0.0, 1.0 + score)


def fit_proxy(kwb: pd.DataFrame, lookup: pd.DataFrame) -> dict[str, float]:
    """Least-squares (proxy_scale, education_scale) on the provinces' relative errors (gemeenten left out)."""
    from scipy.optimize import least_squares

    from capacity.keys import ses_proxy_parts

    member, tasks = _province_matrix(kwb, lookup)
    pop = pd.to_numeric(kwb["aantal_inwoners"], errors="coerce").to_numpy(dtype=float)
    welfare, education = ses_proxy_parts(kwb)
    target = tasks / tasks.sum()

    def residuals(p: np.ndarray) -> np.ndarray:
        w = _weights(pop, welfare, education, p[0], p[1])
        return member @ (w / w.sum()) / target - 1.0

    res = least_squares(residuals, x0=[0.1, 0.02], bounds=([0.0, 0.0], [0.5, 0.2]))
    return {"proxy_scale": float(res.x[0]), "education_scale": float(res.x[1])}


def check_table(
    kwb: pd.DataFrame, lookup: pd.DataFrame, params: dict[str, float] | None = None, total: int = NATIONAL_TOTAL_2024
) -> pd.DataFrame:
    """Published vs computed places per province (in sample) and per documented gemeente (out of sample).

    Columns: level (provincie/gemeente), unit, published, population (population-only key), proxy (the
    Spreidingswet key with the proxy), err_population and err_proxy (relative, computed / published − 1),
    in_sample (provinces: the proxy was fitted on them). Quotas, not rounded, so errors do not depend on
    the rounding method.
    """
    from capacity.keys import key_shares

    member, tasks = _province_matrix(kwb, lookup)
    codes = kwb["gemeentecode"].astype(str).to_numpy()
    pop = pd.to_numeric(kwb["aantal_inwoners"], errors="coerce").to_numpy(dtype=float)
    pop_q = total * pop / pop.sum()
    proxy_q = total * key_shares("spreidingswet", kwb, params).reindex(codes).to_numpy()
    rows = [
        ("provincie", name, tasks[i], member[i] @ pop_q, member[i] @ proxy_q, True)
        for i, name in enumerate(PROVINCIAL_TASKS_2024)
    ]
    index = {c: i for i, c in enumerate(codes)}
    for code, (name, figure, _) in GEMEENTE_FIGURES_2024.items():
        if code in index:
            rows.append(("gemeente", name, float(figure), pop_q[index[code]], proxy_q[index[code]], False))
    out = pd.DataFrame(rows, columns=["level", "unit", "published", "population", "proxy", "in_sample"])
    out["err_population"] = out["population"] / out["published"] - 1.0
    out["err_proxy"] = out["proxy"] / out["published"] - 1.0
    return out


def error_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Root-mean-square and largest absolute relative error, per level, for both keys."""
    rows = []
    for level, part in table.groupby("level", sort=False):
        for key in ("population", "proxy"):
            err = part[f"err_{key}"].to_numpy()
            rows.append(
                {
                    "level": level,
                    "key": key,
                    "rms": float(np.sqrt(np.mean(err**2))),
                    "max_abs": float(np.max(np.abs(err))),
                    "n": len(err),
                }
            )
    return pd.DataFrame(rows)
