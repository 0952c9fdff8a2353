"""The sandbox's MCP server: Marketo's smart-list and flow tools at ``/mcp``.

Layout: ``tools.yaml`` (the tools and their input schemas, the one place they are defined),
``catalog.yaml`` (the flow steps, triggers and filters the tools accept), ``schemas.py`` and
``catalog.py`` (reading them), ``rules.py`` and ``flows.py`` (what the tools write, on the same
store REST reads), ``tools.py`` (one function per tool), ``server.py`` (the ``mcp`` package's
server, limits and usage log), ``endpoint.py`` (authentication and the HTTP face).

This module stays light: the ``mcp`` package is imported when the first ``/mcp`` request arrives.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

    from ..sandbox import Sandbox
    from .endpoint import MCPEndpoint

MCP_PATH: Final = "/mcp"
SANDBOX_MUNCHKIN_ID: Final = "000-SBX-000"
"""The munchkin id of every sandbox: MCP clients name the instance they want by it."""


def is_mcp_path(path: str) -> bool:
    return path == MCP_PATH or path.startswith(MCP_PATH + "/")


class LazyEndpoint:
    """``/mcp`` of one sandbox, built on its first request (REST-only users never load MCP)."""

    def __init__(self, sandbox: Sandbox) -> None:
        if sandbox.config.mcp_schema_overrides:
            from .schemas import tool_table

            tool_table(sandbox.config.mcp_schema_overrides)  # a bad override fails here, not later
        self._sandbox = sandbox
        self._lock = threading.Lock()
        self._endpoint: MCPEndpoint | None = None

    def endpoint(self) -> MCPEndpoint:
        with self._lock:
            if self._endpoint is None:
                from .endpoint import MCPEndpoint
                from .server import ToolRunner

                box = self._sandbox
                app = box.app
                runner = ToolRunner(box.store, box.config, app.limits, app.faults, app.request_ids)
                self._endpoint = MCPEndpoint(box.store, box.config, runner, box.loop_thread)
            return self._endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.endpoint()(scope, receive, send)

    def close(self) -> None:
        with self._lock:
            endpoint = self._endpoint
        if endpoint is not None:
            endpoint.close()


__all__ = ["MCP_PATH", "SANDBOX_MUNCHKIN_ID", "LazyEndpoint", "is_mcp_path"]
