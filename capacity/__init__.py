"""Domain engine: load scores, richtgetal allocation and the flow model. Never imports streamlit."""
