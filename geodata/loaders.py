"""Loaders: one validated (Geo)DataFrame per dataset, built from the registered raw files.

All tables use the CBS code (``GMxxxx``) as key, stripped of padding, and WGS84 for geometry.
Joins are always on codes, never on names (names change: "Hengelo" → "Hengelo (O.)").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geodata.cache import cached_table
from geodata.regions import REGION_LAYERS, get_layer

CBS_MISSING = -99997
WGS84 = "EPSG:4326"
RD_NEW = "EPSG:28992"
GEMEENTE_YEARS = (2023, 2024, 2025)
KWB_YEARS = (2023, 2024)

GEMEENTE_SOURCES: dict[int, tuple[str, ...]] = {
    2025: ("cartomap_gemeente_2025_rd",),
    2024: ("cbs_wbk_2024_gemeente", "cbs_kwb_2024"),
    2023: ("cbs_wbk_2023_gemeente",),
}
KWB_SOURCES: dict[int, tuple[str, ...]] = {
    2024: ("cbs_kwb_2024",),
    2023: ("cbs_wbk_2023_gemeente",),
}
LOOKUP_SOURCES: tuple[str, ...] = ("cartomap_gemeente_2025_rd", *(layer.source_id for layer in REGION_LAYERS))


def _schema(name: str) -> Callable[..., Any]:
    """A validator of ``geodata.schemas``, imported when a table is built (cold cache), not at import:
    pandera costs ~0.5 s of every app start, and a warm cache never validates again."""

    def validate(*args: Any) -> Any:
        from geodata import schemas

        return getattr(schemas, name)(*args)

    return validate


def clean_code(codes: pd.Series) -> pd.Series:
    """CBS pads codes with spaces in some exports ('GM0363    ')."""
    return codes.astype("string").str.strip().str.upper()


def cbs_missing_to_nan(frame: pd.DataFrame) -> pd.DataFrame:
    """CBS writes -99997 for 'not available / confidential'; make it a real missing value."""
    numeric = frame.select_dtypes("number").columns
    out = frame.copy()
    out[numeric] = out[numeric].astype("float64").mask(out[numeric] == CBS_MISSING)
    return out


def _repair(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """make_valid on invalid shapes only (the Zeeland polygon self-intersects in the source)."""
    invalid = ~geoms.is_valid
    if invalid.any():
        geoms = geoms.copy()
        geoms[invalid] = shapely.make_valid(geoms[invalid].values)
        # make_valid may return a collection with a stray line; keep the polygonal part
        geoms[invalid] = geoms[invalid].apply(_polygonal)
    return geoms


def _polygonal(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


# --- builders (raw files -> normalised table); run only on a cache miss ---------------------------


def _build_gemeenten_2025(rd_path: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(rd_path).set_crs(RD_NEW, allow_override=True)
    out = gpd.GeoDataFrame(
        {"gemeentecode": clean_code(raw["statcode"]), "gemeentenaam": raw["statnaam"].str.strip()},
        geometry=_repair(raw.geometry.to_crs(WGS84)),
        crs=WGS84,
    )
    return out.sort_values("gemeentecode", ignore_index=True)


def _build_gemeenten_2024(geo_path: Path, stats_path: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(geo_path)
    stats = pd.read_parquet(stats_path, columns=["gemeentecode", "gemeentenaam", "water"])
    codes = clean_code(raw["gemeentecode"])
    if not (codes.to_numpy() == clean_code(stats["gemeentecode"]).to_numpy()).all():
        raise ValueError("gemeente_2024.geojson and the KWB 2024 table are not in the same row order")
    land = (stats["water"] == "NEE").to_numpy()
    out = gpd.GeoDataFrame(
        {
            "gemeentecode": codes[land].to_numpy(),
            "gemeentenaam": stats.loc[land, "gemeentenaam"].str.strip().to_numpy(),
        },
        geometry=_repair(raw.geometry[land].to_crs(WGS84)).to_numpy(),
        crs=WGS84,
    )
    return out.sort_values("gemeentecode", ignore_index=True)


def _read_wbk_2023(path: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(path)
    raw["GM_CODE"] = clean_code(raw["GM_CODE"])
    # land rows only, without the "Buitenland" placeholder GM0998
    return raw[(raw["H2O"] == "NEE") & (raw["GM_CODE"] != "GM0998")]


def _build_gemeenten_2023(path: Path) -> gpd.GeoDataFrame:
    raw = _read_wbk_2023(path)
    out = gpd.GeoDataFrame(
        {"gemeentecode": raw["GM_CODE"].to_numpy(), "gemeentenaam": raw["GM_NAAM"].str.strip().to_numpy()},
        geometry=_repair(raw.geometry.to_crs(WGS84)).to_numpy(),
        crs=WGS84,
    )
    return out.sort_values("gemeentecode", ignore_index=True)


def _build_kwb_2024(path: Path) -> pd.DataFrame:
    raw = pd.read_parquet(path)
    raw = raw[raw["water"] == "NEE"].drop(columns=["water"])
    raw["gemeentecode"] = clean_code(raw["gemeentecode"])
    raw["gemeentenaam"] = raw["gemeentenaam"].str.strip()
    out = cbs_missing_to_nan(raw)
    return out.sort_values("gemeentecode", ignore_index=True)


def _build_kwb_2023(path: Path) -> pd.DataFrame:
    raw = pd.DataFrame(_read_wbk_2023(path).drop(columns=["geometry", "layer", "path", "H2O"]))
    raw = raw.rename(columns={"GM_CODE": "gemeentecode", "GM_NAAM": "gemeentenaam"})
    raw["gemeentenaam"] = raw["gemeentenaam"].str.strip()
    out = cbs_missing_to_nan(raw)
    return out.sort_values("gemeentecode", ignore_index=True)


def _build_region(path: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(path)  # TopoJSON: GDAL reads no CRS, the coordinates are WGS84
    raw = raw.set_crs(WGS84, allow_override=True)
    out = gpd.GeoDataFrame(
        {"code": clean_code(raw["statcode"]), "naam": raw["statnaam"].str.strip()},
        geometry=_repair(raw.geometry),
        crs=WGS84,
    )
    return out.sort_values("code", ignore_index=True)


def derive_region_lookup(gemeenten: gpd.GeoDataFrame, regions: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Assign each gemeente to the region of each layer with the largest area overlap.

    Computed in RD New (metres) so areas are real. Region layers are simplified independently of
    the gemeenten, so the overlap share is reported (smallest seen: about 0.84).
    """
    gem = gemeenten.to_crs(RD_NEW)[["gemeentecode", "gemeentenaam", "geometry"]]
    gem_area = gem.set_index("gemeentecode").area
    out = gem[["gemeentecode", "gemeentenaam"]].copy()
    for layer in REGION_LAYERS:
        reg = regions[layer.id].to_crs(RD_NEW)
        pieces = gpd.overlay(gem, reg, how="intersection", keep_geom_type=True)
        pieces["area"] = pieces.area
        best = pieces.sort_values("area", ascending=False).drop_duplicates("gemeentecode")
        best = best.set_index("gemeentecode")
        out[f"{layer.id}_code"] = out["gemeentecode"].map(best["code"])
        out[f"{layer.id}_naam"] = out["gemeentecode"].map(best["naam"])
        share = best["area"] / gem_area.reindex(best.index)
        out[f"{layer.id}_overlap"] = out["gemeentecode"].map(share.round(3))
    return out.sort_values("gemeentecode", ignore_index=True)


def _build_lookup(*paths: Path) -> pd.DataFrame:
    gem = _build_gemeenten_2025(paths[0])
    regions = {layer.id: _build_region(p) for layer, p in zip(REGION_LAYERS, paths[1:], strict=True)}
    return derive_region_lookup(gem, regions)


# --- public loaders ---------------------------------------------------------------------------------


def load_gemeenten(year: int = 2025) -> gpd.GeoDataFrame:
    """Gemeente boundaries (land parts only) of 1 January ``year``: 342 rows, WGS84."""
    builders: dict[int, Callable[..., Any]] = {
        2025: _build_gemeenten_2025,
        2024: _build_gemeenten_2024,
        2023: _build_gemeenten_2023,
    }
    if year not in builders:
        raise ValueError(f"no gemeente boundaries for {year}; available: {GEMEENTE_YEARS}")
    return cached_table(f"gemeenten_{year}", GEMEENTE_SOURCES[year], builders[year], _schema("validate_gemeenten"))


def load_regions(layer_id: str) -> gpd.GeoDataFrame:
    """Region polygons of one 2025 layer (``code``, ``naam``, geometry), repaired where invalid."""
    layer = get_layer(layer_id)
    return cached_table(
        f"regio_{layer.id}_2025",
        (layer.source_id,),
        _build_region,
        lambda t: _schema("validate_regions")(t, layer.code_prefix),
    )


def load_kwb(year: int = 2024) -> pd.DataFrame:
    """CBS Kerncijfers wijken en buurten per gemeente: 342 rows, -99997 turned into NaN."""
    builders = {2024: _build_kwb_2024, 2023: _build_kwb_2023}
    if year not in builders:
        raise ValueError(f"no key figures for {year}; available: {KWB_YEARS}")
    return cached_table(f"kwb_{year}", KWB_SOURCES[year], builders[year], _schema("validate_kwb"))


def load_region_lookup() -> pd.DataFrame:
    """Gemeente → provincie, COROP, arbeidsmarkt-, veiligheids-, GGD- and jeugdregio (2025).

    Derived from the boundaries (largest-overlap rule), so it needs only upstream files.
    """
    return cached_table("gemeente_regio_2025", LOOKUP_SOURCES, _build_lookup, _schema("validate_lookup"))


def load_all() -> dict[str, pd.DataFrame]:
    """Every dataset, keyed by table name (used by the warm-start benchmark and `check`)."""
    tables: dict[str, pd.DataFrame] = {f"gemeenten_{y}": load_gemeenten(y) for y in GEMEENTE_YEARS}
    tables |= {f"regio_{layer.id}": load_regions(layer.id) for layer in REGION_LAYERS}
    tables |= {f"kwb_{y}": load_kwb(y) for y in KWB_YEARS}
    tables["gemeente_regio_2025"] = load_region_lookup()
    return tables
