"""Similar gemeenten: nearest neighbours on size, urbanity and population/housing structure.

A profile compares a gemeente with peers of a like kind rather than with the whole country.
Features are declared in :data:`SIMILARITY_FEATURES` (adding one is one entry); skewed ones are
log-transformed, all are standardised (z-scores over the 342 gemeenten) and weighted equally, and
the distance is Euclidean. The feature choice is a project judgement, not a CBS classification.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Feature:
    id: str
    column: str
    label_nl: str
    label_en: str
    log: bool = False


SIMILARITY_FEATURES: tuple[Feature, ...] = (
    Feature("inwoners", "aantal_inwoners", "Aantal inwoners (log)", "Inhabitants (log)", log=True),
    Feature(
        "omgevingsadressendichtheid",
        "omgevingsadressendichtheid",
        "Omgevingsadressendichtheid (log, maat voor stedelijkheid)",
        "Address density (log, urbanity)",
        log=True,
    ),
    Feature("aandeel_0_15", "percentage_personen_0_tot_15_jaar", "Aandeel 0 tot 15 jaar", "Share aged 0–14"),
    Feature("aandeel_65_plus", "percentage_personen_65_jaar_en_ouder", "Aandeel 65 jaar en ouder", "Share aged 65+"),
    Feature("koopwoningen", "percentage_koopwoningen", "Aandeel koopwoningen", "Share owner-occupied dwellings"),
    Feature(
        "eenpersoonshuishoudens",
        "percentage_eenpersoonshuishoudens",
        "Aandeel eenpersoonshuishoudens",
        "Share single-person households",
    ),
)


def feature_matrix(kwb: pd.DataFrame, features: tuple[Feature, ...] = SIMILARITY_FEATURES) -> pd.DataFrame:
    """Standardised features (index gemeentecode): log where declared, median-imputed, z-scored."""
    missing = sorted({f.column for f in features} - set(kwb.columns))
    if missing:
        raise KeyError(f"key-figure table lacks columns {missing}")
    values = pd.DataFrame(
        {f.id: kwb[f.column].to_numpy(dtype=float) for f in features},
        index=pd.Index(kwb["gemeentecode"], name="gemeentecode"),
    )
    logged = [f.id for f in features if f.log]
    values[logged] = np.log(values[logged].where(values[logged] > 0))
    values = values.fillna(values.median())
    sd = values.std(ddof=0).replace(0.0, 1.0)
    return (values - values.mean()) / sd


def similar_gemeenten(
    kwb: pd.DataFrame, gemeentecode: str, k: int = 5, features: tuple[Feature, ...] = SIMILARITY_FEATURES
) -> pd.DataFrame:
    """The ``k`` gemeenten closest to ``gemeentecode`` (itself excluded), nearest first.

    Returns index gemeentecode with gemeentenaam, distance (in standard deviations), rank (1 =
    most similar) and the features in their own units so the page can show why they are alike.
    """
    if "gemeentecode" not in kwb.columns:
        raise KeyError("key-figure table needs a 'gemeentecode' column")
    codes = kwb["gemeentecode"]
    if gemeentecode not in set(codes):
        raise KeyError(f"gemeente {gemeentecode!r} is not in the key-figure table")
    if not isinstance(k, (int, np.integer)) or not 1 <= k <= len(kwb) - 1:
        raise ValueError(f"k must be an integer between 1 and {len(kwb) - 1}, got {k!r}")
    z = feature_matrix(kwb, features)
    target = z.loc[gemeentecode].to_numpy()
    distance = pd.Series(np.sqrt(((z.to_numpy() - target) ** 2).sum(axis=1)), index=z.index)
    distance = distance.drop(gemeentecode)
    # rounding makes equal distances tie exactly, so ties break on gemeentecode, not on float noise
    order = pd.DataFrame({"d": distance.round(9), "code": distance.index}).sort_values(["d", "code"])
    nearest = order.index[:k]
    base = kwb.set_index("gemeentecode")
    out = pd.DataFrame(index=pd.Index(nearest, name="gemeentecode"))
    out["gemeentenaam"] = base["gemeentenaam"].reindex(nearest) if "gemeentenaam" in base else nearest
    out["distance"] = distance.reindex(nearest)
    out["rank"] = np.arange(1, len(nearest) + 1)
    for f in features:
        out[f.id] = base[f.column].reindex(nearest).to_numpy(dtype=float)
    return out
