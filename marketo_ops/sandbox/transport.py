"""In-process httpx transports: the sandbox without a port.

``httpx.ASGITransport`` is async-only, so the sync transport hands each request to an event
loop running on a background thread owned by the sandbox (as starlette's TestClient does with its
portal). Both transports therefore drive the same app and store, and calls from several threads
really overlap on that loop, which is what the concurrency limit (615) needs. A fault that cuts
the connection surfaces as :class:`httpx.RemoteProtocolError`, as it would over a socket.
"""

from __future__ import annotations

from typing import Any

import httpx

from .._loop import LoopThread
from .faults import ConnectionDropped

__all__ = ["LoopThread", "SandboxAsyncTransport", "SandboxSyncTransport"]
_DROPPED = "peer closed connection without sending complete message body (sandbox fault)"


class SandboxAsyncTransport(httpx.AsyncBaseTransport):
    """Runs requests through the ASGI app on the caller's event loop."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app, client=("127.0.0.1", 50123))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._inner.handle_async_request(request)
        except ConnectionDropped as exc:
            raise httpx.RemoteProtocolError(_DROPPED, request=request) from exc


class SandboxSyncTransport(httpx.BaseTransport):
    """Runs requests through the ASGI app on the sandbox's loop thread; safe from any thread."""

    def __init__(self, app: Any, loop: LoopThread) -> None:
        self._async = SandboxAsyncTransport(app)
        self._loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()

        async def call() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            inner = httpx.Request(
                request.method,
                request.url,
                headers=request.headers,
                content=content,
                extensions=request.extensions,
            )
            response = await self._async.handle_async_request(inner)
            body = await response.aread()
            return response.status_code, response.headers.raw, body

        try:
            status, headers, body = self._loop.run(call())
        except httpx.TransportError as exc:
            raise type(exc)(str(exc), request=request) from exc
        return httpx.Response(status, headers=headers, content=body, request=request)
