"""Dutch/English number formatting, checked against hand-written strings."""

from __future__ import annotations

import math

import pytest

from ui.fmt import decimals_for, fmt_int, fmt_num, fmt_pct, fmt_value


@pytest.mark.parametrize(
    ("x", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "nl", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (17942942, 0, "nl", "17.942.942"),
        (17942942, 0, "en", "17,942,942"),
        (0.125, 2, "nl", "0,12"),  # exact tie in binary: format() rounds half to even
        (-1234567.891, 2, "nl", "-1.234.567,89"),
        (999.96, 1, "nl", "1.000,0"),
        (-0.04, 1, "nl", "0,0"),  # no "-0,0"
        (7, 0, "nl", "7"),
    ],
)
def test_fmt_num_hand_examples(x, decimals, lang, expected):
    assert fmt_num(x, decimals, lang) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), math.inf, "abc"])
def test_missing_values_render_as_dash(missing):
    assert fmt_num(missing, 1, "nl") == "–"
    assert fmt_pct(missing, 1, "nl") == "–"


def test_pandas_na_is_missing():
    import pandas as pd

    assert fmt_num(pd.NA, 0, "nl") == "–"


def test_fmt_int_and_pct():
    assert fmt_int(1000, "nl") == "1.000"
    assert fmt_int(1000.4, "en") == "1,000"
    assert fmt_pct(12.34, 1, "nl") == "12,3%"
    assert fmt_pct(0.1234, 1, "en", fraction=True) == "12.3%"


def test_fmt_value_attaches_units():
    assert fmt_value(144.44, "per 1.000 inwoners", 1, "nl") == "144,4 per 1.000 inwoners"
    assert fmt_value(3.25, "%", 1, "nl") == "3,2%"  # exact tie: half to even
    assert fmt_value(float("nan"), "km", 1, "nl") == "–"


def test_decimals_follow_magnitude():
    assert decimals_for([1500.0, 3000.0]) == 0
    assert decimals_for([12.5, 30.1]) == 1
    assert decimals_for([0.12, 0.5]) == 2
    assert decimals_for([float("nan")]) == 0


def test_fmt_column_formats_like_fmt_num_in_both_languages():
    from ui.fmt import fmt_column, fmt_num

    values = [1234.5, -0.0001, float("nan"), None, 17942942]
    for lang in ("nl", "en"):
        assert fmt_column(values, 1, lang) == [fmt_num(v, 1, lang) for v in values]
    assert fmt_column([1234.5], 1, "nl") == ["1.234,5"]


def test_fmt_column_agrees_with_fmt_num_on_awkward_values():
    from ui.fmt import fmt_column, fmt_num

    values = [0.0, -0.0, -0.04, 0.05, -1e-12, 999.95, -1234567.891, float("inf"), "tekst", True, 12]
    for dec in (0, 1, 2):
        for lang in ("nl", "en"):
            assert fmt_column(values, dec, lang) == [fmt_num(v, dec, lang) for v in values], (dec, lang)
