"""ui.userdata: the session-state contract other pages read (hand-made frames, synthetic values)."""

from __future__ import annotations

import pandas as pd
import pytest

from ui.upload import ColumnChoice, handle_upload, save_table, table_name, validate_choices
from ui.userdata import (
    ColumnMeta,
    UserTable,
    extra_indicator_meta,
    extra_indicators,
    pledges,
    realisation,
    remove_table,
    ses_woa,
    store_table,
    user_tables,
)


def _table(name: str, cols: dict[str, list[float]], roles: dict[str, str]) -> UserTable:
    frame = pd.DataFrame(cols, index=pd.Index(["GM0363", "GM0518"], name="gemeentecode"))
    meta = {c: ColumnMeta(label=c.upper(), unit="u", direction=1, peildatum="2024", role=r) for c, r in roles.items()}
    return UserTable(name, frame, meta)


def test_empty_state_gives_none_everywhere():
    state: dict = {}
    assert user_tables(state) == {}
    assert ses_woa(state) is None and pledges(state) is None and realisation(state) is None
    assert extra_indicators(state) is None and extra_indicator_meta(state) == {}


def test_roles_are_found_and_latest_table_wins():
    state: dict = {}
    store_table(_table("a", {"s": [0.1, 0.2], "p": [5, 6]}, {"s": "ses_woa", "p": "pledge"}), state)
    store_table(_table("b", {"s2": [0.3, 0.4], "r": [1, 2]}, {"s2": "ses_woa", "r": "realisation"}), state)
    assert ses_woa(state).to_dict() == {"GM0363": 0.3, "GM0518": 0.4}
    assert pledges(state).to_dict() == {"GM0363": 5.0, "GM0518": 6.0}
    assert realisation(state).index.name == "gemeentecode"
    store_table(_table("a", {"s": [0.7, 0.8]}, {"s": "ses_woa"}), state)  # replacing moves "a" to the end
    assert list(user_tables(state)) == ["b", "a"]
    assert ses_woa(state).to_dict() == {"GM0363": 0.7, "GM0518": 0.8}
    remove_table("a", state)
    assert ses_woa(state).to_dict() == {"GM0363": 0.3, "GM0518": 0.4}


def test_extra_indicators_are_unique_across_tables():
    state: dict = {}
    store_table(_table("a", {"x": [1, 2]}, {"x": "indicator"}), state)
    store_table(_table("b", {"x": [3, 4]}, {"x": "indicator"}), state)
    out = extra_indicators(state)
    assert list(out.columns) == ["eigen: a / x", "eigen: b / x"]
    assert out.loc["GM0518", "eigen: b / x"] == 4
    assert extra_indicator_meta(state)["eigen: a / x"].label == "X"


def test_column_meta_validates():
    with pytest.raises(ValueError):
        ColumnMeta("x", direction=0)
    with pytest.raises(ValueError):
        ColumnMeta("x", role="eval")  # type: ignore[arg-type]


def test_handler_keeps_state_on_rejection():
    state: dict = {}
    ok = handle_upload(b"code;aantal\nGM0363;1\n", "a.csv", None, state)
    assert ok.ok and state["eigen_data_pending"] is ok
    bad = handle_upload(b"", "b.csv", None, state)
    assert not bad.ok
    assert state["eigen_data_pending"] is ok  # the rejected file did not replace the pending one
    assert state["eigen_data_last"] is bad  # but its report is what the page shows


def test_save_table_validates_roles_and_names():
    state: dict = {}
    result = handle_upload(b"code;aantal;score\nGM0363;1;0,5\nGM0518;2;-1\n", "x.csv", None, state)
    both = {"aantal": ColumnChoice(True, "Aantal", role="pledge"), "score": ColumnChoice(True, "Score", role="pledge")}
    assert any("meer dan één kolom" in e for e in validate_choices(result, both))
    assert any("gehele getallen" in e for e in validate_choices(result, both))
    assert save_table(result, {"aantal": ColumnChoice(False, "A")}, "x", state) == ["Kies minstens één kolom."]
    assert save_table(result, {"aantal": ColumnChoice(True, "A", role="pledge")}, "  ", state) == [
        "Geef de tabel een naam."
    ]
    assert "user_tables" not in state
    assert (
        save_table(
            result,
            {
                "aantal": ColumnChoice(True, "A", role="pledge"),
                "score": ColumnChoice(True, "S", direction=-1, role="ses_woa"),
            },
            "x",
            state,
        )
        == []
    )
    assert pledges(state).to_dict() == {"GM0363": 1.0, "GM0518": 2.0}
    assert ses_woa(state).to_dict() == {"GM0363": 0.5, "GM0518": -1.0}
    assert "eigen_data_pending" not in state
    assert table_name("x.csv", state) == "x (2)"


# --- previous period (achterstand/voorsprong) and role guesses -------------------------------------------


def test_previous_period_needs_target_and_realisation_and_may_combine_tables():
    from ui.userdata import previous_period

    state: dict = {}
    store_table(_table("t", {"taak": [100, 50]}, {"taak": "target"}), state)
    assert previous_period(state) is None  # a target alone says nothing about a backlog
    frame = pd.DataFrame({"real": [80.0]}, index=pd.Index(["GM0363"], name="gemeentecode"))
    store_table(UserTable("r", frame, {"real": ColumnMeta("R", role="realisation")}), state)
    prev = previous_period(state)
    assert list(prev.columns) == ["target", "realised"] and prev.index.name == "gemeentecode"
    assert prev.loc["GM0363"].tolist() == [100.0, 80.0]
    assert prev.loc["GM0518", "target"] == 50.0 and pd.isna(prev.loc["GM0518", "realised"])


def test_target_role_must_hold_whole_persons():
    state: dict = {}
    result = handle_upload(b"code;taakstelling\nGM0363;1,5\nGM0518;2\n", "t.csv", None, state)
    errors = validate_choices(result, {"taakstelling": ColumnChoice(True, "T", role="target")})
    assert any("gehele getallen" in e for e in errors)


@pytest.mark.parametrize(
    ("column", "role"),
    [
        ("Taakstelling 2024-II", "target"),
        ("gerealiseerd", "realisation"),
        ("Realisatie", "realisation"),
        ("toezegging", "pledge"),
        ("SES-WOA score", "ses_woa"),
        ("ses_woa", "ses_woa"),
        ("adressen", "indicator"),
        ("score", "indicator"),
        ("wachtlijst", "indicator"),
    ],
)
def test_role_is_preselected_from_the_column_name(column, role):
    from ui.upload import guess_role

    assert guess_role(column) == role


def test_coverage_warning_when_target_lacks_its_realisation():
    from ui.upload import coverage_warnings

    state: dict = {}
    table = _table("t", {"taak": [100, 50]}, {"taak": "target"})
    store_table(table, state)
    assert any("zowel de taakstelling als de realisatie" in w for w in coverage_warnings(table, state))
    store_table(_table("r", {"real": [1, 2]}, {"real": "realisation"}), state)
    assert coverage_warnings(table, state) == []
