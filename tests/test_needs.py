"""Needs per allocated person: hand-computed ratios and the parameter registry's sourcing rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from capacity.needs import NEEDS_PARAMETERS, compute_needs, needs_table, resolve_needs_params


def test_needs_by_hand_with_defaults():
    out = compute_needs(pd.Series([152.0, 0.0], index=["GM0001", "GM0002"]))
    # 152 persons / 1.52 persons per dwelling = 100 dwellings; PO 152 × .147 = 22.344; VO 152 × .08 = 12.16;
    # trajects 152 × .74 × 1 = 112.48; cost 112.48 × 11,600 / 3 = 434,922.67 per year
    assert out.loc["GM0001", "dwellings"] == pytest.approx(100.0)
    assert out.loc["GM0001", "school_places_po"] == pytest.approx(22.344)
    assert out.loc["GM0001", "school_places_vo"] == pytest.approx(12.16)
    assert out.loc["GM0001", "inburgering_trajects"] == pytest.approx(112.48)
    assert out.loc["GM0001", "annual_cost_eur"] == pytest.approx(112.48 * 11_600 / 3)
    assert (out.loc["GM0002"] == 0).all()
    assert list(out.index) == ["GM0001", "GM0002"]


def test_params_override_by_hand():
    out = compute_needs(
        pd.Series([100.0]),
        {
            "persons_per_dwelling": 2.5,
            "share_adults": 0.5,
            "inburgering_share_of_adults": 0.8,
            "cost_per_traject_eur": 10_000,
            "inburgering_years": 2,
        },
    )
    # 100 / 2.5 = 40 dwellings; trajects 100 × .5 × .8 = 40; cost 40 × 10,000 / 2 = 200,000
    assert out["dwellings"].iloc[0] == pytest.approx(40)
    assert out["inburgering_trajects"].iloc[0] == pytest.approx(40)
    assert out["annual_cost_eur"].iloc[0] == pytest.approx(200_000)


def test_needs_are_additive_over_gemeenten():
    persons = pd.Series([10.0, 20.0, 30.0])
    assert compute_needs(persons).sum().to_numpy() == pytest.approx(compute_needs(pd.Series([60.0])).iloc[0])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"nope": 1}, "onbekende parameter"),
        ({"persons_per_dwelling": 0}, "buiten"),
        ({"share_po": 1.5}, "buiten"),
        ({"share_vo": "abc"}, "moet een getal zijn"),
        ({"share_vo": np.nan}, "buiten"),
    ],
)
def test_bad_params(params, message):
    with pytest.raises(ValueError, match=message):
        resolve_needs_params(params)


def test_bad_persons():
    with pytest.raises(ValueError, match="persons"):
        compute_needs(pd.Series([1.0, -2.0]))
    with pytest.raises(ValueError, match="persons"):
        compute_needs(pd.Series([1.0, np.nan]))


def test_every_parameter_has_a_source_or_is_an_assumption():
    for p in NEEDS_PARAMETERS:
        assert p.valid_min <= p.default <= p.valid_max
        assert p.source or p.assumption, p.id
        line = p.source_line_nl()
        assert line.startswith("Aanname") == p.assumption
        if not p.assumption:
            assert p.url.startswith("https://")
    table = needs_table()
    assert len(table) == len(NEEDS_PARAMETERS)
    assert table.set_index("id").loc["share_vo", "aanname"]
