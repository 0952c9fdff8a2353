"""The base of every generated model, and the date-time type Marketo's real answers need.

Hand-written; the generated modules (``asset``, ``leads``, ``users``, ``identity``) build on it.

Why the models are this tolerant:

* Marketo adds fields the specs do not list, and omits fields the specs call required (swagger
  and docs disagree), so every field is optional and unknown ones are kept (``model_extra``).
* Some numbers come back where the spec says string (ids in lead-database answers), so numbers
  are accepted for string fields.
* Date-times come in several shapes: ``2017-01-11T20:47:34Z+0000`` (asset API: a ``Z`` *and* an
  offset), ``2024-05-01T10:00:00Z``, ``+0000`` offsets without a colon, and date-only values.
  :data:`MarketoDateTime` reads them all as timezone-aware datetimes (UTC when none is given).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Final

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticUseDefault

__all__ = ["MarketoDateTime", "MarketoModel", "parse_marketo_datetime"]

# "2017-01-11T20:47:34Z+0000": the asset API writes a "Z" followed by the offset.
_Z_THEN_OFFSET: Final = re.compile(r"Z(?=[+-]\d{2}:?\d{2}$)")


def parse_marketo_datetime(value: Any) -> Any:
    """Turn Marketo's date-time text into a timezone-aware ``datetime``.

    Non-text values are left for pydantic to judge (a ``datetime`` passes through, anything
    else fails validation). An empty string means "not set" and becomes ``None``.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    text = _Z_THEN_OFFSET.sub("", text)
    parsed = datetime.fromisoformat(text)  # 3.11: "Z", "+0000", date-only, space separator
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _validate_datetime(value: Any) -> Any:
    parsed = parse_marketo_datetime(value)
    if parsed is None and value is not None:
        raise PydanticUseDefault()  # "" means "not set": the field keeps its default (None)
    return parsed


MarketoDateTime = Annotated[datetime, BeforeValidator(_validate_datetime)]
"""A ``datetime`` read leniently from any of the formats Marketo actually sends."""


class MarketoModel(BaseModel):
    """Base of all Marketo models: snake_case attributes over the API's camelCase names.

    Build a model with either spelling (``Program(folder_id=1)`` or
    ``Program.model_validate({"folderId": 1})``); ``model_dump(by_alias=True)`` gives the wire
    names back, which is what the request encoder sends.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        coerce_numbers_to_str=True,
        protected_namespaces=(),
    )
