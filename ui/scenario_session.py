"""Richtgetal scenario ↔ Streamlit: the canonical scenario in the session, widget seeding, callbacks,
the URL binding, the uploads a computation uses and the scenario other pages show.

The scenario model and its computation are pure (``capacity.scenario``, ``capacity.scenario_compute``).
Canonical scenario: ``st.session_state[STATE_KEY]`` (a plain dict, survives page switches). Widget keys start
with "sc_"; Streamlit drops widget state of pages not shown, so they are re-seeded from the canonical dict on
every run. Presets and JSON uploads write both in callbacks (before the widgets exist).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pandas as pd
import streamlit as st

from capacity.scenario import (
    CUSTOM_KEY,
    POPULATION_COLUMN,
    PROVENANCE_PARAMS,
    Scenario,
    default_floor,
    get_preset,
    key_label,
    key_preset,
    scenario_from_json,
    scenario_from_params,
    scenario_to_params,
    share_query,
    url_params,
)
from capacity.scenario_compute import Bounds, ScenarioInfeasibleError, build_extra, compute_scenario
from geodata.importer import InputError
from ui import data, state, userdata
from ui.fmt import fmt_num
from ui.i18n import lang, t
from ui.layout import plain

STATE_KEY = "scenario"
RESULT_KEY = "scenario_result"  # the Richtgetal page's allocation table, read by Kaart, Gemeente, Regio's, Methode
ERROR_KEY = "scenario_error"
LOADED_KEY = "scenario_loaded"
JSON_UPLOAD_KEY = "sc_json_upload"
CUSTOM_INPUTS_KEY = "sc_custom_inputs"
PAGE_PLEDGES_KEY = "richtgetal_pledges"  # pledges uploaded on the Richtgetal page itself (win over Eigen data)
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


def register_url_params() -> None:
    """Register the scenario's allow-listed URL parameters with ``ui.state`` (idempotent, cheap)."""
    state.PARAMS.update(url_params())


def param_widget_key(key_id: str, pid: str) -> str:
    return f"sc_p_{key_id}_{pid}"


def _ss() -> Any:
    return st.session_state


def current() -> Scenario:
    """The canonical scenario of this session (default when none)."""
    raw = _ss().get(STATE_KEY)
    try:
        return Scenario.from_dict(raw) if isinstance(raw, Mapping) else Scenario().validated()
    except ValueError:
        return Scenario().validated()


def store(scenario: Scenario, *, reseed: bool) -> None:
    ss = _ss()
    ss[STATE_KEY] = scenario.to_dict()
    if reseed:
        for f, wkey in WIDGETS.items():
            ss[wkey] = getattr(scenario, f)
        for name in [k for k in ss if str(k).startswith("sc_p_")]:
            del ss[name]
        seed_key(scenario.key, scenario.key_params)


def seed_key(key_id: str, given: Mapping[str, float]) -> None:
    """Widget values for a key's weights and parameters that are not set yet (given values, else defaults)."""
    ss = _ss()
    preset = key_preset(key_id)
    if preset is None:
        return
    defaults = {**preset.default_weights, **preset.default_params}
    for pid in set(defaults) | set(given):
        wkey = param_widget_key(key_id, pid)
        if wkey not in ss:
            ss[wkey] = float(given.get(pid, defaults.get(pid, 0.0)))
    if preset.id == CUSTOM_KEY and CUSTOM_INPUTS_KEY not in ss:
        chosen = [p for p in given if p not in preset.default_params]
        ss[CUSTOM_INPUTS_KEY] = chosen or [c.input for c in preset.inputs]


def apply_preset(preset_id: str) -> None:
    """Button callback: replace the scenario by a workshop preset."""
    store(get_preset(preset_id).scenario(), reseed=True)
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
        ss[ERROR_KEY] = t("scenario.json_bad", e=plain(exc.text(lang()) if isinstance(exc, InputError) else exc))
        return
    store(scenario, reseed=True)
    ss[ERROR_KEY] = None
    ss[LOADED_KEY] = True


def init_state() -> list[str]:
    """First run of a session: the scenario comes from the URL; later runs re-seed missing widgets."""
    ss = _ss()
    problems: list[str] = []
    if not isinstance(ss.get(STATE_KEY), Mapping):
        scenario, problems = scenario_from_params(st.query_params.to_dict())
        store(scenario, reseed=True)
    scenario = current()
    for f, wkey in WIDGETS.items():
        if wkey not in ss:
            ss[wkey] = getattr(scenario, f)
    seed_key(scenario.key, scenario.key_params)
    return problems


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


# --- links ----------------------------------------------------------------------------------------------


def share_link(scenario: Scenario, page: str = "richtgetal") -> str:
    """Relative link that reopens this scenario (allow-listed parameters only)."""
    query = share_query(scenario)
    return f"./{page}" + (f"?{urlencode(query)}" if query else "")


def absolute_link(relative: str, page_url: str | None) -> str:
    """The full address users can paste: ``relative`` resolved against the current page's URL.

    ``page_url`` is ``st.context.url`` (scheme, host, port and page path, no query); without it (AppTest,
    no browser) the relative link is returned. Only http(s) bases are used.
    """
    if not page_url or urlsplit(page_url).scheme not in ("http", "https"):
        return relative
    return urljoin(page_url, relative)


def app_url() -> str | None:
    try:
        url = st.context.url
    except Exception:  # no browser context (AppTest, bare mode)
        return None
    return url if isinstance(url, str) else None


def sync_url(scenario: Scenario) -> None:
    """Write the scenario into the URL (allow-listed), so the address bar is always a shareable link."""
    register_url_params()
    state.set_params(**scenario_to_params(scenario), **{name: now() for name, now in PROVENANCE_PARAMS.items()})


# --- inputs of a computation ----------------------------------------------------------------------------


def session_compute_kwargs(scenario: Scenario, codes: pd.Index, ss: MutableMapping | None = None) -> dict[str, Any]:
    """The uploaded inputs of this session as ``compute_scenario`` keyword arguments (extra, pledges,
    previous, user_directions), so every page computes the Richtgetal page's allocation the same way.

    An incomplete SES-WOA upload is left out (the spreidingswet key then uses its labelled proxy); see
    ``capacity.scenario_compute.build_extra`` for the count to report.
    """
    ss = _ss() if ss is None else ss
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


def population() -> pd.Series:
    """Inhabitants per gemeente (index gemeentecode), the population the scenario is computed on."""
    return data.kwb().set_index("gemeentecode")[POPULATION_COLUMN].astype(float)


def load_for(scenario: Scenario) -> pd.Series | None:
    """The total load score when the scenario uses the ``capacity`` key (as A or B), else None."""
    return data.scores(None).scores["total_load"] if "capacity" in (scenario.key, scenario.key_b) else None


def compute_session_scenario(scenario: Scenario) -> pd.DataFrame:
    """The allocation table with the same inputs as the Richtgetal page (uploads and load scores)."""
    frame = data.kwb()
    kwargs = session_compute_kwargs(scenario, pd.Index(frame["gemeentecode"]))
    return compute_scenario(scenario, frame, load=load_for(scenario), **kwargs).table


# --- the scenario other pages show (Kaart, Gemeente) ------------------------------------------------------


@dataclass(frozen=True)
class ScenarioView:
    """The allocation a page shows: the Richtgetal page's result, else one computed here.

    ``origin``: ``session`` (result of the Richtgetal page), ``richtgetal`` (that page's scenario, no
    result stored), ``url`` (scenario parameters in the link) or ``default`` (``Scenario()``).
    ``bounds``: Σ floors/caps when floors/caps made the scenario infeasible.
    """

    table: pd.DataFrame | None
    origin: str
    scenario: Scenario | None = None
    error: str = ""
    problems: tuple[str, ...] = ()
    bounds: Bounds | None = None


def scenario_view() -> ScenarioView:
    """The session's scenario result when the Richtgetal page computed one; otherwise the scenario of
    this session or link (default when none) computed like the Richtgetal page (~10 ms)."""
    result = _ss().get(RESULT_KEY)
    if isinstance(result, pd.DataFrame) and "allocated" in result.columns:
        return ScenarioView(result, "session")
    problems: list[str] = []
    if isinstance(_ss().get(STATE_KEY), Mapping):
        scenario, origin = current(), "richtgetal"
    else:
        scenario, problems = scenario_from_params(st.query_params.to_dict())
        origin = "default" if scenario == Scenario().validated() else "url"
    try:
        table = compute_session_scenario(scenario)
    except ScenarioInfeasibleError as exc:
        return ScenarioView(None, origin, scenario, str(exc), tuple(problems), exc.bounds)
    except (ValueError, KeyError) as exc:  # bad key parameters: say why, no crash
        return ScenarioView(None, origin, scenario, str(exc.args[0] if exc.args else exc), tuple(problems))
    return ScenarioView(table, origin, scenario, "", tuple(problems))


def view_scenario(view: ScenarioView) -> Scenario | None:
    """The scenario behind a view: its own, or for the Richtgetal page's stored result the canonical
    scenario of this session (that page stores both on every run)."""
    return view.scenario if view.scenario is not None else (current() if view.table is not None else None)


def scenario_label(view: ScenarioView, lang: str = "nl", *, hint: bool = True) -> str:
    """'standaardscenario: 30.000 personen, sleutel … — pas aan op de pagina Richtgetal' (numbers from
    the Scenario object); empty for the Richtgetal page's own result."""
    s = view.scenario
    if s is None or view.origin not in ("default", "url", "richtgetal"):
        return ""
    preset = key_preset(s.key)
    key = key_label(preset, lang) if preset is not None else s.key
    if s.mode == "corridor":
        amount = t("scenario.amount_corridor", lang_=lang, lo=fmt_num(s.low, 0, lang), hi=fmt_num(s.high, 0, lang))
    else:
        amount = t("scenario.amount_total", lang_=lang, n=fmt_num(s.total, 0, lang))
    text = t(
        "scenario.label", lang_=lang, origin=t(f"scenario.origin.{view.origin}", lang_=lang), amount=amount, keyname=key
    )
    return text + t("scenario.adjust_hint", lang_=lang) if hint else text


def view_label(view: ScenarioView, lang: str = "nl", *, hint: bool = True) -> str:
    """'<origin>: 30.000 personen, sleutel …' for every origin, the Richtgetal page's own result included."""
    scenario = view_scenario(view)
    if scenario is None:
        return ""
    origin = "richtgetal" if view.origin == "session" else view.origin
    return scenario_label(replace(view, scenario=scenario, origin=origin), lang, hint=hint)


def sync_view_url(view: ScenarioView | None) -> None:
    """Put the shown scenario in the URL (``None``: no allocation shown, so no scenario parameters), so a
    shared Kaart/Gemeente link reopens the same allocation."""
    scenario = None if view is None else view_scenario(view)
    if scenario is not None:
        sync_url(scenario)
        return
    register_url_params()
    state.set_params(**dict.fromkeys([*scenario_to_params(Scenario().validated()), *PROVENANCE_PARAMS], None))
