"""Thin UI helpers of the Koppeling page that are worth testing without a browser: the cohort editor's rows."""

from __future__ import annotations

import math

import pandas as pd

from capacity.match import Cohort
from ui.i18n import t

MAX_COHORTS = 10
MAX_HOUSEHOLDS = 100_000
CohortRow = tuple[str, int, float, float]  # name, households, persons, children per household


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _row_problem(households: float | None, persons: float | None, children: float | None) -> str | None:
    if households is None or households < 0 or households != int(households) or households > MAX_HOUSEHOLDS:
        return t("koppeling.err_households", n=f"{MAX_HOUSEHOLDS:,}".replace(",", "."))
    if persons is None or persons < 1:
        return t("koppeling.err_persons")
    if children is None or not 0 <= children < persons:
        return t("koppeling.err_children")
    return None


def parse_cohorts(frame: pd.DataFrame) -> tuple[tuple[CohortRow, ...], list[str]]:
    """Cohorts from the editor and the problems, one message per bad row in the UI language; rows without
    a name are skipped. Nothing here raises: every cell may hold anything the editor lets through."""
    out: list[CohortRow] = []
    problems: list[str] = []
    frame = frame.dropna(how="all")
    if len(frame) > MAX_COHORTS:
        problems.append(t("koppeling.too_many", n=MAX_COHORTS))
    for i, row in enumerate(frame.head(MAX_COHORTS).itertuples(index=False), start=1):
        raw_name = getattr(row, "cohort", None)
        name = "" if raw_name is None or pd.isna(raw_name) else str(raw_name).strip()[:40]
        if not name:
            continue
        households = _number(getattr(row, "households", None))
        persons = _number(getattr(row, "persons_per_household", None))
        raw_children = getattr(row, "children_per_household", None)
        children = 0.0 if raw_children is None or pd.isna(raw_children) else _number(raw_children)
        problem = _row_problem(households, persons, children)
        if problem:
            problems.append(t("koppeling.bad_row", i=i, e=problem))
            continue
        cohort = Cohort(name, int(households), float(persons), float(children))  # type: ignore[arg-type]
        out.append((cohort.id, cohort.households, cohort.persons_per_household, cohort.children_per_household))
    names = [c[0] for c in out]
    if len(set(names)) != len(names):
        problems.append(t("koppeling.dup"))
    if not out and not problems:
        problems.append(t("koppeling.none"))
    return tuple(out), problems
