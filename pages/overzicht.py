"""Overzicht (home): what the tool is for and for whom, three ways in, and the national picture."""

from __future__ import annotations

import streamlit as st

from geodata.sources import credit, get_source
from ui import data
from ui.fmt import decimals_for
from ui.i18n import lang, t
from ui.layout import page_exists, page_header
from ui.maps import BOUNDARY_SOURCE, KWB_SOURCE, SCORE_VARIABLES, choropleth_figure, selection_to_gemeente
from ui.mapview import show_map

MAP_KEY = "home_map"
PICK_KEY = "home_pick"
GOTO_KEY = "_home_goto"
TOTAL = SCORE_VARIABLES[0]  # total_load


def _on_pick() -> None:
    code = st.session_state.get(PICK_KEY)
    if code:
        st.session_state[GOTO_KEY] = code


def _on_click() -> None:
    code = selection_to_gemeente(st.session_state.get(MAP_KEY), data.gemeente_codes())
    if code:
        st.session_state[GOTO_KEY] = code


goto = st.session_state.pop(GOTO_KEY, None)
if goto:
    st.session_state.pop(PICK_KEY, None)
    st.switch_page("pages/gemeente.py", query_params={"gemeente": goto, "lang": lang()})

page_header("app.title")
st.markdown(f"#### {t('home.lead')}")
st.markdown(t("home.audience"))

entries = (
    ("gemeente.py", "home.find", "home.find_text"),
    ("regios.py", "home.compare", "home.compare_text"),
    ("richtgetal.py", "home.divide", "home.divide_text"),
)
for col, (filename, title_key, text_key) in zip(st.columns(3), entries, strict=True):
    with col.container(border=True):
        if page_exists(filename):
            st.page_link(f"pages/{filename}", label=f"**{t(title_key)}** →")
        st.caption(t(text_key))
        if filename == "gemeente.py":
            names = data.names().sort_values("gemeentenaam")
            label_of = dict(zip(names["gemeentecode"], names["gemeentenaam"], strict=True))
            st.selectbox(
                t("home.pick"),
                list(label_of),
                index=None,
                key=PICK_KEY,
                format_func=label_of.__getitem__,
                placeholder=t("home.pick_placeholder"),
                on_change=_on_pick,
                label_visibility="collapsed",
            )

kwb_date = get_source(KWB_SOURCE).peildatum_text(lang()).split(" (")[0]
bounds_date = get_source(BOUNDARY_SOURCE).peildatum_text(lang()).split(" (")[0]
st.markdown(f"**{t('home.data_date', date=kwb_date, bounds=bounds_date)}**")

scores = data.scores().scores[TOTAL.id]
kwb = data.kwb().set_index("gemeentecode")["gemeentenaam"]
frame = scores.reindex(kwb.index).rename("value").to_frame()
frame.insert(0, "naam", kwb.to_numpy())
frame = frame.reset_index(names="code")
decimals = decimals_for(frame["value"])
unit = TOTAL.unit(lang())
fig = choropleth_figure(
    frame,
    data.geojson("gemeente"),
    legend_title=unit,
    hover_unit=unit,
    rank_label=t("rank"),
    of_label=t("of"),
    colorscale=TOTAL.colorscale,
    decimals=decimals,
    lang=lang(),
    height=560,
    no_value_label=t("kaart.no_value"),
)
sources = (*TOTAL.source_ids, BOUNDARY_SOURCE)
caption = credit(*sources, lang=lang())
st.caption(t("home.click"))
show_map(
    fig,
    frame,
    key=MAP_KEY,
    title=t("home.map_title"),
    caption=caption,
    value_label=TOTAL.label(lang()),
    decimals=decimals,
    source_ids=sources,
    on_select=_on_click,
    notes=(caption,),
)
if page_exists("kaart.py"):
    st.page_link("pages/kaart.py", label=t("home.more_map") + " →")
