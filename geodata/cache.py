"""Checksum-keyed (Geo)Parquet cache of normalised tables.

A cached table is a pure function of its raw inputs and the loader version, so its file name carries
the sha256 of every input: a changed raw file simply misses the cache. Hashing 5 MB on every start
would cost more than reading the cache, so file hashes are memoised on (size, mtime) in a small JSON
manifest next to the cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pyproj
import shapely

from geodata import paths
from geodata.sources import get_source

# Bump when a loader's output changes shape, so stale caches are not read.
LOADER_VERSION = "4"


class ChecksumMismatchError(ValueError):
    """A raw file differs from the registered one (corrupt download or new upstream release)."""


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _manifest_path() -> Path:
    return paths.parquet_cache_dir() / "hashes.json"


def _read_manifest() -> dict[str, list]:
    try:
        return json.loads(_manifest_path().read_text())
    except (OSError, ValueError):
        return {}


def atomic_write_bytes(target: Path, write: Callable[[Path], object]) -> None:
    """Run ``write(tmp)`` and move the result into place, so readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def cached_sha256(path: Path) -> str:
    """sha256 of ``path``, memoised on (size, mtime_ns) in the cache manifest."""
    stat = path.stat()
    key = str(path.resolve())
    manifest = _read_manifest()
    hit = manifest.get(key)
    if hit and hit[0] == stat.st_size and hit[1] == stat.st_mtime_ns:
        return hit[2]
    digest = sha256_file(path)
    manifest[key] = [stat.st_size, stat.st_mtime_ns, digest]
    try:
        atomic_write_bytes(_manifest_path(), lambda p: p.write_text(json.dumps(manifest)))
    except OSError:
        pass  # a read-only cache only costs speed
    return digest


def source_path(source_id: str, data_dir: Path | None = None) -> Path:
    """Path of a registered raw file, verified against its registered sha256."""
    source = get_source(source_id)
    if data_dir is None:
        from geodata.ondemand import ensure_data  # late: ondemand -> fetch -> cache

        data_dir = ensure_data()
    base = data_dir
    path = base / source.path
    if not path.is_file():
        raise paths.DataNotFoundError(
            f"{source.path} ({source_id}) is missing in {base}. Run `python -m geodata fetch` "
            "or point CAPACITY_DATA_DIR at a complete mirror."
        )
    actual = cached_sha256(path)
    if actual != source.sha256:
        raise ChecksumMismatchError(
            f"{path} has sha256 {actual[:12]}…, expected {source.sha256[:12]}… for {source_id}. "
            "The file is corrupt or a different release; re-fetch it with `python -m geodata fetch`."
        )
    return path


def cached_table(
    name: str,
    source_ids: Iterable[str],
    build: Callable[..., Any],
    validate: Callable[[pd.DataFrame], pd.DataFrame],
    *,
    data_dir: Path | None = None,
) -> pd.DataFrame:
    """Return table ``name`` from the parquet cache, building it from raw files on a miss.

    ``build`` receives the verified paths of ``source_ids`` as positional arguments. ``validate``
    runs before a table enters the cache, so a cache hit is a validated table and the warm path
    skips the (slow) schema checks.
    """
    ids = list(source_ids)
    key = hashlib.sha256("|".join([LOADER_VERSION, name, *(get_source(s).sha256 for s in ids)]).encode()).hexdigest()[
        :16
    ]
    target = paths.parquet_cache_dir() / f"{name}-{key}.parquet"
    # Verify the inputs even on a hit: cheap thanks to the manifest, and it catches a swapped file.
    raw = [source_path(s, data_dir) for s in ids]
    if target.is_file():
        try:
            return _read(target)
        except Exception:  # noqa: BLE001 - a corrupt cache file is rebuilt, never fatal
            target.unlink(missing_ok=True)
    table = validate(build(*raw))
    try:
        atomic_write_bytes(target, lambda p: _write(table, p))
    except OSError:
        pass
    return table


def _write(table: pd.DataFrame, path: Path) -> None:
    table.to_parquet(path, index=False)  # GeoDataFrame writes GeoParquet


@functools.cache
def _crs(user_input: str) -> pyproj.CRS:
    return pyproj.CRS.from_user_input(user_input)


def _read(path: Path) -> pd.DataFrame:
    """Read a cached table; GeoParquet is decoded by hand because parsing its PROJJSON CRS
    (about 25 ms a table) costs more than reading the data."""
    table = pq.read_table(path)
    geo_meta = (table.schema.metadata or {}).get(b"geo")
    if geo_meta is None:
        return table.to_pandas()
    meta = json.loads(geo_meta)
    column = meta["primary_column"]
    crs_json = meta["columns"][column].get("crs")
    crs = _crs(json.dumps(crs_json)) if crs_json is not None else _crs("OGC:CRS84")
    frame = table.drop([column]).to_pandas()
    geometry = shapely.from_wkb(table.column(column).to_numpy(zero_copy_only=False))
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=crs), crs=crs)
