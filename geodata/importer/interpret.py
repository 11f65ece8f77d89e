"""Header + rows → gemeente key column, numeric columns and the report (the meaning of a table)."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from geodata import herindeling, names
from geodata.importer.limits import Budget, Limits
from geodata.importer.model import MAX_CELL_MESSAGES, ImportResult, Level, Message, Reject, clip, reject
from geodata.importer.numbers import MISSING_SYMBOLS, detect_decimal, parse_numbers, text_cells, why_not_number

CODE_SHARE = 0.5  # a column is the code column when at least this share of its cells are known codes
NAME_SHARE = 0.5
NON_GEMEENTE_PREFIXES = ("NL", "LD", "PV", "CR", "WK", "BU", "GG", "VR", "AM", "JZ", "RE", "WM", "LG", "TOP", "GR")
CODE_HEADER_RE = re.compile(r"(code|^gm|cbs|regio|statcode)", re.IGNORECASE)
NAME_HEADER_RE = re.compile(r"(naam|gemeente|regio|municipality|name)", re.IGNORECASE)
NOT_COUNT_HEADER_RE = re.compile(
    r"(%|percentage|perc\b|procent|score|gemiddeld|per\s|index|ratio|aandeel|dichtheid)", re.IGNORECASE
)
IGNORED_HEADER_RE = re.compile(r"^(id|perioden?|jaar|year|periode|peildatum|datum)$", re.IGNORECASE)
COUNT_HEADER_RE = re.compile(
    r"(aantal|inwoners|personen|woningen|plaatsen|toezegging|realisatie|taakstelling|bezetting|"
    r"huishoudens|leerlingen|count|number)",
    re.IGNORECASE,
)
OTHER_AREA_NAMES = r"(nederland|totaal|total|provincie .*|landsdeel .*)"


@lru_cache(maxsize=1)
def official_names() -> pd.DataFrame:
    """gemeentecode + gemeentenaam of the 2025 division (from KWB 2024, same 342 codes)."""
    from geodata.loaders import load_kwb

    return load_kwb(2024)[["gemeentecode", "gemeentenaam"]].reset_index(drop=True)


def reference_names(official: pd.DataFrame | None = None) -> pd.DataFrame:
    """Current gemeenten plus abolished ones (for files from before a herindeling)."""
    current = official_names() if official is None else official[["gemeentecode", "gemeentenaam"]]
    old = herindeling.abolished_codes()
    old = pd.DataFrame({"gemeentecode": old.index, "gemeentenaam": old.to_numpy()})
    old = old[~old["gemeentenaam"].isin(current["gemeentenaam"])]
    return pd.concat([current, old], ignore_index=True)


def other_area(text: pd.Series) -> pd.Series:
    """Codes of areas that are not gemeenten (Nederland, provincies, wijken, buurten, regions)."""
    upper = text.astype("string").str.strip().str.upper().fillna("")
    pattern = r"^(" + "|".join(NON_GEMEENTE_PREFIXES) + r")\s*\d"
    return (upper.str.match(pattern) & ~upper.str.startswith("GM")).fillna(False).astype(bool)


def _long(text: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """All cells as one Series (column after column) and the column number of each: string operations run
    once over the whole table instead of once per column (a 300-column file stays fast)."""
    n = len(text)
    values: np.ndarray | list[object] = (
        np.concatenate([text[c].to_numpy(dtype=object, na_value=None) for c in text.columns]) if n else []
    )
    return pd.Series(values, dtype="string"), np.repeat(np.arange(text.shape[1]), n)


def _per_column(mask: pd.Series | np.ndarray, colid: np.ndarray, ncols: int) -> np.ndarray:
    return np.bincount(colid, weights=np.asarray(mask, dtype=float), minlength=ncols)


def _name_values(col: pd.Series) -> pd.Series:
    return col.map(lambda v: v if isinstance(v, str) else None).astype("string").str.strip()


_NUMBER_LIKE = r"[+-]?[\d.,]+([eE][+-]?\d+)?|#.*|\.|x|X|-|\?"


def _mostly_other_areas(text: pd.DataFrame) -> bool:
    long, colid = _long(text)
    share = _per_column(other_area(long), colid, text.shape[1]) / max(len(text), 1)
    return bool((share >= CODE_SHARE).any())


def find_key(
    raw: pd.DataFrame, text: pd.DataFrame, known: set[str], ref: pd.DataFrame, budget: Budget | None = None
) -> tuple[str | None, str | None, pd.Series | None, pd.DataFrame | None]:
    """Pick the code column (best share of known codes; header hint breaks ties), else a name column."""
    ncols, nrows = text.shape[1], len(text)
    long, colid = _long(text)
    codes_long = names.normalise_codes(long)
    other = other_area(long).to_numpy(dtype=bool)
    filled = (long.fillna("") != "").to_numpy(dtype=bool) & ~other
    is_known = codes_long.isin(known).fillna(False).to_numpy(dtype=bool)
    gm = long.str.upper().str.startswith("GM").fillna(False).to_numpy(dtype=bool) & ~other
    n_filled = _per_column(filled, colid, ncols)
    share = np.divide(_per_column(filled & is_known, colid, ncols), n_filled, out=np.zeros(ncols), where=n_filled > 0)
    n_area = _per_column(~other, colid, ncols)
    gm_share = np.divide(_per_column(gm, colid, ncols), n_area, out=np.zeros(ncols), where=n_area > 0)
    best: tuple[float, int] | None = None
    for k, col in enumerate(raw.columns):
        prefixed = bool(gm_share[k] >= CODE_SHARE)
        hinted = bool(CODE_HEADER_RE.search(col))
        # plain numbers count as codes only under a code-like header (a count column could look like codes)
        if (prefixed or hinted) and share[k] >= CODE_SHARE:
            score = share[k] + (0.5 if prefixed else 0) + (0.25 if hinted else 0)
            if best is None or score > best[0]:
                best = (score, k)
    if best is not None:
        k = best[1]
        codes = pd.Series(codes_long.to_numpy()[k * nrows : (k + 1) * nrows], index=raw.index, dtype="string")
        return raw.columns[k], "code", codes, None
    number_like = long.str.fullmatch(_NUMBER_LIKE).fillna(False).to_numpy(dtype=bool)
    textual = _per_column(filled & ~number_like, colid, ncols) >= NAME_SHARE * max(nrows, 1)
    best_name: tuple[float, str, pd.DataFrame] | None = None
    for k, col in enumerate(raw.columns):
        values = _name_values(raw[col])
        if not textual[k] or values.notna().mean() < NAME_SHARE:
            continue
        if budget is not None:
            budget.check()
        resolved = names.resolve_names(values.str.slice(0, 200), ref["gemeentenaam"])
        got = float(resolved["official"].notna().mean())
        if got >= NAME_SHARE or (got > 0 and NAME_HEADER_RE.search(col)):
            score = got + (0.25 if NAME_HEADER_RE.search(col) else 0)
            if best_name is None or score > best_name[0]:
                best_name = (score, col, resolved)
    if best_name is not None:
        return best_name[1], "naam", None, best_name[2]
    return None, None, None, None


def _check_header(raw: pd.DataFrame, key: str, how: str, known: set[str], ref: pd.DataFrame, report: list) -> None:
    """A file without a header row would lose its first data row to the header: refuse it."""
    header = raw.attrs.get("header", list(raw.columns))
    cell = str(header[list(raw.columns).index(key)]).strip()
    if how == "code":
        hit = names.normalise_codes(pd.Series([cell], dtype="string")).isin(known).iloc[0]
    else:
        hit = (
            names.resolve_names(pd.Series([cell[:200]], dtype="string"), ref["gemeentenaam"])["official"]
            .notna()
            .iloc[0]
        )
    if bool(hit):
        line = raw.attrs.get("header_line")
        raise reject(
            report,
            f"De kopregel ontbreekt: de eerste regel ('{clip(' '.join(header), 50)}') bevat al een gemeente. "
            "Voeg bovenaan een regel met kolomnamen toe (bijvoorbeeld 'gemeentecode;aantal'), "
            "anders gaat die eerste gemeente verloren.",
            row=line,
        )


def _check_code_name(
    raw: pd.DataFrame, key: str, mapped: pd.Series, keep: pd.Series, lines: pd.Series, ref, report
) -> None:
    """When a file has both a code column and a name column, they must name the same gemeente."""
    for col in raw.columns:
        if col == key or not NAME_HEADER_RE.search(col) or CODE_HEADER_RE.search(col):
            continue
        values = _name_values(raw[col])
        if values[keep].notna().mean() < NAME_SHARE:
            continue
        resolved = names.resolve_names(values.str.slice(0, 200), ref["gemeentenaam"])
        if resolved["official"][keep.to_numpy()].notna().mean() < NAME_SHARE:
            continue
        by_name = dict(zip(ref["gemeentenaam"], ref["gemeentecode"], strict=True))
        named = resolved["official"].map(by_name).astype("string")
        named.index = raw.index
        clash = (keep & named.notna() & mapped.notna() & (named != mapped)).fillna(False).astype(bool)
        if not clash.any():
            continue
        level: Level = "error" if clash.sum() * 2 >= int(keep.sum()) else "warning"
        rows = ", ".join(str(int(r)) for r in lines[clash][:MAX_CELL_MESSAGES])
        more = f" en nog {int(clash.sum()) - MAX_CELL_MESSAGES}" if clash.sum() > MAX_CELL_MESSAGES else ""
        report.append(
            Message(
                level,
                f"Code en naam spreken elkaar tegen in {int(clash.sum())} rij(en) (rijen {rows}{more}); "
                f"de code in kolom '{key}' is gebruikt. Controleer of de kolommen verschoven zijn.",
                row=int(lines[clash].iloc[0]),
                column=col,
            )
        )


def interpret(
    raw: pd.DataFrame,
    line_nos: np.ndarray,
    official: pd.DataFrame | None,
    result: ImportResult,
    limits: Limits,
    budget: Budget,
) -> None:
    report = result.report
    ref = reference_names(official)
    current = set((official_names() if official is None else official)["gemeentecode"])
    known = set(ref["gemeentecode"])
    text = pd.DataFrame({c: text_cells(raw[c]) for c in raw.columns}, index=raw.index)
    budget.check()

    key, how, codes, resolved = find_key(raw, text, known, ref, budget)
    if key is None and _mostly_other_areas(text):
        raise reject(
            report,
            "Het bestand bevat geen enkele gemeente (alleen land, provincies of andere gebieden); er is niets te gebruiken.",
        )
    if key is None:
        raise reject(
            report,
            "Geen kolom met gemeentecodes of gemeentenamen gevonden. Verwacht een kolom "
            "met codes (GM0363, 0363 of 363) of met officiële gemeentenamen.",
        )
    assert how is not None  # find_key returns a kind with every key
    _check_header(raw, key, how, known, ref, report)
    budget.check()
    result.key_column, result.key_kind = key, how
    keyvals = raw[key].map(lambda v: v if isinstance(v, str) else str(v)).astype("string").str.strip()
    lines = pd.Series(line_nos, index=raw.index)

    if how == "code":
        report.append(Message("info", f"Gemeenten herkend op code in kolom '{key}'.", column=key))
        is_other = other_area(keyvals)
        assert codes is not None  # a code key comes with its codes
        mapped = codes
        hows = pd.Series("code", index=raw.index, dtype="string")
    else:
        report.append(Message("info", f"Geen codekolom; gemeenten herkend op naam in kolom '{key}'.", column=key))
        is_other = keyvals.str.lower().str.fullmatch(OTHER_AREA_NAMES).fillna(False).astype(bool)
        by_name = dict(zip(ref["gemeentenaam"], ref["gemeentecode"], strict=True))
        assert resolved is not None  # a name key comes with its resolved names
        mapped = resolved["official"].map(by_name).astype("string")
        mapped.index = raw.index
        hows = resolved["how"].astype("string")
        hows.index = raw.index
        for idx in raw.index[hows.isin(["alias", "zonder provincie-achtervoegsel"]).fillna(False).to_numpy()]:
            report.append(
                Message(
                    "info",
                    f"'{clip(str(keyvals[idx]), 40)}' gelezen als '{resolved['official'].iloc[idx]}' ({hows[idx]}).",
                    row=int(lines[idx]),
                    column=key,
                )
            )
        for idx in raw.index[(hows == "ambigu").fillna(False).to_numpy()][:MAX_CELL_MESSAGES]:
            report.append(
                Message(
                    "error",
                    f"Naam '{clip(str(keyvals[idx]), 40)}' is niet eenduidig: {resolved['candidates'].iloc[idx]}. "
                    "Gebruik de officiële naam met provincie-achtervoegsel of de code.",
                    row=int(lines[idx]),
                    column=key,
                )
            )

    empty_key = (keyvals.fillna("") == "").astype(bool)
    skip = (is_other | empty_key).astype(bool)
    for idx in raw.index[is_other.to_numpy()][: MAX_CELL_MESSAGES * 5]:
        report.append(
            Message(
                "info",
                f"'{clip(str(keyvals[idx]), 40)}' is geen gemeente (land, landsdeel, provincie of regio); rij overgeslagen.",
                row=int(lines[idx]),
                column=key,
            )
        )
    others = text.drop(columns=[key]).fillna("")
    bad_key = raw.index[(empty_key & (others != "").any(axis=1)).to_numpy()]
    for idx in bad_key[:MAX_CELL_MESSAGES]:
        report.append(
            Message("error", "Lege gemeentecode/-naam in een rij met gegevens.", row=int(lines[idx]), column=key)
        )
    has_code = mapped.notna().fillna(False).astype(bool)
    in_known = mapped.isin(known).fillna(False).astype(bool)
    unknown = ~skip & ((~has_code & (hows != "ambigu").fillna(True).astype(bool)) | (has_code & ~in_known))
    for idx in raw.index[unknown.to_numpy()][:MAX_CELL_MESSAGES]:
        what = "gemeentecode" if how == "code" else "gemeentenaam"
        hint = "" if how == "code" else _suggest(clip(str(keyvals[idx]), 60), ref)
        report.append(
            Message(
                "error", f"Onbekende {what} '{clip(str(keyvals[idx]), 40)}'.{hint}", row=int(lines[idx]), column=key
            )
        )
    if int(unknown.sum()) > MAX_CELL_MESSAGES:
        report.append(
            Message("error", f"… en nog {int(unknown.sum()) - MAX_CELL_MESSAGES} onbekende gemeenten.", column=key)
        )

    keep = (~skip & has_code & in_known).astype(bool)
    if not keep.any() and not any(m.level == "error" for m in report):
        raise reject(
            report,
            "Het bestand bevat geen enkele gemeente (alleen land, provincies of andere gebieden); er is niets te gebruiken.",
        )
    dup = mapped[keep].duplicated(keep=False)
    for code, idxs in mapped[keep][dup].groupby(mapped[keep][dup]).groups.items():
        rows = ", ".join(str(int(lines[i])) for i in idxs[:MAX_CELL_MESSAGES])
        report.append(
            Message(
                "error", f"Gemeente {code} komt meer dan eens voor (rijen {rows}).", column=key, row=int(lines[idxs[0]])
            )
        )
    _check_code_name(raw, key, mapped, keep, lines, ref, report) if how == "code" else None
    budget.check()

    result.matches = pd.DataFrame(
        {
            "rij": lines,
            "invoer": keyvals.str.slice(0, 80),
            "gemeentecode": mapped,
            "gemeentenaam": mapped.map(dict(zip(ref["gemeentecode"], ref["gemeentenaam"], strict=True))),
            "hoe": hows.where(~is_other, "overgeslagen"),
        }
    ).reset_index(drop=True)

    values = numeric_columns(text.drop(columns=[key]), lines, keep, result, limits)
    budget.check()
    if values.empty:
        raise reject(report, "Er is geen kolom met getallen gevonden (naast de gemeentekolom).")
    values = values[keep.to_numpy()]
    values.index = pd.Index(mapped[keep].to_numpy(), name="gemeentecode", dtype="string")
    if any(m.level == "error" for m in report):
        raise Reject

    converted, conv_msgs = herindeling.convert_codes(values, result.count_columns)
    report.extend(Message(level, text_) for level, text_ in conv_msgs)  # type: ignore[arg-type]
    if any(level == "error" for level, _ in conv_msgs):
        raise Reject
    converted = converted[converted.index.isin(current)]
    covered = int(converted.notna().any(axis=1).sum())
    if covered == 0:
        raise reject(
            report, "Geen enkele gemeente heeft een waarde in de kolommen met getallen; er is niets te gebruiken."
        )
    result.frame = converted
    missing = len(current) - covered
    report.append(
        Message(
            "info",
            f"{covered} van {len(current)} gemeenten hebben een waarde"
            + (f"; {missing} zonder waarde." if missing else "."),
        )
    )


def _suggest(value: str, ref: pd.DataFrame) -> str:
    hits = names.search_gemeenten(value, ref, limit=3)
    if hits.empty:
        return ""
    return " Bedoelt u: " + ", ".join(hits["gemeentenaam"]) + "?"


def numeric_columns(
    text: pd.DataFrame, lines: pd.Series, keep: pd.Series, result: ImportResult, limits: Limits
) -> pd.DataFrame:
    """Numeric columns parsed; mostly-text columns ignored; stray text in numeric columns is an error.

    Parsing runs once over all cells (one long Series); the per-column loop only reads numpy arrays."""
    report = result.report
    if text.empty:
        return pd.DataFrame(index=text.index)
    rows = text[keep.to_numpy()]
    nrows, ncols = rows.shape
    long, colid = _long(rows)
    miss_long = (long.isin(MISSING_SYMBOLS) | long.isna()).to_numpy(dtype=bool)
    decimal = detect_decimal(pd.DataFrame({"v": long.where(~miss_long)}), result.separator)
    report.append(Message("info", "Decimaalteken: " + ("komma (1.234,5)." if decimal == "," else "punt (1234.5).")))
    parsed_long = parse_numbers(long.where(~miss_long), decimal, limits.max_digits).to_numpy(dtype=float)
    numberish_long = long.str.fullmatch(r"[+-]?[\d.,eE+]+|#.*|[+-]?inf(inity)?", case=False).fillna(False)
    numberish_long = numberish_long.to_numpy(dtype=bool)
    cells_long = long.to_numpy(dtype=object, na_value=None)
    out: dict[str, np.ndarray] = {}
    for k, col in enumerate(rows.columns):
        part = slice(k * nrows, (k + 1) * nrows)
        cells, miss, parsed = cells_long[part], miss_long[part], parsed_long[part]
        if IGNORED_HEADER_RE.match(col.strip()):
            values = ", ".join(sorted({str(v)[:20] for v in cells if v is not None})[:3])
            report.append(
                Message(
                    "info", f"Kolom met periode/volgnummer ({clip(values, 40)}); niet als waarde gebruikt.", column=col
                )
            )
            continue
        filled = int((~miss).sum())
        good = int(np.isfinite(parsed).sum())
        if filled == 0:
            report.append(Message("warning", "Kolom is leeg en wordt niet gebruikt.", column=col))
            continue
        bad = ~miss & ~np.isfinite(parsed)
        if (good + int((bad & numberish_long[part]).sum())) / filled < 0.5:
            report.append(Message("info", "Tekstkolom; wordt niet als getal gebruikt.", column=col))
            continue
        for i in np.flatnonzero(bad)[:MAX_CELL_MESSAGES]:
            report.append(
                Message(
                    "error",
                    why_not_number(str(cells[i]), limits.max_digits),
                    row=int(lines.iloc[_pos(rows, i)]),
                    column=col,
                )
            )
        if int(bad.sum()) > MAX_CELL_MESSAGES:
            report.append(
                Message("error", f"… en nog {int(bad.sum()) - MAX_CELL_MESSAGES} cellen zonder getal.", column=col)
            )
        shown = miss & np.array([v is not None and v != "" for v in cells], dtype=bool)
        if shown.any():
            symbols = sorted({str(v) for v in cells[shown]})
            report.append(
                Message(
                    "info",
                    f"{int(shown.sum())} cel(len) met {', '.join(repr(s_) for s_ in symbols)} gelezen als 'geen waarde' "
                    "(CBS: '.' = onbekend, 'x' = geheim, '-' = nihil; Excel: #N/B = niet beschikbaar).",
                    column=col,
                )
            )
        finite = parsed[np.isfinite(parsed)]
        whole = bool((finite % 1 == 0).all())
        count_like = bool(COUNT_HEADER_RE.search(col)) and not NOT_COUNT_HEADER_RE.search(col)
        negative = np.isfinite(parsed) & (parsed < 0)
        if count_like and negative.any():
            for i in np.flatnonzero(negative)[:MAX_CELL_MESSAGES]:
                report.append(
                    Message(
                        "error",
                        f"Negatief aantal ({clip(str(cells[i]), 20)}) in een kolom met aantallen.",
                        row=int(lines.iloc[_pos(rows, i)]),
                        column=col,
                    )
                )
        if (count_like or (whole and not NOT_COUNT_HEADER_RE.search(col))) and not negative.any():
            result.count_columns.append(col)
        out[col] = np.where(np.isfinite(parsed), parsed, np.nan)
    return pd.DataFrame(out, index=rows.index, dtype="float64").reindex(text.index)


def _pos(rows: pd.DataFrame, i: int) -> int:
    """Position in the full table (``lines``) of the i-th kept row."""
    return int(rows.index[i])
