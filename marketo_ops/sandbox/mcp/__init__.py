"""The sandbox's MCP server: Marketo's smart-list and flow tools at ``/mcp``.

Layout: ``tools.yaml`` (the tools and their input schemas, the one place they are defined),
``catalog.yaml`` (the flow steps, triggers and filters the tools accept), ``schemas.py`` and
``catalog.py`` (reading them), ``rules.py`` and ``flows.py`` (what the tools write, on the same
store REST reads), ``tools.py`` (one function per tool), ``server.py`` (the ``mcp`` package's
server, limits and usage log), ``auth.py`` (credentials, 401/403), ``bridge.py`` (serving the
package's app on the sandbox's loop for callers on any loop).

This module stays light: the ``mcp`` package is loaded by the first authorised request.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

    from ..sandbox import Sandbox
    from .bridge import LoopBridge

MCP_PATH: Final = "/mcp"
SANDBOX_MUNCHKIN_ID: Final = "000-SBX-000"
"""The munchkin id of every sandbox: MCP clients name the instance they want by it."""


def is_mcp_path(path: str) -> bool:
    return path == MCP_PATH or path.startswith(MCP_PATH + "/")


class MCPEndpoint:
    """``/mcp`` of one sandbox (an ASGI app): authentication, then the MCP server."""

    def __init__(self, sandbox: Sandbox) -> None:
        if sandbox.config.mcp_schema_overrides:
            from .schemas import tool_table

            tool_table(sandbox.config.mcp_schema_overrides)  # a bad override fails here, not later
        self._sandbox = sandbox
        self._lock = threading.Lock()
        self._bridge: LoopBridge | None = None

    def bridge(self) -> LoopBridge:
        with self._lock:
            if self._bridge is None:
                from .bridge import LoopBridge
                from .server import ToolRunner, build_server

                box, app = self._sandbox, self._sandbox.app
                runner = ToolRunner(box.store, box.config, app.limits, app.faults, app.request_ids)
                self._bridge = LoopBridge(build_server(runner), box.loop_thread)
            return self._bridge

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from .auth import refusal

        refused = refusal(scope, self._sandbox.store, self._sandbox.config)
        if refused is not None:
            await refused(scope, receive, send)
            return
        await self.bridge()(scope, receive, send)

    def close(self) -> None:
        """Stop the MCP server's session manager (before the sandbox's loop stops)."""
        with self._lock:
            bridge = self._bridge
        if bridge is not None:
            bridge.close()


__all__ = ["MCP_PATH", "SANDBOX_MUNCHKIN_ID", "MCPEndpoint", "is_mcp_path"]
