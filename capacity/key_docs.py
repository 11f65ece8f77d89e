"""Documentation of the key registry in Dutch or English: the key table, one row per term, markdown.

Generated from ``capacity.key_registry`` so the method page, the README and exports cannot drift from the
code. ``lang`` is ``"nl"`` (default) or ``"en"``; every header and note exists in both languages.
"""

from __future__ import annotations

import pandas as pd

from capacity.indicators import INDICATORS
from capacity.key_registry import INPUTS_BY_ID, KEY_INPUTS, KEYS, get_input, get_key
from capacity.key_types import KeyComponent, KeyPreset

_HEAD = {
    "key": ("sleutel", "key"),
    "formula": ("formule", "formula"),
    "source": ("bron", "source"),
    "proxies": ("proxy's", "proxies"),
    "unverified": ("niet geverifieerd", "unverified"),
    "term": ("term", "term"),
    "weight": ("gewicht", "weight"),
    "how": ("bewerking", "how it enters"),
    "proxy": ("proxy", "proxy"),
}
_TRANSFORM = {
    "share": ("aandeel", "share"),
    "tilt": ("kanteling", "tilt"),
    "inverse_tilt": ("omgekeerde kanteling", "inverse tilt"),
}


def _h(name: str, lang: str) -> str:
    nl, en = _HEAD[name]
    return en if lang == "en" else nl


def _proxy_text(preset: KeyPreset, lang: str) -> str:
    if lang == "en":
        return "; ".join(f"{p.label_en} (proxy for {p.proxy_for_en})" for p in preset.proxies)
    return "; ".join(f"{p.label_nl} (proxy voor {p.proxy_for_nl})" for p in preset.proxies)


def key_table(lang: str = "nl") -> pd.DataFrame:
    """One row per preset (label, formula, source, proxies, unverified) for the method page and README."""
    return pd.DataFrame(
        [
            {
                "id": k.id,
                _h("key", lang): k.label(lang),
                _h("formula", lang): k.formula(lang),
                _h("source", lang): k.reference,
                _h("proxies", lang): _proxy_text(k, lang),
                _h("unverified", lang): " ".join(k.unverified_points(lang)),
            }
            for k in KEYS
        ]
    )


def _how(c: KeyComponent, lang: str) -> str:
    nl, en = _TRANSFORM[c.transform]
    text = en if lang == "en" else nl
    if c.cap is not None:
        text += f" (± {c.cap * 100:g} %)" if lang == "en" else f" (± {c.cap * 100:g} %)".replace(".", ",")
    if c.toward_population:
        text += (
            f", toward population by parameter {c.toward_population}"
            if lang == "en"
            else f", naar inwoners getrokken met parameter {c.toward_population}"
        )
    return text


def key_terms_table(lang: str = "nl") -> pd.DataFrame:
    """One row per term, correction and parameter of every preset, each with its citation."""
    en = lang == "en"
    rows = []
    for k in KEYS:
        for c in k.inputs:
            spec = INPUTS_BY_ID[c.input]
            rows.append(
                {
                    "id": k.id,
                    _h("term", lang): spec.label(lang),
                    _h("weight", lang): round(c.weight, 4),
                    _h("how", lang): _how(c, lang),
                    _h("proxy", lang): (f"proxy for {spec.proxy_for_en}" if en else f"proxy voor {spec.proxy_for_nl}")
                    if spec.is_proxy
                    else "",
                    _h("source", lang): c.source,
                }
            )
        for corr in k.corrections:
            cspec = INPUTS_BY_ID.get(corr.input or "")
            proxy = cspec is not None and cspec.is_proxy and corr.kind not in ("min_population", "uplift_cap")
            rows.append(
                {
                    "id": k.id,
                    _h("term", lang): ("correction: " if en else "correctie: ")
                    + (corr.label_en if en else corr.label_nl),
                    _h("weight", lang): None,
                    _h("how", lang): corr.kind,
                    _h("proxy", lang): (f"proxy for {spec.proxy_for_en}" if en else f"proxy voor {spec.proxy_for_nl}")
                    if proxy
                    else "",
                    _h("source", lang): corr.source,
                }
            )
        for p in k.params:
            rows.append(
                {
                    "id": k.id,
                    _h("term", lang): f"parameter {p.id}: {p.label_en if en else p.label_nl}",
                    _h("weight", lang): p.default,
                    _h("how", lang): f"{p.min:g} – {p.max:g}",
                    _h("proxy", lang): "",
                    _h("source", lang): p.source_line(lang),
                }
            )
    return pd.DataFrame(rows)


def custom_choices(lang: str = "nl") -> dict[str, str]:
    """Ids a custom key can weight → label (amount inputs, rate inputs and every indicator)."""
    en = lang == "en"
    out = {i.id: i.label(lang) for i in KEY_INPUTS if i.kind != "score"}
    out.update({i.id: i.label_en if en else i.label_nl for i in INDICATORS})
    return out


def key_markdown(key_id: str, lang: str = "nl") -> str:
    """Method-page text for one preset (formula, terms with sources, proxies, parameters, unverified points)."""
    k = get_key(key_id)
    en = lang == "en"
    lines = [
        f"**{k.label(lang)}** — {k.description(lang)}",
        "",
        f"- {'Formula' if en else 'Formule'}: `{k.formula(lang)}`",
        f"- {'Source' if en else 'Bron'}: {k.reference}",
    ]
    for c in k.inputs:
        spec = INPUTS_BY_ID[c.input]
        weight = f"{c.weight:.3g}" if en else f"{c.weight:.3g}".replace(".", ",")  # Dutch decimal comma
        lines.append(f"- Term: {weight} × {spec.label(lang)} — {_how(c, lang)}; {c.source}")
    for p in k.proxies:
        how = f"`{p.formula_nl()}`" if p.numerator or p.terms else p.note(lang)
        if en:
            lines.append(f"- Proxy: {p.label_en} ({how}) stands for {p.proxy_for_en}")
        else:
            lines.append(f"- Proxy: {p.label_nl} ({how}) staat voor {p.proxy_for_nl}")
    for param in k.params:
        label = param.label_en if en else param.label_nl
        lines.append(f"- Parameter `{param.id}` = {param.default:g} ({label}; {param.source_line(lang)})")
    if k.default_floor is not None:
        lines.append(f"- {'Minimum per gemeente' if not en else 'Minimum per municipality'}: {k.default_floor}")
    for note in k.unverified_points(lang):
        lines.append(f"- {'Unverified' if en else 'Niet geverifieerd'}: {note}")
    return "\n".join(lines)


def proxy_note_lines(key_id: str, proxies_used: tuple[str, ...] | list[str], lang: str = "en") -> list[str]:
    """One line per proxy a computed key used (CLI stderr note, export Bron sheet)."""
    k = get_key(key_id)
    out = []
    for pid in dict.fromkeys(proxies_used):
        spec = get_input(pid)
        if lang == "en":
            out.append(f"{k.label_en}: {spec.proxy_for_en} approximated by {spec.label_en} (proxy)")
        else:
            out.append(f"{k.label_nl}: {spec.proxy_for_nl} benaderd door {spec.label_nl} (proxy)")
    return out


def key_export_notes(key_id: str, lang: str = "nl") -> list[str]:
    """Unverified points and modelling assumptions of a preset, one line each (export "Bron" sheet)."""
    k = get_key(key_id)
    en = lang == "en"
    lines = [f"{'Unverified' if en else 'Niet geverifieerd'} — {k.label(lang)}: {u}" for u in k.unverified_points(lang)]
    lines += [
        f"{'Assumption' if en else 'Aanname'} — {k.label(lang)}: {p.id} = {p.default:g} ({p.source_line(lang)})"
        for p in k.params
        if p.assumption
    ]
    return lines
