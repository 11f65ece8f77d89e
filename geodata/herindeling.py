"""Gemeentelijke herindelingen since 2018: convert files with old gemeente codes to the 2025 division.

The facts live in ``geodata/reference/herindelingen.csv`` (one row per old code and successor,
with the CBS source in its header). Conversion rules, chosen so that no number is made up:

* counts (non-negative whole numbers) of merged gemeenten are summed onto the successor, but only
  when every part of the merger is in the file; otherwise the successor gets no value;
* other values (percentages, scores, averages) of merged gemeenten cannot be combined without the
  population of each part, so the successor gets no value;
* split gemeenten (Littenseradiel 2018, Winsum 2019, Haaren 2021) are divided by population share,
  *if* a sourced share is in the registry. It is empty for now, so these values are not converted
  and the receiving gemeenten get no value (reported).

Every conversion and every value that could not be converted is reported.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

REGISTRY_PATH = Path(__file__).with_name("reference") / "herindelingen.csv"
SOURCE_NOTE = (
    "CBS, Gemeentelijke indelingen per jaar / StatLine Gebieden in Nederland (zie geodata/reference/herindelingen.csv)"
)


@lru_cache(maxsize=1)
def herindelingen() -> pd.DataFrame:
    """The registry: datum, oude_code, oude_naam, nieuwe_code, nieuwe_naam, soort, aandeel."""
    table = pd.read_csv(REGISTRY_PATH, comment="#", dtype={"aandeel": "float64"}, encoding="utf-8")
    table["datum"] = pd.to_datetime(table["datum"]).dt.date
    return table


def abolished_codes() -> pd.Series:
    """Old codes that no longer exist (name per code); continuing gemeenten are not in it."""
    table = herindelingen()
    gone = table[~table["oude_code"].isin(table["nieuwe_code"])]
    return gone.drop_duplicates("oude_code").set_index("oude_code")["oude_naam"]


def successors(code: str) -> pd.DataFrame:
    """Registry rows for one old code (several rows for a split)."""
    table = herindelingen()
    return table[table["oude_code"] == code]


def _fmt_date(d) -> str:
    return f"{d.day}-{d.month}-{d.year}"


def convert_codes(frame: pd.DataFrame, count_columns: list[str]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Re-key ``frame`` (index: gemeentecode, may hold abolished codes) on the 2025 division.

    Returns the converted frame and a list of (level, Dutch message); level "error" means the file
    mixes old and new codes of the same gemeente. Frames without abolished codes come back unchanged.
    """
    table = herindelingen()
    gone = abolished_codes()
    present_old = frame.index[frame.index.isin(gone.index)]
    if len(present_old) == 0:
        return frame, []

    # groups touched by this file: every successor of an abolished code present in the file
    touched = table.loc[table["oude_code"].isin(present_old), "nieuwe_code"].unique()
    edges = table[table["nieuwe_code"].isin(touched)].copy()
    edges["weight"] = edges["aandeel"].where(edges["soort"] == "splitsing", 1.0)
    edges["present"] = edges["oude_code"].isin(frame.index)
    messages = _conversion_messages(table[table["oude_code"].isin(present_old)])

    conflict = pd.Index(touched).difference(edges["oude_code"]).intersection(frame.index)
    messages += [
        (
            "error",
            f"Het bestand bevat zowel de nieuwe code {code} als oude codes van de gemeenten die daarin "
            f"zijn opgegaan ({', '.join(edges.loc[edges['nieuwe_code'] == code, 'oude_code'])}); "
            "gebruik één gemeentelijke indeling.",
        )
        for code in conflict
    ]

    group = edges.groupby("nieuwe_code")
    usable = group["present"].all() & (group["weight"].count() == group.size())
    counts = [c for c in frame.columns if c in set(count_columns)]
    others = [c for c in frame.columns if c not in set(counts)]

    present_edges = edges[edges["present"]]
    spread = frame.loc[present_edges["oude_code"], counts].astype("float64")
    spread.index = pd.Index(present_edges["nieuwe_code"].to_numpy(), name=frame.index.name)
    summed = spread.mul(present_edges["weight"].to_numpy(), axis=0).groupby(level=0).sum(min_count=1)
    merged = pd.DataFrame(np.nan, index=pd.Index(sorted(touched), name=frame.index.name), columns=frame.columns)
    merged[counts] = summed.reindex(merged.index).where(usable.reindex(merged.index), np.nan)

    if counts:
        for target in usable.index[~usable]:
            rows = edges[edges["nieuwe_code"] == target]
            missing = rows.loc[~rows["present"], "oude_naam"].tolist()
            why = (
                ("ontbrekende delen: " + ", ".join(missing))
                if missing
                else ("een deel komt uit een gesplitste gemeente zonder bekende bevolkingsverdeling")
            )
            messages.append(("warning", f"{rows['nieuwe_naam'].iloc[0]} ({target}): aantallen niet bepaald ({why})."))
    if others:
        cols = ", ".join(f"'{c}'" for c in others)
        names = ", ".join(sorted(edges.drop_duplicates("nieuwe_code")["nieuwe_naam"]))
        messages.append(
            (
                "warning",
                f"Kolom(men) {cols} bevatten geen aantallen: voor de heringedeelde gemeenten "
                f"({names}) is de waarde niet uit de oude gemeenten af te leiden (daarvoor zijn "
                "bevolkingscijfers per oude gemeente nodig) en blijft die leeg.",
            )
        )

    untouched = frame[~frame.index.isin(edges["oude_code"]) & ~frame.index.isin(touched)].astype("float64")
    out = pd.concat([untouched, merged])
    out.index.name = frame.index.name
    return out.sort_index(), messages


def _conversion_messages(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """One message per old code in the file."""
    messages: list[tuple[str, str]] = []
    for old, part in rows.groupby("oude_code", sort=True):
        first = part.iloc[0]
        when = _fmt_date(first["datum"])
        if (part["soort"] == "splitsing").any():
            if part["aandeel"].notna().all():
                shares = ", ".join(f"{n} {a:.1%}" for n, a in zip(part["nieuwe_naam"], part["aandeel"], strict=True))
                messages.append(
                    (
                        "info",
                        f"Oude code {old} ({first['oude_naam']}) is op {when} gesplitst; "
                        f"aantallen verdeeld naar bevolkingsaandeel: {shares}.",
                    )
                )
            else:
                names = ", ".join(f"{n} ({c})" for n, c in zip(part["nieuwe_naam"], part["nieuwe_code"], strict=True))
                messages.append(
                    (
                        "warning",
                        f"Oude code {old} ({first['oude_naam']}) is op {when} gesplitst over "
                        f"{names}. De bevolkingsverdeling over deze delen is in deze applicatie "
                        "niet beschikbaar (niet gevonden in een CBS-bron), dus de waarden zijn "
                        "niet omgezet.",
                    )
                )
        else:
            messages.append(
                (
                    "info",
                    f"Oude code {old} ({first['oude_naam']}) omgezet naar {first['nieuwe_code']} "
                    f"({first['nieuwe_naam']}) — herindeling {when}.",
                )
            )
    return messages
