"""Upload component for the "Eigen data" page: file widget, import report, column set-up, stored tables.

The widget only moves bytes; :func:`handle_upload` and :func:`save_table` are the pure handlers
(they take the session-state mapping), so tests can drive them with the same bytes. A rejected
upload never touches the stored tables or a pending import: the previous state is kept.

User-supplied text (file names, column names, cell values, the report) is shown only through
``st.dataframe`` / ``st.text`` / ``st.code``, never as Markdown or HTML.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import MutableMapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geodata.importer import MAX_BYTES, ImportResult, read_table, xlsx_sheets
from ui.i18n import lang, t
from ui.layout import plain
from ui.userdata import (
    PERSON_ROLES,
    ROLES,
    ColumnMeta,
    UserTable,
    columns_with_role,
    remove_table,
    store_table,
    user_tables,
)

PENDING_KEY = "eigen_data_pending"  # ImportResult waiting for its column set-up
LAST_KEY = "eigen_data_last"  # the last ImportResult (accepted or rejected), shown as the report
SIG_KEY = "eigen_data_sig"  # fingerprint of the last processed upload (avoid re-parsing on every rerun)
N_GEMEENTEN = 342
MAX_NAME = 60
MAX_TEXT = 80

LEVEL_LABEL = {
    "error": {"nl": "Fout", "en": "Error"},
    "warning": {"nl": "Waarschuwing", "en": "Warning"},
    "info": {"nl": "Info", "en": "Info"},
}


@dataclass(frozen=True)
class ColumnChoice:
    """The user's set-up for one numeric column of the pending import."""

    use: bool
    label: str
    unit: str = ""
    direction: int = 1
    peildatum: str = ""
    role: str = "indicator"


# --- pure handlers -------------------------------------------------------------------------------------


def handle_upload(data: bytes, filename: str, sheet: str | None, state: MutableMapping) -> ImportResult:
    """Parse one upload; accepted results become the pending import, rejected ones change nothing else."""
    result = read_table(data, filename, sheet)
    state[LAST_KEY] = result
    if result.ok:
        state[PENDING_KEY] = result
    return result


#: column-name fragments → the role a user most likely means (StatLine/COA exports: "taakstelling",
#: "gerealiseerd"/"realisatie"); only a pre-selection, the user can change it.
ROLE_HINTS: tuple[tuple[str, str], ...] = (
    (r"taakstelling", "target"),
    (r"gerealiseerd|realisatie", "realisation"),
    (r"toezegging", "pledge"),
    (r"(^|[^a-z])ses([^a-z]|$)", "ses_woa"),
)


def guess_role(column: str) -> str:
    """Pre-selected role for a column name; "indicator" when nothing matches."""
    name = column.lower()
    return next((role for hint, role in ROLE_HINTS if re.search(hint, name)), "indicator")


def table_name(filename: str, state: MutableMapping) -> str:
    """Default table name: the file stem, made unique among stored tables."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.strip()) or "tabel"
    stem = stem[:MAX_NAME]
    taken = set(user_tables(state))
    name, i = stem, 2
    while name in taken:
        name, i = f"{stem} ({i})", i + 1
    return name


def validate_choices(result: ImportResult, choices: dict[str, ColumnChoice]) -> list[str]:
    """Dutch error messages for a column set-up (empty list = fine)."""
    errors: list[str] = []
    used = {c: ch for c, ch in choices.items() if ch.use}
    if not used:
        errors.append(t("eigen.err.none"))
    for col, ch in used.items():
        if col not in result.frame.columns:
            errors.append(t("eigen.err.col", col=col))
            continue
        if not ch.label.strip():
            errors.append(t("eigen.err.label", col=col))
        if ch.role not in ROLES:
            errors.append(t("eigen.err.role", col=col))
        if ch.direction not in (1, -1):
            errors.append(
                t(
                    "eigen.err.dir",
                    col=col,
                )
            )
        values = result.frame[col].dropna()
        if ch.role in PERSON_ROLES and ((values < 0).any() or ((values % 1) != 0).any()):
            errors.append(
                t(
                    "eigen.err.persons",
                    col=col,
                )
            )
    roles = [ch.role for ch in used.values() if ch.role != "indicator"]
    for role in set(roles):
        if roles.count(role) > 1:
            errors.append(
                t(
                    "eigen.err.twice",
                    role=ROLES[role][lang()],
                )
            )
    return errors


def save_table(result: ImportResult, choices: dict[str, ColumnChoice], name: str, state: MutableMapping) -> list[str]:
    """Store the pending import as a :class:`UserTable`; returns errors (nothing stored) or []."""
    errors = validate_choices(result, choices)
    name = name.strip()[:MAX_NAME]
    if not name:
        errors.append(t("eigen.err.name"))
    if errors:
        return errors
    used = {c: ch for c, ch in choices.items() if ch.use}
    meta = {
        c: ColumnMeta(
            label=ch.label.strip()[:MAX_TEXT],
            unit=ch.unit.strip()[:MAX_TEXT],
            direction=ch.direction,
            peildatum=ch.peildatum.strip()[:MAX_TEXT],
            role=ch.role,
        )  # type: ignore[arg-type]
        for c, ch in used.items()
    }
    frame = result.frame[list(used)].copy()
    store_table(
        UserTable(name=name, frame=frame, meta=meta, filename=result.filename, report=list(result.report)), state
    )
    state.pop(PENDING_KEY, None)
    return []


def coverage_warnings(table: UserTable, state: MutableMapping | None = None) -> list[str]:
    """Roles that need all gemeenten (SES-WOA for the spreidingswet key) but lack some, and a
    previous-period target or realisation without its counterpart in any stored table."""
    out = []
    roles = {meta.role for meta in table.meta.values()}
    stored = {role for role in ("target", "realisation") if columns_with_role(role, state)}  # type: ignore[arg-type]
    for have, need in (("target", "realisation"), ("realisation", "target")):
        if have in roles and need not in stored:
            out.append(
                t(
                    "eigen.warn.pair",
                    need=ROLES[need][lang()],
                )
            )
    for col, meta in table.meta.items():
        n = int(table.frame[col].notna().sum())
        if meta.role == "ses_woa" and n < N_GEMEENTEN:
            out.append(
                t(
                    "eigen.warn.ses",
                    n=n,
                    total=N_GEMEENTEN,
                )
            )
    return out


MATCH_HEADERS_EN = {
    "rij": "Row",
    "invoer": "Input",
    "gemeentecode": "Gemeente code",
    "gemeentenaam": "Gemeente",
    "hoe": "How",
}


def matches_frame(matches: pd.DataFrame) -> pd.DataFrame:
    """The importer's row → gemeente table with headers in the UI language (the importer names them in Dutch)."""
    return matches.rename(columns=MATCH_HEADERS_EN) if lang() == "en" else matches


def report_frame(result: ImportResult) -> pd.DataFrame:
    """The report as a table (rendered with st.dataframe: plain text, never Markdown/HTML)."""
    code = lang()
    return pd.DataFrame(
        {
            t("eigen.col.level"): [LEVEL_LABEL[m.level][code] for m in result.report],
            t("eigen.col.row"): [str(m.row) if m.row is not None else "" for m in result.report],  # no "None"
            t("eigen.col.column"): [m.column or "" for m in result.report],
            t("eigen.col.text"): [m.text for m in result.report],
        }
    )


# --- widgets -------------------------------------------------------------------------------------------


def _fingerprint(data: bytes, filename: str, sheet: str | None) -> str:
    return hashlib.sha256(data + b"\0" + filename.encode() + b"\0" + (sheet or "").encode()).hexdigest()


def render_upload() -> None:
    """File widget (+ sheet choice for multi-sheet XLSX); runs the handler once per distinct upload."""
    st.caption(
        t(
            "eigen.limits",
            mb=MAX_BYTES // (1024 * 1024),
        )
    )
    # any file type is accepted by the widget so that the importer can say in Dutch why it is refused
    upload = st.file_uploader(t("eigen.uploader"), type=None, key="eigen_data_file")
    if upload is None:
        return
    data = upload.getvalue()
    filename = str(upload.name)
    sheet = None
    if filename.lower().endswith(".xlsx"):
        sheets = xlsx_sheets(data)
        if len(sheets) > 1:
            sheet = st.selectbox(
                t("eigen.sheet"),
                sheets,
                index=None,
                key="eigen_data_sheet",
            )
    sig = _fingerprint(data, filename, sheet)
    if st.session_state.get(SIG_KEY) != sig:
        st.session_state[SIG_KEY] = sig
        handle_upload(data, filename, sheet, st.session_state)


def render_report() -> None:
    result: ImportResult | None = st.session_state.get(LAST_KEY)
    if result is None:
        return
    n_err = len(result.errors())
    if result.ok:
        st.success(
            t(
                "eigen.ok",
                n=len(result.frame),
                k=len(result.frame.columns),
            )
        )
    elif result.needs_sheet:
        st.warning(t("eigen.needs_sheet"))
    else:
        st.error(
            t(
                "eigen.rejected",
                n=n_err,
            )
        )
    st.dataframe(report_frame(result), hide_index=True, width="stretch")
    if result.ok and result.matches is not None:
        with st.expander(t("eigen.matches")):
            st.dataframe(matches_frame(result.matches), hide_index=True, width="stretch")


def _direction_label(d: int) -> str:
    if d == 1:
        return t("eigen.dir.load")
    return t("eigen.dir.cap")


def _role_label(role: str) -> str:
    return ROLES[role][lang()]


def render_configure() -> None:
    """Column set-up for the pending import, then 'Opslaan'."""
    result: ImportResult | None = st.session_state.get(PENDING_KEY)
    if result is None:
        return
    st.subheader(t("eigen.configure"))
    st.text(t("eigen.file", f=result.filename))
    roles = list(ROLES)
    with st.form("eigen_data_form"):
        name = st.text_input(
            t("eigen.name"),
            value=table_name(result.filename, st.session_state),
            max_chars=MAX_NAME,
        )
        choices: dict[str, ColumnChoice] = {}
        for i, col in enumerate(result.frame.columns):
            st.divider()
            st.text(t("eigen.column", c=col))
            c1, c2, c3 = st.columns(3)
            use = c1.checkbox(t("eigen.use"), value=True, key=f"ed_use_{i}")
            label = c1.text_input(t("eigen.label"), value=col[:MAX_TEXT], key=f"ed_label_{i}", max_chars=MAX_TEXT)
            unit = c2.text_input(t("eigen.unit"), value="", key=f"ed_unit_{i}", max_chars=MAX_TEXT)
            peil = c2.text_input(
                t("eigen.peildatum"),
                value="",
                key=f"ed_peil_{i}",
                max_chars=MAX_TEXT,
            )
            direction = c3.selectbox(t("eigen.direction"), (1, -1), key=f"ed_dir_{i}", format_func=_direction_label)
            role = c3.selectbox(
                t("eigen.role"),
                roles,
                key=f"ed_role_{i}",
                format_func=_role_label,
                index=roles.index(guess_role(col)),
            )
            choices[col] = ColumnChoice(
                use=use, label=label, unit=unit, direction=int(direction), peildatum=peil, role=role
            )
        submitted = st.form_submit_button(t("eigen.save"))
    if submitted:
        errors = save_table(result, choices, name, st.session_state)
        for err in errors:
            st.error(plain(err))  # may quote labels and names typed by the user
        if not errors:
            st.success(t("eigen.saved"))
            st.rerun()


def render_tables() -> None:
    """Stored tables with their columns, coverage and a remove button."""
    tables = user_tables()
    st.subheader(t("eigen.tables"))
    if not tables:
        st.caption(t("eigen.none"))
        return
    for i, (name, table) in enumerate(list(tables.items())):
        st.text(name)
        rows = [
            {
                t("eigen.col.column"): col,
                t("eigen.label"): m.label,
                t("eigen.unit"): m.unit,
                t("eigen.direction"): f"{m.direction:+d}",
                t("eigen.peildatum_2"): m.peildatum,
                t("eigen.role"): _role_label(m.role),
                t("eigen.coverage"): int(table.frame[col].notna().sum()),
            }
            for col, m in table.meta.items()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        for warning in coverage_warnings(table, st.session_state):
            st.warning(warning)  # own text: role labels and counts
        if st.button(t("eigen.remove"), key=f"ed_remove_{i}"):
            remove_table(name)
            st.rerun()
