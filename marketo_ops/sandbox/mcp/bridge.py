"""An MCP server's streamable-HTTP app, served on one event loop for callers on any loop.

The ``mcp`` package's session manager runs in a task group of one event loop and its app must
be called on that loop, while a sandbox is called from several (the caller's loop in-process,
uvicorn's when served). :class:`LoopBridge` buffers each request, runs the app on its own loop
thread (starting the session manager there on the first request) and replays the answer on the
caller's loop. Served statelessly with JSON answers, every exchange is one small POST, so
buffering costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from mcp.server import Server
from mcp.server.transport_security import TransportSecuritySettings
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..._loop import LoopThread
from . import MCP_PATH


class LoopBridge:
    """ASGI app serving ``server`` at ``/mcp`` on ``loop``; :meth:`close` stops it."""

    def __init__(self, server: Server[Any], loop: LoopThread) -> None:
        self._server = server
        self._loop = loop
        self._app: ASGIApp = server.streamable_http_app(
            streamable_http_path=MCP_PATH,
            stateless_http=True,
            json_response=True,
            # Callers authenticate before this; the sandbox's host names are not the loopback
            # ones the package's DNS-rebinding guard allows by default.
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )
        self._running: asyncio.Event | None = None
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            # Stateless and JSON-only: no server-sent event stream (GET) and no session to end
            # (DELETE), which MCP says to answer with 405.
            await Response(status_code=405, headers={"Allow": "POST"})(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        served = self._serve(dict(scope), bytes(body))
        messages = await served if self._loop.on_loop() else await self._loop.arun(served)
        for message in messages:
            await send(message)

    # --- on the bridge's loop -------------------------------------------------------------------
    async def _serve(self, scope: dict[str, Any], body: bytes) -> list[Message]:
        await self._start()
        sent: list[Message] = []
        done = asyncio.Event()
        delivered = False

        async def receive() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            sent.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                done.set()

        try:
            await self._app(scope, receive, send)
        finally:
            done.set()
        return sent

    async def _start(self) -> None:
        if self._running is None:
            running, stop = asyncio.Event(), asyncio.Event()
            self._running, self._stop = running, stop
            self._task = asyncio.get_running_loop().create_task(self._run(running, stop))
        await self._running.wait()

    async def _run(self, running: asyncio.Event, stop: asyncio.Event) -> None:
        async with self._server.session_manager.run():
            running.set()
            await stop.wait()

    async def _shutdown(self) -> None:
        if self._stop is not None and self._task is not None:
            self._stop.set()
            with contextlib.suppress(Exception):
                await self._task

    def close(self) -> None:
        """Stop the session manager (before the loop itself stops)."""
        if self._task is not None and not self._loop.on_loop():
            with contextlib.suppress(Exception):
                self._loop.run(self._shutdown(), timeout=5)
