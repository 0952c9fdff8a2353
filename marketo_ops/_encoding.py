"""Turning Python values into what each Marketo API expects on the wire.

* Asset API POSTs are ``application/x-www-form-urlencoded``; object-valued fields (``folder``,
  ``parent``, ``tags``, ``costs``...) travel as compact JSON text inside the form, e.g.
  ``folder={"id":42,"type":"Folder"}``.
* GET filters that are objects (``folder``) are JSON text in the query string; lists of scalars
  (``filterValues``, ``fields``, ``activityTypeIds``) are comma-separated.
* Files and email/landing-page templates are multipart; the lead database takes JSON bodies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

FileTuple = tuple[str, bytes, str]  # (file name, content, content type)


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from models, enums, dates and nested containers (None fields dropped)."""
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, exclude_none=True, mode="json")
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    return value


def json_text(value: Any) -> str:
    return json.dumps(to_jsonable(value), separators=(",", ":"), ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | Enum | date)


def scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return scalar_text(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def field_text(value: Any) -> str:
    """One query or form value: scalars as text, scalar lists comma-joined, objects as JSON."""
    if _is_scalar(value):
        return scalar_text(value)
    if isinstance(value, list | tuple | set | frozenset) and all(_is_scalar(v) for v in value):
        return ",".join(scalar_text(v) for v in value)
    return json_text(value)


def encode_fields(fields: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Query parameters or form fields, in order, without the ``None`` ones."""
    if not fields:
        return []
    return [(name, field_text(value)) for name, value in fields.items() if value is not None]


def multipart_parts(
    fields: Mapping[str, Any] | None, files: Mapping[str, FileTuple] | None
) -> tuple[dict[str, str], dict[str, FileTuple]]:
    """httpx's ``data=`` and ``files=`` for a multipart request."""
    return dict(encode_fields(fields)), dict(files or {})


def join_ids(values: Iterable[Any]) -> str:
    return ",".join(scalar_text(v) for v in values)
