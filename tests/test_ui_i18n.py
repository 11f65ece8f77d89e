"""The translation catalogue (ui/strings.toml via ui.i18n): complete in nl and en, every key a page uses
exists, and pages carry no hard-coded user text."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from ui.i18n import STRINGS, lang, placeholders, t

ROOT = Path(__file__).resolve().parents[1]
UI_FILES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"])
#: Streamlit calls whose first argument (and label/help/… keywords) is shown to the user.
SHOWN = {
    "title", "header", "subheader", "markdown", "caption", "write", "info", "warning", "error", "success",
    "button", "selectbox", "radio", "multiselect", "number_input", "slider", "select_slider", "checkbox",
    "toggle", "text_input", "text_area", "file_uploader", "download_button", "expander", "tabs", "metric",
    "popover", "form_submit_button", "segmented_control", "pills", "link_button", "toast", "status", "spinner",
}  # fmt: skip
SHOWN_KEYWORDS = {"label", "help", "placeholder", "caption"}


def test_known_key_in_both_languages():
    assert t("page.kaart", lang_="nl") == "Kaart"
    assert t("page.kaart", lang_="en") == "Map"


def test_every_string_has_dutch_and_english_with_the_same_placeholders():
    incomplete = [k for k, v in STRINGS.items() if not v.get("nl") or not v.get("en")]
    assert incomplete == []
    mismatched = [k for k, v in STRINGS.items() if placeholders(v["nl"]) != placeholders(v["en"])]
    assert mismatched == []


def test_dutch_never_calls_load_belasting():
    """'belasting' means tax (Königstein's belastingkracht is right); load is 'druk'."""
    wrong = [k for k, v in STRINGS.items() if re.search(r"\bbelasting(en|s)?\b|belastingsscore", v["nl"], re.I)]
    assert wrong == []


def test_unknown_key_shows_the_key_and_bad_templates_never_raise():
    assert t("nope.key", lang_="nl") == "nope.key"
    assert t("state.invalid", lang_="nl", name="gemeente", value="X") == (
        "Linkparameter 'gemeente' met waarde 'X' is ongeldig en wordt genegeerd."
    )
    assert "{value}" in t("state.invalid", lang_="en", name="gemeente")  # missing argument: unformatted


def test_lang_defaults_to_dutch_without_runtime():
    assert lang() == "nl"


def _calls(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def test_every_key_used_exists_in_the_catalogue():
    missing = []
    for path in UI_FILES:
        for call in _calls(path):
            name = call.func.id if isinstance(call.func, ast.Name) else ""
            if name in ("t", "page_header") and call.args and isinstance(call.args[0], ast.Constant):
                if call.args[0].value not in STRINGS:
                    missing.append(f"{path.relative_to(ROOT)}:{call.lineno} {call.args[0].value}")
    assert missing == []


def _texts(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    elif isinstance(node, ast.List | ast.Tuple):
        for elt in node.elts:
            yield from _texts(elt)
    elif isinstance(node, ast.BinOp):
        yield from _texts(node.left)
        yield from _texts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _texts(node.body)
        yield from _texts(node.orelse)


def _is_words(text: str) -> bool:
    """Two letters in a row once icons, placeholders and Markdown are stripped: words a reader sees."""
    return re.search(r"[A-Za-zÀ-ÿ]{2,}", re.sub(r":material/\w+:|\{[^}]*\}|https?://\S+", "", text)) is not None


def test_pages_contain_no_hard_coded_user_text():
    """Shown text comes from the catalogue: no string literal with words in a Streamlit call's label, and
    no inline Dutch/English fallback in t()."""
    found = []
    for path in UI_FILES:
        for call in _calls(path):
            func = call.func
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if isinstance(func, ast.Name) and func.id in ("t", "page_header"):
                if len(call.args) > 1 or any(k.arg in ("en", "default") for k in call.keywords):
                    found.append(f"{where} {func.id}() with inline text")
            if isinstance(func, ast.Attribute) and func.attr in SHOWN:
                shown = list(call.args) if func.attr == "tabs" else list(call.args[:1])
                shown += [k.value for k in call.keywords if k.arg in SHOWN_KEYWORDS]
                for node in shown:
                    found += [f"{where} {func.attr}({text[:40]!r})" for text in _texts(node) if _is_words(text)]
    assert found == [], "\n".join(found)


def test_no_inline_language_pairs():
    """No `"…" if nl else "…"` in pages and ui: such pairs belong in the catalogue."""
    found = []
    for path in UI_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.IfExp) and all(
                any(_is_words(x) for x in _texts(side)) for side in (node.body, node.orelse)
            ):
                test = ast.unparse(node.test)
                if re.fullmatch(r"(not )?(nl|NL|en|EN)|(L|lang|lang\(\)|code) [!=]= '(nl|en)'", test):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "\n".join(found)
