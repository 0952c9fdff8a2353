"""The sandbox's MCP server: the ``mcp`` package's server with the tools of ``tools.yaml``.

Built on the package's low-level :class:`mcp.server.Server` (the class ``MCPServer`` wraps):
``MCPServer`` derives each tool's schema from a Python signature, while these schemas are data
(one file, replaceable per sandbox), so the tools are listed from that data and every call is
validated against it with jsonschema before it runs.

A tool call is one API call of the instance, as on Adobe's server, which runs the matching REST
calls with the caller's credentials: it passes the sandbox's limits (615, 606, 607) and injected
envelope faults (operation ``mcp:<tool>``), and lands in the usage statistics with its outcome.
Listing tools costs nothing. A refusal is a tool error whose structured content is Marketo's
error envelope (``{"requestId", "success": false, "errors": [{"code", "message"}]}``); an
unknown tool is a JSON-RPC "invalid params" error, as MCP specifies.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import mcp_types as types
from mcp.server import Server
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError

from ... import __version__
from .. import errors
from ..config import SandboxConfig
from ..domain import usage as call_log
from ..envelope import RequestIds
from ..faults import ENVELOPE_FAULTS, FaultInjector, envelope_error
from ..limits import Limits
from ..store.db import Store
from .schemas import ToolDefinition, tool_table
from .tools import IMPLEMENTATIONS

logger = logging.getLogger("marketo_ops.sandbox")
SERVER_NAME = "marketo-ops-sandbox"


class ToolRunner:
    """Lists and runs the tools of one sandbox on its store."""

    def __init__(
        self,
        store: Store,
        config: SandboxConfig,
        limits: Limits,
        faults: FaultInjector,
        request_ids: RequestIds,
    ) -> None:
        self.store = store
        self.config = config
        self.limits = limits
        self.faults = faults
        self.request_ids = request_ids
        self.tools: dict[str, ToolDefinition] = tool_table(config.mcp_schema_overrides)

    def listed(self) -> list[types.Tool]:
        return [
            types.Tool(name=t.name, description=t.description, input_schema=t.input_schema)
            for t in self.tools.values()
        ]

    def call(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        definition = self.tools.get(name)
        if definition is None:
            raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {name}")
        request_id = self.request_ids.next()
        refused = self.limits.admit()
        if refused is not None:
            return error_result(request_id, refused)
        try:
            return self._run(definition, arguments, request_id)
        finally:
            self.limits.release()

    def _run(
        self, definition: ToolDefinition, arguments: dict[str, Any], request_id: str
    ) -> types.CallToolResult:
        fault = self.faults.pick("POST", "/mcp", f"mcp:{definition.name}")
        if fault in ENVELOPE_FAULTS:
            return error_result(request_id, envelope_error(fault))
        try:
            problems = definition.problems(arguments)
            if problems:
                raise errors.invalid_data(
                    f"Invalid arguments for {definition.name}: " + "; ".join(problems)
                )
            result = IMPLEMENTATIONS[definition.name](self.store, arguments)
        except errors.ApiError as error:
            call_log.log(self.store, self.config.scope, str(error.code))
            return error_result(request_id, error)
        except Exception:
            logger.exception("sandbox MCP tool %s failed", definition.name)
            call_log.log(self.store, self.config.scope, "611")
            return error_result(request_id, errors.ApiError(611, "System error"))
        call_log.log(self.store, self.config.scope, "")
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=json.dumps(result))],
            structured_content=result,
        )


def error_result(request_id: str, error: errors.ApiError) -> types.CallToolResult:
    """A tool's refusal: Marketo's error envelope as structured content and as JSON text."""
    body = {
        "requestId": request_id,
        "success": False,
        "errors": [{"code": str(error.code), "message": error.message}],
    }
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=json.dumps(body))],
        structured_content=body,
        is_error=True,
    )


def build_server(runner: ToolRunner) -> Server[Any]:
    async def list_tools(
        _ctx: ServerRequestContext[Any], _params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=runner.listed())

    async def call_tool(
        _ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        return runner.call(params.name, dict(params.arguments or {}))

    def input_schema(name: str) -> dict[str, Any] | None:
        definition = runner.tools.get(name)
        return definition.input_schema if definition is not None else None

    return Server(
        SERVER_NAME,
        version=__version__,
        instructions="Marketo Engage sandbox: smart-list rules and flow steps of smart campaigns.",
        get_tool_input_schema=input_schema,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )
