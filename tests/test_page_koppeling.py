"""Koppeling page in AppTest: defaults solve the workshop instance, link parameters, infeasible input, downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 300


def open_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page("pages/koppeling.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    return open_page()


def test_default_page_solves_the_workshop_instance(default_page):
    at = default_page
    assert not at.error, [e.value for e in at.error]
    result = at.session_state["koppeling_result"]
    assert result.totals["households"] == 9500 and result.gap < 0.005
    assert result.placement.groupby("cohort")["households"].sum().to_dict() == {
        "alleenstaand": 6000,
        "gezin": 2000,
        "stel": 1500,
    }
    labels = [m.label for m in at.metric]
    assert "Huishoudens geplaatst" in labels and "Afstand tot LP-grens" in labels
    texts = " ".join(m.value for m in at.markdown)
    assert "eerlijkheidsband kost" in texts and "Woningen zijn bindend" in texts  # costs in words, Dutch
    assert any("workshopvoorbeelden" in i.value for i in at.info)
    assert any("Bron: CBS" in c.value for c in at.caption)


def test_map_table_downloads_and_link(default_page):
    at = default_page
    assert at.radio(key="kp_map_var").options == [
        "Personen per 1.000 inwoners",
        "Verschil met de gewone sleutel (personen)",
    ]
    assert len(at.dataframe) >= 2  # per gemeente and per region
    assert {b.label for b in at.get("download_button")} >= {"Download CSV", "Download Excel (XLSX)"}
    link = at.code[0].value
    assert link.startswith("./koppeling?") and "m_band=0.5" in link and "m_gezin=2000" in link
    assert at.query_params["m_key"] == ["population"] or at.query_params["m_key"] == "population"


def test_link_parameters_are_applied_and_bad_ones_ignored():
    at = open_page({"m_band": "0.3", "m_key": "spreidingswet", "m_stel": "1000", "m_obj": "nonsense"})
    assert at.number_input(key="kp_band").value == pytest.approx(0.3)
    assert at.selectbox(key="kp_key").value == "spreidingswet"
    assert at.radio(key="kp_obj").value == "outcome"
    assert any("nonsense" in w.value and "genegeerd" in w.value for w in at.warning)
    result = at.session_state["koppeling_result"]
    assert result.placement.groupby("cohort")["households"].sum()["stel"] == 1000
    assert any("welvaartsproxy" in c.value for c in at.caption)  # which SES-WOA the key used is named


def test_infeasible_input_gives_one_clear_message():
    at = open_page({"m_alleenstaand": "100000"})
    assert len(at.error) == 1
    message = at.error[0].value
    assert "Geen plaatsing mogelijk" in message and "dwellings" in message
    assert "koppeling_result" not in at.session_state


def test_english_toggle():
    at = open_page({"lang": "en"})
    assert "Households placed" in [m.label for m in at.metric]
    assert any("Fairness band costs" in m.value or "fairness band costs" in m.value for m in at.markdown)


def test_cohort_rows_from_the_editor_never_raise():
    import numpy as np
    import pandas as pd

    from ui.koppeling import parse_cohorts

    cols = ["cohort", "households", "persons_per_household", "children_per_household"]
    good = pd.DataFrame([["gezin", 20, 4.2, 2.1], ["  ", 5, 1, 0], [None, None, None, None]], columns=cols)
    assert parse_cohorts(good) == ((("gezin", 20, 4.2, 2.1),), [])  # unnamed and empty rows skipped
    bad = pd.DataFrame(
        [
            ["a", 1.5, 1, 0],
            ["b", -1, 1, 0],
            ["c", 3, 0.5, 0],
            ["d", 3, 2, 2],
            ["e", "veel", 1, 0],
            ["f", np.inf, 1, 0],
            ["g", 2, 1, None],
        ],
        columns=cols,
    )
    cohorts, problems = parse_cohorts(bad)
    assert cohorts == (("g", 2, 1.0, 0.0),)
    assert len(problems) == 6 and all(p.startswith("Rij ") for p in problems)
    assert "heel getal" in problems[0] and "minstens 1" in problems[2] and "kinderen" in problems[3]
    assert parse_cohorts(pd.DataFrame([["x", 1, 1, 0], ["x", 2, 1, 0]], columns=cols))[1] == [
        "Een cohortnaam komt twee keer voor."
    ]
    assert parse_cohorts(pd.DataFrame(columns=cols))[1] == ["Geef minstens één cohort op."]
    many = pd.DataFrame([[f"c{i}", 1, 1, 0] for i in range(12)], columns=cols)
    assert "Hoogstens 10 cohorten." in parse_cohorts(many)[1]
