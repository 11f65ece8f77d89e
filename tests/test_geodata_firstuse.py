"""Fresh machine: a checkout without data fetches the registered originals on first use.

A copy of the checkout in a temp dir (no ``../shared/data`` beside it, no ``CAPACITY_DATA_DIR``) and a
loopback HTTP server serving the mirror via ``CAPACITY_FETCH_FROM``: ``python -m capacity score`` and the
app's home page work with no other command run first. A corrupt file on the server is refused and
leaves nothing half-written; offline the app shows one message and no controls.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geodata import ondemand, paths
from geodata.cache import sha256_file
from geodata.sources import SOURCES, get_source

ROOT = Path(__file__).resolve().parents[1]
MIRROR = ondemand.ensure_data(progress=False)  # ../shared/data in CI; downloaded in a fresh clone
ORIGINALS = [s for s in SOURCES if s.fetchable]


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve():
    servers = []

    def start(directory: Path) -> str:
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The checkout's tracked (and new, not ignored) files in a temp dir: no data, no cache beside it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    dest = tmp_path_factory.mktemp("fresh") / "clone"
    for rel in filter(None, (p.decode() for p in listed)):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    assert not (dest.parent / "shared").exists()
    return dest


def _fresh_env(clone: Path, url: str, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAPACITY_")}
    env |= {"CAPACITY_FETCH_FROM": url, "CAPACITY_CACHE_DIR": str(cache), "PYTHONPATH": str(clone)}
    return env


def test_score_in_a_fresh_clone_downloads_then_scores_342(clone, serve, tmp_path):
    url = serve(MIRROR)
    done = subprocess.run(
        [sys.executable, "-m", "capacity", "score", "--format", "csv"],
        cwd=clone,
        env=_fresh_env(clone, url, tmp_path / "cache"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = done.stdout.strip().splitlines()
    assert len(rows) == 1 + 342
    assert len({r.split(",")[0] for r in rows[1:]}) == 342
    assert f"downloading {len(ORIGINALS)} registered files" in done.stderr
    raw = tmp_path / "cache" / "raw"
    for source in ORIGINALS:
        assert sha256_file(raw / source.path) == source.sha256
    assert not list(raw.rglob("*.part"))


_APP_PROBE = """
import json
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=300).run()
spec = json.loads(at.get("plotly_chart")[0].proto.spec) if at.get("plotly_chart") else {}
z = spec.get("data", [{}])[0].get("z")
print(json.dumps({
    "exception": [str(e.value) for e in at.exception],
    "errors": [e.value for e in at.error],
    "charts": len(at.get("plotly_chart")),
    "selectboxes": len(at.selectbox),
    "z": z if isinstance(z, (list, dict)) else None,
}))
"""


def test_app_home_page_in_a_fresh_clone_shows_the_national_map(clone, serve, tmp_path):
    url = serve(MIRROR)
    done = subprocess.run(
        [sys.executable, "-c", _APP_PROBE],
        cwd=clone,
        env=_fresh_env(clone, url, tmp_path / "cache"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["exception"] == [] and result["errors"] == []
    assert result["charts"] >= 1 and result["selectboxes"] >= 1  # the map page ran on real data
    assert result["z"] is not None
    raw = tmp_path / "cache" / "raw"
    assert all((raw / s.path).is_file() for s in ORIGINALS)


@pytest.fixture
def nothing_local(monkeypatch, tmp_path):
    """No CAPACITY_DATA_DIR, an empty cache root and no ../shared/data."""
    monkeypatch.delenv("CAPACITY_DATA_DIR", raising=False)
    monkeypatch.setenv("CAPACITY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(paths, "shared_mirror_dir", lambda: tmp_path / "no-shared")
    return tmp_path / "cache" / "raw"


def test_a_corrupt_file_on_the_server_is_refused_and_nothing_half_written(serve, nothing_local, tmp_path, monkeypatch):
    bad_mirror = tmp_path / "mirror"
    shutil.copytree(MIRROR, bad_mirror)
    corrupt = get_source("cbs_kwb_2024")
    target = bad_mirror / corrupt.path
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    monkeypatch.setenv("CAPACITY_FETCH_FROM", serve(bad_mirror))
    with pytest.raises(ondemand.NoDataError) as info:
        ondemand.ensure_data(progress=False)
    assert "sha256" in info.value.detail and corrupt.path in info.value.detail
    assert not (nothing_local / corrupt.path).exists()
    assert not list(nothing_local.rglob("*.part"))
    assert all(sha256_file(p) in {s.sha256 for s in SOURCES} for p in nothing_local.rglob("*") if p.is_file())


def test_offline_without_mirror_one_message_names_folders_and_both_ways_out(nothing_local, monkeypatch):
    monkeypatch.setenv("CAPACITY_FETCH_FROM", "http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(ondemand.NoDataError) as info:
        ondemand.ensure_data(progress=False)
    msg = str(info.value)
    assert str(nothing_local) in msg and "CAPACITY_DATA_DIR" in msg and "python -m geodata fetch --from" in msg


@pytest.mark.parametrize(("lang", "words"), [("nl", "niet gevonden"), ("en", "not found")])
def test_offline_app_draws_only_the_message(nothing_local, monkeypatch, lang, words):
    monkeypatch.setenv("CAPACITY_FETCH_FROM", "http://127.0.0.1:9")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    msg = at.error[0].value
    assert words in msg and str(nothing_local) in msg
    assert "CAPACITY_DATA_DIR" in msg and "python -m geodata fetch --from" in msg
    assert not at.radio and not at.selectbox and not at.button and not at.get("plotly_chart")


def test_explicit_data_dir_never_downloads(monkeypatch, tmp_path):
    monkeypatch.setenv("CAPACITY_DATA_DIR", str(MIRROR))
    monkeypatch.setenv("CAPACITY_FETCH_FROM", "http://127.0.0.1:9")
    assert ondemand.plan() is None
    assert ondemand.ensure_data(progress=False) == MIRROR
