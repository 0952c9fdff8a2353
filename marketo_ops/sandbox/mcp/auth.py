"""Who may use ``/mcp``: the credentials Adobe's MCP server takes, checked before anything else.

``X-Marketo-Client-Id``, ``X-Marketo-Client-Secret`` and ``X-Marketo-Munchkin-Id`` (the
sandbox's credentials and :data:`~marketo_ops.sandbox.mcp.SANDBOX_MUNCHKIN_ID`), or
``Authorization: Bearer`` with a live access token of the sandbox, standing in for Adobe's IMS
token (the munchkin header is still required). Wrong or missing credentials answer HTTP 401; a
subscription without MCP (``SandboxConfig(mcp=False)``, ``sandbox serve --no-mcp``) answers
HTTP 403 to valid ones, as Adobe's server does for a munchkin id MCP is not enabled for. Both
bodies are JSON ``{"error", "message"}`` and never echo a credential. This module does not load
the ``mcp`` package, so refusals cost nothing.
"""

from __future__ import annotations

import hmac

from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from ..config import SandboxConfig
from ..store.db import Store
from . import SANDBOX_MUNCHKIN_ID


def refusal(scope: Scope, store: Store, config: SandboxConfig) -> Response | None:
    """The 401/403 answer to a request to ``/mcp``, or None when it may proceed."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    munchkin = headers.get("x-marketo-munchkin-id", "").strip()
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        found = store.access_token(token.strip())
        valid = found is not None and found[0] == config.client_id and found[1] > store.now()
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


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
