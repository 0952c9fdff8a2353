"""Marketo's response-level errors as one exception type.

Handlers and domain code raise :class:`ApiError`; the app turns it into Marketo's envelope
(HTTP 200, ``success: false``, ``errors: [{code, message}]`` with the code as a string). The
helpers below hold the exact messages, so every place that refuses something says it the same
way Marketo does (messages follow Adobe's error-code reference where it gives one).
"""

from __future__ import annotations


class ApiError(Exception):
    """A Marketo response-level error: ``code`` is the numeric code, ``message`` its text."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# --- authentication (not counted against limits) ------------------------------------------------
def token_missing() -> ApiError:
    return ApiError(600, "Access token not specified")


def token_invalid() -> ApiError:
    return ApiError(601, "Access token invalid")


def token_expired() -> ApiError:
    return ApiError(602, "Access token expired")


# --- transport-level answers --------------------------------------------------------------------
def method_not_supported() -> ApiError:
    return ApiError(605, "HTTP Method not supported")


def not_found_resource() -> ApiError:
    return ApiError(610, "Requested resource not found")


def invalid_json() -> ApiError:
    return ApiError(609, "Invalid JSON")


def invalid_content_type() -> ApiError:
    return ApiError(612, "Invalid Content Type")


def invalid_multipart() -> ApiError:
    return ApiError(613, "Invalid Multipart Request")


# --- limits -------------------------------------------------------------------------------------
def rate_limited(calls: int, seconds: int) -> ApiError:
    # Marketo's wording, typo included ("with in").
    return ApiError(606, f"Max rate limit '{calls}' exceeded with in '{seconds}' secs")


def daily_quota() -> ApiError:
    return ApiError(607, "Daily quota reached")


def concurrency_limited() -> ApiError:
    return ApiError(615, "Concurrent access limit reached")


# --- validation and business rules --------------------------------------------------------------
def blank(field: str) -> ApiError:
    return ApiError(701, f"{field} cannot be blank")


def invalid_value(value: object, required_type: str) -> ApiError:
    return ApiError(1001, f"Invalid value '{value}'. Required of type '{required_type}'")


def invalid_data(message: str) -> ApiError:
    return ApiError(1003, message)


def out_of_range(value: object | None = None) -> ApiError:
    """A number no Marketo id can be (past 64 bits): invalid data, never a system error."""
    shown = "" if value is None else f" '{value}'"
    return ApiError(1003, f"Invalid value{shown}: number out of range")


def invalid_date(value: object) -> ApiError:
    return ApiError(704, f"Invalid date format: '{value}'")


def business_rule(message: str) -> ApiError:
    return ApiError(709, message)


def folder_not_found(folder_id: object, folder_type: str = "Folder") -> ApiError:
    return ApiError(710, f"Parent folder not found: {folder_type} {folder_id} does not exist")


def incompatible_folder(message: str) -> ApiError:
    return ApiError(711, f"Incompatible Folder Type: {message}")


def not_found(kind: str, asset_id: object) -> ApiError:
    """An id that names nothing: Marketo answers 702 on asset id lookups."""
    return ApiError(702, f"{kind} {asset_id} not found")


def name_taken(kind: str, name: str, scope: str) -> ApiError:
    return ApiError(709, f"{kind} with name '{name}' already exists {scope}")
