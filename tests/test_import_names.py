"""Name/alias/code resolution (geodata.names) against the real 342 gemeente names."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.names import (
    ALIASES,
    normalise_code,
    normalise_codes,
    normalise_name,
    resolve_name,
    resolve_names,
    search_gemeenten,
)


@pytest.fixture(scope="module")
def names(kwb2024) -> pd.DataFrame:
    return kwb2024[["gemeentecode", "gemeentenaam"]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("'s-Gravenhage", "s gravenhage"),
        ("’S-GRAVENHAGE", "s gravenhage"),
        ("s Gravenhage", "s gravenhage"),
        ("Súdwest-Fryslân", "sudwest fryslan"),
        ("Hengelo (O.)", "hengelo (o)"),
        ("Hengelo (Overijssel)", "hengelo (o)"),
        ("Bergen (NH.)", "bergen (nh)"),
        ("Bergen (Noord-Holland)", "bergen (nh)"),
        ("  Den   Haag ", "den haag"),
        ("Nuenen, Gerwen en Nederwetten", "nuenen gerwen en nederwetten"),
    ],
)
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


def test_normalise_name_non_string_is_empty():
    assert normalise_name(None) == ""  # type: ignore[arg-type]
    assert normalise_name(363) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GM0363", "GM0363"),
        ("gm0363", "GM0363"),
        ("GM0363    ", "GM0363"),
        ("0363", "GM0363"),
        ("363", "GM0363"),
        (363, "GM0363"),
        (363.0, "GM0363"),
        ("GM 14", "GM0014"),
        ("GMXYZ", None),
        ("12345", None),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_normalise_code(raw, expected):
    assert normalise_code(raw) == expected


def test_normalise_codes_vectorised_matches_scalar():
    raw = pd.Series(["GM0363", " 0518 ", "14", "363.0", "abc", None])
    out = normalise_codes(raw)
    assert out.tolist()[:4] == ["GM0363", "GM0518", "GM0014", "GM0363"]
    assert out.isna().tolist()[4:] == [True, True]


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Den Haag", "'s-Gravenhage"),
        ("den bosch", "'s-Hertogenbosch"),
        ("s-Hertogenbosch", "'s-Hertogenbosch"),
        ("Hengelo", "Hengelo (O.)"),
        ("hengelo (o)", "Hengelo (O.)"),
        ("Bergen (NH)", "Bergen (NH.)"),
        ("Bergen NH", "Bergen (NH.)"),
        ("Stein L", "Stein (L.)"),
        ("Sudwest Fryslan", "Súdwest-Fryslân"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten"),
        ("AMSTERDAM", "Amsterdam"),
    ],
)
def test_resolve_name(typed, official, names):
    assert resolve_name(typed, names) == official


@pytest.mark.parametrize("typed", ["Bergen", "Atlantis", "", "Amsterdm", "Hengelo (Gld.)"])
def test_resolve_name_refuses_to_guess(typed, names):
    assert resolve_name(typed, names) is None


def test_resolve_names_reports_ambiguity(names):
    out = resolve_names(pd.Series(["Bergen", "Den Haag", "Utrecht"]), names["gemeentenaam"])
    assert out["how"].tolist() == ["ambigu", "alias", "exact"]
    assert set(out.at[0, "candidates"].split(" of ")) == {"Bergen (NH.)", "Bergen (L.)"}


def test_every_alias_points_to_an_official_name(names):
    assert set(ALIASES.values()) <= set(names["gemeentenaam"])


def test_every_official_name_resolves_to_itself(names):
    out = resolve_names(names["gemeentenaam"], names["gemeentenaam"])
    assert (out["official"] == names["gemeentenaam"]).all()


@pytest.mark.parametrize("query", ["GM0363", "0363", "363", "gm363"])
def test_search_by_code(query, names):
    out = search_gemeenten(query, names)
    assert out.iloc[0]["gemeentecode"] == "GM0363"
    assert out.iloc[0]["matched_on"] == "code"


def test_search_ranks_exact_then_substring(names):
    out = search_gemeenten("Groningen", names)
    assert out.iloc[0]["gemeentenaam"] == "Groningen"
    assert "Midden-Groningen" in out["gemeentenaam"].tolist()
    assert list(out.columns) == ["gemeentecode", "gemeentenaam", "matched_on", "score"]
    assert out["score"].is_monotonic_decreasing


def test_search_alias_substring_and_fuzzy(names):
    assert search_gemeenten("haag", names).iloc[0]["gemeentenaam"] == "'s-Gravenhage"
    assert search_gemeenten("Amsterdm", names).iloc[0]["gemeentenaam"] == "Amsterdam"


def test_search_prefix_lists_both_bergens(names):
    out = search_gemeenten("berg", names, limit=10)
    assert {"Bergen (NH.)", "Bergen (L.)", "Bergen op Zoom"} <= set(out["gemeentenaam"])
    assert len(search_gemeenten("berg", names, limit=2)) == 2


@pytest.mark.parametrize("query", ["", "   ", "zzzzzz"])
def test_search_nothing(query, names):
    assert search_gemeenten(query, names).empty


# --- former gemeenten (herindelingen) in the search: reviewer item 2 --------------------------------------


def test_former_names_and_codes_resolve_to_the_successor(names):
    from geodata.names import FORMER_MATCH, former_gemeenten

    # facts from geodata/reference/herindelingen.csv (CBS): Weesp GM0457 → Amsterdam, Brielle → Voorne aan Zee
    for query, code in (("Weesp", "GM0363"), ("GM0457", "GM0363"), ("brielle", "GM1992"), ("Haren", "GM0014")):
        out = search_gemeenten(query, names)
        assert out.iloc[0]["gemeentecode"] == code and out.iloc[0]["matched_on"] == FORMER_MATCH, query
    haaren = former_gemeenten("Haaren", names)  # split 2021 over four gemeenten
    assert set(haaren["gemeentenaam"]) == {"Oisterwijk", "Vught", "Boxtel", "Tilburg"}
    assert former_gemeenten("Amsterdam", names).empty  # a current gemeente is not "former"


def test_similarity_guess_ranks_below_a_former_name(names):
    from geodata.names import FUZZY_MATCH

    out = search_gemeenten("Haren", names)
    assert out.iloc[0]["gemeentenaam"] == "Groningen"
    laren = out[out["gemeentenaam"] == "Laren (NH.)"]
    assert laren.empty or laren["matched_on"].iloc[0] == FUZZY_MATCH
