"""Back-test of the flow model: 2023–2025 with the published inflows against the published national figures.

The published figures, their sources and their role (calibration or held out) live in ONE table,
``capacity.flow_data.FIGURES``. The run starts from the observed stocks of 1 January 2023 and uses the
published first applications of 2023–2025; flows are summed over the figure's period, stocks are read at
the end of it. ``error`` is (model − published) / published.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from capacity.flow_data import BACKTEST_YEARS, published_inflow, targets

BACKTEST_START_YEAR = BACKTEST_YEARS[0]


def run_backtest(params: Mapping[str, float] | None = None, national: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per published figure: model, published, relative error and role. ``national`` lets a caller
    compare an existing national run (periods 2023-I…2025-II) instead of running the model."""
    from capacity.flow import simulate_national

    if national is None:
        national = simulate_national(
            published_inflow(), len(BACKTEST_YEARS), params, start="observed", start_year=BACKTEST_START_YEAR
        )
    rows = []
    for f in targets():
        mask = national["period"].str.startswith(f.period) if "-" not in f.period else national["period"] == f.period
        values = national.loc[mask, f.column]
        if values.empty:
            raise ValueError(f"de back-test heeft periode {f.period} nodig")
        model = int(values.sum()) if f.column not in _STOCK_COLUMNS else int(values.iloc[-1])
        rows.append(
            {
                "id": f.id,
                "figure": f.label_en,
                "cijfer": f.label_nl,
                "period": f.period,
                "model": model,
                "published": int(f.value),
                "error": round((model - f.value) / f.value, 4),
                "role": f.target,
                "press": f.press,
                "source": f.source,
            }
        )
    return pd.DataFrame(rows)


_STOCK_COLUMNS = frozenset({"waiting_end", "occupancy_end", "awaiting_home_end", "rejected_end"})


def summary(table: pd.DataFrame) -> dict[str, float]:
    """Mean absolute error (all, calibration, held out) and the largest absolute error, as fractions."""
    err = table["error"].abs()
    held = table["role"] == "held-out"
    return {
        "mae": round(float(err.mean()), 4),
        "mae_calibration": round(float(err[~held].mean()), 4) if (~held).any() else np.nan,
        "mae_held_out": round(float(err[held].mean()), 4) if held.any() else np.nan,
        "max_abs_error": round(float(err.max()), 4),
    }
