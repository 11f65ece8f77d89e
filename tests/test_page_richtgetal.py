"""Richtgetal page: the scenario model (JSON, URL, presets, pledges) and the page in AppTest."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from capacity.export import to_xlsx_bytes
from ui import scenario as sc

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 120


def open_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page("pages/richtgetal.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def result(at: AppTest) -> pd.DataFrame:
    return at.session_state["scenario_result"]


# --- the scenario model (pure) -------------------------------------------------------------------------


def test_every_preset_is_a_valid_scenario_and_the_koenigstein_one_is_30000():
    by_id = {p.id: p.scenario() for p in sc.presets()}
    assert set(by_id) == {"inwoners", "koenigstein30k", "corridor"}
    assert by_id["koenigstein30k"].key == "koenigstein" and by_id["koenigstein30k"].total == 30_000
    assert by_id["corridor"].mode == "corridor" and (by_id["corridor"].low, by_id["corridor"].high) == (25_000, 35_000)
    assert by_id["inwoners"].key == "population"
    assert all("workshopvoorbeeld" in p.note_nl for p in sc.presets())  # totals are labelled as examples


def test_json_round_trip_keeps_every_field():
    s = sc.Scenario(
        mode="corridor",
        low=100,
        high=200,
        key="koenigstein",
        params=(("population", 0.5),),
        method="sainte-lague",
        floor=1,
        cap=50,
        cap_per_1000=3.5,
        key_b="population",
    ).validated()
    assert sc.scenario_from_json(sc.scenario_to_json(s)) == s
    assert sc.scenario_from_json(sc.scenario_to_json(s).encode("utf-8")) == s


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "geen geldige JSON"),
        (b"\xff\xfe\x00", "UTF-8"),
        (json.dumps({"kind": "iets anders"}).encode(), "geen scenariobestand"),
        (json.dumps({"kind": sc.JSON_KIND, "version": 99, "scenario": {}}).encode(), "versie"),
        (json.dumps({"kind": sc.JSON_KIND, "version": 1, "scenario": {"total": -5}}).encode(), "geheel getal"),
        (
            json.dumps({"kind": sc.JSON_KIND, "version": 1, "scenario": {"key": "__import__('os')"}}).encode(),
            "onbekende sleutel",
        ),
        (
            json.dumps({"kind": sc.JSON_KIND, "version": 1, "scenario": {"evil": 1}}).encode(),
            "onbekende scenariovelden",
        ),
        (
            json.dumps(
                {"kind": sc.JSON_KIND, "version": 1, "scenario": {"key": "population", "params": {"population": 2}}}
            ).encode(),
            "kent de parameter",
        ),
        (b" " * (sc.MAX_JSON_BYTES + 1), "te groot"),
    ],
)
def test_bad_scenario_files_are_rejected_with_a_dutch_reason(raw, reason):
    with pytest.raises(ValueError, match=reason):
        sc.scenario_from_json(raw)


def test_url_params_round_trip_and_bad_values_fall_back():
    s = sc.Scenario(total=12_345, key="koenigstein", params=(("fiscal_capacity", 0.5),), method="dhondt").validated()
    params = {k: v for k, v in sc.scenario_to_params(s).items() if v is not None}
    assert params == {"total": 12_345, "key": "koenigstein", "method": "dhondt", "kp_fiscal_capacity": 0.5}
    back, problems = sc.scenario_from_params({k: str(v) for k, v in params.items()})
    assert back == s and problems == []
    back, problems = sc.scenario_from_params({"total": "1e99", "key": "nope", "method": "dhondt"})
    assert back.total == sc.Scenario().total and back.key == "population" and back.method == "dhondt"
    assert len(problems) == 2


def test_share_link_contains_only_allow_listed_non_default_values():
    link = sc.share_link(sc.get_preset("koenigstein30k").scenario())
    assert link.startswith("./richtgetal?") and "key=koenigstein" in link and "total" not in link


def test_pledges_csv_parsing():
    codes = pd.Index(["GM0014", "GM0034", "GM0363"])
    s = sc.parse_pledges_csv(b"gemeentecode;toezegging\nGM0014;10\ngm0363;1.200\n", codes)
    assert s.to_dict() == {"GM0014": 10.0, "GM0363": 1200.0}
    for raw, reason in [
        (b"code;x\nGM0014;1\n", "ontbreken"),
        (b"gemeentecode;toezegging\nGM9999;1\n", "onbekende"),
        (b"gemeentecode;toezegging\nGM0014;-1\n", "heel getal"),
        (b"gemeentecode;toezegging\nGM0014;1\nGM0014;2\n", "dubbele"),
    ]:
        with pytest.raises(ValueError, match=reason):
            sc.parse_pledges_csv(raw, codes)


def test_implied_bounds_by_hand():
    pop = pd.Series([1000.0, 2500.0, 10_000.0], index=["a", "b", "c"])
    shares = pd.Series([0.2, 0.0, 0.8], index=["a", "b", "c"])
    b = sc.implied_bounds(sc.Scenario(floor=3, cap=20, cap_per_1000=2.0), pop, shares)
    assert b.sum_floors == 6  # 3 × the 2 gemeenten with a positive share, as the engine applies the floor
    assert b.sum_caps == 2 + 5 + 20  # min(20, ⌊2 × pop / 1000⌋) = 2, 5, 20


# --- the page --------------------------------------------------------------------------------------------


def test_default_page_allocates_the_total_exactly_with_a_source_line():
    at = open_page()
    table = result(at)
    assert len(table) == 342
    assert int(table["allocated"].sum()) == sc.DEFAULT_TOTAL
    assert (table["allocated"] == table["allocated"].round()).all()
    assert len(at.dataframe[1].value) == 342
    captions = " ".join(c.value for c in at.caption)
    assert "Bron: CBS" in captions and "peildatum" in captions
    assert any("scenario-invoer, geen gegeven" in i.value for i in at.info)
    labels = {b.label for b in at.download_button}
    assert {"Download CSV", "Download Excel (XLSX)", "Scenario downloaden (JSON)"} <= labels


def test_switching_key_changes_allocation_but_keeps_the_total_exact():
    at = open_page()
    before = result(at)["allocated"].copy()
    table_before = at.dataframe[1].value.copy()
    at.selectbox(key="sc_key").set_value("koenigstein").run()
    assert not at.exception
    after = result(at)["allocated"]
    assert int(after.sum()) == int(before.sum()) == sc.DEFAULT_TOTAL
    changed = (after != before.reindex(after.index)).sum()
    assert changed > 50  # a different key moves persons between many gemeenten
    assert not at.dataframe[1].value.equals(table_before)
    # the deviation column is this allocation minus the population-key allocation
    assert (result(at)["deviation_population"] == after - before.reindex(after.index)).all()
    assert at.query_params["key"] == ["koenigstein"] or at.query_params["key"] == "koenigstein"


def test_koenigstein_preset_then_xlsx_with_dutch_headers_and_a_link_that_reopens_it():
    at = open_page()
    at.button(key="sc_preset_koenigstein30k").click().run()
    assert not at.exception
    table = result(at)
    assert int(table["allocated"].sum()) == 30_000
    assert table.attrs["key"] == "koenigstein"
    # the XLSX the page offers: same pure functions, re-read with openpyxl
    raw = to_xlsx_bytes(sc.export_frame(table), sc.RESULT_HEADERS_NL, source_ids=["cbs_kwb_2024"])
    ws = openpyxl.load_workbook(io.BytesIO(raw))["Gegevens"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Gemeentecode", "Gemeente", "Aandeel (%)", "Quotum", "Toegewezen (personen)"]
    allocated = [ws.cell(row=r, column=5).value for r in range(2, 344)]
    assert all(isinstance(v, int) for v in allocated) and sum(allocated) == 30_000
    # the URL now carries the scenario; a new session with that URL shows the same allocation
    query = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert query.get("key") == "koenigstein"
    reopened = open_page(query)
    assert reopened.session_state["scenario"]["key"] == "koenigstein"
    pd.testing.assert_series_equal(result(reopened)["allocated"], table["allocated"])


def test_scenario_b_difference_and_corridor():
    at = open_page()
    at.selectbox(key="sc_keyb").set_value("koenigstein").run()
    table = result(at)
    assert (table["difference_b"] == table["allocated_b"] - table["allocated"]).all()
    assert int(table["difference_b"].sum()) == 0 and (table["difference_b"] != 0).any()
    at.radio(key="rg_map_var").set_value("difference_b").run()
    assert not at.exception
    at.button(key="sc_preset_corridor").click().run()
    table = result(at)
    assert int(table["allocated_low"].sum()) == 25_000 and int(table["allocated_high"].sum()) == 35_000
    assert (table["band"] == table["allocated_high"] - table["allocated_low"]).all()


def test_infeasible_floor_gives_a_dutch_error_naming_the_numbers():
    at = open_page()
    at.number_input(key="sc_total").set_value(1000).run()
    at.number_input(key="sc_floor").set_value(10).run()  # 342 × 10 = 3.420 > 1.000
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "3.420" in errors and "1.000" in errors and "minima" in errors
    assert "scenario_result" not in at.session_state  # no stale result for the other pages
    at.number_input(key="sc_floor").set_value(2).run()  # 684 ≤ 1.000: feasible again
    assert not at.error and int(result(at)["allocated"].sum()) == 1000
    assert (result(at)["allocated"] >= 2).all()


def test_norway_3400_with_its_floor_computes_exactly_as_the_cli(capsys):
    """Regression: the population comparison run used to inherit Norway's floor (342 × 10 = 3.420 > 3.400)
    and the page reported the scenario infeasible while the CLI allocates it."""
    from capacity.cli import main

    assert main(["allocate", "--total", "3400", "--key", "norway"]) == 0
    cli = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("gemeentecode")["allocated"]
    at = open_page({"key": "norway", "total": "3400"})
    assert at.session_state["sc_floor"] == 10  # the key's own floor, as the CLI applies it
    assert not at.error, [e.value for e in at.error]
    page = result(at)["allocated"]
    assert int(page.sum()) == 3400
    pd.testing.assert_series_equal(page.astype(int).sort_index(), cli.astype(int).sort_index(), check_names=False)


def test_json_upload_restores_a_scenario_and_bad_json_keeps_the_previous_one():
    at = open_page()
    good = sc.scenario_to_json(sc.Scenario(total=4321, key="koenigstein").validated()).encode()
    at.file_uploader(key=sc.JSON_UPLOAD_KEY).set_value(("s.json", good, "application/json")).run()
    assert not at.exception
    assert int(result(at)["allocated"].sum()) == 4321 and at.session_state["scenario"]["key"] == "koenigstein"
    at.file_uploader(key=sc.JSON_UPLOAD_KEY).set_value(("bad.json", b"{oops", "application/json")).run()
    assert not at.exception
    assert any("niet geladen" in e.value for e in at.error)
    assert int(result(at)["allocated"].sum()) == 4321  # previous state kept


def test_pledges_from_the_page_uploader_are_honoured():
    at = open_page()
    at.file_uploader(key="rg_pledge_upload").set_value(
        ("p.csv", b"gemeentecode;toezegging\nGM0014;999\n", "text/csv")
    ).run()
    at.checkbox(key="sc_pledges").check().run()
    assert not at.exception
    table = result(at)
    assert table.loc["GM0014", "allocated"] == 999 and int(table["allocated"].sum()) == sc.DEFAULT_TOTAL
    assert np.isnan(table.loc["GM0034", "pledge"])


def test_custom_key_weights_come_back_from_a_link():
    at = open_page({"key": "custom", "kp_population": "1", "kp_woz_waarde": "1"})
    assert at.session_state["scenario"]["params"] == {"population": 1.0, "woz_waarde": 1.0}
    assert sorted(at.multiselect(key="sc_custom_inputs").value) == ["population", "woz_waarde"]
    table = result(at)
    assert int(table["allocated"].sum()) == sc.DEFAULT_TOTAL
    assert (table["deviation_population"] != 0).any()  # the WOZ tilt moves persons away from the population key
    at.number_input(key="sc_p_custom_woz_waarde").set_value(0.0).run()  # weight 0: back to the population key
    assert (result(at)["deviation_population"] == 0).all()


def test_a_bad_link_value_is_ignored_with_a_warning():
    at = open_page({"key": "koenigstein", "total": "-5"})
    assert at.session_state["scenario"]["key"] == "koenigstein"
    assert at.session_state["scenario"]["total"] == sc.DEFAULT_TOTAL
    # link values are shown as plain text (Markdown-escaped in the element body)
    assert any("total=-5" in re.sub(r"\\(.)", r"\1", w.value) for w in at.warning)


def test_every_key_preset_computes_on_the_page_with_an_exact_total():
    at = open_page()
    for key in sc.key_ids():
        at.selectbox(key="sc_key").set_value(key).run()
        assert not at.exception, (key, [e.value for e in at.exception])
        assert not at.error, (key, [e.value for e in at.error])
        assert int(result(at)["allocated"].sum()) == sc.DEFAULT_TOTAL, key
        assert result(at).attrs["key"] == key


# --- previous period, Norway floor, incomplete SES-WOA, own columns, link, English ------------------------

PREVIOUS = {"GM0014": (100, 80), "GM0034": (50, 70)}  # hand-made test values (target, realised), not data


def _previous_table():
    from ui.userdata import ColumnMeta, UserTable

    frame = pd.DataFrame(
        {"taakstelling": [v[0] for v in PREVIOUS.values()], "gerealiseerd": [v[1] for v in PREVIOUS.values()]},
        index=pd.Index(list(PREVIOUS), name="gemeentecode"),
        dtype=float,
    )
    meta = {
        "taakstelling": ColumnMeta("Taakstelling", role="target"),
        "gerealiseerd": ColumnMeta("Gerealiseerd", role="realisation"),
    }
    return UserTable("vorige periode", frame, meta)


def _with_tables(*tables, lang: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["user_tables"] = {t.name: t for t in tables}
    if lang:
        at.session_state["lang"] = lang
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page("pages/richtgetal.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_scenario_carries_the_previous_period_flags_through_json_and_url():
    s = sc.Scenario(use_previous=True, carry_surplus=False).validated()
    assert sc.scenario_from_json(sc.scenario_to_json(s)) == s
    params = {k: v for k, v in sc.scenario_to_params(s).items() if v is not None}
    assert params == {"prev": True, "surplus": False}
    assert sc.scenario_from_params({"prev": "1", "surplus": "0"})[0] == s
    with pytest.raises(ValueError, match="waar of onwaar"):
        sc.Scenario(carry_surplus="ja").validated()  # type: ignore[arg-type]


def test_compute_scenario_adds_backlog_and_needs_follow_the_new_target(kwb2024):
    from capacity.needs import compute_needs

    previous = pd.DataFrame(
        {"target": [100.0, 50.0], "realised": [80.0, 70.0]}, index=pd.Index(["GM0014", "GM0034"], name="gemeentecode")
    )
    on = sc.compute_scenario(sc.Scenario(use_previous=True).validated(), kwb2024, previous=previous).table
    # by hand: GM0014 100 − 80 = +20 achterstand, GM0034 50 − 70 = −20 voorsprong, others 0
    assert on.loc["GM0014", "backlog"] == 20 and on.loc["GM0034", "backlog"] == -20
    assert on.loc["GM0014", "target"] == on.loc["GM0014", "allocated"] + 20
    assert on.loc["GM0034", "previous_realised"] == 70 and np.isnan(on.loc["GM0363", "previous_target"])
    assert int(on["allocated"].sum()) == sc.DEFAULT_TOTAL and int(on["target"].sum()) == sc.DEFAULT_TOTAL + 20 - 20
    pd.testing.assert_series_equal(
        on["dwellings"], compute_needs(on["target"].astype(float))["dwellings"], check_names=False
    )
    off = sc.compute_scenario(
        sc.Scenario(use_previous=True, carry_surplus=False).validated(), kwb2024, previous=previous
    ).table
    assert off.loc["GM0034", "backlog"] == 0 and int(off["target"].sum()) == sc.DEFAULT_TOTAL + 20
    plain = sc.compute_scenario(sc.Scenario().validated(), kwb2024, previous=previous).table  # flag off
    assert "backlog" not in plain.columns


def test_previous_period_on_the_page_shows_target_backlog_and_allocation():
    at = _with_tables(_previous_table())
    assert "backlog" not in result(at).columns  # offered, not applied until ticked
    at.checkbox(key="sc_previous").check().run()
    table = result(at)
    assert table.loc["GM0014", "backlog"] == 20 and table.loc["GM0034", "backlog"] == -20
    headers = list(at.dataframe[1].value.columns)  # [0] is the table beside the map
    for h in (
        "Toegewezen (personen)",
        "Taakstelling vorige periode",
        "Gerealiseerd vorige periode",
        "Achterstand (+) / voorsprong (−)",
        "Nieuwe taakstelling incl. achterstand",
    ):
        assert h in headers
    assert any("Nieuwe taakstelling" in m.label for m in at.metric)
    assert at.query_params["prev"] in (["1"], "1")
    surplus = at.checkbox(key="sc_surplus")
    assert "niet geverifieerd" in surplus.label and not surplus.disabled  # the surplus switch stays visible
    surplus.uncheck().run()
    table = result(at)
    assert table.loc["GM0034", "backlog"] == 0 and int(table["target"].sum()) == sc.DEFAULT_TOTAL + 20


def test_previous_period_switch_is_disabled_without_an_upload():
    at = open_page()
    assert at.checkbox(key="sc_previous").disabled


def test_norway_key_prefills_its_floor_and_matches_the_cli(tmp_path):
    from capacity.cli import main

    at = open_page()
    at.selectbox(key="sc_key").set_value("norway").run()
    assert at.number_input(key="sc_floor").value == 10
    page = result(at)["allocated"]
    out = tmp_path / "norway.csv"
    assert main(["allocate", "--total", str(sc.DEFAULT_TOTAL), "--key", "norway", "--output", str(out)]) == 0
    cli = pd.read_csv(out, dtype={"gemeentecode": str}).set_index("gemeentecode")["allocated"]
    pd.testing.assert_series_equal(page.sort_index(), cli.sort_index(), check_names=False, check_dtype=False)
    assert (page[page > 0] >= 10).all()
    # the link reopens it with the floor; an explicit floor 0 survives the link
    assert "floor" not in at.query_params
    at.number_input(key="sc_floor").set_value(0).run()
    assert at.query_params["floor"] in (["0"], "0")
    assert sc.scenario_from_params({"key": "norway"})[0].floor == 10
    assert sc.scenario_from_params({"key": "norway", "floor": "0"})[0].floor == 0
    # leaving the key resets a floor that still equals its default
    at.number_input(key="sc_floor").set_value(10).run()
    at.selectbox(key="sc_key").set_value("population").run()
    assert at.number_input(key="sc_floor").value == 0 and result(at)["allocated"].min() < 10


def test_incomplete_ses_woa_falls_back_to_the_proxy_with_a_dutch_message(kwb2024):
    from ui.userdata import ColumnMeta, UserTable

    frame = pd.DataFrame({"ses": [0.5, -0.25]}, index=pd.Index(["GM0363", "GM0518"], name="gemeentecode"))
    partial = UserTable("ses", frame, {"ses": ColumnMeta("SES", role="ses_woa")})  # synthetic test values
    at = _with_tables(partial)
    at.selectbox(key="sc_key").set_value("spreidingswet").run()
    assert not at.exception and not at.error
    assert any("geen waarde voor 340 van de 342 gemeenten" in w.value for w in at.warning)
    proxy = sc.compute_scenario(sc.Scenario(key="spreidingswet").validated(), kwb2024).table["allocated"]
    pd.testing.assert_series_equal(result(at)["allocated"], proxy)


def test_build_extra_keeps_complete_ses_and_own_columns():
    codes = pd.Index(["GM0001", "GM0002"])
    full = sc.build_extra(
        codes, pd.Series([0.1, 0.2], index=codes), pd.DataFrame({"eigen: a / x": [1.0]}, index=["GM0002"])
    )
    assert full.ses_used and full.ses_missing == 0
    assert list(full.extra.columns) == ["ses_woa", "eigen: a / x"] and np.isnan(
        full.extra.loc["GM0001", "eigen: a / x"]
    )
    part = sc.build_extra(codes, pd.Series([0.1], index=["GM0001"]))
    assert part.ses_missing == 1 and not part.ses_used and part.extra is None


def _own_column(kwb: pd.DataFrame, codes: list[str] | None = None):
    """An uploaded capacity column with hand-made values 1, 2, 3, 1, 2, 3, … (synthetic, not data)."""
    from ui.userdata import ColumnMeta, UserTable

    index = pd.Index(codes if codes is not None else list(kwb["gemeentecode"]), name="gemeentecode")
    frame = pd.DataFrame({"ruimte": (np.arange(len(index)) % 3 + 1).astype(float)}, index=index)
    return UserTable("eigen", frame, {"ruimte": ColumnMeta("Ruimte", direction=-1)})


def test_custom_key_can_weight_an_uploaded_column(kwb2024):
    own = "eigen: eigen / ruimte"
    at = _with_tables(_own_column(kwb2024))
    at.selectbox(key="sc_key").set_value("custom").run()
    select = at.multiselect(key="sc_custom_inputs")
    assert own in select.options or any("Ruimte" in o for o in select.options)
    select.set_value(["population", own]).run()
    assert not at.exception and not at.error
    assert at.session_state["scenario"]["params"] == {"population": 1.0, own: 1.0}
    table = result(at)
    assert int(table["allocated"].sum()) == sc.DEFAULT_TOTAL and (table["deviation_population"] != 0).any()
    codes = list(kwb2024["gemeentecode"])
    # value 3 (index 2) tilts up, value 1 (index 0) tilts down, relative to the population key
    assert table.loc[codes[2], "deviation_population"] > 0 > table.loc[codes[0], "deviation_population"]
    assert not any(k.startswith("kp_eigen") for k in at.query_params)  # session data stays out of the link


def test_custom_key_over_an_incomplete_upload_names_the_missing_gemeenten(kwb2024):
    own = "eigen: eigen / ruimte"
    at = _with_tables(_own_column(kwb2024, ["GM0363", "GM0518"]))
    at.selectbox(key="sc_key").set_value("custom").run()
    at.multiselect(key="sc_custom_inputs").set_value(["population", own]).run()
    assert not at.exception
    assert any("geen waarde voor 340 van de 342 gemeenten" in e.value for e in at.error)
    assert "scenario_result" not in at.session_state


def test_user_column_problems_by_hand():
    s = sc.Scenario(key="custom", params=(("eigen: a / x", 1.0),)).validated()
    extra = pd.DataFrame({"eigen: a / x": [1.0, -2.0, np.nan]}, index=["A", "B", "C"])
    problems = sc.user_column_problems(s, extra, {"eigen: a / x": "X"})
    assert len(problems) == 2 and "1 van de 3" in problems[0] and "negatieve waarden bij 1" in problems[1]
    assert "niet (meer) geüpload" in sc.user_column_problems(s, None, {})[0]
    assert sc.user_column_problems(sc.Scenario().validated(), extra, {}) == []
    with pytest.raises(ValueError, match="kent de parameter"):  # own columns only in the custom key
        sc.Scenario(key="koenigstein", params=(("eigen: a / x", 1.0),)).validated()


def test_absolute_share_link():
    rel = "./richtgetal?key=koenigstein"
    assert (
        sc.absolute_link(rel, "http://localhost:8501/richtgetal") == "http://localhost:8501/richtgetal?key=koenigstein"
    )
    assert (
        sc.absolute_link(rel, "https://example.org/app/richtgetal")
        == "https://example.org/app/richtgetal?key=koenigstein"
    )
    assert sc.absolute_link(rel, "http://localhost:8501") == "http://localhost:8501/richtgetal?key=koenigstein"
    assert sc.absolute_link(rel, None) == rel and sc.absolute_link(rel, "javascript:alert(1)") == rel


def test_english_page_has_no_dutch_labels():
    at = _with_tables(_previous_table(), lang="en")
    at.checkbox(key="sc_previous").check().run()
    assert not at.exception
    labels = [
        w.label
        for kind in (
            "selectbox",
            "number_input",
            "checkbox",
            "radio",
            "multiselect",
            "button",
            "download_button",
            "file_uploader",
        )
        for w in at.get(kind)
    ]
    labels += [m.label for m in at.metric] + [s.value for s in at.subheader]
    labels += list(at.dataframe[1].value.columns) + list(at.dataframe[2].value.columns)
    dutch = (
        "Toon",
        "Verdeel",
        "personen",
        "Toegewezen",
        "Achterstand",
        "Taakstelling",
        "meetellen",
        "Regio",
        "Gemeenten met",
        "Woningen",
        "Inwoners",
        "Sleutel",
        "Soort",
        "Afronding",
        "Minimum",
    )
    offenders = [lbl for lbl in labels if any(re.search(rf"\b{d}\b", lbl) for d in dutch)]
    assert offenders == [], offenders
    assert any("backlog" in m.label for m in at.metric) and any("Allocated" in lbl for lbl in labels)


# --- reviewer items 1, 8, 10, 18, 19, 21 -----------------------------------------------------------------


def _bodies(elements) -> list[str]:
    return [e.proto.body for e in elements]


def test_markdown_link_in_a_url_value_is_shown_as_plain_text():
    at = open_page({"key": "[**Klik hier**](http://evil.example/x)"})
    bodies = [b for b in _bodies(at.warning) if "Klik" in b]
    assert bodies, _bodies(at.warning)
    assert all("](http" not in b and "**" not in b for b in bodies)
    assert r"\[\*\*Klik hier\*\*\]" in bodies[0]


def test_markdown_image_in_a_scenario_file_is_shown_as_plain_text():
    at = open_page()
    doc = {"kind": sc.JSON_KIND, "version": sc.JSON_VERSION, "scenario": {"total": "![x](http://evil.example/p.png)"}}
    at.file_uploader(key=sc.JSON_UPLOAD_KEY).set_value(("s.json", json.dumps(doc).encode(), "application/json")).run()
    assert not at.exception
    errors = [b for b in _bodies(at.error) if "niet geladen" in b]
    assert errors and "![x](" not in errors[0] and r"\!\[x\]" in errors[0]


def test_a_rejected_scenario_file_error_does_not_outlive_the_next_action():
    at = open_page()
    at.file_uploader(key=sc.JSON_UPLOAD_KEY).set_value(("bad.json", b"{oops", "application/json")).run()
    assert any("niet geladen" in e.value for e in at.error)
    at.number_input(key="sc_total").set_value(12_000).run()  # a later, successful action
    assert not any("niet geladen" in e.value for e in at.error)
    assert int(result(at)["allocated"].sum()) == 12_000


def test_impossible_floor_from_a_link_is_explained_in_dutch_only():
    at = open_page({"floor": "99999"})
    text = " ".join(e.value for e in at.error)
    # by hand: 342 gemeenten × 99.999 = 34.199.658 > 30.000 (default total); no cap → "onbegrensd"
    assert "34.199.658" in text and "30.000" in text and "onbegrensd" in text
    assert "sum of floors" not in text and "–" not in text and "exceeds" not in text


def test_key_parameter_outside_the_widget_range_is_reported_not_clamped():
    bounds = sc.param_bounds("spreidingswet")
    lo, hi = bounds["strength"]
    at = open_page({"key": "spreidingswet", "kp_strength": "1000"})
    assert not at.exception
    assert any(
        "Linkparameter genegeerd" in w.value and "kp_strength=1000" in re.sub(r"\\(.)", r"\1", w.value)
        for w in at.warning
    )
    assert "strength" not in at.session_state["scenario"]["params"]  # the key's own default is used
    with pytest.raises(ValueError, match="strength"):
        sc.Scenario(key="spreidingswet", params=(("strength", hi + 1),)).validated()
    assert sc.Scenario(key="spreidingswet", params=(("strength", hi),)).validated().key_params == {"strength": hi}
    assert lo <= hi


def test_decimal_widgets_never_show_three_decimals():
    assert sc.decimal_format(0.5) == "%.1f"  # "12.5", not "12.500"
    assert sc.decimal_format(0.05) == "%.2f"
    assert sc.decimal_format(0.01) == "%.2f"
    at = open_page({"key": "spreidingswet"})
    formats = {n.label: n.proto.format for n in at.number_input if n.proto.format}
    assert formats and not any(f == "%.3f" for f in formats.values()), formats


def test_proxy_warning_and_export_notes_name_only_the_chosen_keys_proxy(monkeypatch):
    import ui.export

    seen: dict[str, list[str]] = {}
    real = ui.export.table_downloads

    def recorder(frame, **kw):
        seen[kw["key"]] = list(kw.get("notes", ()))
        return real(frame, **kw)

    monkeypatch.setattr(ui.export, "table_downloads", recorder)
    at = open_page()
    at.button(key="sc_preset_koenigstein30k").click().run()
    warning = " ".join(w.value for w in at.warning if "proxy" in w.value)
    assert "belastingopbrengst" in warning and "WOZ" in warning
    assert "bbp" not in warning and "EU-sleutel" not in warning  # the EU key's proxy meaning is not this key's
    notes = " ".join(seen["rg_dl"])
    assert (
        "Königsteiner Schlüssel (NL-proxy): belastingkracht (belastingopbrengst) benaderd door Totale WOZ-waarde"
        in notes
        and "(proxy)" in notes
    )
    # unverified points and modelling assumptions of the key go into the export's Bron sheet too (#15)
    assert "Niet geverifieerd — Königsteiner Schlüssel (NL-proxy): De verevening is gemodelleerd" in notes
    assert "Aanname — Königsteiner Schlüssel (NL-proxy): equalisation = 0.8" in notes


def test_a_cap_keeps_its_section_open_and_the_surplus_switch_is_hidden_until_it_applies():
    """The infeasibility message may advise raising the maximum only while that control is visible."""
    at = open_page()
    assert "sc_surplus" not in [c.key for c in at.checkbox]  # no ticked, greyed "unverified" box by default
    bounds = next(e for e in at.expander if "Minimum en maximum" in e.label)
    assert not bounds.proto.expanded
    at.number_input(key="sc_cap").set_value(10).run()  # 342 × 10 = 3.420 < 30.000
    errors = " ".join(e.value for e in at.error)
    assert "3.420" in errors
    bounds = next(e for e in at.expander if "Minimum en maximum" in e.label)
    assert bounds.proto.expanded and at.number_input(key="sc_floor").value == 0
