"""Fetch the registered raw files (upstream, a mirror URL or a mirror folder) and check a data dir.

Every file is streamed into a temporary file next to its target, hashed on the way, and moved into
place only when the sha256 matches the registry: an interrupted or corrupt download never leaves a
file that a loader could pick up.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tqdm import tqdm

from geodata import paths
from geodata.cache import sha256_file
from geodata.sources import SOURCES, Source

USER_AGENT = "opnamecapaciteit-geodata/0.1"
TIMEOUT_S = 60
CHUNK = 1 << 16


class FetchError(RuntimeError):
    """A file could not be fetched or failed verification; the message names it and the fix."""


@dataclass(frozen=True)
class FetchOutcome:
    source_id: str
    status: str  # fetched | up-to-date | skipped-derived
    path: Path | None


@dataclass(frozen=True)
class CheckRow:
    source: Source
    status: str  # ok | missing | mismatch | not-needed
    actual_sha256: str | None

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "not-needed")


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


#: Called with (source id, bytes just received) while a file streams in; drives the app's progress bar.
OnBytes = Callable[[str, int], None]


def _copy_verified(
    stream: BinaryIO,
    target: Path,
    expected: str,
    size: int | None,
    label: str,
    progress: bool,
    on_bytes: Callable[[int], None] | None = None,
) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    received = 0
    try:
        with (
            os.fdopen(fd, "wb") as out,
            tqdm(total=size, unit="B", unit_scale=True, desc=label, disable=not progress, leave=False) as bar,
        ):
            while block := stream.read(CHUNK):
                out.write(block)
                digest.update(block)
                received += len(block)
                bar.update(len(block))
                if on_bytes is not None:
                    on_bytes(len(block))
        if size is not None and received != size:
            raise FetchError(f"{label}: download interrupted after {received} of {size} bytes; run fetch again")
        actual = digest.hexdigest()
        if actual != expected:
            raise FetchError(
                f"{label}: sha256 {actual[:12]}… does not match the registered {expected[:12]}…; "
                "the file is corrupt or upstream published a different version — not installed"
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _open(location: str) -> tuple[BinaryIO, int | None]:
    if _is_url(location):
        request = urllib.request.Request(location, headers={"User-Agent": USER_AGENT})
        try:
            response = urllib.request.urlopen(request, timeout=TIMEOUT_S)  # noqa: S310 - registered URLs only
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"cannot download {location}: {reason}") from exc
        length = response.headers.get("Content-Length")
        return response, int(length) if length else None
    path = Path(location)
    if not path.is_file():
        raise FetchError(f"{path} does not exist")
    return open(path, "rb"), path.stat().st_size


def _location(source: Source, origin: str | None) -> str | None:
    if origin is None:
        return source.upstream_url
    if _is_url(origin):
        return origin.rstrip("/") + "/" + source.path
    return str(Path(origin).expanduser() / source.path)


def fetch(
    origin: str | None = None,
    dest: Path | None = None,
    *,
    only: Iterable[str] | None = None,
    force: bool = False,
    progress: bool = True,
    on_bytes: OnBytes | None = None,
    fail_fast: bool = False,
) -> list[FetchOutcome]:
    """Fetch every registered file into ``dest`` (default: the project cache).

    ``origin`` None means upstream (derived files are skipped: the loaders rebuild them); a URL or a
    folder means a mirror in the same layout, from which every file is taken. ``fail_fast`` stops at
    the first failed file (offline: one error instead of one per file).
    """
    dest = dest or paths.raw_cache_dir()
    wanted = set(only) if only else None
    unknown = sorted((wanted or set()) - {s.id for s in SOURCES})
    if unknown:
        raise ValueError(f"unknown source id(s) {', '.join(unknown)}; see `python -m geodata check` for the ids")
    outcomes: list[FetchOutcome] = []
    errors: list[str] = []
    for source in SOURCES:
        if wanted is not None and source.id not in wanted:
            continue
        target = dest / source.path
        location = _location(source, origin)
        if location is None:
            outcomes.append(FetchOutcome(source.id, "skipped-derived", None))
            continue
        if not force and target.is_file() and sha256_file(target) == source.sha256:
            outcomes.append(FetchOutcome(source.id, "up-to-date", target))
            continue
        try:
            stream, size = _open(location)
            with stream:
                _copy_verified(
                    stream,
                    target,
                    source.sha256,
                    size,
                    source.path,
                    progress,
                    None if on_bytes is None else functools.partial(on_bytes, source.id),
                )
        except FetchError as exc:
            errors.append(str(exc))
            if fail_fast:
                break
            continue
        outcomes.append(FetchOutcome(source.id, "fetched", target))
    if errors:
        raise FetchError("\n".join(errors))
    return outcomes


def check(data_dir: Path | None = None) -> list[CheckRow]:
    """Status of every registered file in a data directory (verifies checksums)."""
    base = data_dir or paths.data_dir()
    rows = []
    for source in SOURCES:
        path = base / source.path
        if not path.is_file():
            status = "not-needed" if source.derived_from else "missing"
            rows.append(CheckRow(source, status, None))
            continue
        actual = sha256_file(path)
        rows.append(CheckRow(source, "ok" if actual == source.sha256 else "mismatch", actual))
    return rows
