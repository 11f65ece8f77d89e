"""compute_scores and explain: a hand-computed toy index, validation, properties and real-data checks.

The toy fixture below is hand-made (not CBS data): three gemeenten, four indicators on plain columns,
so every score can be worked out on paper.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from toy_index import TOY_INDICATORS, toy_kwb  # shared hand-made fixture

from capacity.explain import coherence, cronbach_alpha, explain
from capacity.indicators import INDICATORS
from capacity.scoring import SCORE_COLUMNS, ScoreConfig, compute_scores


def toy(config: ScoreConfig | None = None):
    return compute_scores(toy_kwb(), config, indicators=TOY_INDICATORS)


# --- hand-computed toy index ----------------------------------------------------------------------


def test_toy_minmax_arithmetic_by_hand():
    s = toy().scores
    assert list(s.columns) == ["gemeentenaam", *SCORE_COLUMNS]
    # housing = mean(h1, h2) = (0+100)/2, (50+50)/2, (100+0)/2
    assert s["housing_load"].tolist() == pytest.approx([50, 50, 50])
    assert s["education_load"].tolist() == pytest.approx([0, 100, 50])
    assert s["integration_load"].tolist() == pytest.approx([0, 0, 100])
    # total = mean of the three dimensions: 50/3, 150/3, 200/3
    assert s["total_load"].tolist() == pytest.approx([50 / 3, 50, 200 / 3])
    assert s["rank_total"].tolist() == [3, 2, 1]
    assert s["rank_housing"].tolist() == [1, 2, 3]  # a three-way tie: lower gemeentecode first
    assert s["rank_education"].tolist() == [3, 1, 2]


def test_toy_normalised_has_direction_applied():
    n = toy().normalised
    assert n["h2"].tolist() == pytest.approx([100, 50, 0])  # more b = more capacity = less load


def test_toy_geometric_by_hand():
    s = toy(ScoreConfig(aggregate="geometric")).scores
    # housing A: √(1·101) − 1; B: √(51·51) − 1 = 50; C: √(101·1) − 1
    h = math.sqrt(101) - 1
    assert s["housing_load"].tolist() == pytest.approx([h, 50, h])
    # total A: ((h+1)(0+1)(0+1))^(1/3) − 1 = 101^(1/6) − 1
    assert s["total_load"].iloc[0] == pytest.approx(101 ** (1 / 6) - 1)
    # total C: ((h+1)(51)(101))^(1/3) − 1
    assert s["total_load"].iloc[2] == pytest.approx(((h + 1) * 51 * 101) ** (1 / 3) - 1)


def test_toy_weights_by_hand():
    cfg = ScoreConfig(indicator_weights={"h1": 3}, dimension_weights={"housing": 2})
    s = toy(cfg).scores
    # housing = (3·h1 + 1·h2)/4: A (0 + 100)/4, B (150 + 50)/4, C (300 + 0)/4
    assert s["housing_load"].tolist() == pytest.approx([25, 50, 75])
    # total = (2·housing + education + integration)/4: A (50 + 0 + 0)/4
    assert s["total_load"].tolist() == pytest.approx([12.5, (100 + 100 + 0) / 4, (150 + 50 + 100) / 4])


def test_toy_zero_dimension_weight_drops_it_from_total():
    s = toy(ScoreConfig(dimension_weights={"integration": 0})).scores
    assert s["total_load"].tolist() == pytest.approx([25, 75, 50])  # mean of housing and education


def test_toy_rank_normalisation_by_hand():
    s = toy(ScoreConfig(normalise="rank")).scores
    # ranks of d = 10, 10, 40 → 1.5, 1.5, 3 → 25, 25, 100
    assert s["integration_load"].tolist() == pytest.approx([25, 25, 100])


def test_toy_distance_reference_by_hand():
    s = toy(ScoreConfig(normalise="distance_reference", reference="GM0002")).scores
    # the reference itself sits at 50 on every indicator
    assert s.loc[
        "GM0002", ["housing_load", "education_load", "integration_load", "total_load"]
    ].tolist() == pytest.approx([50, 50, 50, 50])
    # d: deviations from 10 are 0, 0, 30 → 50, 50, 100
    assert s["integration_load"].tolist() == pytest.approx([50, 50, 100])


def test_toy_given_goalposts_by_hand():
    # goalposts for b (capacity): 3 and 5 → oriented (−5, −3); b = 2, 4, 6 → 100 (clipped), 50, 0
    cfg = ScoreConfig(normalise="goalposts", goalposts={"h2": (3, 5), "h1": (0, 20)})
    r = toy(cfg)
    assert r.normalised["h2"].tolist() == pytest.approx([100, 50, 0])
    assert r.normalised["h1"].tolist() == pytest.approx([0, 25, 50])  # a/20 × 100


def test_toy_log_is_applied_before_normalising():
    kwb = toy_kwb().assign(a=[1.0, 10.0, 100.0])
    r = compute_scores(kwb, ScoreConfig(log=("h1",)), indicators=TOY_INDICATORS)
    # ln 1, ln 10, ln 100 = 0, ln10, 2·ln10 → min-max 0, 50, 100
    assert r.normalised["h1"].tolist() == pytest.approx([0, 50, 100])
    assert r.raw["h1"].tolist() == [1, 10, 100]


def test_toy_missing_value_is_imputed_and_flagged():
    kwb = toy_kwb().assign(c=[1.0, np.nan, 2.0])
    r = compute_scores(kwb, indicators=TOY_INDICATORS)
    assert r.treated.loc["GM0002", "e1"] == pytest.approx(1.5)  # median of 1 and 2
    assert r.imputed.loc["GM0002", "e1"] and not r.imputed.loc["GM0001", "e1"]
    assert r.scores["education_load"].notna().all()


def test_toy_province_median_uses_lookup():
    kwb = toy_kwb().assign(c=[1.0, np.nan, 5.0])
    lookup = pd.DataFrame({"gemeentecode": ["GM0001", "GM0002", "GM0003"], "provincie_code": ["P", "P", "Q"]})
    r = compute_scores(kwb, ScoreConfig(impute="province_median"), lookup, TOY_INDICATORS)
    assert r.treated.loc["GM0002", "e1"] == 1.0  # only province P's value, not the national median 3


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "config, exc, match",
    [
        (ScoreConfig(normalise="robust"), ValueError, "normalisation"),
        (ScoreConfig(aggregate="harmonic"), ValueError, "aggregation"),
        (ScoreConfig(impute="mean"), ValueError, "imputation"),
        (ScoreConfig(winsorise=(0.9, 0.1)), ValueError, "winsorise"),
        (ScoreConfig(log=("nope",)), KeyError, "unknown indicator"),
        (ScoreConfig(indicator_weights={"nope": 1}), KeyError, "unknown indicator"),
        (ScoreConfig(indicator_weights={"h1": -1}), ValueError, "≥ 0"),
        (ScoreConfig(indicator_weights={"h1": float("nan")}), ValueError, "finite"),
        (ScoreConfig(dimension_weights={"health": 1}), KeyError, "dimension"),
        (ScoreConfig(dimension_weights={"housing": 0, "education": 0, "integration": 0}), ValueError, "all dimension"),
        (ScoreConfig(indicator_weights={"e1": 0}), ValueError, "dimension weight to 0"),
        (ScoreConfig(normalise="distance_reference"), ValueError, "reference"),
        (ScoreConfig(reference="GM9999"), KeyError, "reference"),
        (ScoreConfig(goalposts={"h1": (1, 1)}), ValueError, "goalposts"),
        (ScoreConfig(log="h1"), ValueError, "tuple"),
        (ScoreConfig(winsorise=(0.05,)), ValueError, "two quantiles"),
    ],
)
def test_bad_config_gives_clear_error(config, exc, match):
    with pytest.raises(exc, match=match):
        toy(config)


def test_bad_table_gives_clear_error():
    with pytest.raises(KeyError, match="gemeentecode"):
        compute_scores(toy_kwb().drop(columns="gemeentecode"), indicators=TOY_INDICATORS)
    with pytest.raises(KeyError, match="lacks columns"):
        compute_scores(toy_kwb().drop(columns="a"), indicators=TOY_INDICATORS)
    with pytest.raises(ValueError, match="more than once"):
        compute_scores(pd.concat([toy_kwb(), toy_kwb().head(1)]), indicators=TOY_INDICATORS)
    with pytest.raises(ValueError, match="no values"):
        compute_scores(toy_kwb().assign(a=np.nan), indicators=TOY_INDICATORS)


# --- properties -----------------------------------------------------------------------------------


@st.composite
def toy_tables(draw):
    n = draw(st.integers(4, 8))
    values = {c: draw(st.lists(st.floats(0.0, 1e4, allow_nan=False), min_size=n, max_size=n)) for c in "abcd"}
    return pd.DataFrame(
        {"gemeentecode": [f"GM{i:04d}" for i in range(n)], "gemeentenaam": list("ABCDEFGH")[:n], **values}
    )


METHODS = ("minmax", "zscore", "rank", "distance_median", "goalposts")
AGGS = ("arithmetic", "geometric")


@settings(max_examples=60, deadline=None)
@given(toy_tables(), st.sampled_from(METHODS), st.sampled_from(AGGS))
def test_scores_within_0_100(kwb, method, agg):
    s = compute_scores(kwb, ScoreConfig(normalise=method, aggregate=agg), indicators=TOY_INDICATORS).scores
    loads = s[["housing_load", "education_load", "integration_load", "total_load"]].to_numpy()
    assert np.all((loads >= -1e-9) & (loads <= 100 + 1e-9))
    assert sorted(s["rank_total"].unique())[0] == 1


@settings(max_examples=40, deadline=None)
@given(
    toy_tables(),
    st.sampled_from(("minmax", "zscore", "rank")),
    st.sampled_from(AGGS),
    st.integers(0, 3),
    st.floats(0.5, 1e4),
)
def test_total_is_monotone_in_an_indicator_with_its_direction(kwb, method, agg, row, bump):
    """More of a load indicator never lowers a gemeente's total; more of a capacity one never raises it.

    A property of normalisation and aggregation, so without the automatic outlier treatment: that one
    is decided on the whole distribution, and a changed value can switch an indicator between
    untreated, winsorised and logged (see the next test for the property under a fixed treatment)."""
    cfg = ScoreConfig(normalise=method, aggregate=agg, outliers="none")
    base = compute_scores(kwb, cfg, indicators=TOY_INDICATORS).scores["total_load"].iloc[row]
    more_load = kwb.copy()
    more_load.loc[row, "a"] += bump  # h1: direction +1
    more_capacity = kwb.copy()
    more_capacity.loc[row, "b"] += bump  # h2: direction −1
    up = compute_scores(more_load, cfg, indicators=TOY_INDICATORS).scores["total_load"].iloc[row]
    down = compute_scores(more_capacity, cfg, indicators=TOY_INDICATORS).scores["total_load"].iloc[row]
    assert up >= base - 1e-9
    assert down <= base + 1e-9


@settings(max_examples=40, deadline=None)
@given(
    toy_tables(),
    st.sampled_from(("minmax", "zscore", "rank")),
    st.sampled_from(AGGS),
    st.integers(0, 3),
    st.floats(0.5, 1e4),
)
def test_total_is_monotone_under_the_default_outlier_treatment_when_its_choice_holds(kwb, method, agg, row, bump):
    """Winsorising and the log keep the order of values, so as long as the bump does not change which
    treatment an indicator gets, more load still never lowers the total (default ``outliers="coinr"``)."""
    cfg = ScoreConfig(normalise=method, aggregate=agg)
    base = compute_scores(kwb, cfg, indicators=TOY_INDICATORS)
    more_load = kwb.copy()
    more_load.loc[row, "a"] += bump
    up = compute_scores(more_load, cfg, indicators=TOY_INDICATORS)
    assume(base.treatment["treatment"].equals(up.treatment["treatment"]))
    assume(base.treatment["n_winsorised"].equals(up.treatment["n_winsorised"]))
    assert up.scores["total_load"].iloc[row] >= base.scores["total_load"].iloc[row] - 1e-9


# --- explain --------------------------------------------------------------------------------------


def test_explain_toy_by_hand():
    e = explain(toy(), "GM0003")
    assert e.gemeentenaam == "C" and e.rank_total == 1
    # housing = ½·100 (h1) + ½·0 (h2)
    assert e.indicators.loc[["h1", "h2"], "contribution"].tolist() == pytest.approx([50, 0])
    # each dimension contributes a third of its score: 50/3, 50/3, 100/3
    assert e.dimensions["contribution"].tolist() == pytest.approx([50 / 3, 50 / 3, 100 / 3])
    # load percentiles of C: a highest (100), b highest = least load (0), c middle (50), d highest (100)
    assert e.indicators["load_percentile"].tolist() == pytest.approx([100, 0, 50, 100])
    assert e.strengths.index[0] == "h2"
    assert set(e.weaknesses.index[:2]) == {"h1", "i1"}


@pytest.mark.parametrize("agg", AGGS)
def test_explain_contributions_add_up(kwb2024, agg):
    r = compute_scores(kwb2024, ScoreConfig(aggregate=agg))
    e = explain(r, "GM0363")
    by_dim = e.indicators.groupby("dimension")["contribution"].sum()
    for d in by_dim.index:
        assert by_dim[d] == pytest.approx(e.dimensions.loc[d, "score"])
    assert e.dimensions["contribution"].sum() == pytest.approx(e.total_load)
    assert len(e.strengths) == 3 and len(e.weaknesses) == 3
    assert e.strengths["vs_median"].max() <= e.weaknesses["vs_median"].min()


def test_infinite_input_is_treated_as_missing():
    kwb = toy_kwb().assign(a=[0.0, np.inf, 10.0])
    r = compute_scores(kwb, indicators=TOY_INDICATORS)
    assert r.imputed.loc["GM0002", "h1"] and r.treated.loc["GM0002", "h1"] == 5.0  # median of 0 and 10


def test_cronbach_alpha_by_hand():
    x = np.array([1.0, 2.0, 3.0])
    # identical items: α = 2·(1 − (1 + 1)/var(2x) = 2/4) = 1
    assert cronbach_alpha(np.column_stack([x, x])) == pytest.approx(1.0)
    # items 1,2,3 and 1,3,2: variances 1 and 1, sum 2,5,5 has variance 3 → α = 2·(1 − 2/3) = 2/3
    assert cronbach_alpha(np.column_stack([x, [1.0, 3.0, 2.0]])) == pytest.approx(2 / 3)
    assert np.isnan(cronbach_alpha(np.column_stack([x, x[::-1]])))  # constant sum
    assert np.isnan(cronbach_alpha(x[:, None]))


def test_coherence_tables(kwb2024):
    dims, inds = coherence(compute_scores(kwb2024))
    assert list(dims.index) == ["housing", "education", "integration"]
    assert len(inds) == len(INDICATORS)
    # stated expectation: the two herkomst indicators are near duplicates (ρ > 0.9)
    assert inds.loc["herkomst_buiten_europa", "most_correlated_peer"] == "geboren_buiten_europa"
    assert inds.loc["herkomst_buiten_europa", "peer_correlation"] > 0.9
    assert dims.loc["integration", "cronbach_alpha"] > dims.loc["housing", "cronbach_alpha"]


def test_explain_unknown_gemeente():
    with pytest.raises(KeyError, match="GM9999"):
        explain(toy(), "GM9999")


# --- real data ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(kwb2024):
    return compute_scores(kwb2024)


def test_real_data_complete(real, kwb2024):
    s = real.scores
    assert len(s) == 342 and s.index.is_unique
    assert s[list(SCORE_COLUMNS)].notna().all().all()
    assert sorted(s["rank_total"]) == list(range(1, 343))  # no ties in the default total
    assert real.raw.shape == (342, len(INDICATORS))
    assert not real.imputed.any().any()  # KWB 2024 has every indicator input for every gemeente


def test_real_data_sense_checks(real, kwb2024):
    """Stated expectations: the integration score follows the non-European-herkomst share, the
    education score the share of children, the housing score the WOZ value (Spearman ρ > 0.4)."""
    k = kwb2024.set_index("gemeentecode").reindex(real.scores.index)
    s = real.scores
    assert s["integration_load"].corr(k["percentage_met_herkomstland_buiten_europa"], method="spearman") > 0.6
    assert s["education_load"].corr(k["percentage_personen_0_tot_15_jaar"], method="spearman") > 0.4
    assert s["housing_load"].corr(k["gemiddelde_woningwaarde"], method="spearman") > 0.4
    # the four largest cities are in the top 10 on integration load
    top10 = set(s.nsmallest(10, "rank_integration").index)
    assert {"GM0363", "GM0599", "GM0518"} <= top10


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank", "distance_median", "goalposts"])
@pytest.mark.parametrize("agg", AGGS)
def test_real_data_every_method_runs(kwb2024, method, agg):
    s = compute_scores(
        kwb2024, ScoreConfig(normalise=method, aggregate=agg, winsorise=(0.05, 0.95), log=("bevolkingsdichtheid",))
    ).scores
    assert len(s) == 342 and s["total_load"].between(0, 100).all()


def test_real_data_province_median(kwb2024, region_lookup):
    kwb = kwb2024.copy()
    kwb.loc[kwb["gemeentecode"] == "GM0363", "gemiddelde_woningwaarde"] = np.nan
    r = compute_scores(kwb, ScoreConfig(impute="province_median"), region_lookup)
    nh = region_lookup.loc[region_lookup["gemeentecode"] == "GM0363", "provincie_code"].iloc[0]
    peers = region_lookup.loc[
        (region_lookup["provincie_code"] == nh) & (region_lookup["gemeentecode"] != "GM0363"), "gemeentecode"
    ]
    expected = kwb2024.set_index("gemeentecode").loc[peers, "gemiddelde_woningwaarde"].median()
    assert r.treated.loc["GM0363", "woz_waarde"] == pytest.approx(expected)
