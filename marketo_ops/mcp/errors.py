"""MCP failures as the SDK's error classes, so callers handle them like REST failures.

Three places a failure shows up, in the order they are looked at:

* a tool's error result: Adobe's server runs REST calls, so its refusals carry Marketo's codes
  (the envelope ``{"errors": [{"code", "message"}], "requestId"}`` as structured content or
  JSON text); the code picks the class through the SDK's one table (606 -> RateLimitError, 709
  -> BusinessRuleError...);
* the HTTP status of the MCP endpoint (the ``mcp`` package hides it behind a generic JSON-RPC
  error, so the connection records failed responses): 401 -> AuthenticationError (credentials
  refused), 403 -> FeatureNotEnabledError (MCP not enabled for the munchkin id), other
  statuses -> HTTPStatusError;
* a JSON-RPC error: invalid params (an unknown tool, arguments the server refused) ->
  InvalidRequestError, method not found -> MethodNotSupportedError, timeouts -> APITimeoutError,
  a closed connection -> APIConnectionError.

Messages come from the server; credentials are never part of them (headers are not echoed).
"""

from __future__ import annotations

import json
from typing import Any, Final

from .._logging import redact
from ..errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConnectionFailedError,
    FeatureNotEnabledError,
    HTTPStatusError,
    InvalidRequestError,
    MarketoError,
    MethodNotSupportedError,
    make_api_error,
)
from .types import ToolResult

# JSON-RPC codes (MCP's, from mcp_types; repeated so this module does not load the package).
INVALID_PARAMS: Final = -32602
METHOD_NOT_FOUND: Final = -32601
INTERNAL_ERROR: Final = -32603
CONNECTION_CLOSED: Final = -32000
REQUEST_TIMEOUT: Final = -32001
_CONNECTION_CODES: Final = frozenset({CONNECTION_CLOSED, REQUEST_TIMEOUT})


def leaf(exc: BaseException) -> BaseException:
    """The first real failure inside (nested) exception groups (anyio task groups wrap them)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def operation_of(tool: str) -> str:
    """How an MCP tool call is named in errors and in ``client.stats.by_operation``."""
    return f"mcp:{tool}"


def tool_error(result: ToolResult) -> APIError:
    """The error a tool's error result stands for."""
    operation = operation_of(result.tool)
    body = result.data
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        try:
            code = int(first.get("code", 0))
        except (TypeError, ValueError):
            code = 0
        return make_api_error(
            code,
            redact(str(first.get("message", ""))),
            request_id=body.get("requestId"),
            operation=operation,
            errors=[e for e in errors if isinstance(e, dict)],
        )
    text = body if isinstance(body, str) else json.dumps(body)
    return APIError(0, redact(text) or "the tool failed", operation=operation)


def http_error(
    status: int, text: str, *, url: str, munchkin_id: str | None, operation: str
) -> MarketoError:
    """The error of a non-2xx answer from the MCP endpoint."""
    detail = _server_message(text)
    if status == 401:
        return AuthenticationError(
            401,
            f"Marketo's MCP server refused the credentials: {detail}. Check the client id, client"
            " secret and munchkin id (the REST API's LaunchPoint service)",
            operation=operation,
            http_status=401,
        )
    if status == 403:
        return FeatureNotEnabledError(
            403,
            f"Marketo's MCP server is not enabled for munchkin id {munchkin_id}: {detail}",
            operation=operation,
            http_status=403,
        )
    return HTTPStatusError(
        status, f"the MCP server at {url} answered: {detail}", operation=operation
    )


def _server_message(text: str) -> str:
    try:
        body: Any = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("message", "error_description", "error"):
            if isinstance(body.get(key), str) and body[key]:
                return redact(str(body[key]))
    return redact(" ".join(text.split())[:200]) or "no details"


def rpc_error(code: int, message: str, *, operation: str) -> MarketoError:
    """The error of a JSON-RPC error the server (or the ``mcp`` package) answered."""
    text = redact(message)
    if code == INVALID_PARAMS:
        return InvalidRequestError(code, text, operation=operation)
    if code == METHOD_NOT_FOUND:
        return MethodNotSupportedError(code, text, operation=operation)
    if code == REQUEST_TIMEOUT:
        return APITimeoutError(
            f"Marketo's MCP server did not answer in time: {text}", operation=operation
        )
    if code in _CONNECTION_CODES:
        return APIConnectionError(
            f"the connection to Marketo's MCP server failed: {text}", operation=operation
        )
    return APIError(code, text, operation=operation)


def transport_error(exc: BaseException, *, url: str, operation: str) -> APIConnectionError:
    """httpx2's failures, by name (so this module needs no httpx2 import)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    detail = redact(str(exc)) or type(exc).__name__
    if names & {"ConnectError", "ConnectTimeout", "PoolTimeout"}:
        return ConnectionFailedError(
            f"cannot connect to Marketo's MCP server at {url}: {detail}", operation=operation
        )
    if "TimeoutException" in names:
        return APITimeoutError(
            f"Marketo's MCP server did not answer in time: {detail}", operation=operation
        )
    return APIConnectionError(
        f"the connection to Marketo's MCP server failed: {detail}", operation=operation
    )
