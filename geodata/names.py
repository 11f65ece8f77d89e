"""Gemeente name and code resolution for user input (search box, uploaded files).

Joins between datasets always use CBS codes; names only come in from people. People write
"Den Haag" for "'s-Gravenhage", leave out the province suffix ("Hengelo" for "Hengelo (O.)"),
drop accents ("Sudwest Fryslan") or type a code as GM0363, 0363 or 363. This module maps all of
that onto the official names of a given name table, and refuses to guess when a name is
ambiguous ("Bergen" is both Bergen (NH.) and Bergen (L.)).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import pandas as pd

# Province suffixes CBS adds to homonymous gemeenten, with the spellings people use instead.
# Canonical token = CBS abbreviation without the dot, lower case.
PROVINCE_SUFFIXES: dict[str, str] = {
    "nh": "nh",
    "noord holland": "nh",
    "n h": "nh",
    "zh": "zh",
    "zuid holland": "zh",
    "z h": "zh",
    "l": "l",
    "lb": "l",
    "limburg": "l",
    "o": "o",
    "ov": "o",
    "overijssel": "o",
    "z": "z",
    "zl": "z",
    "zeeland": "z",
    "gld": "gld",
    "gelderland": "gld",
    "g": "gld",
    "nb": "nb",
    "noord brabant": "nb",
    "n b": "nb",
    "u": "u",
    "ut": "u",
    "utrecht": "u",
    "fr": "fr",
    "friesland": "fr",
    "fryslan": "fr",
    "gr": "gr",
    "groningen": "gr",
    "dr": "dr",
    "drenthe": "dr",
    "fl": "fl",
    "flevoland": "fl",
}

# Alias -> official CBS name (2025 division). Only names in common use that normalisation alone
# cannot map; a new alias is one line here.
ALIASES: dict[str, str] = {
    "Den Haag": "'s-Gravenhage",
    "The Hague": "'s-Gravenhage",
    "Den Bosch": "'s-Hertogenbosch",
    "Hengelo": "Hengelo (O.)",
    "Laren": "Laren (NH.)",
    "Rijswijk": "Rijswijk (ZH.)",
    "Middelburg": "Middelburg (Z.)",
    "Beek": "Beek (L.)",
    "Stein": "Stein (L.)",
    "Nuenen": "Nuenen, Gerwen en Nederwetten",
    "Nuenen c.a.": "Nuenen, Gerwen en Nederwetten",
    "De Friese Meren": "De Fryske Marren",  # name of the gemeente in 2014, renamed 2015
    "Dantumadeel": "Dantumadiel",  # Dutch name used until 2009
}

FORMER_MATCH = "voormalige gemeente"
FORMER_SCORE = 0.95
FUZZY_MATCH = "lijkt op"  # a similarity guess: offer it, never open it unasked

_APOSTROPHES = "'`´‘’ʼ′"
_SUFFIX_RE = re.compile(r"^(?P<base>.*?)\s*\((?P<suffix>[^()]*)\)\s*$")
_BARE_SUFFIX_RE = r"^(.+) (nh|zh|lb|l|ov|o|zl|z|gld|nb|u|fr|gr|dr|fl)$"
_CODE_RE = re.compile(r"^\s*(?:GM)?\s*0*(?P<num>\d{1,4})\s*$", re.IGNORECASE)


def _fold(s: str) -> str:
    """Lower case, accents removed, punctuation to single spaces."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(f"[{_APOSTROPHES}]", "", s)
    s = re.sub(r"[^a-z0-9()]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def normalise_name(s: str) -> str:
    """Comparable form of a gemeente name: "'s-Gravenhage" -> "s gravenhage", "Hengelo (O.)" -> "hengelo (o)".

    Case, accents, apostrophes, hyphens and dots are folded; a province suffix is kept (it is what
    tells Bergen (NH.) from Bergen (L.)) in its canonical abbreviation, whatever spelling was used.
    """
    if not isinstance(s, str):
        return ""
    folded = _fold(s)
    match = _SUFFIX_RE.match(folded)
    if match:
        base = match["base"].strip()
        suffix = match["suffix"].strip()
        token = PROVINCE_SUFFIXES.get(suffix, suffix)
        return f"{base} ({token})" if token else base
    return folded.replace("(", "").replace(")", "").strip()


def strip_suffix(normalised: str) -> str:
    """Normalised name without its province suffix: "hengelo (o)" -> "hengelo"."""
    return re.sub(r"\s*\([^()]*\)$", "", normalised)


def normalise_code(value: object) -> str | None:
    """'GM0363', 'gm 363', '0363', '363', 363, 363.0 -> 'GM0363'; anything else -> None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = _CODE_RE.match(str(value))
    return f"GM{int(match['num']):04d}" if match else None


def normalise_codes(values: pd.Series) -> pd.Series:
    """Vectorised :func:`normalise_code`: invalid entries become <NA>."""
    text = values.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    num = text.str.extract(_CODE_RE, expand=False)
    return ("GM" + num.str.zfill(4)).astype("string")


def _alias_table() -> dict[str, str]:
    return {normalise_name(alias): official for alias, official in ALIASES.items()}


def name_index(names: pd.Series) -> pd.DataFrame:
    """Official names with their normalised and suffix-less forms (one row per name)."""
    official = names.astype("string").str.strip()
    norm = official.map(normalise_name, na_action="ignore").astype("string")
    return pd.DataFrame(
        {"official": official, "norm": norm, "base": norm.str.replace(r"\s*\([^()]*\)$", "", regex=True)}
    )


@lru_cache(maxsize=8)
def _lookup(names: tuple[str, ...]) -> tuple[pd.DataFrame, dict, dict, dict, dict]:
    """Normalised index and lookup tables for one list of official names (cached: built once per list)."""
    idx = name_index(pd.Series(names, dtype="string"))
    by_norm = dict(zip(idx["norm"], idx["official"], strict=True))
    base_counts = idx["base"].value_counts()
    unique_base = idx[idx["base"].map(base_counts) == 1]
    by_base = dict(zip(unique_base["base"], unique_base["official"], strict=True))
    ambiguous_base = idx[idx["base"].map(base_counts) > 1].groupby("base")["official"].agg(" of ".join).to_dict()
    aliases = {k: v for k, v in _alias_table().items() if v in set(idx["official"])}
    return idx, by_norm, by_base, ambiguous_base, aliases


def resolve_names(values: pd.Series, names: pd.Series) -> pd.DataFrame:
    """Match many user-typed names at once against official ``names``.

    Returns one row per value: ``official`` (or <NA>), ``how`` ("exact", "alias", "zonder
    provincie-achtervoegsel", "ambigu", "onbekend") and ``candidates`` (for ambiguous names).
    Only unambiguous matches are accepted; nothing is guessed by similarity here.
    """
    _, by_norm, by_base, ambiguous_base, aliases = _lookup(tuple(names.astype(str).str.strip()))

    norm = values.astype("string").map(normalise_name, na_action="ignore").astype("string")
    # "Bergen NH" (suffix without brackets) is read as "Bergen (NH.)" only when that is a real name
    bare_suffix = norm.str.replace(_BARE_SUFFIX_RE, r"\1 (\2)", regex=True).map(normalise_name, na_action="ignore")
    exact = norm.map(by_norm).fillna(bare_suffix.map(by_norm))
    alias = norm.map(aliases)
    base = norm.str.replace(r"\s*\([^()]*\)$", "", regex=True)
    # a bare name matches a suffixed official name only when the user gave no suffix of their own
    no_suffix = norm == base
    by_base_hit = base.map(by_base).where(no_suffix)
    ambiguous = base.map(ambiguous_base).where(no_suffix)

    official = exact.fillna(alias).fillna(by_base_hit)
    how = pd.Series("onbekend", index=values.index, dtype="string")
    how = how.mask(ambiguous.notna(), "ambigu")
    how = how.mask(by_base_hit.notna(), "zonder provincie-achtervoegsel")
    how = how.mask(alias.notna(), "alias")
    how = how.mask(exact.notna(), "exact")
    return pd.DataFrame(
        {"official": official.astype("string"), "how": how, "candidates": ambiguous.astype("string")},
        index=values.index,
    )


def resolve_name(name: str, names: pd.Series | list[str] | pd.DataFrame) -> str | None:
    """The official name ``name`` refers to (after normalisation/aliases), or None if unknown or ambiguous."""
    if isinstance(names, pd.DataFrame):
        names = names["gemeentenaam"]
    result = resolve_names(pd.Series([name], dtype="object"), pd.Series(list(names)))
    value = result["official"].iloc[0]
    return None if pd.isna(value) else str(value)


def search_gemeenten(query: str, names: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """Ranked gemeenten for a search box: code, exact/alias, prefix, substring, then fuzzy (difflib).

    ``names`` has ``gemeentecode`` and ``gemeentenaam``. ``score`` is 1.0 for a code or exact
    match and the similarity ratio (0-1) otherwise. Empty or unmatched queries give an empty frame.
    """
    columns = ["gemeentecode", "gemeentenaam", "matched_on", "score"]
    if not isinstance(query, str) or not query.strip() or limit <= 0:
        return pd.DataFrame(columns=columns)
    table = names[["gemeentecode", "gemeentenaam"]].reset_index(drop=True)
    idx = _lookup(tuple(table["gemeentenaam"].astype(str).str.strip()))[0]
    q = normalise_name(query)
    hits: list[pd.DataFrame] = []

    code = normalise_code(query)
    if code is not None:
        hits.append(table[table["gemeentecode"] == code].assign(matched_on="code", score=1.0))

    resolved = resolve_name(query, table["gemeentenaam"])
    if resolved is not None:
        how = resolve_names(pd.Series([query]), table["gemeentenaam"])["how"].iloc[0]
        hits.append(table[table["gemeentenaam"] == resolved].assign(matched_on=str(how), score=1.0))

    if q:
        q_base = strip_suffix(q)
        prefix = idx["norm"].str.startswith(q_base)
        substring = idx["norm"].str.contains(q_base, regex=False) & ~prefix
        close = difflib.get_close_matches(q_base, idx["base"].tolist(), n=limit, cutoff=0.75)
        fuzzy = idx["base"].isin(close) & ~prefix & ~substring
        ratio = (
            idx["norm"][prefix | substring | fuzzy]
            .map(lambda n: difflib.SequenceMatcher(None, q_base, str(n)).ratio())
            .astype("float64")
        )
        hits.append(table[prefix].assign(matched_on="begin", score=0.9 + 0.1 * ratio[prefix]))
        hits.append(table[substring].assign(matched_on="deel", score=0.8 + 0.1 * ratio[substring]))
        hits.append(table[fuzzy].assign(matched_on=FUZZY_MATCH, score=0.8 * ratio[fuzzy]))
        # alias substrings ("haag" -> 's-Gravenhage)
        alias_norm = pd.Series(_alias_table())
        alias_hit = alias_norm[alias_norm.index.str.contains(q_base, regex=False)]
        in_alias = table["gemeentenaam"].isin(alias_hit.to_numpy())
        hits.append(table[in_alias].assign(matched_on="alias", score=0.85))

    former = former_gemeenten(query, table)
    if len(former):  # an abolished gemeente's name or code: its successor(s), just below exact matches
        hits.append(former[["gemeentecode", "gemeentenaam"]].assign(matched_on=FORMER_MATCH, score=FORMER_SCORE))

    nonempty = [h for h in hits if len(h)]
    if not nonempty:
        return pd.DataFrame(columns=columns)
    out = pd.concat(nonempty, ignore_index=True)
    out = out.sort_values("score", ascending=False, kind="stable").drop_duplicates("gemeentecode")
    return out.head(limit).reset_index(drop=True)[columns]


def former_gemeenten(query: str, names: pd.DataFrame) -> pd.DataFrame:
    """Abolished gemeenten (herindelingen since 2018) whose old name or code is ``query``, with the current
    gemeente(n) they went into: columns oude_code, oude_naam, datum, soort, gemeentecode, gemeentenaam.

    People still type "Weesp" or "Brielle"; the successor comes from ``geodata/reference/herindelingen.csv``
    (CBS), followed through later mergers to a gemeente in ``names``. A split gives several rows.
    """
    from geodata import herindeling

    columns = ["oude_code", "oude_naam", "datum", "soort", "gemeentecode", "gemeentenaam"]
    if not isinstance(query, str) or not query.strip():
        return pd.DataFrame(columns=columns)
    table = herindeling.herindelingen()
    gone = table[~table["oude_code"].isin(table["nieuwe_code"])]
    q, code = normalise_name(query), normalise_code(query)
    norm = gone["oude_naam"].astype(str).map(normalise_name)
    rows = gone[(norm == q) | (norm.map(strip_suffix) == strip_suffix(q)) | (gone["oude_code"] == code)]
    current = names.set_index(names["gemeentecode"].astype(str))["gemeentenaam"]
    successor = rows["nieuwe_code"].astype(str)
    for _ in range(3):  # a successor abolished by a later herindeling: follow it (chains are short)
        later = table.drop_duplicates("oude_code").set_index("oude_code")["nieuwe_code"]
        stale = ~successor.isin(current.index) & successor.isin(later.index)
        if not stale.any():
            break
        successor = successor.where(~stale, successor.map(later))
    out = rows.assign(gemeentecode=successor.to_numpy())
    out = out[out["gemeentecode"].isin(current.index)]
    out = out.assign(gemeentenaam=out["gemeentecode"].map(current).astype(str))
    return out.drop_duplicates(["oude_code", "gemeentecode"])[columns].reset_index(drop=True)
