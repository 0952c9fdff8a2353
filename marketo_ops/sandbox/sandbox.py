"""``Sandbox``: one store, one ASGI app, two faces (in-process transports and a real server)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final

import httpx

from .._clock import SYSTEM_CLOCK, Clock
from .admin import SandboxAdmin
from .app import SandboxApp
from .config import PUBLIC_URL, SandboxConfig
from .mcp import MCP_PATH, SANDBOX_MUNCHKIN_ID, MCPEndpoint
from .requestlog import RequestLog
from .store.db import Store
from .store.seed import seed
from .transport import LoopThread, SandboxAsyncTransport, SandboxSyncTransport

if TYPE_CHECKING:
    import httpx2

IN_PROCESS_BASE_URL: Final = PUBLIC_URL


class Sandbox:
    """A Marketo Engage emulator.

    ``db`` is a SQLite file (created and seeded on first use, kept across restarts) or
    ``":memory:"``. ``clock`` drives token expiry, rate windows and the daily quota.

    >>> sandbox = Sandbox()
    >>> client = httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url)
    """

    def __init__(
        self,
        db: str | Path = ":memory:",
        config: SandboxConfig | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.config = config or SandboxConfig()
        self.clock = clock or SYSTEM_CLOCK
        self.store = Store(db, clock=self.clock)
        seed(self.store)
        self.app = SandboxApp(self.store, self.config, self.clock)
        self.admin = SandboxAdmin(self.store)
        self.base_url = IN_PROCESS_BASE_URL
        self._loop = LoopThread("marketo-ops-sandbox-loop")
        self._mcp = MCPEndpoint(self)
        self.app.mcp = self.app.request_log.wrap(self._mcp, "mcp")

    @property
    def client_id(self) -> str:
        return self.config.client_id

    @property
    def client_secret(self) -> str:
        return self.config.client_secret

    @property
    def db_path(self) -> str:
        return self.store.path

    @property
    def munchkin_id(self) -> str:
        """The instance's munchkin id, which MCP clients send (``X-Marketo-Munchkin-Id``)."""
        return SANDBOX_MUNCHKIN_ID

    @property
    def mcp_url(self) -> str:
        """Where the in-process face serves Marketo's MCP server."""
        return self.base_url + MCP_PATH

    @property
    def loop_thread(self) -> LoopThread:
        """The event loop the in-process sync face and the MCP server run on."""
        return self._loop

    def mcp_transport(self) -> httpx2.AsyncBaseTransport:
        """An in-process transport for the ``mcp`` package's client (its HTTP layer is httpx2)."""
        import httpx2

        return httpx2.ASGITransport(app=self.app, client=("127.0.0.1", 50124))

    @property
    def request_log(self) -> RequestLog:
        """The API calls this sandbox answered, newest last (also in ``config.request_log``)."""
        return self.app.request_log

    def sync_transport(self) -> httpx.BaseTransport:
        """An in-process transport for ``httpx.Client``; usable from many threads at once."""
        return SandboxSyncTransport(self.app, self._loop)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An in-process transport for ``httpx.AsyncClient`` on the caller's event loop."""
        return SandboxAsyncTransport(self.app)

    def reset(self) -> None:
        """Back to a freshly seeded instance: every asset, token and id sequence forgotten."""
        self.store.wipe()
        seed(self.store)
        self.app.limits.reset()

    def close(self) -> None:
        self._mcp.close()
        self._loop.stop()
        self.app.request_log.close()
        self.store.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Sandbox(db={self.store.path!r})"
