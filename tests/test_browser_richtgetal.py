"""Richtgetal page in real headless chromium: the key drives table and map, XLSX download, shared link.

The table is a canvas grid; its accessible DOM copy (``text_content``) holds the visible rows. The
map is checked through the plotly graph's data (``_fullData[0].z``). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from browser_support import wait_for_app

pytestmark = pytest.mark.browser

EXCEPTION = '[data-testid="stException"]'
TABLE = '[data-testid="stDataFrame"]'
MAP_Z = "() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].z)"
MAP_LOCATIONS = "() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].locations)"


def _tables_text(page) -> str:
    """The visible text of every data grid on the page (ranking, allocation and region tables)."""
    return " ".join(t or "" for t in page.locator(TABLE).all_text_contents())


def _new_page(chromium):
    return chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL").new_page()


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)


def _choose(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).locator("input").click()
    page.locator('[role="option"]', has_text=option).first.click()


def test_changing_the_key_changes_table_and_map(browser, app_url, artifacts_dir):
    _key_changes_table_and_map(_new_page(browser), app_url, artifacts_dir)


def _key_changes_table_and_map(page, app_url, artifacts_dir) -> None:
    _open(page, f"{app_url}/richtgetal")
    assert page.locator(EXCEPTION).count() == 0
    table_before = _tables_text(page)
    z_before = page.evaluate(MAP_Z)
    assert len(z_before) == 342 and sum(z_before) == 30_000
    page.screenshot(path=str(artifacts_dir / "richtgetal_population.png"), full_page=True)

    _choose(page, "Verdeelsleutel", "Königsteiner Schlüssel")
    page.wait_for_url("**key=koenigstein**", timeout=60_000)
    wait_for_app(page)
    page.wait_for_function(
        "(before) => { const z = document.querySelector('.js-plotly-plot')._fullData[0].z;"
        " return Array.from(z).some((v, i) => v !== before[i]); }",
        arg=z_before,
        timeout=60_000,
    )
    z_after = page.evaluate(MAP_Z)
    table_after = _tables_text(page)
    page.screenshot(path=str(artifacts_dir / "richtgetal_koenigstein.png"), full_page=True)
    assert page.locator(EXCEPTION).count() == 0
    assert sum(z_after) == 30_000  # the total stays exact
    assert z_after != z_before
    assert table_after != table_before
    assert "Gemeente" in table_after and "Toegewezen (personen)" in table_after


def test_koenigstein_30000_xlsx_download_and_shared_link(browser, app_url, artifacts_dir):
    _koenigstein_xlsx_and_link(browser, app_url, artifacts_dir)


def _koenigstein_xlsx_and_link(browser, app_url, artifacts_dir) -> None:
    page = _new_page(browser)
    _open(page, f"{app_url}/richtgetal")
    page.get_by_role("button", name="Richtgetal 30.000 Königstein-stijl").click()
    page.wait_for_url("**key=koenigstein**", timeout=60_000)
    wait_for_app(page)
    z = page.evaluate(MAP_Z)
    locations = page.evaluate(MAP_LOCATIONS)
    assert sum(z) == 30_000

    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download Excel (XLSX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx") and "koenigstein" in download.suggested_filename
    path = artifacts_dir / "richtgetal_koenigstein_30000.xlsx"
    download.save_as(str(path))
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    ws = wb["Gegevens"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Gemeentecode", "Gemeente", "Aandeel (%)", "Quotum", "Toegewezen (personen)"]
    allocated = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=5).value for r in range(2, ws.max_row + 1)}
    assert len(allocated) == 342 and sum(allocated.values()) == 30_000
    assert all(isinstance(v, int) for v in allocated.values())
    assert allocated == {code: int(v) for code, v in zip(locations, z, strict=True)}  # same as the map
    assert "Bron" in wb.sheetnames

    # the link shown on the page is a full address (st.context.url), equal to the address bar
    shared = page.locator('[data-testid="stCode"]').last.text_content().strip()
    assert shared.startswith(app_url + "/richtgetal?"), shared
    here, there = urlsplit(page.url), urlsplit(shared)
    assert (there.scheme, there.netloc, there.path) == (here.scheme, here.netloc, here.path)
    assert parse_qs(there.query) == parse_qs(here.query)
    page.screenshot(path=str(artifacts_dir / "richtgetal_koenigstein_30000.png"), full_page=True)
    other = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL").new_page()
    try:
        _open(other, shared)
        assert other.locator(EXCEPTION).count() == 0
        assert other.evaluate(MAP_Z) == z
        value = other.locator('[data-testid="stSelectbox"]').filter(has_text="Verdeelsleutel").locator("input")
        assert "Königsteiner" in value.input_value()
        other.screenshot(path=str(artifacts_dir / "richtgetal_shared_link.png"), full_page=True)
    finally:
        other.context.close()
