"""Domain engine: load scores, richtgetal allocation and the flow model. Never imports streamlit."""

from capacity.provenance import METHOD_VERSION

__all__ = ["METHOD_VERSION"]
