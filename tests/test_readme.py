"""The README stays true: it names every registered source, indicator and key, and its two commands exist."""

from __future__ import annotations

from pathlib import Path

from capacity.indicators import INDICATORS
from geodata.sources import SOURCES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_registered_source_with_its_upstream_url():
    for source in SOURCES:
        assert f"`{source.id}`" in README, source.id
        if source.upstream_url:
            assert source.upstream_url in README, source.id


def test_readme_methods_cover_every_key_preset():
    from capacity.keys import KEYS

    for key in KEYS:
        assert f"`{key.id}`" in README, key.id


def test_readme_names_the_indicator_count_it_claims():
    assert f"{len(INDICATORS)} indicators from CBS KWB 2024" in README


def test_readme_gives_the_two_commands():
    assert "pip install -r requirements.txt && streamlit run app.py" in README
    assert "pip install -r requirements.txt && python -m pytest" in README
