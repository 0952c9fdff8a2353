"""``/identity/oauth/token``: client-credentials tokens.

Wrong credentials answer HTTP 401 ``{"error": "invalid_client", ...}`` as Marketo's identity
service does. A client asking again before its token expires gets the same token with the
remaining lifetime. Token calls are not counted against the limits.
"""

from __future__ import annotations

import math
import uuid

from starlette.responses import JSONResponse

from ..context import Ctx
from ..envelope import JSONBody
from ..routing import operation


def _error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def issue_token(ctx: Ctx) -> JSONResponse | JSONBody:
    params = ctx.params
    grant_type = params.text("grant_type")
    client_id = params.text("client_id") or ""
    client_secret = params.text("client_secret") or ""
    if not grant_type:
        return _error(400, "invalid_request", "Missing grant type")
    if grant_type != "client_credentials":
        return _error(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type}")
    config = ctx.config
    if client_id != config.client_id or client_secret != config.client_secret:
        return _error(401, "invalid_client", "Bad client credentials")
    now = ctx.clock.time()
    with ctx.store.transaction():
        live = ctx.store.live_access_token(client_id, now)
        if live is None:
            token = f"{uuid.uuid4()}:sb"
            expires_at = now + config.token_lifetime
            ctx.store.put_access_token(token, client_id, now, expires_at)
        else:
            token, expires_at = live
    return JSONBody(
        {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": max(0, math.floor(expires_at - now)),
            "scope": config.scope,
        }
    )


operation(
    "GET",
    "/identity/oauth/token",
    "identityUsingGET",
    spec="identity",
    authenticated=False,
    counted=False,
)(issue_token)
operation(
    "POST",
    "/identity/oauth/token",
    "identityUsingPOST",
    spec="identity",
    authenticated=False,
    counted=False,
)(issue_token)
