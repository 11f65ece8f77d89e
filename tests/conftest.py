"""Shared fixtures: the real CBS data from the mirror (../shared/data unless CAPACITY_DATA_DIR is set; without
either, the registered originals are downloaded on first use, see geodata.ondemand)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_support import app_url, browser, page  # noqa: F401 - shared browser fixtures, one Playwright per run

ROOT = Path(__file__).resolve().parents[1]
if (ROOT.parent / "shared" / "data").is_dir():  # else a fresh clone: data are fetched on first use
    os.environ.setdefault("CAPACITY_DATA_DIR", str(ROOT.parent / "shared" / "data"))
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def kwb2024():
    from geodata import load_kwb

    return load_kwb(2024)


@pytest.fixture(scope="session")
def gemeenten2025():
    from geodata import load_gemeenten

    return load_gemeenten(2025)


@pytest.fixture(scope="session")
def region_lookup():
    from geodata import load_region_lookup

    return load_region_lookup()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict[str, Callable[[], Any]]:
    """File name → the callable a download button defers (pages build download bytes only on click).

    AppTest has no browser to click; this captures what Streamlit registers so a test can build the
    bytes the button would serve.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    captured: dict[str, Callable[[], Any]] = {}
    real = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        captured[str(file_name)] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured
