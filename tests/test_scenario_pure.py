"""capacity.scenario / capacity.scenario_compute: the pure scenario model and computation (no Streamlit)."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from capacity.allocation import allocate
from capacity.export import to_csv_bytes, to_xlsx_bytes
from capacity.keys import key_shares
from capacity.provenance import METHOD_VERSION, data_fingerprint, provenance_lines
from capacity.scenario import (
    Scenario,
    clean_params,
    scenario_from_json,
    scenario_from_params,
    scenario_to_json,
    scenario_to_params,
    share_query,
    url_params,
)
from capacity.scenario_compute import ScenarioInfeasibleError, compute_scenario, implied_bounds
from geodata.sources import get_source

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kwb() -> pd.DataFrame:
    from geodata import load_kwb

    return load_kwb(2024)


def test_pure_modules_import_no_streamlit_or_ui():
    for name in ("scenario.py", "scenario_compute.py", "urlparams.py"):
        tree = ast.parse((ROOT / "capacity" / name).read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m for m in imported if m.split(".")[0] in ("streamlit", "ui", "pages")}, name


def test_norway_floor_applies_only_where_the_share_is_positive_and_matches_the_engine(kwb):
    scenario = Scenario(total=3400, key="norway", floor=10).validated()
    table = compute_scenario(scenario, kwb).table
    shares = key_shares("norway", kwb)
    population = kwb.set_index("gemeentecode")["aantal_inwoners"].astype(float)
    engine = allocate(shares, 3400, floor=10, population=population)["allocated"]
    pd.testing.assert_series_equal(table["allocated"], engine.reindex(table.index), check_names=False)
    positive = int((shares > 0).sum())
    assert positive < len(shares)  # Norway gives some gemeenten a zero share …
    assert implied_bounds(scenario, population, shares).sum_floors == 10 * positive  # … and no floor there
    # the population comparison divides the same total without Norway's floor (342 × 10 would exceed it)
    assert table["deviation_population"].notna().all()
    assert int((table["allocated"] - table["deviation_population"]).sum()) == 3400


def test_infeasible_floor_reports_the_engines_sums(kwb):
    scenario = Scenario(total=1000, floor=10).validated()
    with pytest.raises(ScenarioInfeasibleError) as info:
        compute_scenario(scenario, kwb)
    assert info.value.bounds.sum_floors == 10 * len(kwb)  # population key: every share is positive


def test_url_round_trip_and_allow_list_limits():
    s = Scenario(total=1234, key="koenigstein", cap_per_1000=2.5, use_pledges=True).validated()
    query = share_query(s)
    provenance = {"mv": METHOD_VERSION, "data": data_fingerprint()}
    assert query == {"total": "1234", "key": "koenigstein", "cap1000": "2.5", "pledges": "1", **provenance}
    back, problems = scenario_from_params(query)
    assert back == s and problems == []
    specs = url_params()
    # bounds are inclusive: the largest allowed total passes, one more is refused
    assert specs["total"].parse("1000000") == 1_000_000
    with pytest.raises(ValueError):
        specs["total"].parse("1000001")
    with pytest.raises(ValueError):
        specs["cap1000"].parse("1000.5")
    assert specs["cap1000"].parse("1000") == 1000.0
    with pytest.raises(ValueError):
        specs["total"].parse("1" * 65)  # longer than 64 characters: refused before parsing
    assert specs["key"].parse("KOENIGSTEIN") == "koenigstein"  # canonical spelling
    _, problems = scenario_from_params({"total": "-5", "key": "nope", "kp_x": "1", "evil": "__import__('os')"})
    assert problems == ["total=-5", "key=nope", "kp_x=1"]
    assert clean_params({"evil": "1", "total": 5, "mode": "bogus"}) == {"total": "5"}


def test_default_values_stay_out_of_links_and_a_keys_own_floor_is_its_default():
    assert {k: v for k, v in scenario_to_params(Scenario().validated()).items() if v is not None} == {}
    norway = Scenario(key="norway", floor=10).validated()
    assert share_query(norway) == {"key": "norway", "mv": METHOD_VERSION, "data": data_fingerprint()}
    back, _ = scenario_from_params({"key": "norway"})
    assert back.floor == 10


def test_links_and_files_carry_the_method_version_and_data_hashes():
    s = Scenario(total=1234).validated()
    _, problems = scenario_from_params({**share_query(s)})
    assert problems == []  # same method, same data: nothing to report
    _, problems = scenario_from_params({"total": "1234", "mv": "1999.1", "data": "0" * 12})
    assert problems == [f"mv=1999.1 (nu {METHOD_VERSION})", f"data={'0' * 12} (nu {data_fingerprint()})"]
    doc = json.loads(scenario_to_json(s))
    assert doc["provenance"]["method_version"] == METHOD_VERSION
    assert doc["provenance"]["data_sha256"]["cbs_kwb_2024"] == get_source("cbs_kwb_2024").sha256
    assert scenario_from_json(scenario_to_json(s)) == s


def test_exports_carry_the_method_version_and_data_hashes():
    frame = pd.DataFrame({"x": [1.5]}, index=pd.Index(["GM0014"], name="gemeentecode"))
    lines = provenance_lines(["cbs_kwb_2024"])
    text = to_csv_bytes(frame, comments=lines).decode("utf-8-sig")
    assert text.startswith(f"# Methodeversie {METHOD_VERSION}")
    assert get_source("cbs_kwb_2024").sha256 in text
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",", comment="#")
    assert back.columns.tolist() == ["gemeentecode", "x"] and back["x"].tolist() == [1.5]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, source_ids=["cbs_kwb_2024"])))
    cells = [str(c.value) for row in book["Bron"].iter_rows() for c in row if c.value is not None]
    assert f"{METHOD_VERSION} (CHANGELOG.md)" in cells and get_source("cbs_kwb_2024").sha256 in cells
