"""validate-scores: coherence by hand, reference checks on KWB 2024 (with their sources), CLI exit codes."""

from __future__ import annotations

import numpy as np
import pytest

import capacity.validation as val
from capacity.cli import main
from capacity.explain import cronbach_alpha
from capacity.indicators import SCORED_INDICATORS
from capacity.scoring import compute_scores
from capacity.validation import REFERENCE_CHECKS, ReferenceCheck, check_table, pc1_share, validate


def test_pc1_share_by_hand():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    assert pc1_share(np.column_stack([x, 2 * x + 1])) == pytest.approx(1.0)  # one factor explains all
    # two uncorrelated columns (1,−1,1,−1 vs 1,1,−1,−1): eigenvalues 1 and 1 → share ½
    assert pc1_share(np.column_stack([[1.0, -1, 1, -1], [1.0, 1, -1, -1]])) == pytest.approx(0.5)
    assert pc1_share(x[:, None]) == 1.0


@pytest.fixture(scope="module")
def real(kwb2024):
    return compute_scores(kwb2024)


@pytest.fixture(scope="module")
def report(kwb2024, real):
    return validate(kwb2024, real, n_draws=300, seed=3)


def test_reference_lists_name_the_right_gemeenten_and_a_source(kwb2024):
    names = kwb2024.set_index("gemeentecode")["gemeentenaam"]
    for c in REFERENCE_CHECKS:
        assert [names[code] for code in c.codes] == list(c.names), c.id
        assert c.source and ("http" in c.source or "KWB" in c.source), c.id
    # the "four largest cities" are the four most populous gemeenten in the data itself
    g4 = next(c for c in REFERENCE_CHECKS if c.id == "g4_integration")
    assert set(kwb2024.nlargest(4, "aantal_inwoners")["gemeentecode"]) == set(g4.codes)


def test_all_reference_checks_pass_on_kwb_2024(report):
    checks = report.checks
    assert list(checks.index) == ["tight_housing", "relaxed_housing", "g4_integration"]
    assert checks["passed"].all(), checks.to_string()
    assert checks.at["tight_housing", "median_rank"] <= 342 / 3
    assert checks.at["relaxed_housing", "median_rank"] > 171
    assert report.passed


def test_coherence_and_correlations(report, real):
    coh = report.coherence
    assert list(coh.index) == ["housing", "education", "integration"]
    for d, row in coh.iterrows():
        ids = [i.id for i in SCORED_INDICATORS if i.dimension == d]
        assert row["cronbach_alpha"] == pytest.approx(cronbach_alpha(real.normalised[ids].to_numpy()))
        assert 1 / len(ids) <= row["pc1_share"] <= 1
        assert row["cronbach_alpha"] > 0.5  # recorded: 0.58, 0.55, 0.69 on KWB 2024
    corr = report.correlations
    assert set(corr.index) == {i.id for i in SCORED_INDICATORS}
    # every indicator correlates more with its own dimension than with any other
    for ind, row in corr.iterrows():
        others = [row[d] for d in ("housing", "education", "integration") if d != row["own"]]
        assert row["own_correlation"] > max(others), ind
    assert 0 < report.rank_width_total < 100
    assert (coh["rank_width_p50"] > 0).all()


def test_a_flipped_housing_construct_fails_the_checks(kwb2024):
    """The old, backwards reading (tight market = room) must not pass: flip every housing direction."""
    from dataclasses import replace

    flipped = tuple(replace(i, direction=-i.direction) if i.dimension == "housing" else i for i in SCORED_INDICATORS)
    table = check_table(compute_scores(kwb2024, indicators=flipped))
    assert not table.at["tight_housing", "passed"] and not table.at["relaxed_housing", "passed"]
    assert table.at["g4_integration", "passed"]


def test_unknown_code_fails_a_check(real):
    bogus = ReferenceCheck("x", "X", "X", "housing", ("GM9999",), ("Nergens",), "all_top_15", "test")
    assert not check_table(real, (bogus,)).at["x", "passed"]


def test_cli_passes_and_fails(capsys, monkeypatch):
    assert main(["validate-scores", "--draws", "0"]) == 0
    out = capsys.readouterr().out
    assert out.count("[PASS]") == 3 and "source:" in out and "alpha" in out
    failing = ReferenceCheck(
        "impossible", "Onmogelijk", "Impossible", "integration", ("GM0184",), ("Urk",), "all_top_15", "test"
    )
    monkeypatch.setattr(val, "REFERENCE_CHECKS", (*REFERENCE_CHECKS, failing))
    assert main(["validate-scores", "--draws", "0", "--lang", "nl"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] Onmogelijk" in out and "Referentiecontroles" in out


def test_cli_bad_argument_is_one_line(capsys):
    assert main(["validate-scores", "--draws", "-5"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--draws" in err
