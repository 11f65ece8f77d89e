"""Richtgetal scenario (pure): the model (plain, validated values), workshop presets, the JSON and URL
round trips and the computation that turns a scenario into an allocation with needs.

A scenario is a handful of allow-listed plain values (never pickled). The same validation guards every
way in: widgets, the URL, an uploaded JSON file and presets. The richtgetal itself is a *scenario input*,
not data: preset totals are workshop examples. The Richtgetal page, the other pages and the exports all
compute through ``capacity.scenario_compute.compute_scenario``; ``ui.scenario`` only binds it to widgets, session and URL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from capacity.apportion import METHODS
from capacity.indicators import INHABITANTS
from capacity.keys import KEYS, KeyPreset, custom_choices
from capacity.provenance import METHOD_VERSION, data_fingerprint, provenance
from capacity.urlparams import Param
from geodata.importer import load_json_bounded

MODES: tuple[str, ...] = ("total", "corridor")
JSON_VERSION = 1
JSON_KIND = "opnamecapaciteit-scenario"
MAX_TOTAL = 1_000_000  # persons; far above any national figure, only guards against typos
MAX_JSON_BYTES = 20_000
DEFAULT_TOTAL = 30_000  # workshop example (the "Richtgetal 30.000" preset), not a real national figure
POPULATION_KEY = "population"
CUSTOM_KEY = "custom"
POPULATION_COLUMN = INHABITANTS  # KWB column with the number of inhabitants
USER_COLUMN_PREFIX = "eigen: "  # id prefix of uploaded indicator columns (``ui.userdata``)
MAX_WEIGHT = 100.0  # largest weight the widgets accept (weights are rescaled to sum 1)


def key_registry() -> tuple[KeyPreset, ...]:
    """The key presets of ``capacity.keys``."""
    return tuple(KEYS)


def key_ids() -> tuple[str, ...]:
    return tuple(k.id for k in KEYS)


def key_label(key: KeyPreset, lang: str = "nl") -> str:
    return str(getattr(key, f"label_{lang}", None) or key.label_nl or key.id)


def method_ids() -> tuple[str, ...]:
    return tuple(METHODS)


def key_preset(key_id: str) -> KeyPreset | None:
    return next((k for k in KEYS if k.id == key_id), None)


def allowed_param_ids(key_id: str) -> tuple[str, ...]:
    """Parameter names ``capacity.keys.key_shares`` accepts for a key (weights and scalar parameters)."""
    preset = key_preset(key_id)
    if preset is None:
        return ()
    scalars = tuple(p.id for p in preset.params)
    if preset.id == CUSTOM_KEY:
        return tuple(custom_choices()) + scalars
    weights = tuple(c.input for c in preset.inputs) if preset.weights_editable else ()
    return weights + scalars


def all_param_ids() -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for k in KEYS for p in allowed_param_ids(k.id)))


def is_user_param(name: object) -> bool:
    """A custom-key weight on an uploaded column (session-only, never in links)."""
    return isinstance(name, str) and name.startswith(USER_COLUMN_PREFIX) and len(name) <= 200


def default_floor(key_id: str) -> int:
    """The minimum per gemeente that belongs to a key (Norway: 10), as the CLI applies it; else 0."""
    preset = key_preset(key_id)
    return int(getattr(preset, "default_floor", None) or 0)


def nl_number(x: float) -> str:
    """Dutch decimal comma for messages (no thousands separator needed at these sizes)."""
    return f"{float(x):g}".replace(".", ",")


_nl_number = nl_number


def param_bounds(key_id: str) -> dict[str, tuple[float, float]]:
    """Allowed range per key parameter: the preset's own min–max for scalars (the widget range), 0–100
    for weights — so a link cannot carry a value the widget would silently clamp."""
    preset = key_preset(key_id)
    if preset is None:
        return {}
    return {p.id: (float(p.min), float(p.max)) for p in preset.params}


def is_number(x: object) -> bool:
    return not isinstance(x, bool) and isinstance(x, int | float) and math.isfinite(x)


_is_number = is_number


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
    """The scenario file: the scenario plus what it was computed with (method version, data sha256).

    Loading ignores ``provenance``: a file from an older method still opens, with today's method."""
    doc = {"kind": JSON_KIND, "version": JSON_VERSION, "scenario": scenario.to_dict(), "provenance": provenance()}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def scenario_from_json(raw: bytes | str) -> Scenario:
    """Parse and validate an uploaded scenario file; ``ValueError`` with a Dutch reason otherwise.

    Size and nesting depth are checked before parsing (``geodata.importer.load_json_bounded``); no other
    exception type ever leaves this function."""
    doc = load_json_bounded(raw, MAX_JSON_BYTES)
    if not isinstance(doc, dict) or doc.get("kind") != JSON_KIND:
        raise ValueError(f'geen scenariobestand (verwacht "kind": "{JSON_KIND}")')
    if doc.get("version") != JSON_VERSION:
        raise ValueError(
            f"scenarioversie {str(doc.get('version'))[:20]!r} wordt niet ondersteund (verwacht {JSON_VERSION})"
        )
    try:
        return Scenario.from_dict(doc.get("scenario"))  # type: ignore[arg-type]  # from_dict checks the type
    except ValueError:
        raise
    except Exception:  # noqa: BLE001 - a malformed document must read as a reason, never as Python's words
        raise ValueError("de inhoud van het scenario heeft een onverwachte vorm") from None


# --- URL ------------------------------------------------------------------------------------------------

#: scenario field → (URL parameter, kind): the allow-list of a shared link.
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
#: provenance in a link: the method version and a short fingerprint of the data files' sha256. A link made with
#: another version still opens (with today's method and data) and says so.
PROVENANCE_PARAMS: dict[str, Callable[[], str]] = {"mv": lambda: METHOD_VERSION, "data": data_fingerprint}
MAX_KEY_PARAM = 1_000_000.0


def _key_b_choices() -> tuple[str, ...]:
    return ("", *key_ids())


def url_params() -> dict[str, Param]:
    """Every URL parameter a scenario link may carry, by name (the scenario fields and ``kp_<id>``)."""
    base = Scenario()
    choices: dict[str, Callable[[], tuple[str, ...]] | tuple[str, ...]] = {
        "mode": MODES,
        "key": key_ids,
        "method": method_ids,
        "key_b": _key_b_choices,
    }
    out: dict[str, Param] = {}
    for field_name, (name, kind) in URL_PARAMS.items():
        lo, hi = (0.0, float(MAX_TOTAL)) if kind == "int" else ((0.0, 1000.0) if kind == "float" else (None, None))
        out[name] = Param(
            name,
            kind,  # type: ignore[arg-type]
            choices=choices.get(field_name),
            lo=lo,
            hi=hi,
            default=getattr(base, field_name),
            doc=f"richtgetal scenario: {field_name}",
        )
    for pid in all_param_ids():
        name = KEY_PARAM_PREFIX + pid
        out[name] = Param(name, "float", lo=0.0, hi=MAX_KEY_PARAM, doc=f"richtgetal scenario: key parameter {pid}")
    for name in PROVENANCE_PARAMS:
        out[name] = Param(name, "choice", doc=f"provenance: {name} the link was made with")
    return out


def provenance_problems(params: Mapping[str, Any]) -> list[str]:
    """'mv=… (nu …)' for a link made with another method version or other data; empty when equal or absent."""
    out = []
    for name, current in PROVENANCE_PARAMS.items():
        raw = params.get(name)
        if raw not in (None, "") and str(raw)[:40] != current():
            out.append(f"{name}={str(raw)[:40]} (nu {current()})")
    return out


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


def clean_params(params: Mapping[str, object], specs: Mapping[str, Param] | None = None) -> dict[str, str]:
    """Allow-listed, rendered query values (None dropped); unknown or invalid ones are left out."""
    specs = url_params() if specs is None else specs
    out: dict[str, str] = {}
    for name, value in params.items():
        if value is None or name not in specs:
            continue
        text = specs[name].render(value)
        try:
            specs[name].parse(text)
        except ValueError:
            continue
        out[name] = text
    return out


def scenario_from_params(params: Mapping[str, Any]) -> tuple[Scenario, list[str]]:
    """Scenario from raw query-string values; invalid values fall back to the default and are reported."""
    specs = url_params()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for field_name, (param, _kind) in URL_PARAMS.items():
        raw = params.get(param)
        if raw is None or raw == "":
            continue
        try:
            values[field_name] = specs[param].parse(raw)
        except ValueError:
            problems.append(f"{param}={str(raw)[:40]}")
    key_params: dict[str, float] = {}
    for name, raw in params.items():
        if str(name).startswith(KEY_PARAM_PREFIX):
            try:
                if str(name) not in specs:
                    raise ValueError(name)
                key_params[str(name)[len(KEY_PARAM_PREFIX) :]] = float(specs[str(name)].parse(raw))
            except ValueError:
                problems.append(f"{name}={str(raw)[:40]}")
    bounds = param_bounds(str(values.get("key", POPULATION_KEY)))
    for pid, value in list(key_params.items()):
        lo, hi = bounds.get(pid, (0.0, MAX_WEIGHT))
        if not lo <= value <= hi:  # the widget would clamp it silently: say so and use the default
            del key_params[pid]
            problems.append(f"{KEY_PARAM_PREFIX}{pid}={nl_number(value)} (toegestaan {nl_number(lo)}–{nl_number(hi)})")
    values["params"] = tuple(key_params.items())
    problems += provenance_problems(params)
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


def share_query(scenario: Scenario) -> dict[str, str]:
    """The query parameters of a link that reopens this scenario (allow-listed, defaults left out), plus the
    method version and data fingerprint it was made with."""
    given = {k: v for k, v in scenario_to_params(scenario).items() if v is not None}
    return clean_params({**given, **{name: current() for name, current in PROVENANCE_PARAMS.items()}})


def scenario_total(scenario: Scenario) -> int:
    """The number the key divides: the total, or a corridor's upper end."""
    return scenario.high if scenario.mode == "corridor" else scenario.total
