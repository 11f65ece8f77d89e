"""Similar gemeenten: hand-computed nearest neighbours on a toy table, and real-data sense checks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from capacity.similar import SIMILARITY_FEATURES, Feature, feature_matrix, similar_gemeenten

TWO = (Feature("x", "x", "X", "X"), Feature("y", "y", "Y", "Y"))


def toy() -> pd.DataFrame:
    """Hand-made fixture (not data): x = 0, 1, 2, 3 and y = 0, 0, 0, 4."""
    return pd.DataFrame(
        {
            "gemeentecode": ["GM0001", "GM0002", "GM0003", "GM0004"],
            "gemeentenaam": list("ABCD"),
            "x": [0.0, 1.0, 2.0, 3.0],
            "y": [0.0, 0.0, 0.0, 4.0],
        }
    )


def test_toy_standardisation_by_hand():
    z = feature_matrix(toy(), TWO)
    # x: mean 1.5, population sd √1.25; y: mean 1, sd √3
    assert z["x"].tolist() == pytest.approx([(v - 1.5) / math.sqrt(1.25) for v in (0, 1, 2, 3)])
    assert z["y"].tolist() == pytest.approx([(v - 1) / math.sqrt(3) for v in (0, 0, 0, 4)])


def test_toy_neighbours_by_hand():
    out = similar_gemeenten(toy(), "GM0002", k=3, features=TWO)
    # from B: A and C differ by 1 in x only (distance 1/√1.25); D by 2 in x and 4 in y
    assert list(out.index) == ["GM0001", "GM0003", "GM0004"]  # A before C: equal distance, code order
    assert out["distance"].iloc[0] == pytest.approx(1 / math.sqrt(1.25))
    assert out["distance"].iloc[2] == pytest.approx(math.sqrt(4 / 1.25 + 16 / 3))
    assert out["rank"].tolist() == [1, 2, 3]
    assert out.loc["GM0004", "y"] == 4.0  # features shown in their own units


def test_log_feature_by_hand():
    kwb = toy().assign(x=[1.0, 10.0, 100.0, 1000.0])
    logged = (Feature("x", "x", "X", "X", log=True),)
    # ln x is equally spaced, so B's nearest are A and C at the same distance
    out = similar_gemeenten(kwb, "GM0002", k=2, features=logged)
    assert out["distance"].iloc[0] == pytest.approx(out["distance"].iloc[1])


def test_errors():
    with pytest.raises(KeyError, match="GM9999"):
        similar_gemeenten(toy(), "GM9999", features=TWO)
    with pytest.raises(ValueError, match="k must"):
        similar_gemeenten(toy(), "GM0001", k=4, features=TWO)
    with pytest.raises(ValueError, match="k must"):
        similar_gemeenten(toy(), "GM0001", k=0, features=TWO)
    with pytest.raises(KeyError, match="lacks columns"):
        similar_gemeenten(toy().drop(columns="y"), "GM0001", k=1, features=TWO)


def test_real_data(kwb2024):
    out = similar_gemeenten(kwb2024, "GM0363")  # Amsterdam
    assert len(out) == 5 and "GM0363" not in out.index
    assert out["distance"].is_monotonic_increasing
    # stated expectation: Amsterdam's peers include Rotterdam and Den Haag
    assert {"GM0599", "GM0518"} <= set(out.index)
    small = similar_gemeenten(kwb2024, "GM0060", k=5)  # Ameland: peers are small too
    assert (small["inwoners"] < 20_000).all()
    assert set(f.id for f in SIMILARITY_FEATURES) <= set(out.columns)
