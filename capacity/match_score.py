"""Inputs of the matching model from the project's own data: outcome scores, dwellings, key shares.

**Outcome score** per gemeente × cohort (per household, higher is better), from CBS KWB 2024:

``score[g, c] = adults_c · labour_g + children_c · school_g``

* ``labour_g`` (0–1): weighted mean of the percentile ranks of the labour-market terms below
  (benefit recipients per 1,000 aged 15–65, inverted; business establishments per 1,000 aged 15–65).
* ``school_g`` (0–1): weighted mean of the percentile ranks of the school terms (primary pupils per
  1,000 inhabitants, inverted: existing demand; primary schools within 3 km: nearby capacity).

So a household's score reads as "expected persons with good outcome prospects": adults weigh the local
labour market, children the local school room. The terms are *proxies*, not predicted outcomes (GeoMatch
fits a model on individual outcome data, which is not public in the Netherlands); every term and weight
is an entry below, every weight an editable parameter (``MATCH_PARAMETERS``), marked as an assumption.
Percentile ranks keep one outlier gemeente from compressing all others; a missing value gets the neutral
0.5 and is counted.

**Dwellings proxy** when no dwellings file is given: dwellings per gemeente for one year =
``ceil(corporation stock × turnover × status-holder share of vacancies × years)``, at
least ``woning_minimum`` (an assumption, like the workshop's +2) with the corporation
stock from KWB (``woningvoorraad × perc_huurwoningen_in_bezit_woningcorporaties``), the turnover from the
flow model's parameter registry (``corporation_turnover``, with its own source there) and the share of vacated
corporation dwellings that went to status holders from CBS (12,729 of 161,000 in 2023 ≈ 7.9 %). A proxy, not a count of
available homes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from capacity.flow_params import resolve_params as resolve_flow_params
from capacity.match import Cohort, MatchProblem
from capacity.params import Parameter, ParameterSet

Target = Literal["adults", "children"]
OBJECTIVES: tuple[str, ...] = ("outcome", "labour", "school")
AGE_15_65 = (
    "percentage_personen_15_tot_25_jaar",
    "percentage_personen_25_tot_45_jaar",
    "percentage_personen_45_tot_65_jaar",
)
#: Derived denominator: inhabitants aged 15–65 = inhabitants × (sum of the three age shares) / 100.
ADULTS_15_65 = "inwoners_15_tot_65"
SOURCE_IDS: tuple[str, ...] = ("cbs_kwb_2024",)


@dataclass(frozen=True)
class ScoreTerm:
    """One ingredient: ``factor × Σ numerator / Π denominator`` per gemeente, ranked, ``direction`` +1 =
    higher is better for the cohort member, −1 = worse. ``weight`` names its parameter."""

    id: str
    label_nl: str
    label_en: str
    target: Target
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    factor: float
    direction: Literal[1, -1]
    weight: str
    rationale_nl: str

    def compute(self, kwb: pd.DataFrame) -> np.ndarray:
        num = np.sum([kwb[c].to_numpy(dtype=float) for c in self.numerator], axis=0) * self.factor
        den = np.prod([_column(kwb, c) for c in self.denominator], axis=0) if self.denominator else 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(np.asarray(den) > 0, num / den, np.nan)


def _column(kwb: pd.DataFrame, name: str) -> np.ndarray:
    if name == ADULTS_15_65:
        share = np.sum([kwb[c].to_numpy(dtype=float) for c in AGE_15_65], axis=0) / 100.0
        return kwb["aantal_inwoners"].to_numpy(dtype=float) * share
    return kwb[name].to_numpy(dtype=float)


SCORE_TERMS: tuple[ScoreTerm, ...] = (
    ScoreTerm(
        "uitkeringen_per_1000_15_65",
        "WW- en bijstandsuitkeringen per 1.000 inwoners van 15–65 jaar",
        "Unemployment and social-assistance recipients per 1,000 aged 15–65",
        "adults",
        ("aantal_personen_met_een_ww_uitkering_totaal", "aantal_personen_met_een_alg_bijstandsuitkering_tot"),
        (ADULTS_15_65,),
        1000.0,
        -1,
        "w_uitkeringen",
        "Minder uitkeringen per inwoner op werkende leeftijd wijst op een ruimere arbeidsmarkt (omgekeerd gebruikt).",
    ),
    ScoreTerm(
        "vestigingen_per_1000_15_65",
        "Bedrijfsvestigingen per 1.000 inwoners van 15–65 jaar",
        "Business establishments per 1,000 aged 15–65",
        "adults",
        ("aantal_bedrijfsvestigingen",),
        (ADULTS_15_65,),
        1000.0,
        1,
        "w_vestigingen",
        "KWB telt geen banen; vestigingen per inwoner op werkende leeftijd zijn de dichtstbijzijnde proxy voor werk.",
    ),
    ScoreTerm(
        "leerlingen_po_per_1000",
        "Leerlingen primair onderwijs per 1.000 inwoners",
        "Primary-school pupils per 1,000 inhabitants",
        "children",
        ("aantal_leerlingen_primair_onderwijs",),
        ("aantal_inwoners",),
        1000.0,
        -1,
        "w_leerlingen",
        "Veel bestaande leerlingen per inwoner betekent minder vrije schoolplaatsen (omgekeerd gebruikt).",
    ),
    ScoreTerm(
        "basisscholen_binnen_3km",
        "Basisscholen binnen 3 km (gemiddeld)",
        "Primary schools within 3 km (average)",
        "children",
        ("basisonderwijs_gemiddeld_aantal_binnen_3_km",),
        (),
        1.0,
        1,
        "w_scholen_nabij",
        "Meer scholen dichtbij betekent meer plaatsen om nieuwe leerlingen over te spreiden.",
    ),
)


def _weight(param_id: str, label_nl: str, label_en: str, derivation: str) -> Parameter:
    """A score weight: 0.5 by default (equal weights within a part), an assumption, editable 0–10."""
    return Parameter(
        param_id,
        label_nl,
        label_en,
        "gewicht",
        0.5,
        0.0,
        10.0,
        low=0.0,
        high=1.0,
        assumption=True,
        derivation=derivation,
    )


MATCH_PARAMETERS = ParameterSet(
    "match",
    (
        _weight(
            "w_uitkeringen",
            "Gewicht uitkeringen (arbeidsmarkt)",
            "Weight benefits",
            "gelijk gewicht voor beide arbeidsmarkttermen",
        ),
        _weight(
            "w_vestigingen",
            "Gewicht vestigingen (arbeidsmarkt)",
            "Weight establishments",
            "gelijk gewicht voor beide arbeidsmarkttermen",
        ),
        _weight(
            "w_leerlingen",
            "Gewicht leerlingendruk (school)",
            "Weight pupil pressure",
            "gelijk gewicht voor beide schooltermen",
        ),
        _weight(
            "w_scholen_nabij",
            "Gewicht scholen dichtbij (school)",
            "Weight nearby schools",
            "gelijk gewicht voor beide schooltermen",
        ),
        Parameter(
            "w_volwassenen",
            "Gewicht volwassenen (arbeidsmarktdeel van de score)",
            "Weight of adults (labour-market part)",
            "gewicht",
            1.0,
            0.0,
            10.0,
            assumption=True,
            derivation="volwassene en kind tellen even zwaar",
        ),
        Parameter(
            "w_kinderen",
            "Gewicht kinderen (schooldeel van de score)",
            "Weight of children (school part)",
            "gewicht",
            1.0,
            0.0,
            10.0,
            assumption=True,
            derivation="volwassene en kind tellen even zwaar",
        ),
        Parameter(
            "aandeel_vrijkomend_statushouders",
            "Aandeel vrijkomende corporatiewoningen naar statushouders",
            "Share of vacated corporation dwellings going to status holders",
            "fractie",
            0.079,
            0.0,
            1.0,
            low=0.04,
            high=0.08,
            press=True,
            source="CBS via ANP, 'Bijna 8 procent corporatiewoningen naar statushouders' (26 nov. 2025): in 2023 "
            "kwamen 161.000 corporatiewoningen vrij, 12.729 gingen naar huishoudens met statushouders; de vijf "
            "jaren ervoor 4 tot 7 procent",
            url="https://www.welingelichtekringen.nl/samenleving/bijna-8-procent-corporatiewoningen-naar-statushouders-92-procent-niet",
            derivation="12.729 / 161.000 ≈ 0,079; bereik 4–8 % (2018–2023); alleen voor de woningproxy",
        ),
        Parameter(
            "woning_jaren",
            "Periode van de woningproxy",
            "Period of the dwellings proxy",
            "jaar",
            1.0,
            0.1,
            10.0,
            assumption=True,
            derivation="één jaar vrijkomende woningen",
        ),
        Parameter(
            "woning_minimum",
            "Minimum woningen per gemeente in de woningproxy",
            "Minimum dwellings per gemeente in the proxy",
            "woningen",
            2.0,
            0.0,
            1000.0,
            assumption=True,
            integer=True,
            derivation="ook een gemeente zonder corporatiebezit in KWB vindt enkele woningen (als de +2 van de workshop)",
        ),
    ),
)

ADULT_TERMS = tuple(t for t in SCORE_TERMS if t.target == "adults")
CHILD_TERMS = tuple(t for t in SCORE_TERMS if t.target == "children")


def resolve_params(overrides: Mapping[str, object] | None = None) -> dict[str, float]:
    """Defaults of ``MATCH_PARAMETERS`` updated with ``overrides``; unknown ids or bad values raise ValueError."""
    return MATCH_PARAMETERS.resolve(overrides)


def _rank01(values: np.ndarray, direction: int) -> tuple[np.ndarray, int]:
    """Percentile rank in [0, 1] (ties averaged, rounded first so the CPU cannot split a tie); NaN → 0.5."""
    s = pd.Series(np.round(values * direction, 9))
    n_valid = int(s.notna().sum())
    if n_valid <= 1:
        return np.full(len(s), 0.5), int(len(s) - n_valid)
    r = (s.rank(method="average") - 1.0) / (n_valid - 1)
    return r.fillna(0.5).to_numpy(dtype=float), int(s.isna().sum())


def score_table(kwb: pd.DataFrame, params: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Per gemeente: raw value and rank of every term, ``labour`` and ``school`` (0–1). ``attrs['imputed']``:
    term id → number of gemeenten given the neutral 0.5 for a missing value."""
    p = resolve_params(params)
    out = pd.DataFrame(index=pd.Index(kwb["gemeentecode"].astype(str), name="gemeentecode"))
    imputed: dict[str, int] = {}
    for term in SCORE_TERMS:
        raw = term.compute(kwb)
        rank, missing = _rank01(raw, term.direction)
        out[term.id] = raw
        out[f"{term.id}_rank"] = rank
        if missing:
            imputed[term.id] = missing
    for name, terms in (("labour", ADULT_TERMS), ("school", CHILD_TERMS)):
        weights = np.array([p[t.weight] for t in terms])
        ranks = np.column_stack([out[f"{t.id}_rank"].to_numpy() for t in terms])
        out[name] = ranks @ weights / weights.sum() if weights.sum() > 0 else 0.0
    out.attrs["imputed"] = imputed
    return out


def cohort_scores(
    table: pd.DataFrame,
    cohorts: Sequence[Cohort],
    objective: str = "outcome",
    params: Mapping[str, object] | None = None,
) -> np.ndarray:
    """Score per household, shape (gemeenten, cohorts): adults × labour + children × school (weighted)."""
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}; choose from {', '.join(OBJECTIVES)}")
    p = resolve_params(params)
    w_adult = p["w_volwassenen"] if objective in ("outcome", "labour") else 0.0
    w_child = p["w_kinderen"] if objective in ("outcome", "school") else 0.0
    adults = np.array([k.adults_per_household for k in cohorts])
    children = np.array([k.children_per_household for k in cohorts])
    labour = table["labour"].to_numpy(dtype=float)[:, None]
    school = table["school"].to_numpy(dtype=float)[:, None]
    return w_adult * labour * adults[None, :] + w_child * school * children[None, :]


def proxy_dwellings(kwb: pd.DataFrame, params: Mapping[str, object] | None = None) -> pd.Series:
    """Dwellings per gemeente when none are given: a documented *proxy* (see the module docstring)."""
    p = resolve_params(params)
    turnover = resolve_flow_params()["corporation_turnover"]
    stock = kwb["woningvoorraad"].to_numpy(dtype=float) * kwb["perc_huurwoningen_in_bezit_woningcorporaties"].to_numpy(
        dtype=float
    )
    stock = np.nan_to_num(stock / 100.0, nan=0.0)
    value = np.ceil(np.round(stock * turnover * p["aandeel_vrijkomend_statushouders"] * p["woning_jaren"], 9))
    value = np.maximum(value, p["woning_minimum"])
    return pd.Series(value.astype(int), index=pd.Index(kwb["gemeentecode"].astype(str), name="gemeentecode"))


def workshop_dwellings(kwb: pd.DataFrame, per_1000: float = 0.9, plus: int = 2) -> pd.Series:
    """The workshop example of issue #17: ``ceil(inhabitants / 1,000 × per_1000) + plus`` (not data)."""
    inh = kwb["aantal_inwoners"].to_numpy(dtype=float)
    value = np.ceil(np.round(inh / 1000.0 * per_1000, 9)) + plus
    return pd.Series(value.astype(int), index=pd.Index(kwb["gemeentecode"].astype(str), name="gemeentecode"))


def build_problem(
    kwb: pd.DataFrame,
    cohorts: Sequence[Cohort],
    *,
    shares: pd.Series,
    band: float,
    dwellings: pd.Series | None = None,
    school_places: pd.Series | None = None,
    objective: str = "outcome",
    params: Mapping[str, object] | None = None,
) -> MatchProblem:
    """A :class:`MatchProblem` over the gemeenten of ``kwb``; ``dwellings``/``school_places`` by gemeentecode
    (every gemeente needed; dwellings default to :func:`proxy_dwellings`)."""
    codes = pd.Index(kwb["gemeentecode"].astype(str))
    dw = proxy_dwellings(kwb, params) if dwellings is None else dwellings
    sp = None if school_places is None else _aligned(school_places, codes, "school places")
    table = score_table(kwb, params)
    return MatchProblem(
        codes=tuple(codes),
        cohorts=tuple(cohorts),
        dwellings=_aligned(dw, codes, "dwellings"),
        shares=_aligned(shares, codes, "key shares"),
        band=float(band),
        scores=cohort_scores(table, cohorts, objective, params),
        school_places=sp,
    )


def _aligned(values: pd.Series, codes: pd.Index, what: str) -> np.ndarray:
    series = pd.Series(values)
    series.index = series.index.astype(str)
    missing = codes.difference(series.index)
    if len(missing):
        raise ValueError(f"{what}: no value for {len(missing)} gemeenten (e.g. {', '.join(sorted(missing)[:3])})")
    return series.reindex(codes).to_numpy(dtype=float)
