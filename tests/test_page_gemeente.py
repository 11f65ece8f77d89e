"""Gemeente page in AppTest: alias search, the profile blocks, and the scenario block."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.fmt import fmt_int
from ui.scenario import Scenario

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _open(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["page"] = "gemeente"
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _search(at: AppTest, text: str) -> AppTest:
    at.text_input(key="gemeente_query").input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_gemeente_asks_for_one():
    at = _open()
    assert not at.header
    assert any("kies een gemeente" in i.value.lower() for i in at.info)


@pytest.mark.parametrize(
    ("query", "code", "name"),
    [
        ("Den Haag", "GM0518", "'s-Gravenhage"),
        ("Den Bosch", "GM0796", "'s-Hertogenbosch"),
        ("Hengelo", "GM0164", "Hengelo (O.)"),
        ("amsterdam", "GM0363", "Amsterdam"),
        ("GM0344", "GM0344", "Utrecht"),
        ("haag", "GM0518", "'s-Gravenhage"),
    ],
)
def test_alias_search_opens_profile(query, code, name):
    at = _search(_open(), query)
    assert at.header[0].value == f"{name} ({code})"
    assert at.query_params["gemeente"] == code


def test_unknown_name_warns():
    at = _search(_open(gemeente="GM0363"), "Xyzzyvoort")
    assert any("Geen gemeente gevonden" in w.value for w in at.warning)
    assert at.header[0].value == "Amsterdam (GM0363)"  # the previous choice stays


def test_profile_blocks(kwb2024):
    at = _open(gemeente="GM0014")
    assert at.header[0].value == "Groningen (GM0014)"
    inhabitants = kwb2024.set_index("gemeentecode").loc["GM0014", "aantal_inwoners"]
    assert at.metric[0].value == fmt_int(inhabitants, "nl")
    # four load scores with a rank "rang N van 342"
    assert len(at.metric) >= 5
    assert sum("van 342" in c.value for c in at.caption) >= 4
    assert any("Onzekerheid van de rang" in m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert len(table) == 19 and "Gemiddelde provincie" in table.columns
    assert table["Dimensie"].str.endswith("(context)").sum() == 11  # shown, not scored
    assert any("Bron: CBS" in c.value for c in at.caption)
    charts = at.get("plotly_chart")
    assert len(charts) == 3  # locator map, rank interval, contributions
    assert not any("belasting" in m.value.lower() for m in (*at.markdown, *at.caption, *at.subheader))


def _bullets(at: AppTest, heading: str) -> list[str]:
    texts = [m.value for m in at.markdown]
    i = next(k for k, v in enumerate(texts) if heading in v)
    return [line.removeprefix("- ") for line in texts[i + 1].splitlines()]


def _plotly_values(x: object) -> list[float]:
    """Plotly ≥ 6 ships numeric arrays as base64 ("bdata"); plain lists otherwise."""
    import base64

    import numpy as np

    if isinstance(x, dict):
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"])).tolist()
    return list(x)


@pytest.mark.parametrize("code", ["GM0363", "GM0014", "GM1895"])
def test_contributions_and_lists_agree(code):
    """No contradiction: every "meeste druk" indicator has a bar right of 0, every "meeste ruimte" one
    left of 0 (the chart shows each indicator's weighted distance to the national median)."""
    import json

    from capacity.explain import explain
    from ui import data

    at = _open(gemeente=code)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    chart = next(c for c in specs if c["data"] and all(tr.get("type") == "bar" for tr in c["data"]))
    bars = {
        y.split(": ", 1)[1]: v
        for trace in chart["data"]
        for y, v in zip(trace["y"], _plotly_values(trace["x"]), strict=True)
    }
    weak, strong = _bullets(at, "Meeste druk"), _bullets(at, "Meeste ruimte")
    assert all(bars[label] > 0 for label in weak if label != "geen")
    assert all(bars[label] < 0 for label in strong if label != "geen")
    e = explain(data.scores(), code)
    assert weak == (e.weaknesses["label_nl"].tolist() or ["geen"])
    assert strong == (e.strengths["label_nl"].tolist() or ["geen"])


def test_similar_button_switches_gemeente():
    at = _open(gemeente="GM0014")
    buttons = [b for b in at.button if b.key and b.key.startswith("similar_")]
    assert len(buttons) == 5
    target = buttons[0].key.removeprefix("similar_")
    buttons[0].click().run()
    assert at.header[0].value.endswith(f"({target})")
    assert at.query_params["gemeente"] == target


def test_dropdown_change_changes_profile():
    at = _open(gemeente="GM0014")
    first = at.dataframe[0].value.iloc[:, 2].tolist()
    at.selectbox(key="gemeente_sel").set_value("GM0363").run()
    assert at.header[0].value == "Amsterdam (GM0363)"
    assert at.dataframe[0].value.iloc[:, 2].tolist() != first


def _allocated_metric(at: AppTest) -> int:
    return int({m.label: m.value for m in at.metric}["Toegewezen personen"].replace(".", ""))


def test_scenario_block_shows_default_scenario_before_richtgetal_was_visited(kwb2024):
    default = Scenario()
    at = _open(gemeente="GM0363")
    label = " ".join(i.value for i in at.info)
    assert "standaardscenario" in label and "pas aan op de pagina Richtgetal" in label
    assert fmt_int(default.total, "nl") + " personen" in label
    pop = kwb2024.set_index("gemeentecode")["aantal_inwoners"]
    # population key by hand: Amsterdam's quota, rounded by largest remainder (off by less than 1)
    assert abs(_allocated_metric(at) - default.total * pop["GM0363"] / pop.sum()) < 1
    assert any("Totaal in het scenario: " + fmt_int(default.total, "nl") in c.value for c in at.caption)


def test_scenario_block_follows_link_params(kwb2024):
    at = _open(gemeente="GM0363", total="12000")
    assert any("scenario uit de link: 12.000 personen" in i.value for i in at.info)
    pop = kwb2024.set_index("gemeentecode")["aantal_inwoners"]
    assert abs(_allocated_metric(at) - 12000 * pop["GM0363"] / pop.sum()) < 1


def test_scenario_block_uses_the_richtgetal_scenario_without_its_result(kwb2024):
    """The Richtgetal page stored a scenario but no result (e.g. the user left mid-way): compute that one."""
    from dataclasses import replace

    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"page": "gemeente", "gemeente": "GM0363"})
    at.session_state["scenario"] = replace(Scenario(), total=9000).to_dict()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("scenario van de pagina Richtgetal: 9.000 personen" in i.value for i in at.info)
    pop = kwb2024.set_index("gemeentecode")["aantal_inwoners"]
    assert abs(_allocated_metric(at) - 9000 * pop["GM0363"] / pop.sum()) < 1


def test_scenario_block_reads_session_result():
    at = _open(gemeente="GM0363")
    # labelled fixture, not data: a scenario row for Amsterdam only
    at.session_state["scenario_result"] = pd.DataFrame(
        {
            "allocated": [1200],
            "inwoners": [600_000],
            "dwellings": [480],
            "school_places_po": [150],
            "school_places_vo": [90],
            "inburgering_trajects": [700],
        },
        index=pd.Index(["GM0363"], name="gemeentecode"),
    )
    at.run()
    values = {m.label: m.value for m in at.metric}
    assert values["Toegewezen personen"] == "1.200"
    assert values["Benodigde woningen"] == "480"
    assert values["Inburgeringstrajecten"] == "700"
    # 1200 / 600000 × 1000 = 2,00 per 1.000; the fixture holds one gemeente, so national = the same
    assert any("Dat is 2,00 per 1.000 inwoners (landelijk 2,00)" in c.value for c in at.caption)
    assert not any("standaardscenario" in i.value for i in at.info)  # the session's scenario, unlabelled


def test_own_upload_gets_its_own_table():
    from ui.userdata import ColumnMeta, UserTable

    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"page": "gemeente", "gemeente": "GM0363"})
    # labelled fixture, not data: an uploaded indicator for two gemeenten
    frame = pd.DataFrame({"wachttijd": [2.5, 4.0]}, index=pd.Index(["GM0363", "GM0014"], name="gemeentecode"))
    meta = {"wachttijd": ColumnMeta("Wachttijd sociale huur", "jaar", 1, "1 januari 2025")}
    at.session_state["user_tables"] = {"wachtlijst": UserTable("wachtlijst", frame, meta, "wachtlijst.csv")}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Eigen data" in [s.value for s in at.subheader]
    own = next(d.value for d in at.dataframe if "Bestand (tabel)" in d.value.columns)
    row = own.iloc[0]
    assert row["Indicator"] == "Wachttijd sociale huur" and row["Waarde"] == "2,5 jaar"
    assert row["Rang (1 = hoogste)"] == "2 van 2"  # 4,0 (Groningen) > 2,5
    assert row["Peildatum"] == "1 januari 2025" and row["Bestand (tabel)"] == "wachtlijst.csv (wachtlijst)"
    assert any("niet door CBS gecontroleerd" in c.value for c in at.caption)


def test_no_own_table_without_upload():
    at = _open(gemeente="GM0363")
    assert "Eigen data" not in [s.value for s in at.subheader]


def test_english_profile():
    at = _open(gemeente="GM0363", lang="en")
    assert at.title[0].value == "Municipality"
    assert "Load scores" in [s.value for s in at.subheader]
    assert "Province average" in at.dataframe[0].value.columns
    inhabitants = at.metric[0].value
    assert "," in inhabitants and "." not in inhabitants  # English thousands grouping
    assert any(i.value.startswith(f"default scenario: {Scenario().total:,} persons") for i in at.info)
    assert "Allocated persons" in [m.label for m in at.metric]
    assert any(c.value.startswith("Averages over municipalities are weighted by inhabitants") for c in at.caption)


# --- reviewer items 1, 2, 4, 5 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code", "name"),
    [("Weesp", "GM0363", "Amsterdam"), ("Brielle", "GM1992", "Voorne aan Zee"), ("Haren", "GM0014", "Groningen")],
)
def test_former_name_opens_its_successor_with_a_note(query, code, name):
    # facts from geodata/reference/herindelingen.csv (CBS): Weesp → Amsterdam 24-3-2022, Brielle →
    # Voorne aan Zee 1-1-2023, Haren → Groningen 1-1-2019
    at = _search(_open(), query)
    assert at.header[0].value == f"{name} ({code})"
    note = " ".join(i.value for i in at.info)
    assert query in note and "bestaat niet meer" in note and name in note


def test_split_former_gemeente_offers_its_successors_without_opening_one():
    at = _search(_open(), "Haaren")  # split 1-1-2021 over Oisterwijk, Vught, Boxtel and Tilburg (CBS)
    assert not at.header
    note = " ".join(i.value for i in at.info)
    assert "opgedeeld" in note and all(n in note for n in ("Oisterwijk", "Vught", "Boxtel", "Tilburg"))
    labels = [b.label for b in at.button]
    assert {"Oisterwijk", "Vught", "Boxtel", "Tilburg"} <= set(labels)


def test_fuzzy_match_is_a_suggestion_not_an_opened_profile():
    at = _search(_open(gemeente="GM0363"), "Amstelveeen")  # typo: not certain, so nothing opens by itself
    assert at.header[0].value == "Amsterdam (GM0363)"  # the previous choice stays
    assert any("Bedoelde u" in w.value for w in at.warning)
    button = next(b for b in at.button if b.label == "Amstelveen")
    button.click().run()
    assert at.header[0].value == "Amstelveen (GM0362)"


def test_search_text_is_shown_as_plain_text():
    at = _search(_open(), "[**Klik hier**](http://evil.example)")
    bodies = [w.proto.body for w in at.warning]
    assert bodies and all("](http" not in b and "**" not in b for b in bodies), bodies


def _numbers(text: str) -> list[int]:
    import re

    return [int(x.replace(".", "")) for x in re.findall(r"\d[\d.]*", text)]


@pytest.mark.parametrize("code", ["GM0363", "GM0599", "GM0014", "GM0096"])  # GM0096 Vlieland: narrow interval
def test_rank_interval_is_explained_when_outside_or_wide(code):
    at = _open(gemeente=code)
    interval = next(m.value for m in at.markdown if "Onzekerheid van de rang" in m.value)
    lo, hi, _mid = _numbers(interval)[-3:]
    rank_caption = next(c.value for c in at.caption if c.value.startswith("rang "))
    rank, n = _numbers(rank_caption)
    expected = not lo <= rank <= hi or hi - lo + 1 > n / 2  # outside, or wider than half of all ranks
    notes = [c.value for c in at.caption if "onevenwichtig profiel" in c.value]
    assert bool(notes) == expected, (rank, lo, hi)
    if notes and not lo <= rank <= hi:
        assert f"De rang {rank} ligt buiten dit interval" in notes[0]


def test_scenario_of_the_session_is_labelled_and_put_in_the_link(kwb2024):
    from dataclasses import replace

    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"page": "gemeente", "gemeente": "GM0363"})
    scenario = replace(Scenario(), total=9000, key="koenigstein").validated()
    at.session_state["scenario"] = scenario.to_dict()
    # labelled fixture: the Richtgetal page's stored result, 5 persons for Amsterdam only
    at.session_state["scenario_result"] = pd.DataFrame(
        {"allocated": [5]}, index=pd.Index(["GM0363"], name="gemeentecode")
    )
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("scenario van de pagina Richtgetal: 9.000 personen" in i.value for i in at.info)
    assert at.query_params["total"] == "9000" and at.query_params["key"] == "koenigstein"
    # the link reopens that scenario in a fresh session
    fresh = _open(**{k: (v[0] if isinstance(v, list) else str(v)) for k, v in at.query_params.items() if k != "page"})
    assert any("scenario uit de link: 9.000 personen" in i.value for i in fresh.info)
