"""Where the raw data and the normalised cache live.

Resolution order for the raw data: ``$CAPACITY_DATA_DIR`` → the raw cache under the cache root
(filled by ``python -m geodata fetch`` or on first use) → ``../shared/data`` next to the checkout.
When none has data, the loaders download the registered originals once into the raw cache
(``geodata.ondemand``); an explicit ``$CAPACITY_DATA_DIR`` never triggers a download.

Cache root: ``$CAPACITY_CACHE_DIR``, else ``.cache/`` in the checkout (git-ignored). The project cache
rather than a per-user folder keeps raw files, the parquet cache and fetched CBS tables of one
checkout together and removable with the checkout; point ``$CAPACITY_CACHE_DIR`` elsewhere to share.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_DATA_DIR = "CAPACITY_DATA_DIR"
ENV_CACHE_DIR = "CAPACITY_CACHE_DIR"


class DataNotFoundError(FileNotFoundError):
    """No data directory could be found; the message says how to get one."""


def cache_dir() -> Path:
    """Project-local cache root (git-ignored); override with $CAPACITY_CACHE_DIR."""
    env = os.environ.get(ENV_CACHE_DIR)
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / ".cache"


def raw_cache_dir() -> Path:
    return cache_dir() / "raw"


def parquet_cache_dir() -> Path:
    return cache_dir() / "parquet"


def shared_mirror_dir() -> Path:
    return PROJECT_ROOT.parent / "shared" / "data"


def _has_files(path: Path) -> bool:
    return path.is_dir() and any(p.is_file() for p in path.rglob("*"))


def data_dir() -> Path:
    """The directory holding the raw files in mirror layout."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        path = Path(env).expanduser().resolve()
        if not path.is_dir():
            raise DataNotFoundError(
                f"{ENV_DATA_DIR}={env} is not a directory. Point it at a data mirror "
                "or unset it and run `python -m geodata fetch`."
            )
        return path
    for candidate in (raw_cache_dir(), shared_mirror_dir()):
        if _has_files(candidate):
            return candidate
    raise DataNotFoundError(
        "No data found. Set CAPACITY_DATA_DIR to a local mirror (e.g. ../shared/data), or download "
        "the sources with `python -m geodata fetch` (needs internet), or copy a mirror with "
        "`python -m geodata fetch --from DIR`."
    )
