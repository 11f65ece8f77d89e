"""Richtgetal scenario widgets and messages: presets, total/corridor, key (+ weights), rounding, bounds,
pledges, previous period, key B, the scenario file and link, and the notice other pages show.

Session binding lives in ``ui.scenario_session``; the model and computation in ``capacity.scenario*``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from capacity.apportion import METHOD_LABELS
from capacity.keys import KEY_INPUTS, custom_choices, get_input
from capacity.scenario import (
    CUSTOM_KEY,
    MAX_TOTAL,
    MODES,
    POPULATION_KEY,
    Scenario,
    default_floor,
    is_number,
    is_user_param,
    key_label,
    key_preset,
    key_registry,
    method_ids,
    presets,
    scenario_to_json,
    scenario_total,
)
from capacity.scenario_compute import Bounds, bounds_infeasible, compute_scenario
from ui import data
from ui.export import json_download
from ui.fmt import fmt_num
from ui.i18n import t
from ui.layout import link_to_page, plain
from ui.scenario_session import (
    CUSTOM_INPUTS_KEY,
    ERROR_KEY,
    JSON_UPLOAD_KEY,
    LOADED_KEY,
    WIDGETS,
    ScenarioView,
    _ss,
    absolute_link,
    app_url,
    apply_json_upload,
    apply_preset,
    current,
    on_key_change,
    param_widget_key,
    seed_key,
    share_link,
    store,
    view_label,
    view_scenario,
)


def infeasible_text(scenario: Scenario, bounds: Bounds, lang: str = "nl") -> str:
    """Why floors/caps cannot meet the total, in one language and its number format (no solver detail).

    ``bounds`` are the sums the engine used (``ScenarioInfeasibleError.bounds``): the floor counts only
    for gemeenten with a positive key share."""
    total = scenario_total(scenario)
    caps = fmt_num(bounds.sum_caps, 0, lang) if math.isfinite(bounds.sum_caps) else t("scenario.unlimited", lang_=lang)
    hint = t("scenario.hint_floor" if bounds.sum_floors > total else "scenario.hint_cap", lang_=lang)
    return t(
        "scenario.infeasible",
        lang_=lang,
        floors=fmt_num(bounds.sum_floors, 0, lang),
        caps=caps,
        total=fmt_num(total, 0, lang),
        hint=hint,
    )


#: (key, proxy input) → what the proxy stands for *in that key* (the input registry's ``proxy_for`` names
#: every key the input serves, e.g. Königstein's tax revenue and the EU key's GDP; METHODS.md §keys).
KEY_PROXY_TARGETS: dict[tuple[str, str], tuple[str, str]] = {
    ("koenigstein", "fiscal_capacity"): ("belastingkracht (belastingopbrengst)", "fiscal capacity (tax revenue)"),
    ("eu2015", "fiscal_capacity"): ("economische draagkracht (bbp)", "economic capacity (GDP)"),
}


def proxy_notes(key_id: str, proxies_used: tuple[str, ...] | list[str], lang: str = "nl") -> list[str]:
    """One line per proxy the chosen key used: '<key>: <what it stands for> benaderd door <input> (proxy)'."""
    preset = key_preset(key_id)
    key_name = key_label(preset, lang) if preset is not None else key_id
    nl = lang != "en"
    out = []
    for pid in dict.fromkeys(proxies_used):
        item = get_input(pid)
        target = KEY_PROXY_TARGETS.get((key_id, pid))
        what = (target[0] if nl else target[1]) if target else (item.proxy_for_nl if nl else item.proxy_for_en)
        label = item.label_nl if nl else item.label_en
        out.append(t("scenario.approximated_by_proxy", key_name=key_name, what=what, label=label, lang_=lang))
    return out


def user_column_problems(
    scenario: Scenario, extra: pd.DataFrame | None, labels: Mapping[str, str], lang: str = "nl"
) -> list[str]:
    """Messages for uploaded columns the custom key weights but cannot use (missing, negative, gone)."""
    if scenario.key != CUSTOM_KEY:
        return []
    out: list[str] = []
    for name, weight in scenario.params:
        if not is_user_param(name) or weight <= 0:
            continue
        label = labels.get(name, name)
        if extra is None or name not in extra.columns:
            out.append(t("scenario.the_own_column_is", label=label, lang_=lang))
            continue
        values = pd.to_numeric(extra[name], errors="coerce")
        n_missing, n_negative = int(values.isna().sum()), int((values < 0).sum())
        if n_missing:
            out.append(t("scenario.the_own_column_lacks", label=label, n_missing=n_missing, v2=len(values), lang_=lang))
        if n_negative:
            out.append(t("scenario.the_own_column_has", label=label, n_negative=n_negative, lang_=lang))
    return out


def example_allocation(
    code: str, scenario_result: pd.DataFrame | None, lang: str = "nl"
) -> tuple[int, str, pd.DataFrame] | None:
    """Share → quota → allocation of one gemeente, for the worked example on the method page."""
    if isinstance(scenario_result, pd.DataFrame) and {"share", "quota", "allocated"} <= set(scenario_result.columns):
        table = scenario_result
        total = int(round(float(table["allocated"].sum())))
        key = str(table.attrs.get("key", ""))
    else:
        try:
            scenario = Scenario().validated()
            table = compute_scenario(scenario, data.kwb()).table
        except (ValueError, KeyError):
            return None
        total, key = scenario.total, scenario.key
    if code not in table.index:
        return None
    row = table.loc[code]
    steps = pd.DataFrame(
        {
            t("example.col_step", lang_=lang): [
                t("example.step_share", lang_=lang),
                t("example.step_quota", lang_=lang, total=fmt_num(total, 0, lang)),
                t("example.step_allocated", lang_=lang),
            ],
            t("example.col_value", lang_=lang): [
                f"{fmt_num(float(row['share']) * 100, 4, lang)} %",
                fmt_num(float(row["quota"]), 3, lang),
                fmt_num(int(row["allocated"]), 0, lang),
            ],
        }
    )
    return total, key, steps


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
        ss[key] = int(min(max(int(value if is_number(value) else min_value), min_value), max_value))
        return container.number_input(
            label,
            min_value=int(min_value),
            max_value=int(max_value),
            step=int(step),
            key=key,
            help=help,
            disabled=disabled,
        )
    ss[key] = float(min(max(float(value if is_number(value) else min_value), min_value), max_value))
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


def _key_param_controls(key_id: str, lang: str, user_columns: Mapping[str, str] | None = None) -> dict[str, float]:
    """Weights (editable presets, custom key) and scalar parameters of the chosen key; returns overrides."""
    preset = key_preset(key_id)
    if preset is None:
        return {}
    saved = current()
    seed_key(key_id, saved.key_params if saved.key == key_id else {})
    overrides: dict[str, float] = {}
    weights = dict(preset.default_weights) if preset.weights_editable else {}
    if preset.id == CUSTOM_KEY:
        choices = {**custom_choices(lang), **(user_columns or {})}
        current_inputs = _ss().get(CUSTOM_INPUTS_KEY)
        if isinstance(current_inputs, list) and any(c not in choices for c in current_inputs):
            _ss()[CUSTOM_INPUTS_KEY] = [c for c in current_inputs if c in choices]  # an upload was removed
        chosen = st.multiselect(
            t("scenario.components_of_the_custom", lang_=lang),
            list(choices),
            key=CUSTOM_INPUTS_KEY,
            format_func=choices.get,
        )
        if user_columns:
            st.caption(t("scenario.own_columns_own_data", lang_=lang))
        weights = dict.fromkeys(chosen, 1.0)  # a newly added component starts at weight 1
    labels = {
        **custom_choices(lang),
        **{i.id: i.label_nl if lang == "nl" else i.label_en for i in KEY_INPUTS},
        **(user_columns or {}),
    }
    if weights:
        st.caption(t("scenario.weights_rescaled_to_sum", lang_=lang))
        cols = st.columns(min(len(weights), 4))
        for j, (pid, default) in enumerate(weights.items()):
            wkey = param_widget_key(key_id, pid)
            if wkey not in _ss():
                _ss()[wkey] = float(default)
            shown = plain(labels[pid]) if pid in (user_columns or {}) else labels.get(pid, pid)  # upload text
            value = _number(cols[j % len(cols)], shown, wkey, min_value=0.0, max_value=100.0, step=0.05, integer=False)
            if preset.id == CUSTOM_KEY or abs(float(value) - float(default)) > 1e-12:
                overrides[pid] = float(value)
    for p in preset.params:
        wkey = param_widget_key(key_id, p.id)
        suffix = (t("scenario.assumption", lang_=lang)) if p.assumption else ""
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
    nl = lang == "nl"
    ss = _ss()
    st.markdown(t("scenario.workshop_presets", lang_=lang))
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
    method_labels = {m: METHOD_LABELS.get(m, {}).get(lang, m) for m in method_ids()}
    mode_labels = {
        "total": t("scenario.one_target", lang_=lang),
        "corridor": t("scenario.corridor_low_high", lang_=lang),
    }

    c1, c2, c3 = st.columns(3)
    mode = c1.radio(
        t("scenario.type", lang_=lang), MODES, key=WIDGETS["mode"], format_func=mode_labels.get, horizontal=True
    )
    if mode == "corridor":
        _number(
            c1,
            t("scenario.lower_bound_persons", lang_=lang),
            WIDGETS["low"],
            min_value=1,
            max_value=MAX_TOTAL,
            step=1000,
            integer=True,
        )
        _number(
            c1,
            t("scenario.upper_bound_persons", lang_=lang),
            WIDGETS["high"],
            min_value=1,
            max_value=MAX_TOTAL,
            step=1000,
            integer=True,
        )
    else:
        _number(
            c1,
            t("scenario.target_persons", lang_=lang),
            WIDGETS["total"],
            min_value=1,
            max_value=MAX_TOTAL,
            step=1000,
            integer=True,
            help=t("scenario.a_scenario_input_not", lang_=lang),
        )
    if ss.get(WIDGETS["key"]) not in key_labels:
        ss[WIDGETS["key"]] = POPULATION_KEY
    key_id = c2.selectbox(
        t("scenario.allocation_key", lang_=lang),
        list(key_labels),
        key=WIDGETS["key"],
        format_func=key_labels.get,
        on_change=on_key_change,
    )
    preset = key_preset(key_id)
    if preset is not None:
        c2.caption(preset.description_nl if nl else preset.description_en)
        if default_floor(key_id):
            c2.caption(t("scenario.this_key_comes_with", v0=default_floor(key_id), lang_=lang))
    c3.selectbox(
        t("scenario.rounding_to_whole_persons", lang_=lang),
        list(method_labels),
        key=WIDGETS["method"],
        format_func=method_labels.get,
    )
    with c3.expander(
        t("scenario.floor_and_cap_per", lang_=lang),
        # open while any bound is active, so an infeasibility message never points at a hidden control
        expanded=any(bool(ss.get(WIDGETS[f])) for f in ("floor", "cap", "cap_per_1000")),
    ):
        _number(
            st,
            t("scenario.floor_per_gemeente", lang_=lang),
            WIDGETS["floor"],
            min_value=0,
            max_value=MAX_TOTAL,
            step=1,
            integer=True,
        )
        _number(
            st,
            t("scenario.cap_per_gemeente_0", lang_=lang),
            WIDGETS["cap"],
            min_value=0,
            max_value=MAX_TOTAL,
            step=10,
            integer=True,
        )
        _number(
            st,
            t("scenario.cap_per_1_000", lang_=lang),
            WIDGETS["cap_per_1000"],
            min_value=0.0,
            max_value=1000.0,
            step=0.5,
            integer=False,
        )
    c3.checkbox(
        t("scenario.count_pledges", lang_=lang),
        key=WIDGETS["use_pledges"],
        disabled=not pledges_available,
        help=(t("scenario.upload_pledges_below_or", lang_=lang)),
    )
    c3.checkbox(
        t("scenario.count_previous_period_backlog", lang_=lang),
        key=WIDGETS["use_previous"],
        disabled=not previous_available,
        help=(t("scenario.upload_the_previous_target", lang_=lang)),
    )
    # Shown only when it applies: a ticked, greyed-out "unverified" option by default confused users.
    if previous_available and ss.get(WIDGETS["use_previous"]):
        c3.checkbox(
            t("scenario.subtract_a_surplus_unverified", lang_=lang),
            key=WIDGETS["carry_surplus"],
            help=(t("scenario.the_dutch_task_adds", lang_=lang)),
        )
    with st.expander(t("scenario.key_weights_and_parameters", lang_=lang), expanded=key_id == CUSTOM_KEY):
        overrides = _key_param_controls(key_id, lang, user_columns)
    b_labels = {"": t("scenario.none", lang_=lang), **key_labels}
    if ss.get(WIDGETS["key_b"]) not in b_labels:
        ss[WIDGETS["key_b"]] = ""
    with st.expander(
        t("scenario.scenario_b_compare_with", lang_=lang),
        expanded=bool(ss.get(WIDGETS["key_b"])),
    ):
        st.selectbox(
            t("scenario.second_key_same_total", lang_=lang),
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
        st.error(t("scenario.invalid_scenario_the_previous", v0=plain(exc), lang_=lang))
        return current()
    store(scenario, reseed=False)
    return scenario


def scenario_io(scenario: Scenario, lang: str = "nl") -> None:
    """Scenario JSON download and upload, and the link that reopens this view."""
    c1, c2 = st.columns(2)
    with c1:
        json_download(
            scenario_to_json(scenario),
            file_name="scenario.json",
            key="sc_json_download",
            label=t("scenario.download_scenario_json", lang_=lang),
        )
        link = absolute_link(share_link(scenario), app_url())
        st.markdown((t("scenario.link_to_exactly_this", lang_=lang)) + f"[{link}]({link})")
        st.code(link, language=None)
    with c2:
        st.file_uploader(
            t("scenario.load_scenario_json", lang_=lang),
            type=["json"],
            key=JSON_UPLOAD_KEY,
            on_change=apply_json_upload,
            max_upload_size=1,
        )
    message = _ss().pop(ERROR_KEY, None)  # shown once: a later action must not inherit a stale error
    if message:
        st.error(message)
    elif _ss().pop(LOADED_KEY, False):
        st.success(t("scenario.scenario_loaded", lang_=lang))


def view_error(view: ScenarioView, lang: str = "nl") -> str:
    """Why the view has no table, as Markdown-safe text: the floor/cap explanation when that is the cause
    (own words and numbers), else the computation's detail escaped (it may quote link values)."""
    scenario = view_scenario(view)
    if scenario is not None and view.bounds is not None and bounds_infeasible(scenario, view.bounds):
        return infeasible_text(scenario, view.bounds, lang)
    return plain(view.error)


def render_view_notice(view: ScenarioView, lang: str = "nl") -> None:
    """Name the scenario a page shows (always), explain a failure, list ignored link parameters (as plain
    text: they come from the URL), and link to the Richtgetal page."""
    if view.table is None:
        st.warning(t("scenario.failed", e=view_error(view, lang)))
    else:
        st.info(view_label(view, lang))
    if view.problems:
        st.caption(t("scenario.ignored", p=plain(", ".join(view.problems))))
    link_to_page("richtgetal.py", "page.richtgetal", ":material/calculate:")
