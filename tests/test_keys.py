"""Allocation keys: registry documentation, hand-computed presets on a small labelled fixture, real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from capacity.indicators import INDICATORS
from capacity.keys import KEY_INPUTS, KEYS, get_key, key_markdown, key_shares, key_table, weighted_shares


# Hand-made fixture (NOT data): four fictitious gemeenten with round numbers so that shares can be
# worked out by hand.
@pytest.fixture
def toy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gemeentecode": ["GM0001", "GM0002", "GM0003", "GM0004"],
            "gemeentenaam": ["Aa", "Bb", "Cc", "Dd"],
            "aantal_inwoners": [10_000.0, 20_000.0, 30_000.0, 40_000.0],
            "woningvoorraad": [5_000.0, 8_000.0, 12_000.0, 15_000.0],
            "gemiddelde_woningwaarde": [400.0, 300.0, 250.0, 200.0],  # × € 1,000
            "oppervlakte_land_in_ha": [10_000.0, 2_000.0, 3_000.0, 5_000.0],
            "aantal_personen_met_een_ww_uitkering_totaal": [100.0, 200.0, 300.0, 800.0],
            "aantal_personen_met_een_alg_bijstandsuitkering_tot": [100.0, 400.0, 600.0, 900.0],
            "perc_geb_buiten_nl_met_herkomstlnd_buiten_europa": [2.0, 5.0, 10.0, 50.0],
            "percentage_personen_15_tot_25_jaar": [10.0, 10.0, 20.0, 10.0],
            "percentage_personen_25_tot_45_jaar": [30.0, 30.0, 30.0, 30.0],
            "percentage_personen_45_tot_65_jaar": [20.0, 20.0, 20.0, 20.0],
            "aantal_personen_met_een_ao_uitkering_totaal": [100.0, 200.0, 300.0, 300.0],
            "aantal_studenten_hbo": [100.0, 200.0, 3_000.0, 400.0],
            "aantal_studenten_wo": [0.0, 0.0, 3_000.0, 0.0],
        }
    )


POP = np.array([10_000, 20_000, 30_000, 40_000]) / 100_000  # population shares .1 .2 .3 .4


# --------------------------------------------------------------------------------------------------
# registry
# --------------------------------------------------------------------------------------------------
def test_registry_has_all_issue_presets():
    assert [k.id for k in KEYS] == [
        "population",
        "spreidingswet",
        "koenigstein",
        "eu2015",
        "denmark",
        "sweden",
        "norway",
        "nrw",
        "capacity",
        "custom",
    ]


def test_every_preset_is_documented_and_cites_its_source():
    for k in KEYS:
        assert k.label_nl and k.label_en and k.description_nl and k.formula_nl and k.reference
        if k.id not in ("capacity", "custom"):  # those are designs of this tool, not real systems
            assert "METHODS.md" in k.reference, k.id
        for p in k.params:
            assert p.min <= p.default <= p.max
            assert p.source_nl or p.assumption, (k.id, p.id)


def test_proxies_are_labelled_with_what_they_stand_for():
    proxy_ids = {i.id for i in KEY_INPUTS if i.is_proxy}
    assert {
        "fiscal_capacity",
        "unemployment",
        "past_reception",
        "immigrants",
        "integration_results",
        "ses_woa",
    } <= proxy_ids
    assert "population" not in proxy_ids
    for i in KEY_INPUTS:
        if i.is_proxy:
            assert i.proxy_for_en
    assert [p.id for p in get_key("koenigstein").proxies] == ["fiscal_capacity"]
    assert [p.id for p in get_key("population").proxies] == []
    assert "ses_woa" in [p.id for p in get_key("spreidingswet").proxies]


def test_key_table_renders_one_row_per_preset_with_proxies():
    table = key_table()
    assert list(table["id"]) == [k.id for k in KEYS]
    row = table.set_index("id").loc["koenigstein"]
    assert "proxy voor belastingkracht" in row["proxy's"]
    assert table.set_index("id").loc["spreidingswet", "niet geverifieerd"]


def test_key_markdown_names_formula_source_proxies_and_unverified():
    text = key_markdown("eu2015")
    assert "COM(2015) 240" in text and "Formule" in text
    assert text.count("- Proxy:") == 3
    assert "Niet geverifieerd" in text
    assert "stands for" in key_markdown("koenigstein", "en")


def test_unknown_key_names_the_choices():
    with pytest.raises(KeyError, match="koenigstein"):
        get_key("königstein")


# --------------------------------------------------------------------------------------------------
# hand-computed presets on the fixture
# --------------------------------------------------------------------------------------------------
def test_population_key_by_hand(toy):
    s = key_shares("population", toy)
    np.testing.assert_allclose(s.to_numpy(), [0.1, 0.2, 0.3, 0.4])
    assert list(s.index) == ["GM0001", "GM0002", "GM0003", "GM0004"]


def test_koenigstein_by_hand(toy):
    # WOZ totals (× €1,000 × 1,000): 2.0e9, 2.4e9, 3.0e9, 3.0e9 → Σ 10.4e9 → .19231, .23077, .28846, .28846
    woz = np.array([2.0, 2.4, 3.0, 3.0]) / 10.4
    # default: after equalisation, e = 0.8 pulls the tax term toward the population share
    s = key_shares("koenigstein", toy)
    np.testing.assert_allclose(s.to_numpy(), 2 / 3 * (0.2 * woz + 0.8 * POP) + 1 / 3 * POP)
    # variant before equalisation
    s0 = key_shares("koenigstein", toy, {"equalisation": 0})
    np.testing.assert_allclose(s0.to_numpy(), 2 / 3 * woz + 1 / 3 * POP)
    # editable weights: 50/50
    s2 = key_shares("koenigstein", toy, {"fiscal_capacity": 1, "population": 1, "equalisation": 0})
    np.testing.assert_allclose(s2.to_numpy(), 0.5 * woz + 0.5 * POP)
    assert s.attrs["proxies_used"] == ("fiscal_capacity",)


def test_denmark_by_hand(toy):
    # immigrants = inhabitants × % / 100: 200, 1,000, 3,000, 20,000 → Σ 24,200
    # share = pop − (imm − pop) = 2 × pop − imm: .2 − 200/24,200, .4 − 1,000/24,200, .6 − 3,000/24,200,
    # and .8 − 20,000/24,200 = .8 − .826 < 0 → 0; then renormalise
    raw = np.array([0.2 - 200 / 24_200, 0.4 - 1_000 / 24_200, 0.6 - 3_000 / 24_200, 0.0])
    s = key_shares("denmark", toy)
    np.testing.assert_allclose(s.to_numpy(), raw / raw.sum())
    assert s["GM0004"] == 0


def test_nrw_uplift_cap_by_hand(toy):
    # raw: 0.9 × pop + 0.1 × area (area shares .5 .1 .15 .25) = .14, .19, .285, .385
    # GM0001: .14 > 1.25 × .1 = .125 → capped at .125; excess .015 goes to the others by their keys:
    # others .19, .285, .385 (Σ .86) × (1 − .125)/.86 → .19331, .28997, .39172
    s = key_shares("nrw", toy)
    expected = [0.125, 0.19 * 0.875 / 0.86, 0.285 * 0.875 / 0.86, 0.385 * 0.875 / 0.86]
    np.testing.assert_allclose(s.to_numpy(), expected)
    assert s["GM0001"] <= 1.25 * 0.1 + 1e-12


def test_spreidingswet_with_imported_ses_woa_by_hand(toy):
    extra = pd.DataFrame({"gemeentecode": ["GM0001", "GM0002", "GM0003", "GM0004"], "ses_woa": [0.5, 0.0, -0.2, 0.1]})
    # weight = pop × (1 + SES): 10,000 × 1.5, 20,000 × 1, 30,000 × .8, 40,000 × 1.1 = 15k, 20k, 24k, 44k
    s = key_shares("spreidingswet", toy, extra=extra)
    np.testing.assert_allclose(s.to_numpy(), np.array([15, 20, 24, 44]) / 103)
    assert s.attrs["imported"] == ("ses_woa",) and s.attrs["proxies_used"] == ()


def test_spreidingswet_without_import_uses_labelled_proxy(toy):
    s = key_shares("spreidingswet", toy)
    assert s.attrs["proxies_used"] == ("ses_woa",)
    # GM0001 has the highest WOZ and the lowest benefits per inhabitant: it must gain against population
    assert s["GM0001"] > 0.1
    # strength 0 switches the correction off
    np.testing.assert_allclose(key_shares("spreidingswet", toy, {"strength": 0}).to_numpy(), POP)


def test_eu2015_inverse_criteria_capped_at_30_percent(toy):
    # WW per 1,000: 10, 10, 10, 20; national rate = 1,400 / 100,000 × 1,000 = 14
    # tilt = 14 / rate clipped to [0.7, 1.3]: 1.3 (1.4 capped), 1.3, 1.3, 0.7
    t_ww = np.array([1.3, 1.3, 1.3, 0.7])
    # past-reception proxy %: 2, 5, 10, 50; national = (200 + 1,000 + 3,000 + 20,000) / 100,000 × 100 = 24.2
    # tilt = 24.2 / % → 12.1, 4.84, 2.42, .484 → clipped 1.3, 1.3, 1.3, .7
    t_rec = np.array([1.3, 1.3, 1.3, 0.7])
    woz = np.array([2.0, 2.4, 3.0, 3.0]) / 10.4

    def tilt_share(t):
        x = POP * t
        return x / x.sum()

    expected = 0.4 * POP + 0.4 * woz + 0.1 * tilt_share(t_ww) + 0.1 * tilt_share(t_rec)
    np.testing.assert_allclose(key_shares("eu2015", toy).to_numpy(), expected)


def test_norway_threshold_excludes_small_gemeenten(toy):
    s = key_shares("norway", toy, {"min_population": 15_000})
    assert s["GM0001"] == 0
    assert s.sum() == pytest.approx(1.0)
    assert get_key("norway").default_floor == 10


def test_capacity_key_by_hand(toy):
    load = pd.Series([20.0, 50.0, 50.0, 80.0], index=toy["gemeentecode"])
    # weight = pop × ((100 − load)/100)^1: 10k × .8, 20k × .5, 30k × .5, 40k × .2 = 8k, 10k, 15k, 8k
    s = key_shares("capacity", toy, {"strength": 1.0}, load=load)
    np.testing.assert_allclose(s.to_numpy(), np.array([8, 10, 15, 8]) / 41)
    np.testing.assert_allclose(key_shares("capacity", toy, {"strength": 0.0}, load=load).to_numpy(), POP)


def test_custom_key_over_amounts_and_indicators(toy):
    # population + area, equal weights: .5 × pop + .5 × (.5, .1, .15, .25)
    s = key_shares("custom", toy, {"population": 1, "area": 1})
    np.testing.assert_allclose(s.to_numpy(), 0.5 * POP + 0.5 * np.array([0.5, 0.1, 0.15, 0.25]))
    # a load indicator (WW per 1,000, direction +1) tilts inversely: tilt = 14 / rate, cap ±50 %
    # → 1.4, 1.4, 1.4, 0.7 → x = pop × tilt = .14, .28, .42, .28 → / 1.12
    s2 = key_shares("custom", toy, {"ww_per_1000": 1})
    np.testing.assert_allclose(s2.to_numpy(), np.array([0.14, 0.28, 0.42, 0.28]) / 1.12)


OWN = "eigen: t / x"  # an uploaded column (ui.userdata.extra_indicators naming); values are hand-made


def _own(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({OWN: values}, index=pd.Index(["GM0001", "GM0002", "GM0003", "GM0004"], name="gemeentecode"))


def test_custom_key_weights_an_uploaded_capacity_column_by_hand(toy):
    # capacity column (direction −1) x = 2, 1, 1, 1: national ref = Σ x·pop / Σ pop = 11/10; tilt = x / 1.1
    # = 20/11 → capped at 1.5, then 10/11 ×3; pop × tilt = 15000, 200000/11, 300000/11, 400000/11
    # (sum 1065000/11) → 11/71, 40/213, 60/213, 80/213; equal weight with the population share
    s = key_shares("custom", toy, {"population": 1, OWN: 1}, extra=_own([2, 1, 1, 1]), user_directions={OWN: -1})
    np.testing.assert_allclose(s.to_numpy(), 0.5 * POP + 0.5 * np.array([33, 40, 60, 80]) / 213)
    assert "user:" + OWN in s.attrs["imported"]  # reported as imported, not as a proxy


def test_custom_key_weights_an_uploaded_load_column_inversely(toy):
    # load column (direction +1): tilt = 1.1 / x = .55, 1.1, 1.1, 1.1 (inside ±50 %) → 5500, 22000, 33000,
    # 44000 of 104500 → 11/209, 44/209, 66/209, 88/209
    s = key_shares("custom", toy, {OWN: 1}, extra=_own([2, 1, 1, 1]), user_directions={OWN: 1})
    np.testing.assert_allclose(s.to_numpy(), np.array([11, 44, 66, 88]) / 209)


@pytest.mark.parametrize(
    ("values", "message"), [([1, np.nan, 1, np.nan], "no value for 2 of 4"), ([1, -1, 1, 1], "negative values for 1")]
)
def test_uploaded_column_needs_a_non_negative_value_everywhere(toy, values, message):
    with pytest.raises(ValueError, match=message):
        key_shares("custom", toy, {OWN: 1}, extra=_own(values), user_directions={OWN: 1})


def test_uploaded_column_is_unknown_without_its_direction(toy):
    with pytest.raises(KeyError):
        key_shares("custom", toy, {OWN: 1}, extra=_own([1, 1, 1, 1]))


def test_weighted_shares_for_other_units():
    # two Länder: tax 300 and 100, population 10 and 30 → 2/3 × (.75, .25) + 1/3 × (.25, .75)
    table = pd.DataFrame({"tax": [300, 100], "pop": [10, 30]}, index=["A", "B"])
    s = weighted_shares(table, {"tax": 2 / 3, "pop": 1 / 3})
    np.testing.assert_allclose(s.to_numpy(), [2 / 3 * 0.75 + 1 / 3 * 0.25, 2 / 3 * 0.25 + 1 / 3 * 0.75])


# --------------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "params", "exc", "message"),
    [
        ("koenigstein", {"foo": 1}, KeyError, "no parameter"),
        ("population", {"population": 2}, KeyError, "no parameter"),
        ("koenigstein", {"population": -1}, ValueError, "≥ 0"),
        ("koenigstein", {"population": 0, "fiscal_capacity": 0}, ValueError, "positive"),
        ("capacity", {"strength": 99}, ValueError, "between"),
        ("custom", {"no_such_indicator": 1}, KeyError, "unknown indicator"),
    ],
)
def test_bad_params(toy, key, params, exc, message):
    with pytest.raises(exc, match=message):
        key_shares(key, toy, params, load=pd.Series(50.0, index=toy["gemeentecode"]))


def test_imported_column_must_cover_every_gemeente(toy):
    extra = pd.DataFrame({"gemeentecode": ["GM0001"], "ses_woa": [0.1]})
    with pytest.raises(ValueError, match="no value for 3 of 4"):
        key_shares("spreidingswet", toy, extra=extra)


def test_missing_population_is_a_clear_error(toy):
    broken = toy.assign(aantal_inwoners=[1.0, np.nan, 3.0, 4.0])
    with pytest.raises(ValueError, match="inhabitants missing"):
        key_shares("population", broken)


# --------------------------------------------------------------------------------------------------
# real data (CBS KWB 2024)
# --------------------------------------------------------------------------------------------------
def test_every_preset_runs_on_real_data(kwb2024):
    load = pd.Series(np.linspace(10, 90, len(kwb2024)), index=kwb2024["gemeentecode"])
    for k in KEYS:
        s = key_shares(k.id, kwb2024, load=load)
        assert len(s) == 342 and s.index.is_unique
        assert (s >= 0).all()
        assert s.sum() == pytest.approx(1.0, abs=1e-12)


def test_population_key_real_data_by_hand(kwb2024):
    # CBS KWB 2024: Amsterdam 931,298 inhabitants of 17,942,942 in total
    s = key_shares("population", kwb2024)
    assert s["GM0363"] == pytest.approx(931_298 / 17_942_942)


def test_norway_excludes_the_small_islands(kwb2024):
    s = key_shares("norway", kwb2024)
    small = kwb2024.loc[kwb2024["aantal_inwoners"] < 5000, "gemeentecode"]
    assert len(small) == 5 and (s[small] == 0).all()


def test_custom_accepts_every_registered_indicator(kwb2024):
    for ind in INDICATORS:
        s = key_shares("custom", kwb2024, {"population": 1, ind.id: 1})
        assert s.sum() == pytest.approx(1.0) and (s >= 0).all()


def test_shares_do_not_depend_on_row_order(kwb2024):
    shuffled = kwb2024.sample(frac=1.0, random_state=7)
    load = pd.Series(np.linspace(10, 90, len(kwb2024)), index=kwb2024["gemeentecode"])
    for k in KEYS:
        a = key_shares(k.id, kwb2024, load=load)
        b = key_shares(k.id, shuffled, load=load)
        pd.testing.assert_series_equal(a.sort_index(), b.sort_index(), check_exact=False, rtol=1e-12)


def test_engine_modules_do_not_import_streamlit():
    import subprocess
    import sys

    code = (
        "import sys, capacity.apportion, capacity.keys, capacity.allocation, capacity.needs, "
        "capacity.cli_allocate; sys.exit('streamlit' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_registry_texts_exist_in_english_too():
    for k in KEYS:
        assert len(k.unverified_en) == len(k.unverified), k.id
        for p in k.params:
            assert p.source_en, (k.id, p.id)
            assert p.source_line("en").startswith("Assumption") == p.assumption
    from capacity.keys import custom_choices

    assert custom_choices("en")["population"] == "Inhabitants" and custom_choices()["population"] == "Inwoners"
