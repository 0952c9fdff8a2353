"""What every lead-database area shares: timestamps, paging tokens, record reasons, input checks.

The lead database (``/rest/v1``) differs from the asset API in small, pervasive ways, kept here so
every area answers alike:

* timestamps are ISO-8601 UTC with a ``Z`` (``2024-03-01T10:15:00Z``), not the asset API's
  ``...Z+0000``;
* pages are cut by ``batchSize`` (1..300, default 300) and continued with an opaque
  ``nextPageToken``; an unreadable token is refused with 1003;
* record-level outcomes (``status: skipped`` with ``reasons[{code, message}]``) use the codes of
  Adobe's error-code reference, codes as strings;
* batches are limited to 300 records (1003 above that).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Final

from .. import errors
from ..params import Params
from ..timefmt import parse_datetime

MAX_BATCH: Final = 300
"""Records per sync/delete/membership call, and the largest ``batchSize``."""


def iso(epoch: float | None) -> str | None:
    """``2024-03-01T10:15:00Z`` for an epoch time (the lead database's timestamp form)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(epoch: float) -> str:
    """``2024-03-01`` (dates in usage statistics)."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")


def parse_when(value: Any, name: str) -> float:
    """Epoch seconds of an ISO date or datetime parameter; 1003 when it is not one."""
    parsed = parse_datetime(str(value)) if value is not None else None
    if parsed is None:
        raise errors.invalid_data(f"Invalid value for '{name}': '{value}' is not a datetime")
    return parsed


# --- reasons ------------------------------------------------------------------------------------
def reason(code: int, message: str) -> dict[str, str]:
    return {"code": str(code), "message": message}


def skipped(code: int, message: str, **extra: Any) -> dict[str, Any]:
    """A record-level failure: ``{status: skipped, reasons: [...]}`` plus identifying fields."""
    return {**extra, "status": "skipped", "reasons": [reason(code, message)]}


LEAD_NOT_FOUND: Final = (1004, "Lead not found")
LEAD_EXISTS: Final = (1005, "Lead already exists")
MULTIPLE_MATCH: Final = (1007, "Multiple lead match lookup criteria")
NOT_IN_LIST: Final = (1015, "Lead not in list")


def field_not_found(name: str) -> tuple[int, str]:
    return 1006, f"Field '{name}' not found"


# --- paging -------------------------------------------------------------------------------------
def batch_size(params: Params) -> int:
    """``batchSize`` (default and maximum 300)."""
    size = params.integer_or("batchSize", MAX_BATCH)
    if size < 1 or size > MAX_BATCH:
        raise errors.invalid_data(f"Invalid batchSize '{size}': it must be between 1 and 300")
    return size


def encode_token(*parts: object) -> str:
    """An opaque page token (base32, like Marketo's) carrying the position of the next page."""
    text = ":".join(str(part) for part in parts)
    return base64.b32encode(text.encode()).decode().rstrip("=")


def decode_token(token: str, arity: int) -> list[str]:
    """The parts of a token made by :func:`encode_token`; 1003 for anything else."""
    padded = token.strip() + "=" * (-len(token.strip()) % 8)
    try:
        parts = base64.b32decode(padded.upper()).decode().split(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise errors.invalid_data(f"Invalid nextPageToken '{token}'") from None
    if len(parts) != arity:
        raise errors.invalid_data(f"Invalid nextPageToken '{token}'")
    return parts


def after_id(params: Params, kind: str) -> int:
    """The id a page of an id-ordered listing starts after (0 for the first page)."""
    token = params.text("nextPageToken")
    if not token:
        return 0
    parts = decode_token(token, 2)
    if parts[0] != kind:
        raise errors.invalid_data(f"Invalid nextPageToken '{token}'")
    try:
        return int(parts[1])
    except ValueError:
        raise errors.invalid_data(f"Invalid nextPageToken '{token}'") from None


def page_extra(kind: str, items: Sequence[Any], size: int, last: int) -> dict[str, Any]:
    """``nextPageToken``/``moreResult`` for a page of an id-ordered listing.

    ``items`` holds up to ``size + 1`` rows (one more than asked, to know if more exist).
    """
    if len(items) > size:
        return {"nextPageToken": encode_token(kind, last), "moreResult": True}
    return {}


# --- input --------------------------------------------------------------------------------------
def body(params: Params) -> dict[str, Any]:
    """The JSON body as an object (empty when there is none); 609 for a non-object body."""
    payload = params.json_body
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise errors.invalid_json()
    return payload


def input_list(
    params: Params, *, required: bool = True, limit: int = MAX_BATCH
) -> list[dict[str, Any]]:
    """``input`` of a JSON body: a list of objects, at most ``limit`` (1003 above it)."""
    value = body(params).get("input")
    if value is None or value == []:
        if required:
            raise errors.blank("input")
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise errors.invalid_value(value, "List")
    if len(value) > limit:
        raise errors.invalid_data(
            f"Too many records in input: {len(value)} (at most {limit} per call)"
        )
    return value


def id_list(value: Any, name: str, *, limit: int = MAX_BATCH) -> list[int]:
    """Integer ids from ``1,2,3`` text or a JSON list; 1001 for a non-integer."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    ids: list[int] = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            ids.append(int(text))
        except ValueError:
            raise errors.invalid_value(text, "Integer") from None
    if len(ids) > limit:
        raise errors.invalid_data(f"Too many values for '{name}': {len(ids)} (at most {limit})")
    return ids


def input_ids(items: list[dict[str, Any]], key: str = "id") -> list[int]:
    """The integer ``key`` of each input record (1001 for anything else)."""
    ids = []
    for item in items:
        value = item.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise errors.invalid_value(value, "Integer")
        ids.append(value)
    return ids


def text_list(value: Any) -> list[str]:
    """Values from ``a,b,c`` text or a JSON list, blanks dropped."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]
