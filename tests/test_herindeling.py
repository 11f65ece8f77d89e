"""Herindeling registry integrity and the old-code conversion rules (hand-computed examples)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geodata.herindeling import abolished_codes, convert_codes, herindelingen

# Net change in the number of gemeenten per herindeling date, from CBS's yearly counts
# (388 -> 380 on 1-1-2018, 380 -> 355 on 1-1-2019, 355 -> 352 on 1-1-2021,
#  352 -> 345 on 1-1-2022, 345 -> 344 on 24-3-2022 (Weesp), 344 -> 342 on 1-1-2023).
CBS_DECREASE = {"2018-01-01": 8, "2019-01-01": 25, "2021-01-01": 3, "2022-01-01": 7, "2022-03-24": 1, "2023-01-01": 2}


def test_registry_columns_and_types():
    table = herindelingen()
    assert list(table.columns) == ["datum", "oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam", "soort", "aandeel"]
    assert table["oude_code"].str.fullmatch(r"GM\d{4}").all()
    assert table["nieuwe_code"].str.fullmatch(r"GM\d{4}").all()
    assert set(table["soort"]) == {"samenvoeging", "splitsing"}


def test_successors_are_current_gemeenten_and_names_match(kwb2024):
    current = kwb2024.set_index("gemeentecode")["gemeentenaam"]
    table = herindelingen()
    assert table["nieuwe_code"].isin(current.index).all()
    assert (table["nieuwe_naam"].to_numpy() == current.reindex(table["nieuwe_code"]).to_numpy()).all()


def test_abolished_codes_are_not_current(kwb2024):
    assert not abolished_codes().index.isin(kwb2024["gemeentecode"]).any()


def test_net_change_per_date_matches_cbs_counts():
    table = herindelingen()
    for date, decrease in CBS_DECREASE.items():
        rows = table[table["datum"].astype(str) == date]
        gone = set(rows["oude_code"]) - set(rows["nieuwe_code"])
        created = set(rows["nieuwe_code"]) - set(rows["oude_code"])
        assert len(gone) - len(created) == decrease, date


def test_splits_have_no_invented_shares():
    table = herindelingen()
    splits = table[table["soort"] == "splitsing"]
    assert set(splits["oude_naam"]) == {"Littenseradiel", "Winsum", "Haaren"}
    assert splits["aandeel"].isna().all()  # no sourced CBS figures available: left empty on purpose
    assert table.loc[table["soort"] == "samenvoeging", "aandeel"].isna().all()


def _frame(values: dict[str, tuple[float, float]]) -> pd.DataFrame:
    out = pd.DataFrame.from_dict(values, orient="index", columns=["aantal", "pct"])
    out.index.name = "gemeentecode"
    return out


def test_current_file_is_untouched():
    frame = _frame({"GM0363": (5, 1.0), "GM0014": (7, 2.0)})
    out, messages = convert_codes(frame, ["aantal"])
    assert out is frame and messages == []


def test_merger_sums_counts_and_blanks_rates():
    # Groningen 2019 = Groningen + Haren + Ten Boer: 10 + 20 + 30 = 60 (by hand)
    frame = _frame({"GM0014": (10, 1.0), "GM0017": (20, 2.0), "GM0009": (30, 3.0), "GM0363": (5, 4.0)})
    out, messages = convert_codes(frame, ["aantal"])
    assert out.loc["GM0014", "aantal"] == 60
    assert np.isnan(out.loc["GM0014", "pct"])
    assert out.loc["GM0363"].tolist() == [5, 4.0]
    assert "GM0017" not in out.index and "GM0009" not in out.index
    texts = " | ".join(m for _, m in messages)
    assert "GM0017 (Haren) omgezet naar GM0014 (Groningen)" in texts
    assert "GM0009 (Ten Boer) omgezet naar GM0014 (Groningen)" in texts
    assert "'pct'" in texts


def test_merger_with_missing_part_gives_no_count():
    frame = _frame({"GM0014": (10, 1.0), "GM0017": (20, 2.0)})  # Ten Boer absent
    out, messages = convert_codes(frame, ["aantal"])
    assert np.isnan(out.loc["GM0014", "aantal"])
    assert any("ontbrekende delen: Ten Boer" in m for _, m in messages)


def test_new_gemeente_from_three_parts():
    # Voorne aan Zee 2023 = Brielle + Hellevoetsluis + Westvoorne: 1 + 2 + 4 = 7
    frame = _frame({"GM0501": (1, 0.1), "GM0530": (2, 0.2), "GM0614": (4, 0.3)})
    out, _ = convert_codes(frame, ["aantal"])
    assert out.index.tolist() == ["GM1992"]
    assert out.loc["GM1992", "aantal"] == 7


def test_split_without_shares_is_reported_not_converted():
    frame = _frame({"GM0788": (100, 1.0), "GM0855": (1000, 2.0), "GM0363": (5, 3.0)})
    out, messages = convert_codes(frame, ["aantal"])
    assert "GM0788" not in out.index
    assert np.isnan(out.loc["GM0855", "aantal"])  # Tilburg lacks Biezenmortel's unknown share
    assert out.loc["GM0363", "aantal"] == 5
    assert any(level == "warning" and "gesplitst" in m and "Haaren" in m for level, m in messages)


def test_old_and_new_code_together_is_an_error():
    frame = _frame({"GM0005": (1, 1.0), "GM1966": (2, 2.0)})
    _, messages = convert_codes(frame, ["aantal"])
    assert any(level == "error" and "GM1966" in m for level, m in messages)


@pytest.mark.parametrize("code", sorted(abolished_codes().index))
def test_every_abolished_code_is_converted_or_reported(code):
    frame = _frame({code: (1, 1.0)})
    out, messages = convert_codes(frame, ["aantal"])
    assert code not in out.index
    assert any(code in m for _, m in messages)
