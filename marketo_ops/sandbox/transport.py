"""In-process httpx transports: the sandbox without a port.

``httpx.ASGITransport`` is async-only, so the sync transport hands each request to an event
loop running on a background thread owned by the sandbox (as starlette's TestClient does with its
portal). Both transports therefore drive the same app and store, and calls from several threads
really overlap on that loop, which is what the concurrency limit (615) needs. A fault that cuts
the connection surfaces as :class:`httpx.RemoteProtocolError`, as it would over a socket.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx

from .faults import ConnectionDropped

T = TypeVar("T")
_DROPPED = "peer closed connection without sending complete message body (sandbox fault)"


class LoopThread:
    """An asyncio event loop on a daemon thread; started on first use, stopped by :meth:`stop`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                thread = threading.Thread(target=run, name="marketo-ops-sandbox-loop", daemon=True)
                thread.start()
                ready.wait()
                self._loop, self._thread = loop, thread
            return self._loop

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop()).result(timeout)

    def stop(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if not thread.is_alive():
            loop.close()


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
