"""A loopback stand-in for the CBS OData v3 feed (``/ODataFeed/odata/<table>/``), for tests only.

It replays the feed's documented shape: service document, ``TableInfos``, ``DataProperties`` with topic
groups (two groups hold a "Gemiddelde score", only one is the SES-WOA total), ``TypedDataSet`` in two
pages linked by ``odata.nextLink``, padded GM/WK/BU codes, two periods and CBS's "." for missing.
THE SES-WOA VALUES ARE TEST FIXTURES, NOT CBS DATA: a deterministic ramp over the gemeentecodes.
Special tables: ``00404NED`` (HTTP 404 is also any unknown id), ``00500NED`` (HTTP 500),
``00666NED`` (truncated JSON), ``00777NED`` (answers after a delay: a timeout).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pandas as pd

SES_TABLE = "86092NED"
SLOW_TABLE = "00777NED"
PERIODS = ("2022JJ00", "2023JJ00")


def fixture_ses_woa(codes: list[str], period: str) -> pd.Series:
    """TEST FIXTURE values (not CBS data): ramp from -1 to +1 over the sorted codes; 2022 is mirrored."""
    ramp = np.linspace(-1.0, 1.0, len(codes))
    values = ramp if period == PERIODS[-1] else ramp[::-1]
    return pd.Series(np.round(values, 3), index=sorted(codes))


def _properties() -> list[dict]:
    return [
        {"ID": 0, "Position": 0, "ParentID": None, "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Regio"},
        {"ID": 1, "Position": 1, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
        {"ID": 2, "Position": 2, "ParentID": None, "Type": "TopicGroup", "Key": "", "Title": "SES-WOA"},
        {"ID": 3, "Position": 3, "ParentID": 2, "Type": "TopicGroup", "Key": "", "Title": "Deelscore welvaart"},
        # a decoy first: same title in a sub-score group, a lower column number
        {
            "ID": 4,
            "Position": 4,
            "ParentID": 3,
            "Type": "Topic",
            "Key": "GemiddeldeScore_4",
            "Title": "Gemiddelde score",
        },
        {"ID": 5, "Position": 5, "ParentID": 2, "Type": "TopicGroup", "Key": "", "Title": "Totaalscore"},
        {
            "ID": 6,
            "Position": 6,
            "ParentID": 5,
            "Type": "Topic",
            "Key": "GemiddeldeScore_29",
            "Title": "Gemiddelde score",
        },
        {
            "ID": 7,
            "Position": 7,
            "ParentID": None,
            "Type": "Topic",
            "Key": "Huishoudens_31",
            "Title": "Particuliere huishoudens",
        },
    ]


def _rows(codes: list[str]) -> list[dict]:
    rows: list[dict] = []
    for period in PERIODS:
        ses = fixture_ses_woa(codes, period)
        for i, code in enumerate(sorted(codes)):
            rows.append(
                {
                    "WijkenEnBuurten": f"{code}    ",  # padded as in the feed
                    "Perioden": period,
                    "GemiddeldeScore_4": "0.5",
                    "GemiddeldeScore_29": f"{ses[code]:.3f}",
                    "Huishoudens_31": "." if i == 0 else str(1000 + i),
                }
            )
        rows.append(
            {
                "WijkenEnBuurten": "WK036300  ",
                "Perioden": period,
                "GemiddeldeScore_4": ".",
                "GemiddeldeScore_29": "0.1",
                "Huishoudens_31": "7",
            }
        )
        rows.append(
            {
                "WijkenEnBuurten": "BU03630000",
                "Perioden": period,
                "GemiddeldeScore_4": ".",
                "GemiddeldeScore_29": ".",
                "Huishoudens_31": ".",
            }
        )
        rows.append(
            {
                "WijkenEnBuurten": "NL01      ",
                "Perioden": period,
                "GemiddeldeScore_4": "0",
                "GemiddeldeScore_29": "0",
                "Huishoudens_31": "8000000",
            }
        )
    return rows


class FeedServer:
    """``with FeedServer(codes) as base:`` serves the stand-in on 127.0.0.1; ``requests`` logs the paths."""

    def __init__(self, codes: list[str], slow_seconds: float = 3.0) -> None:
        self.codes = list(codes)
        self.slow_seconds = slow_seconds
        self.requests: list[str] = []
        rows = _rows(self.codes)
        half = len(rows) // 2
        self.pages = (rows[:half], rows[half:])

    def __enter__(self) -> str:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                feed.requests.append(self.path)
                parsed = urllib.parse.urlsplit(self.path)
                parts = [p for p in parsed.path.split("/") if p]
                if len(parts) < 3 or parts[:2] != ["ODataFeed", "odata"]:
                    return self._send(404, b"{}")
                table, rest = parts[2], parts[3:]
                if table == "00500NED":
                    return self._send(500, b'{"error": "internal"}')
                if table == "00666NED":
                    return self._send(200, b'{"value": [{"name": "TableInfos", "url"')
                if table == SLOW_TABLE:
                    time.sleep(feed.slow_seconds)
                    return self._send(200, b'{"value": []}')
                if table != SES_TABLE:
                    return self._send(404, b'{"odata.error": {"message": {"value": "not found"}}}')
                base = f"http://127.0.0.1:{self.server.server_address[1]}/ODataFeed/odata/{table}"
                if not rest:
                    body = {
                        "value": [
                            {"name": n, "url": f"{base}/{n}"}
                            for n in (
                                "TableInfos",
                                "UntypedDataSet",
                                "TypedDataSet",
                                "DataProperties",
                                "WijkenEnBuurten",
                                "Perioden",
                            )
                        ]
                    }
                elif rest == ["TableInfos"]:
                    body = {
                        "value": [
                            {
                                "ID": 1,
                                "Identifier": table,
                                "Title": "SES-WOA TEST FIXTURE (not CBS data)",
                                "Modified": "2025-06-30T02:00:00",
                                "Period": "2022-2023",
                            }
                        ]
                    }
                elif rest == ["DataProperties"]:
                    body = {"value": _properties()}
                elif rest == ["TypedDataSet"]:
                    query = urllib.parse.parse_qs(parsed.query)
                    page = int(query.get("$skiptoken", ["0"])[0])
                    body = {"value": feed.pages[page]}
                    if page == 0:
                        body["odata.nextLink"] = f"{base}/TypedDataSet?$format=json&$skiptoken=1"
                else:
                    return self._send(404, b"{}")
                return self._send(200, json.dumps(body).encode())

            def _send(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
