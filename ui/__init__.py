"""Streamlit helpers for the dashboard: i18n, number formats, cached data, maps, URL state, page chrome.

Only this package and ``pages/`` may import streamlit; ``capacity/`` and ``geodata/`` stay plain Python.
"""
