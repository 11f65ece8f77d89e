"""Real-data layer: source registry, data resolution, fetch/check and validated loaders.

Never imports streamlit: the dashboard, the CLI and the tests share this package.
"""

from geodata.loaders import load_all, load_gemeenten, load_kwb, load_region_lookup, load_regions
from geodata.paths import DataNotFoundError, data_dir
from geodata.regions import REGION_LAYER_IDS, REGION_LAYERS, get_layer
from geodata.sources import SOURCES, credit, get_source

__all__ = [
    "SOURCES",
    "REGION_LAYERS",
    "REGION_LAYER_IDS",
    "DataNotFoundError",
    "credit",
    "data_dir",
    "get_layer",
    "get_source",
    "load_all",
    "load_gemeenten",
    "load_kwb",
    "load_region_lookup",
    "load_regions",
]
