"""A hand-made toy composite index shared by the scoring tests — a labelled fixture, not data.

Four indicators over three gemeenten; min-max, arithmetic totals are 50/3, 50 and 200/3.
"""

from __future__ import annotations

import pandas as pd

from capacity.indicators import Indicator

TOY_INDICATORS = (
    Indicator("h1", "H1", "H1", "housing", "", "", 1, ("a",)),
    Indicator("h2", "H2", "H2", "housing", "", "", -1, ("b",)),
    Indicator("e1", "E1", "E1", "education", "", "", 1, ("c",)),
    Indicator("i1", "I1", "I1", "integration", "", "", 1, ("d",)),
)


def toy_kwb() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gemeentecode": ["GM0001", "GM0002", "GM0003"],
            "gemeentenaam": ["A", "B", "C"],
            "a": [0.0, 5.0, 10.0],  # load ↑        → min-max 0, 50, 100
            "b": [2.0, 4.0, 6.0],  # capacity ↑    → oriented min-max 100, 50, 0
            "c": [1.0, 3.0, 2.0],  # load ↑        → 0, 100, 50
            "d": [10.0, 10.0, 40.0],  # load ↑       → 0, 0, 100
        }
    )
