"""URL state: the allow-list accepts known values only; everything else is rejected, never evaluated."""

from __future__ import annotations

import pytest

from ui import state


def test_gemeente_must_be_one_of_the_342_codes():
    assert state.validate("gemeente", "GM0363") == "GM0363"
    assert state.validate("gemeente", "gm0363") == "GM0363"  # canonical spelling returned
    for bad in ("GM9999", "0363", "Amsterdam", "", "GM0363; drop table"):
        with pytest.raises(ValueError):
            state.validate("gemeente", bad)


def test_indicator_and_layer_allow_lists():
    assert state.validate("indicator", "bevolkingsdichtheid") == "bevolkingsdichtheid"
    assert state.validate("indicator", "total_load") == "total_load"
    assert state.validate("layer", "corop") == "corop"
    with pytest.raises(ValueError):
        state.validate("indicator", "__import__('os')")
    with pytest.raises(ValueError):
        state.validate("layer", "wijk")


def test_unknown_parameter_is_rejected():
    with pytest.raises(KeyError):
        state.validate("pickle", "gASV")
    with pytest.raises(KeyError):
        state.clean_params({"pickle": "x"})


def test_numeric_params_respect_range():
    p = state.register_param("test_total", "int", lo=0, hi=100_000, default=30_000)
    try:
        assert state.validate("test_total", "25000") == 25_000
        for bad in ("-1", "100001", "1e3", "abc", "nan"):
            with pytest.raises(ValueError):
                state.validate("test_total", bad)
        f = state.register_param("test_share", "float", lo=0.0, hi=1.0)
        assert state.validate("test_share", "0,25") == 0.25  # Dutch decimal comma accepted
        with pytest.raises(ValueError):
            state.validate("test_share", "inf")
        assert f.render(0.25) == "0.25"
    finally:
        state.PARAMS.pop(p.name, None)
        state.PARAMS.pop("test_share", None)


def test_bool_param_and_overlong_values():
    state.register_param("test_flag", "bool", default=False)
    try:
        assert state.validate("test_flag", "ja") is True
        assert state.validate("test_flag", "0") is False
        with pytest.raises(ValueError):
            state.validate("test_flag", "misschien")
    finally:
        state.PARAMS.pop("test_flag", None)
    with pytest.raises(ValueError):
        state.validate("layer", "corop" * 20)


def test_clean_params_renders_and_drops_none():
    assert state.clean_params({"gemeente": "gm0014", "layer": None, "lang": "en"}) == {
        "gemeente": "GM0014",
        "lang": "en",
    }


# --- user text is rendered inert (reviewer item 1), lang in the URL (items 5, 18) ---------------------------


def test_plain_escapes_every_markdown_and_html_trigger():
    from ui.layout import plain

    out = plain("![x](http://evil.example/p.png) [**Klik**](http://e.x) <img src=x> :red[a] $x$ `c`")
    # no unescaped trigger is left: each of these characters is preceded by a backslash
    for i, ch in enumerate(out):
        if ch in "![]()<>*:$`":
            assert out[i - 1] == "\\", (ch, out)
    # GFM autolinks bare URLs, www. and e-mail addresses after escapes: a word joiner must break them
    for raw in ("http://evil.example", "www.evil.example", "x@evil.example"):
        broken = plain(raw).replace("\\", "")
        assert "\u2060" in broken and "://" not in broken and "www." not in broken and "@e" not in broken
    assert plain("Den Bosch") == "Den Bosch"  # ordinary text unchanged
    assert plain("a\nb\tc") == "a b c"  # no line breaks into Markdown blocks
    assert plain("x" * 100, 10) == "x" * 10 + "…"


def _home(**query: str):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_markdown_image_in_a_url_value_is_shown_escaped():
    at = _home(page="kaart", indicator="![x](http://evil.example/p.png)")  # the Kaart reads indicator
    bodies = [w.proto.body for w in at.warning]
    hit = [b for b in bodies if "evil" in b]
    assert hit, bodies
    assert "![x](" not in hit[0] and "](http" not in hit[0]  # no Markdown image syntax left
    assert r"\!\[x\]\(http\:" in hit[0] and r"\/\/evil\.example\/p\.png\)" in hit[0]


def test_unknown_lang_warns_and_is_replaced_in_the_url():
    at = _home(lang="xx")
    assert any("'lang'" in w.value and "xx" in w.value for w in at.warning)
    assert at.query_params["lang"] == "nl"


def test_lang_en_stays_in_the_url_after_a_page_switch():
    at = _home(lang="en")
    at.query_params.pop("lang")  # the sidebar navigation drops query parameters
    at.switch_page("pages/methode.py").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
