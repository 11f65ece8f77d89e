"""Fetch over real HTTP from a local server, verification, atomic writes, data-dir resolution, check."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from geodata import paths
from geodata.cache import ChecksumMismatchError, sha256_file, source_path
from geodata.cli import main as geodata_main
from geodata.fetch import FetchError, check, fetch
from geodata.ondemand import ensure_data
from geodata.sources import SOURCES, get_source

MIRROR = ensure_data(progress=False)  # ../shared/data, or downloaded on first use


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


class _TruncatingHandler(_Handler):
    """Announces the full length but sends only half the bytes, then hangs up (an interrupted download)."""

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data[: len(data) // 2])


@pytest.fixture
def serve():
    servers = []

    def start(directory: Path, handler=_Handler) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_http_fetch_reproduces_every_file_and_the_cache(serve, tmp_path, monkeypatch):
    url = serve(MIRROR)
    dest = tmp_path / "raw"
    outcomes = fetch(url, dest, progress=False)
    assert {o.status for o in outcomes} == {"fetched"}
    assert len(outcomes) == len(SOURCES)
    for source in SOURCES:
        assert sha256_file(dest / source.path) == source.sha256
    assert not list(dest.rglob("*.part"))
    # A second run finds everything verified and downloads nothing.
    assert {o.status for o in fetch(url, dest, progress=False)} == {"up-to-date"}
    # The fetched copy feeds the loaders exactly like the mirror does.
    monkeypatch.setenv("CAPACITY_DATA_DIR", str(dest))
    monkeypatch.setenv("CAPACITY_CACHE_DIR", str(tmp_path / "cache"))
    import geodata

    assert int(geodata.load_kwb(2024)["aantal_inwoners"].sum()) == 17_942_942
    assert len(geodata.load_gemeenten(2025)) == 342
    assert list((tmp_path / "cache" / "parquet").glob("kwb_2024-*.parquet"))


def test_corrupt_file_is_refused_and_not_installed(serve, tmp_path):
    bad_mirror = tmp_path / "mirror"
    shutil.copytree(MIRROR, bad_mirror)
    target = bad_mirror / get_source("cbs_kwb_2024").path
    target.chmod(0o644)
    data = bytearray(target.read_bytes())
    data[100] ^= 0xFF
    target.write_bytes(bytes(data))
    url = serve(bad_mirror)
    dest = tmp_path / "raw"
    with pytest.raises(FetchError, match="sha256 .* does not match"):
        fetch(url, dest, only=["cbs_kwb_2024"], progress=False)
    assert not (dest / get_source("cbs_kwb_2024").path).exists()
    assert not list(dest.rglob("*.part"))


def test_interrupted_download_leaves_no_half_file(serve, tmp_path):
    url = serve(MIRROR, _TruncatingHandler)
    dest = tmp_path / "raw"
    with pytest.raises(FetchError, match="interrupted"):
        fetch(url, dest, only=["cartomap_provincie_2025"], progress=False)
    assert not any(p.is_file() for p in dest.rglob("*"))


def test_unreachable_server_gives_a_clear_error(tmp_path):
    with pytest.raises(FetchError, match="cannot download"):
        fetch("http://127.0.0.1:9", tmp_path, only=["cartomap_provincie_2025"], progress=False)


def test_fetch_from_a_folder_copies_the_mirror(tmp_path):
    outcomes = fetch(str(MIRROR), tmp_path, only=["cartomap_jeugdregio_2025"], progress=False)
    assert [o.status for o in outcomes] == ["fetched"]


def test_upstream_fetch_skips_derived_files(tmp_path, monkeypatch):
    # Derived files have no upstream URL: they are skipped, never downloaded. (No network: `only` picks
    # derived files alone.)
    derived = [s.id for s in SOURCES if s.derived_from]
    outcomes = fetch(None, tmp_path, only=derived, progress=False)
    assert {o.status for o in outcomes} == {"skipped-derived"}


def test_every_original_has_an_upstream_url_and_derived_ones_name_their_inputs():
    ids = {s.id for s in SOURCES}
    for s in SOURCES:
        assert len(s.sha256) == 64
        assert s.licence and s.attribution.startswith("Bron: CBS") and s.peildatum
        if s.derived_from:
            assert s.upstream_url is None and set(s.derived_from) <= ids
        else:
            assert s.upstream_url.startswith("https://")
    # every file of the mirror is registered
    files = {str(p.relative_to(MIRROR)) for p in MIRROR.rglob("*") if p.is_file() and p.suffix != ".md"}
    assert files == {s.path for s in SOURCES}


def test_check_reports_missing_and_mismatch(tmp_path):
    shutil.copytree(MIRROR, tmp_path / "m")
    base = tmp_path / "m"
    (base / get_source("cartomap_provincie_2025").path).unlink()
    (base / get_source("cbs_kwb_2024_csv").path).unlink()  # derived: not needed
    kwb = base / get_source("cbs_kwb_2023_csv").path
    kwb.chmod(0o644)
    kwb.write_text("changed")
    status = {row.source.id: row.status for row in check(base)}
    assert status["cartomap_provincie_2025"] == "missing"
    assert status["cbs_kwb_2024_csv"] == "not-needed"
    assert status["cbs_kwb_2023_csv"] == "mismatch"
    assert status["cbs_kwb_2024"] == "ok"


def test_check_cli_on_the_mirror_verifies_everything(capsys):
    assert geodata_main(["check", "--data-dir", str(MIRROR)]) == 0
    out = capsys.readouterr().out
    assert f"{len(SOURCES)} of {len(SOURCES)} sources fine" in out
    assert "2024-01-01" in out


def test_cli_bad_arguments_exit_2_without_traceback(capsys):
    assert geodata_main(["fetch", "--bogus"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_data_dir_resolution_order(tmp_path, monkeypatch):
    monkeypatch.setenv("CAPACITY_DATA_DIR", str(tmp_path))
    assert paths.data_dir() == tmp_path.resolve()
    monkeypatch.setenv("CAPACITY_DATA_DIR", str(tmp_path / "nope"))
    with pytest.raises(paths.DataNotFoundError, match="not a directory"):
        paths.data_dir()
    # no env var: an empty project cache is passed over for ../shared/data
    monkeypatch.delenv("CAPACITY_DATA_DIR")
    monkeypatch.setenv("CAPACITY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(paths, "shared_mirror_dir", lambda: tmp_path / "shared")
    with pytest.raises(paths.DataNotFoundError, match="python -m geodata fetch"):
        paths.data_dir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "f").write_text("x")
    assert paths.data_dir() == tmp_path / "shared"
    (tmp_path / "cache" / "raw").mkdir(parents=True)
    (tmp_path / "cache" / "raw" / "f").write_text("x")
    assert paths.data_dir() == tmp_path / "cache" / "raw"


def test_loader_refuses_a_swapped_raw_file(tmp_path, monkeypatch):
    shutil.copytree(MIRROR, tmp_path / "m")
    f = tmp_path / "m" / get_source("cartomap_jeugdregio_2025").path
    f.chmod(0o644)
    f.write_text(f.read_text().replace("Groningen", "Groningem"))
    monkeypatch.setenv("CAPACITY_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(ChecksumMismatchError, match="re-fetch"):
        source_path("cartomap_jeugdregio_2025", tmp_path / "m")


def test_cache_is_keyed_by_checksum_and_warm_loads_hit_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CAPACITY_CACHE_DIR", str(tmp_path / "cache"))
    import geodata

    geodata.load_regions("provincie")
    files = list((tmp_path / "cache" / "parquet").glob("regio_provincie_2025-*.parquet"))
    assert len(files) == 1
    files[0].write_bytes(b"not parquet")  # a corrupt cache file is rebuilt, never fatal
    assert len(geodata.load_regions("provincie")) == 12


def test_fetch_only_an_unknown_source_is_a_usage_error(capsys):
    assert geodata_main(["fetch", "--only", "nosuch", "--dest", "/tmp/never-written"]) == 2
    err = capsys.readouterr().err
    assert "unknown source id(s) nosuch" in err and len(err.strip().splitlines()) == 1


def test_cli_errors_read_as_sentences():
    from geodata.cli import one_line

    assert (
        one_line(FileNotFoundError(2, "No such file or directory", "/x/y.csv")) == "No such file or directory: /x/y.csv"
    )
    assert "not utf-8 text" in one_line(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"))
    assert one_line(KeyError("unknown key 'x'")) == "unknown key 'x'"
