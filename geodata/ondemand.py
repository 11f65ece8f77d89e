"""First use on a fresh machine: download the registered originals once, then carry on.

When no data directory is found (no ``$CAPACITY_DATA_DIR``, nothing in the project cache, no
``../shared/data`` beside the checkout), the loaders call :func:`ensure_data`, which fetches every
registered original (derived mirror files are not needed: the loaders rebuild them) into the raw
cache under the cache root, sha256-verified and atomically (``geodata.fetch``). The origin is the
registry's upstream URLs, or ``$CAPACITY_FETCH_FROM`` (a mirror base URL or folder in the same
layout: workshops with a local server, tests). An explicit ``$CAPACITY_DATA_DIR`` never triggers a
download, so CI and offline workshops behave the same every time.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from geodata import paths
from geodata.fetch import FetchError, OnBytes, fetch
from geodata.sources import SOURCES, Source

ENV_FETCH_FROM = "CAPACITY_FETCH_FROM"


class NoDataError(paths.DataNotFoundError):
    """No data found and the first-use download failed (offline, mirror down, corrupt file)."""

    def __init__(self, searched: tuple[Path, ...], detail: str) -> None:
        self.searched = searched
        self.detail = detail
        folders = ", ".join(str(p) for p in searched)
        super().__init__(
            f"No data found (searched {folders}) and the first-use download failed: {detail}. "
            f"Either set {paths.ENV_DATA_DIR} to a data mirror folder, or copy one with "
            "`python -m geodata fetch --from DIR` (a folder or http(s) URL)."
        )


@dataclass(frozen=True)
class Plan:
    """What a first-use download would fetch, from where, into where."""

    dest: Path
    origin: str | None  # None: the registry's upstream URLs
    sources: tuple[Source, ...]

    @property
    def total_bytes(self) -> int:
        return sum(s.size_bytes or 0 for s in self.sources)

    @property
    def origin_label(self) -> str:
        return self.origin or "upstream (CBS/PDOK via the registered URLs)"


def fetch_origin() -> str | None:
    """``$CAPACITY_FETCH_FROM`` (mirror base URL or folder), else None for the upstream URLs."""
    return os.environ.get(ENV_FETCH_FROM) or None


def searched_dirs() -> tuple[Path, ...]:
    """Every folder the data resolution looks in, in order (for the no-data message)."""
    env = os.environ.get(paths.ENV_DATA_DIR)
    own = (Path(env).expanduser(),) if env else ()
    return (*own, paths.raw_cache_dir(), paths.shared_mirror_dir())


def plan() -> Plan | None:
    """None when a data directory is usable as is; else the originals missing from the raw cache.

    Raises :class:`paths.DataNotFoundError` when ``$CAPACITY_DATA_DIR`` points nowhere (an explicit
    choice is never overridden by a download).
    """
    if os.environ.get(paths.ENV_DATA_DIR):
        paths.data_dir()
        return None
    raw = paths.raw_cache_dir()
    try:
        if paths.data_dir() != raw:
            return None
    except paths.DataNotFoundError:
        pass
    missing = tuple(s for s in SOURCES if s.fetchable and not (raw / s.path).is_file())
    return Plan(raw, fetch_origin(), missing) if missing else None


def ensure_data(*, progress: bool = True, on_bytes: OnBytes | None = None) -> Path:
    """The data directory, after downloading the missing originals on first use.

    ``progress`` draws tqdm bars on stderr (CLI); ``on_bytes`` reports bytes per source (app).
    Raises :class:`NoDataError` (one message: folders searched, the two ways out) when it fails.
    """
    todo = plan()
    if todo is None:
        return paths.data_dir()
    if progress:
        mb = todo.total_bytes / 1e6
        print(
            f"No data found; downloading {len(todo.sources)} registered files ({mb:.1f} MB) from "
            f"{todo.origin_label} into {todo.dest} (first use, sha256-verified)",
            file=sys.stderr,
        )
    try:
        fetch(
            todo.origin,
            todo.dest,
            only=[s.id for s in todo.sources],
            progress=progress,
            on_bytes=on_bytes,
            fail_fast=True,
        )
    except FetchError as exc:
        raise NoDataError(searched_dirs(), str(exc).split("\n")[0]) from exc
    return todo.dest
