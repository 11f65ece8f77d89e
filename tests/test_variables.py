"""capacity.variables: the one registry of output, map and region variables."""

from __future__ import annotations

from capacity.scenario import Scenario
from capacity.scenario_compute import RESULT_COLUMNS, compute_scenario
from capacity.variables import RESULT_VARIABLES, SCORE_VARIABLES, result_columns, variables


def test_every_variable_is_complete():
    for v in variables().values():
        assert v.label_nl and v.label_en, v.id
        assert v.how in ("sum", "mean", "none"), v.id
        assert v.decimals >= -1, v.id
        assert v.how != "mean" or v.weight_column, v.id


def test_every_column_of_an_allocation_is_registered(kwb2024):
    s = Scenario(total=5000, key="koenigstein", key_b="population", cap_per_1000=5.0).validated()
    table = compute_scenario(s, kwb2024).table
    assert set(table.columns) <= set(RESULT_COLUMNS) | {"allocated_per_1000"}
    assert RESULT_COLUMNS == result_columns()  # the allocation table's headers are a view of the registry
    assert [v.id for v in RESULT_VARIABLES][:4] == ["gemeentenaam", "share", "quota", "allocated"]


def test_pages_take_labels_from_the_registry():
    from ui.maps import map_variables

    maps = map_variables()
    for v in SCORE_VARIABLES:
        assert maps[v.id] is v  # Kaart and Regio's show the same score labels
    assert all(maps[k].label_nl == variables()[k].label_nl for k in maps)
