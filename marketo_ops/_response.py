"""Unwrapping Marketo's response envelope.

Every REST answer is ``{requestId, success, result[], errors[], warnings[], nextPageToken?,
moreResult?}`` with HTTP 200, whether the call worked or not. An empty search is *not* an error:
``success: true``, no ``result`` key, and the warning "No assets found for the given search
criteria." (some lead-database calls answer 702 instead). Both read as an empty result here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

import httpx
from pydantic import BaseModel

from ._logging import logger, redact
from .errors import HTTPStatusError, NotFoundError, make_api_error

M = TypeVar("M", bound=BaseModel)

NO_ASSETS_WARNING: Final = "No assets found for the given search criteria."
NO_DATA_CODE: Final = 702


@dataclass
class APIResponse:
    """A parsed envelope, with the raw ``httpx.Response`` kept for whoever needs headers."""

    operation: str
    success: bool
    request_id: str | None = None
    result: list[Any] = field(default_factory=list)
    has_result: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    next_page_token: str | None = None
    more_result: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    http_response: httpx.Response | None = field(default=None, repr=False, compare=False)
    data: Any = field(default=None, repr=False)  # body of the APIs that answer plain JSON

    @property
    def content(self) -> bytes:
        """The raw body (downloads: bulk export files, import failure and warning CSVs)."""
        return self.http_response.content if self.http_response is not None else b""

    @property
    def is_empty(self) -> bool:
        return not self.result

    def models(self, model: type[M]) -> list[M]:
        return [model.model_validate(item) for item in self.result]

    def first(self, model: type[M]) -> M | None:
        return model.model_validate(self.result[0]) if self.result else None

    def one(self, model: type[M], what: str = "asset") -> M:
        """The first result, or NotFoundError when Marketo found nothing."""
        item = self.first(model)
        if item is None:
            raise NotFoundError(
                NO_DATA_CODE,
                f"No {what} found" + (f": {self.warnings[0]}" if self.warnings else ""),
                request_id=self.request_id,
                operation=self.operation,
            )
        return item

    @classmethod
    def empty(cls, operation: str, request_id: str | None, warning: str) -> APIResponse:
        return cls(operation=operation, success=True, request_id=request_id, warnings=[warning])


def _warning_text(item: Any) -> str:
    if isinstance(item, dict):
        code, message = item.get("code"), item.get("message", "")
        return f"{code}: {message}" if code is not None else str(message)
    return str(item)


def _error_code(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _body_excerpt(response: httpx.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    return redact(text[:200]) or response.reason_phrase or "no body"


def decode_json(response: httpx.Response, operation: str) -> dict[str, Any]:
    """The JSON body, or HTTPStatusError for a gateway page, an empty or a non-object body."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        message = "Marketo did not answer with JSON: " + _body_excerpt(response)
        if response.status_code == 200:
            message = "Marketo answered with a body that is not a JSON object: " + _body_excerpt(
                response
            )
        raise HTTPStatusError(
            response.status_code,
            message,
            operation=operation,
            retry_after=_retry_after(response),
        )
    return data


def parse_envelope(
    response: httpx.Response, operation: str, *, empty_on_no_data: bool = True
) -> APIResponse:
    """Turn an HTTP response into an :class:`APIResponse` or raise the matching error."""
    data = decode_json(response, operation)
    request_id = data.get("requestId")
    errors = [e for e in data.get("errors") or [] if isinstance(e, dict)]
    warnings = [_warning_text(w) for w in data.get("warnings") or []]
    success = bool(data.get("success", response.status_code == 200 and not errors))

    if not success or (errors and "result" not in data):
        first = errors[0] if errors else {"code": 0, "message": "success: false without errors"}
        code = _error_code(first.get("code"))
        if code == NO_DATA_CODE and empty_on_no_data:
            return APIResponse.empty(operation, request_id, str(first.get("message", "")))
        raise make_api_error(
            code,
            str(first.get("message", "")),
            request_id=request_id,
            operation=operation,
            http_status=response.status_code,
            errors=errors,
        )
    if response.status_code != 200:
        raise HTTPStatusError(
            response.status_code,
            _body_excerpt(response),
            operation=operation,
            request_id=request_id,
            retry_after=_retry_after(response),
        )
    for warning in warnings:
        if warning == NO_ASSETS_WARNING:
            logger.debug("%s: %s", operation, warning)
        else:
            logger.warning("%s: Marketo warning: %s (requestId=%s)", operation, warning, request_id)
    result = data.get("result")
    return APIResponse(
        operation=operation,
        success=True,
        request_id=request_id,
        result=list(result) if isinstance(result, list) else ([] if result is None else [result]),
        has_result="result" in data,
        warnings=warnings,
        errors=errors,
        next_page_token=data.get("nextPageToken") or None,
        more_result=bool(data.get("moreResult", False)),
        raw=data,
        http_response=response,
    )


def _raise_for_error_body(
    data: Mapping[str, Any], response: httpx.Response, operation: str
) -> None:
    """Raise the typed error a non-envelope API reports in its JSON body, if any."""
    if data.get("error") and response.status_code in (400, 401, 403):
        raise make_api_error(
            response.status_code if response.status_code != 401 else 601,
            str(data.get("error_description") or data["error"]),
            operation=operation,
            http_status=response.status_code,
        )
    errors = [e for e in data.get("errors") or [] if isinstance(e, dict)]
    if errors or data.get("success") is False:
        first: dict[str, Any] = errors[0] if errors else {"message": "request failed"}
        raise make_api_error(
            _error_code(first.get("code", response.status_code)),
            str(first.get("message", "")),
            request_id=data.get("requestId"),
            operation=operation,
            http_status=response.status_code,
            errors=errors,
        )


def parse_plain_json(response: httpx.Response, operation: str) -> APIResponse:
    """APIs that answer plain JSON instead of the envelope (User Management)."""
    data: Any = None
    if response.content.strip():
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            decode_json(response, operation)  # raises HTTPStatusError with an excerpt
    if isinstance(data, dict):
        _raise_for_error_body(data, response, operation)
    if response.status_code >= 400:
        raise HTTPStatusError(
            response.status_code,
            _body_excerpt(response),
            operation=operation,
            retry_after=_retry_after(response),
        )
    items = data if isinstance(data, list) else ([] if data is None else [data])
    return APIResponse(
        operation=operation,
        success=True,
        result=list(items),
        has_result=data is not None,
        data=data,
        http_response=response,
    )


def parse_download(response: httpx.Response, operation: str) -> APIResponse:
    """A file body (CSV, bytes) unless Marketo answered with an error envelope or status."""
    is_json = "json" in response.headers.get("content-type", "")
    if is_json:
        try:
            data = json.loads(response.content)
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict) and "success" in data:
            return parse_envelope(response, operation)  # raises on success: false
    if response.status_code >= 400:
        raise HTTPStatusError(
            response.status_code,
            _body_excerpt(response),
            operation=operation,
            retry_after=_retry_after(response),
        )
    return APIResponse(operation=operation, success=True, http_response=response)
