"""A real MCP server (the ``mcp`` package's) whose tools answer what a test scripts.

The SDK's unit tests run against it instead of the sandbox, so each behaviour of the client
(error mapping, retries, counting, concurrency) is provoked on purpose: a tool handler returns
structured content, raises :class:`Refuse` for a Marketo error envelope, or raises ``MCPError``
for a JSON-RPC error; ``status`` makes the endpoint answer an HTTP error instead (401, 403...).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
import mcp_types as types
from mcp.server import Server
from mcp.shared.exceptions import MCPError
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from marketo_ops._loop import LoopThread
from marketo_ops.sandbox.errors import ApiError
from marketo_ops.sandbox.mcp.bridge import LoopBridge
from marketo_ops.sandbox.mcp.server import error_result

URL = "https://mcp.test/mcp"
OBJECT: dict[str, Any] = {"type": "object"}


class Refuse(Exception):
    """Answer the call with Marketo's error envelope (a tool error result)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Handler = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class ScriptedServer:
    tools: dict[str, tuple[dict[str, Any], Handler]] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    lists: int = 0
    status: int | None = None
    status_body: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.loop = LoopThread("scripted-mcp")
        self.bridge = LoopBridge(
            Server("scripted", on_list_tools=self._list, on_call_tool=self._call), self.loop
        )

    def tool(self, name: str, schema: dict[str, Any] | None = None) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.tools[name] = (schema or OBJECT, handler)
            return handler

        return register

    def answer(self, name: str, body: dict[str, Any], schema: dict[str, Any] | None = None) -> None:
        self.tools[name] = (schema or OBJECT, lambda _arguments: body)

    def calls_of(self, name: str) -> list[dict[str, Any]]:
        return [arguments for called, arguments in self.calls if called == name]

    async def _list(self, _ctx: Any, _params: Any) -> types.ListToolsResult:
        with self._lock:
            self.lists += 1
        return types.ListToolsResult(
            tools=[
                types.Tool(name=name, description=f"{name} (scripted)", input_schema=schema)
                for name, (schema, _) in self.tools.items()
            ]
        )

    async def _call(self, _ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        arguments = dict(params.arguments or {})
        with self._lock:
            self.calls.append((params.name, arguments))
        if params.name not in self.tools:
            raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {params.name}")
        try:
            body = self.tools[params.name][1](arguments)
        except Refuse as refusal:
            return error_result("abc#123", ApiError(refusal.code, refusal.message))
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=json.dumps(body))],
            structured_content=body,
        )

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        with self._lock:
            self.headers.append(
                {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            )
        if self.status is not None:
            response = JSONResponse(self.status_body, status_code=self.status)
            await response(scope, receive, send)
            return
        await self.bridge(scope, receive, send)

    def transport(self) -> httpx2.AsyncBaseTransport:
        return httpx2.ASGITransport(app=self.app)

    def close(self) -> None:
        self.bridge.close()
        self.loop.stop()
