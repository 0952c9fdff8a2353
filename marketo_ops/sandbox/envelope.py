"""Marketo's response envelope.

Every REST answer (except identity) is HTTP 200 with ``requestId``, ``success``, ``errors``
(``[{code: "709", message}]``, the code a string), ``warnings`` and, on success, ``result``.
An empty search or page is still a success, with no ``result`` key and the warning
"No assets found for the given search criteria.". Request ids look like Marketo's
(``e42b#14272d07d78``: a hex sequence, ``#``, the hex millisecond clock).
"""

from __future__ import annotations

import itertools
import json
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from starlette.responses import Response

from .._clock import Clock
from .errors import ApiError

NO_ASSETS: Final = "No assets found for the given search criteria."


@dataclass
class Envelope:
    """A handler's answer when a bare result list is not enough."""

    result: list[dict[str, Any]] | None = None
    warnings: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """Additional top-level members (``nextPageToken``, ``moreResult``) for later API areas."""


class RequestIds:
    """Marketo-shaped request ids, unique within a sandbox."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._counter = itertools.count(random.SystemRandom().randrange(0x1000, 0xFFFF))

    def next(self) -> str:
        with self._lock:
            number = next(self._counter) & 0xFFFFF
        return f"{number:x}#{int(self._clock.time() * 1000):x}"


def success_body(request_id: str, envelope: Envelope) -> dict[str, Any]:
    body: dict[str, Any] = {"requestId": request_id, "success": True, "errors": []}
    warnings = list(envelope.warnings)
    if envelope.result:
        body["result"] = envelope.result
    elif envelope.result is not None and not warnings:
        warnings.append(NO_ASSETS)
    body["warnings"] = warnings
    body.update(envelope.extra)
    return body


def error_body(request_id: str, failures: Sequence[ApiError]) -> dict[str, Any]:
    return {
        "requestId": request_id,
        "success": False,
        "errors": [{"code": str(error.code), "message": error.message} for error in failures],
        "warnings": [],
    }


class JSONBody(Response):
    """``application/json`` with Marketo's compact separators; keeps the dict for validators."""

    media_type = "application/json"

    def __init__(self, body: dict[str, Any], status_code: int = 200) -> None:
        self.body_json = body
        super().__init__(
            json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            status_code=status_code,
            media_type="application/json;charset=UTF-8",
        )


def error_response(request_id: str, error: ApiError) -> JSONBody:
    return JSONBody(error_body(request_id, [error]))


USER_API_PREFIX: Final = "/userservice/"
USER_API_STATUS: Final[dict[int, int]] = {
    600: 401,
    601: 401,
    602: 401,
    603: 403,
    604: 504,
    605: 405,
    606: 429,
    607: 429,
    608: 503,
    610: 404,
    611: 500,
    615: 429,
    702: 404,
    709: 409,
    713: 503,
    719: 503,
    1004: 404,
    1013: 404,
    1017: 409,
}
"""HTTP status of a User Management failure by Marketo code; any other code is a 400."""


def user_error_response(error: ApiError) -> Response:
    """A User Management failure, whatever refused it (auth, limits, body parsing, rules).

    Adobe's User Management guide: "If a call fails, a non-200 level status code is returned and
    the response body contains the standard errors array with error code and descriptive error
    message"; the user spec's ``Error`` definition types ``code`` as an integer. No
    ``success``/``requestId`` envelope, unlike the other APIs.
    """
    status = getattr(error, "status", None) or USER_API_STATUS.get(error.code, 400)
    body = json.dumps(
        {"errors": [{"code": error.code, "message": error.message}]},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return Response(body, status_code=status, media_type="application/json;charset=UTF-8")
