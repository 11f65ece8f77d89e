"""Real browser: `streamlit run app.py` + headless Debian chromium, with no internet needed.

The map is a plotly ``choroplethmap`` (MapLibre, WebGL): it draws into a <canvas>, so the test checks the
plotly graph's data (342 locations) and that the canvas area is not blank, and keeps a screenshot.
"""

from __future__ import annotations

import io

import pytest
from browser_support import wait_for_app

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'


def _page_paths() -> list[str]:
    """url_path of every page app.py registers (those whose file exists)."""
    from ui.layout import registered_paths

    return registered_paths()


def _non_blank_share(png: bytes) -> float:
    """Share of pixels that are clearly not white in some channel (even the palest map fill)."""
    from PIL import Image, ImageChops

    r, g, b = Image.open(io.BytesIO(png)).convert("RGB").split()
    darkest = ImageChops.darker(ImageChops.darker(r, g), b)
    hist = darkest.histogram()
    return sum(hist[:230]) / max(sum(hist), 1)


def test_home_map_draws_342_gemeenten(page, app_url, artifacts_dir):
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    external: list[str] = []
    page.on(
        "request",
        lambda r: (
            external.append(r.url)
            if not r.url.startswith(app_url) and not r.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot canvas", timeout=60_000)
    page.wait_for_timeout(1500)  # MapLibre paints asynchronously after plotly resolves
    n = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullData[0].locations.length")
    kind = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullData[0].type")
    assert kind == "choroplethmap"
    assert n == 342
    page.screenshot(path=str(artifacts_dir / "kaart.png"), full_page=True)
    plot = page.locator(".js-plotly-plot").first
    share = _non_blank_share(plot.screenshot())
    assert share > 0.10, f"map area looks blank ({share:.1%} non-white pixels)"
    assert page.locator(EXCEPTION).count() == 0
    assert "Bron: CBS, Kadaster/PDOK" in page.inner_text('[data-testid="stMain"]')
    assert external == [], f"the page fetched from outside the app: {external[:5]}"


def test_every_page_opens_without_exception(page, app_url, artifacts_dir):
    paths = _page_paths()
    assert paths[0] == "overzicht" and "kaart" in paths and "gemeente" in paths
    for path in paths:
        url_path = "" if path == "overzicht" else path  # the default page lives at the root URL
        page.goto(f"{app_url}/{url_path}")
        wait_for_app(page)
        page.screenshot(path=str(artifacts_dir / f"page_{path}.png"), full_page=True)
        assert page.locator(EXCEPTION).count() == 0, f"exception on page {path}"
        assert page.get_by_text("Page not found").count() == 0, f"page {path} not registered"


def test_gemeente_link_opens_profile(page, app_url, artifacts_dir):
    page.set_viewport_size({"width": 1400, "height": 2600})  # the whole profile in one screenshot
    page.goto(f"{app_url}/gemeente?gemeente=GM0518")
    wait_for_app(page)
    page.wait_for_selector("text='s-Gravenhage (GM0518)", timeout=60_000)
    page.screenshot(path=str(artifacts_dir / "gemeente_GM0518.png"), full_page=True)
    assert page.locator(EXCEPTION).count() == 0


def test_click_on_map_opens_gemeente_profile(page, app_url, gemeenten2025, artifacts_dir):
    """A real click on Utrecht's polygon must land on its profile (on_select → selection_to_gemeente)."""
    inside = gemeenten2025.set_index("gemeentecode").loc["GM0344", "geometry"].representative_point()
    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot canvas", timeout=60_000)
    page.wait_for_timeout(1500)
    x, y = page.evaluate(
        """([lon, lat]) => {
            const m = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;
            const p = m.project([lon, lat]);
            const r = m.getCanvas().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [inside.x, inside.y],
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    page.wait_for_url("**/gemeente?*", timeout=30_000)
    wait_for_app(page)
    assert "gemeente=GM0344" in page.url
    page.wait_for_selector("text=Utrecht (GM0344)", timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "click_utrecht.png"))


def test_shared_link_on_a_fresh_server_opens_inside_the_app_shell(browser, tmp_path, artifacts_dir):
    # The first request of a new server is a deep link (someone opens a shared link): Streamlit's legacy
    # pages/ mode would run the page on its own, without app.py's navigation and language toggle.
    from browser_support import running_app

    with running_app(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
        page = context.new_page()
        try:
            page.goto(f"{url}/richtgetal?key=koenigstein&lang=en")
            wait_for_app(page)
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
            nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
            page.screenshot(path=str(artifacts_dir / "deep_link_fresh_server.png"))
            assert "Allocation target" in nav and "Method & sources" in nav  # app.py's titles, translated
            assert "richtgetal" not in nav and "eigen data" not in nav  # not the folder's file names
            assert page.get_by_text("Language").count() >= 1  # app.py's language toggle is there
            assert page.locator(EXCEPTION).count() == 0
        finally:
            context.close()
