"""``/mcp``: the sandbox's MCP endpoint over streamable HTTP, as Adobe's server answers it.

Authentication comes first, with the headers Adobe's server takes: ``X-Marketo-Client-Id``,
``X-Marketo-Client-Secret`` and ``X-Marketo-Munchkin-Id`` (the sandbox's credentials and
:data:`SANDBOX_MUNCHKIN_ID`), or ``Authorization: Bearer`` with a live access token of the
sandbox standing in for Adobe's IMS token (the munchkin header is still required). Wrong or
missing credentials answer HTTP 401; a subscription without MCP (``SandboxConfig(mcp=False)``,
``sandbox serve --no-mcp``) answers HTTP 403 to valid ones, as Adobe's server does for a
munchkin id MCP is not enabled for. Both bodies are JSON ``{"error", "message"}``.

Then the ``mcp`` package's streamable-HTTP app (stateless, JSON responses) serves the MCP
messages. Its session manager is tied to one event loop, while the sandbox is called from
several (the caller's loop in-process, uvicorn's when served), so every request is buffered and
handed to the sandbox's own loop thread, where the manager runs from the first request until
the sandbox closes. Requests and answers are small JSON bodies, so buffering costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from typing import Any

from mcp.server.transport_security import TransportSecuritySettings
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..._loop import LoopThread
from ..config import SandboxConfig
from ..store.db import Store
from . import MCP_PATH, SANDBOX_MUNCHKIN_ID
from .server import ToolRunner, build_server


class MCPEndpoint:
    """ASGI app for ``/mcp``; see the module docstring."""

    def __init__(self, store: Store, config: SandboxConfig, runner: ToolRunner, loop: LoopThread):
        self._store = store
        self._config = config
        self._loop = loop
        self._server = build_server(runner)
        self._app: ASGIApp = self._server.streamable_http_app(
            streamable_http_path=MCP_PATH,
            stateless_http=True,
            json_response=True,
            # The sandbox checks credentials itself; its host names are not the loopback ones
            # the package's DNS-rebinding guard allows by default.
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )
        self._running: asyncio.Event | None = None
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    # --- ASGI ------------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
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

    def _refusal(self, scope: Scope) -> Response | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        config = self._config
        munchkin = headers.get("x-marketo-munchkin-id", "").strip()
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            found = self._store.access_token(token.strip())
            valid = (
                found is not None and found[0] == config.client_id and found[1] > self._store.now()
            )
        else:
            valid = _same(headers.get("x-marketo-client-id", ""), config.client_id) and _same(
                headers.get("x-marketo-client-secret", ""), config.client_secret
            )
        if not valid or munchkin.upper() != SANDBOX_MUNCHKIN_ID:
            return JSONResponse(
                {
                    "error": "unauthorized",
                    "message": "Invalid credentials: send X-Marketo-Client-Id,"
                    " X-Marketo-Client-Secret and X-Marketo-Munchkin-Id of a Marketo instance",
                },
                status_code=401,
            )
        if not config.mcp:
            return JSONResponse(
                {
                    "error": "forbidden",
                    "message": f"The MCP server is not enabled for munchkin id {munchkin}",
                },
                status_code=403,
            )
        return None

    # --- on the sandbox's loop ------------------------------------------------------------------
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
            self._running, self._stop = asyncio.Event(), asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())
        await self._running.wait()

    async def _run(self) -> None:
        running, stop = self._running, self._stop
        assert running is not None
        assert stop is not None
        async with self._server.session_manager.run():
            running.set()
            await stop.wait()

    async def _shutdown(self) -> None:
        if self._stop is not None and self._task is not None:
            self._stop.set()
            with contextlib.suppress(Exception):
                await self._task

    def close(self) -> None:
        """Stop the session manager (before the sandbox's loop stops)."""
        if self._task is not None and not self._loop.on_loop():
            with contextlib.suppress(Exception):
                self._loop.run(self._shutdown(), timeout=5)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
