"""One MCP session with Marketo's server, on the official ``mcp`` client over streamable HTTP.

The ``mcp`` package ties a session to the task that opened it (its transport runs in an anyio
task group), so one *keeper* task opens the session, holds it and closes it; calls made from
other tasks of the same loop share it (requests are multiplexed by JSON-RPC id). When the
transport fails (the server went away), the keeper ends with the cause, the session is dropped
and the next call opens a new one.

The package reports an HTTP error status of the endpoint only as a generic JSON-RPC error, so
the HTTP client records failed responses (status and a short body) and the error mapping reads
the latest one: that is how 401 (credentials) and 403 (MCP not enabled) stay distinguishable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque

import httpx2
import mcp_types as types
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import MCP_DEFAULT_SSE_READ_TIMEOUT
from mcp.shared.exceptions import MCPError

from .. import __version__
from ..errors import MarketoError
from . import errors
from .target import MCPTarget

logger = logging.getLogger("marketo_ops")
_FAILURES_KEPT = 8
_FALLBACK_MESSAGES = frozenset({"Server returned an error response", "Not Found"})


class MCPConnection:
    """A lazily opened, shared session; every method runs on the loop that owns it."""

    def __init__(self, target: MCPTarget) -> None:
        self.target = target
        self._client: Client | None = None
        self._lock: asyncio.Lock | None = None
        self._stop: asyncio.Event | None = None
        self._keeper: asyncio.Task[None] | None = None
        self._failures: deque[tuple[int, int, str]] = deque(maxlen=_FAILURES_KEPT)
        self._responses = 0
        self._broken: MarketoError | None = None

    def mark(self) -> int:
        """A point in time for :meth:`error_of`: failed responses after it are this call's."""
        return self._responses

    async def session(self) -> Client:
        """The open session, opening it first if needed (raises the mapped connect error)."""
        if self._client is not None:
            return self._client
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._client is None:
                opened: asyncio.Future[Client] = asyncio.get_running_loop().create_future()
                self._stop = asyncio.Event()
                self._keeper = asyncio.create_task(self._keep(opened, self._stop))
                self._client = await opened
            return self._client

    async def _keep(self, opened: asyncio.Future[Client], stop: asyncio.Event) -> None:
        since = self.mark()
        try:
            async with (
                self._http() as http,
                Client(
                    streamable_http_client(self.target.url, http_client=http),
                    read_timeout_seconds=self.target.timeout,
                    client_info=types.Implementation(name="marketo-ops", version=__version__),
                    cache=None,
                ) as client,
            ):
                self._broken = None
                opened.set_result(client)
                await stop.wait()
        except BaseException as exc:  # handed to whoever waits for the session, or logged
            error = self.error_of(errors.leaf(exc), "mcp:connect", since)
            if not opened.done():
                opened.set_exception(error)
            else:
                self._broken = error
                logger.info("the MCP session ended: %s", error)
        finally:
            self._client = None

    def _http(self) -> httpx2.AsyncClient:
        async def record(response: httpx2.Response) -> None:
            self._responses += 1
            if response.status_code >= 400:
                await response.aread()
                self._failures.append((self._responses, response.status_code, response.text[:500]))

        return httpx2.AsyncClient(
            headers=self.target.credentials.headers(),
            timeout=httpx2.Timeout(self.target.timeout, read=MCP_DEFAULT_SSE_READ_TIMEOUT),
            transport=self.target.transport,
            event_hooks={"response": [record]},
        )

    def error_of(self, exc: BaseException, operation: str, since: int) -> MarketoError:
        """The SDK error for what a call (or the connection) failed with, reading the failed
        HTTP responses received after ``since`` (see :meth:`mark`)."""
        if isinstance(exc, MarketoError):
            return exc
        failures = [f for f in self._failures if f[0] > since]
        if isinstance(exc, MCPError):
            if failures and (
                exc.code == errors.INTERNAL_ERROR or exc.message in _FALLBACK_MESSAGES
            ):
                _, status, text = failures[-1]
                return errors.http_error(
                    status,
                    text,
                    url=self.target.url,
                    munchkin_id=self.target.credentials.munchkin_id,
                    operation=operation,
                )
            if exc.code == errors.CONNECTION_CLOSED and self._broken is not None:
                return self._broken
            return errors.rpc_error(exc.code, exc.message, operation=operation)
        if isinstance(exc, httpx2.TransportError):
            return errors.transport_error(exc, url=self.target.url, operation=operation)
        if self._broken is not None:
            return self._broken
        detail = str(exc) or type(exc).__name__
        return errors.rpc_error(errors.CONNECTION_CLOSED, detail, operation=operation)

    async def close(self) -> None:
        keeper, stop = self._keeper, self._stop
        self._keeper = self._stop = None
        if keeper is not None and stop is not None:
            stop.set()
            with contextlib.suppress(BaseException):
                await keeper


__all__ = ["MCPConnection"]
