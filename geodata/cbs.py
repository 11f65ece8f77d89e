"""Live CBS tables from the StatLine OData v3 feed, cached with provenance beside the data.

``https://opendata.cbs.nl/ODataFeed/odata/<table>/`` serves a service document, ``TableInfos`` (title,
``Modified``), ``DataProperties`` (every column: ``Key``, ``Title``, ``Type`` and ``ParentID`` into the
topic groups) and ``TypedDataSet`` in pages linked by ``odata.nextLink``. Columns are found by
``Title`` and topic group, never by position, so a table whose numbering changes between years reads
the same. Only gemeente rows (codes ``GM…``, padding trimmed) are kept; CBS's ``"."`` is missing.

A thin urllib client rather than the ``cbsodata`` package: cbsodata keeps its base URL in a global
``options`` object and builds ``ODataApi`` URLs, has no per-request timeout, and would add ``requests``;
here the base URL is an argument (``--cbs-url`` / ``$CAPACITY_CBS_URL``, a loopback server in tests).

Cached tables go to ``<cache root>/cbs/<TABLE>.parquet`` with ``<TABLE>.json`` beside it (id, title,
Modified, period, fetched-at, URL, licence, rows, sha256 of the parquet, columns); both are written
atomically, parquet first, so a reader that verifies the sha256 never sees half a table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geodata import paths
from geodata.cache import atomic_write_bytes, sha256_file
from geodata.sources import CC_BY

DEFAULT_CBS_URL = "https://opendata.cbs.nl"
ENV_CBS_URL = "CAPACITY_CBS_URL"
FEED_PATH = "ODataFeed/odata"
TIMEOUT_S = 60.0
USER_AGENT = "opnamecapaciteit-geodata/0.1"
TABLE_ID = re.compile(r"^[0-9]{5}[A-Z]{3}$")
MAX_PAGES = 1000  # a feed that keeps linking is broken, not big


class CbsError(RuntimeError):
    """The feed could not be read (unreachable, HTTP error, broken JSON); the message says which URL."""


class UnknownTableError(CbsError):
    """The feed has no such table (HTTP 404)."""


@dataclass(frozen=True)
class Column:
    """One entry of ``DataProperties``: key, title, its topic-group path and unit."""

    key: str
    title: str
    kind: str  # Topic | GeoDimension | TimeDimension | Dimension | ...
    group: str = ""  # "Group / Subgroup" titles above this column
    unit: str = ""


def cbs_url(override: str | None = None) -> str:
    """Base URL of the feed: argument, else ``$CAPACITY_CBS_URL``, else opendata.cbs.nl."""
    return (override or os.environ.get(ENV_CBS_URL) or DEFAULT_CBS_URL).rstrip("/")


def cbs_dir() -> Path:
    return paths.cache_dir() / "cbs"


def check_table_id(table_id: str) -> str:
    table_id = table_id.strip().upper()
    if not TABLE_ID.match(table_id):
        raise ValueError(f"{table_id!r} is not a CBS table id (five digits and three letters, e.g. 86092NED)")
    return table_id


def _get_json(url: str, timeout: float) -> dict:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            body = response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise UnknownTableError(f"no such table at {url} (HTTP 404)") from None
        raise CbsError(f"HTTP {exc.code} from {url}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise CbsError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from None
    try:
        data = json.loads(body)
    except ValueError:
        raise CbsError(f"truncated or invalid JSON from {url} ({len(body)} bytes)") from None
    if not isinstance(data, dict):
        raise CbsError(f"unexpected answer from {url}")
    return data


def _values(data: dict, url: str) -> list[dict]:
    value = data.get("value")
    if not isinstance(value, list):
        raise CbsError(f"no 'value' list in the answer from {url}")
    return value


def data_properties(items: list[dict]) -> list[Column]:
    """Columns with the path of topic-group titles above them (``ParentID`` chains)."""
    by_id = {p.get("ID"): p for p in items}

    def path(item: dict) -> str:
        titles, parent, seen = [], item.get("ParentID"), set()
        while parent is not None and parent in by_id and parent not in seen:
            seen.add(parent)
            titles.append(str(by_id[parent].get("Title", "")).strip())
            parent = by_id[parent].get("ParentID")
        return " / ".join(reversed(titles))

    return [
        Column(
            key=str(p["Key"]).strip(),
            title=str(p.get("Title", "")).strip(),
            kind=str(p.get("Type", "")),
            group=path(p),
            unit=str(p.get("Unit") or "").strip(),
        )
        for p in items
        if p.get("Key") and p.get("Type") != "TopicGroup"
    ]


def _clean(values: pd.Series) -> pd.Series:
    """Strip padding; CBS's "." (and empty) is missing; numeric when every present value is a number."""
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        text = values.astype("string").str.strip()
        text = text.mask(text.isin([".", ""]))
        numbers = pd.to_numeric(text, errors="coerce")
        if numbers.notna().sum() == text.notna().sum():
            return numbers.astype("float64")
        return text
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _download_rows(first_url: str, timeout: float, progress: bool) -> list[dict]:
    rows: list[dict] = []
    url: str | None = first_url
    pages = 0
    while url:
        pages += 1
        if pages > MAX_PAGES:
            raise CbsError(f"more than {MAX_PAGES} pages from {first_url}; stopped")
        data = _get_json(url, timeout)
        rows.extend(_values(data, url))
        url = data.get("odata.nextLink") or data.get("@odata.nextLink")
        if progress:
            print(f"  page {pages}: {len(rows)} rows", file=sys.stderr)
    return rows


def fetch_table(
    table_id: str,
    *,
    base: str | None = None,
    period: str | None = None,
    timeout: float = TIMEOUT_S,
    progress: bool = False,
    dest: Path | None = None,
) -> dict:
    """Download one table (all pages), keep gemeente rows of one period, cache it; return its provenance.

    ``period`` (e.g. ``2023JJ00``) defaults to the newest period in the table.
    """
    table_id = check_table_id(table_id)
    root = f"{cbs_url(base)}/{FEED_PATH}/{table_id}"
    _values(_get_json(f"{root}/?$format=json", timeout), root)  # service document: the table exists
    infos = _values(_get_json(f"{root}/TableInfos?$format=json", timeout), f"{root}/TableInfos")
    info = infos[0] if infos else {}
    columns = data_properties(_values(_get_json(f"{root}/DataProperties?$format=json", timeout), root))
    geo = next((c for c in columns if c.kind == "GeoDimension"), None)
    if geo is None:
        raise CbsError(f"{table_id} has no regional dimension; only tables per gemeente can be used")
    time = next((c for c in columns if c.kind == "TimeDimension"), None)
    rows = _download_rows(f"{root}/TypedDataSet?$format=json&$filter=substringof('GM',{geo.key})", timeout, progress)
    frame = pd.DataFrame(rows)
    if geo.key not in frame.columns:
        raise CbsError(f"{table_id}: the data lack the column {geo.key} that DataProperties announces")
    frame[geo.key] = frame[geo.key].astype("string").str.strip().str.upper()
    frame = frame[frame[geo.key].str.startswith("GM", na=False)]
    periods: list[str] = []
    if time is not None and time.key in frame.columns:
        frame[time.key] = frame[time.key].astype("string").str.strip()
        periods = sorted(frame[time.key].dropna().unique())
        chosen = period or (periods[-1] if periods else None)
        if chosen not in periods:
            raise ValueError(f"period {period} is not in {table_id}; available: {', '.join(periods) or 'none'}")
        frame = frame[frame[time.key] == chosen]
    else:
        chosen = period or str(info.get("Period", "")).strip() or None
    if frame.empty:
        raise CbsError(f"{table_id} has no gemeente rows")
    if frame[geo.key].duplicated().any():
        raise CbsError(f"{table_id}: a gemeente occurs twice in one period (an unsupported extra dimension?)")
    topics = [c for c in columns if c.kind == "Topic" and c.key in frame.columns]
    out = pd.DataFrame({"gemeentecode": frame[geo.key].to_numpy()})
    for col in topics:
        out[col.key] = _clean(frame[col.key]).to_numpy()
    out = out.sort_values("gemeentecode", ignore_index=True)
    return _store(table_id, out, info, columns=topics, period=chosen, periods=periods, url=root, dest=dest)


def _store(
    table_id: str,
    table: pd.DataFrame,
    info: dict,
    *,
    columns: list[Column],
    period: str | None,
    periods: list[str],
    url: str,
    dest: Path | None,
) -> dict:
    folder = dest or cbs_dir()
    target = folder / f"{table_id}.parquet"
    atomic_write_bytes(target, lambda p: table.to_parquet(p, index=False))
    provenance = {
        "table_id": table_id,
        "title": str(info.get("Title", "")).strip(),
        "modified": str(info.get("Modified", "")).strip(),
        "period": period,
        "periods_available": periods,
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "url": url,
        "licence": CC_BY,
        "attribution": "Bron: CBS",
        "rows": len(table),
        "sha256": sha256_file(target),
        "columns": [{"key": c.key, "title": c.title, "group": c.group, "unit": c.unit} for c in columns],
    }
    text = json.dumps(provenance, ensure_ascii=False, indent=1)
    atomic_write_bytes(folder / f"{table_id}.json", lambda p: p.write_text(text, encoding="utf-8"))
    return provenance


def cached_tables(folder: Path | None = None) -> list[dict]:
    """Provenance of every cached table, with ``status`` ok | mismatch | missing (of the parquet)."""
    folder = folder or cbs_dir()
    out = []
    for meta_path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data = folder / f"{meta.get('table_id', meta_path.stem)}.parquet"
        if not data.is_file():
            meta["status"] = "missing"
        else:
            meta["status"] = "ok" if sha256_file(data) == meta.get("sha256") else "mismatch"
        out.append(meta)
    return out


def load_cached(table_id: str, folder: Path | None = None) -> tuple[pd.DataFrame, dict] | None:
    """A cached table and its provenance, or None when absent or not matching its sha256."""
    folder = folder or cbs_dir()
    meta = next((m for m in cached_tables(folder) if m.get("table_id") == table_id), None)
    if meta is None or meta["status"] != "ok":
        return None
    return pd.read_parquet(folder / f"{table_id}.parquet"), meta


def find_column(meta: dict, title: str, group: str | None = None, avoid_group: str | None = None) -> str | None:
    """Key of the first column whose title (and topic-group path) match the patterns (case-insensitive)."""
    for col in meta.get("columns", []):
        if not re.search(title, col["title"], re.IGNORECASE):
            continue
        if group and not re.search(group, col["group"], re.IGNORECASE):
            continue
        if avoid_group and re.search(avoid_group, col["group"], re.IGNORECASE):
            continue
        return col["key"]
    return None
