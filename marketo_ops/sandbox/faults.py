"""Injected faults, reproducible from a seed.

Each call draws one number from a seeded RNG; fault rules (targeted rules first, then blanket
rates) take consecutive shares of [0, 1) in order, and the rule whose share the draw falls in
wins (see :class:`~marketo_ops.sandbox.config.FaultRule`). What each fault looks like:

* ``604``, ``606``, ``608``, ``611``, ``615``, ``713``, ``719``: Marketo's error envelope,
  nothing executed;
* ``http502``/``http503``: a gateway's HTML error page, nothing executed;
* ``drop``: response headers, then the connection closes before any body, nothing executed;
* ``truncate``: the call *is* executed, then the body is cut in the middle, so a client cannot
  know it succeeded (what makes blind retries of creates dangerous).

In-process, a cut connection surfaces to httpx as :class:`httpx.RemoteProtocolError`; over
uvicorn the socket really closes mid-response.
"""

from __future__ import annotations

import random
import threading
from typing import Final

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .config import FaultRule
from .errors import ApiError

ENVELOPE_FAULTS: Final[dict[str, tuple[int, str]]] = {
    "604": (604, "Request time-out"),
    "606": (606, "Max rate limit '100' exceeded with in '20' secs"),
    "608": (608, "API Temporarily Unavailable"),
    "611": (611, "System error"),
    "615": (615, "Concurrent access limit reached"),
    "713": (713, "Transient Error"),
    "719": (719, "Lock wait timeout exception"),
}
GATEWAY_PAGES: Final[dict[str, tuple[int, str]]] = {
    "http502": (502, "Bad Gateway"),
    "http503": (503, "Service Temporarily Unavailable"),
}


class ConnectionDropped(Exception):
    """Raised by the app after a partial response: the transport must look like a cut socket."""


class FaultInjector:
    def __init__(self, rules: tuple[FaultRule, ...], seed: int | None) -> None:
        self.rules = rules
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._injected = [0] * len(rules)

    def pick(self, method: str, path: str, operation_id: str | None) -> str | None:
        if not self.rules:
            return None
        with self._lock:
            draw = self._rng.random()
            edge = 0.0
            for index, rule in enumerate(self.rules):
                if not rule.matches(method, path, operation_id):
                    continue
                if rule.times is not None and self._injected[index] >= rule.times:
                    continue
                edge += rule.probability
                if draw < edge:
                    self._injected[index] += 1
                    return rule.fault
        return None


def envelope_error(fault: str) -> ApiError:
    code, message = ENVELOPE_FAULTS[fault]
    return ApiError(code, message)


def gateway_page(fault: str) -> Response:
    status, title = GATEWAY_PAGES[fault]
    html = (
        f"<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {title}</h1></center>\r\n</body>\r\n</html>\r\n"
    )
    return Response(html, status_code=status, media_type="text/html")


class CutResponse(Response):
    """Sends headers announcing ``body`` and only its first ``keep`` bytes, then drops."""

    def __init__(
        self, body: bytes, keep: int, status_code: int = 200, media_type: str = "application/json"
    ) -> None:
        super().__init__(body, status_code=status_code, media_type=media_type)
        self._keep = max(0, min(keep, len(body) - 1)) if body else 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        if self._keep:
            await send(
                {"type": "http.response.body", "body": self.body[: self._keep], "more_body": True}
            )
        raise ConnectionDropped("sandbox fault: connection dropped mid-response")
