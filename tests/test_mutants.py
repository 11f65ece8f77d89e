"""Tests that kill mutants a mutation run left alive (issue #10): the outlier rule's
thresholds and treated set, the Σcaps = total − 1 boundary, decimal-comma ambiguity, URL allow-list limits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from capacity import normalise
from capacity.apportion import InfeasibleBoundsError, apportion
from capacity.scenario import url_params
from capacity.urlparams import MAX_VALUE_CHARS, Param
from geodata.importer.numbers import detect_decimal, parse_number

# Indicator directions are pinned in test_indicators.py (every indicator, not a subset).


@pytest.mark.parametrize(
    ("skew", "kurt", "fails"),
    [
        (2.0, 3.5, True),  # both thresholds inclusive
        (-2.0, 3.5, True),  # |skewness|: a long left tail counts too
        (1.999, 10.0, False),  # skewed enough is not enough on its own (AND, not OR)
        (10.0, 3.499, False),  # heavy-tailed enough is not enough on its own
        (1.0, 1.0, False),
        (np.nan, 10.0, False),
    ],
)
def test_outlier_rule_needs_both_skewness_and_kurtosis(monkeypatch, skew, kurt, fails):
    assert (normalise.COINR_SKEW, normalise.COINR_KURT) == (2.0, 3.5)  # COINr / OECD-JRC defaults
    monkeypatch.setattr(normalise, "skewness", lambda col: np.float64(skew))
    monkeypatch.setattr(normalise, "kurtosis", lambda col: np.float64(kurt))
    assert normalise._fails(np.arange(5.0), normalise.COINR_SKEW, normalise.COINR_KURT) is fails


def test_outlier_treated_set_on_real_data(kwb2024):
    """Which indicators the default pipeline treats, and how: an OR rule or other thresholds change this set
    (an OR rule moved total ranks by up to 147 places with every other test green)."""
    from capacity.scoring import compute_scores

    treatment = compute_scores(kwb2024).treatment
    treated = treatment.loc[treatment["treatment"] != "none", "treatment"].to_dict()
    assert treated == {"huishoudens_per_woning": "winsorised", "studenten_per_1000": "log"}  # method 2026.12.2


def test_caps_summing_to_total_minus_one_are_infeasible_and_to_total_exact():
    w = np.array([5.0, 3.0, 2.0])
    with pytest.raises(InfeasibleBoundsError):
        apportion(w, 10, "hamilton", caps=np.array([4.0, 3.0, 2.0]))  # Σ caps = 9 = total − 1
    res = apportion(w, 10, "hamilton", caps=np.array([5.0, 3.0, 2.0]))  # Σ caps = total: everyone at the cap
    assert res.allocated.tolist() == [5, 3, 2]
    with pytest.raises(InfeasibleBoundsError):
        apportion(w, 10, "hamilton", floors=np.array([4.0, 4.0, 3.0]))  # Σ floors = 11 = total + 1


@pytest.mark.parametrize(
    ("cells", "separator", "decimal"),
    [
        (["1,5", "2,25"], ",", ","),  # unambiguous decimal commas
        (["1.5", "2.25"], ";", "."),  # unambiguous decimal points, even in a ;-file
        (["1,234", "5,678"], ";", ","),  # ambiguous only: a ;-file is Dutch (decimal comma)
        (["1,234", "5,678"], ",", "."),  # ambiguous only, ,-separated: thousands separators
        (["1.234", "1,5"], ",", ","),  # the one unambiguous cell decides
        (["1.234.567", "2,5"], ",", ","),
    ],
)
def test_decimal_comma_ambiguity(cells, separator, decimal):
    assert detect_decimal(pd.DataFrame({"x": cells}), separator) == decimal


def test_numbers_parse_by_the_detected_mark():
    assert parse_number("1.234,5", ",") == 1234.5
    assert parse_number("1,234.5", ".") == 1234.5
    assert parse_number("1,234", ",") == 1.234
    assert parse_number("1,234", ".") == 1234.0
    assert parse_number("1,2,3", ",") is None


def test_url_allow_list_limits():
    free = Param("q", "choice")
    assert free.parse("x" * MAX_VALUE_CHARS) == "x" * MAX_VALUE_CHARS
    with pytest.raises(ValueError):
        free.parse("x" * (MAX_VALUE_CHARS + 1))
    specs = url_params()
    for name, lo, hi in (("total", 0, 1_000_000), ("floor", 0, 1_000_000), ("cap1000", 0, 1000)):
        assert specs[name].parse(str(lo)) == lo and specs[name].parse(str(hi)) == hi
        with pytest.raises(ValueError):
            specs[name].parse(str(hi + 1))
        with pytest.raises(ValueError):
            specs[name].parse(str(lo - 1))
    for bad in ("nan", "inf", "-inf", "1e999"):
        with pytest.raises(ValueError):
            specs["cap1000"].parse(bad)
    assert specs["pledges"].parse("ja") is True and specs["pledges"].parse("nee") is False
    with pytest.raises(ValueError):
        specs["pledges"].parse("misschien")
    with pytest.raises(ValueError):
        specs["method"].parse("hamilton; drop table")


def test_scoring_reads_no_region_lookup_from_disk(kwb2024):
    """The engine gets the lookup from its caller; without one, province imputation says what is missing."""
    from capacity.scoring import ScoreConfig, compute_scores

    with pytest.raises(ValueError, match="region lookup"):
        compute_scores(kwb2024, ScoreConfig(impute="province_median"))


@pytest.mark.parametrize("aggregate", ["arithmetic", "geometric"])
def test_contributions_to_the_total_add_up_and_match_the_weights(kwb2024, aggregate):
    """capacity.explain gives the Methode page its points of the total (the page no longer recomputes them)."""
    from capacity.explain import explain
    from capacity.scoring import ScoreConfig, compute_scores

    result = compute_scores(kwb2024, ScoreConfig(aggregate=aggregate))
    parts = explain(result, "GM0363").indicators
    assert parts["contribution_total"].sum() == pytest.approx(result.scores.at["GM0363", "total_load"], abs=1e-6)
    if aggregate == "arithmetic":
        expected = parts["normalised"] * parts["weight"] * parts["dimension_weight"]
        np.testing.assert_allclose(parts["contribution_total"], expected.fillna(0.0), atol=1e-9)
