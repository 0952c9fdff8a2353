"""``client.mcp``: Marketo's MCP server with the client's credentials, limiter and statistics.

:class:`MarketoMCP` (sync, usable from many threads at once) and :class:`AsyncMarketoMCP` have
the same methods, each written once here as a coroutine run on the session's loop (see
:mod:`.core`) and exposed by :class:`twin`: blocking on the sync client, awaitable on the async
one. The typed smart-campaign methods are the builders of :mod:`.calls`, bound the same way.

>>> mcp = client.mcp
>>> if mcp.available():
...     rules = mcp.get_smart_campaign_rules(1234)
...     mcp.add_flow_step(1234, {"action": "Send Alert", "params": {"Send To": "Lead Owner"}})
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from .._http import CallStats
from ..config import Settings
from ..errors import FeatureNotEnabledError, InvalidRequestError
from . import calls
from .calls import ToolCall
from .core import MCPCore
from .errors import operation_of
from .types import ToolInfo, ToolResult

P = ParamSpec("P")
T = TypeVar("T")


class twin(Generic[P, T]):
    """A coroutine of the MCP session's loop, as a blocking method on :class:`MarketoMCP` and an
    awaitable one on :class:`AsyncMarketoMCP`."""

    def __init__(self, fn: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]]) -> None:
        self._fn = fn
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, obj: MarketoMCP, owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, obj: AsyncMarketoMCP, owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(self, obj: _MCPBase | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        fn = self._fn

        def bound(*args: P.args, **kwargs: P.kwargs) -> Any:
            return obj._submit(lambda: fn(obj, *args, **kwargs))

        return functools.update_wrapper(bound, fn)


def bind_tool(builder: Callable[P, ToolCall[T]]) -> twin[P, T]:
    """A typed tool method from a builder of :mod:`.calls` (same signature, parsed result)."""

    async def run(view: _MCPBase, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await view._run(builder(*args, **kwargs))

    functools.update_wrapper(run, builder)
    return twin(run)


class _MCPBase:
    def __init__(self, core: MCPCore, *, stats: CallStats, settings: Settings) -> None:
        self._core = core
        self.stats = stats
        """Where tool calls are counted (the client's, so MCP and REST calls add up)."""
        self.settings = settings

    @property
    def configured(self) -> bool:
        """Whether this client has an MCP server (``mcp_url``, or a sandbox)."""
        return self._core.target is not None

    @property
    def url(self) -> str | None:
        return self._core.target.url if self._core.target is not None else None

    def _submit(self, make: Callable[[], Coroutine[Any, Any, T]]) -> Any:
        raise NotImplementedError

    # --- the methods, written once (each runs on the session's loop) ------------------------------
    async def _run(self, call: ToolCall[T], *, validate: bool = False) -> T:
        core = self._core
        if validate:
            problems = await core.problems(call.name, call.arguments)
            if problems:
                raise InvalidRequestError(
                    1003,
                    f"arguments for {call.name} do not match the server's schema: "
                    + "; ".join(problems),
                    operation=operation_of(call.name),
                )
        return await core.run(call, stats=self.stats, settings=self.settings)

    @twin
    async def run(self, call: ToolCall[T], *, validate: bool = False) -> T:
        """Run a call built by :mod:`marketo_ops.mcp.calls`; ``validate`` checks its arguments
        against the server's schema first (nothing is sent when they do not match)."""
        return await self._run(call, validate=validate)

    @twin
    async def list_tools(self, *, refresh: bool = False) -> list[ToolInfo]:
        """The server's tools with their input schemas (listed once, then cached)."""
        return list((await self._core.tools(refresh=refresh)).values())

    @twin
    async def tool(self, name: str) -> ToolInfo | None:
        """One tool of the server, or None when it offers no such tool."""
        return (await self._core.tools()).get(name)

    @twin
    async def validate_arguments(self, name: str, arguments: Mapping[str, Any]) -> list[str]:
        """Why ``arguments`` would not fit the live ``inputSchema`` of ``name`` (empty: they do)."""
        return await self._core.problems(name, arguments)

    @twin
    async def call(
        self,
        name: str,
        arguments: Mapping[str, Any] | None = None,
        *,
        idempotent: bool = False,
        validate: bool = False,
    ) -> ToolResult:
        """Call any tool; a tool error raises the SDK error of its code. ``idempotent`` lets an
        ambiguous failure (timeout, 604...) be retried."""
        return await self._run(
            ToolCall(name, dict(arguments or {}), lambda result: result, idempotent),
            validate=validate,
        )

    @twin
    async def available(self) -> bool:
        """True when the server answers; False when none is configured or MCP is not enabled
        for the instance (403). Wrong credentials and network failures still raise."""
        if self._core.target is None:
            return False
        try:
            await self._core.tools()
        except FeatureNotEnabledError:
            return False
        return True

    # --- typed smart-campaign tools (see marketo_ops.mcp.calls) ---------------------------------
    get_smart_campaign_by_id = bind_tool(calls.get_smart_campaign_by_id)
    get_smart_list_by_campaign_id = bind_tool(calls.get_smart_list_by_campaign_id)
    get_smart_campaign_rules = bind_tool(calls.get_smart_campaign_rules)
    get_smart_list_rules = bind_tool(calls.get_smart_list_rules)
    get_smart_campaign_flow_steps = bind_tool(calls.get_smart_campaign_flow_steps)
    get_smart_campaign_flow_step_types = bind_tool(calls.get_smart_campaign_flow_step_types)
    get_smart_campaign_flow_step_type_by_name = bind_tool(
        calls.get_smart_campaign_flow_step_type_by_name
    )
    get_smart_campaign_auto_suggest = bind_tool(calls.get_smart_campaign_auto_suggest)
    get_smart_campaign_rule_by_name = bind_tool(calls.get_smart_campaign_rule_by_name)
    get_smart_list_auto_suggest = bind_tool(calls.get_smart_list_auto_suggest)
    get_smart_list_rule_by_name = bind_tool(calls.get_smart_list_rule_by_name)
    create_smart_list = bind_tool(calls.create_smart_list)
    add_smart_list_rule = bind_tool(calls.add_smart_list_rule)
    update_smart_list_rule = bind_tool(calls.update_smart_list_rule)
    delete_all_smart_list_rules = bind_tool(calls.delete_all_smart_list_rules)
    reorder_smart_list_rules = bind_tool(calls.reorder_smart_list_rules)
    update_smart_list_filter_logic = bind_tool(calls.update_smart_list_filter_logic)
    add_flow_step = bind_tool(calls.add_flow_step)
    update_flow_step_choice = bind_tool(calls.update_flow_step_choice)
    activate_smart_campaign = bind_tool(calls.activate_smart_campaign)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r})"


class MarketoMCP(_MCPBase):
    """Marketo's MCP server, synchronously; thread-safe (one shared session)."""

    def _submit(self, make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        return self._core.blocking(make())


class AsyncMarketoMCP(_MCPBase):
    """Marketo's MCP server for asyncio code; the same methods as :class:`MarketoMCP`."""

    def _submit(self, make: Callable[[], Coroutine[Any, Any, T]]) -> Awaitable[T]:
        return self._core.awaiting(make())
