"""What an import yields: the messages (Dutch, with row and column) and the result table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Level = Literal["error", "warning", "info"]
LEVEL_NL = {"error": "Fout", "warning": "Waarschuwing", "info": "Info"}
MAX_CELL_MESSAGES = 10  # per column and kind; the rest is summarised


@dataclass(frozen=True)
class Message:
    """One finding; ``row`` is the line/row number as the user sees it in the file (header = its own row)."""

    level: Level
    text: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        loc = f" ({', '.join(where)})" if where else ""
        return f"{LEVEL_NL[self.level]}{loc}: {self.text}"


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(index=pd.Index([], name="gemeentecode", dtype="string"))


@dataclass
class ImportResult:
    """What a file yielded: numeric columns indexed by 2025 gemeentecode, plus the report."""

    frame: pd.DataFrame
    report: list[Message] = field(default_factory=list)
    filename: str = ""
    sheets: list[str] = field(default_factory=list)
    key_column: str | None = None
    key_kind: str | None = None  # "code" or "naam"
    matches: pd.DataFrame | None = None  # one row per data row: row, invoer, gemeentecode, gemeentenaam, hoe
    count_columns: list[str] = field(default_factory=list)
    separator: str | None = None  # CSV only
    sheet_required: bool = False  # several sheets and none chosen: ask the user which

    @property
    def ok(self) -> bool:
        return not any(m.level == "error" for m in self.report) and not self.frame.empty

    @property
    def needs_sheet(self) -> bool:
        return self.sheet_required

    def errors(self) -> list[Message]:
        return [m for m in self.report if m.level == "error"]

    def summary(self) -> str:
        if self.ok:
            return (
                f"Bruikbaar: {len(self.frame)} gemeenten, {len(self.frame.columns)} numerieke kolom(men) "
                f"({', '.join(self.frame.columns)})."
            )
        return f"Afgewezen: {len(self.errors())} fout(en)."


class Reject(Exception):
    """Stops parsing; the message is already in the report."""


def reject(report: list[Message], text: str, **where: object) -> Reject:
    """Add an error message and return the exception to raise (``raise reject(report, '…')``)."""
    report.append(Message("error", text, **where))  # type: ignore[arg-type]
    return Reject()


def clip(s: str, n: int = 60) -> str:
    s = s.strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def col_letter(idx: int) -> str:
    """0 → A, 26 → AA (Excel column letters)."""
    letters = ""
    idx += 1
    while idx:
        idx, rem = divmod(idx - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
