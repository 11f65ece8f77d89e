"""Allocation keys: one engine, a declarative registry of presets modelled on keys in real use.

A key turns key-figure data into a share per gemeente (non-negative, summing to 1):

1. weighted shares of its inputs, share_i = Σ_k w_k · x_ik / Σ_j x_jk (weights renormalised to sum 1).
   An *amount* input (inhabitants, total WOZ value, land area) enters as it is. A *rate* input
   (WW-uitkeringen per 1,000, …) enters as a tilt on population: x_ik = inhabitants_i · t_ik with
   t = rate / national rate (``tilt``) or national rate / rate (``inverse_tilt``), optionally clipped to
   [1 − cap, 1 + cap] — this is how "10 % unemployment, inverse, capped at 30 %" is made concrete;
2. optional corrections: multiplicative (welfare score, capacity), subtractive with a floor at zero
   (Denmark), an uplift cap with redistribution (NRW), an eligibility threshold (Norway);
3. renormalisation to sum 1.

Sources of each preset: ``docs/METHODS.md`` (section "Allocation keys in use"). Dutch data cannot
supply every input the real keys use, so some inputs are *proxies*; every proxy says what it stands in
for (``KeyInput.proxy_for_nl``) and every preset lists the proxies it uses (``KeyPreset.proxies``), so the
method page can be generated from this registry. Where a formula is inferred rather than read in a primary
text, the preset says so in ``unverified``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from capacity.indicators import INDICATORS, KWB_2024, get_indicator

METHODS_REF = "docs/METHODS.md, 'Allocation keys in use'"
INHABITANTS = "aantal_inwoners"

InputKind = Literal["amount", "rate", "score"]
Transform = Literal["share", "tilt", "inverse_tilt"]
CorrectionKind = Literal["welfare", "subtract_excess", "uplift_cap", "min_population", "capacity"]


# --------------------------------------------------------------------------------------------------
# registry types
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyInput:
    """One quantity a key can use; ``proxy_for_nl`` non-empty means it is a Dutch proxy for another."""

    id: str
    label_nl: str
    label_en: str
    unit_nl: str
    kind: InputKind
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    factor: float = 1.0
    proxy_for_nl: str = ""
    proxy_for_en: str = ""
    extra_column: str | None = None  # column of an imported table that replaces the proxy when present
    source_id: str = KWB_2024
    note_nl: str = ""

    @property
    def is_proxy(self) -> bool:
        return bool(self.proxy_for_nl)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.numerator + self.denominator

    def formula_nl(self) -> str:
        if not self.numerator:
            return self.note_nl
        num = " × ".join(self.numerator)
        if self.factor != 1:
            num = f"{self.factor:g} × {num}"
        return f"{num} / {' × '.join(self.denominator)}" if self.denominator else num


@dataclass(frozen=True)
class KeyComponent:
    """An input with its weight in a preset and how it enters (see module docstring)."""

    input: str
    weight: float
    transform: Transform = "share"
    cap: float | None = None  # max relative deviation of a tilt, e.g. 0.3 = ±30 %


@dataclass(frozen=True)
class Correction:
    kind: CorrectionKind
    input: str | None = None
    label_nl: str = ""


@dataclass(frozen=True)
class KeyParam:
    """A tunable scalar of a preset; ``source_nl`` names its origin, or it is an assumption (aanname)."""

    id: str
    label_nl: str
    label_en: str
    default: float
    min: float
    max: float
    source_nl: str = ""
    assumption: bool = False
    source_en: str = ""

    def source_line_nl(self) -> str:
        if self.assumption:
            return "Aanname" + (f" ({self.source_nl})" if self.source_nl else " (geen bron)")
        return self.source_nl

    def source_line(self, lang: str = "nl") -> str:
        """Origin in the UI language (English falls back to the Dutch text when none is given)."""
        if lang != "en":
            return self.source_line_nl()
        text = self.source_en or self.source_nl
        if self.assumption:
            return "Assumption" + (f" ({text})" if text else " (no source)")
        return text


@dataclass(frozen=True)
class KeyPreset:
    id: str
    label_nl: str
    label_en: str
    description_nl: str
    description_en: str
    formula_nl: str
    inputs: tuple[KeyComponent, ...]
    reference: str
    corrections: tuple[Correction, ...] = ()
    params: tuple[KeyParam, ...] = ()
    unverified: tuple[str, ...] = ()
    default_floor: int | None = None  # a minimum per gemeente that belongs to the real key (Norway)
    weights_editable: bool = True
    unverified_en: tuple[str, ...] = ()  # English of ``unverified`` (same points, same order)

    @property
    def input_ids(self) -> tuple[str, ...]:
        ids = [c.input for c in self.inputs] + [c.input for c in self.corrections if c.input]
        return tuple(dict.fromkeys(ids))

    @property
    def proxies(self) -> tuple[KeyInput, ...]:
        """The inputs of this preset that are Dutch proxies (derived from the input registry)."""
        return tuple(get_input(i) for i in self.input_ids if i in _INPUTS and get_input(i).is_proxy)

    @property
    def default_weights(self) -> dict[str, float]:
        return {c.input: c.weight for c in self.inputs}

    @property
    def default_params(self) -> dict[str, float]:
        return {p.id: p.default for p in self.params}


# --------------------------------------------------------------------------------------------------
# input registry
# --------------------------------------------------------------------------------------------------
KEY_INPUTS: tuple[KeyInput, ...] = (
    KeyInput("population", "Inwoners", "Inhabitants", "personen", "amount", (INHABITANTS,)),
    KeyInput(
        "fiscal_capacity",
        "Totale WOZ-waarde (OZB-grondslag)",
        "Total WOZ value (property-tax base)",
        "euro",
        "amount",
        ("woningvoorraad", "gemiddelde_woningwaarde"),
        (),
        1000.0,
        proxy_for_nl="belastingkracht (Königsteiner Schlüssel: belastinginkomsten) en bbp (EU-sleutel 2015)",
        proxy_for_en="fiscal capacity (Königstein key: tax revenue) and GDP (EU 2015 key)",
        note_nl="Woningvoorraad × gemiddelde WOZ-waarde (× € 1.000): alleen woningen, zonder niet-woningen.",
    ),
    KeyInput(
        "area",
        "Landoppervlakte",
        "Land area",
        "ha",
        "amount",
        ("oppervlakte_land_in_ha",),
        note_nl="Landoppervlakte zonder water (FlüAG NRW spreekt van Fläche).",
    ),
    KeyInput(
        "unemployment",
        "WW-uitkeringen per 1.000 inwoners",
        "Unemployment benefits per 1,000 inhabitants",
        "per 1.000 inwoners",
        "rate",
        ("aantal_personen_met_een_ww_uitkering_totaal",),
        (INHABITANTS,),
        1000.0,
        proxy_for_nl="werkloosheidspercentage / arbeidsmarktsituatie",
        proxy_for_en="unemployment rate / labour-market situation",
    ),
    KeyInput(
        "past_reception",
        "Geboren buiten Nederland, herkomst buiten Europa",
        "Born abroad, origin outside Europe",
        "% van de inwoners",
        "rate",
        ("perc_geb_buiten_nl_met_herkomstlnd_buiten_europa",),
        proxy_for_nl="eerdere asielopvang (asielaanvragen en hervestiging per inwoner)",
        proxy_for_en="past asylum reception (applications and resettlement per inhabitant)",
        extra_column="opvang_per_1000",
        note_nl="Geïmporteerde kolom 'opvang_per_1000' (opgevangen personen per 1.000 inwoners) vervangt de proxy.",
    ),
    KeyInput(
        "immigrants",
        "Inwoners geboren buiten Nederland met herkomst buiten Europa",
        "Residents born abroad with origin outside Europe",
        "personen",
        "amount",
        (INHABITANTS, "perc_geb_buiten_nl_met_herkomstlnd_buiten_europa"),
        (),
        0.01,
        proxy_for_nl="niet-westerse immigranten en vluchtelingen (Deense verdeelsleutel)",
        proxy_for_en="non-Western immigrants and refugees (Danish key)",
        extra_column="immigranten",
        note_nl="CBS gebruikt sinds 2022 geen indeling westers/niet-westers meer; 'buiten Europa' is de naaste.",
    ),
    KeyInput(
        "integration_results",
        "Bijstandsuitkeringen per 1.000 inwoners",
        "Social-assistance benefits per 1,000 inhabitants",
        "per 1.000 inwoners",
        "rate",
        ("aantal_personen_met_een_alg_bijstandsuitkering_tot",),
        (INHABITANTS,),
        1000.0,
        proxy_for_nl="resultaten van het introductieprogramma (Noorwegen: uitstroom naar werk of opleiding)",
        proxy_for_en="introduction-programme results (Norway: transition to work or education)",
    ),
    KeyInput(
        "ses_woa",
        "Welvaartsscore (SES-WOA)",
        "Welfare score (SES-WOA)",
        "score",
        "score",
        proxy_for_nl="CBS SES-WOA (welvaart, opleiding, arbeidsverleden); niet in de datamap",
        proxy_for_en="CBS SES-WOA (welfare, education, labour history); not in the data mirror",
        extra_column="ses_woa",
        note_nl="Proxy: gemiddelde z-score van gemiddelde WOZ-waarde, −bijstand per 1.000 en −WW per 1.000 "
        "inwoners, × schaal. Geïmporteerde kolom 'ses_woa' vervangt de proxy.",
    ),
    KeyInput(
        "load",
        "Totale belastingscore (0–100)",
        "Total load score (0–100)",
        "score 0–100",
        "score",
        source_id="capacity.scoring",
        note_nl="total_load uit de scoremodule van dit dashboard (samengestelde index, KWB 2024).",
    ),
)
_INPUTS = {i.id: i for i in KEY_INPUTS}


def get_input(input_id: str) -> KeyInput:
    try:
        return _INPUTS[input_id]
    except KeyError:
        raise KeyError(f"unknown key input {input_id!r}; known: {sorted(_INPUTS)}") from None


# --------------------------------------------------------------------------------------------------
# preset registry
# --------------------------------------------------------------------------------------------------
_P_STRENGTH_SES = KeyParam(
    "strength",
    "Sterkte welvaartscorrectie",
    "Strength of welfare correction",
    1.0,
    0.0,
    3.0,
    "Spreidingswet: gewicht = inwoners × (1 + SES-WOA) (afgeleid, zie METHODS.md)",
    source_en="Dispersal Act: weight = inhabitants × (1 + SES-WOA) (inferred, see METHODS.md)",
)
_P_PROXY_SCALE = KeyParam(
    "proxy_scale",
    "Schaal van de welvaartsproxy",
    "Scale of the welfare proxy",
    0.12,
    0.0,
    0.5,
    "gekozen zodat de proxy in dezelfde orde ligt als de gerapporteerde correctie Bloemendaal 128 → 172 "
    "(+34 %); alleen gebruikt zonder geïmporteerde SES-WOA",
    assumption=True,
    source_en="chosen so that the proxy is of the order of the reported correction Bloemendaal 128 → 172 (+34 %); "
    "only used without an imported SES-WOA",
)

KEYS: tuple[KeyPreset, ...] = (
    KeyPreset(
        "population",
        "Inwonertal (taakstelling vergunninghouders)",
        "Population (Dutch status-holder task)",
        "Aandeel in het aantal inwoners, zoals de halfjaarlijkse taakstelling huisvesting vergunninghouders "
        "(Huisvestingswet 2014).",
        "Share of inhabitants, as in the Dutch half-yearly task to house status holders (Huisvestingswet 2014).",
        "aandeel_i = inwoners_i / Σ inwoners",
        (KeyComponent("population", 1.0),),
        f"Huisvestingswet 2014; rijksoverheid.nl 'verdeling vergunninghouders over gemeenten'; {METHODS_REF}",
        unverified=("Exacte CBS-peildatum en afrondingsregel van de taakstelling: niet geverifieerd.",),
        unverified_en=("Exact CBS reference date and rounding rule of the task: unverified.",),
        weights_editable=False,
    ),
    KeyPreset(
        "spreidingswet",
        "Spreidingswet (inwoners × welvaart)",
        "Dispersal Act (population × welfare)",
        "Aandeel inwoners, gecorrigeerd met de SES-WOA-score van CBS: rijkere gemeenten vangen meer op. "
        "Zonder geïmporteerde SES-WOA wordt een als proxy gelabelde welvaartsscore gebruikt.",
        "Population share corrected by the CBS SES-WOA score: richer gemeenten host more. Without an "
        "imported SES-WOA column a labelled welfare proxy is used.",
        "gewicht_i = inwoners_i × max(0, 1 + sterkte × SES_i); aandeel = gewicht / Σ gewicht",
        (KeyComponent("population", 1.0),),
        f"Spreidingswet (Stb. 2024, 13), amendement Van Dijk (okt. 2023); {METHODS_REF}",
        corrections=(Correction("welfare", "ses_woa", "welvaartscorrectie"),),
        params=(_P_STRENGTH_SES, _P_PROXY_SCALE),
        unverified=("Formule afgeleid uit gerapporteerde uitkomsten, niet gezien in de primaire tekst.",),
        unverified_en=("Formula inferred from reported outcomes, not seen in the primary text.",),
        weights_editable=False,
    ),
    KeyPreset(
        "koenigstein",
        "Königsteiner Schlüssel (NL-proxy)",
        "Königstein key (Dutch proxy)",
        "2/3 belastingkracht + 1/3 inwoners, zoals de Duitse verdeling over de Länder. Belastingkracht is hier "
        "benaderd met de OZB-grondslag (totale WOZ-waarde van woningen). Gewichten aanpasbaar.",
        "2/3 fiscal capacity + 1/3 population, as the German key over the Länder. Fiscal capacity is "
        "approximated by the property-tax base (total WOZ value of dwellings). Weights editable.",
        "aandeel_i = 2/3 × WOZ_i / Σ WOZ + 1/3 × inwoners_i / Σ inwoners",
        (KeyComponent("fiscal_capacity", 2 / 3), KeyComponent("population", 1 / 3)),
        f"Königsteiner Schlüssel (GWK; bamf.de; DIW Wochenbericht 18/2023); {METHODS_REF}",
        unverified=("Exacte belastinglijst en afronding van het laatste decimaal: niet geverifieerd.",),
        unverified_en=("Exact list of taxes and rounding of the last decimal: unverified.",),
    ),
    KeyPreset(
        "eu2015",
        "EU-herplaatsingssleutel 2015",
        "EU relocation key 2015",
        "40 % inwoners, 40 % economische draagkracht, 10 % werkloosheid en 10 % eerdere opvang (beide omgekeerd: "
        "meer werkloosheid of opvang geeft minder), elke omgekeerde correctie begrensd op 30 %.",
        "40 % population, 40 % economic capacity, 10 % unemployment and 10 % past reception (both inverse), "
        "each inverse correction capped at 30 %.",
        "aandeel_i = 0,4 × inw_i/Σinw + 0,4 × WOZ_i/Σ WOZ + 0,1 × inw_i·k(WW)_i/Σ + 0,1 × inw_i·k(opvang)_i/Σ, "
        "k = clip(landelijk / lokaal, 0,7, 1,3)",
        (
            KeyComponent("population", 0.4),
            KeyComponent("fiscal_capacity", 0.4),
            KeyComponent("unemployment", 0.1, "inverse_tilt", 0.3),
            KeyComponent("past_reception", 0.1, "inverse_tilt", 0.3),
        ),
        f"COM(2015) 240, bijlage; Grech (2017), European Union Politics; {METHODS_REF}",
        unverified=(
            "De bijlage geeft geen gesloten formule; de uitwerking van de 30 %-grens als begrensde kanteling "
            "ten opzichte van het inwoneraandeel is een eigen interpretatie.",
        ),
        unverified_en=(
            "The annex gives no closed formula; reading the 30 % limit as a capped tilt against the "
            "population share is this tool's interpretation.",
        ),
    ),
    KeyPreset(
        "denmark",
        "Deense sleutel",
        "Danish key",
        "Inwoneraandeel min het teveel aan inwoners met een migratieachtergrond buiten Europa "
        "(aandeel immigranten − inwoneraandeel), negatief wordt nul, daarna hernormaliseren.",
        "Population share minus the excess share of residents with a non-European migration background, "
        "floored at zero, then renormalised.",
        "aandeel_i = max(0, inw_aandeel_i − sterkte × (immigranten_aandeel_i − inw_aandeel_i))",
        (KeyComponent("population", 1.0),),
        f"Bekendtgørelse nr. 550 (2022), § 4; {METHODS_REF}",
        corrections=(Correction("subtract_excess", "immigrants", "teveel-aandeel immigranten"),),
        params=(
            KeyParam(
                "strength",
                "Sterkte aftrek",
                "Strength of subtraction",
                1.0,
                0.0,
                2.0,
                "bekendtgørelse nr. 550 (2022) § 4: factor 1",
                source_en="bekendtgørelse no. 550 (2022) § 4: factor 1",
            ),
        ),
        unverified=("De Deense gezinsherenigingscorrectie is weggelaten (geen Nederlandse gegevens).",),
        unverified_en=("The Danish family-reunification correction is left out (no Dutch data).",),
        weights_editable=False,
    ),
    KeyPreset(
        "sweden",
        "Zweedse sleutel",
        "Swedish key",
        "43 % arbeidsmarkt, 37 % inwoners, 20 % asielopvang (omgekeerd: wie al veel opving krijgt minder).",
        "43 % labour market, 37 % population, 20 % asylum reception (inverse).",
        "aandeel_i = 0,43 × inw_i·(landelijk WW / WW_i)/Σ + 0,37 × inw_i/Σinw + 0,20 × inw_i·(landelijk/opvang_i)/Σ",
        (
            KeyComponent("unemployment", 0.43, "inverse_tilt"),
            KeyComponent("population", 0.37),
            KeyComponent("past_reception", 0.20, "inverse_tilt"),
        ),
        f"Bosättningslagen (2016:38), länstal 2019; {METHODS_REF}",
        unverified=("De Zweedse sleutel verdeelt over provincies (län); toepassing op gemeenten is een analogie.",),
        unverified_en=("The Swedish key divides over counties (län); applying it to gemeenten is an analogy.",),
    ),
    KeyPreset(
        "norway",
        "Noorse sleutel (IMDi)",
        "Norwegian key (IMDi)",
        "70 % omvang (inwoners), 20 % arbeidsmarkt, 10 % integratieresultaten; alleen gemeenten vanaf 5.000 "
        "inwoners; minimaal 10 personen per gevraagde gemeente.",
        "70 % size, 20 % labour market, 10 % integration results; only gemeenten with at least 5,000 "
        "inhabitants; at least 10 persons each.",
        "aandeel_i = 0,7 × inw_i/Σ + 0,2 × inw_i·(landelijk WW/WW_i)/Σ + 0,1 × inw_i·(landelijk/bijstand_i)/Σ "
        "(alleen inwoners ≥ 5.000)",
        (
            KeyComponent("population", 0.7),
            KeyComponent("unemployment", 0.2, "inverse_tilt"),
            KeyComponent("integration_results", 0.1, "inverse_tilt"),
        ),
        f"IMDi (2018); {METHODS_REF}",
        corrections=(Correction("min_population", "population", "alleen gemeenten vanaf de drempel"),),
        params=(
            KeyParam(
                "min_population",
                "Drempel inwoners",
                "Inhabitant threshold",
                5000,
                0,
                100000,
                "IMDi (2018): alleen gemeenten ≥ 5.000 inwoners",
                source_en="IMDi (2018): only gemeenten ≥ 5,000 inhabitants",
            ),
        ),
        default_floor=10,
    ),
    KeyPreset(
        "nrw",
        "Noordrijn-Westfalen (FlüAG § 3)",
        "North Rhine-Westphalia (FlüAG § 3)",
        "90 % inwoners + 10 % oppervlakte; de oppervlakte mag het aandeel van een gemeente met hoogstens 25 % "
        "verhogen ten opzichte van haar inwoneraandeel; het teveel gaat naar de anderen naar rato.",
        "90 % population + 10 % area; the area may raise a gemeente's share by at most 25 % over its "
        "population share; the excess goes to the others in proportion.",
        "aandeel_i = 0,9 × inw_i/Σinw + 0,1 × opp_i/Σopp, begrensd op (1 + 0,25) × inw_aandeel_i, herverdeeld",
        (KeyComponent("population", 0.9), KeyComponent("area", 0.1)),
        f"Flüchtlingsaufnahmegesetz NRW § 3; {METHODS_REF}",
        corrections=(Correction("uplift_cap", "population", "begrenzing oppervlakte-opslag"),),
        params=(
            KeyParam(
                "uplift_cap",
                "Maximale opslag door oppervlakte",
                "Maximum area uplift",
                0.25,
                0.0,
                5.0,
                "FlüAG NRW § 3: hoogstens 25 %",
                source_en="FlüAG NRW § 3: at most 25 %",
            ),
        ),
        unverified=("'Verhoging' gelezen als ten opzichte van het zuivere inwoneraandeel.",),
        unverified_en=("'Increase' read as relative to the pure population share.",),
    ),
    KeyPreset(
        "capacity",
        "Opnamecapaciteit (omgekeerde belasting)",
        "Capacity (inverse load)",
        "Inwoneraandeel vermenigvuldigd met de resterende ruimte (100 − belastingscore)^sterkte: gemeenten met een "
        "lage belasting op wonen, onderwijs en integratie krijgen meer. Eigen ontwerp van dit dashboard.",
        "Population share multiplied by the spare room (100 − load score)^strength. A design of this dashboard.",
        "gewicht_i = inwoners_i × ((100 − belasting_i) / 100)^sterkte",
        (KeyComponent("population", 1.0),),
        "Eigen ontwerp (geen bestaand verdeelsysteem); belastingscore uit de scoremodule (capacity.scoring)",
        corrections=(Correction("capacity", "load", "omgekeerde belasting"),),
        params=(
            KeyParam(
                "strength",
                "Sterkte",
                "Strength",
                0.5,
                0.0,
                5.0,
                "0 = zuiver inwonertal; 1 = evenredig met de resterende ruimte",
                assumption=True,
                source_en="0 = population only; 1 = proportional to the spare room",
            ),
        ),
        weights_editable=False,
    ),
    KeyPreset(
        "custom",
        "Eigen sleutel",
        "Custom key",
        "Eigen gewichten over bedragen (inwoners, WOZ, oppervlakte) en over elke geregistreerde indicator; een "
        "indicator kantelt het inwoneraandeel (capaciteitsindicator: meer is meer; belastingsindicator: "
        "omgekeerd), begrensd op ± de kantelgrens.",
        "User weights over amounts and any registered indicator; an indicator tilts the population share "
        "(capacity indicators up, load indicators inverse), bounded by the tilt cap.",
        "aandeel_i = Σ_k w_k × x_ik / Σ_j x_jk",
        (KeyComponent("population", 1.0),),
        "Eigen gewichten van de gebruiker",
        params=(
            KeyParam(
                "tilt_cap",
                "Kantelgrens",
                "Tilt cap",
                0.5,
                0.0,
                10.0,
                "voorkomt dat een gemeente met waarde 0 alles krijgt",
                assumption=True,
                source_en="keeps a gemeente with value 0 from getting everything",
            ),
        ),
    ),
)
_KEYS = {k.id: k for k in KEYS}
if len(_KEYS) != len(KEYS):  # pragma: no cover
    raise RuntimeError("duplicate key id")


def get_key(key_id: str) -> KeyPreset:
    try:
        return _KEYS[key_id]
    except KeyError:
        raise KeyError(f"unknown key {key_id!r}; choose one of {', '.join(_KEYS)}") from None


# --------------------------------------------------------------------------------------------------
# engine
# --------------------------------------------------------------------------------------------------
def _codes(kwb: pd.DataFrame) -> pd.Index:
    if "gemeentecode" not in kwb.columns:
        raise KeyError("key-figure table lacks the column 'gemeentecode'")
    codes = pd.Index(kwb["gemeentecode"].astype(str), name="gemeentecode")
    if codes.has_duplicates:
        raise ValueError(f"duplicate gemeentecode in the key-figure table: {sorted(codes[codes.duplicated()])[:5]}")
    return codes


def _column_product(kwb: pd.DataFrame, cols: tuple[str, ...]) -> np.ndarray:
    missing = [c for c in cols if c not in kwb.columns]
    if missing:
        raise KeyError(f"key-figure table lacks columns {missing}")
    return np.prod([pd.to_numeric(kwb[c], errors="coerce").to_numpy(dtype=float) for c in cols], axis=0)


def _extra_values(extra: pd.DataFrame | None, column: str | None, codes: pd.Index) -> np.ndarray | None:
    if extra is None or column is None or column not in extra.columns:
        return None
    table = extra.set_index("gemeentecode") if "gemeentecode" in extra.columns else extra
    values = pd.to_numeric(table[column], errors="coerce").reindex(codes).to_numpy(dtype=float)
    missing = int(np.isnan(values).sum())
    if missing:
        raise ValueError(f"imported column {column!r} has no value for {missing} of {len(codes)} gemeenten")
    return values


def _user_values(column: str, kwb: pd.DataFrame, extra: pd.DataFrame | None) -> np.ndarray:
    """An uploaded column weighted in a custom key: a value ≥ 0 for every gemeente (no silent imputation)."""
    if extra is None or column not in extra.columns:
        raise KeyError(f"uploaded column {column!r} is not available")
    values = _extra_values(extra, column, _codes(kwb))
    negative = int((values < 0).sum())
    if negative:
        raise ValueError(f"uploaded column {column!r} has negative values for {negative} gemeenten")
    return values


def _ses_proxy(kwb: pd.DataFrame) -> np.ndarray:
    """Mean z-score of WOZ value, −social assistance and −unemployment per inhabitant (labelled proxy)."""
    pop = _column_product(kwb, (INHABITANTS,))
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = [
            _column_product(kwb, ("gemiddelde_woningwaarde",)),
            -_column_product(kwb, ("aantal_personen_met_een_alg_bijstandsuitkering_tot",)) / pop,
            -_column_product(kwb, ("aantal_personen_met_een_ww_uitkering_totaal",)) / pop,
        ]
    z = []
    for p in parts:
        p = np.where(np.isfinite(p), p, np.nan)
        sd = np.nanstd(p)
        z.append((p - np.nanmean(p)) / sd if sd > 0 else np.zeros_like(p))
    out = np.nanmean(np.vstack(z), axis=0)
    return np.where(np.isnan(out), 0.0, out)


def input_values(input_id: str, kwb: pd.DataFrame, extra: pd.DataFrame | None = None) -> tuple[np.ndarray, bool]:
    """Raw values of one key input per row of ``kwb``, and whether they came from an imported table."""
    spec = get_input(input_id)
    codes = _codes(kwb)
    imported = _extra_values(extra, spec.extra_column, codes)
    if imported is not None:
        return imported, True
    if input_id == "ses_woa":
        return _ses_proxy(kwb), False
    if input_id == "load":
        raise ValueError("the load input comes from the scoring engine; pass it as `load`")
    num = _column_product(kwb, spec.numerator) * spec.factor
    if spec.denominator:
        den = _column_product(kwb, spec.denominator)
        with np.errstate(divide="ignore", invalid="ignore"):
            num = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return num, False


def _normalise(x: np.ndarray, what: str) -> np.ndarray:
    total = float(np.nansum(x))
    if not np.isfinite(total) or total <= 0:
        raise ValueError(f"{what}: values sum to {total:g}; cannot form shares")
    return x / total


def _tilt(
    rate: np.ndarray, pop: np.ndarray, eligible: np.ndarray, inverse: bool, cap: float | None, what: str
) -> tuple[np.ndarray, int]:
    """Relative position of each rate against the population-weighted national rate (1 = average)."""
    ok = eligible & np.isfinite(rate)
    ref = float(np.sum(rate[ok] * pop[ok]) / np.sum(pop[ok])) if pop[ok].sum() > 0 else np.nan
    if not np.isfinite(ref) or ref <= 0:
        raise ValueError(f"{what}: national reference rate is {ref:g}; cannot tilt by it")
    with np.errstate(divide="ignore", invalid="ignore"):
        t = ref / rate if inverse else rate / ref
    n_missing = int((eligible & np.isnan(rate)).sum())
    t = np.where(np.isnan(rate), 1.0, t)  # no value: neutral (population share), reported as imputed
    if cap is not None:
        t = np.clip(t, max(0.0, 1.0 - cap), 1.0 + cap)
    bad = eligible & ~np.isfinite(t)
    if bad.any():
        raise ValueError(f"{what}: value 0 in {int(bad.sum())} gemeenten cannot be inverted; set a cap")
    return np.where(eligible, t, 0.0), n_missing


def _waterfill(w: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Shares ∝ w, summing to 1, none above its cap; the excess goes to the others in proportion."""
    from capacity.apportion import bounded_quota

    scale = 1e9  # bounded_quota works on whole-number caps; scale shares to a large integer total
    q = bounded_quota(w, scale, caps=np.floor(caps * scale))
    return q / scale


def weighted_shares(table: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Generic key over any unit table: share_i = Σ_k w_k · x_ik / Σ_j x_jk (weights renormalised).

    ``table`` has one row per unit and numeric columns named in ``weights``; the index is kept.
    Used for units other than gemeenten (e.g. German Länder with tax revenue and population).
    """
    w = _check_weights(weights)
    missing = [c for c in w if c not in table.columns]
    if missing:
        raise KeyError(f"unit table lacks columns {missing}; available: {list(table.columns)}")
    out = np.zeros(len(table))
    for col, wk in w.items():
        x = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float)
        if np.isnan(x).any() or (x < 0).any():
            raise ValueError(f"column {col!r} must hold non-negative numbers for every unit")
        out += wk * _normalise(x, f"column {col!r}")
    return pd.Series(out / out.sum(), index=table.index, name="share")


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    clean: dict[str, float] = {}
    for k, v in weights.items():
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"weight for {k!r} must be a number, got {v!r}") from None
        if not np.isfinite(f) or f < 0:
            raise ValueError(f"weight for {k!r} must be a finite number ≥ 0, got {v!r}")
        if f > 0:
            clean[k] = f
    total = sum(clean.values())
    if total <= 0:
        raise ValueError("at least one weight must be positive")
    return {k: v / total for k, v in clean.items()}


def _resolve(
    preset: KeyPreset, params: Mapping[str, float] | None, user_directions: Mapping[str, int] | None = None
) -> tuple[list[KeyComponent], dict[str, float]]:
    """Split user params into component weights and scalar params; reject unknown names."""
    scalars = preset.default_params
    params = dict(params or {})
    for pid in list(params):
        if pid in scalars:
            value = float(params.pop(pid))
            spec = next(p for p in preset.params if p.id == pid)
            if not (spec.min <= value <= spec.max):
                raise ValueError(f"{pid} must lie between {spec.min:g} and {spec.max:g}, got {value:g}")
            scalars[pid] = value
    if preset.id == "custom":
        weights = params or preset.default_weights
        comps = [
            _custom_component(k, v, scalars["tilt_cap"], user_directions or {})
            for k, v in _check_weights(weights).items()
        ]
        return comps, scalars
    if params:
        unknown = sorted(set(params) - set(preset.default_weights))
        if unknown or not preset.weights_editable:
            allowed = sorted(scalars) + (sorted(preset.default_weights) if preset.weights_editable else [])
            raise KeyError(f"key {preset.id!r} has no parameter {unknown or sorted(params)}; allowed: {allowed}")
    weights = {**preset.default_weights, **params}
    norm = _check_weights(weights)
    comps = [KeyComponent(c.input, norm.get(c.input, 0.0), c.transform, c.cap) for c in preset.inputs]
    return [c for c in comps if c.weight > 0], scalars


USER_INPUT = "user:"  # component input prefix for an uploaded column of ``extra``


def _custom_component(name: str, weight: float, cap: float, user_directions: Mapping[str, int]) -> KeyComponent:
    if name in user_directions:  # an uploaded column: enters like an indicator, in the direction the user gave
        direction = user_directions[name]
        if direction not in (1, -1):
            raise ValueError(f"direction of {name!r} must be +1 (load) or -1 (capacity), got {direction!r}")
        return KeyComponent(USER_INPUT + name, weight, "tilt" if direction == -1 else "inverse_tilt", cap)
    if name in _INPUTS:
        spec = _INPUTS[name]
        if spec.kind == "score":
            raise ValueError(f"input {name!r} is a score and cannot be weighted in a custom key")
        if spec.kind == "amount":
            return KeyComponent(name, weight)
        return KeyComponent(name, weight, "inverse_tilt", cap)  # registered rates are load-type
    ind = get_indicator(name)  # raises KeyError with the list of known indicators
    return KeyComponent(f"indicator:{ind.id}", weight, "tilt" if ind.direction == -1 else "inverse_tilt", cap)


def _component_values(
    comp: KeyComponent, kwb: pd.DataFrame, extra: pd.DataFrame | None
) -> tuple[np.ndarray, str, bool]:
    if comp.input.startswith("indicator:"):
        ind = get_indicator(comp.input.split(":", 1)[1])
        return ind.compute(kwb).to_numpy(dtype=float), "rate", False
    if comp.input.startswith(USER_INPUT):
        return _user_values(comp.input[len(USER_INPUT) :], kwb, extra), "rate", True
    values, imported = input_values(comp.input, kwb, extra)
    return values, get_input(comp.input).kind, imported


def key_shares(
    key_id: str,
    kwb: pd.DataFrame,
    params: Mapping[str, float] | None = None,
    extra: pd.DataFrame | None = None,
    load: pd.Series | None = None,
    user_directions: Mapping[str, int] | None = None,
) -> pd.Series:
    """Share per gemeente (index gemeentecode, sums to 1) under preset ``key_id``.

    ``params``: component weights by input id (editable presets; for ``custom`` input or indicator ids)
    and/or the preset's scalar parameters (``strength``, ``uplift_cap`` …). ``extra``: imported columns by
    gemeentecode that replace proxies (``ses_woa``, ``opvang_per_1000``, ``immigranten``). ``load``:
    total_load 0–100 for the ``capacity`` key (computed with ``capacity.scoring`` when omitted).
    ``user_directions``: uploaded columns of ``extra`` the ``custom`` key may weight (name → +1 load /
    −1 capacity); they tilt the population share like an indicator and need a value ≥ 0 everywhere.
    ``attrs`` of the result: key, params, proxies_used (input ids), imported (input ids), imputed counts.
    """
    preset = get_key(key_id)
    codes = _codes(kwb)
    comps, scalars = _resolve(preset, params, user_directions)
    pop, _ = input_values("population", kwb)
    if np.isnan(pop).any() or (pop < 0).any():
        raise ValueError(f"inhabitants missing or negative for {int((np.isnan(pop) | (pop < 0)).sum())} gemeenten")
    eligible = np.ones(len(codes), dtype=bool)
    for corr in preset.corrections:
        if corr.kind == "min_population":
            eligible &= pop >= scalars["min_population"]
    if not eligible.any():
        raise ValueError("no gemeente meets the inhabitant threshold")

    proxies: list[str] = []
    imported: list[str] = []
    imputed: dict[str, int] = {}
    share = np.zeros(len(codes))
    for comp in comps:
        values, kind, from_extra = _component_values(comp, kwb, extra)
        _track(comp.input, from_extra, proxies, imported)
        what = f"key {key_id}, input {comp.input}"
        if kind == "amount" or comp.transform == "share":
            if np.isnan(values).any() or (values < 0).any():
                raise ValueError(
                    f"{what}: missing or negative values for {int((np.isnan(values) | (values < 0)).sum())} gemeenten"
                )
            x = np.where(eligible, values, 0.0)
        else:
            t, n_missing = _tilt(values, pop, eligible, comp.transform == "inverse_tilt", comp.cap, what)
            if n_missing:
                imputed[comp.input] = n_missing
            x = pop * t
        share += comp.weight * _normalise(x, what)

    for corr in preset.corrections:
        share = _apply_correction(corr, share, scalars, kwb, extra, load, pop, eligible, proxies, imported, key_id)

    share = np.where(eligible, share, 0.0)
    share = _normalise(share, f"key {key_id}")
    out = pd.Series(share, index=codes, name="share")
    out.attrs.update(
        key=key_id,
        params={**{c.input: c.weight for c in comps}, **scalars},
        proxies_used=tuple(dict.fromkeys(proxies)),
        imported=tuple(dict.fromkeys(imported)),
        imputed=imputed,
    )
    return out


def _track(input_id: str, from_extra: bool, proxies: list[str], imported: list[str]) -> None:
    if from_extra:
        imported.append(input_id)
    elif input_id in _INPUTS and _INPUTS[input_id].is_proxy:
        proxies.append(input_id)


def _apply_correction(
    corr: Correction,
    share: np.ndarray,
    scalars: dict[str, float],
    kwb: pd.DataFrame,
    extra: pd.DataFrame | None,
    load: pd.Series | None,
    pop: np.ndarray,
    eligible: np.ndarray,
    proxies: list[str],
    imported: list[str],
    key_id: str,
) -> np.ndarray:
    if corr.kind == "min_population":
        return share
    if corr.kind == "welfare":
        score, from_extra = input_values("ses_woa", kwb, extra)
        _track("ses_woa", from_extra, proxies, imported)
        if not from_extra:
            score = scalars["proxy_scale"] * score
        return share * np.maximum(0.0, 1.0 + scalars["strength"] * score)
    if corr.kind == "subtract_excess":
        values, from_extra = input_values(str(corr.input), kwb, extra)
        _track(str(corr.input), from_extra, proxies, imported)
        if np.isnan(values).any() or (values < 0).any():
            raise ValueError(f"key {key_id}: {corr.input} missing or negative for some gemeenten")
        other = _normalise(np.where(eligible, values, 0.0), f"key {key_id}, {corr.input}")
        return np.maximum(0.0, share - scalars["strength"] * (other - share))
    if corr.kind == "uplift_cap":
        base = _normalise(np.where(eligible, pop, 0.0), f"key {key_id}, population")
        return _waterfill(_normalise(share, f"key {key_id}"), (1.0 + scalars["uplift_cap"]) * base)
    if corr.kind == "capacity":
        values = _load_values(kwb, load)
        return share * np.clip((100.0 - values) / 100.0, 0.0, 1.0) ** scalars["strength"]
    raise ValueError(f"unknown correction {corr.kind!r}")  # pragma: no cover


def _load_values(kwb: pd.DataFrame, load: pd.Series | None) -> np.ndarray:
    codes = _codes(kwb)
    if load is None:
        from capacity.scoring import compute_scores  # written in parallel; imported only when needed

        load = compute_scores(kwb).scores["total_load"]
    values = pd.to_numeric(load, errors="coerce").reindex(codes).to_numpy(dtype=float)
    missing = int(np.isnan(values).sum())
    if missing:
        raise ValueError(f"load score missing for {missing} of {len(codes)} gemeenten")
    if (values < 0).any() or (values > 100).any():
        raise ValueError("load score must lie between 0 and 100")
    return values


def key_table(lang: str = "nl") -> pd.DataFrame:
    """One row per preset (label, formula, source, proxies, unverified) for the method page and README."""
    rows = []
    for k in KEYS:
        rows.append(
            {
                "id": k.id,
                "sleutel" if lang == "nl" else "key": k.label_nl if lang == "nl" else k.label_en,
                "formule": k.formula_nl,
                "bron": k.reference,
                "proxy's": "; ".join(
                    f"{p.label_nl} (proxy voor {p.proxy_for_nl})"
                    if lang == "nl"
                    else f"{p.label_en} (proxy for {p.proxy_for_en})"
                    for p in k.proxies
                ),
                "niet geverifieerd": " ".join(k.unverified),
            }
        )
    return pd.DataFrame(rows)


def custom_choices(lang: str = "nl") -> dict[str, str]:
    """Ids a custom key can weight → label (amount inputs, rate inputs and every indicator)."""
    en = lang == "en"
    out = {i.id: i.label_en if en else i.label_nl for i in KEY_INPUTS if i.kind != "score"}
    out.update({i.id: i.label_en if en else i.label_nl for i in INDICATORS})
    return out


def key_markdown(key_id: str, lang: str = "nl") -> str:
    """Method-page text for one preset (formula, source, proxies, parameters, unverified points)."""
    k = get_key(key_id)
    nl = lang == "nl"
    lines = [
        f"**{k.label_nl if nl else k.label_en}** — {k.description_nl if nl else k.description_en}",
        "",
        f"- {'Formule' if nl else 'Formula'}: `{k.formula_nl}`",
        f"- {'Bron' if nl else 'Source'}: {k.reference}",
    ]
    for p in k.proxies:
        how = f"`{p.formula_nl()}`" if p.numerator else p.note_nl
        if nl:
            lines.append(f"- Proxy: {p.label_nl} ({how}) staat voor {p.proxy_for_nl}")
        else:
            lines.append(f"- Proxy: {p.label_en} ({how}) stands for {p.proxy_for_en}")
    for p in k.params:
        lines.append(
            f"- {'Parameter' if nl else 'Parameter'} `{p.id}` = {p.default:g} "
            f"({p.label_nl if nl else p.label_en}; {p.source_line_nl()})"
        )
    if k.default_floor is not None:
        lines.append(f"- {'Minimum per gemeente' if nl else 'Minimum per gemeente'}: {k.default_floor}")
    for note in k.unverified:
        lines.append(f"- {'Niet geverifieerd' if nl else 'Unverified'}: {note}")
    return "\n".join(lines)
