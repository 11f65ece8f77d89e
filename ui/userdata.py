"""Uploaded per-gemeente tables, kept in the Streamlit session (never on disk, never pickled).

``st.session_state["user_tables"]`` holds ``dict[name, UserTable]``. Other pages read the inputs
they need through the accessors below (SES-WOA for the ``spreidingswet`` key, pledges, the previous
period's target and realisation, extra indicators). When several tables carry the same role, the most recently
stored one wins. All accessors return None when nothing applicable was uploaded.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import streamlit as st

from capacity.scenario import USER_COLUMN_PREFIX

STATE_KEY = "user_tables"
Role = Literal["indicator", "ses_woa", "pledge", "target", "realisation"]
ROLES: dict[str, dict[str, str]] = {
    "indicator": {"nl": "Indicator (extra druk- of capaciteitsmaat)", "en": "Indicator"},
    "ses_woa": {"nl": "SES-WOA-score (voor de sleutel spreidingswet)", "en": "SES-WOA score (spreidingswet key)"},
    "pledge": {"nl": "Toezegging (personen per gemeente)", "en": "Pledge (persons per gemeente)"},
    "target": {"nl": "Taakstelling vorige periode (personen)", "en": "Previous-period target (persons)"},
    "realisation": {"nl": "Realisatie vorige periode (personen)", "en": "Previous-period realisation (persons)"},
}
#: roles that count persons: whole numbers ≥ 0
PERSON_ROLES: tuple[str, ...] = ("pledge", "target", "realisation")
#: prefix of uploaded indicator columns in :func:`extra_indicators` (and of their custom-key weights)


@dataclass(frozen=True)
class ColumnMeta:
    """What the user told us about one uploaded column."""

    label: str
    unit: str = ""
    direction: int = 1  # +1 = higher means more load, -1 = higher means more capacity
    peildatum: str = ""
    role: Role = "indicator"

    def __post_init__(self) -> None:
        if self.direction not in (1, -1):
            raise ValueError(f"direction must be +1 or -1, got {self.direction!r}")
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; choose from {sorted(ROLES)}")


@dataclass
class UserTable:
    """One uploaded file: numeric columns indexed by current (2025) gemeentecode."""

    name: str
    frame: pd.DataFrame
    meta: dict[str, ColumnMeta] = field(default_factory=dict)
    filename: str = ""
    report: list = field(default_factory=list)  # the import messages, shown again on the page


def _state(state: MutableMapping | None = None) -> MutableMapping:
    return st.session_state if state is None else state


def user_tables(state: MutableMapping | None = None) -> dict[str, UserTable]:
    """All uploaded tables of this session (empty dict when none)."""
    tables = _state(state).get(STATE_KEY)
    return tables if isinstance(tables, dict) else {}


def store_table(table: UserTable, state: MutableMapping | None = None) -> None:
    """Add or replace a table; replacing moves it to the end so its roles win."""
    tables = dict(user_tables(state))
    tables.pop(table.name, None)
    tables[table.name] = table
    _state(state)[STATE_KEY] = tables


def remove_table(name: str, state: MutableMapping | None = None) -> None:
    tables = dict(user_tables(state))
    tables.pop(name, None)
    _state(state)[STATE_KEY] = tables


def columns_with_role(role: Role, state: MutableMapping | None = None) -> list[tuple[UserTable, str]]:
    """(table, column) pairs carrying ``role``, oldest table first."""
    return [
        (table, col)
        for table in user_tables(state).values()
        for col, meta in table.meta.items()
        if meta.role == role and col in table.frame.columns
    ]


def _latest(role: Role, state: MutableMapping | None) -> pd.Series | None:
    pairs = columns_with_role(role, state)
    if not pairs:
        return None
    table, col = pairs[-1]
    series = pd.to_numeric(table.frame[col], errors="coerce").astype("float64").dropna()
    series.index.name = "gemeentecode"
    return series.rename(role)


def ses_woa(state: MutableMapping | None = None) -> pd.Series | None:
    """SES-WOA score per gemeentecode, for ``extra=pd.DataFrame({"ses_woa": s})`` of the spreidingswet key."""
    return _latest("ses_woa", state)


def pledges(state: MutableMapping | None = None) -> pd.Series | None:
    """Persons pledged per gemeentecode."""
    return _latest("pledge", state)


def realisation(state: MutableMapping | None = None) -> pd.Series | None:
    """Previous-period realisation (persons) per gemeentecode."""
    return _latest("realisation", state)


def previous_period(state: MutableMapping | None = None) -> pd.DataFrame | None:
    """Previous period per gemeentecode: columns ``target`` (taakstelling) and ``realised`` (gerealiseerd).

    The shape ``capacity.allocation.allocate(previous_realisation=...)`` takes. Both roles are needed (a
    realisation without its target says nothing about a backlog); they may come from different tables.
    A gemeente with only one of the two gets NaN there (the allocation carries nothing over for it).
    """
    target, realised = _latest("target", state), _latest("realisation", state)
    if target is None or realised is None:
        return None
    out = pd.concat({"target": target, "realised": realised}, axis=1)
    out.index.name = "gemeentecode"
    return out


def indicator_column_id(table_name: str, column: str) -> str:
    """Column name of an uploaded indicator in :func:`extra_indicators` (unique across tables)."""
    return f"{USER_COLUMN_PREFIX}{table_name} / {column}"


def extra_indicators(state: MutableMapping | None = None) -> pd.DataFrame | None:
    """All uploaded columns with role "indicator", one column each, indexed by gemeentecode."""
    pairs = columns_with_role("indicator", state)
    if not pairs:
        return None
    cols = {
        indicator_column_id(t.name, c): pd.to_numeric(t.frame[c], errors="coerce").astype("float64") for t, c in pairs
    }
    out = pd.concat(cols, axis=1)
    out.index.name = "gemeentecode"
    return out


def extra_indicator_meta(state: MutableMapping | None = None) -> dict[str, ColumnMeta]:
    """Label, unit, direction and peildatum per column of :func:`extra_indicators`."""
    return {indicator_column_id(t.name, c): t.meta[c] for t, c in columns_with_role("indicator", state)}
