"""The MCP side of a client: one session on a loop thread of its own, the tool listing, and
tool calls paced, counted and retried like REST calls.

Why a thread of its own: the ``mcp`` package binds a session to the task that opened it, and
the SDK is used from threads (the importer) and from event loops alike. So the session lives on
one loop, and callers hand it coroutines: sync callers block on the result, async callers await
it. Clients that share a :class:`MCPCore` (a client and its ``with_options``/``counting``
copies) share one session.

A tool call is an API call of the instance (Adobe's server runs the matching REST calls with the
same credentials, against the same quota), so it takes a slot of the client's shared limiter,
is counted in the caller's ``stats`` as ``mcp:<tool>``, and is retried by the REST policy:
refusals (606, 615, connection never opened) always, ambiguous failures only for idempotent
calls. Listing tools and opening the session execute no REST call and are not counted.
"""

from __future__ import annotations

import time
from collections.abc import Coroutine, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError
from tenacity import AsyncRetrying

from .._clock import Clock
from .._http import CallStats, _Core
from .._limits import Limiter
from .._logging import logger
from .._loop import LoopThread
from .._retry import RetryContext
from ..config import Settings
from ..errors import APIError, ConfigurationError
from .calls import ToolCall
from .errors import leaf, operation_of, tool_error
from .target import MCPTarget
from .types import ToolInfo, ToolResult

if TYPE_CHECKING:
    from .connection import MCPConnection
    from .schema import Validator

T = TypeVar("T")
NOT_CONFIGURED = (
    "Marketo's MCP server is not configured for this client: set mcp_url in the profile (or"
    " MARKETO_MCP_URL), e.g. https://marketo-mcp.adobe.io/mcp"
)


class MCPCore:
    def __init__(self, target: MCPTarget | None, *, limiter: Limiter, clock: Clock) -> None:
        self.target = target
        self.limiter = limiter
        self.clock = clock
        self._loop = LoopThread("marketo-ops-mcp")
        self._connection: MCPConnection | None = None
        self._tools: dict[str, ToolInfo] | None = None
        self._validators: dict[str, Validator] = {}

    # --- running coroutines on the session's loop ----------------------------------------------
    def blocking(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if self._loop.on_loop():
            coroutine.close()
            raise RuntimeError("a sync MCP call cannot be made from the MCP client's own loop")
        return self._loop.run(coroutine)

    async def awaiting(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return await self._loop.arun(coroutine)

    def _connect(self) -> MCPConnection:
        if self.target is None:
            raise ConfigurationError(NOT_CONFIGURED)
        if self._connection is None:
            from .connection import MCPConnection  # loads the mcp package on first use

            self._connection = MCPConnection(self.target)
        return self._connection

    # --- tools ----------------------------------------------------------------------------------
    async def tools(self, *, refresh: bool = False) -> dict[str, ToolInfo]:
        if self._tools is None or refresh:
            connection = self._connect()
            session = await connection.session()
            since = connection.mark()
            found: dict[str, ToolInfo] = {}
            cursor: str | None = None
            try:
                while True:
                    page = await session.list_tools(cursor=cursor)
                    for tool in page.tools:
                        found[tool.name] = ToolInfo(
                            tool.name,
                            tool.description or "",
                            dict(tool.input_schema),
                            dict(tool.output_schema) if tool.output_schema else None,
                        )
                    cursor = page.next_cursor
                    if not cursor:
                        break
            except Exception as exc:
                raise connection.error_of(leaf(exc), "mcp:tools/list", since) from None
            self._tools = found
            self._validators.clear()
        return self._tools

    async def problems(self, name: str, arguments: Mapping[str, Any]) -> list[str]:
        tools = await self.tools()
        info = tools.get(name)
        if info is None:
            return [f"the MCP server offers no tool {name!r}"]
        from . import schema  # jsonschema, loaded when first needed

        validator = self._validators.get(name)
        if validator is None:
            try:
                validator = schema.compile_schema(info.input_schema)
            except schema.SchemaError as exc:
                return [
                    f"the server's input schema of {name} is not valid JSON Schema: {exc.message}"
                ]
            self._validators[name] = validator
        return schema.problems(validator, arguments)

    # --- calls ----------------------------------------------------------------------------------
    async def run(self, call: ToolCall[T], *, stats: CallStats, settings: Settings) -> T:
        operation = operation_of(call.name)
        ctx = RetryContext(operation, idempotent=call.idempotent)
        policy = _Core(settings, limiter=self.limiter, clock=self.clock, stats=stats)
        retrying = AsyncRetrying(sleep=self.clock.asleep, **policy._retry_kwargs(ctx))
        result: ToolResult = await retrying(self._attempt, call, stats, operation)
        try:
            return call.parse(result)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "(result)"
            raise APIError(
                0,
                f"{call.name} answered in an unexpected shape: {where}: {first['msg']}",
                operation=operation,
            ) from None

    async def _attempt(self, call: ToolCall[Any], stats: CallStats, operation: str) -> ToolResult:
        connection = self._connect()
        session = await connection.session()
        since = connection.mark()
        async with self.limiter.aslot():
            stats.record(operation)
            started = time.perf_counter()
            try:
                raw = await session.call_tool(call.name, dict(call.arguments))
            except Exception as exc:
                raise connection.error_of(leaf(exc), operation, since) from None
        text = "\n".join(str(getattr(block, "text", "")) for block in raw.content)
        result = ToolResult(call.name, raw.structured_content, text, bool(raw.is_error))
        logger.debug(
            "MCP %s -> %s in %.0f ms",
            call.name,
            "error" if result.is_error else "ok",
            (time.perf_counter() - started) * 1000,
        )
        if result.is_error:
            raise tool_error(result)
        return result

    def close(self) -> None:
        connection = self._connection
        if connection is not None and not self._loop.on_loop():
            self._loop.run(connection.close(), timeout=10)
        self._connection = None
        self._tools = None
        self._loop.stop()

    def __repr__(self) -> str:
        return f"MCPCore(url={self.target.url if self.target else None!r})"
