"""The allocation-key registry: the presets modelled on keys in real use, one entry each.

Inputs: ``capacity.key_inputs``; engine: ``capacity.keys``; types: ``capacity.key_types``. Every term
of a preset cites its source (``KeyComponent.source``); the method page, ``key_markdown`` and the
README key table are generated from here. Published facts: ``docs/METHODS.md`` ("Allocation keys in use").
Where Dutch data forces a proxy, the input says what it stands for; a proxy is positive and bounded
like the quantity it replaces. Defaults that are modelling choices are marked ``assumption``.
"""

from __future__ import annotations

from capacity.key_inputs import INHABITANTS, INPUTS_BY_ID, KEY_INPUTS, get_input
from capacity.key_types import Correction, KeyComponent, KeyParam, KeyPreset, Subgroup

__all__ = ["INHABITANTS", "INPUTS_BY_ID", "KEYS", "KEYS_BY_ID", "KEY_INPUTS", "METHODS_REF", "get_input", "get_key"]

METHODS_REF = "docs/METHODS.md, 'Allocation keys in use'"

# citations per term (docs/METHODS.md names each source)
SRC_HUISVESTINGSWET = "Huisvestingswet 2014; rijksoverheid.nl 'verdeling vergunninghouders over gemeenten'"
SRC_SPREIDINGSWET = "Spreidingswet (Stb. 2024, 13); amendement Van Dijk (okt. 2023)"
SRC_KOENIGSTEIN = "Königsteiner Staatsabkommen 1949, Art. 91b GG; GWK; bamf.de (Glossar)"
SRC_KOENIGSTEIN_EQ = "DIW Wochenbericht 18/2023 (Steueraufkommen nach Länderfinanzausgleich)"
SRC_EU2015 = "COM(2015) 240, bijlage/annex"
SRC_DK = "Bekendtgørelse nr. 550 (2022), § 4"
SRC_SE = "Bosättningslagen (2016:38); länstal 2019 (43/37/20)"
SRC_NO = "IMDi (2018): anmodningskriterier"
SRC_NRW = "FlüAG NRW § 3 (Flüchtlingsaufnahmegesetz)"

_FIT_NL = (
    "kleinste kwadraten op de 12 gepubliceerde provinciale opgaven 2024 (docs/METHODS.md; "
    "capacity.spreidingswet.fit_proxy); alleen gebruikt zonder geïmporteerde SES-WOA"
)
_FIT_EN = (
    "least squares on the 12 published provincial tasks 2024 (docs/METHODS.md; capacity.spreidingswet.fit_proxy); "
    "only used without an imported SES-WOA"
)
_SPREIDINGSWET_PARAMS = (
    KeyParam(
        "strength",
        "Sterkte welvaartscorrectie",
        "Strength of welfare correction",
        1.0,
        0.0,
        3.0,
        "Spreidingswet: gewicht = inwoners × (1 + SES-WOA) (afgeleid, zie METHODS.md)",
        source_en="Dispersal Act: weight = inhabitants × (1 + SES-WOA) (inferred, see METHODS.md)",
    ),
    KeyParam(
        "proxy_scale",
        "Schaal welvaartsdeel van de proxy",
        "Scale of the welfare part of the proxy",
        0.118,
        0.0,
        0.5,
        _FIT_NL,
        assumption=True,
        source_en=_FIT_EN,
    ),
    KeyParam(
        "education_scale",
        "Schaal opleidingsdeel van de proxy (studenten)",
        "Scale of the education part of the proxy (students)",
        0.012,
        0.0,
        0.2,
        _FIT_NL,
        assumption=True,
        source_en=_FIT_EN,
    ),
    KeyParam(
        "amv_share",
        "Aandeel amv-plaatsen",
        "Share of places for unaccompanied minors",
        0.085,
        0.0,
        0.5,
        "Spreidingswet 2024: ongeveer 8,5 % van de plaatsen per gemeente is voor amv (nhnieuws.nl, feb. 2024)",
        source_en="Dispersal Act 2024: about 8.5 % of each gemeente's places are for unaccompanied minors "
        "(nhnieuws.nl, Feb 2024)",
    ),
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
        (KeyComponent("population", 1.0, source=SRC_HUISVESTINGSWET),),
        f"{SRC_HUISVESTINGSWET}; {METHODS_REF}",
        unverified=("Exacte CBS-peildatum en afrondingsregel van de taakstelling: niet geverifieerd.",),
        unverified_en=("Exact CBS reference date and rounding rule of the task: unverified.",),
        weights_editable=False,
        formula_en="share_i = inhabitants_i / Σ inhabitants",
    ),
    KeyPreset(
        "spreidingswet",
        "Spreidingswet (inwoners × welvaart)",
        "Dispersal Act (population × welfare)",
        "Aandeel inwoners, gecorrigeerd met de SES-WOA-score van CBS: rijkere gemeenten vangen meer op. Zonder "
        "geïmporteerde SES-WOA een als proxy gelabelde score (welvaart en studenten), gekalibreerd op de "
        "gepubliceerde provinciale opgaven 2024. Ongeveer 8,5 % van de plaatsen is voor amv (eigen kolom).",
        "Population share corrected by the CBS SES-WOA score: richer gemeenten host more. Without an imported "
        "SES-WOA a labelled proxy score (welfare and students), calibrated on the published provincial tasks "
        "2024. About 8.5 % of the places are for unaccompanied minors (own column).",
        "gewicht_i = inwoners_i × max(0, 1 + sterkte × SES_i); aandeel = gewicht / Σ gewicht",
        (KeyComponent("population", 1.0, source=SRC_SPREIDINGSWET),),
        f"{SRC_SPREIDINGSWET}; {METHODS_REF}",
        corrections=(
            Correction(
                "welfare", "ses_woa", "welvaartscorrectie (SES-WOA)", "welfare correction (SES-WOA)", SRC_SPREIDINGSWET
            ),
        ),
        params=_SPREIDINGSWET_PARAMS,
        unverified=(
            "Formule afgeleid uit gerapporteerde uitkomsten, niet gezien in de primaire tekst.",
            "Zonder SES-WOA-tabel: proxy gekalibreerd op 12 provincies; Bloemendaal en Wijdemeren (en de "
            "gepubliceerde cijfers van grote steden) dienen alleen als controle.",
        ),
        unverified_en=(
            "Formula inferred from reported outcomes, not seen in the primary text.",
            "Without an SES-WOA table: proxy calibrated on 12 provinces; Bloemendaal and Wijdemeren (and the "
            "published figures of large cities) serve only as a check.",
        ),
        weights_editable=False,
        formula_en="weight_i = inhabitants_i × max(0, 1 + strength × SES_i); share = weight / Σ weight",
        subgroups=(Subgroup("amv", "amv_share", "waarvan amv", "of which unaccompanied minors"),),
    ),
    KeyPreset(
        "koenigstein",
        "Königsteiner Schlüssel (NL-proxy)",
        "Königstein key (Dutch proxy)",
        "2/3 belastingkracht na verevening + 1/3 inwoners, zoals de Duitse verdeling over de Länder. "
        "Belastingkracht is benaderd met de OZB-grondslag (totale WOZ-waarde); de verevening (in Duitsland de "
        "Länderfinanzausgleich, in Nederland het gemeentefonds) is een aanpasbaar aandeel dat de belastingterm "
        "naar het inwoneraandeel trekt. Variant 'vóór verevening': equalisation = 0.",
        "2/3 fiscal capacity after equalisation + 1/3 population, as the German key over the Länder. Fiscal "
        "capacity is approximated by the property-tax base (total WOZ value); equalisation (Germany: "
        "Länderfinanzausgleich; Netherlands: gemeentefonds) is an editable share pulling the tax term toward the "
        "population share. Variant 'before equalisation': equalisation = 0.",
        "aandeel_i = 2/3 × ((1 − e) × WOZ_i/Σ WOZ + e × inw_i/Σ inw) + 1/3 × inw_i/Σ inw",
        (
            KeyComponent(
                "fiscal_capacity",
                2 / 3,
                source=f"{SRC_KOENIGSTEIN}; {SRC_KOENIGSTEIN_EQ}",
                toward_population="equalisation",
            ),
            KeyComponent("population", 1 / 3, source=SRC_KOENIGSTEIN),
        ),
        f"Königsteiner Schlüssel (GWK; bamf.de; DIW Wochenbericht 18/2023); {METHODS_REF}",
        params=(
            KeyParam(
                "equalisation",
                "Vereveningsaandeel (belastingterm naar inwoners)",
                "Equalisation share (tax term toward population)",
                0.8,
                0.0,
                1.0,
                "modelaanname: zo gekozen dat de grootste verhouding sleutel/inwoneraandeel (1,19) gelijk is aan "
                "die van de Länder in de GWK-tabel 2016 (Berlijn 5,08324 % bij 4,27 % inwoners); de Länder liggen "
                "daar tussen 0,95 en 1,19 × hun inwoneraandeel. 0 = vóór verevening",
                assumption=True,
                source_en="modelling assumption: chosen so the largest ratio key/population share (1.19) equals "
                "that of the Länder in the GWK 2016 table (Berlin 5.08324 % with 4.27 % of the population); the "
                "Länder lie between 0.95 and 1.19 × their population share there. 0 = before equalisation",
            ),
        ),
        unverified=(
            "Exacte belastinglijst en afronding van het laatste decimaal: niet geverifieerd.",
            "De verevening is gemodelleerd (geen gemeentefondsgegevens in de datamap).",
        ),
        unverified_en=(
            "Exact list of taxes and rounding of the last decimal: unverified.",
            "Equalisation is modelled (no gemeentefonds data in the data mirror).",
        ),
        formula_en="share_i = 2/3 × ((1 − e) × WOZ_i/Σ WOZ + e × inh_i/Σ inh) + 1/3 × inh_i/Σ inh",
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
            KeyComponent("population", 0.4, source=SRC_EU2015),
            KeyComponent("fiscal_capacity", 0.4, source=SRC_EU2015),
            KeyComponent("unemployment", 0.1, "inverse_tilt", 0.3, source=SRC_EU2015),
            KeyComponent("past_reception", 0.1, "inverse_tilt", 0.3, source=SRC_EU2015),
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
        formula_en="share_i = 0.4 × inh_i/Σinh + 0.4 × WOZ_i/Σ WOZ + 0.1 × inh_i·k(WW)_i/Σ + 0.1 × "
        "inh_i·k(reception)_i/Σ, k = clip(national / local, 0.7, 1.3)",
    ),
    KeyPreset(
        "denmark",
        "Deense sleutel",
        "Danish key",
        "Inwoneraandeel min het teveel aan vluchtelingen en gezinsmigranten (benaderd: eerste generatie met "
        "herkomst buiten Europa; upload 'immigranten' vervangt dit), negatief wordt nul, daarna hernormaliseren.",
        "Population share minus the excess share of refugees and family migrants (approximated: first "
        "generation with origin outside Europe; an uploaded 'immigranten' column replaces it), floored at zero, "
        "then renormalised.",
        "aandeel_i = max(0, inw_aandeel_i − sterkte × (immigranten_aandeel_i − inw_aandeel_i))",
        (KeyComponent("population", 1.0, source=SRC_DK),),
        f"{SRC_DK}; {METHODS_REF}",
        corrections=(
            Correction(
                "subtract_excess", "immigrants", "teveel-aandeel immigranten", "excess share of immigrants", SRC_DK
            ),
        ),
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
        unverified=(
            "De Deense gezinsherenigingscorrectie is weggelaten (geen Nederlandse gegevens).",
            "De proxy kan internationale studenten, au pairs en arbeidsmigranten niet uitsluiten.",
        ),
        unverified_en=(
            "The Danish family-reunification correction is left out (no Dutch data).",
            "The proxy cannot exclude international students, au pairs and labour migrants.",
        ),
        weights_editable=False,
        formula_en="share_i = max(0, pop_share_i − strength × (immigrant_share_i − pop_share_i))",
    ),
    KeyPreset(
        "sweden",
        "Zweedse sleutel (länstal)",
        "Swedish key (länstal)",
        "43 % arbeidsmarkt (omvang: werkzame inwoners), 37 % inwoners, 20 % asielopvang (wie al veel opving "
        "krijgt minder, begrensd op ±50 %). Alle termen positief.",
        "43 % labour market (size: employed residents), 37 % population, 20 % asylum reception (who already "
        "received many gets fewer, bounded to ±50 %). All terms positive.",
        "aandeel_i = 0,43 × werkzaam_i/Σ + 0,37 × inw_i/Σinw + 0,20 × inw_i·clip(landelijk/opvang_i, 0,5, 1,5)/Σ",
        (
            KeyComponent("labour_market", 0.43, source=SRC_SE),
            KeyComponent("population", 0.37, source=SRC_SE),
            KeyComponent("past_reception", 0.20, "inverse_tilt", 0.5, source=SRC_SE),
        ),
        f"{SRC_SE}; {METHODS_REF}",
        unverified=(
            "De Zweedse sleutel verdeelt over provincies (län); toepassing op gemeenten is een analogie.",
            "Richting en begrenzing (±50 %) van de opvangterm zijn een eigen keuze.",
        ),
        unverified_en=(
            "The Swedish key divides over counties (län); applying it to gemeenten is an analogy.",
            "Direction and bound (±50 %) of the reception term are this tool's choice.",
        ),
        formula_en="share_i = 0.43 × employed_i/Σ + 0.37 × inh_i/Σinh + 0.20 × inh_i·clip(national/reception_i, "
        "0.5, 1.5)/Σ",
    ),
    KeyPreset(
        "norway",
        "Noorse sleutel (IMDi)",
        "Norwegian key (IMDi)",
        "70 % omvang (inwoners), 20 % arbeidsmarkt (werkzame inwoners), 10 % integratieresultaten (begrensd "
        "op ±50 %); alleen gemeenten vanaf 5.000 inwoners; minimaal 10 personen per gevraagde gemeente.",
        "70 % size (inhabitants), 20 % labour market (employed residents), 10 % integration results (bounded "
        "to ±50 %); only gemeenten with at least 5,000 inhabitants; at least 10 persons each.",
        "aandeel_i = 0,7 × inw_i/Σ + 0,2 × werkzaam_i/Σ + 0,1 × inw_i·clip(landelijk/bijstand_i, 0,5, 1,5)/Σ "
        "(alleen inwoners ≥ drempel)",
        (
            KeyComponent("population", 0.7, source=SRC_NO),
            KeyComponent("labour_market", 0.2, source=SRC_NO),
            KeyComponent("integration_results", 0.1, "inverse_tilt", 0.5, source=SRC_NO),
        ),
        f"{SRC_NO}; {METHODS_REF}",
        corrections=(
            Correction(
                "min_population",
                "population",
                "alleen gemeenten vanaf de drempel",
                "only gemeenten above the threshold",
                SRC_NO,
            ),
        ),
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
        unverified=(
            "De weging 70/20/10 komt uit een secundaire bron (IMDi 2018); de primaire tekst is niet gezien.",
            "Begrenzing (±50 %) van de integratieterm is een eigen keuze.",
        ),
        unverified_en=(
            "The 70/20/10 weighting comes from a secondary source (IMDi 2018); the primary text was not seen.",
            "The bound (±50 %) of the integration term is this tool's choice.",
        ),
        formula_en="share_i = 0.7 × inh_i/Σ + 0.2 × employed_i/Σ + 0.1 × inh_i·clip(national/assistance_i, 0.5, "
        "1.5)/Σ (only inhabitants ≥ threshold)",
    ),
    KeyPreset(
        "nrw",
        "Noordrijn-Westfalen (FlüAG § 3)",
        "North Rhine-Westphalia (FlüAG § 3)",
        "90 % inwoners + 10 % oppervlakte; de oppervlakte mag het aandeel van een gemeente met hoogstens 25 % "
        "verhogen ten opzichte van haar inwoneraandeel; het teveel gaat naar de anderen naar rato. Al "
        "opgevangen personen (realisatie vorige periode) tellen mee voor de verplichting (§ 3 lid 3).",
        "90 % population + 10 % area; the area may raise a gemeente's share by at most 25 % over its "
        "population share; the excess goes to the others in proportion. Persons already housed (previous "
        "period's realisation) count toward the obligation (§ 3(3)).",
        "aandeel_i = 0,9 × inw_i/Σinw + 0,1 × opp_i/Σopp, begrensd op (1 + 0,25) × inw_aandeel_i, herverdeeld; "
        "opgave_i = max(0, aandeel_i × (totaal + Σ opgevangen) − opgevangen_i)",
        (
            KeyComponent("population", 0.9, source=f"{SRC_NRW} Abs. 1"),
            KeyComponent("area", 0.1, source=f"{SRC_NRW} Abs. 1"),
        ),
        f"Flüchtlingsaufnahmegesetz NRW § 3; {METHODS_REF}",
        corrections=(
            Correction("uplift_cap", "population", "begrenzing oppervlakte-opslag", "cap on the area uplift", SRC_NRW),
        ),
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
        formula_en="share_i = 0.9 × inh_i/Σinh + 0.1 × area_i/Σarea, capped at (1 + 0.25) × pop_share_i, "
        "redistributed; task_i = max(0, share_i × (total + Σ housed) − housed_i)",
        housed_counts=True,
    ),
    KeyPreset(
        "capacity",
        "Opnamecapaciteit (omgekeerde druk)",
        "Capacity (inverse load)",
        "Inwoneraandeel vermenigvuldigd met de resterende ruimte (100 − drukscore)^sterkte: gemeenten met een "
        "lage druk op wonen, onderwijs en integratie krijgen meer. Eigen ontwerp van dit dashboard.",
        "Population share multiplied by the spare room (100 − load score)^strength. A design of this dashboard.",
        "gewicht_i = inwoners_i × ((100 − druk_i) / 100)^sterkte",
        (KeyComponent("population", 1.0, source="eigen ontwerp / own design"),),
        "Eigen ontwerp (geen bestaand verdeelsysteem); drukscore uit de scoremodule (capacity.scoring)",
        corrections=(Correction("capacity", "load", "omgekeerde druk", "inverse load", "capacity.scoring"),),
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
        formula_en="weight_i = inhabitants_i × ((100 − load_i) / 100)^strength",
    ),
    KeyPreset(
        "custom",
        "Eigen sleutel",
        "Custom key",
        "Eigen gewichten over bedragen (inwoners, WOZ, oppervlakte) en over elke geregistreerde indicator; een "
        "indicator kantelt het inwoneraandeel (capaciteitsindicator: meer is meer; drukindicator: "
        "omgekeerd), begrensd op ± de kantelgrens.",
        "User weights over amounts and any registered indicator; an indicator tilts the population share "
        "(capacity indicators up, load indicators inverse), bounded by the tilt cap.",
        "aandeel_i = Σ_k w_k × x_ik / Σ_j x_jk",
        (KeyComponent("population", 1.0, source="gebruiker / user"),),
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
        formula_en="share_i = Σ_k w_k × x_ik / Σ_j x_jk",
    ),
)
KEYS_BY_ID = {k.id: k for k in KEYS}
if len(KEYS_BY_ID) != len(KEYS):  # pragma: no cover
    raise RuntimeError("duplicate key id")


def get_key(key_id: str) -> KeyPreset:
    try:
        return KEYS_BY_ID[key_id]
    except KeyError:
        raise KeyError(f"unknown key {key_id!r}; choose one of {', '.join(KEYS_BY_ID)}") from None
