"""``/mcp``: the sandbox's MCP endpoint over streamable HTTP, as Adobe's server answers it.

Authentication comes first, with the headers Adobe's server takes: ``X-Marketo-Client-Id``,
``X-Marketo-Client-Secret`` and ``X-Marketo-Munchkin-Id`` (the sandbox's credentials and
:data:`SANDBOX_MUNCHKIN_ID`), or ``Authorization: Bearer`` with a live access token of the
sandbox standing in for Adobe's IMS token (the munchkin header is still required). Wrong or
missing credentials answer HTTP 401; a subscription without MCP (``SandboxConfig(mcp=False)``,
``sandbox serve --no-mcp``) answers HTTP 403 to valid ones, as Adobe's server does for a
munchkin id MCP is not enabled for. Both bodies are JSON ``{"error", "message"}``.

Then the ``mcp`` package's streamable-HTTP app serves the MCP messages, on the sandbox's own
loop thread (:mod:`.bridge`).
"""

from __future__ import annotations

import hmac

from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from ..._loop import LoopThread
from ..config import SandboxConfig
from ..store.db import Store
from . import SANDBOX_MUNCHKIN_ID
from .bridge import LoopBridge
from .server import ToolRunner, build_server


class MCPEndpoint:
    """ASGI app for ``/mcp``; see the module docstring."""

    def __init__(self, store: Store, config: SandboxConfig, runner: ToolRunner, loop: LoopThread):
        self._store = store
        self._config = config
        self._bridge = LoopBridge(build_server(runner), loop)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self._bridge(scope, receive, send)

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

    def close(self) -> None:
        self._bridge.close()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
