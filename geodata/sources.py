"""Declarative registry of every raw data file the project reads.

One entry per file of the data mirror (see ``../shared/data/SOURCES.md``). Each entry says where the
file sits inside a mirror, where the byte-identical original can be downloaded, which official
CBS/PDOK pages publish the underlying data, its reference date (peildatum), licence and sha256.
Files that were *derived* in the mirror (conversions, filters, the region lookup) carry
``derived_from``: the project never needs them, because the loaders rebuild the same tables from the
originals; they are still registered so that ``python -m geodata check`` verifies a whole mirror.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CC_BY = "CC BY 4.0"
ATTR_CBS = "Bron: CBS"
ATTR_CBS_PDOK = "Bron: CBS, Kadaster/PDOK"

_CARTOMAP = "https://cartomap.github.io/nl/wgs84/{name}.topojson"
_RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
_PDOK_GEBIEDSINDELINGEN = "https://service.pdok.nl/cbs/gebiedsindelingen/2025/wfs/v1_0"
_CBS_WBK_2024 = "https://www.cbs.nl/nl-nl/dossier/nederland-regionaal/geografische-data/wijk-en-buurtkaart-2024"
_CBS_WBK_2023 = "https://www.cbs.nl/nl-nl/dossier/nederland-regionaal/geografische-data/wijk-en-buurtkaart-2023"
_STATLINE_KWB_2024 = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85984NED"
_STATLINE_KWB_2023 = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85618NED"

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WORDS = {
    "nl": {
        "source": "Bron",
        "date": "peildatum",
        "licence": "licentie",
        "grenzen": "grenzen",
        "cijfers": "cijfers",
        "indeling": "indeling",
    },
    "en": {
        "source": "Source",
        "date": "reference date",
        "licence": "licence",
        "grenzen": "boundaries",
        "cijfers": "figures",
        "indeling": "regional division",
    },
}

_NPRZ = ("finleydavis1999/nprz-app", "93dd2947e9f9bdee03bafdade2515f0b3db41154")
_ELAN = ("elan-dcc/ELANDashboard-RShiny", "0e58fefc86ec3769c77321c71765d3c3a51a26fe")
_PROJECTMAP = ("ejdewilde/projectmap", "fc14b975b77a3869c5a50b5939fff9c4cfeb13a9")


@dataclass(frozen=True)
class Source:
    """One raw file: identity, provenance and integrity."""

    id: str
    title: str
    publisher: str
    licence: str
    attribution: str
    peildatum: str  # ISO date the figures/boundaries refer to
    peildatum_label: str  # Dutch wording shown under charts
    path: str  # relative to the data directory (mirror layout)
    sha256: str
    upstream_url: str | None  # byte-identical download; None for files derived in the mirror
    size_bytes: int | None = None  # of the original; shown before a first-use download (None: derived)
    official_urls: tuple[str, ...] = ()
    derived_from: tuple[str, ...] = field(default=())
    note: str = ""
    peildatum_note_en: str = ""  # English counterpart of the remark in peildatum_label, if any

    @property
    def fetchable(self) -> bool:
        return self.upstream_url is not None

    def peildatum_text(self, lang: str = "nl") -> str:
        if lang == "nl":
            return self.peildatum_label
        year, month, day = (int(x) for x in self.peildatum.split("-"))
        text = f"{day} {_MONTHS_EN[month - 1]} {year}"
        return f"{text} {self.peildatum_note_en}".strip()


def _cartomap(layer: str, title: str, sha: str, size: int) -> Source:
    return Source(
        id=f"cartomap_{layer}_2025",
        title=f"{title} 2025 (CBS Gebiedsindelingen, gegeneraliseerd; cartomap)",
        publisher="CBS (via PDOK); vereenvoudigd door cartomap",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2025-01-01",
        peildatum_label="1 januari 2025",
        path=f"boundaries/cartomap_2025/{layer}_2025.topojson",
        sha256=sha,
        upstream_url=_CARTOMAP.format(name=f"{layer}_2025"),
        size_bytes=size,
        official_urls=(_PDOK_GEBIEDSINDELINGEN,),
    )


def _derived_geojson(layer: str, sha: str) -> Source:
    src = f"cartomap_{layer}_2025"
    return Source(
        id=f"cartomap_{layer}_2025_geojson",
        title=f"{layer} 2025 as GeoJSON (conversion of {src})",
        publisher="CBS (via PDOK); conversie in de mirror",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2025-01-01",
        peildatum_label="1 januari 2025",
        path=f"boundaries/cartomap_2025/{layer}_2025.geojson",
        sha256=sha,
        upstream_url=None,
        derived_from=(src,),
    )


SOURCES: tuple[Source, ...] = (
    _cartomap("provincie", "Provincies", "f36dd9c50f81d701b8a86a79c9f04b5b51b2eba1170286ae07ed0e57dcf2e04f", 15268),
    _cartomap(
        "coropgebied", "COROP-gebieden", "3ac5cbfa640adee741cf457ec5736cff8ee98ed6fc7964cc13d90b19e9277725", 26602
    ),
    _cartomap(
        "veiligheidsregio",
        "Veiligheidsregio's",
        "22636f418b24964488a90debfb6fc7f8b5c2ab001732428e3b141d42cfedf954",
        21008,
    ),
    _cartomap("ggdregio", "GGD-regio's", "8481582e5e0b3297f9ff12f2190a93b66e2efbc481f2101479d2abc36ca8d2ec", 20868),
    _cartomap(
        "arbeidsmarktregio",
        "Arbeidsmarktregio's",
        "0513a585d703071e42ca46285dd432258c3731d2e0396808fac931df0ee1919e",
        24947,
    ),
    _cartomap("jeugdregio", "Jeugdregio's", "e791519421eac41ced0bd5c9d40f57487d6e7c978bf40c9d2329c4ee7b739498", 27208),
    _derived_geojson("provincie", "2d143722d15c8a2d1098e03eb67f802dffeac1bea739d9fd951fa3b60ea41a40"),
    _derived_geojson("coropgebied", "75f7bb7f2cd138015662ae1d44ba65054d03216b4aed9a577d1da4fb40548482"),
    _derived_geojson("veiligheidsregio", "acc1c74d88206e2694bed8db18ea1f255478b22d82662d0fde05d95ea65e2628"),
    _derived_geojson("ggdregio", "afb5374fe385c4f7fdab0ba906fa550af7d51e881edfa68cd898e605b65307fb"),
    _derived_geojson("arbeidsmarktregio", "ed3ba66b4ac15473c0e7b34d321805b0e6d6453debb003588344d09dfbfc5a9f"),
    _derived_geojson("jeugdregio", "7b2fbc510c50fecaa0f76ce80861393e5d5e15daadab030e19880eb3de2f8616"),
    Source(
        id="cartomap_gemeente_2025_rd",
        title="Gemeenten 2025 (CBS Gebiedsindelingen, gegeneraliseerd; cartomap, RD New)",
        publisher="CBS (via PDOK); vereenvoudigd door cartomap",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2025-01-01",
        peildatum_label="1 januari 2025",
        path="boundaries/cartomap_2025/gemeente_2025_rd_epsg28992.geojson",
        sha256="f301bca81cd1a3ec9a71b4f3a94807b31e20034364577a23f7190aad5a404782",
        size_bytes=341998,
        upstream_url=_RAW.format(repo=_PROJECTMAP[0], commit=_PROJECTMAP[1], path="js/gemeente_2025.geojson"),
        official_urls=("https://cartomap.github.io/nl/rd/gemeente_2025.topojson", _PDOK_GEBIEDSINDELINGEN),
        note="RD New (EPSG:28992) coordinates in metres; the file has no CRS member.",
    ),
    Source(
        id="cartomap_gemeente_2025_wgs84",
        title="Gemeenten 2025, WGS84 (reprojection of cartomap_gemeente_2025_rd)",
        publisher="CBS (via PDOK); herprojectie in de mirror",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2025-01-01",
        peildatum_label="1 januari 2025",
        path="boundaries/cartomap_2025/gemeente_2025_wgs84.geojson",
        sha256="b5a1bfe0f9043758a2b5e2643b14ad3271486e2c60d1ae2b46921e4492fc9416",
        upstream_url=None,
        derived_from=("cartomap_gemeente_2025_rd",),
    ),
    Source(
        id="cbs_wbk_2024_gemeente",
        title="Gemeenten 2024 (CBS Wijk- en Buurtkaart 2024 v2, vereenvoudigd), land- en waterdelen",
        publisher="CBS",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2024-01-01",
        peildatum_label="1 januari 2024",
        path="boundaries/cbs_wijkbuurtkaart_2024/gemeente_2024.geojson",
        sha256="efc1d0648be5411174b2ca9cd360f69421f1790b1c56c4bedfed0192bcee97e1",
        size_bytes=1152203,
        upstream_url=_RAW.format(
            repo=_NPRZ[0], commit=_NPRZ[1], path="app-development/static/data/gemeente_2024.geojson"
        ),
        official_urls=(_CBS_WBK_2024,),
        note="423 features: 342 land parts and 81 water parts; row order equals cbs_kwb_2024.",
    ),
    Source(
        id="cbs_wbk_2024_gemeente_land",
        title="Gemeenten 2024, alleen land (afgeleid van cbs_wbk_2024_gemeente)",
        publisher="CBS; filter in de mirror",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2024-01-01",
        peildatum_label="1 januari 2024",
        path="boundaries/cbs_wijkbuurtkaart_2024/gemeente_2024_land.geojson",
        sha256="017311d36f828a2b4ca2531657369900314dc83f0fd00cb883256c9e606f4943",
        upstream_url=None,
        derived_from=("cbs_wbk_2024_gemeente", "cbs_kwb_2024"),
    ),
    Source(
        id="cbs_wbk_2023_gemeente",
        title="Gemeenten 2023 (CBS Wijk- en Buurtkaart 2023 v1) met kerncijfers KWB 2023 v1",
        publisher="CBS",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2023-01-01",
        peildatum_label="1 januari 2023",
        path="boundaries/cbs_wijkbuurtkaart_2023/gemeenten_2023_v1.geojson",
        sha256="d3d02ee7bea7178826ba25d5341a235d6746726018209c86a933a42ecc1bb4fe",
        size_bytes=1822959,
        upstream_url=_RAW.format(repo=_ELAN[0], commit=_ELAN[1], path="data/gemeenten_2023_v1.geojson"),
        official_urls=(_CBS_WBK_2023, _STATLINE_KWB_2023),
        note="424 features: 342 gemeenten + GM0998 Buitenland (land) and 81 water parts (H2O = JA).",
    ),
    Source(
        id="cbs_kwb_2024",
        title="Kerncijfers wijken en buurten 2024 (KWB 2024) per gemeente, attribuuttabel Wijk- en Buurtkaart 2024 v2",
        publisher="CBS",
        licence=CC_BY,
        attribution=ATTR_CBS,
        peildatum="2024-01-01",
        peildatum_label="1 januari 2024 (bevolking; overige variabelen volgens CBS 85984NED)",
        peildatum_note_en="(population; other variables per CBS 85984NED)",
        path="cbs_kwb_2024/gemeente_2024_stats.parquet",
        sha256="5c999eafb15917bae371ec5a09f489ee759f1a140feadc5d66ad259d425cf5c7",
        size_bytes=243925,
        upstream_url=_RAW.format(
            repo=_NPRZ[0], commit=_NPRZ[1], path="app-development/static/data/gemeente_2024_stats.parquet"
        ),
        official_urls=(_STATLINE_KWB_2024, _CBS_WBK_2024),
        note="423 rows (81 water rows hold only -99997); -99997 means not available.",
    ),
    Source(
        id="cbs_kwb_2024_csv",
        title="KWB 2024 per gemeente, 342 landrijen als CSV (afgeleid van cbs_kwb_2024)",
        publisher="CBS; filter in de mirror",
        licence=CC_BY,
        attribution=ATTR_CBS,
        peildatum="2024-01-01",
        peildatum_label="1 januari 2024",
        path="cbs_kwb_2024/kwb_2024_gemeenten.csv",
        sha256="fe07418d23450f685b93c0ca0002d9d30748e2c3843de798a0c890316e9e84d2",
        upstream_url=None,
        derived_from=("cbs_kwb_2024",),
    ),
    Source(
        id="cbs_kwb_2023_csv",
        title="KWB 2023 v1 per gemeente als CSV (afgeleid van de .dbf naast cbs_wbk_2023_gemeente)",
        publisher="CBS; conversie in de mirror",
        licence=CC_BY,
        attribution=ATTR_CBS,
        peildatum="2023-01-01",
        peildatum_label="1 januari 2023",
        path="cbs_kwb_2023/kwb_2023_v1_gemeenten.csv",
        sha256="a62eb670fb4c5f1f94baee56325b962774275dfbd7b4a83e5c4cfd4515119f1f",
        upstream_url=None,
        derived_from=("cbs_wbk_2023_gemeente",),
        note="The same attributes travel with cbs_wbk_2023_gemeente, which the loader reads.",
    ),
    Source(
        id="gemeente_regio_2025",
        title="Gemeente → regio 2025 (berekend: overlap van gemeenten met de zes regiolagen)",
        publisher="CBS-grenzen; berekend in de mirror",
        licence=CC_BY,
        attribution=ATTR_CBS_PDOK,
        peildatum="2025-01-01",
        peildatum_label="1 januari 2025",
        path="lookups/gemeente_regio_2025.csv",
        sha256="7b168830317cb36f9ea2d66feac8e76529ea5b2fa691740cbb81523bbcb4f6a8",
        upstream_url=None,
        derived_from=(
            "cartomap_gemeente_2025_rd",
            "cartomap_provincie_2025",
            "cartomap_coropgebied_2025",
            "cartomap_veiligheidsregio_2025",
            "cartomap_ggdregio_2025",
            "cartomap_arbeidsmarktregio_2025",
            "cartomap_jeugdregio_2025",
        ),
        note="geodata.loaders.derive_region_lookup rebuilds it from the boundaries when absent.",
    ),
)

_BY_ID = {s.id: s for s in SOURCES}
if len(_BY_ID) != len(SOURCES):  # pragma: no cover - guards the registry itself
    raise RuntimeError("duplicate source id in geodata.sources.SOURCES")


def get_source(source_id: str) -> Source:
    try:
        return _BY_ID[source_id]
    except KeyError:
        raise KeyError(f"unknown source id {source_id!r}; known: {sorted(_BY_ID)}") from None


def _kind(source: Source) -> str:
    """What a file contributes to a figure, for the peildatum wording."""
    if source.path.startswith("boundaries/"):
        return "grenzen"
    return "indeling" if source.path.startswith("lookups/") else "cijfers"


def credit(*source_ids: str, lang: str = "nl") -> str:
    """One 'Bron … peildatum … licentie' line for figures combining several sources."""
    words = _WORDS["en" if lang == "en" else "nl"]
    sources = [get_source(s) for s in dict.fromkeys(source_ids)]
    attributions = sorted({s.attribution for s in sources}, key=len, reverse=True)
    # "Bron: CBS, Kadaster/PDOK" already covers "Bron: CBS".
    attribution = attributions[0].replace("Bron", words["source"], 1)
    dates = dict.fromkeys(s.peildatum_text(lang) for s in sources)
    if len(dates) == 1:
        peildata = next(iter(dates))
    else:  # say which date belongs to the figures and which to the map
        peildata = "; ".join(
            dict.fromkeys(f"{words[_kind(s)]} {s.peildatum_text(lang)}" for s in sorted(sources, key=_kind))
        )
    licences = ", ".join(dict.fromkeys(s.licence for s in sources))
    return f"{attribution} — {words['date']} {peildata} — {words['licence']} {licences}"
