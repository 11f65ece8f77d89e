"""The "Eigen data" page through Streamlit's AppTest: real uploads of the corpus files, column
set-up, role accessors, and that a rejected upload keeps the previous state.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geodata.importer import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bad_inputs"
PAGE = str(ROOT / "pages" / "eigen_data.py")


def _manifest() -> list[dict[str, str]]:
    with open(CORPUS / "manifest.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


# the page always uses the default size limit and only offers existing sheets
PAGE_CASES = [row for row in _manifest() if not row["max_bytes"] and row["file"] != "multi_sheet_wrong_choice.xlsx"]


def _mime(name: str) -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if name.endswith(".xlsx") else "text/csv"


def _report_text(at: AppTest) -> str:
    frames = [df.value for df in at.dataframe]
    if not frames:
        return ""
    return "\n".join(" | ".join(map(str, row)) for row in frames[0].itertuples(index=False))


@pytest.fixture(scope="module")
def app():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes, sheet: str = "") -> AppTest:
    at.file_uploader(key="eigen_data_file").upload(name, data, _mime(name))
    at.run()
    if sheet:
        at.selectbox(key="eigen_data_sheet").set_value(sheet)
        at.run()
    return at


def test_page_renders_empty_state(app):
    assert app.title[0].value == "Eigen data"
    assert len(app.file_uploader) == 1
    assert any("Nog geen eigen tabellen" in c.value for c in app.caption)


@pytest.mark.parametrize("case", PAGE_CASES, ids=[row["file"] for row in PAGE_CASES])
def test_corpus_through_the_upload_widget(app, case):
    before = dict(app.session_state["user_tables"]) if "user_tables" in app.session_state else {}
    at = _upload(app, case["file"], (CORPUS / case["file"]).read_bytes(), case["sheet"])
    assert not at.exception, [e.value for e in at.exception]
    report = _report_text(at)
    if case["ok"] == "1":
        assert any("Bestand ingelezen" in s.value for s in at.success)
        assert len(at.get("form_submit_button")) == 1
    elif case["file"] == "multi_sheet_no_choice.xlsx":
        assert any("Kies hierboven welk tabblad" in w.value for w in at.warning)
    else:
        assert any("Bestand afgewezen" in e.value for e in at.error)
    assert case["expect"] in report
    after = dict(at.session_state["user_tables"]) if "user_tables" in at.session_state else {}
    assert after.keys() == before.keys()  # an upload alone never changes the stored tables


def test_upload_configure_save_then_rejected_upload_keeps_state(kwb2024):
    from ui.userdata import ColumnMeta, pledges, realisation, ses_woa

    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    data = b"code;toezegging;score\nGM0363;12;0,5\nGM0518;3;-0,25\n"  # synthetic test values
    _upload(at, "eigen.csv", data)
    at.selectbox(key="ed_role_0").set_value("pledge")
    at.selectbox(key="ed_role_1").set_value("ses_woa")
    at.selectbox(key="ed_dir_1").set_value(-1)
    at.text_input(key="ed_unit_0").input("personen")
    at.text_input(key="ed_peil_1").input("2022")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    tables = at.session_state["user_tables"]
    assert list(tables) == ["eigen"]
    meta = tables["eigen"].meta
    assert meta["toezegging"] == ColumnMeta("toezegging", "personen", 1, "", "pledge")
    assert meta["score"] == ColumnMeta("score", "", -1, "2022", "ses_woa")
    state = {"user_tables": tables}
    assert pledges(state).to_dict() == {"GM0363": 12.0, "GM0518": 3.0}
    assert ses_woa(state).to_dict() == {"GM0363": 0.5, "GM0518": -0.25}
    assert realisation(state) is None
    assert any("de sleutel 'spreidingswet' heeft een waarde voor alle 342" in w.value for w in at.warning)

    _upload(at, "kapot.csv", (CORPUS / "duplicate_codes.csv").read_bytes())
    assert any("Bestand afgewezen" in e.value for e in at.error)
    assert list(at.session_state["user_tables"]) == ["eigen"]
    assert at.session_state["user_tables"]["eigen"].frame.equals(tables["eigen"].frame)
    assert "eigen" in [t.value for t in at.text]


def test_pledge_role_rejects_fractions():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    _upload(at, "f.csv", b"code;score\nGM0363;0,5\nGM0518;1,25\n")
    at.selectbox(key="ed_role_0").set_value("pledge")
    at.get("form_submit_button")[0].click()
    at.run()
    assert any("gehele getallen" in e.value for e in at.error)
    assert "user_tables" not in at.session_state or not at.session_state["user_tables"]


def test_too_large_upload_is_rejected_on_the_page():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    _upload(at, "groot.csv", b"code;aantal\n" + b"GM0363;1\n" * (MAX_BYTES // 9 + 10))
    assert any("Bestand afgewezen" in e.value for e in at.error)
    assert "de grens is 5 MB" in _report_text(at)


def test_user_text_is_never_rendered_as_markdown_or_html():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    evil = b"code;**vet** <img src=x onerror=alert(1)>\nGM0363;1\nGM0518;2\n"
    _upload(at, "<b>x</b>.csv", evil)
    assert not at.exception
    shown = [m.value for m in at.markdown] + [e.value for e in at.error] + [s.value for s in at.success]
    assert not any("onerror" in v or "<b>x</b>" in v for v in shown)
    assert any("onerror" in t.value for t in at.text)  # shown, but as plain text


def test_taakstelling_and_gerealiseerd_columns_become_the_previous_period():
    from ui.userdata import previous_period

    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    data = b"gemeente;taakstelling;gerealiseerd\nGM0363;120;100\nGM0518;30;45\n"  # synthetic test values
    _upload(at, "vorige_periode.csv", data)
    # the roles a StatLine/COA export means are pre-selected from the column names
    assert at.selectbox(key="ed_role_0").value == "target"
    assert at.selectbox(key="ed_role_1").value == "realisation"
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and not at.error
    prev = previous_period({"user_tables": at.session_state["user_tables"]})
    assert prev.to_dict("index") == {
        "GM0363": {"target": 120.0, "realised": 100.0},
        "GM0518": {"target": 30.0, "realised": 45.0},
    }
    assert not any("zowel de taakstelling als de realisatie" in w.value for w in at.warning)
    roles = set(at.dataframe[-1].value["Rol"])
    assert roles == {"Taakstelling vorige periode (personen)", "Realisatie vorige periode (personen)"}


# --- reviewer item 20 ----------------------------------------------------------------------------------


def test_upload_widget_limit_equals_the_importer_limit():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    # the page text says "Maximaal {MAX_BYTES in MB} MB"; the widget must not promise more
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def test_report_rows_without_a_row_number_are_blank_not_none():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    _upload(at, "ok.csv", b"code;aantal\nGM0363;1\nGM0518;2\n")
    report = at.dataframe[0].value
    rows = report["Rij"].tolist()
    assert "" in rows  # file-level messages (e.g. "n van 342 gemeenten hebben een waarde") have no row
    assert not any(r is None or str(r) in ("None", "<NA>", "nan") for r in rows)
