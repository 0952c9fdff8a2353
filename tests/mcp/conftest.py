"""The SDK's MCP client wired to a scripted MCP server (see ``scripted.py``) on a manual clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketo_ops import ManualClock
from marketo_ops._http import CallStats
from marketo_ops._limits import Limiter
from marketo_ops.config import Settings
from marketo_ops.mcp import AsyncMarketoMCP, MarketoMCP, MCPCredentials, MCPTarget
from marketo_ops.mcp.core import MCPCore
from tests.mcp.scripted import URL, ScriptedServer

SECRET = "s3cret-VALUE-never-shown"
MUNCHKIN = "123-ABC-456"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings() -> Settings:
    return Settings(
        base_url=f"https://{MUNCHKIN}.mktorest.com",
        client_id="client-id-1",
        client_secret=SECRET,
        mcp_url=URL,
        max_retries=3,
    )


@pytest.fixture
def limiter(clock: ManualClock) -> Limiter:
    return Limiter(calls=50, window=20.0, concurrency=5, clock=clock)


@pytest.fixture
def core(
    server: ScriptedServer, settings: Settings, limiter: Limiter, clock: ManualClock
) -> Iterator[MCPCore]:
    credentials = MCPCredentials(MUNCHKIN, settings.client_id, settings.client_secret)
    target = MCPTarget(URL, credentials, timeout=10.0, transport=server.transport())
    made = MCPCore(target, limiter=limiter, clock=clock)
    yield made
    made.close()


@pytest.fixture
def stats() -> CallStats:
    return CallStats()


@pytest.fixture
def mcp(core: MCPCore, stats: CallStats, settings: Settings) -> MarketoMCP:
    return MarketoMCP(core, stats=stats, settings=settings)


@pytest.fixture
def amcp(core: MCPCore, stats: CallStats, settings: Settings) -> AsyncMarketoMCP:
    return AsyncMarketoMCP(core, stats=stats, settings=settings)
