"""A minimal Streamlit websocket client for server load benchmarks (no browser).

It speaks the same protocol as Streamlit's frontend: protobuf ``BackMsg``/``ForwardMsg`` over
``/_stcore/stream``. A session opens a page, keeps the widgets the server sent (by element id),
changes a widget by its user key the way the browser does (all current widget values are sent
with each rerun), and times each rerun from request to ``script_finished``. Download buttons are
fetched over HTTP (static media URL) or, for deferred downloads, through the backend request the
frontend would send. Only for benchmarks: it asserts nothing about page content.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

# Widget element types and the WidgetState field their value travels in.
_VALUE_FIELD = {
    "selectbox": "string_value",
    "radio": "int_value",
    "number_input": "double_value",
    "checkbox": "bool_value",
    "text_input": "string_value",
    "slider": "double_array_value",
    "multiselect": "string_array_value",
    "toggle": "bool_value",
}
# FINISHED_EARLY_FOR_RERUN is not final: the server reruns by itself (st.rerun, st.switch_page).
_FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


@dataclass
class Rerun:
    """What one rerun cost and produced."""

    seconds: float
    ok: bool
    exceptions: list[str]
    bytes_received: int


@dataclass
class Session:
    """One simulated browser tab on one page."""

    base_url: str
    page: str
    timeout_s: float = 60.0
    elements: dict[str, tuple[str, Any]] = field(default_factory=dict)  # element id → (type, proto)
    states: dict[str, WidgetState] = field(default_factory=dict)
    session_id: str = ""
    _ws: Any = None

    async def open(self) -> Rerun:
        ws_url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self._ws = await websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, origin=self.base_url, open_timeout=self.timeout_s
        )
        return await self.rerun()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    def widget_id(self, user_key: str) -> str:
        for element_id in self.elements:
            if element_id.endswith(f"-{user_key}"):
                return element_id
        raise KeyError(f"no widget with key {user_key!r} on {self.page}")

    def options(self, user_key: str) -> list[str]:
        kind, proto = self.elements[self.widget_id(user_key)]
        return list(getattr(proto, "options", []))

    def set_value(self, user_key: str, value: Any) -> None:
        element_id = self.widget_id(user_key)
        kind, _ = self.elements[element_id]
        state = WidgetState(id=element_id)
        setattr(state, _VALUE_FIELD[kind], value)
        self.states[element_id] = state

    async def rerun(self) -> Rerun:
        msg = BackMsg()
        msg.rerun_script.CopyFrom(
            ClientState(
                page_name=self.page,
                widget_states=WidgetStates(widgets=list(self.states.values())),
            )
        )
        t0 = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        exceptions: list[str] = []
        received = 0
        while True:
            raw = await asyncio.wait_for(self._ws.recv(), timeout=self.timeout_s)
            received += len(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._remember(fwd.delta.new_element, exceptions)
            elif kind == "script_finished" and fwd.script_finished in _FINISHED:
                ok = fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY and not exceptions
                return Rerun(time.perf_counter() - t0, ok, exceptions, received)

    def _remember(self, element: Any, exceptions: list[str]) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            exceptions.append(f"{element.exception.type}: {element.exception.message}")
            return
        proto = getattr(element, kind)
        element_id = getattr(proto, "id", "")
        if element_id:
            self.elements[element_id] = (kind, proto)

    def download_buttons(self) -> dict[str, Any]:
        """User key (or label) → download-button proto of every download button drawn so far."""
        return {
            (element_id.rsplit("-", 1)[-1] or proto.label): proto
            for element_id, (kind, proto) in self.elements.items()
            if kind == "download_button"
        }

    async def download(self, button: Any) -> tuple[float, int]:
        """Fetch a download the way the browser does: static URL, or a deferred-file request first."""
        t0 = time.perf_counter()
        url = button.url
        if not url and button.deferred_file_id:
            url = await self._deferred_url(button.deferred_file_id)
        full = url if url.startswith("http") else self.base_url + url
        body = await asyncio.to_thread(_get, full, self.timeout_s)
        return time.perf_counter() - t0, len(body)

    async def _deferred_url(self, file_id: str) -> str:
        request_id = uuid.uuid4().hex
        msg = BackMsg()
        msg.backend_operation_request.request_id = request_id
        msg.backend_operation_request.session_id = self.session_id
        msg.backend_operation_request.deferred_file.file_id = file_id
        await self._ws.send(msg.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self._ws.recv(), timeout=self.timeout_s)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "backend_operation_response":
                resp = fwd.backend_operation_response
                if resp.request_id == request_id:
                    if resp.error_msg:
                        raise RuntimeError(resp.error_msg)
                    return resp.deferred_file.url


def _get(url: str, timeout: float) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - loopback only
        return resp.read()
