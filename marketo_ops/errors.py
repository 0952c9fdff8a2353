"""The exception hierarchy: one class per family of Marketo error codes.

Marketo reports most failures as HTTP 200 with ``success: false`` and a numeric code in
``errors[]``, so classes are chosen from the body's code first and from the HTTP status only when
there is no envelope (gateway errors, the identity endpoint). Every API error carries the code,
Marketo's message, the ``requestId`` (what Adobe support asks for) and the operation that failed.
Nothing here ever holds a credential or a token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final


class MarketoError(Exception):
    """Base class of every error raised by marketo-ops."""


class ConfigurationError(MarketoError, ValueError):
    """Settings are missing or invalid (no credentials, unknown profile, bad base URL...)."""


class InvalidArgumentError(MarketoError, ValueError):
    """An argument refused before anything is sent (a page size over Marketo's maximum, an
    empty list of ids, a CSV row larger than a bulk import file may be...)."""


class APIConnectionError(MarketoError):
    """The request did not get an answer: DNS, refused or dropped connection, broken body."""

    def __init__(self, message: str, *, operation: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation

    def __str__(self) -> str:
        return _with_context(self.message, operation=self.operation)


class APITimeoutError(APIConnectionError):
    """The request timed out on the client side."""


class ConnectionFailedError(APIConnectionError):
    """No connection could be opened, so the request never reached Marketo."""


class HostNotFoundError(ConnectionFailedError):
    """The host name does not resolve (a typo in the base URL or munchkin id): not retried."""


class HTTPStatusError(MarketoError):
    """A non-200 answer without a Marketo envelope (413, 414, 502, 503...)."""

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        operation: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.operation = operation
        self.request_id = request_id
        self.retry_after = retry_after

    def __str__(self) -> str:
        return _with_context(
            f"HTTP {self.status_code}: {self.message}",
            operation=self.operation,
            request_id=self.request_id,
        )


class DownloadError(MarketoError):
    """A public file URL (an image or file of Design Studio) could not be downloaded.

    ``status`` is the HTTP status of the answer, or ``None`` when no answer came (refused
    connection, unknown host, timeout, a URL that is not http(s)).
    """

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status

    def __str__(self) -> str:
        return self.message


class APIError(MarketoError):
    """Marketo answered ``success: false``.

    ``code`` is Marketo's error code; for failures Marketo reports outside the envelope (the
    identity endpoint's OAuth errors) it is the HTTP status. ``errors`` keeps every error of the
    envelope when Marketo returned several.
    """

    codes: tuple[int, ...] = ()

    def __init__(
        self,
        code: int,
        message: str,
        *,
        request_id: str | None = None,
        operation: str | None = None,
        http_status: int = 200,
        errors: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id
        self.operation = operation
        self.http_status = http_status
        self.errors: list[dict[str, Any]] = [dict(e) for e in errors]

    def __str__(self) -> str:
        return _with_context(
            f"[{self.code}] {self.message}", operation=self.operation, request_id=self.request_id
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code}, message={self.message!r}, "
            f"request_id={self.request_id!r}, operation={self.operation!r})"
        )


class AuthenticationError(APIError):
    """The credentials or the access token were refused (600, 601, 602, identity 401)."""

    codes = (600, 601, 602)


class PermissionDeniedError(APIError):
    """The API user's role lacks the permission, or the workspace is not accessible (603)."""

    codes = (603,)


class MethodNotSupportedError(APIError):
    codes = (605,)


class RateLimitError(APIError):
    """More than 100 calls in 20 seconds on the instance (606): wait for the window."""

    codes = (606,)


class DailyQuotaError(APIError):
    """The instance's daily call quota is spent (607): stop until midnight US Central."""

    codes = (607,)


class ConcurrencyLimitError(APIError):
    """More than 10 calls in flight on the instance (615)."""

    codes = (615,)


class TransientError(APIError):
    """Marketo says the failure is temporary (604, 608, 611, 713, 719)."""

    codes = (604, 608, 611, 713, 719)


class NotFoundError(APIError):
    """The resource does not exist (610, 702, 1004 lead, 1013 object)."""

    codes = (610, 702, 1004, 1013)


class InvalidRequestError(APIError):
    """Marketo rejected the request's content (blank, invalid or missing values...)."""

    codes = (609, 612, 613, 701, 704, 1001, 1002, 1003, 1006)


class FeatureNotEnabledError(APIError):
    codes = (703,)


class SubscriptionError(APIError):
    codes = (614, 616)


class BusinessRuleError(APIError):
    """Marketo's catch-all 709: name already exists, asset in use, not approved..."""

    codes = (709,)


class NameConflictError(BusinessRuleError):
    """A 709 whose message says the name is already taken."""


class FolderError(APIError):
    """The parent folder is missing (710) or cannot hold this kind of asset (711)."""


class ParentFolderNotFoundError(FolderError):
    codes = (710,)


class IncompatibleFolderError(FolderError):
    codes = (711,)


class ConflictError(APIError):
    """The record already exists or several records match (1005, 1007, 1017)."""

    codes = (1005, 1007, 1017)


class ObjectInUseError(APIError):
    codes = (1022,)


class QueueFullError(APIError):
    """A bulk queue is full or busy (1016, 1019, 1029): wait and try again."""

    codes = (1016, 1019, 1029)


_FAMILIES: Final[tuple[type[APIError], ...]] = (
    AuthenticationError,
    PermissionDeniedError,
    MethodNotSupportedError,
    RateLimitError,
    DailyQuotaError,
    ConcurrencyLimitError,
    TransientError,
    NotFoundError,
    InvalidRequestError,
    FeatureNotEnabledError,
    SubscriptionError,
    BusinessRuleError,
    ParentFolderNotFoundError,
    IncompatibleFolderError,
    ConflictError,
    ObjectInUseError,
    QueueFullError,
)

#: Marketo error code -> exception class. The single place where codes meet classes.
CODE_TO_ERROR: Final[Mapping[int, type[APIError]]] = {
    code: family for family in _FAMILIES for code in family.codes
}

_NAME_TAKEN = re.compile(r"already exists|already in use by|duplicate|not unique", re.IGNORECASE)


def error_class_for(code: int, message: str = "") -> type[APIError]:
    family = CODE_TO_ERROR.get(code, APIError)
    if family is BusinessRuleError and _NAME_TAKEN.search(message):
        return NameConflictError
    return family


def make_api_error(
    code: int,
    message: str,
    *,
    request_id: str | None = None,
    operation: str | None = None,
    http_status: int = 200,
    errors: Sequence[Mapping[str, Any]] = (),
) -> APIError:
    return error_class_for(code, message)(
        code,
        message,
        request_id=request_id,
        operation=operation,
        http_status=http_status,
        errors=errors,
    )


def _with_context(
    message: str, *, operation: str | None = None, request_id: str | None = None
) -> str:
    details = [f"operation={operation}"] if operation else []
    if request_id:
        details.append(f"requestId={request_id}")
    return f"{message} ({', '.join(details)})" if details else message


__all__ = [
    "CODE_TO_ERROR",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BusinessRuleError",
    "ConcurrencyLimitError",
    "ConfigurationError",
    "ConflictError",
    "ConnectionFailedError",
    "DailyQuotaError",
    "DownloadError",
    "FeatureNotEnabledError",
    "FolderError",
    "HTTPStatusError",
    "HostNotFoundError",
    "IncompatibleFolderError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "MarketoError",
    "MethodNotSupportedError",
    "NameConflictError",
    "NotFoundError",
    "ObjectInUseError",
    "ParentFolderNotFoundError",
    "PermissionDeniedError",
    "QueueFullError",
    "RateLimitError",
    "SubscriptionError",
    "TransientError",
    "error_class_for",
    "make_api_error",
]
