"""Real browser (Debian chromium): what a first-time user, a workshop presenter and a keyboard or
screen-reader user meet — the home page, map export and scrolling, language switching, small screens,
the print view and an automated accessibility check (axe-core)."""

from __future__ import annotations

import io

import pytest
from browser_support import wait_for_app

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
PLOT = ".js-plotly-plot"
SMALL = {"width": 1024, "height": 640}  # a typical projector


def _non_blank_share(png: bytes) -> float:
    from PIL import Image, ImageChops

    r, g, b = Image.open(io.BytesIO(png)).convert("RGB").split()
    hist = ImageChops.darker(ImageChops.darker(r, g), b).histogram()
    return sum(hist[:230]) / max(sum(hist), 1)


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()


def _map_ready(page):
    page.wait_for_selector(f"{PLOT} canvas", timeout=60_000)
    plot = page.locator(PLOT).first
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # MapLibre paints asynchronously
    return plot


def test_home_says_what_and_for_whom_above_the_fold_at_1024x640(page, app_url, artifacts_dir):
    page.set_viewport_size(SMALL)
    _open(page, app_url)
    page.screenshot(path=str(artifacts_dir / "ux_home_1024x640.png"))
    for text in ("druk er al is op wonen, onderwijs en integratie", "beleidsadviseurs van gemeenten"):
        box = page.get_by_text(text).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= SMALL["height"], f"{text!r} below the fold: {box}"
    main = page.inner_text('[data-testid="stMain"]')
    assert "Zoek uw gemeente" in main and "Vergelijk regio's" in main and "Verdeel een richtgetal" in main
    assert "Cijfers: 1 januari 2024" in main and "Bron: CBS, Kadaster/PDOK" in main
    assert "elasting" not in main  # load is "druk"
    n = page.evaluate(f"() => document.querySelector('{PLOT}')._fullData[0].locations.length")
    assert n == 342


def test_wheel_over_the_map_scrolls_the_page_not_the_map(page, app_url):
    _open(page, app_url)
    plot = _map_ready(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    box = plot.bounding_box()
    zoom = page.evaluate(f"() => document.querySelector('{PLOT}')._fullLayout.map.zoom")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 200))
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(800)
    after = plot.bounding_box()
    assert after["y"] < box["y"] - 100, f"the page did not scroll: {box['y']} → {after['y']}"
    assert page.evaluate(f"() => document.querySelector('{PLOT}')._fullLayout.map.zoom") == zoom


def test_modebar_png_export_downloads_a_non_blank_map_with_title_and_source(browser, app_url, artifacts_dir):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        _open(page, f"{app_url}/kaart")
        plot = _map_ready(page)
        plot.hover()
        with page.expect_download(timeout=60_000) as download:
            page.locator(f'{PLOT} .modebar-btn[data-title="Download plot as a PNG"]').first.click()
        path = artifacts_dir / "ux_export.png"
        download.value.save_as(path)
        assert download.value.suggested_filename.startswith("totale_druk")
        png = path.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert _non_blank_share(png) > 0.10
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
