"""COINr-style automatic outlier treatment (reviewer item 3): statistics by hand, the treatment rule,
its place in the default pipeline, and the effect on the real KWB 2024 data.

Toy columns are hand-made test fixtures, not data.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats

from capacity import normalise as nm
from capacity.indicators import Indicator
from capacity.scoring import ScoreConfig, compute_scores


def test_skewness_and_kurtosis_by_hand():
    # x = 0,0,0,1: mean 1/4, m2 = 3/16 + 9/16 = 3/4, m3 = -3/64 + 27/64 = 3/8, m4 = 3/256 + 81/256 = 21/64.
    # g1 = √4·(3/8)/(3/4)^1.5 = 1.1547; G1 = g1·√(4·3)/(4−2) = 2 exactly.
    # r = 4·(21/64)/(3/4)² = 7/3; kurtosis = ((5)(7/3 − 3) + 6)·3/(2·1) = 4 exactly.
    x = np.array([[0.0], [0.0], [0.0], [1.0]])
    assert nm.skewness(x)[0] == pytest.approx(2.0)
    assert nm.kurtosis(x)[0] == pytest.approx(4.0)


def test_skewness_and_kurtosis_match_scipy_unbiased():
    x = np.random.default_rng(3).lognormal(size=(200, 3))
    assert nm.skewness(x) == pytest.approx(scipy.stats.skew(x, axis=0, bias=False))
    assert nm.kurtosis(x) == pytest.approx(scipy.stats.kurtosis(x, axis=0, bias=False))


def test_constant_column_has_no_skewness_and_is_left_alone():
    x = np.full((10, 1), 3.0)
    assert np.isnan(nm.skewness(x)[0]) and np.isnan(nm.kurtosis(x)[0])
    out, report = nm.coinr_treat(x, ["c"])
    assert (out == 3.0).all() and report.at["c", "treatment"] == "none"


def test_one_outlier_is_winsorised_onto_the_next_value():
    # 1..20 and one 1000: fails (skew ≈ 4.6, kurt ≈ 21); moving 1000 onto 20 leaves a mild column.
    col = np.r_[np.arange(1.0, 21.0), 1000.0]
    out, report = nm.coinr_treat(col[:, None], ["x"])
    assert report.at["x", "treatment"] == "winsorised"
    assert report.at["x", "n_winsorised"] == 1
    assert out[-1, 0] == 20.0 and (out[:-1, 0] == col[:-1]).all()
    assert abs(report.at["x", "skew_before"]) >= 2 and report.at["x", "kurt_before"] >= 3.5


def test_negative_skew_winsorises_the_low_end():
    col = np.r_[np.arange(1.0, 21.0), -1000.0]
    out, report = nm.coinr_treat(col[:, None], ["x"])
    assert report.at["x", "treatment"] == "winsorised" and out[-1, 0] == 1.0


def test_heavy_tail_falls_back_to_log_ct_plus_of_the_original():
    # 40 ones and a geometric tail 2..1024: winsorising 5 points is not enough, so COINr logs the
    # original values: ln(x − min + a) with a = 0.01·(max − min) = 0.01·1023.
    col = np.r_[np.ones(40), 2.0 ** np.arange(1, 11)]
    out, report = nm.coinr_treat(col[:, None], ["x"])
    assert report.at["x", "treatment"] == "log"
    expected = [math.log(v - 1.0 + 10.23) for v in col]
    assert out[:, 0] == pytest.approx(expected)
    assert report.at["x", "n_winsorised"] == 0


def test_passing_column_and_skipped_column_untouched():
    good = np.arange(1.0, 22.0)
    bad = np.r_[np.arange(1.0, 21.0), 1000.0]
    x = np.column_stack([good, bad])
    out, report = nm.coinr_treat(x, ["good", "bad"], skip=(1,))
    assert (out == x).all()
    assert report["treatment"].tolist() == ["none", "none"]


def test_heavy_symmetric_tails_alone_are_not_treated():
    """COINr's rule needs both conditions: a symmetric column with heavy tails (skew 0, excess kurtosis
    10 ≥ 3.5) is left alone; with OR instead of AND it would be treated."""
    col = np.r_[-10.0, np.zeros(19), 10.0]
    assert abs(float(nm.skewness(col))) < 1e-12 and float(nm.kurtosis(col)) >= 3.5
    out, report = nm.coinr_treat(col[:, None], ["x"])
    assert report.at["x", "treatment"] == "none" and (out[:, 0] == col).all()


# --- in the pipeline ------------------------------------------------------------------------------

TOY = (
    Indicator("h1", "H1", "H1", "housing", "", "", 1, ("a",)),
    Indicator("e1", "E1", "E1", "education", "", "", 1, ("b",)),
    Indicator("i1", "I1", "I1", "integration", "", "", 1, ("c",)),
)


def toy_kwb() -> pd.DataFrame:
    """Hand-made fixture: 21 gemeenten, indicator a = 1..20 plus one gemeente with 1000."""
    a = np.r_[np.arange(1.0, 21.0), 1000.0]
    return pd.DataFrame(
        {
            "gemeentecode": [f"GM{i:04d}" for i in range(1, 22)],
            "gemeentenaam": list("ABCDEFGHIJKLMNOPQRSTU"),
            "a": a,
            "b": np.arange(21.0),
            "c": np.arange(21.0)[::-1],
        }
    )


def test_default_pipeline_treats_the_outlier():
    r = compute_scores(toy_kwb(), indicators=TOY)
    assert ScoreConfig().outliers == "coinr"
    # after winsorising, a = 1..20, 20: gemeente 10 (a = 10) gets 100·(10−1)/(20−1) = 47.37
    assert r.normalised.loc["GM0010", "h1"] == pytest.approx(100 * 9 / 19)
    assert r.normalised.loc["GM0021", "h1"] == pytest.approx(100.0)
    assert r.treatment.at["h1", "treatment"] == "winsorised"


def test_outliers_none_switches_it_off():
    r = compute_scores(toy_kwb(), ScoreConfig(outliers="none"), indicators=TOY)
    # without treatment: 100·(10−1)/(1000−1) = 0.90
    assert r.normalised.loc["GM0010", "h1"] == pytest.approx(100 * 9 / 999)
    assert r.treatment.empty


def test_explicit_log_is_not_treated_twice():
    r = compute_scores(toy_kwb(), ScoreConfig(log=("h1",)), indicators=TOY)
    assert r.treated.loc["GM0021", "h1"] == pytest.approx(math.log(1000.0))
    assert r.treatment.at["h1", "treatment"] == "none"


def test_unknown_outlier_method_is_rejected():
    with pytest.raises(ValueError, match="outlier treatment"):
        compute_scores(toy_kwb(), ScoreConfig(outliers="trim"), indicators=TOY)


def test_given_goalposts_follow_the_log_treatment(kwb2024):
    # the student share is log-treated on the real data; goalposts per 1,000 must be transformed the
    # same way, so a gemeente exactly at the upper goalpost scores 100 (load indicator).
    r = compute_scores(kwb2024, ScoreConfig(normalise="goalposts", goalposts={"studenten_per_1000": (20.0, 60.0)}))
    assert r.treatment.at["studenten_per_1000", "treatment"] == "log"
    raw = r.raw["studenten_per_1000"]
    assert (r.normalised.loc[raw <= 20.0, "studenten_per_1000"] == 0).all()
    assert (r.normalised.loc[raw >= 60.0, "studenten_per_1000"] == 100).all()
    inside = raw.between(21.0, 59.0)
    assert r.normalised.loc[inside, "studenten_per_1000"].between(0, 100, inclusive="neither").all()


# --- real data ------------------------------------------------------------------------------------

#: The treated set on KWB 2024 under COINr's rule (|skew| ≥ 2 AND kurtosis ≥ 3.5). Pinned: with OR
#: instead of AND the household growth (kurtosis 8.9, skew 0.65), WOZ (6.8, 1.7) and population growth
#: (5.2, 1.1) would be treated too, so an AND→OR change fails here.
TREATED_ON_KWB_2024 = {"huishoudens_per_woning": "winsorised", "studenten_per_1000": "log"}


def test_real_data_treated_indicators(kwb2024):
    r = compute_scores(kwb2024)
    treated = r.treatment.loc[r.treatment["treatment"] != "none", "treatment"].to_dict()
    assert treated == TREATED_ON_KWB_2024
    assert (
        r.treatment.at["huishoudens_per_woning", "n_winsorised"] == 1
    )  # one value moved: Wageningen (students) at 1.34
    # every treated indicator now passes COINr's check or was log-transformed
    after = r.treatment.loc[list(treated)]
    ok = (after["skew_after"].abs() < 2) | (after["kurt_after"] < 3.5) | (after["treatment"] == "log")
    assert ok.all()
    # the untreated ones fail at most one of the two conditions (AND, not OR)
    untreated = r.treatment.loc[r.treatment["treatment"] == "none"]
    assert ((untreated["skew_before"].abs() < 2) | (untreated["kurt_before"] < 3.5)).all()
    assert ((untreated["skew_before"].abs() < 2) & (untreated["kurt_before"] >= 3.5)).sum() >= 3


def test_real_data_amsterdam_students_no_longer_squeezed(kwb2024):
    """Wageningen's 201 hbo/wo students per 1,000 gave Amsterdam (67) a student druk of 33/100 under plain
    min-max; the log treatment places it at 77, between the median gemeente and Delft."""
    plain = compute_scores(kwb2024, ScoreConfig(outliers="none")).normalised.loc["GM0363", "studenten_per_1000"]
    treated = compute_scores(kwb2024).normalised.loc["GM0363", "studenten_per_1000"]
    assert plain < 35
    assert treated > 70


# --- method settings in words (Methode page) -------------------------------------------------------


def test_describe_config_uses_words_not_python_values():
    from capacity.explain import describe_config

    table = describe_config(
        ScoreConfig(winsorise=(0.05, 0.95), log=("woz_waarde",), dimension_weights={"housing": 2.0}), "nl"
    )
    values = dict(zip(table["setting"], table["value"], strict=True))
    assert values["Normalisatie"] == "Min-max (0 = laagste, 100 = hoogste)"
    assert values["Winsoriseren op percentielen (extra)"] == "5e–95e percentiel"
    assert values["Log-transformatie (gekozen)"] == "Gemiddelde WOZ-waarde"
    assert values["Gewichten dimensies"].startswith("Wonen 2")
    text = " ".join(table["value"])
    for raw in ("()", "(0.05, 0.95)", "None", "woz_waarde", "minmax"):
        assert raw not in text
    defaults = dict(zip(*describe_config(ScoreConfig(), "nl").to_numpy().T, strict=True))
    assert defaults["Log-transformatie (gekozen)"] == "geen"
    assert defaults["Uitschieters (automatisch)"].startswith("COINr-standaard")


def test_treatment_table_lists_only_treated_indicators():
    from capacity.explain import treatment_table

    r = compute_scores(toy_kwb(), indicators=TOY)
    table = treatment_table(r)
    assert list(table.index) == ["h1"] and table.at["h1", "treatment"] == "gewinsoriseerd"
    assert table.at["h1", "n_winsorised"] == 1
    assert treatment_table(compute_scores(toy_kwb(), ScoreConfig(outliers="none"), indicators=TOY)).empty


def test_tied_extremes_move_together_and_count_once():
    # 1..30 with 200, 190, 190: step 1 moves 200 onto 190, step 2 moves the three tied 190s onto 30
    # (COINr counts 1 + 3 = 4 moves); three distinct values changed.
    col = np.r_[np.arange(1.0, 31.0), 200.0, 190.0, 190.0]
    out, report = nm.coinr_treat(col[:, None], ["x"])
    assert report.at["x", "treatment"] == "winsorised"
    assert out[-3:, 0].tolist() == [30.0, 30.0, 30.0]
    assert report.at["x", "n_winsorised"] == 3
