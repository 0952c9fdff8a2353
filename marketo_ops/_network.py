"""What a failed connection means: httpx's transport errors mapped to ours, with a clear message.

The distinction that matters for retries is whether the request can have reached Marketo:

* the host name does not resolve (a typo in the base URL or munchkin id):
  :class:`~.errors.HostNotFoundError`, never retried, it will not start resolving in a second;
* the connection was refused or could not be opened: :class:`~.errors.ConnectionFailedError`,
  safe to retry (nothing was sent) but pointless to retry for long;
* a timeout or a connection dropped after sending: the call may have been carried out.
"""

from __future__ import annotations

import socket
from typing import Final

import httpx

from ._logging import redact
from .errors import APIConnectionError, APITimeoutError, ConnectionFailedError, HostNotFoundError

#: getaddrinfo's answers for a name that does not exist (not "try again later").
_NO_SUCH_NAME: Final = frozenset(
    code
    for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
)


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _connect_reason(exc: httpx.TransportError) -> tuple[str, bool]:
    """A short reason, and whether the host name does not exist."""
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return "host not found", cause.errno in _NO_SUCH_NAME
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused", False
    return redact(str(exc)) or type(exc).__name__, False


def transport_error(
    exc: httpx.TransportError, operation: str, base_url: str | None = None
) -> APIConnectionError:
    """Our error for an httpx transport failure; a connection that never opened is safe to
    retry for any call, and one to a host that does not exist is not worth retrying."""
    where = f"Marketo at {base_url}" if base_url else "Marketo"
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        reason, unknown_host = _connect_reason(exc)
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            reason = "no connection within the timeout"
        advice = (
            " (check the base URL or munchkin id)"
            if unknown_host
            else " (is the base URL right, and the instance reachable from this machine?)"
        )
        cls = HostNotFoundError if unknown_host else ConnectionFailedError
        return cls(f"cannot connect to {where}: {reason}{advice}", operation=operation)
    detail = redact(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"{where} did not answer in time: {detail}", operation=operation)
    return APIConnectionError(f"the connection to {where} failed: {detail}", operation=operation)
