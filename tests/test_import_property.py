"""Property test (issue #12): random bytes and random mutations of good corpus files always get a verdict
from the importer (and the pledges reader), never an exception, and no Python words in the report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.importer import ImportResult, InputError, Limits, read_table
from geodata.importer.simple import read_pledges

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
GOOD = sorted(p for p in CORPUS.iterdir() if p.name.startswith("ok_"))
SEEDS = [p.read_bytes() for p in GOOD]
NAMES = st.sampled_from(["t.csv", "t.xlsx", "t.txt", "t", "t.xlsm", "t.ods"])
# a small budget and limits keep every example fast; the verdict must still be a sentence
LIMITS = Limits(max_rows=400, max_cells=4000, time_budget_s=20)
PYTHON_WORDS = ("Traceback", "Error:", "Exception", "line ", ".py", "object at 0x")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from([b'"', b";", b"\n", b"\x00", "\u2212".encode(), b"1e400", b"#N/B"]))
        elif op == "delete" and data:
            del data[pos : pos + draw(st.integers(1, 20))]
        elif op == "truncate":
            del data[pos:]
        elif op == "duplicate" and data:
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 200))]
    return bytes(data)


def _check(result: ImportResult) -> None:
    assert isinstance(result, ImportResult)
    assert result.ok or result.errors() or result.frame.empty
    for message in result.report:
        assert not any(word in message.text for word in PYTHON_WORDS), message.text
    if result.ok:
        assert result.frame.index.str.fullmatch(r"GM\d{4}").all()
        assert all(str(t) == "float64" for t in result.frame.dtypes)


@SETTINGS
@given(data=st.binary(max_size=3000), name=NAMES)
def test_random_bytes_get_a_verdict(data, name):
    _check(read_table(data, name, limits=LIMITS))


@SETTINGS
@given(data=mutated(), name=NAMES)
def test_mutated_good_files_get_a_verdict(data, name):
    _check(read_table(data, name, limits=LIMITS))


@SETTINGS
@given(data=st.one_of(st.binary(max_size=500), mutated()))
def test_pledges_reader_raises_only_input_errors(data):
    try:
        read_pledges(data, pd.Index(["GM0363", "GM0518", "GM0014"]))
    except InputError as exc:
        assert not any(word in str(exc) for word in PYTHON_WORDS)
