"""Registry of the region layers a gemeente belongs to (2025 division)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionLayer:
    id: str  # column prefix in the gemeente→regio lookup
    source_id: str
    label_nl: str
    label_en: str
    code_prefix: str


REGION_LAYERS: tuple[RegionLayer, ...] = (
    RegionLayer("provincie", "cartomap_provincie_2025", "Provincie", "Province", "PV"),
    RegionLayer("corop", "cartomap_coropgebied_2025", "COROP-gebied", "COROP region", "CR"),
    RegionLayer(
        "arbeidsmarktregio", "cartomap_arbeidsmarktregio_2025", "Arbeidsmarktregio", "Labour-market region", "AM"
    ),
    RegionLayer("veiligheidsregio", "cartomap_veiligheidsregio_2025", "Veiligheidsregio", "Safety region", "VR"),
    RegionLayer("ggdregio", "cartomap_ggdregio_2025", "GGD-regio", "GGD region", "GG"),
    RegionLayer("jeugdregio", "cartomap_jeugdregio_2025", "Jeugdregio", "Youth-care region", "JZ"),
)

REGION_LAYER_IDS: tuple[str, ...] = tuple(layer.id for layer in REGION_LAYERS)
_BY_ID = {layer.id: layer for layer in REGION_LAYERS}


def get_layer(layer_id: str) -> RegionLayer:
    try:
        return _BY_ID[layer_id]
    except KeyError:
        raise KeyError(f"unknown region layer {layer_id!r}; known: {list(REGION_LAYER_IDS)}") from None
