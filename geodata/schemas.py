"""Schema checks for every loaded table (pandera), kept apart from the transforms.

A loader that produces a table breaking these rules fails loudly instead of feeding a wrong map.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa

N_GEMEENTEN = 342
GM_CODE = r"^GM\d{4}$"
# Columns that count things (people, dwellings, pupils…) must never be negative.
COUNT_PREFIXES = (
    "aantal_",
    "mannen",
    "vrouwen",
    "woningvoorraad",
    "geboorte_totaal",
    "sterfte_totaal",
    "personenautos_totaal",
    "motortweewielers_totaal",
    "oppervlakte_",
    "AANT_",
    "OPP_",
)
# Netherlands bounding box in WGS84, generous.
NL_BOUNDS = (3.0, 50.6, 7.4, 53.8)

_code_column = pa.Column(str, pa.Check.str_matches(GM_CODE), unique=True, nullable=False, coerce=True)
_name_column = pa.Column(str, pa.Check.str_length(min_value=1), nullable=False, coerce=True)

GEMEENTE_KEYS = pa.DataFrameSchema(
    {"gemeentecode": _code_column, "gemeentenaam": _name_column},
    checks=pa.Check(lambda df: len(df) == N_GEMEENTEN, error=f"expected {N_GEMEENTEN} gemeenten"),
    strict=False,
)


def _is_count(column: str) -> bool:
    return column.startswith(COUNT_PREFIXES)


def validate_gemeenten(table: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    GEMEENTE_KEYS.validate(table)
    _check_geometry(table, "gemeenten")
    return table


def validate_regions(table: gpd.GeoDataFrame, code_prefix: str) -> gpd.GeoDataFrame:
    pa.DataFrameSchema(
        {
            "code": pa.Column(str, pa.Check.str_startswith(code_prefix), unique=True, nullable=False),
            "naam": _name_column,
        }
    ).validate(table)
    _check_geometry(table, f"regions {code_prefix}")
    return table


def _check_geometry(table: gpd.GeoDataFrame, what: str) -> None:
    if table.crs is None or table.crs.to_epsg() != 4326:
        raise pa.errors.SchemaError(None, table, f"{what}: CRS must be EPSG:4326, got {table.crs}")
    if table.geometry.isna().any() or table.geometry.is_empty.any():
        raise pa.errors.SchemaError(None, table, f"{what}: empty geometry")
    if not table.geometry.is_valid.all():
        raise pa.errors.SchemaError(None, table, f"{what}: invalid geometry after repair")
    minx, miny, maxx, maxy = table.total_bounds
    if minx < NL_BOUNDS[0] or miny < NL_BOUNDS[1] or maxx > NL_BOUNDS[2] or maxy > NL_BOUNDS[3]:
        raise pa.errors.SchemaError(None, table, f"{what}: bounds {table.total_bounds} outside NL")


def validate_kwb(table: pd.DataFrame) -> pd.DataFrame:
    value_columns = [c for c in table.columns if c not in ("gemeentecode", "gemeentenaam", "jrstatcode", "JRSTATCODE")]
    columns = {c: pa.Column(float, pa.Check.ge(0) if _is_count(c) else None, nullable=True) for c in value_columns}
    schema = pa.DataFrameSchema(
        {"gemeentecode": _code_column, "gemeentenaam": _name_column, **columns},
        checks=pa.Check(lambda df: len(df) == N_GEMEENTEN, error=f"expected {N_GEMEENTEN} gemeenten"),
        strict=False,
    )
    return schema.validate(table)


def validate_lookup(table: pd.DataFrame) -> pd.DataFrame:
    from geodata.regions import REGION_LAYERS

    columns: dict[str, pa.Column] = {}
    for layer in REGION_LAYERS:
        columns[f"{layer.id}_code"] = pa.Column(str, pa.Check.str_startswith(layer.code_prefix), nullable=False)
        columns[f"{layer.id}_naam"] = _name_column
        columns[f"{layer.id}_overlap"] = pa.Column(float, pa.Check.in_range(0.5, 1.0), nullable=False)
    return GEMEENTE_KEYS.add_columns(columns).validate(table)
