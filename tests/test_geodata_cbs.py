"""CBS OData connector against a loopback stand-in of the feed (never the internet).

Fetch over two pages, columns by title and topic group, gemeente rows with trimmed codes, "." as
missing, provenance and atomic cache, errors (404, 500, truncated JSON, timeout), `cbs list`/`check`,
and the spreidingswet key switching to the fetched SES-WOA (TEST FIXTURE values) without a flag.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cbs_feed import PERIODS, SES_TABLE, SLOW_TABLE, FeedServer, fixture_ses_woa

from capacity.inputs import resolve_ses_woa
from geodata import cbs
from geodata.cache import sha256_file
from geodata.cli import main as geodata_main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A temp cache root, so fetched fixture tables never leak into other runs."""
    monkeypatch.setenv("CAPACITY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CAPACITY_CBS_URL", raising=False)
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def codes(kwb2024) -> list[str]:
    return sorted(kwb2024["gemeentecode"].astype(str))


@pytest.fixture
def feed(codes):
    server = FeedServer(codes, slow_seconds=2.0)
    with server as base:
        yield base, server


def test_fetch_reads_both_pages_keeps_gemeenten_and_writes_provenance(cache, feed, codes):
    base, server = feed
    meta = cbs.fetch_table(SES_TABLE, base=base)
    assert sum("$skiptoken=1" in r for r in server.requests) == 1  # followed odata.nextLink
    assert meta["rows"] == len(codes) == 342
    assert meta["period"] == PERIODS[-1] and meta["periods_available"] == list(PERIODS)
    assert meta["title"].startswith("SES-WOA TEST FIXTURE") and meta["modified"] == "2025-06-30T02:00:00"
    assert meta["licence"] == "CC BY 4.0" and meta["url"].startswith(base)
    stored = cache / "cbs" / f"{SES_TABLE}.parquet"
    assert meta["sha256"] == sha256_file(stored)
    assert json.loads((cache / "cbs" / f"{SES_TABLE}.json").read_text())["sha256"] == meta["sha256"]
    assert not list((cache / "cbs").glob("*.part"))
    frame = pd.read_parquet(stored)
    assert frame["gemeentecode"].tolist() == codes  # padding trimmed, WK/BU/NL rows dropped
    assert frame["Huishoudens_31"].isna().sum() == 1  # CBS "." is missing
    groups = {c["key"]: c["group"] for c in meta["columns"]}
    assert groups["GemiddeldeScore_29"] == "SES-WOA / Totaalscore"


def test_ses_woa_is_found_by_title_and_group_not_position(cache, feed, codes):
    base, _ = feed
    cbs.fetch_table(SES_TABLE, base=base)
    choice = resolve_ses_woa(pd.Index(codes))
    assert choice.origin == "cbs" and choice.table_id == SES_TABLE and choice.period == PERIODS[-1]
    expected = fixture_ses_woa(codes, PERIODS[-1])
    np.testing.assert_allclose(choice.values.to_numpy(), expected.reindex(codes).to_numpy(), atol=1e-9)
    assert "86092NED" in choice.label("nl") and PERIODS[-1] in choice.label("en")


def test_period_option_and_unknown_period(cache, feed, codes):
    base, _ = feed
    meta = cbs.fetch_table(SES_TABLE, base=base, period=PERIODS[0])
    assert meta["period"] == PERIODS[0]
    with pytest.raises(ValueError, match="2030JJ00 is not in"):
        cbs.fetch_table(SES_TABLE, base=base, period="2030JJ00")


def test_upload_wins_over_the_fetched_table(cache, feed, codes):
    base, _ = feed
    cbs.fetch_table(SES_TABLE, base=base)
    upload = pd.Series(0.25, index=codes)
    assert resolve_ses_woa(pd.Index(codes), upload).origin == "upload"
    incomplete = upload.iloc[:-1]
    assert resolve_ses_woa(pd.Index(codes), incomplete).origin == "cbs"


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("99999NED", "HTTP 404"),
        ("00500NED", "HTTP 500"),
        ("00666NED", "truncated or invalid JSON"),
        (SLOW_TABLE, "timed out"),
    ],
)
def test_feed_errors_exit_2_with_one_line_and_cache_nothing(cache, feed, capsys, table, words):
    base, _ = feed
    assert geodata_main(["cbs", "fetch", table, "--cbs-url", base, "--timeout", "0.5", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error:") and words in err
    assert not (cache / "cbs").exists() or not list((cache / "cbs").iterdir())


def test_cli_fetch_list_and_check(cache, feed, capsys):
    base, _ = feed
    assert geodata_main(["cbs", "fetch", SES_TABLE, "--cbs-url", base, "--quiet"]) == 0
    assert "cached 86092NED (ses_woa)" in capsys.readouterr().out
    assert geodata_main(["cbs", "list"]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and SES_TABLE in out and PERIODS[-1] in out
    geodata_main(["check"])
    assert SES_TABLE in capsys.readouterr().out
    # a damaged cached table is reported and no longer used
    (cache / "cbs" / f"{SES_TABLE}.parquet").write_bytes(b"broken")
    assert geodata_main(["cbs", "list"]) == 1
    assert "mismatch" in capsys.readouterr().out
    assert cbs.load_cached(SES_TABLE) is None


def test_bad_table_id_is_a_usage_error(cache, capsys):
    assert geodata_main(["cbs", "fetch", "not-a-table"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def _allocate(env: dict[str, str]) -> tuple[pd.DataFrame, str]:
    done = subprocess.run(
        [sys.executable, "-m", "capacity", "allocate", "--total", "96000", "--key", "spreidingswet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-1500:]
    return pd.read_csv(io.StringIO(done.stdout)), done.stderr


def test_allocate_spreidingswet_follows_the_fetched_ses_woa_without_a_flag(cache, feed, codes):
    base, _ = feed
    env = dict(os.environ)
    before, note_before = _allocate(env)
    assert "welfare proxy" in note_before
    env_fetch = dict(env)
    done = subprocess.run(
        [sys.executable, "-m", "geodata", "cbs", "fetch", SES_TABLE, "--cbs-url", base],
        cwd=ROOT,
        env=env_fetch,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    after, note_after = _allocate(env)
    assert "CBS table 86092NED, period 2023JJ00" in note_after
    assert after["allocated"].sum() == before["allocated"].sum() == 96000
    assert not np.array_equal(after["allocated"].to_numpy(), before["allocated"].to_numpy())
    ses = fixture_ses_woa(codes, PERIODS[-1])
    per_inh = after.set_index("gemeentecode")["allocated_per_1000"].reindex(codes)
    big = per_inh[ses.reindex(codes).to_numpy() > 0.5]
    small = per_inh[ses.reindex(codes).to_numpy() < -0.5]
    assert big.median() > small.median()  # richer gemeenten host more per inhabitant
    rho = pd.Series(ses.reindex(codes).to_numpy()).corr(pd.Series(per_inh.to_numpy()), method="spearman")
    assert rho > 0.5
