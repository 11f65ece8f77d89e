"""Rows of cells → header + data rows: title lines above and footnotes below (StatLine) are skipped."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geodata.importer.limits import LimitExceeded, Limits
from geodata.importer.model import Message, clip, col_letter, reject
from geodata.importer.numbers import MISSING_SYMBOLS, normalise_text


def _filled(row: list[object]) -> int:
    return sum(1 for v in row if str(v).strip() != "")


_DATA_LIKE = re.compile(r"(?i)(gm)?\d+|[+-]?(inf|infinity|nan)|[+-]?[\d.,]+([eE][+-]?\d+)?|#.*")


def _looks_numeric(v: object) -> bool:
    """A cell that belongs to a data row: a number (either decimal), a CBS symbol, a code, an Excel error."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return True
    text = normalise_text(str(v)[:200])
    return text != "" and (text in MISSING_SYMBOLS or _DATA_LIKE.fullmatch(text) is not None)


def _all_text(row: list[object]) -> bool:
    return not any(_looks_numeric(v) for v in row if str(v).strip() != "")


def frame_from_rows(rows: list[list[object]], report: list[Message], limits: Limits) -> tuple[pd.DataFrame, np.ndarray]:
    """Header + data rows; returns the raw text frame and the file row number of each data row."""
    nonempty = [(i + 1, r) for i, r in enumerate(rows) if _filled(r) > 0]
    if not nonempty:
        raise reject(report, "Het bestand is leeg.")
    widths = pd.Series([_filled(r) for _, r in nonempty])
    wide = widths[widths >= 2]
    if wide.empty:
        raise reject(
            report,
            "Het bestand heeft maar één kolom: er is geen kolom met gemeenten én een kolom met waarden, "
            "of het scheidingsteken wordt niet herkend.",
        )
    # the header is the first row as wide as a typical row: title lines above it are narrower
    typical = int(wide.mode().max())
    header_pos = int(widths.index[widths >= typical][0])
    # a note line above the header that happens to contain the separator ("Bron: CBS; voorlopig"):
    # all-text row, then another all-text row, then data → the second one is the header
    while (
        header_pos + 2 < len(nonempty)
        and _all_text(nonempty[header_pos][1])
        and _all_text(nonempty[header_pos + 1][1])
        and widths[header_pos + 1] >= typical
        and not _all_text(nonempty[header_pos + 2][1])
    ):
        header_pos += 1
    for line_no, row in nonempty[:header_pos]:
        report.append(
            Message(
                "info", f"Regel overgeslagen (titel boven de tabel): '{clip(' '.join(map(str, row)))}'.", row=line_no
            )
        )
    header_line, header = nonempty[header_pos]
    body = nonempty[header_pos + 1 :]
    # footnotes: trailing rows with a single filled cell ("Bron: CBS")
    while body and _filled(body[-1][1]) <= 1:
        line_no, row = body.pop()
        report.append(
            Message(
                "info", f"Regel overgeslagen (voetnoot onder de tabel): '{clip(' '.join(map(str, row)))}'.", row=line_no
            )
        )
    if not body:
        raise reject(report, "Het bestand bevat alleen een kopregel en geen gegevens.", row=header_line)
    if len(body) > limits.max_rows:
        raise LimitExceeded("max_rows", limits, f"Te veel rijen ({len(body)})")
    ncol = len(header)
    while (
        ncol > 0
        and str(header[ncol - 1]).strip() == ""
        and all(len(r) < ncol or str(r[ncol - 1]).strip() == "" for _, r in body)
    ):
        ncol -= 1
    if ncol > limits.max_columns:
        raise LimitExceeded("max_columns", limits, f"Te veel kolommen ({ncol})")
    for line_no, row in body:
        extra = [v for v in row[ncol:] if str(v).strip() != ""]
        if extra:
            report.append(
                Message(
                    "error",
                    f"Deze rij heeft meer gevulde velden ({len(row)}) dan de kopregel "
                    f"({ncol}); controleer scheidingstekens en aanhalingstekens.",
                    row=line_no,
                )
            )
    columns = column_names(header[:ncol], report, header_line)
    matrix = [[("" if v is None else v) for v in (list(r[:ncol]) + [""] * max(0, ncol - len(r)))] for _, r in body]
    raw = pd.DataFrame(matrix, columns=columns, dtype="object")
    raw.attrs["header_line"] = header_line
    raw.attrs["header"] = [str(h) for h in header[:ncol]]
    return raw, np.array([line_no for line_no, _ in body])


def column_names(header: list[object], report: list[Message], line: int) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        name = re.sub(r"\s+", " ", str(h)).strip() or f"kolom {col_letter(i)}"
        name = name[:80]
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            report.append(
                Message(
                    "warning",
                    f"Kolomnaam '{name}' komt meer dan eens voor; hernoemd tot '{new}'.",
                    row=line,
                    column=name,
                )
            )
            name = new
        else:
            seen[name] = 1
        out.append(name)
    return out
