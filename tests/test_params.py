"""The shared parameter registry type: defaults, validation with Dutch messages, docs table."""

from __future__ import annotations

import math

import pytest

from capacity.params import Parameter, ParameterSet

# Hand-made fixture (not data): two parameters, one sourced, one an assumption.
RATE = Parameter(
    "rate",
    "Tempo",
    "Rate",
    "per jaar",
    0.5,
    0.0,
    1.0,
    low=0.2,
    high=0.8,
    source="Voorbeeldbron",
    url="https://example.org",
    derivation="1/2",
)
STEPS = Parameter("steps", "Stappen", "Steps", "aantal", 3, 1, 10, assumption=True, integer=True)
FIXTURE = ParameterSet("fixture", (RATE, STEPS))


def test_defaults_and_overrides():
    assert FIXTURE.defaults() == {"rate": 0.5, "steps": 3}
    assert FIXTURE.resolve({"rate": 0.75}) == {"rate": 0.75, "steps": 3}
    assert FIXTURE.resolve(None) == FIXTURE.defaults()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nope": 1}, "onbekende parameter"),
        ({"rate": 1.5}, "buiten"),
        ({"rate": math.nan}, "buiten"),
        ({"rate": "snel"}, "getal"),
        ({"rate": True}, "getal"),
        ({"steps": 2.5}, "geheel"),
    ],
)
def test_bad_values_are_refused_in_dutch(overrides, message):
    with pytest.raises(ValueError, match=message):
        FIXTURE.resolve(overrides)


def test_source_lines_say_source_or_assumption():
    assert RATE.source_line_nl() == "Voorbeeldbron (https://example.org); afgeleid: 1/2"
    assert STEPS.source_line_nl() == "Aanname (geen bron gevonden)"


def test_registry_refuses_unsourced_or_out_of_range_entries():
    with pytest.raises(ValueError, match="source or assumption"):
        ParameterSet("x", (Parameter("a", "A", "A", "-", 1, 0, 2),))
    with pytest.raises(ValueError, match="outside its limits"):
        ParameterSet("x", (Parameter("a", "A", "A", "-", 5, 0, 2, assumption=True),))
    with pytest.raises(ValueError, match="duplicate"):
        ParameterSet("x", (STEPS, STEPS))


def test_table_has_one_row_per_parameter_with_range():
    table = FIXTURE.table().set_index("id")
    assert table.loc["rate", "bereik"] == "0.2–0.8" and table.loc["steps", "bereik"] == ""
    assert bool(table.loc["steps", "aanname"]) and not bool(table.loc["rate", "aanname"])
