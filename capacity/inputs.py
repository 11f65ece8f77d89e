"""Which SES-WOA the spreidingswet key uses: upload > fetched CBS table (newest period) > labelled proxy.

One resolver for the CLI and the dashboard, so the same command and the same page follow the same data.
Whatever is used is named (table id and period) so that a fetch never changes numbers silently. A CBS
table is used only when it has a value for every gemeente (the key refuses an incomplete column).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geodata.cbs_tables import ses_woa_candidates


@dataclass(frozen=True)
class SesWoa:
    """The chosen SES-WOA per gemeentecode (None: the key's labelled proxy) and how to name it."""

    values: pd.Series | None
    origin: str  # upload | cbs | proxy
    table_id: str = ""
    period: str = ""
    fetched_at: str = ""
    skipped: tuple[str, ...] = ()  # cached tables not used, with the reason

    def label(self, lang: str = "nl") -> str:
        nl = lang == "nl"
        if self.origin == "upload":
            return "SES-WOA: eigen upload" if nl else "SES-WOA: own upload"
        if self.origin == "cbs":
            return (
                f"SES-WOA: CBS-tabel {self.table_id}, periode {self.period} (opgehaald {self.fetched_at[:10]})"
                if nl
                else f"SES-WOA: CBS table {self.table_id}, period {self.period} (fetched {self.fetched_at[:10]})"
            )
        return (
            "SES-WOA: welvaartsproxy (geen upload, geen opgehaalde CBS-tabel)"
            if nl
            else "SES-WOA: welfare proxy (no upload, no fetched CBS table)"
        )

    def extra(self, codes: pd.Index) -> pd.DataFrame | None:
        """``extra`` frame for ``capacity.keys`` (``gemeentecode``, ``ses_woa``), or None for the proxy."""
        if self.values is None:
            return None
        return pd.DataFrame({"gemeentecode": codes.astype(str), "ses_woa": self.values.reindex(codes.astype(str))})


def resolve_ses_woa(codes: pd.Index, upload: pd.Series | None = None) -> SesWoa:
    """Upload (complete) > newest cached CBS SES-WOA table covering every gemeente > proxy."""
    codes = pd.Index(codes.astype(str))
    if upload is not None:
        up = pd.to_numeric(upload, errors="coerce").rename(index=str).reindex(codes)
        if not up.isna().any():
            return SesWoa(up, "upload")
    skipped = []
    for values, meta in ses_woa_candidates():
        series = values.rename(index=str).reindex(codes)
        missing = int(series.isna().sum())
        if missing:
            skipped.append(f"{meta['table_id']} {meta.get('period')}: no value for {missing} of {len(codes)} gemeenten")
            continue
        return SesWoa(
            series,
            "cbs",
            meta["table_id"],
            str(meta.get("period") or ""),
            str(meta.get("fetched_at", "")),
            tuple(skipped),
        )
    return SesWoa(None, "proxy", skipped=tuple(skipped))
