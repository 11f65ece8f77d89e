"""Richtgetal scenario: the model (plain, validated values), workshop presets, JSON and URL round trips,
the Streamlit controls, and the computation that turns a scenario into an allocation with needs.

A scenario is a handful of allow-listed plain values (never pickled). The same validation guards
every way in: widgets, the URL (``ui.state`` parameters), an uploaded JSON file and presets. The
richtgetal itself is a *scenario input*, not data: preset totals are workshop examples.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, MutableMapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

Mode = Literal["total", "corridor"]
MODES: tuple[str, ...] = ("total", "corridor")
JSON_VERSION = 1
JSON_KIND = "opnamecapaciteit-scenario"
MAX_TOTAL = 1_000_000  # persons; far above any national figure, only guards against typos
MAX_JSON_BYTES = 20_000
DEFAULT_TOTAL = 30_000  # workshop example (the "Richtgetal 30.000" preset), not a real national figure
POPULATION_KEY = "population"
CUSTOM_KEY = "custom"


def key_registry() -> tuple[Any, ...]:
    """The key presets of ``capacity.keys``."""
    from capacity.keys import KEYS

    return tuple(KEYS)


def key_ids() -> tuple[str, ...]:
    keys = key_registry()
    return tuple(k.id for k in keys) if keys else (POPULATION_KEY,)


def key_label(key: Any, lang: str = "nl") -> str:
    return str(getattr(key, f"label_{lang}", None) or getattr(key, "label_nl", None) or key.id)


def method_ids() -> tuple[str, ...]:
    from capacity.apportion import METHODS

    return tuple(METHODS)


def _preferred_key(*candidates: str) -> str:
    ids = key_ids()
    for c in candidates:
        if c in ids:
            return c
    return ids[0]


def key_preset(key_id: str) -> Any | None:
    keys = key_registry() or ()
    return next((k for k in keys if k.id == key_id), None)


def allowed_param_ids(key_id: str) -> tuple[str, ...]:
    """Parameter names ``capacity.keys.key_shares`` accepts for a key (weights and scalar parameters)."""
    preset = key_preset(key_id)
    if preset is None:
        return ()
    scalars = tuple(p.id for p in preset.params)
    if preset.id == CUSTOM_KEY:
        from capacity.keys import custom_choices

        return tuple(custom_choices()) + scalars
    weights = tuple(c.input for c in preset.inputs) if preset.weights_editable else ()
    return weights + scalars


def all_param_ids() -> tuple[str, ...]:
    keys = key_registry() or ()
    return tuple(dict.fromkeys(p for k in keys for p in allowed_param_ids(k.id)))


def is_user_param(name: object) -> bool:
    """A custom-key weight on an uploaded column (``ui.userdata.extra_indicators``; session-only, not in links)."""
    from ui.userdata import USER_COLUMN_PREFIX

    return isinstance(name, str) and name.startswith(USER_COLUMN_PREFIX) and len(name) <= 200


def default_floor(key_id: str) -> int:
    """The minimum per gemeente that belongs to a key (Norway: 10), as the CLI applies it; else 0."""
    preset = key_preset(key_id)
    return int(getattr(preset, "default_floor", None) or 0)


MAX_WEIGHT = 100.0  # largest weight the widgets accept (weights are rescaled to sum 1)


def _nl_number(x: float) -> str:
    """Dutch decimal comma for messages (no thousands separator needed at these sizes)."""
    return f"{float(x):g}".replace(".", ",")


def param_bounds(key_id: str) -> dict[str, tuple[float, float]]:
    """Allowed range per key parameter: the preset's own min–max for scalars (the widget range), 0–100
    for weights — so a link cannot carry a value the widget would silently clamp."""
    preset = key_preset(key_id)
    if preset is None:
        return {}
    return {p.id: (float(p.min), float(p.max)) for p in preset.params}


def _is_number(x: object) -> bool:
    return not isinstance(x, bool) and isinstance(x, int | float) and math.isfinite(x)


@dataclass(frozen=True)
class Scenario:
    """Every choice of a richtgetal scenario, as plain values (what the URL and the JSON carry).

    ``params`` holds the key's weights and scalar parameters that differ from the preset
    (``capacity.keys.key_shares(params=...)``), as sorted (name, value) pairs so the scenario is hashable.
    Validation messages are Dutch: they are shown to the user as they are.
    """

    mode: str = "total"
    total: int = DEFAULT_TOTAL
    low: int = 25_000
    high: int = 35_000
    key: str = POPULATION_KEY
    params: tuple[tuple[str, float], ...] = ()
    method: str = "hamilton"
    floor: int = 0
    cap: int = 0  # 0 = no absolute cap
    cap_per_1000: float = 0.0  # 0 = no cap per 1,000 inhabitants
    use_pledges: bool = False
    key_b: str = ""  # second key for the difference map ("" = none)
    use_previous: bool = False  # add the previous period's achterstand/voorsprong (needs an upload)
    carry_surplus: bool = True  # subtract a voorsprong too (unverified in the Dutch practice, METHODS.md)

    def validated(self) -> Scenario:
        """The same scenario with canonical values, or ``ValueError`` naming the first bad field."""
        if self.mode not in MODES:
            raise ValueError(f"modus {self.mode!r} bestaat niet (kies uit {', '.join(MODES)})")
        for name in ("total", "low", "high", "floor", "cap"):
            value = getattr(self, name)
            if not _is_number(value) or int(value) != value or not 0 <= value <= MAX_TOTAL:
                raise ValueError(
                    f"{name} moet een geheel getal van 0 tot {MAX_TOTAL:,} zijn, niet {value!r}".replace(",", ".")
                )
        if self.total < 1:
            raise ValueError("het totaal moet minstens 1 zijn")
        if self.mode == "corridor" and not 1 <= self.low <= self.high:
            raise ValueError(f"een corridor vraagt 1 ≤ onder ≤ boven, niet {self.low}–{self.high}")
        c = self.cap_per_1000
        if not _is_number(c) or not 0 <= c <= 1000:
            raise ValueError(f"maximum per 1.000 inwoners moet tussen 0 en 1.000 liggen, niet {c!r}")
        for name in ("use_pledges", "use_previous", "carry_surplus"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} moet waar of onwaar zijn")
        if self.key not in key_ids():
            raise ValueError(f"onbekende sleutel {self.key!r} (kies uit {', '.join(key_ids())})")
        if self.key_b and self.key_b not in key_ids():
            raise ValueError(f"onbekende vergelijkingssleutel {self.key_b!r}")
        if self.method not in method_ids():
            raise ValueError(f"onbekende afrondingsmethode {self.method!r} (kies uit {', '.join(method_ids())})")
        raw_params = dict(self.params.items()) if isinstance(self.params, Mapping) else dict(self.params)
        allowed = allowed_param_ids(self.key)
        unknown = sorted(p for p in set(raw_params) - set(allowed) if not (self.key == CUSTOM_KEY and is_user_param(p)))
        if unknown:
            raise ValueError(f"sleutel {self.key!r} kent de parameter(s) {', '.join(unknown)} niet")
        bounds = param_bounds(self.key)
        for name, value in raw_params.items():
            if not _is_number(value) or value < 0:
                raise ValueError(f"parameter {name} moet een getal ≥ 0 zijn, niet {value!r}")
            lo, hi = bounds.get(name, (0.0, MAX_WEIGHT))
            if not lo <= value <= hi:
                raise ValueError(
                    f"parameter {name} moet tussen {_nl_number(lo)} en {_nl_number(hi)} liggen, "
                    f"niet {_nl_number(value)}"
                )
        return replace(
            self,
            total=int(self.total),
            low=int(self.low),
            high=int(self.high),
            floor=int(self.floor),
            cap=int(self.cap),
            cap_per_1000=float(c),
            params=tuple(sorted((k, float(v)) for k, v in raw_params.items())),
        )

    @property
    def key_params(self) -> dict[str, float]:
        return dict(self.params)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["params"] = dict(self.params)
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Scenario:
        """Build from a plain mapping; unknown fields are an error (a typo should not pass silently)."""
        if not isinstance(raw, Mapping):
            raise ValueError("het scenario moet een JSON-object zijn")
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - names)
        if unknown:
            raise ValueError(f"onbekende scenariovelden: {', '.join(unknown)}")
        values = dict(raw)
        params = values.get("params", {})
        if not isinstance(params, Mapping):
            raise ValueError("params moet een object {naam: getal} zijn")
        values["params"] = tuple(params.items())
        try:
            return cls(**values).validated()
        except TypeError as exc:  # pragma: no cover - guarded by the field check above
            raise ValueError(str(exc)) from None


# --- presets (workshop examples; their totals are examples, not data) ----------------------------------


@dataclass(frozen=True)
class Preset:
    id: str
    label_nl: str
    label_en: str
    note_nl: str
    changes: Mapping[str, Any]
    note_en: str = ""

    def scenario(self) -> Scenario:
        return replace(Scenario(), **dict(self.changes)).validated()


def presets() -> tuple[Preset, ...]:
    """Workshop presets, one click away. The totals are workshop examples, not published figures."""
    return (
        Preset(
            "inwoners",
            "Taakstelling naar inwoners",
            "Task by population",
            "Verdeling naar inwonertal, zoals de halfjaarlijkse taakstelling huisvesting vergunninghouders "
            "(Huisvestingswet 2014). Het totaal 20.000 is een workshopvoorbeeld, geen vastgesteld getal.",
            {"mode": "total", "total": 20_000, "key": POPULATION_KEY, "method": "hamilton", "key_b": ""},
            "Division by population, as the half-yearly task to house status holders (Huisvestingswet 2014). "
            "The total 20,000 is a workshop example, not an adopted figure.",
        ),
        Preset(
            "koenigstein30k",
            "Richtgetal 30.000 Königstein-stijl",
            "Target 30,000 Königstein style",
            "2/3 belastingkracht (benaderd met de OZB-grondslag: totale WOZ-waarde van woningen, een proxy) + "
            "1/3 inwoners, naar de Duitse Königsteiner Schlüssel. 30.000 is een workshopvoorbeeld.",
            {"mode": "total", "total": 30_000, "key": "koenigstein", "method": "hamilton", "key_b": POPULATION_KEY},
            "2/3 fiscal capacity (approximated by the property-tax base: total WOZ value of dwellings, a proxy) "
            "+ 1/3 population, after the German Königstein key. 30,000 is a workshop example.",
        ),
        Preset(
            "corridor",
            "Corridor 25.000–35.000",
            "Corridor 25,000–35,000",
            "Een bandbreedte in plaats van één getal, zoals de Duitse corridor van 180.000–220.000 (2018). "
            "25.000–35.000 is een workshopvoorbeeld.",
            {"mode": "corridor", "low": 25_000, "high": 35_000, "key": POPULATION_KEY, "method": "hamilton"},
            "A range instead of one number, like the German corridor of 180,000–220,000 (2018). "
            "25,000–35,000 is a workshop example.",
        ),
    )


def get_preset(preset_id: str) -> Preset:
    for p in presets():
        if p.id == preset_id:
            return p
    raise KeyError(f"unknown preset {preset_id!r}")


# --- JSON -----------------------------------------------------------------------------------------------


def scenario_to_json(scenario: Scenario) -> str:
    return json.dumps(
        {"kind": JSON_KIND, "version": JSON_VERSION, "scenario": scenario.to_dict()}, ensure_ascii=False, indent=2
    )


def scenario_from_json(raw: bytes | str) -> Scenario:
    """Parse and validate an uploaded scenario file; ``ValueError`` with a Dutch reason otherwise.

    Size and nesting depth are checked before parsing (``geodata.importer.load_json_bounded``); no other
    exception type ever leaves this function."""
    from geodata.importer import load_json_bounded

    doc = load_json_bounded(raw, MAX_JSON_BYTES)
    if not isinstance(doc, dict) or doc.get("kind") != JSON_KIND:
        raise ValueError(f'geen scenariobestand (verwacht "kind": "{JSON_KIND}")')
    if doc.get("version") != JSON_VERSION:
        raise ValueError(
            f"scenarioversie {str(doc.get('version'))[:20]!r} wordt niet ondersteund (verwacht {JSON_VERSION})"
        )
    try:
        return Scenario.from_dict(doc.get("scenario"))
    except ValueError:
        raise
    except Exception:  # noqa: BLE001 - a malformed document must read as a reason, never as Python's words
        raise ValueError("de inhoud van het scenario heeft een onverwachte vorm") from None


# --- URL ------------------------------------------------------------------------------------------------

#: scenario field → (URL parameter, kind) — the allow-list registered with ``ui.state``.
URL_PARAMS: dict[str, tuple[str, str]] = {
    "mode": ("mode", "choice"),
    "total": ("total", "int"),
    "low": ("low", "int"),
    "high": ("high", "int"),
    "key": ("key", "choice"),
    "method": ("method", "choice"),
    "floor": ("floor", "int"),
    "cap": ("cap", "int"),
    "cap_per_1000": ("cap1000", "float"),
    "use_pledges": ("pledges", "bool"),
    "key_b": ("keyb", "choice"),
    "use_previous": ("prev", "bool"),
    "carry_surplus": ("surplus", "bool"),
}
KEY_PARAM_PREFIX = "kp_"  # one URL parameter per key weight / key parameter: kp_<id>=<number>
MAX_KEY_PARAM = 1_000_000.0


def register_url_params() -> None:
    """Register the scenario parameters with ``ui.state`` (idempotent, cheap)."""
    from ui import state

    base = Scenario()
    choices = {"mode": MODES, "key": key_ids, "method": method_ids, "key_b": ("",) + key_ids()}
    for field_name, (param, kind) in URL_PARAMS.items():
        lo, hi = (0, MAX_TOTAL) if kind == "int" else ((0, 1000) if kind == "float" else (None, None))
        state.register_param(
            param,
            kind,
            choices=choices.get(field_name),
            lo=lo,
            hi=hi,  # type: ignore[arg-type]
            default=getattr(base, field_name),
            doc=f"richtgetal scenario: {field_name}",
        )
    for pid in all_param_ids():
        state.register_param(
            KEY_PARAM_PREFIX + pid,
            "float",
            lo=0,
            hi=MAX_KEY_PARAM,
            default=None,
            doc=f"richtgetal scenario: key parameter {pid}",
        )


def scenario_to_params(scenario: Scenario) -> dict[str, Any]:
    """URL values of a scenario: only what differs from the default (short links); others map to None."""
    base = replace(Scenario(), floor=default_floor(scenario.key))  # a key's own floor is its default
    out: dict[str, Any] = {}
    for f, (param, _kind) in URL_PARAMS.items():
        value = getattr(scenario, f)
        out[param] = None if value == getattr(base, f) else value
    given = scenario.key_params
    for pid in all_param_ids():
        out[KEY_PARAM_PREFIX + pid] = given.get(pid)
    return out


def scenario_from_params(params: Mapping[str, Any]) -> tuple[Scenario, list[str]]:
    """Scenario from raw query-string values; invalid values fall back to the default and are reported."""
    from ui import state

    register_url_params()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for field_name, (param, _kind) in URL_PARAMS.items():
        raw = params.get(param)
        if raw is None or raw == "":
            continue
        try:
            values[field_name] = state.validate(param, raw)
        except (ValueError, KeyError):
            problems.append(f"{param}={str(raw)[:40]}")
    key_params: dict[str, float] = {}
    for name, raw in params.items():
        if str(name).startswith(KEY_PARAM_PREFIX):
            try:
                key_params[str(name)[len(KEY_PARAM_PREFIX) :]] = float(state.validate(str(name), raw))
            except (ValueError, KeyError):
                problems.append(f"{name}={str(raw)[:40]}")
    bounds = param_bounds(str(values.get("key", POPULATION_KEY)))
    for pid, value in list(key_params.items()):
        lo, hi = bounds.get(pid, (0.0, MAX_WEIGHT))
        if not lo <= value <= hi:  # the widget would clamp it silently: say so and use the default
            del key_params[pid]
            problems.append(
                f"{KEY_PARAM_PREFIX}{pid}={_nl_number(value)} (toegestaan {_nl_number(lo)}–{_nl_number(hi)})"
            )
    values["params"] = tuple(key_params.items())
    if "floor" not in values and "key" in values:
        values["floor"] = default_floor(values["key"])  # as the CLI: the key's own floor unless one is given
    try:
        return Scenario(**values).validated(), problems
    except ValueError as exc:  # fields valid one by one but not together (e.g. low > high)
        values.pop("params")
        try:
            return Scenario(**values).validated(), [*problems, str(exc)]
        except ValueError as exc2:
            return Scenario().validated(), [*problems, str(exc2)]


def share_link(scenario: Scenario, page: str = "richtgetal") -> str:
    """Relative link that reopens this scenario (allow-listed parameters only)."""
    from urllib.parse import urlencode

    from ui import state

    register_url_params()
    clean = state.clean_params({k: v for k, v in scenario_to_params(scenario).items() if v is not None})
    return f"./{page}" + (f"?{urlencode(clean)}" if clean else "")


def absolute_link(relative: str, page_url: str | None) -> str:
    """The full address users can paste: ``relative`` resolved against the current page's URL.

    ``page_url`` is ``st.context.url`` (scheme, host, port and page path, no query); without it (AppTest,
    no browser) the relative link is returned. Only http(s) bases are used.
    """
    from urllib.parse import urljoin, urlsplit

    if not page_url or urlsplit(page_url).scheme not in ("http", "https"):
        return relative
    return urljoin(page_url, relative)


def _app_url() -> str | None:
    import streamlit as st

    try:
        url = st.context.url
    except Exception:  # no browser context (AppTest, bare mode)
        return None
    return url if isinstance(url, str) else None


# --- computation (pure; the page calls this) ----------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """Σ floors and Σ caps the scenario implies, for a Dutch message when they cannot meet the total."""

    sum_floors: float
    sum_caps: float


def implied_bounds(scenario: Scenario, population: pd.Series) -> Bounds:
    n = len(population)
    caps = np.full(n, np.inf)
    if scenario.cap:
        caps = np.minimum(caps, scenario.cap)
    if scenario.cap_per_1000:
        caps = np.minimum(caps, np.floor(scenario.cap_per_1000 * population.to_numpy(dtype=float) / 1000.0))
    return Bounds(sum_floors=float(scenario.floor * n), sum_caps=float(caps.sum()))


def infeasible_text(scenario: Scenario, population: pd.Series, lang: str = "nl") -> str:
    """Why floors/caps cannot meet the total, in one language and its number format (no solver detail)."""
    from ui.fmt import fmt_num

    b = implied_bounds(scenario, population)
    total = scenario.high if scenario.mode == "corridor" else scenario.total
    nl = lang != "en"
    floors = fmt_num(b.sum_floors, 0, lang)
    caps = fmt_num(b.sum_caps, 0, lang) if math.isfinite(b.sum_caps) else ("onbegrensd" if nl else "unlimited")
    if nl:
        hint = (
            "Verlaag het minimum per gemeente."
            if b.sum_floors > total
            else "Verhoog het maximum per gemeente of per 1.000 inwoners."
        )
        return (
            f"Deze minimum- en maximumwaarden passen niet bij het totaal: de minima tellen op tot {floors}, "
            f"de maxima tot {caps}, en het totaal is {fmt_num(total, 0, lang)}. {hint}"
        )
    hint = (
        "Lower the floor per gemeente."
        if b.sum_floors > total
        else "Raise the cap per gemeente or per 1,000 inhabitants."
    )
    return (
        f"These floors and caps cannot meet the total: the floors add up to {floors}, the caps to {caps}, "
        f"and the total is {fmt_num(total, 0, lang)}. {hint}"
    )


#: (key, proxy input) → what the proxy stands for *in that key* (the input registry's ``proxy_for`` names
#: every key the input serves, e.g. Königstein's tax revenue and the EU key's GDP; METHODS.md §keys).
KEY_PROXY_TARGETS: dict[tuple[str, str], tuple[str, str]] = {
    ("koenigstein", "fiscal_capacity"): ("belastingkracht (belastingopbrengst)", "fiscal capacity (tax revenue)"),
    ("eu2015", "fiscal_capacity"): ("economische draagkracht (bbp)", "economic capacity (GDP)"),
}


def proxy_notes(key_id: str, proxies_used: tuple[str, ...] | list[str], lang: str = "nl") -> list[str]:
    """One line per proxy the chosen key used: '<key>: <what it stands for> benaderd door <input> (proxy)'."""
    from capacity.keys import get_input

    preset = key_preset(key_id)
    key_name = key_label(preset, lang) if preset is not None else key_id
    nl = lang != "en"
    out = []
    for pid in dict.fromkeys(proxies_used):
        item = get_input(pid)
        target = KEY_PROXY_TARGETS.get((key_id, pid))
        what = (target[0] if nl else target[1]) if target else (item.proxy_for_nl if nl else item.proxy_for_en)
        label = item.label_nl if nl else item.label_en
        out.append(
            f"{key_name}: {what} benaderd door {label} (proxy)"
            if nl
            else f"{key_name}: {what} approximated by {label} (proxy)"
        )
    return out


@dataclass(frozen=True)
class ExtraInputs:
    """Imported key inputs for ``compute_scenario(extra=...)`` and what was left out.

    ``ses_missing``: gemeenten without an imported SES-WOA value; when > 0 the import is not used and the
    spreidingswet key falls back to its labelled proxy (the key refuses an incomplete column).
    """

    extra: pd.DataFrame | None
    ses_missing: int = 0
    ses_used: bool = False


def build_extra(
    codes: pd.Index, ses_woa: pd.Series | None = None, indicators: pd.DataFrame | None = None
) -> ExtraInputs:
    """One table of imported inputs by gemeentecode: SES-WOA (only when complete) and uploaded columns."""
    codes = pd.Index(codes.astype(str), name="gemeentecode")
    parts: dict[str, pd.Series] = {}
    missing = 0
    if ses_woa is not None:
        ses = pd.to_numeric(ses_woa, errors="coerce").rename(index=str).reindex(codes)
        missing = int(ses.isna().sum())
        if missing == 0:
            parts["ses_woa"] = ses
    if indicators is not None:
        table = indicators.rename(index=str).reindex(codes)
        for col in table.columns:
            parts[str(col)] = pd.to_numeric(table[col], errors="coerce")
    extra = pd.DataFrame(parts, index=codes) if parts else None
    return ExtraInputs(extra=extra, ses_missing=missing, ses_used="ses_woa" in parts)


PAGE_PLEDGES_KEY = "richtgetal_pledges"  # pledges uploaded on the Richtgetal page itself (win over Eigen data)


def session_compute_kwargs(scenario: Scenario, codes: pd.Index, state: MutableMapping | None = None) -> dict[str, Any]:
    """The uploaded inputs of this session as ``compute_scenario`` keyword arguments (extra, pledges,
    previous, user_directions), so every page computes the Richtgetal page's allocation the same way.

    An incomplete SES-WOA upload is left out (the spreidingswet key then uses its labelled proxy); see
    :func:`build_extra` for the count to report.
    """
    from ui import userdata

    ss = _ss() if state is None else state
    own = ss.get(PAGE_PLEDGES_KEY)
    pledges = own if isinstance(own, pd.Series) else userdata.pledges(ss)
    meta = userdata.extra_indicator_meta(ss)
    inputs = build_extra(codes, userdata.ses_woa(ss), userdata.extra_indicators(ss))
    return {
        "extra": inputs.extra,
        "pledges": pledges if scenario.use_pledges else None,
        "previous": userdata.previous_period(ss) if scenario.use_previous else None,
        "user_directions": {cid: m.direction for cid, m in meta.items()},
    }


def user_column_problems(
    scenario: Scenario, extra: pd.DataFrame | None, labels: Mapping[str, str], lang: str = "nl"
) -> list[str]:
    """Messages for uploaded columns the custom key weights but cannot use (missing, negative, gone)."""
    if scenario.key != CUSTOM_KEY:
        return []
    nl = lang == "nl"
    out: list[str] = []
    for name, weight in scenario.params:
        if not is_user_param(name) or weight <= 0:
            continue
        label = labels.get(name, name)
        if extra is None or name not in extra.columns:
            out.append(
                f"De eigen kolom '{label}' is niet (meer) geüpload; kies haar af in de eigen sleutel."
                if nl
                else f"The own column '{label}' is no longer uploaded; remove it from the custom key."
            )
            continue
        values = pd.to_numeric(extra[name], errors="coerce")
        n_missing, n_negative = int(values.isna().sum()), int((values < 0).sum())
        if n_missing:
            out.append(
                f"De eigen kolom '{label}' heeft geen waarde voor {n_missing} van de {len(values)} gemeenten; "
                "een sleutel heeft voor elke gemeente een waarde nodig. Vul het bestand aan of kies de kolom "
                "af."
                if nl
                else f"The own column '{label}' lacks a value for {n_missing} of {len(values)} "
                "gemeenten; a key needs every gemeente."
            )
        if n_negative:
            out.append(
                f"De eigen kolom '{label}' heeft negatieve waarden bij {n_negative} gemeenten; een sleutel "
                "kan alleen waarden ≥ 0 gebruiken."
                if nl
                else f"The own column '{label}' has negative values for {n_negative} gemeenten; a key needs values ≥ 0."
            )
    return out


def _allocate_kwargs(
    scenario: Scenario, population: pd.Series, pledges: pd.Series | None, previous: pd.DataFrame | None = None
) -> dict[str, Any]:
    kw: dict[str, Any] = {"method": scenario.method, "population": population}
    preset = key_preset(scenario.key)
    if scenario.use_previous and previous is not None and preset is not None and preset.housed_counts:
        prev = previous.set_index("gemeentecode") if "gemeentecode" in previous.columns else previous
        kw["housed"] = prev["realised"].rename(index=str)  # FlüAG NRW § 3(3): housed persons count
    elif scenario.use_previous and previous is not None:
        kw["previous_realisation"] = previous
        kw["carry_surplus"] = scenario.carry_surplus
    if scenario.floor:
        kw["floor"] = scenario.floor
    if scenario.cap:
        kw["cap"] = scenario.cap
    if scenario.cap_per_1000:
        kw["cap_per_1000"] = scenario.cap_per_1000
    if scenario.use_pledges and pledges is not None:
        kw["pledges"] = pledges
    return kw


@dataclass(frozen=True)
class ScenarioResult:
    """Per gemeente (index gemeentecode): names, share, quota, ``allocated`` (a corridor: its upper end and
    ``allocated_low``/``allocated_high``), per 1,000 inhabitants, needs, deviation from the population
    key and the difference to key B."""

    table: pd.DataFrame
    total: int
    shares_attrs: dict[str, Any]


def compute_scenario(
    scenario: Scenario,
    kwb: pd.DataFrame,
    *,
    extra: pd.DataFrame | None = None,
    load: pd.Series | None = None,
    pledges: pd.Series | None = None,
    previous: pd.DataFrame | None = None,
    user_directions: Mapping[str, int] | None = None,
) -> ScenarioResult:
    """Allocate the scenario's total (or corridor) with its key, plus the population-key and key-B runs.

    ``previous`` (columns ``target``, ``realised``; ``ui.userdata.previous_period``) is used when
    ``scenario.use_previous``: the table then has ``previous_target``, ``previous_realised``, ``backlog``
    and ``target`` (allocated + backlog), and the needs follow ``target`` — as ``python -m capacity
    allocate --previous``. ``user_directions``: uploaded columns of ``extra`` a custom key may weight.
    Raises ``InfeasibleBoundsError`` (a ValueError) when floors/caps cannot meet the total, and
    ValueError/KeyError for bad key parameters.
    """
    from capacity.allocation import allocate, allocate_corridor
    from capacity.keys import key_shares, split_subgroups
    from capacity.needs import compute_needs

    population = kwb.set_index("gemeentecode")["aantal_inwoners"].astype(float)
    kw = _allocate_kwargs(scenario, population, pledges, previous)
    shares = key_shares(
        scenario.key, kwb, params=scenario.key_params or None, extra=extra, load=load, user_directions=user_directions
    )
    total = scenario.high if scenario.mode == "corridor" else scenario.total
    table = allocate(shares, total, **kw)
    if scenario.mode == "corridor":
        band = allocate_corridor(shares, scenario.low, scenario.high, **kw)
        table = table.join(band[[c for c in band.columns if c not in table.columns]])
    if "backlog" in table.columns:
        prev = previous.set_index("gemeentecode") if "gemeentecode" in previous.columns else previous
        prev = prev.rename(index=str)
        table.insert(table.columns.get_loc("backlog"), "previous_target", prev["target"].reindex(table.index))
        table.insert(table.columns.get_loc("backlog"), "previous_realised", prev["realised"].reindex(table.index))
    table = table.join(split_subgroups(scenario.key, table["allocated"], scenario.key_params or None))
    basis = table["target"].astype(float) if "target" in table.columns else table["allocated"]
    needs = compute_needs(basis)
    table = table.join(needs[[c for c in needs.columns if c not in table.columns]])
    other_kw = {k: v for k, v in kw.items() if k not in ("previous_realisation", "carry_surplus", "housed")}

    def _alloc(key_id: str) -> pd.Series:
        other = key_shares(key_id, kwb, extra=extra, load=load)
        return allocate(other, total, **other_kw)["allocated"]

    pop_alloc = table["allocated"] if scenario.key == POPULATION_KEY and not scenario.params else _alloc(POPULATION_KEY)
    table["deviation_population"] = table["allocated"] - pop_alloc.reindex(table.index)
    if scenario.key_b:
        table["allocated_b"] = _alloc(scenario.key_b).reindex(table.index)
        table["difference_b"] = table["allocated_b"] - table["allocated"]
    names = kwb.set_index("gemeentecode")["gemeentenaam"]
    table.insert(0, "gemeentenaam", names.reindex(table.index))
    table.index.name = "gemeentecode"
    table.attrs = {"key": scenario.key, "total": total, "mode": scenario.mode}
    return ScenarioResult(table=table, total=total, shares_attrs=dict(shares.attrs))


def example_allocation(code: str, scenario_result: pd.DataFrame | None) -> tuple[int, str, pd.DataFrame] | None:
    """Share → quota → allocation of one gemeente, for the worked example on the method page."""
    if key_registry() is None:
        return None
    if isinstance(scenario_result, pd.DataFrame) and {"share", "quota", "allocated"} <= set(scenario_result.columns):
        table = scenario_result
        total = int(round(float(table["allocated"].sum())))
        key = str(table.attrs.get("key", ""))
    else:
        try:
            from ui import data

            scenario = Scenario().validated()
            table = compute_scenario(scenario, data.kwb()).table
        except (ImportError, ValueError, KeyError):
            return None
        total, key = scenario.total, scenario.key
    if code not in table.index:
        return None
    row = table.loc[code]
    from ui.fmt import fmt_num

    steps = pd.DataFrame(
        {
            "stap": [
                "aandeel volgens de sleutel",
                f"× totaal {fmt_num(total, 0)} = quotum",
                "afgerond = toegewezen (personen)",
            ],
            "waarde": [
                f"{fmt_num(float(row['share']) * 100, 4)} %",
                fmt_num(float(row["quota"]), 3),
                fmt_num(int(row["allocated"]), 0),
            ],
        }
    )
    return total, key, steps


#: result column → Dutch header (table, CSV and XLSX) and decimals in the on-screen table.
RESULT_COLUMNS: dict[str, tuple[str, str, int]] = {
    "gemeentenaam": ("Gemeente", "Gemeente", -1),
    "share": ("Aandeel (%)", "Share (%)", 4),
    "quota": ("Quotum", "Quota", 2),
    "allocated": ("Toegewezen (personen)", "Allocated (persons)", 0),
    "amv": ("Waarvan amv-plaatsen", "Of which places for unaccompanied minors", 0),
    "housed": ("Al opgevangen (telt mee, FlüAG § 3 lid 3)", "Already housed (counts, FlüAG § 3(3))", 0),
    "allocated_per_1000": ("Per 1.000 inwoners", "Per 1,000 inhabitants", 2),
    "deviation_population": ("Afwijking t.o.v. inwonersleutel", "Deviation from population key", 0),
    "allocated_low": ("Toegewezen bij ondergrens", "Allocated at low end", 0),
    "allocated_high": ("Toegewezen bij bovengrens", "Allocated at high end", 0),
    "band": ("Bandbreedte", "Band", 0),
    "pledge": ("Toezegging", "Pledge", 0),
    "key_allocated": ("Volgens sleutel (zonder toezeggingen)", "By key (without pledges)", 0),
    "deviation": ("Afwijking door toezeggingen", "Deviation by pledges", 0),
    "previous_target": ("Taakstelling vorige periode", "Previous-period target", 0),
    "previous_realised": ("Gerealiseerd vorige periode", "Realised in previous period", 0),
    "backlog": ("Achterstand (+) / voorsprong (−)", "Backlog (+) / surplus (−)", 0),
    "target": ("Nieuwe taakstelling incl. achterstand", "New target incl. backlog", 0),
    "dwellings": ("Woningen", "Dwellings", 0),
    "school_places_po": ("Plaatsen primair onderwijs", "Primary-school places", 0),
    "school_places_vo": ("Plaatsen voortgezet onderwijs", "Secondary-school places", 0),
    "inburgering_trajects": ("Inburgeringstrajecten", "Integration trajectories", 0),
    "annual_cost_eur": ("Indicatieve kosten inburgering per jaar (€)", "Indicative annual cost (€)", 0),
    "allocated_b": ("Toegewezen met sleutel B", "Allocated with key B", 0),
    "difference_b": ("Verschil B − A", "Difference B − A", 0),
    "inwoners": ("Inwoners", "Inhabitants", 0),
}
RESULT_HEADERS_NL = {"gemeentecode": "Gemeentecode", **{c: v[0] for c, v in RESULT_COLUMNS.items()}}


def export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The allocation table as exported (CSV/XLSX): known columns in a fixed order, share in percent."""
    cols = [c for c in RESULT_COLUMNS if c in table.columns]
    out = table[cols].copy()
    out["share"] = out["share"] * 100
    return out


# --- Streamlit controls -----------------------------------------------------------------------------------
# Canonical scenario: st.session_state[STATE_KEY] (a plain dict, survives page switches). Widget keys
# start with "sc_"; Streamlit drops widget state of pages not shown, so they are re-seeded from the
# canonical dict on every run. Presets and JSON uploads write both in callbacks (before the widgets exist).

STATE_KEY = "scenario"
ERROR_KEY = "scenario_error"
JSON_UPLOAD_KEY = "sc_json_upload"
WIDGETS: dict[str, str] = {
    "mode": "sc_mode",
    "total": "sc_total",
    "low": "sc_low",
    "high": "sc_high",
    "key": "sc_key",
    "method": "sc_method",
    "floor": "sc_floor",
    "cap": "sc_cap",
    "cap_per_1000": "sc_cap1000",
    "use_pledges": "sc_pledges",
    "key_b": "sc_keyb",
    "use_previous": "sc_previous",
    "carry_surplus": "sc_surplus",
}


def _param_widget_key(key_id: str, pid: str) -> str:
    return f"sc_p_{key_id}_{pid}"


def _ss() -> Any:
    import streamlit as st

    return st.session_state


def current() -> Scenario:
    """The canonical scenario of this session (default when none)."""
    raw = _ss().get(STATE_KEY)
    try:
        return Scenario.from_dict(raw) if isinstance(raw, Mapping) else Scenario().validated()
    except ValueError:
        return Scenario().validated()


def _store(scenario: Scenario, *, reseed: bool) -> None:
    ss = _ss()
    ss[STATE_KEY] = scenario.to_dict()
    if reseed:
        for f, wkey in WIDGETS.items():
            ss[wkey] = getattr(scenario, f)
        for name in [k for k in ss if str(k).startswith("sc_p_")]:
            del ss[name]
        _seed_params(scenario)


def _seed_params(scenario: Scenario) -> None:
    _seed_key(scenario.key, scenario.key_params)


def _seed_key(key_id: str, given: Mapping[str, float]) -> None:
    """Widget values for a key's weights and parameters that are not set yet (given values, else defaults)."""
    ss = _ss()
    preset = key_preset(key_id)
    if preset is None:
        return
    defaults = {**preset.default_weights, **preset.default_params}
    for pid in set(defaults) | set(given):
        wkey = _param_widget_key(key_id, pid)
        if wkey not in ss:
            ss[wkey] = float(given.get(pid, defaults.get(pid, 0.0)))
    if preset.id == CUSTOM_KEY and "sc_custom_inputs" not in ss:
        chosen = [p for p in given if p not in preset.default_params]
        ss["sc_custom_inputs"] = chosen or [c.input for c in preset.inputs]


def apply_preset(preset_id: str) -> None:
    """Button callback: replace the scenario by a workshop preset."""
    _store(get_preset(preset_id).scenario(), reseed=True)
    _ss()[ERROR_KEY] = None


def apply_json_upload() -> None:
    """Uploader callback: restore a scenario from JSON; on any problem keep the current one and say why."""
    ss = _ss()
    upload = ss.get(JSON_UPLOAD_KEY)
    if upload is None:
        return
    try:
        scenario = scenario_from_json(upload.getvalue())
    except ValueError as exc:
        from ui.layout import plain

        ss[ERROR_KEY] = f"Het scenariobestand is niet geladen: {plain(exc)}. Het vorige scenario blijft staan."
        return
    _store(scenario, reseed=True)
    ss[ERROR_KEY] = None
    ss["scenario_loaded"] = True


def init_state() -> list[str]:
    """First run of a session: the scenario comes from the URL; later runs re-seed missing widgets."""
    ss = _ss()
    problems: list[str] = []
    if not isinstance(ss.get(STATE_KEY), Mapping):
        import streamlit as st

        scenario, problems = scenario_from_params(st.query_params.to_dict())
        _store(scenario, reseed=True)
    scenario = current()
    for f, wkey in WIDGETS.items():
        if wkey not in ss:
            ss[wkey] = getattr(scenario, f)
    _seed_params(scenario)
    return problems


def _number(
    container: Any,
    label: str,
    key: str,
    *,
    min_value: float,
    max_value: float,
    step: float,
    integer: bool,
    help: str | None = None,
    disabled: bool = False,
) -> Any:
    ss = _ss()
    value = ss.get(key)
    if integer:
        ss[key] = int(min(max(int(value if _is_number(value) else min_value), min_value), max_value))
        return container.number_input(
            label,
            min_value=int(min_value),
            max_value=int(max_value),
            step=int(step),
            key=key,
            help=help,
            disabled=disabled,
        )
    ss[key] = float(min(max(float(value if _is_number(value) else min_value), min_value), max_value))
    return container.number_input(
        label,
        min_value=float(min_value),
        max_value=float(max_value),
        step=float(step),
        key=key,
        help=help,
        disabled=disabled,
        format=decimal_format(step),
    )


def decimal_format(step: float) -> str:
    """printf format for a decimal widget: as many decimals as the step needs, 1 or 2 — never 3, because a
    Dutch reader takes "12.000" for twelve thousand (the widget cannot show a decimal comma)."""
    return "%.1f" if abs(round(step * 10) - step * 10) < 1e-9 else "%.2f"


def on_key_change() -> None:
    """Key selectbox callback: pre-fill the key's own floor (Norway: 10), as the CLI applies it.

    Leaving such a key resets a floor that still equals its default to 0, so a floor never lingers
    unnoticed; a floor the user typed stays. The value is visible and editable in the floor widget.
    """
    ss = _ss()
    old_floor = default_floor(str(current().key))
    new_floor = default_floor(str(ss.get(WIDGETS["key"])))
    floor = ss.get(WIDGETS["floor"])
    if new_floor and (not floor or floor == old_floor):
        ss[WIDGETS["floor"]] = new_floor
    elif not new_floor and old_floor and floor == old_floor:
        ss[WIDGETS["floor"]] = 0


def _key_param_controls(key_id: str, lang: str, user_columns: Mapping[str, str] | None = None) -> dict[str, float]:
    """Weights (editable presets, custom key) and scalar parameters of the chosen key; returns overrides."""
    import streamlit as st

    preset = key_preset(key_id)
    if preset is None:
        return {}
    saved = current()
    _seed_key(key_id, saved.key_params if saved.key == key_id else {})
    overrides: dict[str, float] = {}
    weights = dict(preset.default_weights) if preset.weights_editable else {}
    if preset.id == CUSTOM_KEY:
        from capacity.keys import custom_choices

        choices = {**custom_choices(lang), **(user_columns or {})}
        current_inputs = _ss().get("sc_custom_inputs")
        if isinstance(current_inputs, list) and any(c not in choices for c in current_inputs):
            _ss()["sc_custom_inputs"] = [c for c in current_inputs if c in choices]  # an upload was removed
        chosen = st.multiselect(
            "Onderdelen van de eigen sleutel" if lang == "nl" else "Components of the custom key",
            list(choices),
            key="sc_custom_inputs",
            format_func=choices.get,
        )
        if user_columns:
            st.caption(
                "Eigen kolommen (pagina Eigen data) kantelen het inwoneraandeel zoals een indicator, in de "
                "richting die bij het uploaden is gekozen; ze gaan niet mee in de deellink."
                if lang == "nl"
                else "Own columns (Own data page) tilt the population share like an indicator, in the "
                "direction chosen at upload; they are not part of the share link."
            )
        weights = dict.fromkeys(chosen, 1.0)  # a newly added component starts at weight 1
    from capacity.keys import KEY_INPUTS, custom_choices
    from ui.layout import plain

    labels = {
        **custom_choices(lang),
        **{i.id: i.label_nl if lang == "nl" else i.label_en for i in KEY_INPUTS},
        **(user_columns or {}),
    }
    if weights:
        st.caption("Gewichten (worden herschaald naar som 1)" if lang == "nl" else "Weights (rescaled to sum 1)")
        cols = st.columns(min(len(weights), 4))
        for j, (pid, default) in enumerate(weights.items()):
            wkey = _param_widget_key(key_id, pid)
            if wkey not in _ss():
                _ss()[wkey] = float(default)
            shown = plain(labels[pid]) if pid in (user_columns or {}) else labels.get(pid, pid)  # upload text
            value = _number(cols[j % len(cols)], shown, wkey, min_value=0.0, max_value=100.0, step=0.05, integer=False)
            if preset.id == CUSTOM_KEY or abs(float(value) - float(default)) > 1e-12:
                overrides[pid] = float(value)
    for p in preset.params:
        wkey = _param_widget_key(key_id, p.id)
        suffix = (" (aanname)" if lang == "nl" else " (assumption)") if p.assumption else ""
        value = _number(
            st,
            (p.label_nl if lang == "nl" else p.label_en) + suffix,
            wkey,
            min_value=float(p.min),
            max_value=float(p.max),
            step=float(p.max - p.min) / 100 or 1.0,
            integer=False,
            help=p.source_line(lang),
        )
        if abs(float(value) - float(p.default)) > 1e-12:
            overrides[p.id] = float(value)
    return overrides


def scenario_controls(
    lang: str = "nl",
    *,
    pledges_available: bool = False,
    previous_available: bool = False,
    user_columns: Mapping[str, str] | None = None,
) -> Scenario:
    """Presets, total or corridor, key (+ weights), rounding, floor/cap, pledges, previous period and key B.

    ``previous_available``: a previous-period target and realisation were uploaded (``ui.userdata``);
    ``user_columns``: uploaded indicator columns (id → label) the custom key may weight.

    Returns the validated scenario; an invalid combination shows a Dutch error and keeps the previous one.
    """
    import streamlit as st

    nl = lang == "nl"
    ss = _ss()
    st.markdown("**Workshopvoorbeelden**" if nl else "**Workshop presets**")
    cols = st.columns(len(presets()))
    for col, p in zip(cols, presets(), strict=True):
        col.button(
            p.label_nl if nl else p.label_en,
            key=f"sc_preset_{p.id}",
            on_click=apply_preset,
            args=(p.id,),
            help=p.note_nl if nl else (p.note_en or p.note_nl),
            width="stretch",
        )

    keys = key_registry() or ()
    key_labels = {k.id: key_label(k, lang) for k in keys}
    from capacity.apportion import METHOD_LABELS

    method_labels = {m: METHOD_LABELS.get(m, {}).get(lang, m) for m in method_ids()}
    mode_labels = {
        "total": "Eén richtgetal" if nl else "One target",
        "corridor": "Corridor (onder–boven)" if nl else "Corridor (low–high)",
    }

    c1, c2, c3 = st.columns(3)
    mode = c1.radio("Soort" if nl else "Type", MODES, key=WIDGETS["mode"], format_func=mode_labels.get, horizontal=True)
    if mode == "corridor":
        _number(
            c1,
            "Ondergrens (personen)" if nl else "Lower bound (persons)",
            WIDGETS["low"],
            min_value=1,
            max_value=MAX_TOTAL,
            step=1000,
            integer=True,
        )
        _number(
            c1,
            "Bovengrens (personen)" if nl else "Upper bound (persons)",
            WIDGETS["high"],
            min_value=1,
            max_value=MAX_TOTAL,
            step=1000,
            integer=True,
        )
    else:
        _number(
            c1,
            "Richtgetal (personen)" if nl else "Target (persons)",
            WIDGETS["total"],
            min_value=1,
            max_value=MAX_TOTAL,
            step=1000,
            integer=True,
            help="Een scenario-invoer, geen gegeven." if nl else "A scenario input, not data.",
        )
    if ss.get(WIDGETS["key"]) not in key_labels:
        ss[WIDGETS["key"]] = POPULATION_KEY
    key_id = c2.selectbox(
        "Verdeelsleutel" if nl else "Allocation key",
        list(key_labels),
        key=WIDGETS["key"],
        format_func=key_labels.get,
        on_change=on_key_change,
    )
    preset = key_preset(key_id)
    if preset is not None:
        c2.caption(preset.description_nl if nl else preset.description_en)
        if default_floor(key_id):
            c2.caption(
                (
                    f"Bij deze sleutel hoort een minimum van {default_floor(key_id)} per gemeente; dat is "
                    "ingevuld onder 'Minimum en maximum per gemeente' (aanpasbaar), zoals de opdrachtregel "
                    "het toepast."
                )
                if nl
                else f"This key comes with a floor of {default_floor(key_id)} per gemeente; it is filled in under "
                "'Floor and cap per gemeente' (editable), as the command line applies it."
            )
    c3.selectbox(
        "Afronding naar hele personen" if nl else "Rounding to whole persons",
        list(method_labels),
        key=WIDGETS["method"],
        format_func=method_labels.get,
    )
    with c3.expander(
        "Minimum en maximum per gemeente" if nl else "Floor and cap per gemeente",
        expanded=bool(ss.get(WIDGETS["floor"])),
    ):
        _number(
            st,
            "Minimum per gemeente" if nl else "Floor per gemeente",
            WIDGETS["floor"],
            min_value=0,
            max_value=MAX_TOTAL,
            step=1,
            integer=True,
        )
        _number(
            st,
            "Maximum per gemeente (0 = geen)" if nl else "Cap per gemeente (0 = none)",
            WIDGETS["cap"],
            min_value=0,
            max_value=MAX_TOTAL,
            step=10,
            integer=True,
        )
        _number(
            st,
            "Maximum per 1.000 inwoners (0 = geen)" if nl else "Cap per 1,000 inhabitants (0 = none)",
            WIDGETS["cap_per_1000"],
            min_value=0.0,
            max_value=1000.0,
            step=0.5,
            integer=False,
        )
    c3.checkbox(
        "Toezeggingen meetellen" if nl else "Count pledges",
        key=WIDGETS["use_pledges"],
        disabled=not pledges_available,
        help=(
            "Upload toezeggingen hieronder of op de pagina Eigen data."
            if nl
            else "Upload pledges below or on the Own data page."
        ),
    )
    c3.checkbox(
        "Achterstand/voorsprong vorige periode meetellen" if nl else "Count previous-period backlog/surplus",
        key=WIDGETS["use_previous"],
        disabled=not previous_available,
        help=(
            "Upload op de pagina Eigen data een tabel met de taakstelling en de realisatie van de vorige "
            "periode (rollen 'Taakstelling vorige periode' en 'Realisatie vorige periode'). Achterstand = "
            "taakstelling − gerealiseerd; die komt bij de nieuwe verdeling."
            if nl
            else "Upload the previous target and realisation on the Own data page (roles 'Previous-period "
            "target' and 'Previous-period realisation'). Backlog = target − realised; it is added to the "
            "new allocation."
        ),
    )
    c3.checkbox(
        "Voorsprong aftrekken (niet geverifieerd)" if nl else "Subtract a surplus (unverified)",
        key=WIDGETS["carry_surplus"],
        disabled=not (previous_available and ss.get(WIDGETS["use_previous"])),
        help=(
            "De taakstelling telt een achterstand mee; of een voorsprong (meer gehuisvest dan gevraagd) "
            "van de volgende taakstelling wordt afgetrokken, is niet geverifieerd (METHODS.md). Uit: "
            "alleen achterstanden tellen."
            if nl
            else "The Dutch task adds a backlog; whether a surplus is subtracted is unverified "
            "(METHODS.md). Off: only backlogs count."
        ),
    )
    with st.expander(
        "Sleutelgewichten en -parameters" if nl else "Key weights and parameters", expanded=key_id == CUSTOM_KEY
    ):
        overrides = _key_param_controls(key_id, lang, user_columns)
    b_labels = {"": "— geen —" if nl else "— none —", **key_labels}
    if ss.get(WIDGETS["key_b"]) not in b_labels:
        ss[WIDGETS["key_b"]] = ""
    with st.expander(
        "Scenario B: vergelijk met een tweede sleutel" if nl else "Scenario B: compare with a second key",
        expanded=bool(ss.get(WIDGETS["key_b"])),
    ):
        st.selectbox(
            "Tweede sleutel (zelfde totaal en afronding)" if nl else "Second key (same total and rounding)",
            list(b_labels),
            key=WIDGETS["key_b"],
            format_func=b_labels.get,
        )

    values = {f: ss.get(w) for f, w in WIDGETS.items()}
    values["params"] = tuple(overrides.items())
    values["use_pledges"] = bool(values["use_pledges"]) and pledges_available
    values["use_previous"] = bool(values["use_previous"]) and previous_available
    values["carry_surplus"] = bool(values["carry_surplus"])
    try:
        scenario = Scenario(**values).validated()
    except (ValueError, TypeError) as exc:
        from ui.layout import plain

        st.error(
            f"Dit scenario is ongeldig: {plain(exc)}. Het vorige scenario blijft staan."
            if nl
            else f"Invalid scenario: {plain(exc)}. The previous one is kept."
        )
        return current()
    _store(scenario, reseed=False)
    return scenario


def scenario_io(scenario: Scenario, lang: str = "nl") -> None:
    """Scenario JSON download and upload, and the link that reopens this view."""
    import streamlit as st

    from ui.export import json_download

    nl = lang == "nl"
    c1, c2 = st.columns(2)
    with c1:
        json_download(
            scenario_to_json(scenario),
            file_name="scenario.json",
            key="sc_json_download",
            label="Scenario downloaden (JSON)" if nl else "Download scenario (JSON)",
        )
        link = absolute_link(share_link(scenario), _app_url())
        st.markdown(
            ("Link naar precies deze weergave: " if nl else "Link to exactly this view: ") + f"[{link}]({link})"
        )
        st.code(link, language=None)
    with c2:
        st.file_uploader(
            "Scenario laden (JSON)" if nl else "Load scenario (JSON)",
            type=["json"],
            key=JSON_UPLOAD_KEY,
            on_change=apply_json_upload,
            max_upload_size=1,
        )
    message = _ss().pop(ERROR_KEY, None)  # shown once: a later action must not inherit a stale error
    if message:
        st.error(message)
    elif _ss().pop("scenario_loaded", False):
        st.success("Scenario geladen." if nl else "Scenario loaded.")


def sync_url(scenario: Scenario) -> None:
    """Write the scenario into the URL (allow-listed), so the address bar is always a shareable link."""
    from ui import state

    register_url_params()
    state.set_params(**scenario_to_params(scenario))


def parse_pledges_csv(raw: bytes, codes: pd.Index) -> pd.Series:
    """Pledges from a small CSV (columns ``gemeentecode`` and ``toezegging``; ``;`` or ``,``), read by the
    importer's bounded table reader (same number rules as uploads). ``ValueError`` with a Dutch reason."""
    from geodata.importer.simple import read_pledges

    return read_pledges(raw, codes)


# --- the scenario other pages show (Kaart, Gemeente) ------------------------------------------------------


def view_scenario(view: Any) -> Scenario | None:
    """The scenario behind a ``ui.data.ScenarioView``: its own, or for the Richtgetal page's stored result
    the canonical scenario of this session (that page stores both on every run)."""
    return view.scenario if view.scenario is not None else (current() if view.table is not None else None)


def view_label(view: Any, lang: str = "nl", *, hint: bool = True) -> str:
    """'<origin>: 30.000 personen, sleutel …' for every origin, the Richtgetal page's own result included."""
    from ui import data

    scenario = view_scenario(view)
    if scenario is None:
        return ""
    origin = "richtgetal" if view.origin == "session" else view.origin
    return data.scenario_label(replace(view, scenario=scenario, origin=origin), lang, hint=hint)


def view_error(view: Any, population: pd.Series, lang: str = "nl") -> str:
    """Why the view has no table, as Markdown-safe text: the floor/cap explanation when that is the cause
    (own words and numbers), else the computation's detail escaped (it may quote link values)."""
    from ui.layout import plain

    scenario = view_scenario(view)
    if scenario is not None:
        b = implied_bounds(scenario, population)
        total = scenario.high if scenario.mode == "corridor" else scenario.total
        if b.sum_floors > total or b.sum_caps < total:
            return infeasible_text(scenario, population, lang)
    return plain(view.error)


def render_view_notice(view: Any, lang: str = "nl") -> None:
    """Name the scenario a page shows (always), explain a failure, list ignored link parameters (as plain
    text: they come from the URL), and link to the Richtgetal page."""
    import streamlit as st

    from ui import data
    from ui.i18n import t
    from ui.layout import link_to_page, plain

    if view.table is None:
        population = data.kwb().set_index("gemeentecode")["aantal_inwoners"].astype(float)
        st.warning(
            t(
                "scenario.failed",
                "Het richtgetal-scenario kan niet worden berekend: {e}",
                en="The target scenario cannot be computed: {e}",
                e=view_error(view, population, lang),
            )
        )
    else:
        st.info(view_label(view, lang))
    if view.problems:
        st.caption(
            t(
                "scenario.ignored",
                "Linkparameter genegeerd: {p}",
                en="Link parameter ignored: {p}",
                p=plain(", ".join(view.problems)),
            )
        )
    link_to_page("richtgetal.py", "page.richtgetal", ":material/calculate:")


def sync_view_url(view: Any | None) -> None:
    """Put the shown scenario in the URL (``None``: no allocation shown, so no scenario parameters), so a
    shared Kaart/Gemeente link reopens the same allocation."""
    scenario = None if view is None else view_scenario(view)
    if scenario is not None:
        sync_url(scenario)
        return
    from ui import state

    register_url_params()
    state.set_params(**dict.fromkeys(scenario_to_params(Scenario().validated()), None))
