"""What a result was computed with: the method version and the data files' sha256.

``METHOD_VERSION`` changes whenever scores or keys change (a new indicator, weight, key term or default);
``CHANGELOG.md`` records each bump and its effect on rankings. Every export (XLSX "Bron" sheet, CSV header
comment), scenario file and shared link carries it, with the sha256 of the registered data files
(``geodata.sources``; a file that does not match its registered hash is refused when loaded), so a figure can
be reproduced and a changed result explained.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from geodata.sources import SOURCES, get_source

METHOD_VERSION = "2026.12.2"
FINGERPRINT_CHARS = 12  # short data fingerprint for links: 48 bits are plenty to tell data versions apart


def data_hashes(source_ids: Iterable[str] | None = None) -> dict[str, str]:
    """sha256 per source id (every registered source when ``source_ids`` is None)."""
    ids = [s.id for s in SOURCES] if source_ids is None else list(dict.fromkeys(source_ids))
    return {sid: get_source(sid).sha256 for sid in ids}


def data_fingerprint(source_ids: Iterable[str] | None = None) -> str:
    """One short hash over the data files' sha256 (sorted by id): equal fingerprints, equal inputs."""
    hashes = data_hashes(source_ids)
    joined = "|".join(f"{k}={hashes[k]}" for k in sorted(hashes))
    return hashlib.sha256(joined.encode()).hexdigest()[:FINGERPRINT_CHARS]


def provenance(source_ids: Iterable[str] | None = None) -> dict[str, object]:
    """Method version and data hashes as plain values (for JSON files)."""
    return {"method_version": METHOD_VERSION, "data_sha256": data_hashes(source_ids)}


def provenance_lines(source_ids: Iterable[str] | None = None) -> list[str]:
    """Dutch one-liners for a CSV header comment or an export's notes."""
    lines = [f"Methodeversie {METHOD_VERSION} (CHANGELOG.md)"]
    lines += [f"Bron {sid}: sha256 {sha}" for sid, sha in data_hashes(source_ids).items()]
    return lines
