"""Issue #12, memory-bounded uploads: a real `streamlit run app.py`, a hostile XLSX (a few kB declaring
``A1:XFD1048576``, and one whose far cell lies about the dimension) uploaded through chromium on the
"Eigen data" page. The server's resident memory must stay within ``RSS_BOUND_MB`` above its level after
the page loaded (the unbounded reader went to 5.4 GB), the file is refused with the limit named, and a
second session keeps answering. Also: ``showErrorDetails = "none"`` hides tracebacks on this Streamlit.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from browser_support import CHROMIUM, ROOT, free_port, start_app, stop_app, wait_for_app, wait_until_up

from tests.bad_inputs.corpus_round2 import GOOD, SHEET, _dimension, _far_cell, patched

pytestmark = pytest.mark.browser

RSS_BOUND_MB = 300  # above the server's RSS after the first page load; a 342-row upload needs a few MB
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rss_mb(pid: int) -> float:
    """Resident set size of a process from /proc (no psutil needed)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class PeakSampler(threading.Thread):
    """Samples a process's RSS every 50 ms until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.05)


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium not found at {CHROMIUM}")
    proc, url = start_app(tmp_path_factory.mktemp("memory") / "server.log")
    try:
        yield proc, url
    finally:
        stop_app(proc)


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's one chromium (a second sync Playwright in the same run is refused)."""
    return browser


def _open(chromium, url: str):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{url}/eigen-data")
    wait_for_app(page)
    return context, page


@pytest.mark.parametrize(("name", "edit"), [("dimensie.xlsx", _dimension), ("verre_cel.xlsx", _far_cell)])
def test_hostile_xlsx_upload_keeps_memory_bounded(own_server, chromium, name, edit):
    proc, url = own_server
    data = patched(GOOD, SHEET, edit)
    assert len(data) < 10_000  # a tiny file
    context, page = _open(chromium, url)
    baseline = rss_mb(proc.pid)
    sampler = PeakSampler(proc.pid)
    sampler.start()
    try:
        page.locator('input[type="file"]').first.set_input_files(
            files=[{"name": name, "mimeType": XLSX_MIME, "buffer": data}]
        )
        page.get_by_text("Bestand afgewezen").first.wait_for(timeout=60_000)
        wait_for_app(page)
        body = page.locator('[data-testid="stMain"]').inner_text()
    finally:
        sampler.running = False
        sampler.join()
        context.close()
    assert "Bestand afgewezen" in body  # the report itself (a canvas grid) is checked in test_import_corpus
    assert "Traceback" not in body
    print(f"{name}: RSS baseline {baseline:.0f} MB, peak {sampler.peak:.0f} MB")
    assert sampler.peak - baseline < RSS_BOUND_MB, (baseline, sampler.peak)

    # another session still answers
    other, other_page = _open(chromium, url)
    try:
        assert "Eigen data" in other_page.locator('[data-testid="stMain"]').inner_text()
    finally:
        other.close()


def test_show_error_details_none_hides_tracebacks(tmp_path, chromium):
    """The project's .streamlit/config.toml (read from the working directory) hides exception details."""
    script = tmp_path / "boom.py"
    script.write_text('import streamlit as st\nst.write("vooraf")\nraise RuntimeError("geheim /srv/pad.py")\n')
    port = free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        context = chromium.new_context()
        page = context.new_page()
        page.goto(url)
        page.get_by_text("vooraf").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        html = page.content()
        context.close()
    finally:
        stop_app(proc)
        log.close()
    assert "geheim" not in html and "Traceback" not in html and "srv/pad" not in html
