"""Number formatting without the ``locale`` module (which depends on what the host has installed).

Dutch: ``1.234,5``; English: ``1,234.5``. Missing values render as an en dash.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real

import numpy as np
import pandas as pd

from ui.i18n import lang as current

MISSING = "–"
_NL_SEPARATORS = str.maketrans({",": ".", ".": ","})  # 1,234.5 → 1.234,5 in one pass


def _lang(lang: str | None) -> str:
    if lang is not None:
        return lang
    return current()


def _is_missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def fmt_num(x: object, decimals: int = 0, lang: str | None = None) -> str:
    """``1234.5`` → ``"1.234,5"`` (nl) or ``"1,234.5"`` (en); NaN/None/non-numbers → ``"–"``."""
    if _is_missing(x) or (isinstance(x, Real) and math.isinf(float(x))):
        return MISSING
    text = f"{float(x):,.{max(decimals, 0)}f}"  # English grouping first
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0"
    if _lang(lang) == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_column(values: Iterable[object], decimals: int = 0, lang: str | None = None) -> list[str]:
    """:func:`fmt_num` over a column, resolving the UI language once (a table of 342 rows × 10 columns
    would otherwise read the session state 3,420 times per rerun)."""
    code = _lang(lang)
    numbers = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    spec = f",.{max(decimals, 0)}f"
    swap = _NL_SEPARATORS if code != "en" else None
    out = []
    for x in numbers:
        if not math.isfinite(x):
            out.append(MISSING)
            continue
        text = format(x, spec)
        if text[0] == "-" and not text.strip("-0.,"):
            text = text[1:]  # no "-0"
        out.append(text.translate(swap) if swap else text)
    return out


def fmt_int(x: object, lang: str | None = None) -> str:
    """Whole number with thousands separators: ``17942942`` → ``"17.942.942"``."""
    return fmt_num(x, 0, lang)


def fmt_pct(x: object, decimals: int = 1, lang: str | None = None, *, fraction: bool = False) -> str:
    """Percentage: ``12.34`` → ``"12,3%"``; pass ``fraction=True`` when ``x`` is a share (0.1234)."""
    if _is_missing(x):
        return MISSING
    value = float(x) * 100 if fraction else float(x)
    text = fmt_num(value, decimals, lang)
    return MISSING if text == MISSING else f"{text}%"


def fmt_value(x: object, unit: str = "", decimals: int = 1, lang: str | None = None) -> str:
    """Number followed by its unit (``"% …"`` units attach without a space)."""
    text = fmt_num(x, decimals, lang)
    if text == MISSING or not unit:
        return text
    return f"{text}{unit}" if unit.startswith("%") and len(unit) == 1 else f"{text} {unit}"


def decimals_for(values: object) -> int:
    """Sensible decimals for a column: 0 for big numbers, 1 for tens, 2 for small values."""
    try:
        arr = np.asarray(values, dtype=float)
        arr = arr[np.isfinite(arr)]
        if arr.size == 0:
            return 0
        mag = float(np.nanmedian(np.abs(arr)))
    except (TypeError, ValueError):
        return 1
    if mag >= 100:
        return 0
    if mag >= 1:
        return 1
    return 2
